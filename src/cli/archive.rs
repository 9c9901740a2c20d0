//! `archive --before DATE | --competition ID [--delete] [--table NAME]`:
//! the operations guide's archiving, verified and with totals kept right.

use clap::Args as ClapArgs;

use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::archive::Cutoff;

#[derive(Debug, ClapArgs)]
#[command(group(clap::ArgGroup::new("cutoff").required(true).args(["before", "competition"])))]
pub(super) struct Args {
    /// Archive activities dated before this day (YYYY-MM-DD).
    #[arg(long)]
    before: Option<chrono::NaiveDate>,
    /// Archive every activity up to the end of this finished competition.
    #[arg(long)]
    competition: Option<i64>,
    /// After the copy is verified, delete the activities from the live table
    /// and take their points off the participants' totals.
    #[arg(long)]
    delete: bool,
    /// The archive table (created when missing).
    #[arg(long, default_value = "activities_archive")]
    table: String,
}

pub(super) async fn run(app: &App, actor: &Actor, args: Args) -> anyhow::Result<()> {
    let cutoff = match (args.before, args.competition) {
        (Some(day), _) => Cutoff::Before(day),
        (None, Some(id)) => Cutoff::Competition(id),
        (None, None) => anyhow::bail!("say what to archive: --before DATE or --competition ID"),
    };
    let (before, outcome) =
        actions::imports::archive(app, actor, cutoff, &args.table, args.delete).await?;
    println!(
        "{} activities dated before {before} are in {} ({} copied now, {} archived before); the copy was verified",
        outcome.matching,
        outcome.table,
        outcome.copied,
        outcome.matching - outcome.copied
    );
    if args.delete {
        println!(
            "deleted {} activities from activities; {} points taken off {} participants' totals",
            outcome.deleted, outcome.points_moved, outcome.participants
        );
        if outcome.deleted > 0 {
            println!(
                "the space is reused by new rows; to give it back to the system, run \
                 `activity-challenge db vacuum --full activities` during a quiet time (it locks the table)"
            );
        }
    } else {
        println!("the live table is unchanged; run again with --delete to remove them from it");
    }
    Ok(())
}
