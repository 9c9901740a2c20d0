//! `backup [--dir DIR] [--format plain|custom] [--table T]...`,
//! `backup verify FILE`, `backup list` and `restore FILE`.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};

use crate::actions::database::{BackupOptions, RestoreOptions};
use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::backup::{human_size, list_backups};

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
    /// The file format (PostgreSQL; SQLite backups are always a gzip-compressed copy).
    #[arg(long, value_enum, default_value = "plain")]
    format: Format,
    /// Back up only this table (repeatable).
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
        file: PathBuf,
    },
    /// List the backups in the backup directory, newest first.
    List {
        /// The backup directory (default: BACKUP_DIR, else ./backups).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

pub(super) async fn run(app: &App, actor: &Actor, args: Args) -> anyhow::Result<()> {
    let config = &app.config;
    match args.action {
        Some(Action::Verify { file }) => {
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
            for (path, size, modified) in list_backups(&dir)? {
                let at: chrono::DateTime<chrono::Local> = modified.into();
                println!(
                    "{}  {:>10}  {}",
                    at.format("%Y-%m-%d %H:%M:%S"),
                    human_size(size),
                    path.display()
                );
            }
            Ok(())
        }
        None => {
            let options = BackupOptions {
                dir: args.dir,
                custom_format: matches!(args.format, Format::Custom),
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
    /// Restore only this table's rows from a custom-format dump (repeatable).
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
    println!("restored {} into {}", file.display(), report.target);
    Ok(())
}
