## Settings: the daily reminder and the weekly digest

bot-command-settings = Daily reminder and weekly summary
bot-button-settings = ⚙️ Settings
bot-settings =
    ⚙️ <b>Settings</b>

    ⏰ Daily reminder: { $reminder }
    📅 Weekly summary on Monday mornings: { $digest }

    The reminder comes only on days when you have not logged anything yet.
bot-settings-reminder-at = every day at { $hour }:00
bot-settings-reminder-none = off
bot-settings-digest-yes = on
bot-settings-digest-no = off
bot-settings-hours = ⏰ At what time should I remind you on days you have not logged anything?
bot-settings-hours-quiet = ⏰ At what time should I remind you on days you have not logged anything? (No reminders from { $start }:00 to { $end }:00.)
bot-button-reminder-hour = ⏰ Set the reminder time
bot-button-reminder-off = 🔕 Turn reminders off
bot-button-digest-on = 📅 Turn the weekly summary on
bot-button-digest-off = 📅 Turn the weekly summary off
bot-reminder-set = ⏰ I will remind you at { $hour }:00 on days you have not logged anything.
bot-reminder-turned-off = 🔕 Reminders are off.
bot-digest-turned-on = 📅 The weekly summary is on.
bot-digest-turned-off = 📅 The weekly summary is off.

## The messages themselves

bot-reminder = ⏰ Nothing logged today yet. Even a short walk counts: log it in one tap.
bot-digest =
    📅 <b>Your week { $from } – { $to }</b>

    Points: { $points }
    Active days: { $days } of 7
    Current streak: { $streak ->
        [one] { $streak } day
       *[other] { $streak } days
    }
    Your rank: { $rank } (a week before: { $before })
bot-digest-guild = Your guild { $guild }: place { $rank } (a week before: { $before })

## Refusals

err-reminder-hour = { $hour } is not an hour of the day; pick one from 0 to 23.
err-reminder-quiet-hour = No reminders are sent from { $start }:00 to { $end }:00; pick a time outside those hours.

## The streak leaderboard

bot-button-streaks = 🔥 Streaks
bot-stats-streaks-title = 🔥 <b>Longest current streaks</b> (days in a row with an activity)
bot-stats-no-streaks = Nobody has a streak going yet.
bot-stats-streak-line = { $rank }. { $name } — { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
app-streaks-title = 🔥 Longest current streaks
app-col-days = Days in a row

## The competition's milestone messages

bot-milestone-starts-tomorrow =
    🏁 <b>{ $competition } starts tomorrow!</b>

    From { $start } to { $end }, every activity you log counts for you and your guild. Log with /log, or tap the menu button.
bot-milestone-days-left =
    ⏳ <b>{ $days ->
        [one] Last day of { $competition }!
       *[other] { $days } days left in { $competition }, today included.
    }</b>

    It ends on { $end } at midnight: log what you have done before then.
bot-milestone-standing = You: { $points } points, rank { $rank } of { $participants }.
bot-milestone-guild = Your guild { $guild }: place { $rank } of { $guilds }.
bot-milestone-final-results =
    🏆 <b>{ $competition } has ended.</b> The final standings:
bot-milestone-podium = { $rank }. { $guild } ({ $score })
bot-milestone-thanks = Thank you for taking part!

err-milestone-hour = “{ $text }” is not an hour of the day; give one from 0 to 23, such as 12.
err-milestone-days = “{ $text }” is not a number of days from 1 to { $max }, or 0 for no “days left” message.
err-milestone-quiet-hour = No messages go out from { $start }:00 to { $end }:00 (the quiet hours); pick an hour outside them.
err-milestones-stale = Someone else changed “{ $name }” after you opened it (you had version { $yours }, it is now version { $now }). Nothing was saved; look at the settings as they are now and set them again.
