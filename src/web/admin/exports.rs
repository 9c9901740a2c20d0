//! CSV exports, streamed: participants, activities and guild statistics,
//! filtered by date and guild.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Body, Response, handler};
use serde::Deserialize;

use super::auth::Admin;
use super::layout::{
    Layout, PageResult, action_error, error, filter_date, non_empty, render, store_error,
};
use crate::actions;
use crate::ops::export::ExportKind;
use crate::store::export_rows::ExportFilter;
use crate::store::guilds::Guild;

#[derive(Template, WebTemplate)]
#[template(path = "admin/exports.html")]
struct ExportsPage {
    layout: Layout,
    guilds: Vec<Guild>,
    /// File, title and what the dates filter on.
    kinds: Vec<(&'static str, &'static str, &'static str)>,
}

/// `GET /admin/exports`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let guilds = admin.app().store.list_guilds().await.map_err(store_error)?;
    Ok(render(
        &admin,
        ExportsPage {
            layout: Layout::new(&admin, "CSV exports", "exports"),
            guilds,
            kinds: vec![
                (
                    "participants.csv",
                    "Participants",
                    "Registration date in the range.",
                ),
                (
                    "activities.csv",
                    "Activities",
                    "Activity date in the range.",
                ),
                (
                    "guild-stats.csv",
                    "Guild statistics",
                    "Points from activities in the range.",
                ),
            ],
        },
    ))
}

/// The export's filter.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    guild: String,
}

/// `GET /admin/exports/:kind.csv`.
#[handler]
pub async fn download(
    admin: Admin,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let kind = file
        .strip_suffix(".csv")
        .and_then(ExportKind::parse)
        .ok_or_else(|| {
            error(
                StatusCode::NOT_FOUND,
                "No such export",
                "The exports are participants.csv, activities.csv and guild-stats.csv.",
            )
        })?;
    let bad = |m: String| error(StatusCode::UNPROCESSABLE_ENTITY, "Export not started", &m);
    let from = filter_date("The “from” date", &q.from).map_err(bad)?;
    let to = filter_date("The “to” date", &q.to).map_err(bad)?;
    let filter = ExportFilter {
        guild: non_empty(&q.guild),
        from,
        to,
    };
    let chunks = actions::exports::open(admin.app(), &admin.actor(), kind, filter)
        .await
        .map_err(action_error)?;
    let stamp = chrono::Utc::now().format("%Y%m%d");
    Ok(Response::builder()
        .content_type("text/csv; charset=utf-8")
        .header(
            "Content-Disposition",
            format!("attachment; filename=\"{}-{stamp}.csv\"", kind.name()),
        )
        .body(Body::from_bytes_stream(chunks)))
}
