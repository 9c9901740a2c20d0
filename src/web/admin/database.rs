//! Database: the health report, maintenance (analyze, vacuum, reindex,
//! ending idle connections) and backups (create, download, verify) — the
//! operations guide's procedures behind confirmed, audited buttons.

use askama::Template;
use askama_web::WebTemplate;
use futures_util::StreamExt as _;
use poem::web::Path;
use poem::{Body, IntoResponse, handler};

use super::auth::{Admin, AdminForm};
use super::layout::{Layout, PageResult, action_error, action_message, redirect_with, render};
use super::layout::{say, t};
use crate::actions::database::{BackupOptions, Maintenance};
use crate::actions::{self, ActionError};
use crate::domain::health::{Assessment, HealthFigures, assess};
use crate::msg;
use crate::ops::backup::{human_size, list_backups};
use crate::store::db_stats::DatabaseHealth;
use crate::store::health::HealthSection;

const PAGE: &str = "/admin/database";

/// One backup file in the list.
struct BackupRow {
    name: String,
    size: String,
    /// When it was taken (the time in its name).
    taken: String,
    /// "tables: …" for a table backup, empty for the whole database.
    scope: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/database.html")]
struct DatabasePage {
    layout: Layout,
    backend: &'static str,
    /// One line per area: OK, needs attention or act now, and what to do.
    summary: Vec<Assessment>,
    sections: Vec<HealthSection>,
    health_error: Option<String>,
    tables: Vec<String>,
    backups: Vec<BackupRow>,
    backup_dir: String,
    backups_error: Option<String>,
}

/// The figures the plain-words summary is drawn from.
async fn figures(app: &crate::app::App) -> HealthFigures {
    let last_backup = app
        .store
        .competition_figures()
        .await
        .ok()
        .and_then(|f| f.last_backup);
    let mut figures = HealthFigures {
        last_backup,
        ..HealthFigures::default()
    };
    match app.store.database_health().await {
        Ok(DatabaseHealth::Sqlite(h)) => {
            figures.size_bytes = Some(h.file_size_bytes);
        }
        Ok(DatabaseHealth::Postgres(h)) => {
            if let Some(db) = &h.database {
                figures.size_bytes = u64::try_from(db.size_bytes).ok();
                figures.cache_reads = Some((db.blks_read, db.blks_hit));
            }
            let used: i64 = h.activity.iter().map(|a| a.count).sum();
            figures.connections =
                Some((used, h.max_connections - h.superuser_reserved_connections));
            figures.dead_rows = h
                .tables
                .iter()
                .max_by_key(|t| t.n_dead_tup * 1000 / (t.n_dead_tup + t.n_live_tup).max(1))
                .map(|t| (t.relname.clone(), t.n_dead_tup, t.n_live_tup));
            figures.longest_query_secs = Some(
                h.activity
                    .iter()
                    .filter(|a| a.state == "active" && a.datname == h.current_database)
                    .map(|a| a.max_tx_duration)
                    .fold(0.0, f64::max),
            );
        }
        Err(e) => tracing::warn!(error = %e, "database page: the health figures could not be read"),
    }
    figures
}

/// `GET /admin/database`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let app = admin.app();
    let summary = assess(&figures(app).await, chrono::Utc::now());
    let (sections, health_error) = match app.store.backend() {
        sea_orm::DbBackend::Postgres => match app.store.health_report().await {
            Ok(sections) => (sections, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        },
        _ => (Vec::new(), None),
    };
    let tables = app.store.list_tables().await.unwrap_or_default();
    let dir = app.config.backup.dir.clone();
    let (backups, backups_error) = match list_backups(&dir) {
        Ok(list) => (
            list.into_iter()
                .map(|b| BackupRow {
                    name: b
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    size: human_size(b.size),
                    taken: super::layout::labelled_time(
                        &b.taken_at.with_timezone(&chrono::Utc),
                        admin.time_zone,
                    ),
                    scope: b.scope_note(),
                })
                .collect(),
            None,
        ),
        Err(e) => (Vec::new(), Some(format!("{e:#}"))),
    };
    Ok(render(
        &admin,
        DatabasePage {
            layout: Layout::new(&admin, t("admin-nav-database"), "database"),
            backend: match app.store.backend() {
                sea_orm::DbBackend::Postgres => "PostgreSQL",
                _ => "SQLite",
            },
            summary,
            sections,
            health_error,
            tables,
            backups,
            backup_dir: dir.display().to_string(),
            backups_error,
        },
    ))
}

/// `POST /admin/database/maintenance`: `action` = analyze, vacuum,
/// vacuum-full or reindex, an optional `table`, and `confirm` for the
/// variants that take heavy locks.
#[handler]
pub async fn maintenance(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let table = Some(form.get("table").trim()).filter(|t| !t.is_empty());
    let action = form.get("action");
    let task = match action {
        "analyze" => Maintenance::Analyze,
        "vacuum" => Maintenance::Vacuum {
            full: false,
            analyze: true,
        },
        "vacuum-full" => Maintenance::Vacuum {
            full: true,
            analyze: true,
        },
        "reindex" => Maintenance::Reindex,
        _ => {
            return Ok(redirect_with(
                PAGE,
                "error",
                t("admin-database-choose-action"),
            ));
        }
    };
    let confirmed = form.get("confirm") == "yes";
    let target = match table {
        None => t("admin-database-whole"),
        Some(name) => say(&msg!("admin-database-table-name", table = name)),
    };
    match actions::database::maintain(admin.app(), &admin.actor(), task, table, confirmed).await {
        Ok(()) => Ok(redirect_with(
            PAGE,
            "ok",
            say(&msg!(
                "admin-database-maintenance-done",
                action = action,
                target = target.as_str()
            )),
        )),
        Err(ActionError::NeedsConfirmation(_)) => {
            Ok(redirect_with(PAGE, "error", t("admin-database-tick-locks")))
        }
        Err(e @ (ActionError::NotFound(_) | ActionError::Rejected(_))) => {
            Ok(redirect_with(PAGE, "error", action_message(&e)))
        }
        Err(e) => Ok(redirect_with(
            PAGE,
            "error",
            say(&msg!(
                "admin-database-maintenance-failed",
                action = action,
                target = target.as_str(),
                error = action_message(&e)
            )),
        )),
    }
}

/// `POST /admin/database/kill-idle`: `minutes` (1–1440) and `confirm`.
#[handler]
pub async fn kill_idle(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let Some(minutes) = form
        .get("minutes")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|m| (1..=1440).contains(m))
    else {
        return Ok(redirect_with(PAGE, "error", t("admin-database-idle-range")));
    };
    if form.get("confirm") != "yes" {
        return Ok(redirect_with(PAGE, "error", t("admin-database-tick-idle")));
    }
    match actions::database::end_idle_connections(admin.app(), &admin.actor(), minutes * 60).await {
        Ok(ended) => Ok(redirect_with(
            PAGE,
            "ok",
            say(&msg!(
                "admin-database-idle-ended",
                ended = ended,
                minutes = minutes
            )),
        )),
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(PAGE, "error", action_message(&e))),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/database/backups`: takes a backup now (`format` plain or custom).
#[handler]
pub async fn create_backup(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let options = BackupOptions {
        custom_format: form.get("format") == "custom",
        ..BackupOptions::default()
    };
    match actions::database::backup(admin.app(), &admin.actor(), options).await {
        Ok(report) => Ok(redirect_with(PAGE, "ok", report.summary())),
        Err(e) => Ok(redirect_with(PAGE, "error", action_message(&e))),
    }
}

/// `POST /admin/database/backups/verify`: `file` is a backup's name.
#[handler]
pub async fn verify_backup(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let app = admin.app();
    let name = form.get("file").to_string();
    let Ok(path) = actions::database::backup_path(app, &name) else {
        return Ok(redirect_with(
            PAGE,
            "error",
            t("admin-database-pick-backup"),
        ));
    };
    match actions::database::verify(app, &admin.actor(), &path).await {
        Ok(report) if report.ok() => Ok(redirect_with(
            PAGE,
            "ok",
            say(&msg!("admin-database-verified", name = name.as_str())),
        )),
        Ok(report) => Ok(redirect_with(
            PAGE,
            "error",
            say(&msg!(
                "admin-database-verify-bad",
                name = name.as_str(),
                problems = report.problems.join("; ")
            )),
        )),
        Err(e) => Ok(redirect_with(
            PAGE,
            "error",
            say(&msg!(
                "admin-database-verify-failed",
                name = name.as_str(),
                error = action_message(&e)
            )),
        )),
    }
}

/// `GET /admin/database/backups/:file`: downloads a backup, streamed.
#[handler]
pub async fn download_backup(admin: Admin, Path(file): Path<String>) -> PageResult {
    let handle = actions::database::download(admin.app(), &admin.actor(), &file)
        .await
        .map_err(action_error)?;
    let chunks = Body::from_async_read(handle)
        .into_bytes_stream()
        .map(|chunk| chunk.map(Vec::from));
    Ok(crate::web::download::body("backup", chunks)
        .into_response()
        .with_header("Content-Type", "application/octet-stream")
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{file}\""),
        )
        .into_response())
}
