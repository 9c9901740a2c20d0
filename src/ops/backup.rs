//! Backups: `pg_dump` piped through gzip (or its custom format) on
//! PostgreSQL, `VACUUM INTO` on SQLite; written under a temporary name and
//! renamed only when complete, readable by the owner only, described by a
//! manifest beside them, and pruned after `keep_days`. The action that
//! asked records it in the audit log (which `/metrics` reads the last
//! success from).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, bail};
use chrono::{DateTime, Local, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest as _, Sha256};

use crate::config::{DatabaseConfig, DatabaseKind};
use crate::ops::dependencies::with_referenced;
use crate::ops::pgtools::{PgServer, Tool, stderr_tail};
use crate::store::Store;
use crate::store::maintenance::DataFigures;

/// How a backup is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupFormat {
    /// Plain SQL from `pg_dump`, gzip-compressed (`.sql.gz`).
    Plain,
    /// `pg_dump`'s custom format (`.dump`), for `pg_restore` and single-table restores.
    Custom,
    /// A copy of an SQLite file, gzip-compressed (`.sqlite.gz`).
    Sqlite,
}

impl BackupFormat {
    /// The file-name suffix.
    pub fn extension(self) -> &'static str {
        match self {
            BackupFormat::Plain => "sql.gz",
            BackupFormat::Custom => "dump",
            BackupFormat::Sqlite => "sqlite.gz",
        }
    }

    /// The format a backup file name stands for.
    pub fn of_file(path: &Path) -> Option<BackupFormat> {
        let name = path.file_name()?.to_str()?;
        let name = name
            .strip_suffix(crate::ops::crypt::AGE_SUFFIX)
            .unwrap_or(name);
        [
            BackupFormat::Plain,
            BackupFormat::Custom,
            BackupFormat::Sqlite,
        ]
        .into_iter()
        .find(|f| name.ends_with(&format!(".{}", f.extension())))
    }

    /// The format's short name: plain, custom or sqlite.
    pub fn label(self) -> &'static str {
        match self {
            BackupFormat::Plain => "plain",
            BackupFormat::Custom => "custom",
            BackupFormat::Sqlite => "sqlite",
        }
    }
}

/// What to back up and where.
#[derive(Debug, Clone)]
pub struct BackupRequest {
    /// The directory (created with mode 0700 when missing).
    pub dir: PathBuf,
    /// Plain or custom (PostgreSQL); ignored on SQLite.
    pub format: BackupFormat,
    /// Only these tables; all when empty.
    pub tables: Vec<String>,
    /// Delete this product's backups older than this many days afterwards.
    pub keep_days: Option<u32>,
    /// Encrypt the backup for this age recipient (`BACKUP_AGE_RECIPIENT`).
    pub encrypt_to: Option<String>,
}

/// What a finished backup produced.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// What it holds.
    pub manifest: Manifest,
    /// Old backups deleted by retention.
    pub pruned: Vec<PathBuf>,
    /// How long it took.
    pub elapsed: Duration,
}

impl BackupReport {
    /// One line for the terminal or the log.
    pub fn summary(&self) -> String {
        let rows: i64 = self.manifest.figures.rows.values().sum();
        format!(
            "backup written: {} ({}, {} tables, {rows} rows) in {:.1} s{}",
            self.path.display(),
            human_size(self.size),
            self.manifest.figures.rows.len(),
            self.elapsed.as_secs_f64(),
            if self.pruned.is_empty() {
                String::new()
            } else {
                format!("; {} old backups deleted", self.pruned.len())
            }
        )
    }
}

/// The description written beside each backup (`FILE.manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// `plain`, `custom` or `sqlite`.
    pub format: String,
    /// The database backed up.
    pub database: String,
    /// When the backup was taken.
    pub created_at: DateTime<Utc>,
    /// The tables included.
    pub tables: Vec<String>,
    /// Row counts and points totals at backup time.
    pub figures: DataFigures,
    /// The backup file's size.
    pub size_bytes: u64,
    /// The backup file's SHA-256, hex.
    pub sha256: String,
    /// For a table backup, the tables asked for (`tables` adds what they
    /// reference); empty for a backup of the whole database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requested_tables: Vec<String>,
}

impl Manifest {
    /// Whether the backup holds only some tables (`backup --table`): it
    /// restores those tables, and does not count as a backup of the
    /// database (the last-backup metric and alert ignore it).
    pub fn is_table_backup(&self) -> bool {
        !self.requested_tables.is_empty()
    }

