# The Telegram bot. Messages are sent in Telegram's HTML parse mode: the
# markup here (<b>, <code>) is the only markup; every value put into a
# message is escaped before it goes in.

## The command menu
bot-command-start = Register or open the main menu
bot-command-log = Log an activity
bot-command-stats = Your points, ranks and standings
bot-command-profile = Your details and activity history
bot-command-mydata = A copy of everything stored about you
bot-command-feedback = Tell the organisers what you think
bot-command-language = Change the language (kieli)
bot-command-help = How the bot works
bot-command-cancel = Stop what you are doing and go back to the menu

## Buttons
bot-button-menu = 🏠 Menu
bot-button-log = 📝 Log activity
bot-button-stats = 📊 Stats
bot-button-profile = 👤 Profile
bot-button-feedback = 💬 Feedback
bot-button-points = ❓ How points work
bot-button-terms = 📄 Terms
bot-button-about = ℹ️ About
bot-button-register = ✅ Register
bot-button-language = 🌐 Language · Kieli
bot-button-accept = ✅ Accept
bot-button-decline = ❌ Decline
bot-button-cancel = ✖ Cancel
bot-button-join = ✅ Join
bot-button-other-guild = ↩ Pick another guild
bot-button-history = 📜 Activity history
bot-button-delete-account = 🗑 Delete my account
bot-button-appear-anonymous = 🕶 Appear as anonymous in lists
bot-button-show-my-name = 👤 Show my name in lists
bot-button-my-data = 📦 A copy of my data
bot-button-newer = ◀ Newer
bot-button-older = Older ▶
bot-button-yes-delete = 🗑 Yes, delete
bot-button-keep-it = ↩ Keep it
bot-button-delete-everything = 🗑 Yes, delete everything
bot-button-keep-account = ↩ No, keep my account
bot-button-categories = ↩ Categories
bot-button-back = ↩ Back
bot-button-intensity = { $intensity } · { $met } MET
bot-button-confirm = ✅ Confirm
bot-button-change-duration = ⏱ Change duration
bot-button-repeat = 🔁 { $activity } { $minutes } min
bot-button-favourite = 📌 { $activity } { $minutes } min
bot-button-pin = 📌 { $number }
bot-button-unpin = 📌✖ { $number }
bot-button-change-date = 📅 Change date
bot-button-change-intensity = 💪 Change intensity
bot-button-change-activity = 🔄 Change activity
bot-button-browse-all = 📚 Browse all
bot-button-me = 👤 Me
bot-button-top = 🏆 Top 10
bot-button-guilds = 🏰 Guilds
bot-button-my-guild = 👥 My guild
bot-button-stats-app = 📱 Open the stats app

## Everywhere
bot-menu =
    🏠 <b>Main menu</b>
    What would you like to do?
bot-apology = 😕 Sorry, something went wrong on our side. Nothing was lost; please try again in a moment.
bot-slow-down = ⏳ That was a lot of messages at once. Please wait a few seconds and try again.
bot-private-only = I only work in private chats. Message me directly to take part.
bot-stale-button = That button is from an older message and no longer applies. Here is where you are now.
bot-edited-message = ✏️ I don't act on edited messages. Please send it again as a new message.
bot-not-registered = You are not registered yet. Tap <b>Register</b> (or send /start) to join the challenge first.
bot-unsupported = I can't read { $kind ->
        [sticker] a sticker
        [voice] a voice or audio message
        [photo] a photo without a caption
        [video] a video
        [file] a file
        [location] a location
        [contact] a contact
       *[other] this kind of message
    }; I understand text and buttons.
bot-unsupported-resume = { $line } Here is where you were:
bot-cancelled = Cancelled. Nothing was saved from that step.
bot-nothing-to-cancel = Nothing to cancel.
bot-unknown-command = I don't know that command. Send /help to see what I can do.
bot-use-buttons = Please use the buttons below to answer, or send /cancel to stop.
bot-help-title = ❓ <b>How to use the bot</b>
bot-help-shortcut = Shortcut: type an activity, e.g. <code>swim</code> or <code>running 30</code>: one clear match goes straight to its review, otherwise pick from the matches. Or send the workout file from your watch or app (FIT, GPX, TCX).
bot-today = Today

## Language
bot-language-choose = 🌐 <b>Language · Kieli</b>
    Which language should I use with you?
    Millä kielellä puhun sinulle?
bot-language-chosen = 🌐 I will speak English with you from now on.

