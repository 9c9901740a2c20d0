//! Competitions: create (active now, a draft, or a draft scheduled to
//! become active on a day), change, schedule, make active, delete. A
//! competition that has ended is read-only.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::milestones::Milestones;
use crate::domain::recompute::{
    LoggedEntry, MemberTotal, recompute as recompute_entries, standings_after, total_changes,
};
use crate::domain::{AdminRole, CompetitionDraft, CompetitionRules, FieldError, Points};
use crate::msg;
use crate::store::StoreError;
use crate::store::competitions::Competition;

/// The audit log's name for a competition.
pub fn target(c: &Competition) -> String {
    format!("competition #{} {}", c.id, quoted(&c.name))
}

fn window(c: &Competition) -> String {
    format!("{} – {} ({})", c.start_date, c.end_date, c.time_zone.name())
}

/// Where a competition stands, as the list of competitions shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The active competition, before, during or after its days.
    Active,
    /// A draft that becomes the active competition on a day.
    Scheduled,
    /// Not active, not scheduled, not over: can be edited freely.
    Draft,
    /// Over: read-only.
    Past,
}

impl State {
    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Scheduled => "scheduled",
            State::Draft => "draft",
            State::Past => "past, read-only",
        }
    }

    /// The words shown, in any language.
    pub fn name(self) -> crate::i18n::Message {
        match self {
            State::Active => crate::msg!("admin-state-active"),
            State::Scheduled => crate::msg!("admin-state-scheduled"),
            State::Draft => crate::msg!("admin-state-draft"),
            State::Past => crate::msg!("admin-state-past"),
        }
    }

    /// A class name for styling.
    pub fn class(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Scheduled => "scheduled",
            State::Draft => "draft",
            State::Past => "past",
        }
    }
}

/// Where `c` stands at `now`.
pub fn state(c: &Competition, now: DateTime<Utc>) -> State {
    if c.calendar().phase(now).is_finished() {
        State::Past
    } else if c.is_active {
        State::Active
    } else if c.activate_on.is_some() {
        State::Scheduled
    } else {
        State::Draft
    }
}

fn read_only(c: &Competition) -> ActionError {
    ActionError::Rejected(msg!(
        "err-competition-read-only",
        name = &c.name,
        end = c.end_date
    ))
}

/// How a new competition starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// It becomes the active competition at once.
    Now,
    /// A draft, activated by hand later.
    Draft,
    /// A draft that becomes the active competition on this day (in its zone).
    On(NaiveDate),
}

fn check_activation_day(draft_end: NaiveDate, tz: Tz, day: NaiveDate) -> ActionResult<()> {
    let today = Utc::now().with_timezone(&tz).date_naive();
    if day < today {
        return Err(ActionError::field(
            "activate_on",
            msg!("err-activation-passed", day = day, today = today),
        ));
    }
    if day > draft_end {
        return Err(ActionError::field(
            "activate_on",
            msg!("err-activation-after-end", day = day, end = draft_end),
        ));
    }
    Ok(())
}

/// Creates a competition: active now, a draft, or a scheduled draft.
pub async fn create(
    app: &App,
    actor: &Actor,
    draft: &CompetitionDraft,
    activation: Activation,
) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    if let Activation::On(day) = activation {
        check_activation_day(draft.end, draft.time_zone, day)?;
    }
    let tx = app.store.begin().await?;
    let mut created = tx
        .create_competition(draft, activation == Activation::Now)
        .await?;
    let how = match activation {
        Activation::Now => ", active".to_string(),
        Activation::Draft => ", a draft".to_string(),
        Activation::On(day) => {
            created = tx.set_competition_activation(created.id, Some(day)).await?;
            format!(", becomes active on {day}")
        }
    };
    let record = Record::new("competition.create", target(&created))
        .details(format!("{}{how}", window(&created)));
    commit(app, tx, actor, record).await?;
    Ok(created)
}

/// The window an organiser confirmed moving a running competition to:
/// a confirmation of one window does not confirm another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub time_zone: Tz,
}

impl Window {
    /// The window a draft asks for.
    pub fn of(draft: &CompetitionDraft) -> Window {
        Window {
            start: draft.start,
            end: draft.end,
            time_zone: draft.time_zone,
        }
    }
}

