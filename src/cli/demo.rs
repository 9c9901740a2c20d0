//! `demo-data --users N --activities M`.

use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::demo::DemoOptions;
use crate::ops::progress::Progress;

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

pub(super) async fn run(app: &App, actor: &Actor, args: Args) -> anyhow::Result<()> {
    eprintln!(
        "Generating {} participants and {} activities in {}...",
        args.users,
        args.activities,
        app.config.database.redacted_url()
    );
    let progress = Progress::new(args.users + args.activities, "rows");
    let summary = actions::database::demo_data(
        app,
        actor,
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
