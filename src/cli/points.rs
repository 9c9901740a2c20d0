//! `points check [--repair]`.

use clap::Subcommand;

use crate::actions::{self, Actor};
use crate::app::App;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Report participants whose total differs from the sum of their activities.
    Check {
        /// Set each drifted total to the sum of the participant's activities.
        #[arg(long)]
        repair: bool,
    },
}

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    let Command::Check { repair } = command;
    let check = actions::database::check_points(app, actor, repair).await?;
    let report = check.report;
    match check.rank_count_drift {
        None => {}
        Some(0) => println!("The rank counts equal a recount of the participants."),
        Some(n) if repair => {
            println!("Rebuilt the rank counts ({n} rows differed from a recount).")
        }
        Some(n) => anyhow::bail!(
            "{n} rank-count rows differ from a recount of the participants; run `activity-challenge points check --repair` to rebuild them"
        ),
    }
    for d in report.drifts.iter().take(50) {
        println!(
            "participant #{} (Telegram {}): recorded {}, activities add up to {}",
            d.user_id, d.telegram_id, d.recorded, d.actual
        );
    }
    if report.drifts.len() > 50 {
        println!("... and {} more", report.drifts.len() - 50);
    }
    match (report.drifts.len(), repair) {
        (0, _) => println!(
            "All {} participants' totals equal the sums of their activities.",
            report.participants
        ),
        (n, true) => println!(
            "Repaired {n} of {} participants' totals.",
            report.participants
        ),
        (n, false) => {
            anyhow::bail!(
                "{n} of {} participants' totals differ from their activities; run `activity-challenge points check --repair` to fix them",
                report.participants
            )
        }
    }
    Ok(())
}