/// What to save over a competition.
#[derive(Debug, Clone)]
pub struct CompetitionChange<'a> {
    pub draft: &'a CompetitionDraft,
    /// The window the organiser confirmed, when asked.
    pub confirmed: Option<Window>,
    /// The version the form was read at; `None` saves over whatever is there.
    pub version: Option<i64>,
}

fn stale(current: &Competition, draft: &CompetitionDraft, version: i64) -> ActionError {
    ActionError::Conflict(msg!(
        "err-competition-stale",
        yours = version,
        now = current.version,
        saved_name = &current.name,
        saved_start = current.start_date,
        saved_end = current.end_date,
        saved_zone = current.time_zone.name(),
        saved_description = &current.description,
        your_name = &draft.name,
        your_start = draft.start,
        your_end = draft.end,
        your_zone = draft.time_zone.name(),
        your_description = &draft.description
    ))
}

/// Changes a competition that has not ended. Moving the dates or the time
/// zone of a running competition changes which days participants can log,
/// so it needs that exact window confirmed; without it the answer is
/// [`ActionError::NeedsConfirmation`] saying what would change, and
/// nothing is written. The audit entry has each changed field before and
/// after.
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    change: CompetitionChange<'_>,
) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let draft = change.draft;
    let now = Utc::now();
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    if state(&before, now) == State::Past {
        return Err(read_only(&before));
    }
    if let Some(version) = change.version
        && version != before.version
    {
        return Err(stale(&before, draft, version));
    }
    let dates_change = before.start_date != draft.start
        || before.end_date != draft.end
        || before.time_zone != draft.time_zone;
    let running = before.is_active && before.calendar().is_open(now);
    if dates_change && running && change.confirmed != Some(Window::of(draft)) {
        return Err(ActionError::NeedsConfirmation(msg!(
            "err-competition-running-dates",
            from_start = before.start_date,
            from_end = before.end_date,
            from_zone = before.time_zone.name(),
            start = draft.start,
            end = draft.end,
            zone = draft.time_zone.name()
        )));
    }
    let mut changes = Vec::new();
    if before.name != draft.name {
        changes.push(format!(
            "name: {} → {}",
            quoted(&before.name),
            quoted(&draft.name)
        ));
    }
    if before.description != draft.description {
        changes.push(format!(
            "description: {} → {}",
            quoted(&before.description),
            quoted(&draft.description)
        ));
    }
    if dates_change {
        changes.push(format!(
            "dates: {} → {} – {} ({})",
            window(&before),
            draft.start,
            draft.end,
            draft.time_zone.name()
        ));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let updated = match tx.update_competition(id, draft, change.version).await {
        Err(StoreError::Conflict(_)) if change.version.is_some() => {
            let current = tx.competition(id).await?;
            return Err(stale(&current, draft, change.version.unwrap_or_default()));
        }
        other => other?,
    };
    let record = Record::new("competition.update", target(&updated)).details(changes.join("; "));
    commit(app, tx, actor, record).await?;
    Ok(updated)
}

/// The refusal to save a competition's rules or milestones over a change
/// made since `version` was read: the message `id` names both versions.
fn changed_since(current: &Competition, version: Option<i64>, id: &'static str) -> ActionError {
    ActionError::Conflict(
        crate::i18n::Message::new(id)
            .arg("name", &current.name)
            .arg("yours", version.unwrap_or_default())
            .arg("now", current.version),
    )
}

/// Replaces a competition's scoring rules (checked here against the
/// catalogue, every problem reported per field). They apply to entries
/// logged from then on; a competition that has ended keeps its rules. With
/// `version`, a competition changed since the form was read is refused.
/// The audit entry has the rules before and after.
pub async fn set_rules(
    app: &App,
    actor: &Actor,
    id: i64,
    rules: CompetitionRules,
    version: Option<i64>,
) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let rules = rules.check(&app.catalogue).map_err(ActionError::Invalid)?;
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    if state(&before, Utc::now()) == State::Past {
        return Err(read_only(&before));
    }
    if before.rules == rules {
        return Ok(before);
    }
    let updated = match tx.set_competition_rules(id, &rules, version).await {
        Err(StoreError::Conflict(_)) => {
            let current = tx.competition(id).await?;
            return Err(changed_since(&current, version, "err-rules-stale"));
        }
        other => other?,
    };
    let record = Record::new("competition.rules", target(&updated)).details(format!(
        "{} → {}",
        before.rules.describe(),
        updated.rules.describe()
    ));
    commit(app, tx, actor, record).await?;
    Ok(updated)
}