## Information
bot-terms =
    📄 <b>Terms of participation</b>

    • You log only activities you really did, with honest durations.
    • Organisers may correct or remove entries that break the rules.

    🔒 <b>What is stored, why, and for how long</b>
    • For the competition: your Telegram id, first and last name, username, guild, the language you chose, and each activity (what, when, how long, points; for a workout file only the sport, start, duration, distance and a fingerprint of the file to spot duplicates, never the route). Your feedback, if you give any. The activities you pin to the menu. Your final place and points in each ended season, for the hall of fame. Where you are in a conversation with the bot, so that a restart does not lose it.
    • Your first name, guild and points appear on the leaderboards; choose “anonymous” in /profile to be listed without your name. Organisers see everything above; their changes are recorded.
    • It is kept for the competition and its results (an archived competition keeps its activities) until you delete your account in /profile, which removes all of it at once (an ended season's results keep your place, without anything that names you). Backups of the database keep a copy for up to 30 days (as the organisers configure), then are deleted.
    • /mydata sends you a copy of everything stored about you.
bot-about =
    ℹ️ <b>About</b>

    Activity Challenge is a friendly competition between guilds. Log your exercise, earn points for your guild and see how everyone is doing.

    Points follow the 2024 Adult Compendium of Physical Activities.

    ⌚ You can also send a workout file (FIT, GPX or TCX, also .gz) from your watch, bike computer or app. Only what scoring needs is kept: the sport, the start time, the moving time, the distance and a fingerprint (hash) of the file to spot duplicates. The GPS track is never stored.
bot-points-title =
    ❓ <b>How points work</b>

    Every activity has a MET value (how many times more energy it takes than sitting still), from the 2024 Adult Compendium of Physical Activities. Points are MET-hours:

    <b>points = MET × minutes ÷ 60</b>, rounded to two decimals.

    Examples:
bot-points-example = • { $minutes } min of { $activity }: { $formula }
bot-points-bands = Light is below 4 MET, moderate 4 to 7, vigorous 7 and up. Your guild is ranked by its points per configured member.
bot-rules-title = 📏 <b>Rules of { $competition }</b>
bot-formula = { $met } MET × { $minutes } min ÷ 60 = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }

## Registration
bot-welcome-back = 👋 Welcome back, { $name }!
bot-registration-closed = 👋 Hello! The { $competition } ended on { $end }, so registration is closed. Thanks for your interest!
bot-register-terms =
    👋 Hello { $name }! Welcome to the Activity Challenge.

    { $terms }

    Do you accept these terms?
bot-no-guilds = There are no guilds open for registration yet. Please try again later (send /start).
bot-pick-guild =
    🏰 <b>Pick your guild</b>
    Your points count for the guild you choose.
bot-confirm-guild = You are joining <b>{ $guild }</b> as { $name }. Is that right?
bot-already-registered = You are already registered.
bot-declined = No problem. You can register any time with /start.
bot-guild-gone = That guild is no longer open; pick another.
bot-registered =
    🎉 Welcome to <b>{ $guild }</b>, { $name }! You are registered.
    Log your first activity with the button below or by typing e.g. <code>running 30</code>.

## Logging
bot-no-competition = There is no competition running right now, so there is nothing to log yet. Watch for the organisers' announcement!
bot-competition-not-started = ⏳ { $competition } starts on { $start } (in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }). You can log activities from that day on.
bot-competition-finished = 🏁 { $competition } ended on { $end }, so no more activities can be logged. Thanks for taking part! Your stats are still here.
bot-log-categories =
    📝 <b>Log an activity</b>
    Pick a category (or just type an activity, e.g. <code>swim 45</code>):
bot-log-activities = <b>{ $category }</b> — pick an activity:
bot-log-activities-page = <b>{ $category }</b> (page { $page } of { $pages }) — pick an activity:
bot-log-intensities = <b>{ $activity }</b> — how hard was it?
bot-log-intensity-line = • <b>{ $intensity }</b> ({ $met } MET): { $description }
bot-log-date =
    <b>{ $activity }</b> ({ $met } MET)
    📅 When did you do it? Pick a day in { $month } or type a date (YYYY-MM-DD). You can log days from { $first } to { $last }.
bot-log-duration =
    <b>{ $activity }</b> on { $date }
    ⏱ How long? Tap a duration or type it, e.g. <code>45</code> or <code>1h30</code>.
bot-log-review =
    🧾 <b>Check and confirm</b>

    Activity: { $activity }
    Date: { $date }
    Duration: { $duration }
    Points: <b>{ $points }</b> ({ $formula })
