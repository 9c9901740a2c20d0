//! Moving activities in bulk: importing them from a CSV file, and
//! archiving old ones.

use chrono::{NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::i18n::Message;
use crate::ops::archive::{Cutoff, first_kept_day};
use crate::ops::import::{DateRules, ImportPlan, plan_import};
use crate::ops::progress::Progress;
use crate::store::archive::ArchiveOutcome;
use crate::store::import::ImportWritten;

/// Reads and checks a whole import file, writing nothing. Dates follow
/// the rules of logging — inside the active competition's window and not
/// in the future — unless `allow_outside_window` lets organisers import
/// historical activities (still never future ones; the import records it).
pub async fn check_import(
    app: &App,
    content: &[u8],
    allow_outside_window: bool,
) -> ActionResult<ImportPlan> {
    let active = app.store.active_competition().await?;
    let rules = active.as_ref().map(|c| c.rules.clone()).unwrap_or_default();
    let competition = active.map(|c| (c.name.clone(), c.calendar()));
    let dates = DateRules {
        competition,
        allow_outside_window,
        now: chrono::Utc::now(),
        rules,
    };
    plan_import(&app.store, &app.catalogue, content, &dates)
        .await
        .map_err(|e| ActionError::Rejected(Message::verbatim(crate::actions::describe(&e))))
}

/// Writes a checked plan, all rows or none, with the totals, the review
/// checks' flags and the audit entry in the same transaction. A plan with problems, or with a date an
/// organiser could not log (the competition may have changed since the
/// check), writes nothing.
pub async fn import(
    app: &App,
    actor: &Actor,
    source: &str,
    plan: &ImportPlan,
    progress: &Progress,
) -> ActionResult<ImportWritten> {
    require(actor, AdminRole::Organiser)?;
    if !plan.problems.is_empty() {
        return Err(ActionError::Rejected(Message::verbatim(format!(
            "nothing was imported: {} problem(s) on line(s) {}; fix them (see --dry-run) and run again",
            plan.problems.len(),
            plan.problem_lines()
        ))));
    }
    // Checked again at the write: the competition may have changed since.
    let now = Utc::now();
    let active = app.store.active_competition().await?;
    match active.clone() {
        None if !plan.allow_outside_window => {
            return Err(ActionError::Rejected(Message::verbatim(
                "nothing was imported: there is no active competition (pass --allow-outside-window to import historical activities)",
            )));
        }
        None => {
            let today = now.date_naive();
            if let Some(row) = plan.rows.iter().find(|r| r.activity_date > today) {
                return Err(ActionError::Rejected(Message::verbatim(format!(
                    "nothing was imported: {} is in the future",
                    row.activity_date
                ))));
            }
        }
        Some(competition) => {
            let calendar = competition.calendar();
            let today = calendar.today(now);
            if let Some(row) = plan.rows.iter().find(|r| {
                if plan.allow_outside_window {
                    r.activity_date > today
                } else {
                    calendar
                        .check_correction_date(r.activity_date, now)
                        .is_err()
                }
            }) {
                return Err(ActionError::Rejected(Message::verbatim(format!(
                    "nothing was imported: {} is outside the competition's days ({} – {}) or in the future",
                    row.activity_date, competition.start_date, competition.end_date
                ))));
            }
        }
    }
    let tx = app.store.begin().await?;
    let mut written = tx
        .import_activities(&plan.rows, |n| progress.inc(n))
        .await?;
    // The same review checks as logged entries, inside the same
    // transaction: flagged rows join the queue (their points kept aside
    // when the competition counts flagged entries only after approval).
    if let Some(competition) = &active {
        let mut users: Vec<i64> = plan.rows.iter().map(|r| r.user_id).collect();
        users.sort_unstable();
        users.dedup();
        let flags = super::reviews::flag_imported(
            &tx,
            &competition.rules.review,
            Some(competition.calendar().end_instant()),
            &written.ids,
            &users,
            now,
        )
        .await?;
        written.flagged = flags.flagged;
        written.withheld = flags.withheld;
        written.points -= flags.withheld;
    }
    progress.finish();
    let mut details = format!(
        "{} activities, {} participants, {} points",
        written.activities, written.participants, written.points
    );
    if written.flagged > 0 {
        details.push_str(&format!(
            "; {} flagged for review ({} points kept aside until approved)",
            written.flagged, written.withheld
        ));
    }
    if plan.allow_outside_window {
        details.push_str(&format!(
            "; --allow-outside-window: {} dated outside the competition's window",
            plan.outside_window
        ));
    }
    let record = Record::new("import.activities", source).details(details);
    commit(app, tx, actor, record).await?;
    Ok(written)
}

/// Copies the activities before the cut-off into an archive table and, with
/// `delete`, removes them from the live table with their points taken off
/// the totals — the copy, the deletion and the audit entry in one
/// transaction. Returns the first day kept live.
pub async fn archive(
    app: &App,
    actor: &Actor,
    cutoff: Cutoff,
    table: &str,
    delete: bool,
) -> ActionResult<(NaiveDate, ArchiveOutcome)> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let before = first_kept_day(&app.store, cutoff)
        .await
        .map_err(|e| ActionError::Rejected(Message::verbatim(format!("{e:#}"))))?;
    let tx = app.store.begin().await?;
    let outcome = tx.archive_activities(table, before, delete).await?;
    let record = Record::new("archive.activities", outcome.table.clone()).details(format!(
        "before {before}: {} matching, {} copied, {} deleted, {} points moved",
        outcome.matching, outcome.copied, outcome.deleted, outcome.points_moved
    ));
    commit(app, tx, actor, record).await?;
    Ok((before, outcome))
}
