//! Activities: logging (by a participant, an organiser's correction or an
//! import), deleting.

use chrono::{NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit};
use crate::app::App;
use crate::domain::{CatalogueEntry, DurationMinutes};
use crate::metrics::competition::OTHER_CATEGORY;
use crate::store::activities::{Activity, DeletedActivity, LoggedActivity, NewActivity};
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
    let competition = app.store.active_competition().await?.ok_or_else(|| {
        ActionError::Rejected(
            "There is no competition running right now, so nothing can be logged.".into(),
        )
    })?;
    let calendar = competition.calendar();
    let date_ok = match actor {
        Actor::Participant { .. } => calendar.check_log_date(req.date, now),
        _ => calendar.check_correction_date(req.date, now),
    };
    date_ok.map_err(|e| ActionError::field("date", e.to_string()))?;
    let mut new = NewActivity::from_catalogue(
        req.participant.id,
        req.entry,
        req.duration,
        req.date,
        req.idempotency_key,
    );
    let guild = req.participant.guild.as_deref();
    if let Actor::Participant { id, .. } = actor {
        if *id != req.participant.id {
            return Err(ActionError::Forbidden(
                "You can log activities only for yourself.".into(),
            ));
        }
        let logged = app.store.log_activity(new).await?;
        count_logged(app, guild, &logged);
        return Ok(logged);
    }
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            ActionError::field(
                "note",
                "Say why the entry is added (it is stored with the activity and in the audit log).",
            )
        })?;
    new.description = Some(format!("Manual correction: {note}"));
    new.source = crate::domain::ActivitySource::Admin;
    let tx = app.store.begin().await?;
    let logged = tx.log_activity(new).await?;
    let record = Record::new("activity.correction", target(&logged.activity))
        .details(format!("{}; note: {note}", describe(&logged.activity)));
    commit(app, tx, actor, record).await?;
    count_logged(app, guild, &logged);
    Ok(logged)
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
                return Err(ActionError::Rejected(
                    "The competition is over; entries can no longer change.".into(),
                ));
            }
            Some(*own)
        }
        _ => {
            if reason.is_none() {
                return Err(ActionError::field(
                    "reason",
                    format!(
                        "Activity #{id} was not deleted: give a reason (it goes to the audit log)."
                    ),
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
        Record::new("activity.delete", target(a)).details(details),
    )
    .await?;
    Ok(deleted)
}