    /// The manifest path of a backup file.
    pub fn path_for(backup: &Path) -> PathBuf {
        let mut name = backup.as_os_str().to_owned();
        name.push(".manifest.json");
        PathBuf::from(name)
    }

    /// Reads the manifest beside `backup`.
    pub fn read_for(backup: &Path) -> anyhow::Result<Manifest> {
        let path = Self::path_for(backup);
        let text = fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read the manifest {} (it is written beside every backup)",
                path.display()
            )
        })?;
        serde_json::from_str(&text)
            .with_context(|| format!("the manifest {} is not valid", path.display()))
    }
}

/// Whether `name` is one of this product's backup files
/// (`backup-YYYYMMDD-HHMMSS[-N].{sql.gz,dump,sqlite.gz}`) or its manifest.
pub fn is_backup_name(name: &str) -> bool {
    let name = name.strip_suffix(".manifest.json").unwrap_or(name);
    let name = name
        .strip_suffix(crate::ops::crypt::AGE_SUFFIX)
        .unwrap_or(name);
    let Some(rest) = name.strip_prefix("backup-") else {
        return false;
    };
    let Some(stem) = ["sql.gz", "dump", "sqlite.gz"]
        .iter()
        .find_map(|ext| rest.strip_suffix(&format!(".{ext}")))
    else {
        return false;
    };
    let bytes = stem.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    bytes.len() >= 15
        && digits(&bytes[..8])
        && bytes[8] == b'-'
        && digits(&bytes[9..15])
        && (bytes.len() == 15 || (bytes[15] == b'-' && digits(&bytes[16..])))
}

/// Creates the backup directory with mode 0700 when missing.
fn prepare_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create the backup directory {}", dir.display()))?;
    }
    if !dir.is_dir() {
        bail!("the backup directory {} is not a directory", dir.display());
    }
    Ok(())
}

/// A fresh backup name in `dir`, `backup-YYYYMMDD-HHMMSS.EXT`, with `-N`
/// added when one already exists for this second.
fn new_backup_path(dir: &Path, format: BackupFormat) -> PathBuf {
    let stamp = Local::now().format("%Y%m%d-%H%M%S").to_string();
    let ext = format.extension();
    let mut path = dir.join(format!("backup-{stamp}.{ext}"));
    let mut n = 2;
    let taken = |p: &Path| {
        p.exists()
            || p.with_file_name(format!(
                "{}{}",
                p.file_name().unwrap_or_default().to_string_lossy(),
                crate::ops::crypt::AGE_SUFFIX
            ))
            .exists()
    };
    while taken(&path) {
        path = dir.join(format!("backup-{stamp}-{n}.{ext}"));
        n += 1;
    }
    path
}

fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Copies `src` into a new file at `dest` (mode 0600), gzip-compressed when
/// asked, synced to disk; returns its size and SHA-256.
fn write_file(mut src: impl Read, dest: &Path, gzip: bool) -> io::Result<(u64, String)> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dest)?;
    let mut out = Hashing {
        inner: BufWriter::with_capacity(1 << 20, file),
        hash: Sha256::new(),
        bytes: 0,
    };
    if gzip {
        let mut enc = GzEncoder::new(&mut out, Compression::new(6));
        io::copy(&mut src, &mut enc)?;
        enc.finish()?;
    } else {
        io::copy(&mut src, &mut out)?;
    }
    out.flush()?;
    let file = out.inner.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((out.bytes, hex(&out.hash.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hash = Sha256::new();
    io::copy(&mut file, &mut hash)?;
    Ok(hex(&hash.finalize()))
}

/// Takes a backup, writes its manifest, records it in the audit log and
/// applies retention.
pub async fn backup(
    db: &DatabaseConfig,
    store: &Store,
    request: &BackupRequest,
) -> anyhow::Result<BackupReport> {
    let started = Instant::now();
    let format = match db.kind {
        DatabaseKind::Sqlite => BackupFormat::Sqlite,
        DatabaseKind::Postgres => request.format,
    };
    if !request.tables.is_empty() {
        if format == BackupFormat::Sqlite {
            bail!(
                "an SQLite backup is a copy of the whole file; --table is for PostgreSQL. \
                 Leave it out to back up everything"
            );
        }
        if format != BackupFormat::Custom {
            bail!(
                "a table backup is written in pg_dump's custom format, so that each table can be \
                 restored on its own: use --format custom (the default with --table)"
            );
        }
    }
    prepare_dir(&request.dir)?;
    let available = store.list_tables().await?;
    for table in &request.tables {
        if !available.contains(table) {
            bail!(
                "there is no table {table:?} to back up; the tables are: {}",
                available.join(", ")
            );
        }
    }
    // A table backup brings the tables its rows reference, so that it
    // loads into an empty schema on its own (verify, restore --into).
    let tables = if request.tables.is_empty() {
        available
    } else {
        with_referenced(&request.tables, &store.foreign_keys().await?)
    };
    let path = new_backup_path(&request.dir, format);
    let partial = partial_path(&path);
    let result = match format {
        BackupFormat::Sqlite => sqlite_backup(store, &partial, &request.dir).await,
        _ => {
            let only = if request.tables.is_empty() {
                &[][..]
            } else {
                &tables[..]
            };
            pg_backup(db, store, &partial, format, only, &tables).await
        }
    };
    let result = match (result, &request.encrypt_to) {
        (Ok(done), None) => Ok((done, path.clone(), partial.clone())),
        (Ok((_, _, figures)), Some(recipient)) => {
            // Encrypted at rest: only the encrypted file stays, and the
            // manifest describes it.
            let encrypted = path.with_file_name(format!(
                "{}{}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                crate::ops::crypt::AGE_SUFFIX
            ));
            let encrypted_partial = partial_path(&encrypted);
            let (src, dst, recipient) = (
                partial.clone(),
                encrypted_partial.clone(),
                recipient.clone(),
            );
            let sealed = tokio::task::spawn_blocking(move || {
                crate::ops::crypt::encrypt_file(&src, &dst, &recipient)?;
                let size = fs::metadata(&dst)?.len();
                Ok::<_, anyhow::Error>((size, file_sha256(&dst)?))
            })
            .await
            .context("the encryption task stopped")
            .and_then(|r| r);
            let _ = fs::remove_file(&partial);
            match sealed {
                Ok((size, sha)) => Ok(((size, sha, figures), encrypted, encrypted_partial)),
                Err(e) => {
                    let _ = fs::remove_file(&encrypted_partial);
                    Err(e)
                }
            }
        }
        (Err(e), _) => Err(e),
    };
    let ((size, sha256, figures), path, partial) = match result {
        Ok(done) => done,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e.context(format!(
                "the backup failed; nothing was written and older backups in {} are untouched",
                request.dir.display()
            )));
        }
    };
    let manifest = Manifest {
        format: format.label().to_string(),
        database: db.database_name(),
        created_at: Utc::now(),
        tables,
        figures,
        size_bytes: size,
        sha256,
        requested_tables: request.tables.clone(),
    };
    let manifest_result = write_file(
        serde_json::to_vec_pretty(&manifest)?.as_slice(),
        &partial_path(&Manifest::path_for(&path)),
        false,
    )
    .and_then(|_| {
        fs::rename(
            partial_path(&Manifest::path_for(&path)),
            Manifest::path_for(&path),
        )
    })
    .and_then(|()| fs::rename(&partial, &path));
    if let Err(e) = manifest_result {
        let _ = fs::remove_file(&partial);
        let _ = fs::remove_file(partial_path(&Manifest::path_for(&path)));
        let _ = fs::remove_file(Manifest::path_for(&path));
        return Err(anyhow::Error::new(e).context(format!(
            "the backup could not be completed in {}; older backups are untouched",
            request.dir.display()
        )));
    }
    let pruned = match request.keep_days {
        Some(days) => prune(&request.dir, days)?,
        None => Vec::new(),
    };
    Ok(BackupReport {
        path,
        size,
        manifest,
        pruned,
        elapsed: started.elapsed(),
    })
}

