# The admin panel: pages, forms, notices and error pages.

admin-title-suffix = Activity Challenge admin
admin-skip = Skip to content
admin-nav-label = Admin sections
admin-nav-dashboard = Dashboard
admin-nav-competitions = Competitions
admin-nav-guilds = Guilds
admin-nav-participants = Participants
admin-nav-activities = Activities
admin-nav-feedback = Feedback
admin-nav-exports = Exports
admin-nav-cleanup = Cleanup
admin-nav-audit = Audit log
admin-nav-database = Database
admin-nav-admins = Admins
admin-your-account = Your account
admin-log-out = Log out
admin-language-label = Language
admin-back-to-panel = Back to the admin panel
admin-pager-label = Pages
admin-pager-previous = ← Previous
admin-pager-next = Next →
admin-pager-status = Page { $page } of { $pages } ({ $total } in all)
admin-filter = Filter
admin-from = From
admin-to = To
admin-guild = Guild
admin-all-guilds = All guilds
admin-all = All
admin-cancel = Cancel
admin-save = Save
admin-delete = Delete
admin-reason = Reason
admin-date = Date
admin-name = Name
admin-username = Username
admin-telegram-id = Telegram id
admin-points = Points
admin-participant = Participant
admin-activity = Activity
admin-note = Note
admin-change = Change
admin-minutes = Minutes
admin-when = When
admin-reviewed = Reviewed
admin-not-yet = Not yet
admin-why = Why
admin-activity-from-catalogue = Activity (from the catalogue)
admin-duration-field = Duration (minutes, or e.g. 1h 30min)
admin-form-problems = The form has { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }; see below.
admin-login-title = Log in
admin-login-password = Password
admin-login-button = Log in
admin-code-title = Two-factor sign-in
admin-code-intro = The password for { $name } was right. Type the six-digit code your authenticator app shows for Activity Challenge.
admin-code-label = Code
admin-code-button = Sign in
admin-code-start-again = Start again
admin-dash-window = { $start } to { $end } ({ $zone }).
admin-dash-no-competition = There is no active competition.
admin-dash-set-one-up = Set one up
admin-dash-participants = Participants
admin-dash-active-participants = Active participants
admin-dash-activities-today = Activities today
admin-dash-activities-week = Activities this week
admin-dash-total-points = Total points
admin-dash-standings = Guild standings
admin-dash-per-day = Activities per day
admin-dash-days-in = (days in { $zone })
admin-dash-mix = Activity mix
admin-dash-not-started = Not started yet: it starts on { $start }, in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
admin-dash-last-day = Day { $day } of { $total }: the last day.
admin-dash-running = Day { $day } of { $total }, { $left ->
        [one] { $left } day
       *[other] { $left } days
    } left.