/// Sets which milestone messages go to the competition's participants
/// ("starts tomorrow", "N days left", the final results) and at what local
/// hour: never one in the quiet hours (`QUIET_HOURS`). Allowed also once
/// the competition has ended, so that the final results can be held back
/// or sent. With `version`, a competition changed since the form was read
/// is refused. The audit entry has the settings before and after.
pub async fn set_milestones(
    app: &App,
    actor: &Actor,
    id: i64,
    milestones: Milestones,
    version: Option<i64>,
) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let milestones = milestones.check().map_err(ActionError::Invalid)?;
    let quiet = app.config.messages.quiet_hours;
    if quiet.contains(milestones.hour) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "hour",
            msg!(
                "err-milestone-quiet-hour",
                hour = milestones.hour,
                start = quiet.start,
                end = quiet.end
            ),
        )]));
    }
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    if before.milestones == milestones {
        return Ok(before);
    }
    let updated = match tx
        .set_competition_milestones(id, &milestones, version)
        .await
    {
        Err(StoreError::Conflict(_)) => {
            let current = tx.competition(id).await?;
            return Err(changed_since(&current, version, "err-milestones-stale"));
        }
        other => other?,
    };
    let record = Record::new("competition.milestones", target(&updated)).details(format!(
        "{} → {}",
        before.milestones.describe(),
        updated.milestones.describe()
    ));
    commit(app, tx, actor, record).await?;
    Ok(updated)
}

/// Schedules a draft to become the active competition on `day` (in its
/// zone), or takes the schedule off.
pub async fn schedule(
    app: &App,
    actor: &Actor,
    id: i64,
    day: Option<NaiveDate>,
) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    match state(&before, Utc::now()) {
        State::Past => return Err(read_only(&before)),
        State::Active => {
            return Err(ActionError::Rejected(msg!(
                "err-competition-already-active",
                name = &before.name
            )));
        }
        State::Draft | State::Scheduled => {}
    }
    if let Some(day) = day {
        check_activation_day(before.end_date, before.time_zone, day)?;
    }
    if before.activate_on == day {
        return Ok(before);
    }
    let updated = tx.set_competition_activation(id, day).await?;
    let details = match day {
        Some(day) => format!("becomes active on {day}"),
        None => "schedule taken off: stays a draft".to_string(),
    };
    commit(
        app,
        tx,
        actor,
        Record::new("competition.schedule", target(&updated)).details(details),
    )
    .await?;
    Ok(updated)
}

/// Makes a competition that has not ended the active one (and no other).
pub async fn activate(app: &App, actor: &Actor, id: i64) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let candidate = tx.competition(id).await?;
    if state(&candidate, Utc::now()) == State::Past {
        return Err(read_only(&candidate));
    }
    let previous = tx.active_competition().await?;
    let activated = tx.activate_competition(id).await?;
    let record = Record::new("competition.activate", target(&activated)).details(
        previous
            .filter(|p| p.id != activated.id)
            .map(|p| format!("instead of {}", target(&p)))
            .unwrap_or_default(),
    );
    commit(app, tx, actor, record).await?;
    Ok(activated)
}

/// Activates the scheduled drafts whose day has come (in their own zone),
/// in the order of their days, so that when several are due the latest
/// ends up active and none stays due. Returns the last one activated.
pub async fn activate_due(app: &App, actor: &Actor) -> ActionResult<Option<Competition>> {
    let now = Utc::now();
    let mut last = None;
    for c in app.store.scheduled_competitions().await? {
        if c.activate_on
            .is_some_and(|day| c.calendar().today(now) >= day)
        {
            last = Some(activate(app, actor, c.id).await?);
        }
    }
    Ok(last)
}

