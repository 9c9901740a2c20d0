//! The database procedures of the operations guide: backups (take, verify,
//! download, restore) and maintenance (vacuum, analyze, reindex, ending
//! idle connections, the limited role).

use std::path::{Path, PathBuf};

use sea_orm::DbBackend;

use super::{ActionError, ActionResult, Actor, Record, record, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::i18n::Message;
use crate::ops::backup::{BackupFormat, BackupReport, BackupRequest, is_backup_name};
use crate::ops::restore::{RestoreReport, RestoreRequest, VerifyReport};
use crate::store::audit::AuditActor;
use crate::store::db_stats::BACKUP_AUDIT_ACTION;

/// How to take a backup; `None`s take the configured defaults.
#[derive(Debug, Clone, Default)]
pub struct BackupOptions {
    /// The directory (default `BACKUP_DIR`).
    pub dir: Option<PathBuf>,
    /// Plain (default) or custom format (PostgreSQL).
    pub custom_format: bool,
    /// Only these tables; all when empty.
    pub tables: Vec<String>,
    /// Retention in days (default `BACKUP_KEEP_DAYS`).
    pub keep_days: Option<u32>,
}

/// The audit-log action of a backup of some tables only: recorded, but not
/// as the backup the last-backup metric and the `BackupMissing` alert watch.
pub const TABLE_BACKUP_AUDIT_ACTION: &str = "backup.tables";

/// Takes a backup, applies retention and records it (the audit entry of a
/// whole-database backup is what `/metrics` reports as the last successful
/// backup; a table backup is recorded as `backup.tables`). A failed backup
/// leaves the older ones untouched and records nothing.
pub async fn backup(
    app: &App,
    actor: &Actor,
    options: BackupOptions,
) -> ActionResult<BackupReport> {
    require(actor, AdminRole::DatabaseAdmin)?;
    if !options.tables.is_empty() {
        if app.store.backend() != DbBackend::Postgres {
            return Err(ActionError::Rejected(Message::verbatim(
                "An SQLite backup is a copy of the whole file; --table is for PostgreSQL. Leave it out to back up everything.",
            )));
        }
        if !options.custom_format {
            return Err(ActionError::Rejected(Message::verbatim(
                "A table backup is written in pg_dump's custom format, so that each table can be restored on its own: use --format custom (the default with --table).",
            )));
        }
    }
    let request = BackupRequest {
        dir: options.dir.unwrap_or_else(|| app.config.backup.dir.clone()),
        format: if options.custom_format {
            BackupFormat::Custom
        } else {
            BackupFormat::Plain
        },
        tables: options.tables,
        keep_days: Some(options.keep_days.unwrap_or(app.config.backup.keep_days)),
        encrypt_to: app.config.backup.age_recipient.clone(),
    };
    let report = crate::ops::backup::backup(&app.config.database, &app.store, &request)
        .await
        .map_err(ActionError::Failed)?;
    let name = file_name(&report.path);
    let mut details = format!(
        "size_bytes={} format={}",
        report.size,
        BackupFormat::of_file(&report.path).map_or("unknown", |f| f.label())
    );
    let action = if request.tables.is_empty() {
        BACKUP_AUDIT_ACTION
    } else {
        details.push_str(&format!(
            " tables={} (with {})",
            request.tables.join(","),
            report.manifest.tables.join(",")
        ));
        TABLE_BACKUP_AUDIT_ACTION
    };
    record(app, actor, Record::new(action, name).details(details)).await?;
    Ok(report)
}

/// The path of the backup called `name` in the backup directory: only this
/// product's backup names, never a path that leaves the directory.
pub fn backup_path(app: &App, name: &str) -> ActionResult<PathBuf> {
    let dir = &app.config.backup.dir;
    (is_backup_name(name) && !name.contains('/') && !name.contains(".."))
        .then(|| dir.join(name))
        .filter(|p| p.is_file())
        .ok_or_else(|| {
            ActionError::NotFound(crate::msg!(
                "err-no-backup",
                name = name,
                dir = dir.display().to_string()
            ))
        })
}

/// Restores a backup into a scratch database, compares it with what it
/// recorded, and records the verdict (a bad backup is a finding, not a
/// failure of the action).
pub async fn verify(app: &App, actor: &Actor, file: &Path) -> ActionResult<VerifyReport> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let report = crate::ops::restore::verify(
        &app.config.database,
        &app.store,
        file,
        app.config.backup.age_identity_file.as_deref(),
    )
    .await
    .map_err(|e| ActionError::Failed(e.context(format!("could not verify {}", file.display()))))?;
    let verdict = if report.ok() {
        "ok".to_string()
    } else {
        report.problems.join("; ")
    };
    record(
        app,
        actor,
        Record::new("backup.verify", file_name(file)).details(verdict),
    )
    .await?;
    Ok(report)
}

