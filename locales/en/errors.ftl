# Refusals and validation messages from the rules and the actions: the
# panel, the bot and the API show them in their reader's language; the CLI
# and the logs in English.

## Form fields, as named inside messages.
label-guild-name = The guild name
label-competition-name = The competition name
label-description = The description
label-start-date = The start date
label-end-date = The end date
label-ease-of-use = Ease of use
label-usefulness = Usefulness
label-overall-satisfaction = Overall satisfaction
label-your-feedback = Your feedback

err-field-required = { $label } is required; please fill it in.
err-field-too-short = { $label } must be at least { $min } characters; you wrote { $count }. Please add a little more.
err-field-too-long = { $label } can be at most { $max } characters; you wrote { $count }. Please shorten it.

## Feedback
err-rating-out-of-range = { $label } must be rated from 1 to 5, but it was { $value }. Pick a number from 1 (poor) to 5 (excellent).
err-rating-invalid = The rating "{ $text }" is not valid. Pick a whole number from 1 (poor) to 5 (excellent).

## Guilds
err-guild-name-control = The guild name contains a line break, tab or other control character. Type the name on one line without them.
err-guild-size-below-registered = { $registered } participants are registered in { $name }, more than the { $members } configured members: its participation would show as { $percent } % and its average would be inflated. Check the guild's real size; confirm to save { $members } anyway.
err-member-count-required = The member count is required. Enter how many people belong to the guild, for example 25.
err-member-count-negative = The member count must be greater than 0, but it was { $text }. Enter how many people belong to the guild, for example 25.
err-member-count-not-number = The member count "{ $text }" is not a whole number. Enter digits only, for example 25.
err-member-count-zero = The member count must be greater than 0. Enter how many people belong to the guild, for example 25.
err-member-count-too-large = The member count { $text } is too large; the maximum is 1,000,000. Enter the guild's real size.

## Competitions and dates
err-end-before-start = The end date { $end } is before the start date { $start }. Pick an end date on or after the start date.
err-competition-too-long = The competition would last { $days } days; at most { $max } are possible. Check the years of both dates.
err-date-required = { $label } is required. Write it as YYYY-MM-DD, for example 2025-09-01.
err-date-format = { $label } "{ $text }" is not in the format YYYY-MM-DD. Write it like 2025-09-01.
err-date-not-in-calendar = { $label } { $text } does not exist in the calendar. Check the month and day (format YYYY-MM-DD, for example 2025-09-01).
err-date-years = { $label } { $text } is not in the years { $first }–{ $last }. Check the year.
err-time-zone-required = The time zone is required. Use an IANA name such as "Europe/Helsinki".
err-time-zone-unknown = "{ $input }" is not a known time zone. Use an IANA name such as "Europe/Helsinki".
err-date-before-start = The competition started on { $start }, so activities before that do not count. Pick a date between { $start } and today.
err-date-after-end = The competition ends on { $end }, so later dates do not count. Pick a date up to today, no later than { $end }.
err-date-in-future = { $today } is today, so you cannot log activities for later dates. Pick today or an earlier day.
err-competition-not-started = The competition starts on { $start }. You can log activities from that day on.
err-competition-finished = The competition ended on { $end }, so no more activities can be logged. Contact an admin if an entry is missing.

## Durations
err-duration-empty = Please enter how long you exercised, for example "45" or "1h30".
err-duration-zero = Duration must be at least 1 minute. Enter the time you exercised, for example "30".
err-duration-negative = Duration cannot be negative. Enter the time you exercised, for example "45".
err-duration-too-long = { $minutes } minutes is too long: the maximum is 1440 minutes (24 h) per entry. Split a longer activity into entries of up to 24 h each, for example "12h".
err-duration-far-too-long = That is far too long: the maximum is 1440 minutes (24 h) per entry. Split a longer activity into entries of up to 24 h each, for example "12h".
err-duration-ambiguous = "{ $input }" is ambiguous: minutes or hours? Write minutes as a whole number or add a unit, for example "90" or "1h30".
err-duration-fractional-minutes = Minutes must be a whole number; "{ $input }" has a fraction. Round it, for example "11 min".
err-duration-minutes-range = The minutes part must be between 0 and 59, but it was { $minutes }. Carry whole hours over, so 1 hour 75 minutes becomes "2:15".
err-duration-unrecognised = "{ $input }" is not a duration I understand. Write minutes or hours and minutes, for example "45", "45 min", "1h30" or "1:30".

