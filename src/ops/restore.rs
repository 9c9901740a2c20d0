//! Restores and verifications. A whole-database restore loads the backup
//! into a fresh temporary database, migrates it, and only then swaps it in
//! by renaming, so a failed restore leaves the current database as it was.
//! A verification loads the backup into a scratch database, compares its
//! figures with the manifest and drops it.

use std::fs::{self, File};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use chrono::Utc;
use flate2::read::GzDecoder;

use crate::config::{DatabaseConfig, DatabaseKind};
use crate::ops::backup::{
    BackupFormat, BackupReport, BackupRequest, Manifest, backup, file_sha256, pg_server,
};
use crate::ops::dependencies::{loading_order, referenced_from_outside};
use crate::ops::pgtools::{PgServer, Tool, stderr_tail};
use crate::store::Store;
use crate::store::audit::{AuditActor, NewAuditEntry};
use crate::store::maintenance::{DataFigures, after_table_restore_sql, truncate_sql};

/// What to restore, and where.
#[derive(Debug, Clone)]
pub struct RestoreRequest {
    /// The backup file.
    pub file: PathBuf,
    /// Another database (PostgreSQL) or file (SQLite) to restore into.
    pub into: Option<String>,
    /// Only these tables (custom-format dumps only), replacing their rows.
    pub tables: Vec<String>,
    /// Where the safety backup goes.
    pub backup_dir: PathBuf,
    /// Who asked: the restored database's audit log records it.
    pub actor: AuditActor,
    /// Encrypt the safety backup for this age recipient (`BACKUP_AGE_RECIPIENT`).
    pub encrypt_to: Option<String>,
    /// The age identity file that decrypts an encrypted backup (`BACKUP_AGE_IDENTITY_FILE`).
    pub age_identity: Option<PathBuf>,
}

/// What a restore did.
#[derive(Debug)]
pub struct RestoreReport {
    /// The database (or file) restored into.
    pub target: String,
    /// The backup of the target taken first, when there was one to take.
    pub safety_backup: Option<BackupReport>,
    /// The tables whose rows were replaced, in loading order; empty when
    /// the whole database was.
    pub tables: Vec<String>,
}

/// Checks that `file` exists and looks like the backup format its name says.
pub fn detect_format(file: &Path) -> anyhow::Result<BackupFormat> {
    let mut head = [0u8; 5];
    let mut f = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let n = f.read(&mut head)?;
    let format = BackupFormat::of_file(file).with_context(|| {
        format!(
            "{} is not a backup of this product: expected a .sql.gz, .dump or .sqlite.gz file",
            file.display()
        )
    })?;
    let ok = match format {
        BackupFormat::Plain | BackupFormat::Sqlite => n >= 2 && head[..2] == [0x1f, 0x8b],
        BackupFormat::Custom => n == 5 && &head == b"PGDMP",
    };
    if !ok {
        bail!(
            "{} is not in the format its name says ({}): the file is damaged or not a backup",
            file.display(),
            match format {
                BackupFormat::Custom => "a pg_dump custom-format archive",
                _ => "gzip",
            }
        );
    }
    Ok(format)
}

/// A configuration for database `name` on the same server as `db`.
pub fn database_url(db: &DatabaseConfig, name: &str) -> anyhow::Result<DatabaseConfig> {
    let mut url = url::Url::parse(db.url()).context("DATABASE_URL is not a valid URL")?;
    url.set_path(&format!("/{name}"));
    let mut config = DatabaseConfig::from_url(url.as_str())?;
    config.pool_size = 2;
    config.connect_timeout = std::time::Duration::from_secs(10);
    Ok(config)
}

/// A connection to the server's `postgres` database, for creating,
/// renaming and dropping the others.
async fn server_store(db: &DatabaseConfig) -> anyhow::Result<Store> {
    Store::connect(&database_url(db, "postgres")?)
        .await
        .context("cannot connect to the server's postgres database (needed to create and rename databases)")
}

fn scratch_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        Utc::now().timestamp_micros()
    )
}

/// Loads a plain or custom backup into an existing, empty `database`.
fn load_into(
    server: &PgServer,
    file: &Path,
    format: BackupFormat,
    database: &str,
) -> anyhow::Result<()> {
    match format {
        BackupFormat::Custom => {
            let out = server
                .command(Tool::PgRestore, database)?
                .args(["--no-password", "--exit-on-error", "--single-transaction"])
                .arg(format!("--dbname={database}"))
                .arg(file)
                .stdin(Stdio::null())
                .output()
                .context("cannot run pg_restore")?;
            if !out.status.success() {
                bail!("{}", pg_restore_failure(file, out.status, &out.stderr));
            }
            Ok(())
        }
        _ => {
            let source = GzDecoder::new(File::open(file)?);
            run_psql(server, database, "", source)
                .with_context(|| format!("restoring {} failed", file.display()))
        }
    }
}