admin-dash-finished = It ended on { $end }; its results are final and read-only.
admin-competitions-intro = One competition is active at a time: the bot logs for it and the standings show it. Prepare the next one as a draft, and schedule it to become active on a day. A competition that has ended is read-only.
admin-competitions-new = New competition
admin-competitions-competition = Competition
admin-competitions-days = Days
admin-competitions-time-zone = Time zone
admin-competitions-state = State
admin-competitions-on-day = on { $day }
admin-competitions-none-yet = No competitions yet:
admin-competitions-create-first = create the first one
admin-competitions-none = No competitions yet.
admin-state-active = active
admin-state-scheduled = scheduled
admin-state-draft = draft
admin-state-past = past, read-only
admin-competition-all = ← All competitions
admin-badge-active = Active
admin-badge-scheduled = Scheduled
admin-badge-draft = Draft
admin-badge-past = Past
admin-competition-active-note = The bot logs for this competition and the standings show it.
admin-competition-scheduled-note = Becomes the active competition on { $day } (at midnight, { $zone }).
admin-competition-draft-note = Not active yet: edit it freely.
admin-competition-past-note = It ended on { $end }; it is read-only.
admin-competition-first-day = First day
admin-competition-last-day = Last day
admin-competition-confirm-dates = Confirm and save these dates
admin-competition-keep-dates = Cancel: keep the old dates
admin-competition-description = Description
admin-competition-zone-field = Time zone (the days begin at midnight here)
admin-competition-activation-legend = When it becomes the active competition
admin-competition-activation-draft = Not yet: save it as a draft
admin-competition-activation-on = On a day:
admin-competition-activation-day = The day it becomes active
admin-competition-activation-now = Now (instead of the active one)
admin-competition-create = Create
admin-competition-activation = Activation
admin-competition-becomes-active-on = Becomes active on
admin-competition-change-day = Change the day
admin-competition-schedule = Schedule
admin-competition-activate-now = Make it the active competition now
admin-competition-delete-draft = Delete this draft
admin-guilds-intro = Ranked as in the public standings: by average unless the competition's rules weigh participation too. Average = total points ÷ configured members; participation = members with points ÷ configured members. A guild closed for registration takes no new members but keeps competing.
admin-guilds-rank = Rank
admin-guilds-registered = Registered
admin-guilds-active = Active
admin-guilds-configured = Configured
admin-guilds-total-points = Total points
admin-guilds-average = Average
admin-guilds-participation = Participation
admin-guilds-registration = Registration
admin-guilds-over-title = More registered than configured: participation passes 100 %
admin-guilds-check = check
admin-guilds-open = open
admin-guilds-closed = closed
admin-guilds-none-add = No guilds yet: add the first one below.
admin-guilds-none = No guilds yet.
admin-guilds-add = Add a guild
admin-guilds-not-added = The guild was not added; see below.
admin-guilds-members-field = Configured members (the guild's real size)
admin-guilds-add-button = Add guild
admin-guilds-configured-members = Configured members
admin-guild-all = ← All guilds
admin-guild-open = Open for registration.
admin-guild-closed-badge = Closed for registration
admin-guild-closed-note = : nobody new can join it. Its members keep logging, and it stays in the standings.
admin-guild-close = Close for registration
admin-guild-reopen = Open for registration
admin-guild-edit = Edit
admin-guild-not-saved = The guild was not saved; see below.
admin-guild-name-field = Name (a rename follows into every member's record)
admin-guild-save-anyway = Save this size anyway
admin-guild-save-mine = Save mine over theirs
admin-guild-members = Members ({ $count })
admin-guild-delete = Delete this guild
admin-guild-cannot-delete = A guild with members cannot be deleted: move its members to another guild first, or close it for registration.
admin-participants-search-field = Name, username or Telegram id
admin-participants-search-placeholder = e.g. Helmi Li or @helmi
admin-participants-search = Search
admin-participants-search-help = Words match the start or any part of first names, last names and usernames, in any order and without accents: “vaino makela” finds Väinö Mäkelä.
admin-participants-test-user = Test user
admin-participants-test-badge = test
admin-participants-nobody = Nobody here.
admin-participant-delete-warning = { $name } (Telegram { $telegram }{ $guild }) will be deleted with { $activities ->
        [one] { $activities } activity
       *[other] { $activities } activities
    } and { $points } points. This cannot be undone.
admin-participant-delete-for-good = Delete for good
admin-participant-telegram = Telegram
admin-participant-registered = Registered ({ $zone })
admin-participant-add-correction = Add a correction for { $name }
admin-participant-move = Move to another guild
admin-participant-closed-guild = (closed for registration)
admin-participant-move-button = Move
admin-participant-marked-test = Marked as a test user: removed by the test-user cleanup.
admin-participant-unmark = Unmark: a real participant
admin-participant-kept = Unmarked by an organiser: a real participant, left alone by the cleanup whatever the name.
admin-participant-mark-test = Mark as test user
admin-participant-activities = Activities ({ $count })
admin-participant-edit-or-delete = Edit or delete
admin-participant-no-activities = No activities.
admin-participant-timeline = Timeline
admin-participant-timeline-help = Registration, guild moves, activities logged, corrections, changes and deletions, newest first (times in { $zone }).
admin-participant-by = by { $who }
admin-participant-nothing-yet = Nothing recorded yet.
admin-participant-see-in-list = See these activities in the moderation list
admin-participant-delete-link = Delete this participant…
admin-activities-who-placeholder = name or @username
admin-activities-everyone = Show everyone's
admin-activities-min = Min
admin-activities-edit = Edit
admin-activities-reason-for = Reason for deleting activity { $id }
admin-activities-none = No activities match.
admin-activities-source = Source
admin-activity-source-short = { $source ->
        [typed] typed
        [file] file
        [import] import
       *[admin] organiser
    }
admin-activities-correction = Add a manual correction
admin-activities-correction-help = Dates follow the same rules as logging: inside the competition's days and not in the future. You see the person and the points before anything is saved.
admin-activities-correction-who = Participant: name, @username or Telegram id
admin-activities-check-correction = Check the correction
admin-activity-logged-by = Logged by
admin-activity-logged-at = on { $time } ({ $zone }).
admin-activity-source = Source: { $source ->
        [typed] typed in the bot
        [file] a workout file sent to the bot (only its sport, start, duration, distance and hash are kept)
        [import] a CSV import
       *[admin] added by an organiser
    }.
admin-activity-now = Now: { $activity } on { $date }, { $minutes } min, { $points } points.
admin-activity-note = Note: { $note }
admin-activity-change-help = The points are recomputed and the participant's total follows. The reason and every changed value, before and after, go to the audit log.
admin-activity-save-change = Save the change
admin-correction-summary = { $activity }, { $minutes } min on { $date }:
admin-correction-points = { $points } points
admin-correction-why = Why: { $note }
admin-correction-added-for = It will be added for:
admin-correction-points-now = Points now
admin-correction-add-for = Add it for { $name }
admin-correction-several = Several participants match “{ $who }”. Pick the right one:
admin-correction-telegram = Telegram { $id }
admin-correction-candidate-points = { $points } points
admin-correction-continue = Continue
admin-feedback-submissions = Submissions
admin-feedback-ease-card = Ease of use (1–5)
admin-feedback-usefulness-card = Usefulness (1–5)
admin-feedback-overall-card = Overall satisfaction (1–5)
admin-feedback-rating-at-most = A rating at most
admin-feedback-any = Any
admin-feedback-comment-contains = Comment contains
admin-feedback-export = Export feedback
admin-feedback-export-formats = (CSV or Excel).
admin-feedback-count = { $count ->
        [one] { $count } submission matches
       *[other] { $count } submissions match
    }; times in { $zone }.
admin-feedback-ease = Ease
admin-feedback-useful = Useful
admin-feedback-overall = Overall
admin-feedback-comment = Comment
admin-feedback-yes = Yes
admin-feedback-no = No
admin-feedback-unmark = Unmark
admin-feedback-mark = Mark reviewed
admin-feedback-none = No feedback matches.
admin-exports-intro-1 = Pick how you will open the file.
admin-exports-xlsx-name = Excel workbook
admin-exports-intro-2 = opens directly in Excel, Numbers and LibreOffice with numbers as numbers and dates as dates (times in { $zone }).
admin-exports-excel-fi-name = CSV for Excel (Finnish)
admin-exports-intro-3 = uses semicolons and decimal commas, as Excel set to Finnish expects;
admin-exports-excel-name = CSV for Excel (English)
admin-exports-intro-4 = uses commas and decimal points. Both start with a byte-order mark so that ä and ö show right.
admin-exports-csv-name = Plain CSV
admin-exports-intro-5 = (UTF-8, RFC 4180) is for scripts. Cells a spreadsheet would run as a formula start with an apostrophe. Leave the dates empty for everything.
admin-exports-file = File
admin-exports-format-xlsx = Excel workbook (.xlsx)
admin-exports-format-excel-fi = CSV for Excel, Finnish (;)
admin-exports-format-excel = CSV for Excel, English (,)
admin-export-participants = Participants
admin-export-participants-download = Download participants
admin-export-participants-about = Registration day in the range.
admin-export-activities = Activities
admin-export-activities-download = Download activities
admin-export-activities-about = Activity day in the range.
admin-export-guild-stats = Guild statistics
admin-export-guild-stats-download = Download guild statistics
admin-export-guild-stats-about = Points from activities in the range.
admin-export-feedback = Feedback
admin-export-feedback-download = Download feedback
admin-export-feedback-about = Day the feedback was given in the range.
admin-export-audit-log = Audit log
admin-export-audit-log-download = Download audit log
admin-export-audit-log-about = Day of the entry in the range (the guild is not used). The audit log page exports with its filters.
admin-cleanup-intro-1 = Participants marked as test users start ticked. Those whose name only looks like a test (username starting with
admin-cleanup-intro-2 = , first name starting with
admin-cleanup-intro-3 = ) are listed unticked: check them and tick the ones to remove.
admin-cleanup-intro-4 = A real participant can be unmarked on their page, and the patterns then leave them alone. Confirming deletes the ticked participants with their activities and feedback, in one go.
admin-cleanup-none = No test users found: nothing to clean up.
admin-cleanup-tick-all = Tick all
admin-cleanup-untick-all = Untick all
admin-cleanup-summary = { $ticked } of { $total } participants ticked: { $activities ->
        [one] { $activities } activity
       *[other] { $activities } activities
    } and { $points } points would go.
admin-cleanup-remove = Remove
admin-cleanup-why-listed = Why listed
admin-cleanup-page = (page)
admin-cleanup-marked = marked as a test user
admin-cleanup-looks-like-test = name looks like a test: check
admin-cleanup-delete = Delete the ticked participants
admin-audit-action = Action
admin-audit-action-family = { $action }* (all)
admin-audit-who = Who
admin-audit-anyone = Anyone
admin-audit-name-contains = Name contains
admin-audit-hide-sign-ins = Hide sign-ins
admin-audit-count = { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }; days and times in { $zone }.
admin-audit-export-xlsx = Export these as an Excel workbook
admin-audit-or = or
admin-audit-export-csv = as CSV for Excel
admin-audit-when = When ({ $zone })
admin-audit-what = What
admin-audit-to-what = To what
admin-audit-details = Details
admin-audit-nothing = Nothing matches.
admin-database-health = Health
admin-database-figures-failed = The detailed figures could not be read: { $error }
admin-database-figures = The figures behind this (for whoever runs the database)
admin-database-figures-note = Sections with nothing to show are left out. The same report from the command line:
admin-database-backend = Database: { $backend }.
admin-database-backups = Backups
admin-database-directory = Directory:
admin-database-format = Format
admin-database-format-plain = Compressed SQL (.sql.gz)
admin-database-format-custom = Custom (.dump, selective restore)
admin-database-back-up-now = Back up now
admin-database-backups-by-dba = Backups are taken and verified by database admins.
admin-database-size = Size
admin-database-taken = Taken
admin-database-actions = Actions
admin-database-verify = Verify
admin-database-no-backups = No backups yet.
admin-database-maintenance = Maintenance
admin-database-analyze = Analyze (refresh planner statistics)
admin-database-vacuum = Vacuum analyze (reclaim dead rows, no heavy locks)
admin-database-vacuum-full = Vacuum full (rewrites tables: exclusive locks)
admin-database-reindex = Reindex (a table, or everything: exclusive locks)
admin-database-table = Table (empty: all)
admin-database-all-tables = All tables
admin-database-understand-locks = I understand that vacuum full and a database-wide reindex lock tables until they finish
admin-database-run = Run
admin-database-idle-minutes = End connections to this database idle for over (minutes)
admin-database-end-them = End them
admin-database-end-idle = End idle connections
admin-admins-roles-1 = Roles: a
admin-admins-roles-2 = sees every page and changes nothing; an
admin-admins-roles-3 = runs the competition (competitions, guilds, participants, activities, feedback, exports, cleanup) and can unlock an account; a
admin-admins-roles-4 = can also take and verify backups, maintain the database and manage these accounts.
admin-admins-lockout = Five wrong passwords or codes in 15 minutes block an account for the rest of those 15 minutes. Every blocked attempt is in the
admin-admins-lockout-link = audit log
admin-admins-admin = Admin
admin-admins-role = Role
admin-admins-two-factor = Two-factor
admin-admins-last-login = Last login ({ $zone })
admin-admins-last-login-short = Last login
admin-admins-sign-in = Sign-in
admin-admins-you = (you)
admin-admins-role-of = Role of { $name }
admin-admins-on = on
admin-admins-off = off
admin-admins-turn-off-lost = Turn off (lost phone)
admin-admins-blocked-for = Blocked for { $wait }
admin-admins-unlock = Unlock
admin-admins-open = open
admin-admins-add = Add an admin
admin-admins-name-field = Name (compared without capitals)
admin-admins-password-field = Password (at least 10 characters; tell it to them in person)
admin-admins-add-button = Add admin
admin-account-signed-in = You are signed in as a { $role }:
admin-account-viewer = You can see every page but change nothing.
admin-account-organiser = You can run the competition; backups, database maintenance and admin accounts are for database admins.
admin-account-dba = You can do everything, including backups, database maintenance and admin accounts.
admin-account-language = Language
admin-account-language-help = Pick the panel's language at the top of any page; it is remembered for your account. Until you pick one, the panel follows your browser's language.
admin-account-on = On
admin-account-on-note = Signing in asks for your password and a code from your authenticator app.
admin-account-code-from-app = Code from your app
admin-account-turn-off = Turn off
admin-account-step-1 = Open an authenticator app (for example Google Authenticator, Microsoft Authenticator, 2FAS or Aegis) and add an account by scanning this code:
admin-account-or-type = or type this key:
admin-account-key-kind = (time-based, 6 digits, every 30 seconds).
admin-account-on-this-phone = On this phone you can also
admin-account-open-app = open the app directly
admin-account-step-2 = Type the six digits the app now shows:
admin-account-turn-on = Turn on
admin-account-off = Off
admin-account-off-note = Anyone with your password can sign in as you. With two-factor sign-in, they also need your phone.
admin-account-set-up = Set up two-factor sign-in
admin-error-not-logged-in = Not logged in
admin-error-session-ended = Your session has ended. Log in again and repeat the action.
admin-error-not-allowed = Not allowed
admin-error-form-too-large = Form too large
admin-error-form-too-large-text = The form was larger than the server accepts.
admin-error-form-expired = Form expired
admin-error-form-expired-text = The form's security token is missing or out of date. Go back, reload the page and try again.
admin-error-login-form-expired = The login form's security token is missing or out of date. Reload the login page and try again (cookies must be allowed).
admin-error-code-form-expired = The form's security token is missing or out of date. Log in again.
admin-error-not-found = Not found
admin-error-no-such-page = There is no such page in the admin panel. Use the menu to find what you need.
admin-error-not-done = Not done
admin-error-try-again = Try again
admin-error-went-wrong = Something went wrong
admin-error-did-not-work = It did not work
admin-error-database = The database could not complete the request. Try again; if it keeps failing, check the server's log.
admin-wait-minutes = { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
admin-blocked-account = this account
admin-blocked-address = your address
admin-too-many-logins = Too many failed logins for { $whom }. Wait { $wait } and try again, or ask another admin to unlock the account.
admin-welcome = Welcome, { $name }.
admin-sign-in-too-long = The sign-in took too long. Log in again.
admin-logged-out = You are logged out.
admin-language-unknown = Pick one of the languages at the top of the page.
admin-filter-date-invalid = { $label } “{ $text }” is not a date; use YYYY-MM-DD, for example 2025-09-01.
admin-label-from-date = The “from” date
admin-label-to-date = The “to” date
admin-label-activation-day = The activation day
admin-activity-deleted = Activity #{ $id } was deleted; the participant's total is now { $total }.
admin-activity-not-in-catalogue = “{ $activity }” is not in the activity catalogue; pick an activity from the list.
admin-duration-problem = Duration: { $problem }
admin-date-format = The date must be written as YYYY-MM-DD, e.g. 2025-09-01.
admin-correction-why-required = Say why the correction is made (it is stored with the activity).
admin-correction-who-required = Say who the correction is for: their name, @username or Telegram id.
admin-correction-nobody = Nobody matches “{ $who }”. Try part of the first or last name, the @username or the Telegram id.
admin-correction-too-many = More than ten participants match “{ $who }”; type more of the name.
admin-correction-added = Added { $activity } for { $name }: { $points } points; their total is now { $total }.
admin-activity-title = Activity #{ $id }
admin-activity-changed = Activity #{ $id } was changed: { $after } points instead of { $before }; the participant's total is now { $total }.
admin-cleanup-title = Test-user cleanup
admin-cleanup-damaged = The form was damaged; nothing was deleted. Reload the preview and try again.
admin-cleanup-removed = Removed { $participants ->
        [one] { $participants } test participant
       *[other] { $participants } test participants
    } with { $activities } activities and { $points } points; the standings no longer count them.
admin-account-totp-on = Two-factor sign-in is on: from now on, signing in asks for a code from your app.
admin-account-totp-off = Two-factor sign-in is off.
admin-admins-created = The admin “{ $name }” was created as { $role }.
admin-admins-pick-role = Pick a role from the list: viewer, organiser or database admin.
admin-admins-role-set = “{ $name }” is now a { $role }.
admin-admins-unlocked = “{ $name }” can log in again; the failed logins are forgotten.
admin-admins-totp-off = Two-factor sign-in is off for “{ $name }”; they can set it up again under Your account.
admin-chart-no-data = No data yet.
admin-chart-most-in-a-day = Most in a day: { $count }
admin-dash-standings-chart = Guild standings: points per configured member
admin-dash-standings-chart-score = Guild standings: composite score (0–100)
admin-dash-mix-chart = Activity mix: most logged activities
admin-competition-title = Competition “{ $name }”
admin-competition-give-day = Give the day it becomes active.
admin-competition-created-active = The competition “{ $name }” was created and is now active.
admin-competition-created-draft = The competition “{ $name }” was created as a draft.
admin-competition-created-scheduled = The competition “{ $name }” was created and becomes active on { $day }.
admin-competition-saved = The competition “{ $name }” was saved.
admin-competition-draft-deleted = The draft “{ $name }” was deleted.
admin-competition-now-active = “{ $name }” is now the active competition.
admin-competition-becomes-active = “{ $name }” becomes the active competition on { $day }.
admin-competition-stays-draft = “{ $name }” stays a draft until activated by hand.
admin-database-choose-action = Choose analyze, vacuum, vacuum full or reindex.
admin-database-whole = the whole database
admin-database-table-name = table { $table }
admin-database-maintenance-done = { $action } finished on { $target }.
admin-database-tick-locks = This takes exclusive locks: the bot and the panel wait until it ends. Tick the confirmation to run it.
admin-database-maintenance-failed = { $action } failed on { $target }: { $error }
admin-database-idle-range = Give the idle time in whole minutes, 1 to 1440 (e.g. 5).
admin-database-tick-idle = Tick the confirmation to end idle connections.
admin-database-idle-ended = Ended { $ended } connection(s) idle for over { $minutes } minutes.
admin-database-pick-backup = Pick a backup from the list.
admin-database-verified = { $name } restores to exactly what it recorded.
admin-database-verify-bad = { $name } is NOT good: { $problems }
admin-database-verify-failed = Could not verify { $name }: { $error }
admin-export-no-such = No such export
admin-export-names = The exports are { $names }, each as .csv or .xlsx.
admin-export-not-started = Export not started
admin-feedback-rating-invalid = The rating “{ $rating }” is not 1 to 5.
admin-feedback-choose = Choose whether to mark the feedback reviewed or not.
admin-feedback-marked = Feedback #{ $id } is marked as reviewed.
admin-feedback-unmarked = Feedback #{ $id } is marked as not reviewed.
admin-guild-added = The guild “{ $name }” was added.
admin-guild-title = Guild { $name }
admin-guild-saved = The guild “{ $name }” was saved.
admin-guild-choose = Choose whether to activate or deactivate the guild.
admin-guild-reopened = The guild “{ $name }” is open for registration again.
admin-guild-closed = The guild “{ $name }” is closed for registration: nobody new can join it. Its members keep logging and it stays in the standings.
admin-guild-deleted = The guild “{ $name }” was deleted.
admin-timeline-registered = Registered
admin-timeline-moved = Moved to another guild
admin-timeline-marked-test = Marked as a test user
admin-timeline-unmarked-test = Unmarked: a real participant
admin-timeline-correction = Correction added
admin-timeline-edited = Activity changed
admin-timeline-deleted = Activity deleted
admin-timeline-logged = Logged an activity
admin-timeline-logged-details = { $activity } on { $date }, { $minutes } min, { $points } points
admin-participant-choose-guild = Choose the guild to move the participant to.
admin-participant-moved = { $name } now belongs to { $guild }; their points moved with them.
admin-participant-choose-mark = Choose whether to mark or unmark.
admin-participant-now-test = { $name } is marked as a test user.
admin-participant-now-real = { $name } is a real participant: the test-user cleanup leaves them alone, whatever their name.
admin-participant-delete-title = Delete { $name }?
admin-participant-deleted = { $name } was deleted with { $activities } activities and { $feedback } feedback.
admin-account-qr-label = QR code of the authenticator secret
admin-audit-unknown-actor-kind = “{ $kind }” is not a kind of actor; pick one from the list.
admin-activities-not-a-participant-number = “{ $text }” is not a participant's number; search by name in “Participant”.

# The scoring rules on a competition's page.
admin-rules-title = Scoring rules
admin-rules-hint = Leave a field empty for no such rule. The rules apply to entries logged from the moment they are saved; entries already logged keep their points until you recompute them.
admin-rules-min-minutes = Shortest entry that counts (minutes)
admin-rules-max-minutes = Longest entry counted (minutes; beyond it, minutes are not counted)
admin-rules-daily-max = Most points per person per day
admin-rules-excluded = Left out of the competition: categories or Compendium codes, one per line
admin-rules-multipliers = Multiplier windows, one per line: factor, days, optionally a category or code (×2 2027-03-01..2027-03-07 Cycling)
admin-rules-save = Save the rules
admin-rules-saved = The rules of “{ $name }” were saved; they apply to entries logged from now on.
admin-rules-multipliers-example = ×2 2027-03-01..2027-03-07 Cycling
admin-rules-guild-score = How guilds are ranked
admin-rules-guild-score-average = By average: points ÷ configured members
admin-rules-guild-score-composite = By a composite score of 0–100 that also weighs participation
admin-rules-weights-hint = For the composite score: the weights in percent, adding up to 100. Points per member count against the best guild's average (the best gets its whole share); participation is members with points ÷ configured members, at most 100 %.
admin-rules-points-weight = Weight of points per member (%)
admin-rules-participation-weight = Weight of participation (%)
admin-guilds-score = Score
admin-recompute-hint = Entries logged before the rules changed keep their points. A recompute works them all out again under the rules above, as if they had been logged under them.
admin-recompute-preview = Preview a recompute
admin-recompute-title = Recompute “{ $name }”
admin-recompute-summary = Under these rules, { $changed } of { $checked } entries would get other points, and { $people ->
        [one] one participant's total
       *[other] { $people } participants' totals
    } would change.
admin-recompute-how = Every entry is worked out again as if it had been logged under these rules, in the order the entries were logged, so the daily maximum falls where it would have. Entries the rules now leave out earn nothing but stay; corrections keep their points. Nothing changes until you press the button; then the points, totals and ranks change together, and the audit log records it.
admin-recompute-people = Participants whose points change
admin-recompute-guilds = Guild standings after the recompute
admin-recompute-before = Before
admin-recompute-after = After
admin-recompute-change = Change
admin-recompute-average-before = Average before
admin-recompute-average-after = Average after
admin-recompute-was-rank = (was { $rank }.)
admin-recompute-apply = Recompute the points now
admin-recompute-back = Nothing to recompute: back to the competition
admin-recompute-done = Recomputed: { $changed } entries and { $people } participants' totals were rewritten; ranks and standings follow.
admin-recompute-score-before = Score before
admin-recompute-score-after = Score after
admin-nav-hall-of-fame = Hall of fame
admin-hall-of-fame = Hall of fame
admin-hall-of-fame-empty = No season has ended yet. End one from a finished competition's page; its final standings are kept here.
admin-hall-of-fame-figures = { $participants } participants with points, { $activities } entries (kept in the archive)
admin-hall-of-fame-top = Top participants
admin-hall-of-fame-former = a former participant
admin-hall-of-fame-anonymous = anonymous
admin-season-end-button = End the season…
admin-season-end-title = End the season of “{ $name }”
admin-season-summary = These standings and the results of { $participants } participants will be kept in the hall of fame; { $activities } entries ({ $points } points) dated before { $day } move to the archive and off the totals.
admin-season-how = Participants and guilds stay; everyone's points start from zero for the next competition. The entries stay in the archive (exportable as CSV). A season is ended once.
admin-season-guilds = Final guild standings
admin-season-no-guilds = No guilds.
admin-season-points = Points
admin-season-average = Per member
admin-season-participation = Taking part
admin-season-score = Score
admin-season-end-apply = End the season
admin-season-ended = The season of “{ $name }” has ended: its standings are in the hall of fame and { $activities } entries are in the archive.
admin-export-archived-activities = Archived activities
admin-export-archived-activities-download = Download archived activities
admin-export-archived-activities-about = Entries of ended seasons and archived days; activity day in the range.
admin-nav-reviews = Review queue
admin-review-count = { $count } flagged entries wait for a decision (times in { $zone }).
admin-review-long-day = More hours in a day than the threshold
admin-review-outlier-points = Points far above the person's usual and the competition's
admin-review-repeated = The same entry many times on one day
admin-review-late-backdated = An old day logged just before the close
admin-review-recent = The person's latest entries
admin-review-day = Day
admin-review-activity = Activity
admin-review-minutes = Minutes
admin-review-points = Points
admin-review-approve = Approve
admin-review-reject = Reject
admin-review-reason = Why (the person is told)
admin-review-none = No flagged entries wait for a decision.
admin-review-approved = Flagged entry #{ $id } is approved; it stays.
admin-review-rejected = Flagged entry #{ $id } is rejected: the entry and its points are removed, and the person is told at their next message to the bot.
admin-dash-pending-reviews = Flagged entries to review

## Announcements
announcement-audience-everyone = every participant
announcement-audience-guild = the members of { $guild }
announcement-audience-inactive = participants with nothing logged in { $days } { $days ->
        [one] day
       *[other] days
    }
admin-nav-announcements = Announcements
admin-nav-queue = Job queue
admin-announcement-new = New announcement
admin-announcement-text = Text
admin-announcement-text-hint = Plain text, as participants will read it in the bot; at most { $max } characters. Nothing is sent before you confirm the preview.
admin-announcement-audience = Who receives it
admin-announcement-one-guild = one guild:
admin-announcement-inactive = participants with nothing logged recently
admin-announcement-days = days without an entry:
admin-announcement-preview-button = Preview
admin-announcement-preview-title = Preview the announcement
admin-announcement-preview-who = To { $audience }: { $count ->
        [one] 1 participant
       *[other] { $count } participants
    } now. Test users and people who blocked the bot are left out.
admin-announcement-as-seen = The message as participants will see it
admin-announcement-pacing = Messages go out at Telegram's pace (30 a second), so a large audience takes a few minutes; you can watch it and cancel what has not gone yet.
admin-announcement-send-button = Send to { $count ->
        [one] 1 participant
       *[other] { $count } participants
    }
admin-announcement-back = Change it
admin-announcement-queued = The announcement is on its way to { $count ->
        [one] 1 participant
       *[other] { $count } participants
    }.
admin-announcement-title = Announcement #{ $id }
admin-announcement-sent = Sent announcements
admin-announcement-none = No announcements yet.
admin-announcement-when = Sent
admin-announcement-sent-count = Delivered
admin-announcement-waiting = Waiting
admin-announcement-failed = Failed
admin-announcement-unreachable = Blocked the bot
admin-announcement-cancelled-count = Cancelled
admin-announcement-is-cancelled = cancelled
admin-announcement-counts-hint = The figures follow the sending as it goes.
admin-announcement-refresh = Refresh
admin-announcement-cancel-button = Cancel what has not been sent
admin-announcement-cancelled = Cancelled: { $count ->
        [one] 1 message was
       *[other] { $count } messages were
    } not sent. What had been sent stays sent.
admin-announcement-all = All announcements
admin-queue-about = Scheduled jobs (backups, maintenance) and messages (announcements, alerts) wait here until an instance of the server runs them. A job that fails is tried again with growing pauses; after its last try it is parked below with its error.
admin-queue-empty = The queue is empty.
admin-queue-queue = Queue
admin-queue-state = State
admin-queue-jobs = Jobs
admin-queue-parked = Parked jobs
admin-queue-none-parked = No job is parked.
admin-queue-tries = { $count ->
        [one] 1 try
       *[other] { $count } tries
    }
admin-queue-retry = Try again
admin-queue-retried = Job #{ $id } is back in the queue and runs shortly.