/// Records that a backup file is being downloaded, and opens it.
pub async fn download(app: &App, actor: &Actor, name: &str) -> ActionResult<tokio::fs::File> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let path = backup_path(app, name)?;
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| ActionError::NotFound(Message::verbatim(format!("{name}: {e}"))))?;
    record(app, actor, Record::new("backup.download", name)).await?;
    Ok(file)
}

/// What to restore.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    pub file: PathBuf,
    /// Another database (or SQLite file) to restore into.
    pub into: Option<String>,
    /// Only these tables (custom-format dumps).
    pub tables: Vec<String>,
    /// Where the safety backup goes (default `BACKUP_DIR`).
    pub backup_dir: Option<PathBuf>,
}

/// Restores a backup after a safety backup of the current data. The
/// restored database's audit log records the restore.
pub async fn restore(
    app: &App,
    actor: &Actor,
    options: RestoreOptions,
) -> ActionResult<RestoreReport> {
    require(actor, AdminRole::DatabaseAdmin)?;
    if !options.file.is_file() {
        return Err(ActionError::NotFound(Message::verbatim(format!(
            "the backup file {} does not exist",
            options.file.display()
        ))));
    }
    let request = RestoreRequest {
        file: options.file,
        into: options.into,
        tables: options.tables,
        backup_dir: options
            .backup_dir
            .unwrap_or_else(|| app.config.backup.dir.clone()),
        actor: AuditActor {
            kind: actor.kind().as_str().to_string(),
            name: actor.name(),
        },
        encrypt_to: app.config.backup.age_recipient.clone(),
        age_identity: app.config.backup.age_identity_file.clone(),
    };
    let report = crate::ops::restore::restore(&app.config.database, &app.store, &request)
        .await
        .map_err(ActionError::Failed)?;
    app.metrics.action_done("restore", actor.kind().as_str());
    Ok(report)
}

/// A maintenance task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maintenance {
    /// `VACUUM`, optionally `FULL` (exclusive locks) and with `ANALYZE`.
    Vacuum { full: bool, analyze: bool },
    /// `ANALYZE`.
    Analyze,
    /// `REINDEX`.
    Reindex,
}

impl Maintenance {
    /// Whether it blocks the bot and the panel while it runs (on `table`,
    /// or the whole database when `None`).
    pub fn takes_heavy_locks(self, table: Option<&str>) -> bool {
        match self {
            Maintenance::Vacuum { full, .. } => full,
            Maintenance::Reindex => table.is_none(),
            Maintenance::Analyze => false,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Maintenance::Vacuum { .. } => "db.vacuum",
            Maintenance::Analyze => "db.analyze",
            Maintenance::Reindex => "db.reindex",
        }
    }
}

/// Runs a maintenance task on one table or the whole database. One that
/// takes heavy locks needs `confirmed`.
pub async fn maintain(
    app: &App,
    actor: &Actor,
    task: Maintenance,
    table: Option<&str>,
    confirmed: bool,
) -> ActionResult<()> {
    require(actor, AdminRole::DatabaseAdmin)?;
    if let Some(t) = table
        && let Err(e) = crate::store::maintenance::quote_ident(t)
    {
        return Err(ActionError::NotFound(Message::verbatim(format!(
            "There is no table called {}: {e}.",
            super::quoted(t)
        ))));
    }
    if let Some(t) = table
        && !app
            .store
            .list_tables()
            .await?
            .iter()
            .any(|known| known == t)
    {
        return Err(ActionError::NotFound(crate::msg!("err-no-table", name = t)));
    }
    if task.takes_heavy_locks(table) && !confirmed {
        return Err(ActionError::NeedsConfirmation(crate::msg!(
            "err-maintenance-locks"
        )));
    }
    match task {
        Maintenance::Vacuum { full, analyze } => app.store.vacuum(full, analyze, table).await,
        Maintenance::Analyze => app.store.analyze(table).await,
        Maintenance::Reindex => app.store.reindex(table).await,
    }
    .map_err(|e| ActionError::Failed(e.into()))?;
    let mut details = Vec::new();
    if let Maintenance::Vacuum { full, analyze } = task {
        if full {
            details.push("full");
        }
        if analyze {
            details.push("analyze");
        }
    }
    let target = table.map_or_else(
        || "the whole database".to_string(),
        |t| format!("table {t}"),
    );
    record(
        app,
        actor,
        Record::new(task.action(), target).details(details.join(", ")),
    )
    .await
}