bot-date-not-understood = ⚠️ "{ $text }" is not a date I understand. Type it as YYYY-MM-DD, e.g. { $example }, or tap a day.
bot-date-refused = That date cannot be logged.
bot-date-no-longer = That date can no longer be logged.
bot-quick-duration-problem = ⚠️ { $problem } You can pick the duration after the activity.
bot-quick-not-found = 🤔 I couldn't find an activity matching "{ $query }". Tap <b>Log activity</b> to browse the catalogue, or send /help.
bot-quick-choice = { $activity } ({ $category })
bot-quick-which-for = Which one did you do for { $duration }?
bot-quick-which = Which one did you mean?
bot-already-logged = Already logged.
bot-logged-notice = Logged!
bot-review-out-of-date = This review is out of date (you started something else), so nothing was logged from it.
bot-logged =
    ✅ <b>Logged!</b> { $activity } — { $duration } on { $date }: <b>+{ $points }</b> points.

    🏅 Your total: <b>{ $total }</b> points, rank { $rank } of { $participants }.

## Workout files
bot-workout-card = ⌚ <b>Your workout</b> ({ $format } file)
bot-workout-unknown-sport = ❓ { $sport }
bot-workout-km = { $km } km
bot-workout-points = → <b>{ $points }</b> points
bot-workout-left-out = Left out: { $parts }.
bot-workout-ask = Log it?
bot-workout-ask-pick = I don't know which activity this sport is. Pick it, and the date and duration stay as they are.
bot-workout-which = Which part?
bot-workout-pick-category = Which activity was the { $sport } on { $date } ({ $minutes } min)? Pick a category, or type the activity's name.
bot-workout-search-none = 🤔 No activity matches “{ $query }”. Pick a category instead.
bot-workout-dropped = 🗑 Dropped. Nothing was logged from this file.
bot-workout-not-logged = Nothing was logged.
bot-workout-logged =
    ✅ <b>Logged!</b> { $count ->
        [one] One entry
       *[other] { $count } entries
    } from your file: <b>+{ $points }</b> points.

    🏅 Your total: <b>{ $total }</b> points, rank { $rank } of { $participants }.
bot-button-workout-log = ✅ Log it
bot-button-workout-drop = 🗑 Drop
bot-button-workout-back = ↩ Back to the card
bot-button-workout-pick = ❓ Pick the activity for { $sport }

## Feedback
bot-feedback-ease = How <b>easy to use</b> is the bot?
bot-feedback-usefulness = How <b>useful</b> is the challenge for you?
bot-feedback-overall = How <b>satisfied</b> are you overall?
bot-feedback-question =
    💬 <b>Feedback</b> ({ $step } of 4)

    { $question }
    1 = poor, 5 = excellent.
bot-feedback-text =
    💬 <b>Feedback</b> (4 of 4)

    Finally, tell us in your own words what works and what could be better (10 to 2000 characters). Send /cancel to stop.
bot-feedback-thanks = 🙏 Thank you! Your feedback was sent to the organisers.
bot-feedback-again =
    { $problems }

    Please send your feedback again; nothing was saved yet.

## Profile
bot-profile =
    👤 <b>Your profile</b>

    Name: { $name }
    Username: { $username }
    Guild: { $guild }
    Points: <b>{ $points }</b>
    Activities logged: { $count }
    Registered: { $registered }
    In public lists: { $listed ->
        [anonymous] as “anonymous”
       *[name] by your first name
    }
bot-history-title = 📜 <b>Your activities</b> (page { $page } of { $pages })
bot-history-empty = Nothing logged yet. Tap Log activity in the menu to start.
bot-history-line = { $number }. { $date } — { $activity } — { $minutes } min — <b>{ $points }</b> points
bot-history-pin-help = 📌 pins an activity with its intensity and duration to the top of the menu (up to { $max }); 📌✖ unpins it.
bot-favourite-pinned = 📌 { $activity } { $minutes } min is pinned: first in the menu.
bot-favourite-unpinned = { $activity } is no longer pinned.
bot-account-already-deleted = That account is already deleted.
bot-delete-activity-question =
    Delete this activity?

    { $date } — { $activity } — { $minutes } min — { $points } points

    Its points come off your total.
bot-activity-gone = That activity is already gone.
bot-activity-deleted = Deleted. Your total is now { $total }.
bot-delete-account-question =
    ⚠️ <b>Delete your account?</b>

    Your registration, all your activities and your feedback will be deleted for good, and your points leave your guild's total. This cannot be undone.