## Admin accounts
role-viewer = viewer
role-organiser = organiser
role-database-admin = database admin
err-admin-name-length = The admin's name must be 1 to 64 characters long.
err-admin-name-spaces = The admin's name cannot contain spaces or control characters.
err-admin-password-short = The password is too short: use at least { $min } characters (a few random words work well).
err-admin-password-long = The password is too long: use at most 1024 bytes.

## Things that are not there
err-no-participant = There is no participant #{ $id }.
err-no-admin-id = There is no admin #{ $id }.
err-no-admin-named = There is no admin called “{ $name }”.
err-no-guild-id = There is no guild #{ $id }.
err-no-guild-named = There is no guild called “{ $name }”.
err-no-competition = There is no competition #{ $id }.
err-no-activity = There is no activity #{ $id }.
err-no-activity-to-delete = There is no activity #{ $id } to delete.
err-no-feedback = There is no feedback #{ $id }.
err-no-api-token = There is no API token { $id }.
err-no-backup = There is no backup called "{ $name }" in { $dir }; pick one from the list.
err-no-table = There is no table called "{ $name }"; `db health` or the Database page lists them.

## Clashes and refusals
err-admin-exists = An admin called “{ $name }” already exists.
err-admin-exists-any-case = An admin called “{ $name }” already exists (names are compared without case).
err-last-database-admin = “{ $name }” is the only database admin; give another admin that role first.
err-role-too-low = Your role ({ $own }) cannot do this; it needs the { $needed } role. Ask a database admin to change your role if you need it.
err-organisers-only = Only organisers can do this.
err-login-wrong = The name or password is wrong. Check both and try again.
err-login-expired = The sign-in took too long or was already completed. Log in again.
err-login-code-wrong = The code is wrong or was already used. Type the six digits your authenticator app shows now.
err-totp-own-only = Two-factor sign-in is set up by each admin in the panel.
err-totp-start-first = Start the set-up first: press “Set up two-factor sign-in”.
err-totp-code-mismatch = That code does not match. Check that the app's clock is right and type the six digits it shows now.
err-totp-off-code = Type the six digits your authenticator app shows now to turn two-factor sign-in off.
err-guild-exists = A guild called “{ $name }” (or the same name with other capitals or spaces) already exists. Pick another name.
err-guild-near-duplicate = A guild called “{ $name }” already exists; names that differ only in capitals or spaces count as the same guild. Pick another name, or edit that guild.
err-guild-changed = The guild “{ $name }” was changed by someone else (now version { $version }).
err-guild-has-members = The guild “{ $name }” has { $members } members; move them to another guild or close it for registration instead.
err-guild-closed = The guild “{ $name }” is closed for registration; pick another guild.
err-guild-stale = Someone else changed this guild after you opened it (you had version { $yours }, it is now version { $now }). Saved now: name "{ $saved_name }", { $saved_members } configured members. Yours: name "{ $your_name }", { $your_members } configured members. Nothing was saved; the form now shows your values against the saved version, so saving again keeps yours.
err-competition-changed = The competition “{ $name }” was changed by someone else (now version { $version }).
err-competition-read-only = “{ $name }” ended on { $end }, so it is read-only; its results stay as they are. Create a new competition instead.
err-activation-passed = The activation day { $day } has passed (today is { $today }); pick today or a later day.
err-activation-after-end = The activation day { $day } is after the competition's last day { $end }.
err-competition-stale = Someone else changed this competition after you opened it (you had version { $yours }, it is now version { $now }). Saved now: name "{ $saved_name }", { $saved_start } – { $saved_end } ({ $saved_zone }), description "{ $saved_description }". Yours: name "{ $your_name }", { $your_start } – { $your_end } ({ $your_zone }), description "{ $your_description }". Nothing was saved; the form now shows your values against the saved version, so saving again keeps yours.
err-competition-running-dates = The competition is running. Changing it from { $from_start } – { $from_end } ({ $from_zone }) to { $start } – { $end } ({ $zone }) changes which days participants can log; confirm to save.
err-competition-already-active = “{ $name }” is already the active competition.
err-competition-delete-active = “{ $name }” is the active competition; make another one active before deleting it.
err-no-competition-to-log = There is no competition running right now, so nothing can be logged.
err-no-competition-to-change = There is no competition running right now, so nothing can be changed.
err-competition-over-entries = The competition is over; entries can no longer change.
err-log-for-yourself-only = You can log activities only for yourself.
err-correction-note-required = Say why the entry is added (it is stored with the activity and in the audit log).
err-edit-reason-required = Activity #{ $id } was not changed: give a reason (it goes to the audit log).
err-delete-reason-required = Activity #{ $id } was not deleted: give a reason (it goes to the audit log).
err-activity-stale = Someone else changed activity #{ $id } after you opened it. Saved now: { $activity } on { $date }, { $minutes } min, { $points } points. Nothing was saved; check the form and save again to keep yours.
err-activity-in-progress = The activity is being logged right now; try again.
err-activity-unconfirmed = The activity could not be confirmed; try again.
err-feedback-participants-only = Only participants give feedback.
err-delete-own-account-only = You can delete only your own account.
err-own-data-only = You can see and change only your own data.
err-favourite-not-in-catalogue = That activity is not in the catalogue any more, so it cannot be pinned.
err-favourites-full = You can pin up to { $max } activities. Unpin one first (📌✖ in your history).
err-favourite-not-pinned = That activity is not pinned any more.
err-cleanup-nobody-ticked = Nobody was ticked, so nothing was deleted.
err-cleanup-none-ticked = No participant was ticked; tick the ones to remove.
err-cleanup-changed = Some of the ticked participants are no longer test users (or were already removed); nothing was deleted. Reload the preview and try again.
err-export-dates-swapped = The “to” date { $to } is before the “from” date { $from }; swap them.
err-maintenance-locks = This takes exclusive locks: the bot and the panel wait until it ends. Confirm to run it, in a quiet hour.
err-idle-time-range = Give an idle time between 1 second and 7 days, e.g. 5m.
err-needs-postgres = { $what } needs PostgreSQL; DATABASE_URL points at SQLite.

