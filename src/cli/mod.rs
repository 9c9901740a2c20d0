//! The command line: `serve` (the default) and the administrative commands.

mod admin;
mod api;
mod api_token;
mod archive;
mod backup;
mod catalogue;
mod competition;
mod db;
mod demo;
mod export;
mod guild;
mod import;
mod migrate;
mod points;
mod serve;

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::store::Store;

/// Activity Challenge: a physical-activity competition between guilds.
///
/// Configuration comes from the environment (and a `.env` file in the
/// working directory): DATABASE_URL (default: an SQLite file under ./data/),
/// LISTEN_ADDR, TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL. See the README.
#[derive(Debug, Parser)]
#[command(name = "activity-challenge", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server: bot, admin panel, API, /metrics, /healthz and /readyz (the default).
    Serve,
    /// Apply, roll back or list database migrations.
    Migrate(migrate::Args),
    /// Set up and change competitions.
    #[command(subcommand)]
    Competition(competition::Command),
    /// Add, change and list guilds.
    #[command(subcommand)]
    Guild(guild::Command),
    /// Fill the database with demo participants (marked as test users) and activities.
    DemoData(demo::Args),
    /// Check that every participant's total equals the sum of their activities.
    #[command(subcommand)]
    Points(points::Command),
    /// Check or list the activity catalogue.
    #[command(subcommand)]
    Catalogue(catalogue::Command),
    /// Create admins for the admin panel, reset their passwords, list them.
    #[command(subcommand)]
    Admin(admin::Command),
    /// The JSON API: print its OpenAPI spec.
    #[command(subcommand)]
    Api(api::Command),
    /// Bearer tokens for the admin API: create (shown once), list, revoke.
    #[command(subcommand)]
    ApiToken(api_token::Command),
    /// Write a CSV export (participants, activities, guild-stats) to a file.
    Export(export::Args),
    /// Back up the database (gzip SQL or custom format), verify or list backups.
    Backup(backup::Args),
    /// Restore a backup (after a safety backup of the current data).
    Restore(backup::RestoreArgs),
    /// Import activities from a CSV file, checked row by row, all or nothing.
    #[command(subcommand)]
    Import(import::Command),
    /// Copy old activities into an archive table, optionally deleting them from the live table.
    Archive(archive::Args),
    /// Database maintenance: vacuum, analyze, reindex, kill-idle, health, create-app-role.
    #[command(subcommand)]
    Db(db::Command),
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let dotenv = dotenvy::dotenv();
    crate::telemetry::init();
    if let Err(e) = &dotenv
        && !e.not_found()
    {
        eprintln!("error: .env could not be read: {e}. Fix the line it names or remove the file.");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::run(config).await,
        Command::Migrate(args) => migrate::run(&config, args).await,
        Command::Competition(cmd) => competition::run(&migrated_store(&config).await?, cmd).await,
        Command::Guild(cmd) => guild::run(&migrated_store(&config).await?, cmd).await,
        Command::DemoData(args) => demo::run(&config, &migrated_store(&config).await?, args).await,
        Command::Points(cmd) => points::run(&migrated_store(&config).await?, cmd).await,
        Command::Catalogue(cmd) => catalogue::run(&config, cmd),
        Command::Admin(cmd) => admin::run(&migrated_store(&config).await?, cmd).await,
        Command::Api(cmd) => api::run(cmd),
        Command::ApiToken(cmd) => api_token::run(&migrated_store(&config).await?, cmd).await,
        Command::Export(args) => export::run(&migrated_store(&config).await?, args).await,
        Command::Backup(args) => backup::run(&config, &migrated_store(&config).await?, args).await,
        Command::Restore(args) => {
            backup::restore_cmd(&config, &migrated_store(&config).await?, args).await
        }
        Command::Import(cmd) => import::run(&config, &migrated_store(&config).await?, cmd).await,
        Command::Archive(args) => archive::run(&migrated_store(&config).await?, args).await,
        Command::Db(cmd) => db::run(&migrated_store(&config).await?, cmd).await,
    }
}

/// Connects and applies pending migrations, so every command works on a
/// fresh database.
async fn migrated_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database).await?;
    store
        .migrate()
        .await
        .context("applying database migrations failed")?;
    Ok(store)
}
