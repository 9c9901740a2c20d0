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
