//! Activities: logging (by a participant, an organiser's correction or an
//! import), editing and deleting.

use chrono::{NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::rules::EntryFacts;
use crate::domain::{AdminRole, CatalogueEntry, CompetitionRules, DurationMinutes};
use crate::metrics::competition::OTHER_CATEGORY;
use crate::msg;
use crate::store::activities::{Activity, DeletedActivity, LoggedActivity, NewActivity};
use crate::store::competitions::Competition;
use crate::store::participants::Participant;

/// The audit log's name for an activity.
pub fn target(a: &Activity) -> String {
    format!("activity #{} of participant #{}", a.id, a.user_id)
}

fn describe(a: &Activity) -> String {
    format!(
        "{} on {}, {} min, {} points",
        a.activity_type, a.activity_date, a.duration_minutes, a.points
    )
}

/// What an edit form carries as the version it was read at: the fields an
/// edit changes, so a form saved over someone else's edit is refused.
pub fn version(a: &Activity) -> String {
    format!(
        "{}|{}|{}|{}",
        a.activity_date,
        a.duration_minutes,
        a.compendium_code.as_deref().unwrap_or(&a.activity_type),
        a.points
    )
}

/// What a refusal for want of a running competition says could not happen.
#[derive(Debug, Clone, Copy)]
enum Change {
    Logged,
    Changed,
}

async fn active_competition(app: &App, what: Change) -> ActionResult<Competition> {
    app.store.active_competition().await?.ok_or_else(|| {
        ActionError::Rejected(match what {
            Change::Logged => msg!("err-no-competition-to-log"),
            Change::Changed => msg!("err-no-competition-to-change"),
        })
    })
}

/// An activity to log.
#[derive(Debug, Clone)]
pub struct LogRequest<'a> {
    /// Whose activity it is.
    pub participant: &'a Participant,
    /// What was done, from the catalogue.
    pub entry: &'a CatalogueEntry,
    pub duration: DurationMinutes,
    /// The day it was done, in the competition's time zone.
    pub date: NaiveDate,
    /// The same key on a repeated confirmation logs the activity once.
    pub idempotency_key: Option<String>,
    /// Why an organiser adds it (required from organisers; stored with it).
    pub note: Option<String>,
}

/// Logs an activity with its points added to the participant's total, in
/// one transaction. The date must lie inside the active competition's
/// window and not in the future (organisers may still correct a finished
/// competition). A participant logs only for themselves and their entry is
/// its own record; an organiser's entry needs a note and is audited.
pub async fn log(app: &App, actor: &Actor, req: LogRequest<'_>) -> ActionResult<LoggedActivity> {
    let now = Utc::now();
    if !matches!(actor, Actor::Participant { .. }) {
        require(actor, AdminRole::Organiser)?;
    }
    let competition = active_competition(app, Change::Logged).await?;
    let calendar = competition.calendar();
    let date_ok = match actor {
        Actor::Participant { .. } => calendar.check_log_date(req.date, now),
        _ => calendar.check_correction_date(req.date, now),
    };
    date_ok.map_err(|e| ActionError::field("date", e.message()))?;
    let mut new = NewActivity::from_catalogue(
        req.participant.id,
        req.entry,
        req.duration,
        req.date,
        req.idempotency_key,
    );
    apply_rules(&competition.rules, req.entry, &mut new)?;
    let guild = req.participant.guild.as_deref();
    if let Actor::Participant { id, .. } = actor {
        if *id != req.participant.id {
            return Err(ActionError::Forbidden(msg!("err-log-for-yourself-only")));
        }
        let mut logged = app.store.log_activity(new).await?;
        count_logged(app, guild, &logged);
        flag(app, &competition, &mut logged).await?;
        return Ok(logged);
    }
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ActionError::field("note", msg!("err-correction-note-required")))?;
    new.description = Some(format!("Manual correction: {note}"));
    new.source = crate::domain::ActivitySource::Admin;
    let tx = app.store.begin().await?;
    let mut logged = tx.log_activity(new).await?;
    let record = Record::new("activity.correction", target(&logged.activity))
        .details(format!("{}; note: {note}", describe(&logged.activity)))
        .about(req.participant.id);
    commit(app, tx, actor, record).await?;
    count_logged(app, guild, &logged);
    flag(app, &competition, &mut logged).await?;
    Ok(logged)
}

/// Puts a newly logged entry in the review queue when the competition's
/// thresholds flag it (keeping its points aside when the competition
/// counts flagged entries only after approval).
async fn flag(
    app: &App,
    competition: &Competition,
    logged: &mut LoggedActivity,
) -> ActionResult<()> {
    super::reviews::flag_logged(
        app,
        &competition.rules.review,
        Some(competition.calendar().end_instant()),
        logged,
    )
    .await?;
    Ok(())
}

/// Gives `new` the points the competition's rules give it, and the daily
/// maximum the store keeps it under; an entry the rules leave out is
/// refused, saying why.
pub(crate) fn apply_rules(
    rules: &CompetitionRules,
    entry: &CatalogueEntry,
    new: &mut NewActivity,
) -> ActionResult<()> {
    let scored = rules
        .score(&EntryFacts {
            category: Some(&entry.category),
            code: Some(&entry.code),
            met: Some(entry.met),
            plain_points: new.points,
            minutes: new.duration.get(),
            date: new.activity_date,
        })
        .map_err(|why| ActionError::Rejected(why.message()))?;
    new.points = scored.points;
    new.daily_max_points = rules.daily_max_points;
    Ok(())
}