/// Feeds `prefix` then `source` to `psql` in one transaction that stops at
/// the first error; a broken source kills psql so nothing is committed.
fn run_psql(
    server: &PgServer,
    database: &str,
    prefix: &str,
    mut source: impl io::Read,
) -> anyhow::Result<()> {
    let mut child = psql_command(server, database)?
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start psql")?;
    let mut stdin = child.stdin.take().context("psql has no input")?;
    let mut stderr = child.stderr.take().context("psql has no error output")?;
    let errors = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let fed = stdin
        .write_all(prefix.as_bytes())
        .and_then(|()| io::copy(&mut source, &mut stdin).map(|_| ()));
    let source_broken = match &fed {
        // psql closing its input early is its own error, reported below.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
        Err(e) => Some(e.to_string()),
        Ok(()) => None,
    };
    if source_broken.is_some() {
        // Killed mid-transaction: the server rolls everything back.
        let _ = child.kill();
    }
    drop(stdin);
    let status = child.wait().context("psql did not finish")?;
    let errors = errors.join().unwrap_or_default();
    if let Some(e) = source_broken {
        bail!("the backup file is truncated or damaged ({e}); nothing was restored");
    }
    if !status.success() {
        bail!("psql stopped at an error: {}", stderr_tail(&errors));
    }
    Ok(())
}

fn psql_command(server: &PgServer, database: &str) -> anyhow::Result<Command> {
    let mut cmd = server.command(Tool::Psql, database)?;
    cmd.args([
        "--no-password",
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--single-transaction",
        "--file=-",
    ]);
    Ok(cmd)
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .context("the restore task stopped")?
}

/// Restores a backup (see the module documentation for how it stays safe).
pub async fn restore(
    db: &DatabaseConfig,
    store: &Store,
    request: &RestoreRequest,
) -> anyhow::Result<RestoreReport> {
    // The manifest sits beside the file as stored (encrypted or not).
    let manifest = Manifest::read_for(&request.file).ok();
    if !crate::ops::crypt::is_encrypted(&request.file) {
        return restore_file(db, store, request, manifest.as_ref()).await;
    }
    let (file, identity) = (request.file.clone(), request.age_identity.clone());
    let decrypted =
        blocking(move || crate::ops::crypt::decrypt_file(&file, identity.as_deref())).await?;
    let plain = RestoreRequest {
        file: decrypted.path.clone(),
        ..request.clone()
    };
    let report = restore_file(db, store, &plain, manifest.as_ref()).await;
    drop(decrypted);
    report
}

