//! Moving activities in bulk: importing them from a CSV file, and
//! archiving old ones.

use chrono::{NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::ops::archive::{Cutoff, first_kept_day};
use crate::ops::import::{ImportPlan, ImportProblem, plan_import};
use crate::ops::progress::Progress;
use crate::store::archive::ArchiveOutcome;
use crate::store::import::ImportWritten;

/// Reads and checks a whole import file, writing nothing. Besides each
/// row's own checks, every date must be one an organiser could log a
/// correction for: inside the active competition's days and not in the
/// future.
pub async fn check_import(app: &App, content: &[u8]) -> ActionResult<ImportPlan> {
    let mut plan = plan_import(&app.store, &app.catalogue, content)
        .await
        .map_err(ActionError::Failed)?;
    let competition = app.store.active_competition().await?.ok_or_else(|| {
        ActionError::Rejected(
            "There is no active competition, so no date can be checked and nothing can be imported. Create or activate the competition first."
                .into(),
        )
    })?;
    let calendar = competition.calendar();
    let now = Utc::now();
    let mut kept = Vec::with_capacity(plan.rows.len());
    for (row, line) in std::mem::take(&mut plan.rows)
        .into_iter()
        .zip(std::mem::take(&mut plan.lines))
    {
        match calendar.check_correction_date(row.activity_date, now) {
            Ok(()) => {
                kept.push(row);
                plan.lines.push(line);
            }
            Err(e) => plan.problems.push(ImportProblem {
                line,
                message: format!("activity_date {}: {e}", row.activity_date),
            }),
        }
    }
    plan.rows = kept;
    plan.problems.sort_by_key(|p| p.line);
    Ok(plan)
}

/// Writes a checked plan, all rows or none, with the totals and the audit
/// entry in the same transaction. A plan with problems, or with a date an
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
        return Err(ActionError::Rejected(format!(
            "nothing was imported: {} problem(s) on line(s) {}; fix them (see --dry-run) and run again",
            plan.problems.len(),
            plan.problem_lines()
        )));
    }
    let competition = app.store.active_competition().await?.ok_or_else(|| {
        ActionError::Rejected("nothing was imported: there is no active competition".into())
    })?;
    let calendar = competition.calendar();
    let now = Utc::now();
    if let Some(row) = plan.rows.iter().find(|r| {
        calendar
            .check_correction_date(r.activity_date, now)
            .is_err()
    }) {
        return Err(ActionError::Rejected(format!(
            "nothing was imported: {} is outside the competition's days ({} – {}) or in the future",
            row.activity_date, competition.start_date, competition.end_date
        )));
    }
    let tx = app.store.begin().await?;
    let written = tx
        .import_activities(&plan.rows, |n| progress.inc(n))
        .await?;
    progress.finish();
    let record = Record::new("import.activities", source).details(format!(
        "{} activities, {} participants, {} points",
        written.activities, written.participants, written.points
    ));
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
        .map_err(|e| ActionError::Rejected(format!("{e:#}")))?;
    let tx = app.store.begin().await?;
    let outcome = tx.archive_activities(table, before, delete).await?;
    let record = Record::new("archive.activities", outcome.table.clone()).details(format!(
        "before {before}: {} matching, {} copied, {} deleted, {} points moved",
        outcome.matching, outcome.copied, outcome.deleted, outcome.points_moved
    ));
    commit(app, tx, actor, record).await?;
    Ok((before, outcome))
}
