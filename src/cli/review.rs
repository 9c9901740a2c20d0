//! `review list|approve ID|reject ID --reason …`: the queue of flagged
//! entries.

use clap::Subcommand;

use crate::actions::{self, Actor};
use crate::app::App;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// List the flagged entries waiting for a decision, each with its
    /// reasons and the person's latest entries.
    List {
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Approve a flagged entry: it stays as it is.
    Approve {
        /// The flag's number, as `review list` shows it.
        id: i64,
    },
    /// Reject a flagged entry: it is deleted, its points come off the
    /// person's total and the bot tells them why at their next message.
    Reject {
        /// The flag's number, as `review list` shows it.
        id: i64,
        /// Why (the person is told).
        #[arg(long)]
        reason: String,
    },
}

const FLAGS: &[(&str, &str)] = &[("reason", "--reason")];

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    match command {
        Command::List { limit } => {
            let queue = actions::reviews::queue(app, actor, limit).await?;
            if queue.is_empty() {
                println!("No flagged entries wait for a decision.");
            }
            for q in queue {
                let f = &q.flag;
                let name = match &f.last_name {
                    Some(last) => format!("{} {last}", f.first_name),
                    None => f.first_name.clone(),
                };
                println!(
                    "#{} participant #{} {name}: {} [{}]",
                    f.id, f.user_id, f.activity, f.reasons
                );
                for line in f.detail.lines() {
                    println!("    {line}");
                }
                if let Some(held) = f.withheld() {
                    println!("    {held} points wait for approval: they count once approved");
                }
                for a in &q.recent {
                    println!(
                        "      {} {} {} min {} points",
                        a.activity_date, a.activity_type, a.duration_minutes, a.points
                    );
                }
            }
        }
        Command::Approve { id } => {
            let f = actions::reviews::approve(app, actor, id)
                .await
                .map_err(|e| super::refused(e, FLAGS))?;
            println!("Approved flag #{}: {} stays.", f.id, f.activity);
        }
        Command::Reject { id, reason } => {
            let f = actions::reviews::reject(app, actor, id, &reason)
                .await
                .map_err(|e| super::refused(e, FLAGS))?;
            println!(
                "Rejected flag #{}: {} was deleted; participant #{} is told at their next message to the bot.",
                f.id, f.activity, f.user_id
            );
        }
    }
    Ok(())
}