bot-account-deleted = Your account is deleted, with { $activities ->
        [one] { $activities } activity
       *[other] { $activities } activities
    } and { $feedback ->
        [one] { $feedback } feedback entry
       *[other] { $feedback } feedback entries
    }. Thank you for taking part! You can register again any time with /start.

## Stats
bot-stats-me =
    📊 <b>Your stats</b>

    Points: <b>{ $points }</b>
    Rank: { $rank } of { $participants }
bot-stats-level-with = , level with { $names }
bot-stats-others = { $count ->
        [one] { $count } other
       *[other] { $count } others
    }
bot-stats-and = { $first } and { $last }
bot-stats-no-guild = no guild
bot-stats-guild-rank = In { $guild }: { $rank } of { $participants }
bot-stats-above = ⬆️ Just above: #{ $rank } { $name } with { $points } ({ $gap } ahead)
bot-stats-below = ⬇️ Just below: #{ $rank } { $name } with { $points } ({ $gap } behind)
bot-stats-start-climbing = Log an activity to start climbing!
bot-stats-nobody = Nobody has points yet — be the first!
bot-stats-more-level = …and { $count } more level on { $points } points.
bot-stats-top-title = 🏆 <b>Top 10</b>
bot-stats-guild-top-title = 👥 <b>Top 10 of { $guild }</b>
bot-stats-guilds-title =
    🏰 <b>Guild standings</b>
    Average points per member · participation
bot-stats-guilds-title-composite =
    🏰 <b>Guild standings</b>
    Score · average points per member · participation
bot-stats-no-guilds = No guilds yet.
bot-stats-participation = { $percent }% ({ $active } of { $configured })
bot-stats-participation-over = { $percent }% ({ $active } active, guild size set to { $configured })
bot-stats-guild-closed = Your guild, { $guild }, is closed by the organisers, so it is not ranked here. Your points and your ranks still count.

## Own data and public lists
bot-anonymous = anonymous
bot-anonymous-on = 🕶 You appear as “anonymous” in public lists now.
bot-anonymous-off = 👤 Your first name is shown in public lists again.
bot-mydata-sent = 📦 Sent: the file is in this chat.
bot-mydata-caption = 📦 Everything stored about you, as a JSON file. /profile lets you delete your account.
bot-mydata-about = Everything Activity Challenge stores about you: your registration, the language you chose, where your conversation with the bot stands, your activities (also those of earlier competitions), your feedback, the activities you pinned to the menu, your results in ended seasons, and any of your entries flagged for the organisers' review with the notices about them, and your reminder and weekly summary settings. Delete your account in the bot's /profile to remove it all.

## Inline search: "@bot swim" in any chat.
bot-inline-description = { $met } MET · { $category }
bot-inline-message = { $activity } · { $met } MET
    Log it in { $bot }: send “{ $example }”.
bot-inline-message-plain = { $activity } · { $met } MET
    Log it in the challenge bot: send “{ $example }”.
bot-stats-streak = 🔥 Streak: { $current ->
        [one] 1 day
       *[other] { $current } days
    } in a row (your longest: { $longest })
bot-stats-streak-over = 🔥 No streak right now: log an activity today to start one (your longest: { $longest })
bot-logged-streak = 🔥 { $days } days in a row!
bot-button-seasons = 🏛 Past seasons
bot-stats-seasons-title = 🏛 <b>Past seasons</b>
bot-stats-seasons-none = No season has ended yet. When the organisers end one, its final standings stay here.
bot-stats-season-heading = <b>{ $name }</b> ({ $start } – { $end })
bot-stats-season-former = a former participant
bot-stats-season-mine = You: { $rank } of { $participants }, { $points } points
bot-stats-season-not-in = You had no points in this season.
bot-stats-season-mine-older = { $name }: you were { $rank } of { $participants } with { $points } points
bot-notice-entry-rejected = ℹ️ An organiser removed your entry { $activity }: { $reason }. Its points are no longer in your total.

## Alerts to the organisers' chat (ADMIN_ALERT_CHAT_ID)
alert-job-failed = ⚠️ The job <b>{ $job }</b> failed: { $error }
    It is tried again { $retries } more { $retries ->
        [one] time
       *[other] times
    }, with growing pauses.
alert-job-parked = 🛑 The job <b>{ $job }</b> failed every try and is parked: { $error }
    Fix the cause, then retry it from the admin panel's queue page.
alert-database-down = 🛑 The database has not answered for { $minutes } minutes: { $error }
    Participants cannot log activities until it answers. See the operations guide's troubleshooting section.
alert-database-back = ✅ The database answers again, after { $minutes } minutes.