async fn pg_backup(
    db: &DatabaseConfig,
    store: &Store,
    partial: &Path,
    format: BackupFormat,
    only: &[String],
    tables: &[String],
) -> anyhow::Result<(u64, String, DataFigures)> {
    let server = pg_server(db, store).await?;
    let mut cmd = server.command(Tool::PgDump, &server.database)?;
    let snapshot = store.backup_snapshot().await?;
    cmd.arg("--no-password")
        .arg(format!("--snapshot={}", snapshot.id()))
        .arg(if format == BackupFormat::Custom {
            "--format=custom"
        } else {
            "--format=plain"
        });
    // Only some tables: their rows (the schema comes from the migrations
    // of the database they are restored into).
    if !only.is_empty() {
        cmd.arg("--data-only");
    }
    for table in only {
        cmd.arg(format!("--table=public.{table}"));
    }
    let figures = snapshot.figures(tables).await?;
    let dest = partial.to_path_buf();
    let gzip = format == BackupFormat::Plain;
    let written = tokio::task::spawn_blocking(move || run_to_file(cmd, &dest, gzip))
        .await
        .context("the backup task stopped")?;
    snapshot.finish().await?;
    let (size, sha) = written?;
    Ok((size, sha, figures))
}

/// Connects the client tools to this configuration's server, checking versions.
pub async fn pg_server(db: &DatabaseConfig, store: &Store) -> anyhow::Result<PgServer> {
    let version = store
        .server_version_num()
        .await
        .context("cannot read the PostgreSQL server version")?;
    PgServer::new(db, (version / 10000) as u32)
}

/// Runs `cmd`, streaming its standard output into `dest`; the file is
/// removed when either the program or the writing fails.
fn run_to_file(
    mut cmd: std::process::Command,
    dest: &Path,
    gzip: bool,
) -> anyhow::Result<(u64, String)> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start pg_dump")?;
    let stdout = child.stdout.take().context("pg_dump has no output")?;
    let mut stderr = child.stderr.take().context("pg_dump has no error output")?;
    let errors = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let written = write_file(stdout, dest, gzip);
    if written.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().context("pg_dump did not finish")?;
    let errors = errors.join().unwrap_or_default();
    match written {
        Err(e) => {
            let _ = fs::remove_file(dest);
            let advice = write_advice(dest, &e);
            Err(anyhow::Error::new(e).context(advice))
        }
        Ok(_) if !status.success() => {
            let _ = fs::remove_file(dest);
            bail!("pg_dump failed ({status}): {}", stderr_tail(&errors))
        }
        Ok(done) => Ok(done),
    }
}

/// Why writing `dest` failed and what to do about it.
fn write_advice(dest: &Path, error: &io::Error) -> String {
    let dir = dest.parent().unwrap_or(Path::new("."));
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => format!(
            "the disk holding the backup directory {} is full: free some space there \
             (for example by moving older backups elsewhere) or set BACKUP_DIR to a \
             directory with more room",
            dir.display()
        ),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => format!(
            "the backup directory {} is not writable by the server: make it writable \
             for the user the server runs as (check its permissions, attributes and \
             mount options) or set BACKUP_DIR to a writable directory",
            dir.display()
        ),
        _ => format!(
            "cannot write {} (is the disk full or the directory read-only?)",
            dest.display()
        ),
    }
}

async fn sqlite_backup(
    store: &Store,
    partial: &Path,
    dir: &Path,
) -> anyhow::Result<(u64, String, DataFigures)> {
    let raw = dir.join(format!(
        ".sqlite-copy-{}-{}.partial",
        std::process::id(),
        Utc::now().timestamp_micros()
    ));
    let raw_text = raw
        .to_str()
        .context("the backup directory's path is not UTF-8")?;
    let copy = async {
        store
            .sqlite_vacuum_into(raw_text)
            .await
            .with_context(|| format!("VACUUM INTO {} failed", raw.display()))?;
        fs::set_permissions(&raw, fs::Permissions::from_mode(0o600))?;
        let copy_store =
            Store::connect(&DatabaseConfig::from_url(&format!("sqlite://{raw_text}"))?).await?;
        let tables = copy_store.list_tables().await?;
        let figures = copy_store.data_figures(&tables).await?;
        copy_store.close().await;
        let src = File::open(&raw)?;
        let dest = partial.to_path_buf();
        let (size, sha) = tokio::task::spawn_blocking(move || write_file(src, &dest, true))
            .await
            .context("the backup task stopped")??;
        Ok::<_, anyhow::Error>((size, sha, figures))
    }
    .await;
    let _ = fs::remove_file(&raw);
    copy
}

