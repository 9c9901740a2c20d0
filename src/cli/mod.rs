//! The command line: `serve` (the default) and the administrative commands.
//!
//! Each command parses its arguments, calls an action as the person at the
//! terminal ([`Actor::cli`]) and prints the outcome; an error is printed
//! once, with what to do, and the exit code is non-zero.

mod admin;
mod announce;
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
mod review;

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::actions::Actor;
use crate::app::App;
use crate::config::Config;

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
    /// The review queue of flagged entries: list, approve, reject.
    #[command(subcommand)]
    Review(review::Command),
    /// Announcements to the participants through the bot: send (after a
    /// preview), list, status, cancel.
    #[command(subcommand)]
    Announce(announce::Command),
    /// Check or list the activity catalogue.
    #[command(subcommand)]
    Catalogue(catalogue::Command),
    /// Create admins for the admin panel, reset their passwords, list them.
    #[command(subcommand)]
    Admin(admin::Command),
    /// The JSON API: print its OpenAPI spec.
    #[command(subcommand)]
    Api(ApiCommand),
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

/// `api spec`.
#[derive(Debug, Subcommand)]
enum ApiCommand {
    /// Print the OpenAPI spec (the same document as /api/openapi.json), e.g.
    /// `activity-challenge api spec > docs/openapi.json`.
    Spec,
}

/// A future the server runs until it stops.
pub type ServeFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// What the command line runs but does not own: the server itself and the
/// API's spec (both belong to the frontends that `serve` wires together).
#[derive(Clone, Copy)]
pub struct Entry {
    /// Runs the server until it is stopped.
    pub serve: fn(Config) -> ServeFuture,
    /// The JSON API's OpenAPI document.
    pub api_spec: fn() -> String,
}

/// Runs the command line and returns the process's exit code.
pub fn main(entry: Entry) -> ExitCode {
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
    match runtime.block_on(run(cli, entry)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", crate::actions::describe(&e));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, entry: Entry) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => (entry.serve)(config).await,
        Command::Api(ApiCommand::Spec) => {
            println!("{}", (entry.api_spec)());
            Ok(())
        }
        Command::Migrate(args) => migrate::run(&config, args).await,
        Command::Catalogue(cmd) => catalogue::run(&config, cmd),
        Command::Backup(args) if backup::needs_no_database(&args) => backup::keygen(args),
        command => {
            let app = App::build(config)
                .await
                .context("the database is not ready")?;
            execute(&app, &Actor::cli(), command).await
        }
    }
}

/// Runs the command in `args` (without the program name) against `app`, as
/// `actor`: the command line's own parsing and printing, in this process.
/// `serve`, `migrate`, `catalogue` and `api` need no app and are refused.
pub async fn run_args(app: &App, actor: &Actor, args: &[&str]) -> anyhow::Result<()> {
    let cli =
        Cli::try_parse_from(std::iter::once("activity-challenge").chain(args.iter().copied()))?;
    execute(app, actor, cli.command.context("no command given")?).await
}

/// An action's refusal for the command line: invalid fields are named by
/// the command's own flags (`flags` maps a field to its flag or argument).
fn refused(e: crate::actions::ActionError, flags: &[(&str, &str)]) -> anyhow::Error {
    match e {
        crate::actions::ActionError::Invalid(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| {
                    let flag = flags
                        .iter()
                        .find(|(field, _)| *field == e.field)
                        .map_or(e.field, |(_, flag)| flag);
                    format!("  {flag}: {}", e.message)
                })
                .collect();
            anyhow::anyhow!("the values were not accepted:\n{}", lines.join("\n"))
        }
        other => other.into(),
    }
}

async fn execute(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Competition(cmd) => competition::run(app, actor, cmd).await,
        Command::Guild(cmd) => guild::run(app, actor, cmd).await,
        Command::DemoData(args) => demo::run(app, actor, args).await,
        Command::Points(cmd) => points::run(app, actor, cmd).await,
        Command::Review(cmd) => review::run(app, actor, cmd).await,
        Command::Announce(cmd) => announce::run(app, actor, cmd).await,
        Command::Admin(cmd) => admin::run(app, actor, cmd).await,
        Command::ApiToken(cmd) => api_token::run(app, actor, cmd).await,
        Command::Export(args) => export::run(app, actor, args).await,
        Command::Backup(args) => backup::run(app, actor, args).await,
        Command::Restore(args) => backup::restore_cmd(app, actor, args).await,
        Command::Import(cmd) => import::run(app, actor, cmd).await,
        Command::Archive(args) => archive::run(app, actor, args).await,
        Command::Db(cmd) => db::run(app, actor, cmd).await,
        Command::Serve | Command::Migrate(_) | Command::Catalogue(_) | Command::Api(_) => {
            anyhow::bail!("this command runs only from the command line itself")
        }
    }
}
