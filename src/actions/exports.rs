//! Exports: participants, activities, guild statistics, feedback and the
//! audit log, as CSV (plain, or for Excel) or as an Excel workbook.

use std::io;

use chrono_tz::Tz;
use futures_util::Stream;

use super::{ActionError, ActionResult, Actor, Record, record, require};
use crate::app::App;
use crate::domain::{AdminRole, DEFAULT_TIME_ZONE};
use crate::msg;
use crate::ops::export::{ExportFormat, ExportKind, export_stream};
use crate::store::export_rows::ExportFilter;

/// The zone times are shown in: the active competition's, else the default.
pub async fn display_zone(app: &App) -> Tz {
    match app.store.active_competition().await {
        Ok(Some(c)) => c.time_zone,
        _ => DEFAULT_TIME_ZONE,
    }
}

/// The first moment of `day` in `tz`, in UTC.
pub fn day_start(day: chrono::NaiveDate, tz: Tz) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&midnight))
        .with_timezone(&chrono::Utc)
}

/// Checks the filter, records the export and starts streaming it. For the
/// audit log, the filter's days are read in the competition's time zone.
pub async fn open(
    app: &App,
    actor: &Actor,
    kind: ExportKind,
    mut filter: ExportFilter,
    format: ExportFormat,
) -> ActionResult<impl Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static> {
    require(actor, AdminRole::Organiser)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        return Err(ActionError::field(
            "to",
            msg!("err-export-dates-swapped", to = to, from = from),
        ));
    }
    if let Some(guild) = &filter.guild {
        app.store.guild_by_name(guild).await?;
    }
    if kind == ExportKind::Audit {
        let tz = display_zone(app).await;
        if filter.audit.from.is_none() {
            filter.audit.from = filter.from.map(|d| day_start(d, tz));
        }
        if filter.audit.to.is_none() {
            filter.audit.to = filter
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| day_start(d, tz));
        }
    }
    let details = format!(
        "from {} to {}, guild {}; {}",
        filter.from.map_or("the start".into(), |d| d.to_string()),
        filter.to.map_or("the end".into(), |d| d.to_string()),
        filter.guild.as_deref().unwrap_or("all"),
        format.describe()
    );
    record(
        app,
        actor,
        Record::new("export", format!("{}.{}", kind.name(), format.extension())).details(details),
    )
    .await?;
    Ok(export_stream(app.store.clone(), kind, filter, format))
}
