//! `demo-data --users N --activities M`.

use crate::app::load_catalogue;
use crate::config::Config;
use crate::ops::demo::{DemoOptions, generate};
use crate::ops::progress::Progress;
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// How many participants to create (all marked as test users).
    #[arg(long, default_value_t = 1000)]
    users: u64,
    /// How many activities to log among them.
    #[arg(long, default_value_t = 5000)]
    activities: u64,
    /// Seed of the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
}

pub(super) async fn run(config: &Config, store: &Store, args: Args) -> anyhow::Result<()> {
    let catalogue = load_catalogue(config)?;
    eprintln!(
        "Generating {} participants and {} activities in {}...",
        args.users,
        args.activities,
        config.database.redacted_url()
    );
    let progress = Progress::new(args.users + args.activities, "rows");
    let summary = generate(
        store,
        &catalogue,
        &DemoOptions {
            users: args.users,
            activities: args.activities,
            seed: args.seed,
        },
        &progress,
    )
    .await?;
    println!(
        "Demo data: {} participants and {} activities in {:.1} s ({:.0} rows/s){}{}.",
        summary.users,
        summary.activities,
        summary.elapsed.as_secs_f64(),
        summary.rows_per_second(),
        if summary.guilds_created > 0 {
            format!(", {} guilds created", summary.guilds_created)
        } else {
            String::new()
        },
        if summary.competition_created {
            ", demo competition created"
        } else {
            ""
        },
    );
    Ok(())
}
