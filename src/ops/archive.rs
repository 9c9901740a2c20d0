//! Archiving a finished competition's activities, or all activities before
//! a day, with the totals kept equal to the remaining activities.

use anyhow::bail;
use chrono::{Days, NaiveDate, Utc};

use crate::store::Store;
use crate::store::archive::ArchiveOutcome;

/// Where the archive stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cutoff {
    /// Activities dated before this day.
    Before(NaiveDate),
    /// Every activity up to and including this competition's last day.
    Competition(i64),
}

/// The first day that is kept live for `cutoff`. A competition must have
/// ended (in its own time zone) before its activities can be archived.
pub async fn first_kept_day(store: &Store, cutoff: Cutoff) -> anyhow::Result<NaiveDate> {
    match cutoff {
        Cutoff::Before(day) => Ok(day),
        Cutoff::Competition(id) => {
            let competition = store.competition(id).await?;
            let today = Utc::now()
                .with_timezone(&competition.time_zone)
                .date_naive();
            if today <= competition.end_date {
                bail!(
                    "competition #{id} ({}) runs until {}; archive it after it has ended",
                    competition.name,
                    competition.end_date
                );
            }
            competition
                .end_date
                .checked_add_days(Days::new(1))
                .ok_or_else(|| {
                    anyhow::anyhow!("competition #{id} ends on the last representable day")
                })
        }
    }
}

/// Archives the activities before the cut-off into `table`, and with
/// `delete` removes them from the live table in the same transaction.
pub async fn archive(
    store: &Store,
    cutoff: Cutoff,
    table: &str,
    delete: bool,
) -> anyhow::Result<(NaiveDate, ArchiveOutcome)> {
    let before = first_kept_day(store, cutoff).await?;
    let outcome = store.archive_activities(table, before, delete).await?;
    Ok((before, outcome))
}