## Workout files
err-workout-too-large = The file is { $size } MB; Telegram lets bots receive files of up to { $limit } MB. Export the activity alone (not a whole archive), or compress it with gzip.
err-workout-unknown-format = This is not a workout file I can read. Send a FIT, GPX or TCX file (also .gz), exported from your watch, bike computer or app.
err-workout-corrupt = The { $format } file is damaged or incomplete ({ $detail }). Export the activity again and send the new file.
err-workout-not-an-activity = This { $format } file holds { $what ->
        [settings] device settings
        [course] a course (a planned route)
        [planned-workout] a planned workout
        [monitoring] daily activity monitoring
        [totals] lifetime totals
        [health] health readings
        [device] device information
        [segments] segments
        [waypoints] only waypoints
        [route] a planned route
        [empty-track] an empty track
        [no-session] no recorded session
        [no-activity] no activity
       *[other] a “{ $what }” record
    }, not a recorded activity. Send the file of a finished workout.
err-workout-no-times = This { $format } file has no times in it, so it looks like a planned route rather than a recorded workout. Send the file your device recorded.
err-workout-no-competition = There is no competition running right now, so nothing can be logged.
err-workout-too-short = This workout lasted only { $seconds } seconds; an activity counts from one minute up.
err-workout-too-short-moving = This workout lasted only { $seconds } seconds of moving time ({ $elapsed } s in all); an activity counts from one minute up.
err-workout-too-long = This workout's { $sport } lasted { $hours } hours; one entry is at most 24 hours. Split it, or log it by hand.
err-workout-outside-competition = This workout was recorded on { $date }, and { $competition } runs from { $start } to { $end }: { $why }
err-workout-all-too-short = Every part of this workout lasted under a minute; an activity counts from one minute up.
err-workout-already-logged = This workout is already logged: { $activity } on { $date }, { $minutes } min, logged on { $logged }. Nothing was logged twice.
err-workout-pick-activity = Pick the activity for the { $sport } part first.
workout-left-out-short = { $sport } ({ $seconds } s, under a minute)

## Failures
err-unavailable = The database is not available right now. Try again in a moment.
err-internal = The server could not complete the request. Try again; if it keeps failing, check the server's log.

