//! The `activity-challenge-bench` command: benchmarks of Activity Challenge,
//! one subcommand each. A binary of its own, so that the server ships none
//! of them (nor the replaced bot's queries, nor the fake Bot API).

mod announce;
mod bot;
mod export;
mod legacy;
mod memory;
mod metrics;
mod queries;
mod review;
mod taps;
mod workouts;

use std::process::ExitCode;

use activity_challenge::config::Config;
use clap::{Parser, Subcommand};

/// The same allocator as the server's (`src/main.rs`), so that the figures
/// measured here are the server's; it counts live heap bytes only while a
/// benchmark asks it to (see [`workouts`]).
#[global_allocator]
static ALLOCATOR: workouts::Counting = workouts::Counting;

/// Benchmarks of Activity Challenge: the bot on a scratch database, the
/// queries next to the replaced bot's, /metrics scrapes and the CSV export.
///
/// Configuration comes from the environment (and a `.env` file in the
/// working directory), as for the server: DATABASE_URL above all. See the
/// README and docs/performance.md.
#[derive(Debug, Parser)]
#[command(name = "activity-challenge-bench", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Drive simulated participants through registration and logging in the
    /// Telegram bot, against a built-in fake Bot API, on a scratch database.
    Bot(bot::Args),
    /// Time the streamed activities CSV export against `psql \copy` of the
    /// same rows, with the export's peak memory (reads only).
    Export(export::Args),
    /// Time ranks, standings, leaderboards and logging next to the queries
    /// of the bot this product replaced, on the same database.
    Queries(queries::Args),
    /// Time reading workout files (every file in tests/data/workouts and a
    /// generated multisport file of about 1 MB) and their peak memory.
    Workouts(workouts::Args),
    /// Count the taps and updates a participant needs to log a repeated
    /// activity, a pinned one, a typed one and a workout file, by driving
    /// the real bot against a built-in fake Bot API on a scratch database.
    Taps(taps::Args),
    /// The server's idle and loaded resident memory and its request rate,
    /// with mimalloc's defaults and with the server's allocator settings.
    Memory(memory::Args),
    /// How often the review queue's flags fire on honest demo data (the
    /// false-positive rate) and on generated cheating patterns.
    Review(review::Args),
    /// An announcement to many participants through the job queue and the
    /// bot's sender: messages a second, CPU and memory; and the rate
    /// achieved at Telegram's limit of 30 a second.
    Announce(announce::Args),
    #[command(flatten)]
    Metrics(metrics::Command),
}

fn main() -> ExitCode {
    let dotenv = dotenvy::dotenv();
    activity_challenge::telemetry::init();
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
    match cli.command {
        Command::Bot(args) => bot::run(&config, args).await,
        Command::Export(args) => export::run(&config, args).await,
        Command::Queries(args) => queries::run(&config, args).await,
        Command::Workouts(args) => workouts::run(args),
        Command::Taps(args) => taps::run(&config, args).await,
        Command::Memory(args) => memory::run(args).await,
        Command::Review(args) => review::run(&config, args).await,
        Command::Announce(args) => announce::run(&config, args).await,
        Command::Metrics(command) => metrics::run(&config, command).await,
    }
}

/// A memory figure of this process from `/proc/self/status`, in KiB
/// (`VmRSS:` resident now, `VmHWM:` the peak); `None` off Linux.
fn memory_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}