async fn restore_file(
    db: &DatabaseConfig,
    store: &Store,
    request: &RestoreRequest,
    manifest: Option<&Manifest>,
) -> anyhow::Result<RestoreReport> {
    let format = detect_format(&request.file)?;
    match (db.kind, format) {
        (DatabaseKind::Sqlite, BackupFormat::Sqlite) => {
            if !request.tables.is_empty() {
                bail!(
                    "an SQLite backup restores as a whole file; --table is for PostgreSQL custom-format backups"
                );
            }
            return restore_sqlite(db, store, request).await;
        }
        (DatabaseKind::Sqlite, _) => bail!(
            "{} is a PostgreSQL backup; DATABASE_URL points at SQLite",
            request.file.display()
        ),
        (DatabaseKind::Postgres, BackupFormat::Sqlite) => bail!(
            "{} is an SQLite backup; DATABASE_URL points at PostgreSQL",
            request.file.display()
        ),
        _ => {}
    }
    let server = pg_server(db, store).await?;
    let target = request
        .into
        .clone()
        .unwrap_or_else(|| server.database.clone());
    crate::store::maintenance::quote_ident(&target)?;
    let admin = server_store(db).await?;
    let target_exists = admin.database_exists(&target).await?;

    // A table backup restores the tables it was taken of (or those named
    // with --table); so does --table from a backup of the whole database.
    let table_backup = manifest.is_some_and(Manifest::is_table_backup);
    let tables = match (request.tables.is_empty(), manifest) {
        (false, _) => request.tables.clone(),
        (true, Some(m)) if table_backup => m.requested_tables.clone(),
        _ => Vec::new(),
    };
    if !tables.is_empty() && format != BackupFormat::Custom {
        bail!(
            "restoring single tables needs a custom-format backup (.dump); take one with `backup --format custom`"
        );
    }
    let plan = if tables.is_empty() {
        None
    } else if target_exists {
        let (srv, file) = (server.clone(), request.file.clone());
        let in_file = blocking(move || archive_tables(&srv, &file)).await?;
        Some(plan_table_restore(db, &target, &tables, &in_file).await?)
    } else if table_backup {
        None
    } else {
        bail!(
            "the database {target:?} does not exist; a table can only be restored into an existing database"
        );
    };

    let safety = if target_exists {
        let target_store = Store::connect(&database_url(db, &target)?).await?;
        let report = backup(
            &database_url(db, &target)?,
            &target_store,
            &BackupRequest {
                dir: request.backup_dir.clone(),
                format: BackupFormat::Custom,
                tables: Vec::new(),
                keep_days: None,
                encrypt_to: request.encrypt_to.clone(),
            },
        )
        .await
        .context("the safety backup of the current database failed, so nothing was restored")?;
        target_store.close().await;
        Some(report)
    } else {
        None
    };

    let mut restored_tables = Vec::new();
    if let Some(plan) = plan {
        restore_tables(db, &server, &target, &request.file, &plan).await?;
        restored_tables = plan.order;
    } else if table_backup {
        // A table backup into a new database: the schema from the
        // migrations, then every table the backup holds.
        let manifest = manifest.expect("a table backup has a manifest");
        admin.create_database(&target).await?;
        let loaded = async {
            let new_store = Store::connect(&database_url(db, &target)?).await?;
            new_store.migrate().await?;
            let order = loading_order(&manifest.tables, &new_store.foreign_keys().await?);
            let (srv, file, name, tables) = (
                server.clone(),
                request.file.clone(),
                target.clone(),
                order.clone(),
            );
            let after = format!("RESET search_path;\n{}", after_table_restore_sql(&tables));
            blocking(move || load_tables(&srv, &file, &name, "", &tables, &after)).await?;
            for t in &order {
                new_store.reset_id_sequence(t).await?;
            }
            new_store.close().await;
            Ok::<_, anyhow::Error>(order)
        }
        .await;
        match loaded {
            Ok(order) => restored_tables = order,
            Err(e) => {
                let _ = admin.drop_database(&target).await;
                return Err(e.context(format!("{target} was not created")));
            }
        }
    } else {
        let temp = format!("{}_restoring", &target[..target.len().min(40)]);
        admin.drop_database(&temp).await?;
        admin.create_database(&temp).await?;
        let loaded = async {
            let (srv, file, name) = (server.clone(), request.file.clone(), temp.clone());
            blocking(move || load_into(&srv, &file, format, &name)).await?;
            let temp_store = Store::connect(&database_url(db, &temp)?).await?;
            temp_store
                .migrate()
                .await
                .context("applying migrations to the restored database failed")?;
            temp_store.close().await;
            Ok::<_, anyhow::Error>(())
        }
        .await;
        if let Err(e) = loaded {
            let _ = admin.drop_database(&temp).await;
            return Err(e.context(format!("{target} was left unchanged")));
        }
        if target_exists {
            let old = format!(
                "{}_replaced_{}",
                &target[..target.len().min(30)],
                Utc::now().timestamp()
            );
            admin.rename_database(&target, &old).await?;
            if let Err(e) = admin.rename_database(&temp, &target).await {
                admin.rename_database(&old, &target).await?;
                return Err(anyhow::Error::new(e).context(format!("{target} was left unchanged")));
            }
            admin.drop_database(&old).await?;
        } else {
            admin.rename_database(&temp, &target).await?;
        }
    }
    admin.close().await;
    let target_store = Store::connect(&database_url(db, &target)?).await?;
    let details = if restored_tables.is_empty() {
        format!("from {}", request.file.display())
    } else {
        format!(
            "tables {} from {}",
            restored_tables.join(", "),
            request.file.display()
        )
    };
    target_store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor_kind: &request.actor.kind,
            actor: &request.actor.name,
            action: "restore",
            target: Some(target.clone()),
            details: Some(details),
            participant_id: None,
        })
        .await?;
    target_store.close().await;
    Ok(RestoreReport {
        target,
        safety_backup: safety,
        tables: restored_tables,
    })
}

/// A checked table restore: the tables in loading order.
#[derive(Debug)]
struct TablePlan {
    order: Vec<String>,
}

