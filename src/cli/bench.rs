//! `bench`: benchmarks, one subcommand each.

use clap::Subcommand;

use super::{bench_bot, bench_export, bench_metrics, bench_queries};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Drive simulated participants through registration and logging in the
    /// Telegram bot, against a built-in fake Bot API, on a scratch database.
    Bot(bench_bot::Args),
    /// Time the streamed activities CSV export against `psql \copy` of the
    /// same rows, with the export's peak memory (reads only).
    Export(bench_export::Args),
    /// Time ranks, standings, leaderboards and logging next to the queries
    /// of the bot this product replaced, on the same database.
    Queries(bench_queries::Args),
    #[command(flatten)]
    Metrics(bench_metrics::Command),
}

pub(super) async fn run(config: &Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Bot(args) => bench_bot::run(config, args).await,
        Command::Export(args) => bench_export::run(config, args).await,
        Command::Queries(args) => bench_queries::run(config, args).await,
        Command::Metrics(command) => bench_metrics::run(config, command).await,
    }
}