/// Ends this database's sessions idle for longer than `seconds` (never the
/// caller's own). PostgreSQL only.
pub async fn end_idle_connections(app: &App, actor: &Actor, seconds: i64) -> ActionResult<u64> {
    require(actor, AdminRole::DatabaseAdmin)?;
    postgres_only(app, "Ending idle connections")?;
    if !(1..=7 * 86_400).contains(&seconds) {
        return Err(ActionError::field(
            "older_than",
            crate::msg!("err-idle-time-range"),
        ));
    }
    let ended = app.store.kill_idle(seconds).await?;
    record(
        app,
        actor,
        Record::new(
            "db.kill_idle",
            format!(
                "sessions idle over {}",
                crate::domain::describe_seconds(seconds)
            ),
        )
        .details(format!("ended={ended}")),
    )
    .await?;
    Ok(ended)
}

/// Creates (or updates) the limited role the server should run as.
/// PostgreSQL only.
pub async fn create_app_role(
    app: &App,
    actor: &Actor,
    name: &str,
    password: Option<&str>,
) -> ActionResult<()> {
    require(actor, AdminRole::DatabaseAdmin)?;
    postgres_only(app, "The limited role")?;
    app.store.create_app_role(name, password).await?;
    record(app, actor, Record::new("db.create_app_role", name)).await
}

/// Refuses on SQLite.
pub fn postgres_only(app: &App, what: &str) -> ActionResult<()> {
    if app.store.backend() != DbBackend::Postgres {
        return Err(ActionError::Rejected(crate::msg!(
            "err-needs-postgres",
            what = what
        )));
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What `points check` found (and repaired).
#[derive(Debug, Clone)]
pub struct PointsCheck {
    pub report: crate::store::integrity::PointsReport,
    /// Rank-count rows that differed from a recount (PostgreSQL).
    pub rank_count_drift: Option<u64>,
}

/// Checks that every participant's total equals the sum of their
/// activities (and, on PostgreSQL, that the rank counts equal a recount);
/// with `repair`, fixes what differs and records the repair.
pub async fn check_points(app: &App, actor: &Actor, repair: bool) -> ActionResult<PointsCheck> {
    if repair {
        require(actor, AdminRole::DatabaseAdmin)?;
    }
    let tx = app.store.begin().await?;
    let report = tx.check_points(repair).await?;
    let rank_count_drift = tx.check_rank_counts(repair).await?;
    let repaired = report.drifts.len() as u64 + rank_count_drift.unwrap_or(0);
    if repair && repaired > 0 {
        let record = Record::new("points.repair", "participants' totals").details(format!(
            "{} totals set to the sum of their activities, {} rank-count rows rebuilt",
            report.drifts.len(),
            rank_count_drift.unwrap_or(0)
        ));
        super::commit(app, tx, actor, record).await?;
    }
    Ok(PointsCheck {
        report,
        rank_count_drift,
    })
}

/// Fills the database with demo participants (marked as test users) and
/// activities, and records it.
pub async fn demo_data(
    app: &App,
    actor: &Actor,
    options: &crate::ops::demo::DemoOptions,
    progress: &crate::ops::progress::Progress,
) -> ActionResult<crate::ops::demo::DemoSummary> {
    require(actor, AdminRole::DatabaseAdmin)?;
    let summary = crate::ops::demo::generate(&app.store, &app.catalogue, options, progress)
        .await
        .map_err(ActionError::Failed)?;
    record(
        app,
        actor,
        Record::new("demo.generate", "demo data").details(format!(
            "{} test participants, {} activities, seed {}",
            summary.users, summary.activities, options.seed
        )),
    )
    .await?;
    Ok(summary)
}