# Scoring rules of a competition.
err-rules-excluded = { $what } does not count in this competition, so it was not logged. Pick another activity.
err-rules-too-short = Entries shorter than { $min } minutes do not count in this competition (this one is { $minutes } min), so it was not logged.
err-rules-multiplier-format = “{ $line }” is not a multiplier window. Write the factor, the days and optionally a category or Compendium code, for example: ×2 2027-03-01..2027-03-07 Cycling
err-rules-minutes-number = “{ $text }” is not a whole number of minutes. Write a number from 1 to { $max }, or leave it empty for no limit.
err-rules-minutes-range = { $minutes } minutes is outside 1–{ $max }. Write a number from 1 to { $max }, or leave it empty for no limit.
err-rules-max-below-min = The longest entry ({ $max } min) is shorter than the shortest ({ $min } min). Make the maximum at least the minimum.
err-rules-daily-number = “{ $text }” is not a number of points. Write it like 20 or 12.5, or leave it empty for no daily maximum.
err-rules-daily-range = A daily maximum of { $points } points is not possible: write more than 0 and at most { $max }, or leave it empty.
err-rules-unknown-activity = “{ $what }” is neither a category nor a Compendium code of the catalogue. Categories: { $categories }.
err-rules-factor = The factor of “{ $line }” must be between 0.1 and 10 with at most two decimals.
err-rules-window-order = The last day of “{ $line }” is before its first day. Write the earlier day first.
err-rules-too-many = At most { $max } exclusions and { $max } multiplier windows can be set.
err-rules-guild-score = “{ $text }” is not a guild score. Choose average (points per member) or composite (points and participation weighed).
err-rules-weight-missing = A composite score needs both weights. Write a whole number of percent, for example 70 for points and 30 for participation.
err-rules-weight-number = “{ $text }” is not a weight. Write a whole number of percent from 0 to 100.
err-rules-weight-range = A weight of { $weight } % is not possible. Write a whole number from 0 to 100.
err-rules-weights-sum = The weights add up to { $sum } % ({ $points } + { $participation }). Make points and participation add up to 100, for example 70 and 30.
err-rules-stale = Someone else changed “{ $name }” after you opened it (you had version { $yours }, it is now version { $now }). Nothing was saved; look at the rules as they are now and set them again.
err-recompute-not-active = “{ $name }” is not the active competition; only the active competition's points can be recomputed, as entries belong to the competition running on their day.
err-season-not-over = “{ $name }” runs until { $end }; its season can be ended once its last day is over.
err-season-ended-before = The season of “{ $name }” was already ended on { $day }; its standings are in the hall of fame and its entries in the archive.
err-review-threshold-range = The review threshold { $field } is { $value }; it goes from { $min } to { $max }.
err-review-threshold-number = “{ $text }” is not a whole number for the review threshold { $field }: give one from { $min } to { $max }, or leave it empty for the default.
err-review-flagged-entries = “{ $text }” is not a choice for flagged entries: give until_reviewed (they count until an organiser rejects them) or after_approval (they count only once approved).
err-no-flag = There is no flagged entry #{ $id }. The review queue lists the ones waiting.
err-flag-decided = Flagged entry #{ $id } was already { $state }. Reload the review queue to see what is still waiting.
err-review-reason-required = Say why entry #{ $id } is rejected: the person is told the reason.
err-no-parked-job = There is no parked job #{ $id }. The queue page lists the parked ones; a job that was retried already is no longer parked.
err-audience = “{ $given }” is not an audience. Use everyone, guild:NAME (one guild) or inactive:DAYS (nothing logged in that many days).
err-audience-days = “{ $given }” is not a number of days from 1 to { $max }. Say how many days without an entry make a participant inactive, e.g. 7.
err-announcement-empty = The announcement has no text. Write what the participants should read.
err-announcement-too-long = The announcement has { $chars } characters; at most { $max } fit in one Telegram message. Shorten it, or send it in two.
err-announcement-nobody = Nobody would receive this announcement: the audience has no participant the bot can reach. Choose another audience.
err-no-announcement = There is no announcement #{ $id }. The announcements page lists them.
err-announcement-cancelled = Announcement #{ $id } was cancelled already; what had been sent stays sent.
