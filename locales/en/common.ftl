# Words shared by every part of the product: languages, numbers, dates,
# intensities. English is the reference: every message here exists in
# every other language too (a test checks it).

language-name = English
product-name = Activity Challenge

points-amount = { $points ->
    [one] { $points } point
   *[other] { $points } points
}
minutes-short = { $minutes } min

weekday-short = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
weekday-letter = { $day ->
    [1] Mo
    [2] Tu
    [3] We
    [4] Th
    [5] Fr
    [6] Sa
   *[7] Su
}
month-year = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
month-short = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}

intensity-light = Light
intensity-moderate = Moderate
intensity-vigorous = Vigorous
# An activity with its intensity: "Swimming (Vigorous)".
activity-label = { $activity } ({ $intensity })

# A competition's scoring rules, one sentence each.
rules-none = Every activity of the catalogue counts: MET × minutes ÷ 60, up to 24 hours per entry.
rules-minutes-both = Entries count from { $min } minutes; minutes beyond { $max } in one entry are not counted.
rules-minutes-min = Entries shorter than { $min } minutes do not count.
rules-minutes-max = Minutes beyond { $max } in one entry are not counted.
rules-daily-max = At most { $points } points per person per day; anything beyond is not counted.
rules-excluded = Not part of this competition: { $what }.
rules-multiplier = ×{ $factor } points for { $what }, { $from } – { $to }.
rules-multiplier-all = ×{ $factor } points for every activity, { $from } – { $to }.
rules-guild-score-average = Guilds are ranked by their average: points ÷ configured members.
rules-guild-score-composite = Guilds are ranked by a score of 0–100: { $points } % from points per member (the best guild's average earns all of it) and { $participation } % from participation (members with points ÷ configured members, at most 100 %).
rules-note-max-minutes = Only { $max } of the { $minutes } minutes count: that is this competition's longest entry.
rules-note-multiplier = This activity earns ×{ $factor } points on that day.
rules-note-daily-max = { $points } points were not counted: the most a person earns in a day is { $max } points.
rules-note-awaits-review = ⏳ This entry waits for an organiser's review: its { $points } points count once it is approved.
rules-flagged-after-approval = Entries flagged for an organiser's review count only once the organiser approves them.