/// Deletes a draft competition's record (the active one and past ones stay).
pub async fn delete(app: &App, actor: &Actor, id: i64) -> ActionResult<Competition> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let before = tx.competition(id).await?;
    match state(&before, Utc::now()) {
        State::Past => return Err(read_only(&before)),
        State::Active => {
            return Err(ActionError::Rejected(msg!(
                "err-competition-delete-active",
                name = &before.name
            )));
        }
        State::Draft | State::Scheduled => {}
    }
    let deleted = tx.delete_competition(id).await?;
    let record = Record::new("competition.delete", target(&deleted)).details(window(&deleted));
    commit(app, tx, actor, record).await?;
    Ok(deleted)
}

/// A recompute of the active competition's points under its current rules:
/// what changes (a preview) or changed.
#[derive(Debug, Clone)]
pub struct Recompute {
    pub competition: Competition,
    /// How the guilds are ranked (their score is their average unless
    /// the rules weigh participation in).
    pub guild_score: crate::domain::GuildScore,
    /// False for a preview: nothing was written.
    pub applied: bool,
    /// Entries in the competition's days.
    pub entries_checked: usize,
    /// Entries whose points change.
    pub entries_changed: usize,
    /// Everyone whose total changes, the largest change first.
    pub people: Vec<PersonChange>,
    /// Every guild, in the order of the standings after the recompute.
    pub guilds: Vec<GuildMove>,
}

/// A participant whose total changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonChange {
    pub id: i64,
    pub first_name: String,
    pub guild: Option<String>,
    pub before: Points,
    pub after: Points,
}

/// A guild's place and average before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildMove {
    pub name: String,
    pub rank_before: u64,
    pub rank_after: u64,
    pub average_before: Decimal,
    pub average_after: Decimal,
    /// The score the standings rank by (the average, unless composite).
    pub score_before: Decimal,
    pub score_after: Decimal,
}

impl Recompute {
    /// The sum of every change, positive or negative.
    pub fn net_change(&self) -> Points {
        self.people
            .iter()
            .fold(Points::ZERO, |sum, p| sum + p.after - p.before)
    }
}

/// Works out every entry of the active competition again under its
/// current rules, as if each had been logged under them in the order they
/// were logged (the daily maximum falls where it would have). With
/// `apply`, writes the new points, the totals and (through them) the ranks
/// in one transaction with its audit entry; without, changes nothing and
/// says what would change: who gains or loses how much, and how the guild
/// standings would move. Entries the rules now leave out earn nothing but
/// stay; organisers' corrections keep their points.
pub async fn recompute(app: &App, actor: &Actor, id: i64, apply: bool) -> ActionResult<Recompute> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let competition = tx.competition(id).await?;
    if state(&competition, Utc::now()) == State::Past {
        return Err(read_only(&competition));
    }
    if !competition.is_active {
        return Err(ActionError::Rejected(msg!(
            "err-recompute-not-active",
            name = &competition.name
        )));
    }
    let stored = tx
        .entries_between(competition.start_date, competition.end_date, apply)
        .await?;
    let entries: Vec<LoggedEntry> = stored
        .iter()
        .map(|e| {
            let code = e.compendium_code.clone();
            LoggedEntry {
                id: e.id,
                user_id: e.user_id,
                date: e.activity_date,
                category: code
                    .as_deref()
                    .and_then(|c| app.catalogue.entry_by_code(c))
                    .map(|entry| entry.category.clone()),
                code,
                met: e.met(),
                minutes: u16::try_from(e.duration).unwrap_or(u16::MAX),
                points: Points::new(e.points),
            }
        })
        .collect();
    let changes = recompute_entries(&competition.rules, &entries);
    let moved = total_changes(&changes);
    let ids: Vec<i64> = moved.keys().copied().collect();
    let totals = tx.people_totals(&ids).await?;
    let members: HashMap<i64, MemberTotal> = moved
        .iter()
        .filter_map(|(id, delta)| {
            totals.get(id).map(|t| {
                let before = Points::new(t.points);
                (
                    *id,
                    MemberTotal {
                        guild: t.guild.clone(),
                        before,
                        after: before + *delta,
                    },
                )
            })
        })
        .collect();
    let mut people: Vec<PersonChange> = members
        .iter()
        .map(|(id, m)| PersonChange {
            id: *id,
            first_name: totals[id].first_name.clone(),
            guild: m.guild.clone(),
            before: m.before,
            after: m.after,
        })
        .collect();
    people.sort_by(|a, b| {
        let size = |p: &PersonChange| (p.after - p.before).value().abs();
        size(b).cmp(&size(a)).then(a.id.cmp(&b.id))
    });
    let before = tx.guild_standings().await?;
    let after = standings_after(&before, &members, before.score);
    let guilds = after
        .iter()
        .map(|g| {
            let was = before.iter().find(|b| b.name == g.name);
            GuildMove {
                name: g.name.clone(),
                rank_before: was.map_or(g.rank, |b| b.rank),
                rank_after: g.rank,
                average_before: was.map_or(g.average, |b| b.average),
                average_after: g.average,
                score_before: was.map_or(g.score, |b| b.score),
                score_after: g.score,
            }
        })
        .collect();
    let outcome = Recompute {
        competition,
        guild_score: before.score,
        applied: apply,
        entries_checked: entries.len(),
        entries_changed: changes.len(),
        people,
        guilds,
    };
    if apply && !changes.is_empty() {
        tx.rewrite_points(&changes).await?;
        let record = Record::new("competition.recompute", target(&outcome.competition)).details(
            format!(
                "{} of {} entries changed, {} participants' totals moved by {} points in all; rules: {}",
                outcome.entries_changed,
                outcome.entries_checked,
                outcome.people.len(),
                outcome.net_change(),
                outcome.competition.rules.describe()
            ),
        );
        commit(app, tx, actor, record).await?;
    }
    Ok(outcome)
}