/// Checks a table restore into `target` before anything changes: the
/// tables exist there and in the backup, and every table whose rows
/// reference one of them is restored too (emptying a table empties what
/// references it). Returns them in loading order.
async fn plan_table_restore(
    db: &DatabaseConfig,
    target: &str,
    tables: &[String],
    in_file: &[String],
) -> anyhow::Result<TablePlan> {
    let target_store = Store::connect(&database_url(db, target)?).await?;
    let available = target_store.list_tables().await?;
    let foreign_keys = target_store.foreign_keys().await?;
    target_store.close().await;
    if let Some(missing) = tables.iter().find(|t| !available.contains(t)) {
        bail!(
            "there is no table {missing:?} in {target}; the tables are: {}",
            available.join(", ")
        );
    }
    if let Some(missing) = tables.iter().find(|t| !in_file.contains(t)) {
        bail!(
            "the backup holds no rows of {missing:?}; it holds {}. Nothing was changed",
            in_file.join(", ")
        );
    }
    let outside = referenced_from_outside(tables, &foreign_keys);
    if !outside.is_empty() {
        let add: Vec<String> = outside
            .iter()
            .map(|(child, _)| format!("--table {child}"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        bail!(
            "restoring {} empties {} first, and rows of other tables reference {}: {}. \
             Restore those tables from the same backup too ({}); nothing was changed",
            tables.join(", "),
            if tables.len() == 1 { "it" } else { "them" },
            if tables.len() == 1 { "it" } else { "them" },
            outside
                .iter()
                .map(|(child, parent)| format!("{child} references {parent}"))
                .collect::<Vec<_>>()
                .join(", "),
            add.join(" ")
        );
    }
    Ok(TablePlan {
        order: loading_order(tables, &foreign_keys),
    })
}

/// Replaces the rows of the planned tables with the backup's in one
/// transaction: emptied together, loaded in dependency order, and, when
/// `users` or `activities` changed, every total and rank count recomputed
/// before the commit. A failure changes nothing.
async fn restore_tables(
    db: &DatabaseConfig,
    server: &PgServer,
    target: &str,
    file: &Path,
    plan: &TablePlan,
) -> anyhow::Result<()> {
    let truncate = format!("{}\n", truncate_sql(&plan.order)?);
    let after = format!(
        "RESET search_path;\n{}",
        after_table_restore_sql(&plan.order)
    );
    let (srv, file, tables, name) = (
        server.clone(),
        file.to_path_buf(),
        plan.order.clone(),
        target.to_string(),
    );
    blocking(move || load_tables(&srv, &file, &name, &truncate, &tables, &after))
        .await
        .context("the tables were left unchanged")?;
    let target_store = Store::connect(&database_url(db, target)?).await?;
    for t in &plan.order {
        target_store.reset_id_sequence(t).await?;
    }
    target_store.close().await;
    Ok(())
}

/// The tables whose rows a custom-format backup holds (`pg_restore --list`).
fn archive_tables(server: &PgServer, file: &Path) -> anyhow::Result<Vec<String>> {
    let out = server
        .command(Tool::PgRestore, &server.database)?
        .arg("--list")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .context("cannot run pg_restore")?;
    if !out.status.success() {
        bail!("{}", pg_restore_failure(file, out.status, &out.stderr));
    }
    let list = String::from_utf8_lossy(&out.stdout);
    let mut tables: Vec<String> = list
        .lines()
        .filter(|l| !l.starts_with(';'))
        .filter_map(|l| l.split_once(" TABLE DATA public ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect();
    tables.sort();
    tables.dedup();
    Ok(tables)
}

/// What pg_restore said when it failed, never empty.
fn pg_restore_failure(file: &Path, status: std::process::ExitStatus, stderr: &[u8]) -> String {
    let said = stderr_tail(stderr);
    format!(
        "pg_restore could not read {}: {}",
        file.display(),
        if said.is_empty() {
            format!("it ended with {status} without saying why")
        } else {
            said
        }
    )
}

/// Runs `prefix`, the rows of `tables` from the custom-format `file` (one
/// `pg_restore --data-only` per table, in the given order) and `suffix`
/// through one `psql` transaction that stops at the first error. The
/// error says which program failed and quotes its own reason.
fn load_tables(
    server: &PgServer,
    file: &Path,
    database: &str,
    prefix: &str,
    tables: &[String],
    suffix: &str,
) -> anyhow::Result<()> {
    let mut psql = psql_command(server, database)?
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start psql")?;
    let mut stdin = psql.stdin.take().context("psql has no input")?;
    let psql_errors = read_in_background(psql.stderr.take().context("psql has no error output")?);
    // Each step: Ok(true) to go on, Ok(false) when psql stopped reading
    // (its own error says why), Err for a pg_restore failure.
    let mut feed = || -> anyhow::Result<bool> {
        if stdin.write_all(prefix.as_bytes()).is_err() {
            return Ok(false);
        }
        for table in tables {
            let mut pg_restore = server.command(Tool::PgRestore, database)?;
            let mut child = pg_restore
                .args(["--data-only", "--file=-"])
                .arg(format!("--table={table}"))
                .arg(file)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .context("cannot start pg_restore")?;
            let errors = read_in_background(
                child
                    .stderr
                    .take()
                    .context("pg_restore has no error output")?,
            );
            let mut rows = child.stdout.take().context("pg_restore has no output")?;
            let copied = io::copy(&mut rows, &mut stdin);
            if copied.is_err() {
                let _ = child.kill();
            }
            drop(rows);
            let status = child.wait().context("pg_restore did not finish")?;
            let errors = errors.join().unwrap_or_default();
            if copied.is_err() {
                return Ok(false);
            }
            if !status.success() {
                bail!("{}", pg_restore_failure(file, status, &errors));
            }
        }
        Ok(stdin.write_all(suffix.as_bytes()).is_ok())
    };
    let fed = feed();
    if fed.is_err() {
        // Killed mid-transaction: the server rolls everything back.
        let _ = psql.kill();
    }
    drop(stdin);
    let status = psql.wait().context("psql did not finish")?;
    let errors = psql_errors.join().unwrap_or_default();
    fed?;
    if !status.success() {
        let said = stderr_tail(&errors);
        bail!(
            "psql stopped at an error: {}",
            if said.is_empty() {
                format!("it ended with {status} without saying why")
            } else {
                said
            }
        );
    }
    Ok(())
}

fn read_in_background(
    mut from: impl io::Read + Send + 'static,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = from.read_to_end(&mut buf);
        buf
    })
}

fn gunzip_to(file: &Path, dest: &Path) -> anyhow::Result<()> {
    let mut src = GzDecoder::new(File::open(file)?);
    let mut out = File::create(dest)?;
    io::copy(&mut src, &mut out)
        .with_context(|| format!("{} is truncated or damaged", file.display()))?;
    out.sync_all()?;
    Ok(())
}

async fn restore_sqlite(
    db: &DatabaseConfig,
    store: &Store,
    request: &RestoreRequest,
) -> anyhow::Result<RestoreReport> {
    let target = PathBuf::from(match &request.into {
        Some(path) => path.clone(),
        None => db.database_name(),
    });
    let safety = if target.exists() {
        let target_config = DatabaseConfig::from_url(&format!("sqlite://{}", target.display()))?;
        let target_store = if request.into.is_some() {
            Store::connect(&target_config).await?
        } else {
            store.clone()
        };
        Some(
            backup(
                &target_config,
                &target_store,
                &BackupRequest {
                    dir: request.backup_dir.clone(),
                    format: BackupFormat::Sqlite,
                    tables: Vec::new(),
                    keep_days: None,
                    encrypt_to: request.encrypt_to.clone(),
                },
            )
            .await
            .context("the safety backup failed, so nothing was restored")?,
        )
    } else {
        None
    };
    let temp = target.with_extension("restoring");
    let (file, dest) = (request.file.clone(), temp.clone());
    let prepared = async {
        blocking(move || gunzip_to(&file, &dest)).await?;
        let temp_store = Store::connect(&DatabaseConfig::from_url(&format!(
            "sqlite://{}",
            temp.display()
        ))?)
        .await?;
        temp_store.migrate().await?;
        temp_store
            .record_audit(NewAuditEntry {
                admin_id: None,
                actor_kind: &request.actor.kind,
                actor: &request.actor.name,
                action: "restore",
                target: Some(target.display().to_string()),
                details: Some(format!("from {}", request.file.display())),
                participant_id: None,
            })
            .await?;
        temp_store.close().await;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    if let Err(e) = prepared {
        let _ = fs::remove_file(&temp);
        return Err(e.context(format!("{} was left unchanged", target.display())));
    }
    fs::rename(&temp, &target)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
    Ok(RestoreReport {
        target: target.display().to_string(),
        safety_backup: safety,
        tables: Vec::new(),
    })
}

/// The outcome of a verification.
#[derive(Debug)]
pub struct VerifyReport {
    /// What the backup recorded.
    pub manifest: Manifest,
    /// What the restored copy holds.
    pub found: Option<DataFigures>,
    /// Every difference or problem found; empty when the backup is good.
    pub problems: Vec<String>,
}

impl VerifyReport {
    /// Whether the backup restored to exactly what it recorded.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Restores `file` into a scratch database (or file), compares row counts
/// and points totals with its manifest, and removes the scratch copy.
pub async fn verify(
    db: &DatabaseConfig,
    store: &Store,
    file: &Path,
    age_identity: Option<&Path>,
) -> anyhow::Result<VerifyReport> {
    let manifest = Manifest::read_for(file)?;
    let mut problems = Vec::new();
    // The manifest describes the file as stored (encrypted or not).
    let path = file.to_path_buf();
    let sha = blocking(move || Ok(file_sha256(&path)?)).await?;
    if sha != manifest.sha256 {
        problems.push(format!("the file's SHA-256 {sha} differs from the manifest's {} (changed or damaged since the backup)", manifest.sha256));
    }
    let decrypted = if crate::ops::crypt::is_encrypted(file) {
        let (src, identity) = (file.to_path_buf(), age_identity.map(Path::to_path_buf));
        match blocking(move || crate::ops::crypt::decrypt_file(&src, identity.as_deref())).await {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(format!("{e:#}"));
                return Ok(VerifyReport {
                    manifest,
                    found: None,
                    problems,
                });
            }
        }
    } else {
        None
    };
    let file: &Path = decrypted.as_ref().map_or(file, |d| d.path.as_path());
    let format = match detect_format(file) {
        Ok(f) => f,
        Err(e) => {
            problems.push(format!("{e:#}"));
            return Ok(VerifyReport {
                manifest,
                found: None,
                problems,
            });
        }
    };
    let found = match format {
        BackupFormat::Sqlite => {
            let temp = std::env::temp_dir().join(format!("{}.sqlite", scratch_name("ac_verify")));
            let (src, dest) = (file.to_path_buf(), temp.clone());
            let result = async {
                blocking(move || gunzip_to(&src, &dest)).await?;
                let s = Store::connect(&DatabaseConfig::from_url(&format!(
                    "sqlite://{}",
                    temp.display()
                ))?)
                .await?;
                let figures = s.data_figures(&manifest.tables).await;
                s.close().await;
                Ok::<_, anyhow::Error>(figures?)
            }
            .await;
            let _ = fs::remove_file(&temp);
            result
        }
        _ => {
            let server = pg_server(db, store).await?;
            let admin = server_store(db).await?;
            let scratch = scratch_name("ac_verify");
            admin.create_database(&scratch).await?;
            let result = async {
                let (srv, src, name) = (server.clone(), file.to_path_buf(), scratch.clone());
                let s = Store::connect(&database_url(db, &scratch)?).await?;
                if manifest.is_table_backup() {
                    // Only rows: the schema comes from the migrations.
                    s.migrate().await?;
                    let order = loading_order(&manifest.tables, &s.foreign_keys().await?);
                    blocking(move || load_tables(&srv, &src, &name, "", &order, "")).await?;
                } else {
                    blocking(move || load_into(&srv, &src, format, &name)).await?;
                }
                let figures = s.data_figures(&manifest.tables).await;
                s.close().await;
                Ok::<_, anyhow::Error>(figures?)
            }
            .await;
            admin.drop_database(&scratch).await?;
            admin.close().await;
            result
        }
    };
    let found = match found {
        Ok(f) => f,
        Err(e) => {
            problems.push(format!("the backup could not be restored: {e:#}"));
            return Ok(VerifyReport {
                manifest,
                found: None,
                problems,
            });
        }
    };
    for (table, expected) in &manifest.figures.rows {
        let actual = found.rows.get(table).copied().unwrap_or(0);
        if actual != *expected {
            problems.push(format!(
                "{table}: {actual} rows restored, {expected} recorded"
            ));
        }
    }
    if found.user_points != manifest.figures.user_points {
        problems.push(format!(
            "users.points total {:?} restored, {:?} recorded",
            found.user_points, manifest.figures.user_points
        ));
    }
    if found.activity_points != manifest.figures.activity_points {
        problems.push(format!(
            "activities.points total {:?} restored, {:?} recorded",
            found.activity_points, manifest.figures.activity_points
        ));
    }
    Ok(VerifyReport {
        manifest,
        found: Some(found),
        problems,
    })
}