/// What a person logging under the competition's rules is told besides
/// the points: minutes beyond the maximum, a multiplier that applied,
/// points beyond the daily maximum, points waiting for an organiser's
/// review. Empty without rules.
pub fn rule_notes(
    app: &App,
    rules: &CompetitionRules,
    logged: &LoggedActivity,
) -> Vec<crate::i18n::Message> {
    let a = &logged.activity;
    let entry = a
        .compendium_code
        .as_deref()
        .and_then(|code| app.catalogue.entry_by_code(code));
    let facts = EntryFacts {
        category: entry.map(|e| e.category.as_str()),
        code: a.compendium_code.as_deref(),
        met: entry.map(|e| e.met),
        plain_points: a.points,
        minutes: a.duration_minutes,
        date: a.activity_date,
    };
    let mut notes = rules.notes(&facts, logged.not_counted);
    if logged.withheld > crate::domain::Points::ZERO {
        notes.push(msg!("rules-note-awaits-review", points = logged.withheld));
    }
    notes
}

/// Counts a newly written activity under its guild and catalogue category.
pub(crate) fn count_logged(app: &App, guild: Option<&str>, logged: &LoggedActivity) {
    if !logged.newly_logged {
        return;
    }
    let category = logged
        .activity
        .compendium_code
        .as_deref()
        .and_then(|code| app.catalogue.entry_by_code(code))
        .map_or(OTHER_CATEGORY, |entry| entry.category.as_str());
    app.metrics.competition().activity_logged(guild, category);
}

/// An organiser's change to a logged activity.
#[derive(Debug, Clone)]
pub struct ActivityEdit<'a> {
    /// What was done, from the catalogue.
    pub entry: &'a CatalogueEntry,
    pub duration: DurationMinutes,
    /// The day it was done, in the competition's time zone.
    pub date: NaiveDate,
    /// Why (required; in the audit log).
    pub reason: &'a str,
    /// [`version`] of the activity as the form showed it; `None` changes
    /// whatever is there.
    pub version: Option<String>,
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedActivity {
    pub before: Activity,
    pub after: Activity,
    /// The participant's total afterwards.
    pub total: crate::domain::Points,
}

/// Changes an activity's date, duration or kind, with its points
/// recomputed and the participant's total (and so every rank) moved by the
/// difference in the same transaction. The new date follows the same rules
/// as a correction. The audit entry has every changed field before and
/// after, and the reason.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    edit: ActivityEdit<'_>,
) -> ActionResult<EditedActivity> {
    require(actor, AdminRole::Organiser)?;
    let reason = edit.reason.trim();
    if reason.is_empty() {
        return Err(ActionError::field(
            "reason",
            msg!("err-edit-reason-required", id = id),
        ));
    }
    let competition = active_competition(app, Change::Changed).await?;
    competition
        .calendar()
        .check_correction_date(edit.date, Utc::now())
        .map_err(|e| ActionError::field("date", e.message()))?;
    let tx = app.store.begin().await?;
    let current = tx.activity(id).await?;
    if let Some(seen) = &edit.version
        && *seen != version(&current)
    {
        return Err(ActionError::Conflict(msg!(
            "err-activity-stale",
            id = id,
            activity = &current.activity_type,
            date = current.activity_date,
            minutes = current.duration_minutes,
            points = current.points
        )));
    }
    let mut change =
        NewActivity::from_catalogue(current.user_id, edit.entry, edit.duration, edit.date, None);
    apply_rules(&competition.rules, edit.entry, &mut change)?;
    change.description = current.description.clone();
    let mut changes = Vec::new();
    if change.activity_date != current.activity_date {
        changes.push(format!(
            "date: {} → {}",
            current.activity_date, change.activity_date
        ));
    }
    if change.duration.get() != current.duration_minutes {
        changes.push(format!(
            "duration: {} → {} min",
            current.duration_minutes,
            change.duration.get()
        ));
    }
    if change.activity_type != current.activity_type {
        changes.push(format!(
            "activity: {} → {}",
            current.activity_type, change.activity_type
        ));
    }
    if change.points != current.points {
        changes.push(format!("points: {} → {}", current.points, change.points));
    }
    if changes.is_empty() {
        return Ok(EditedActivity {
            total: tx.participant(current.user_id).await?.points,
            before: current.clone(),
            after: current,
        });
    }
    let (before, after, total) = tx.update_activity(id, &change).await?;
    let record = Record::new("activity.edit", target(&after))
        .details(format!("{}; reason: {reason}", changes.join("; ")))
        .about(after.user_id);
    commit(app, tx, actor, record).await?;
    Ok(EditedActivity {
        before,
        after,
        total,
    })
}

/// Deletes an activity and takes its points off the participant's total.
/// A participant deletes only their own, and only while the competition
/// has not ended; an organiser gives a reason.
pub async fn delete(
    app: &App,
    actor: &Actor,
    id: i64,
    reason: Option<&str>,
) -> ActionResult<DeletedActivity> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let owner = match actor {
        Actor::Participant { id: own, .. } => {
            if let Some(c) = app.store.active_competition().await?
                && c.calendar().phase(Utc::now()).is_finished()
            {
                return Err(ActionError::Rejected(msg!("err-competition-over-entries")));
            }
            Some(*own)
        }
        _ => {
            require(actor, AdminRole::Organiser)?;
            if reason.is_none() {
                return Err(ActionError::field(
                    "reason",
                    msg!("err-delete-reason-required", id = id),
                ));
            }
            None
        }
    };
    let tx = app.store.begin().await?;
    let deleted = tx.delete_activity(id, owner).await?;
    let a = &deleted.activity;
    let mut details = describe(a);
    if let Some(reason) = reason {
        details.push_str(&format!("; reason: {reason}"));
    }
    commit(
        app,
        tx,
        actor,
        Record::new("activity.delete", target(a))
            .details(details)
            .about(a.user_id),
    )
    .await?;
    Ok(deleted)
}
