//! `import activities FILE.csv [--dry-run]`: the operations guide's CSV
//! import, checked row by row and written all-or-nothing.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::import::distinct_users;
use crate::ops::progress::Progress;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Import activities from CSV: user_id, activity_type, duration, points, activity_date[, description].
    Activities {
        /// The CSV file; its first line names the columns.
        file: PathBuf,
        /// Check every row and report all problems; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Accept activity dates outside the active competition's window
        /// (historical data; future dates are refused all the same). The
        /// import's audit entry records it.
        #[arg(long)]
        allow_outside_window: bool,
    },
}

pub(super) async fn run(app: &App, actor: &Actor, cmd: Command) -> anyhow::Result<()> {
    let Command::Activities {
        file,
        dry_run,
        allow_outside_window,
    } = cmd;
    let content = tokio::fs::read(&file)
        .await
        .with_context(|| format!("cannot read {}", file.display()))?;
    let plan = actions::imports::check_import(app, &content, allow_outside_window)
        .await
        .with_context(|| format!("{} cannot be imported", file.display()))?;
    for problem in &plan.problems {
        eprintln!("{}: {problem}", file.display());
    }
    if dry_run {
        if plan.problems.is_empty() {
            println!(
                "dry run: {} activities for {} participants would be imported; nothing was written",
                plan.rows.len(),
                distinct_users(&plan.rows)
            );
            return Ok(());
        }
        anyhow::bail!(
            "dry run: {} of {} rows have problems ({} in all, on line(s) {}); nothing was written",
            plan.records - plan.rows.len() as u64,
            plan.records,
            plan.problems.len(),
            plan.problem_lines()
        );
    }
    let progress = Progress::new(plan.rows.len() as u64, "activities");
    let source = file.display().to_string();
    let written = actions::imports::import(app, actor, &source, &plan, &progress).await?;
    println!(
        "imported {} activities for {} participants ({} points added) from {}",
        written.activities,
        written.participants,
        written.points,
        file.display()
    );
    if written.flagged > 0 {
        println!(
            "{} of them were flagged for review: see `activity-challenge review list`{}",
            written.flagged,
            if written.withheld > crate::domain::Points::ZERO {
                format!(" ({} points count only once approved)", written.withheld)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
