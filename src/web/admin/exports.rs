//! Exports, streamed: participants, activities, guild statistics, feedback
//! and the audit log, filtered by dates and guild, as an Excel workbook or
//! CSV (for Finnish Excel with semicolons and decimal commas, for English
//! Excel, or plain).

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;

use super::auth::Admin;
use super::layout::{
    Layout, PageResult, action_error, error, filter_date, non_empty, render, store_error,
};
use super::layout::{say, t};
use crate::actions;
use crate::msg;
use crate::ops::export::{EXPORT_NAMES, ExportFormat, ExportKind, Separator};
use crate::store::audit::AuditFilter;
use crate::store::export_rows::ExportFilter;
use crate::store::guilds::Guild;

/// One export on the page, its texts as message ids.
struct Kind {
    name: &'static str,
    title: &'static str,
    download: &'static str,
    /// What the dates filter on.
    about: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/exports.html")]
struct ExportsPage {
    layout: Layout,
    guilds: Vec<Guild>,
    kinds: Vec<Kind>,
}

/// `GET /admin/exports`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let guilds = admin.app().store.list_guilds().await.map_err(store_error)?;
    let kind = |name, title, download_id, about| Kind {
        name,
        title,
        download: download_id,
        about,
    };
    Ok(render(
        &admin,
        ExportsPage {
            layout: Layout::new(&admin, t("admin-nav-exports"), "exports"),
            guilds,
            kinds: vec![
                kind(
                    "participants",
                    "admin-export-participants",
                    "admin-export-participants-download",
                    "admin-export-participants-about",
                ),
                kind(
                    "activities",
                    "admin-export-activities",
                    "admin-export-activities-download",
                    "admin-export-activities-about",
                ),
                kind(
                    "archived-activities",
                    "admin-export-archived-activities",
                    "admin-export-archived-activities-download",
                    "admin-export-archived-activities-about",
                ),
                kind(
                    "guild-stats",
                    "admin-export-guild-stats",
                    "admin-export-guild-stats-download",
                    "admin-export-guild-stats-about",
                ),
                kind(
                    "feedback",
                    "admin-export-feedback",
                    "admin-export-feedback-download",
                    "admin-export-feedback-about",
                ),
                kind(
                    "audit-log",
                    "admin-export-audit-log",
                    "admin-export-audit-log-download",
                    "admin-export-audit-log-about",
                ),
            ],
        },
    ))
}

/// The export's filter and format.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    guild: String,
    /// `xlsx`, `excel-fi` (CSV; semicolons, decimal commas, BOM), `excel`
    /// (CSV; commas, BOM) or `csv` (plain). The file's extension decides
    /// when it has one.
    #[serde(default)]
    format: String,
    /// Feedback: `yes` or `no`.
    #[serde(default)]
    reviewed: String,
    #[serde(default)]
    audit_action: String,
    #[serde(default)]
    audit_kind: String,
    #[serde(default)]
    audit_actor: String,
    #[serde(default)]
    hide_sign_ins: String,
}

/// `GET /admin/exports/:file`: `participants.csv`, `activities.xlsx`,
/// or a bare name with `?format=`.
#[handler]
pub async fn download(
    admin: Admin,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let (name, extension) = match file.rsplit_once('.') {
        Some((name, ext)) => (name, Some(ext)),
        None => (file.as_str(), None),
    };
    let unknown = || {
        error(
            StatusCode::NOT_FOUND,
            &t("admin-export-no-such"),
            &say(&msg!("admin-export-names", names = EXPORT_NAMES)),
        )
    };
    let kind = ExportKind::parse(name).ok_or_else(unknown)?;
    let format = match (extension, q.format.as_str()) {
        (Some("xlsx"), _) | (None, "xlsx") => ExportFormat::Xlsx {
            time_zone: admin.time_zone,
        },
        (Some("csv") | None, "excel-fi") => ExportFormat::Csv {
            separator: Separator::Semicolon,
            bom: true,
        },
        (Some("csv") | None, "excel") => ExportFormat::Csv {
            separator: Separator::Comma,
            bom: true,
        },
        (Some("csv") | None, "" | "csv") => ExportFormat::default(),
        _ => return Err(unknown()),
    };
    let bad = |m: String| {
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &t("admin-export-not-started"),
            &m,
        )
    };
    let from = filter_date("admin-label-from-date", &q.from).map_err(bad)?;
    let to = filter_date("admin-label-to-date", &q.to).map_err(bad)?;
    let filter = ExportFilter {
        guild: non_empty(&q.guild).filter(|_| kind != ExportKind::Audit),
        from,
        to,
        reviewed: match q.reviewed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        audit: AuditFilter {
            action: non_empty(&q.audit_action),
            actor_kind: non_empty(&q.audit_kind),
            actor: non_empty(&q.audit_actor),
            hide_sign_ins: q.hide_sign_ins == "1",
            ..AuditFilter::default()
        },
    };
    let chunks = actions::exports::open(admin.app(), &admin.actor(), kind, filter, format)
        .await
        .map_err(action_error)?;
    let stamp = chrono::Utc::now()
        .with_timezone(&admin.time_zone)
        .format("%Y%m%d");
    Ok(Response::builder()
        .content_type(format.content_type())
        .header(
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}-{stamp}.{}\"",
                kind.name(),
                format.extension()
            ),
        )
        .body(crate::web::download::body("export", chunks)))
}
