//! Database: the health report, maintenance (analyze, vacuum, reindex,
//! ending idle connections) and backups (create, download, verify) — the
//! operations guide's procedures behind confirmed, audited buttons.

use std::path::PathBuf;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Body, IntoResponse, handler};

use super::auth::{Admin, AdminForm};
use super::layout::{Layout, PageResult, error, redirect_with, render, store_error};
use crate::ops::backup::{
    BackupFormat, BackupRequest, backup, human_size, is_backup_name, list_backups,
};
use crate::ops::restore::verify;
use crate::store::health::HealthSection;

const PAGE: &str = "/admin/database";

/// One backup file in the list.
struct BackupRow {
    name: String,
    size: String,
    modified: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/database.html")]
struct DatabasePage {
    layout: Layout,
    backend: &'static str,
    sections: Vec<HealthSection>,
    health_error: Option<String>,
    tables: Vec<String>,
    backups: Vec<BackupRow>,
    backup_dir: String,
    backups_error: Option<String>,
}

/// `GET /admin/database`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let app = admin.app();
    let (sections, health_error) = match app.store.health_report().await {
        Ok(sections) => (sections, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let tables = app.store.list_tables().await.unwrap_or_default();
    let dir = app.config.backup.dir.clone();
    let (backups, backups_error) = match list_backups(&dir) {
        Ok(list) => (
            list.into_iter()
                .rev()
                .map(|(path, size, modified)| BackupRow {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    size: human_size(size),
                    modified: chrono::DateTime::<chrono::Utc>::from(modified)
                        .format("%Y-%m-%d %H:%M UTC")
                        .to_string(),
                })
                .collect(),
            None,
        ),
        Err(e) => (Vec::new(), Some(format!("{e:#}"))),
    };
    Ok(render(
        &admin,
        DatabasePage {
            layout: Layout::new(&admin, "Database", "database"),
            backend: match app.store.backend() {
                sea_orm::DbBackend::Postgres => "PostgreSQL",
                _ => "SQLite",
            },
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
    let store = &admin.app().store;
    let table = Some(form.get("table").trim()).filter(|t| !t.is_empty());
    if let Some(t) = table
        && !store
            .list_tables()
            .await
            .map_err(store_error)?
            .iter()
            .any(|known| known == t)
    {
        return Ok(redirect_with(
            PAGE,
            "error",
            format!("There is no table called {t:?}."),
        ));
    }
    let action = form.get("action");
    let heavy = action == "vacuum-full" || (action == "reindex" && table.is_none());
    if heavy && form.get("confirm") != "yes" {
        return Ok(redirect_with(
            PAGE,
            "error",
            "This takes exclusive locks: the bot and the panel wait until it ends. Tick the confirmation to run it.",
        ));
    }
    let result = match action {
        "analyze" => store.analyze(table).await,
        "vacuum" => store.vacuum(false, true, table).await,
        "vacuum-full" => store.vacuum(true, true, table).await,
        "reindex" => store.reindex(table).await,
        _ => {
            return Ok(redirect_with(
                PAGE,
                "error",
                "Choose analyze, vacuum, vacuum full or reindex.",
            ));
        }
    };
    let target = table.map_or_else(
        || "the whole database".to_string(),
        |t| format!("table {t}"),
    );
    match result {
        Ok(()) => {
            admin
                .audit(&format!("db.{action}"), target.clone(), None)
                .await?;
            Ok(redirect_with(
                PAGE,
                "ok",
                format!("{action} finished on {target}."),
            ))
        }
        Err(e) => {
            tracing::error!(error = %e, action, "maintenance failed");
            Ok(redirect_with(
                PAGE,
                "error",
                format!("{action} failed on {target}: {e}"),
            ))
        }
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
        return Ok(redirect_with(
            PAGE,
            "error",
            "Give the idle time in whole minutes, 1 to 1440 (e.g. 5).",
        ));
    };
    if form.get("confirm") != "yes" {
        return Ok(redirect_with(
            PAGE,
            "error",
            "Tick the confirmation to end idle connections.",
        ));
    }
    let ended = admin
        .app()
        .store
        .kill_idle(minutes * 60)
        .await
        .map_err(store_error)?;
    admin
        .audit(
            "db.kill_idle",
            format!("idle for over {minutes} min"),
            Some(format!("ended={ended}")),
        )
        .await?;
    Ok(redirect_with(
        PAGE,
        "ok",
        format!("Ended {ended} connection(s) idle for over {minutes} minutes."),
    ))
}

/// `POST /admin/database/backups`: takes a backup now (`format` plain or custom).
#[handler]
pub async fn create_backup(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let app = admin.app();
    let request = BackupRequest {
        dir: app.config.backup.dir.clone(),
        format: if form.get("format") == "custom" {
            BackupFormat::Custom
        } else {
            BackupFormat::Plain
        },
        tables: Vec::new(),
        keep_days: Some(app.config.backup.keep_days),
        actor: admin.username.clone(),
        encrypt_to: app.config.backup.age_recipient.clone(),
    };
    match backup(&app.config.database, &app.store, &request).await {
        Ok(report) => Ok(redirect_with(PAGE, "ok", report.summary())),
        Err(e) => {
            tracing::error!(
                error = format!("{e:#}"),
                "backup from the admin panel failed"
            );
            Ok(redirect_with(
                PAGE,
                "error",
                format!("The backup failed: {e:#}"),
            ))
        }
    }
}

/// `POST /admin/database/backups/verify`: `file` is a backup's name.
#[handler]
pub async fn verify_backup(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let app = admin.app();
    let Some(path) = backup_path(&app.config.backup.dir, form.get("file")) else {
        return Ok(redirect_with(PAGE, "error", "Pick a backup from the list."));
    };
    let name = form.get("file").to_string();
    match verify(
        &app.config.database,
        &app.store,
        &path,
        app.config.backup.age_identity_file.as_deref(),
    )
    .await
    {
        Ok(report) if report.ok() => {
            admin
                .audit("backup.verify", name.clone(), Some("ok".to_string()))
                .await?;
            Ok(redirect_with(
                PAGE,
                "ok",
                format!("{name} restores to exactly what it recorded."),
            ))
        }
        Ok(report) => {
            admin
                .audit(
                    "backup.verify",
                    name.clone(),
                    Some(report.problems.join("; ")),
                )
                .await?;
            Ok(redirect_with(
                PAGE,
                "error",
                format!("{name} is NOT good: {}", report.problems.join("; ")),
            ))
        }
        Err(e) => Ok(redirect_with(
            PAGE,
            "error",
            format!("Could not verify {name}: {e:#}"),
        )),
    }
}

/// `GET /admin/database/backups/:file`: downloads a backup, streamed.
#[handler]
pub async fn download_backup(admin: Admin, Path(file): Path<String>) -> PageResult {
    let app = admin.app();
    let path = backup_path(&app.config.backup.dir, &file).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "No such backup",
            "Pick a backup from the list on the Database page.",
        )
    })?;
    let handle = tokio::fs::File::open(&path).await.map_err(|e| {
        error(
            StatusCode::NOT_FOUND,
            "No such backup",
            &format!("{file}: {e}"),
        )
    })?;
    admin.audit("backup.download", file.clone(), None).await?;
    Ok(Body::from_async_read(handle)
        .into_response()
        .with_header("Content-Type", "application/octet-stream")
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{file}\""),
        )
        .into_response())
}

/// The path of backup `name` in `dir`, only for this product's backup
/// names (never a path that leaves the directory).
fn backup_path(dir: &std::path::Path, name: &str) -> Option<PathBuf> {
    (is_backup_name(name) && !name.contains('/') && !name.contains(".."))
        .then(|| dir.join(name))
        .filter(|p| p.is_file())
}