/// Deletes this product's backups (and their manifests) in `dir` older
/// than `keep_days`; other files are left alone.
pub fn prune(dir: &Path, keep_days: u32) -> anyhow::Result<Vec<PathBuf>> {
    let cutoff = SystemTime::now() - Duration::from_secs(u64::from(keep_days) * 86_400);
    let mut deleted = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_backup_name(name) || !entry.file_type()?.is_file() {
            continue;
        }
        let modified = entry.metadata()?.modified()?;
        if modified < cutoff {
            fs::remove_file(entry.path()).with_context(|| {
                format!("cannot delete the old backup {}", entry.path().display())
            })?;
            deleted.push(entry.path());
        }
    }
    deleted.sort();
    Ok(deleted)
}

/// One backup in the backup directory.
#[derive(Debug, Clone)]
pub struct BackupEntry {
    /// The backup file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// When it was taken: the time in its name (the file's modification
    /// time changes when it is copied; the name does not).
    pub taken_at: DateTime<Local>,
    /// For a table backup, the tables it was asked for (from its manifest).
    pub tables: Option<Vec<String>>,
}

impl BackupEntry {
    /// Whether it is a backup of the whole database (not `--table`).
    pub fn is_whole_database(&self) -> bool {
        self.tables.is_none()
    }

    /// "tables: a, b" for a table backup, empty otherwise.
    pub fn scope_note(&self) -> String {
        self.tables
            .as_ref()
            .map(|t| format!("tables: {}", t.join(", ")))
            .unwrap_or_default()
    }
}

/// The time in a backup's name (`backup-YYYYMMDD-HHMMSS…`, local time).
pub fn time_in_name(name: &str) -> Option<DateTime<Local>> {
    let stamp = name.strip_prefix("backup-")?.get(..15)?;
    let naive = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    naive.and_local_timezone(Local).earliest()
}

/// The `-N` a backup's name carries when several were taken in the same
/// second (1 for the first, which has none).
fn sequence_in_name(name: &str) -> u32 {
    name.strip_prefix("backup-")
        .and_then(|rest| rest.get(15..))
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.split('.').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// This product's backups in `dir`, newest first (by the time in their
/// names), with sizes and whether each is a table backup.
pub fn list_backups(dir: &Path) -> anyhow::Result<Vec<BackupEntry>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_backup_name(name) && !name.ends_with(".manifest.json") {
            let meta = entry.metadata()?;
            let taken_at = time_in_name(name)
                .unwrap_or_else(|| meta.modified().map_or_else(|_| Local::now(), Into::into));
            let tables = Manifest::read_for(&entry.path())
                .ok()
                .filter(Manifest::is_table_backup)
                .map(|m| m.requested_tables);
            found.push(BackupEntry {
                path: entry.path(),
                size: meta.len(),
                taken_at,
                tables,
            });
        }
    }
    let sequence = |e: &BackupEntry| {
        e.path
            .file_name()
            .and_then(|n| n.to_str())
            .map_or(1, sequence_in_name)
    };
    found.sort_by(|a, b| {
        b.taken_at
            .cmp(&a.taken_at)
            .then_with(|| sequence(b).cmp(&sequence(a)))
            .then_with(|| b.path.cmp(&a.path))
    });
    Ok(found)
}

/// The newest backup of the whole database in `dir` (table backups are
/// skipped), for `backup verify --newest` and the scheduled verification.
pub fn newest_database_backup(dir: &Path) -> anyhow::Result<PathBuf> {
    list_backups(dir)?
        .into_iter()
        .find(BackupEntry::is_whole_database)
        .map(|e| e.path)
        .with_context(|| {
            format!(
                "there is no backup of the whole database in {} (table backups do not count); take one with `activity-challenge backup`",
                dir.display()
            )
        })
}

/// A size in B, KiB, MiB or GiB.
pub fn human_size(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < units.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", units[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_products_names_count_as_backups() {
        for ok in [
            "backup-20261125-020000.sql.gz",
            "backup-20261125-020000.dump",
            "backup-20261125-020000-2.sqlite.gz",
            "backup-20261125-020000.sql.gz.manifest.json",
        ] {
            assert!(is_backup_name(ok), "{ok}");
        }
        for other in [
            "backup-2026-11-25.sql.gz",
            "notes.txt",
            "backup-20261125-020000.sql",
            "mybackup-20261125-020000.dump",
            "backup-20261125-020000-.dump",
            ".backup-20261125-020000.dump.partial",
        ] {
            assert!(!is_backup_name(other), "{other}");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
    }
}
