//! `backup [--dir DIR] [--format plain|custom] [--table T]...`,
//! `backup verify FILE`, `backup list` and `restore FILE`.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};

use crate::actions::database::{BackupOptions, RestoreOptions};
use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::backup::{human_size, list_backups, newest_database_backup};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// gzip-compressed SQL (`.sql.gz`), restored with psql.
    Plain,
    /// pg_dump's custom format (`.dump`), restored with pg_restore; allows single-table restores.
    Custom,
}

#[derive(Debug, ClapArgs)]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// The backup directory (default: BACKUP_DIR, else ./backups).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The file format (PostgreSQL; SQLite backups are always a gzip-compressed
    /// copy): plain by default, custom with --table.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Back up only this table's rows, with the rows of the tables it
    /// references (repeatable). Recorded apart: it is not the backup that
    /// the last-backup metric and alert watch.
    #[arg(long = "table")]
    tables: Vec<String>,
    /// Delete this product's backups older than this many days afterwards (default: BACKUP_KEEP_DAYS, else 30).
    #[arg(long)]
    keep_days: Option<u32>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Restore a backup into a scratch database and compare it with what it recorded.
    Verify {
        /// The backup file.
        #[arg(required_unless_present = "newest")]
        file: Option<PathBuf>,
        /// Verify the newest backup of the whole database in the backup
        /// directory instead (table backups are skipped).
        #[arg(long, conflicts_with = "file")]
        newest: bool,
        /// The backup directory for --newest (default: BACKUP_DIR, else ./backups).
        #[arg(long, requires = "newest")]
        dir: Option<PathBuf>,
    },
    /// Write a new age key file for encrypted backups and print its public
    /// key (for BACKUP_AGE_RECIPIENT); needs no database.
    Keygen {
        /// The key file to create (owner-only; an existing file is never overwritten).
        file: PathBuf,
    },
    /// List the backups in the backup directory, newest first.
    List {
        /// The backup directory (default: BACKUP_DIR, else ./backups).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// Whether the command works without a database (`backup keygen`).
pub(super) fn needs_no_database(args: &Args) -> bool {
    matches!(args.action, Some(Action::Keygen { .. }))
}

/// `backup keygen FILE`: an age identity file like `age-keygen -o FILE`
/// writes, and its public key on standard output.
pub(super) fn keygen(args: Args) -> anyhow::Result<()> {
    let Some(Action::Keygen { file }) = args.action else {
        bail!("not the keygen command");
    };
    let recipient = crate::ops::crypt::generate_key_file(&file)?;
    eprintln!(
        "wrote the private key to {}: keep it away from the backups, where restores and verifications run; \
         set BACKUP_AGE_RECIPIENT to the public key below on the server",
        file.display()
    );
    println!("{recipient}");
    Ok(())
}

pub(super) async fn run(app: &App, actor: &Actor, args: Args) -> anyhow::Result<()> {
    let config = &app.config;
    match args.action {
        Some(Action::Keygen { .. }) => keygen(args),
        Some(Action::Verify { file, newest, dir }) => {
            let file = match file {
                Some(file) if !newest => file,
                _ => newest_database_backup(&dir.unwrap_or_else(|| config.backup.dir.clone()))?,
            };
            let report = actions::database::verify(app, actor, &file).await?;
            if let Some(found) = &report.found {
                for (table, rows) in &found.rows {
                    println!("{table}: {rows} rows");
                }
            }
            if report.ok() {
                println!(
                    "backup verified: {} restores to the {} tables and points totals it recorded",
                    file.display(),
                    report.manifest.tables.len()
                );
                Ok(())
            } else {
                for problem in &report.problems {
                    eprintln!("problem: {problem}");
                }
                bail!("the backup {} failed verification", file.display())
            }
        }
        Some(Action::List { dir }) => {
            let dir = dir.unwrap_or_else(|| config.backup.dir.clone());
            let backups = list_backups(&dir)?;
            if backups.is_empty() {
                println!(
                    "No backups in {} yet: take one with `activity-challenge backup`.",
                    dir.display()
                );
            }
            for b in backups {
                let note = b.scope_note();
                println!(
                    "{}  {:>10}  {}{}",
                    b.taken_at.format("%Y-%m-%d %H:%M:%S"),
                    human_size(b.size),
                    b.path.display(),
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!("  ({note})")
                    }
                );
            }
            Ok(())
        }
        None => {
            let options = BackupOptions {
                dir: args.dir,
                custom_format: match args.format {
                    Some(format) => matches!(format, Format::Custom),
                    None => !args.tables.is_empty(),
                },
                tables: args.tables,
                keep_days: args.keep_days,
            };
            let report = actions::database::backup(app, actor, options).await?;
            println!("{}", report.summary());
            Ok(())
        }
    }
}

#[derive(Debug, ClapArgs)]
pub(super) struct RestoreArgs {
    /// The backup file (.sql.gz, .dump or .sqlite.gz).
    file: PathBuf,
    /// Restore without asking (needed when not run in a terminal).
    #[arg(long)]
    yes: bool,
    /// Restore into this database (created when missing) instead of the configured one.
    #[arg(long)]
    into: Option<String>,
    /// Restore only this table's rows from a custom-format dump (repeatable);
    /// tables whose rows reference it must be restored with it.
    #[arg(long = "table")]
    tables: Vec<String>,
    /// Where the safety backup goes (default: BACKUP_DIR, else ./backups).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// Asks for the database's name on a terminal; anything else refuses.
fn confirmed(target: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "refusing to restore into {target:?} without confirmation: nothing was changed. \
             Pass --yes, or run in a terminal and type the database name when asked"
        );
    }
    print!("This replaces the data in {target:?}. Type its name to continue: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim() == target)
}

pub(super) async fn restore_cmd(app: &App, actor: &Actor, args: RestoreArgs) -> anyhow::Result<()> {
    let config = &app.config;
    if !args.file.is_file() {
        bail!("the backup file {} does not exist", args.file.display());
    }
    let target = args
        .into
        .clone()
        .unwrap_or_else(|| config.database.database_name());
    if !args.yes && !confirmed(&target)? {
        bail!("the name did not match; nothing was changed");
    }
    let file = args.file.clone();
    let options = RestoreOptions {
        file: args.file,
        into: args.into,
        tables: args.tables,
        backup_dir: args.dir,
    };
    let report = actions::database::restore(app, actor, options).await?;
    if let Some(safety) = &report.safety_backup {
        println!(
            "safety backup of the previous data: {}",
            safety.path.display()
        );
    }
    if report.tables.is_empty() {
        println!("restored {} into {}", file.display(), report.target);
    } else {
        println!(
            "restored the tables {} from {} into {}{}",
            report.tables.join(", "),
            file.display(),
            report.target,
            if report
                .tables
                .iter()
                .any(|t| t == "users" || t == "activities")
            {
                "; participants' totals and rank counts recomputed"
            } else {
                ""
            }
        );
    }
    Ok(())
}
