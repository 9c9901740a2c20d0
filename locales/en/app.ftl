# The Telegram Mini App (the stats app). Its script receives every message
# starting with "app-" as data and fills in the values in the browser.

app-tab-me = Progress
app-tab-mix = Mix
app-tab-guilds = Guilds
app-tab-top = Top
app-tabs-label = Views
app-noscript = This app needs JavaScript: open it from the bot in Telegram.
app-retry = Try again
app-failed = This could not be loaded just now.
app-offline = The server could not be reached. Check your connection.
app-points = points
app-rank = #{ $rank }
app-overall = of { $count } overall
app-in-guild = of { $count } in { $guild }
app-no-guild = no guild
app-today = +{ $points } today
app-above = { $gap } ahead
app-below = { $gap } behind
app-leader = Nobody is ahead of you — you lead the challenge.
app-last = Nobody is behind you yet.
app-summary-title = Your standing
app-progress-title = Last 30 days
app-legend-points = Points (left axis)
app-legend-rank = Rank (right axis, up is better)
app-chart-help = Points and rank over the last 30 days. Tap a day, or use the arrow keys, to see its figures.
app-readout = { $day }: +{ $points } points · total { $total } · rank #{ $rank }
app-progress-summary = In the last 30 days you earned { $gained } points and { $move ->
        [climbed] climbed from #{ $from } to #{ $to }
        [moved] moved from #{ $from } to #{ $to }
       *[held] held #{ $to }
    }.
app-best-day = Your best day was { $day } with { $points } points.
app-as-table = Show every day as a table
app-col-day = Day
app-col-points = Points
app-col-total = Total
app-col-rank = Rank
app-empty-title = No activities yet
app-empty-text = Log your first workout in the bot — tap “Log activity” or type e.g. “running 30” — and your progress chart starts here.
app-empty-guild = Welcome, { $name }! Every minute you log counts for { $guild } too.
app-empty-mix = Your activity mix appears here after your first activity.
app-back-to-bot = Back to the bot
app-mix-title = Activity mix
app-mix-hint = Your points by category, with time and sessions.
app-col-category = Category
app-col-time = Time
app-sessions = { $count ->
        [one] 1 session
       *[other] { $count } sessions
    }
app-mix-caption = Points, time and sessions by category
app-mix-summary = Most of your points come from { $category } ({ $share } %).
app-other-categories = Other categories
app-other-category = Other
app-duration = { $hours ->
        [0] { $rest } min
       *[other] { $rest ->
            [0] { $hours } h
           *[other] { $hours } h { $rest } min
        }
    }
app-guilds-title = Guild battle
app-metric-average = Average
app-metric-average-hint = Points per configured member — what the standings rank by.
app-metric-active = Active
app-metric-active-hint = Share of each guild's members who have logged points.
app-metric-week = Last 7 days
app-metric-week-hint = Points per member gained in the last 7 days: who is climbing.
app-metrics-label = Compare guilds by
app-your-guild = your guild
app-guild-summary = { $name } is #{ $rank } of { $count } with { $average } points per member, { $participation } % of members active and +{ $week } in the last 7 days.
app-guild-leader = Leading: { $name } with { $average } points per member.
app-metric-score = Score
app-metric-score-hint = The score of 0–100 the standings rank by: { $points } % points per member against the best guild, { $participation } % participation.
app-metric-average-plain-hint = Points per configured member.
app-score-rule = How the score is made: { $points } % comes from points per member (the best guild's average earns all of it) and { $participation } % from participation (members with points ÷ configured members, at most 100 %).
app-guild-summary-score = { $name } is #{ $rank } of { $count } with a score of { $score }: { $average } points per member, { $participation } % of members active and +{ $week } in the last 7 days.
app-guild-leader-score = Leading: { $name } with a score of { $score }.
app-col-score = Score
app-col-guild = Guild
app-col-average = Average
app-col-active = Active
app-col-week = 7 days
app-col-name = Name
app-no-guilds = No guilds yet.
app-top-title = Top participants
app-position-title = Your position
app-position = #{ $rank } of { $count } with { $points } points
app-you = you
app-no-leaders = Nobody has points yet — be the first!
app-show-table = Show as a table
app-gate-open-title = Open the app from the bot
app-gate-reopen-title = Open the app again from the bot
app-gate-register-title = Register in the bot first
app-gate-unavailable-title = Your stats are not available here
app-gate-missing = Your progress shows when Telegram opens this page for you: in the bot, send /stats and tap “Open the stats app”.
app-gate-expired = This window has been open too long and Telegram's sign-in has expired. Close it and open the stats app again from the bot's /stats menu.
app-gate-invalid = Telegram's sign-in could not be confirmed. Open the stats app from the bot's /stats menu in Telegram.
app-gate-not-registered = You are not registered yet: open the bot, send /start and choose your guild, then come back here.
app-gate-unavailable = This server runs without its Telegram bot, so personal stats are switched off.
app-gate-public = The guild battle and the top participants are in the tabs below.
app-starts = Starts { $date }
app-finished = Finished on { $date }
app-last-day = Last day · day { $day } of { $total }
app-day-of = Day { $day } of { $total } · { $left ->
        [one] 1 day left
       *[other] { $left } days left
    }
app-anonymous = anonymous
app-rules = Scoring rules
app-mydata-title = Your data
app-mydata-text = A copy of everything stored about you: your registration, your activities, your feedback and your settings. Sending /mydata to the bot gives you the same file in the chat.
app-mydata-button = Save a copy of my data
app-mydata-saved = Saved as { $file }.
app-streak = 🔥 { $current ->
        [one] 1 day
       *[other] { $current } days
    } in a row · your longest { $longest }
app-streak-over = 🔥 Log an activity today to start a new streak · your longest { $longest }
app-seasons-title = Past seasons
app-season = { $name } ({ $start } – { $end })
app-season-mine = You finished { $rank } of { $participants } with { $points } points.