/// What ending a season did, or would do.
#[derive(Debug, Clone)]
pub struct SeasonEnd {
    pub competition: Competition,
    /// The standings frozen and the entries archived.
    pub plan: crate::store::seasons::SeasonPlan,
    /// The season written, once applied.
    pub season_id: Option<i64>,
    /// What the archive did, once applied.
    pub archived: Option<crate::store::archive::ArchiveOutcome>,
}

impl SeasonEnd {
    /// Whether it was written.
    pub fn applied(&self) -> bool {
        self.season_id.is_some()
    }
}

/// Ends a competition's season once its last day has passed (in its time
/// zone): freezes its final guild standings and every participant's result
/// into the hall of fame, archives every entry up to its last day into
/// `activities_archive` with the totals following (the operations guide's
/// `archive --competition ID --delete`, in the same transaction), and
/// takes it off being the active competition, so the next competition
/// starts from zero with the same participants and guilds. Without
/// `apply` it only says what would happen. A season ends once.
pub async fn end_season(app: &App, actor: &Actor, id: i64, apply: bool) -> ActionResult<SeasonEnd> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let competition = tx.competition(id).await?;
    if let Some(season) = tx.season_of_competition(id).await? {
        return Err(ActionError::Conflict(msg!(
            "err-season-ended-before",
            name = &competition.name,
            day = season
                .ended_at
                .with_timezone(&competition.time_zone)
                .date_naive()
        )));
    }
    let today = Utc::now()
        .with_timezone(&competition.time_zone)
        .date_naive();
    if today <= competition.end_date {
        return Err(ActionError::Rejected(msg!(
            "err-season-not-over",
            name = &competition.name,
            end = competition.end_date
        )));
    }
    let plan = tx.season_plan(&competition).await?;
    if !apply {
        return Ok(SeasonEnd {
            competition,
            plan,
            season_id: None,
            archived: None,
        });
    }
    let season_id = tx.freeze_season(&competition, &plan, Utc::now()).await?;
    let archived = tx
        .archive_activities(
            migration::m20261125_000003_activities_archive::DEFAULT_ARCHIVE_TABLE,
            plan.first_kept_day,
            true,
        )
        .await?;
    tx.deactivate_competition(id).await?;
    let record = Record::new("competition.end_season", target(&competition)).details(format!(
        "{}: {} guilds and {} participants frozen; {} activities ({} points) archived to {} \
         and taken off {} participants' totals",
        window(&competition),
        plan.guilds.len(),
        plan.results.len(),
        archived.deleted,
        archived.points_moved,
        archived.table,
        archived.participants
    ));
    commit(app, tx, actor, record).await?;
    Ok(SeasonEnd {
        competition,
        plan,
        season_id: Some(season_id),
        archived: Some(archived),
    })
}
