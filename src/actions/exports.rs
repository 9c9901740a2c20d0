//! CSV exports: participants, activities and guild statistics.

use std::io;

use futures_util::Stream;

use super::{ActionError, ActionResult, Actor, Record, record};
use crate::app::App;
use crate::ops::export::{ExportKind, csv_stream};
use crate::store::export_rows::ExportFilter;

/// Checks the filter, records the export and starts streaming it.
pub async fn open(
    app: &App,
    actor: &Actor,
    kind: ExportKind,
    filter: ExportFilter,
) -> ActionResult<impl Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        return Err(ActionError::field(
            "to",
            format!("The “to” date {to} is before the “from” date {from}; swap them."),
        ));
    }
    if let Some(guild) = &filter.guild {
        app.store.guild_by_name(guild).await?;
    }
    let details = format!(
        "from {} to {}, guild {}",
        filter.from.map_or("the start".into(), |d| d.to_string()),
        filter.to.map_or("the end".into(), |d| d.to_string()),
        filter.guild.as_deref().unwrap_or("all")
    );
    record(
        app,
        actor,
        Record::new("export", format!("{}.csv", kind.name())).details(details),
    )
    .await?;
    Ok(csv_stream(app.store.clone(), kind, filter))
}
