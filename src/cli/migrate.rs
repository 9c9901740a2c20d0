//! `migrate [up|down|status]`.

use anyhow::bail;
use clap::Subcommand;
use migration::{Migrator, MigratorTrait};

use crate::app::schema_behind;
use crate::config::Config;
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Apply every pending migration (the default; safe to run again).
    Up,
    /// Roll back the most recent migrations (destroys the data they hold).
    Down {
        /// How many migrations to roll back.
        #[arg(long, default_value_t = 1, conflicts_with = "all")]
        steps: u32,
        /// Roll back every migration.
        #[arg(long)]
        all: bool,
    },
    /// List migrations and whether each is applied.
    Status,
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    let store = Store::connect(&config.database).await?;
    let database = config.database.database_name();
    match args.action.unwrap_or(Action::Up) {
        Action::Up => {
            let pending = store.pending_migrations().await?;
            if pending.is_empty() {
                println!("Nothing to apply; the database {database} is up to date.");
                return Ok(());
            }
            if let Some(refusal) = store.schema_rights().await?.refusal {
                bail!("{}", schema_behind(&pending, &refusal));
            }
            let applied = store.migrate().await?;
            println!(
                "Applied {} migration(s) ({}); the database {database} is up to date.",
                applied.len(),
                applied.join(", ")
            );
        }
        Action::Down { steps, all } => {
            if let Some(refusal) = store.schema_rights().await?.refusal {
                bail!(
                    "rolling back migrations changes the schema, and {refusal}: run it with the database owner's credentials"
                );
            }
            let db = store.connection();
            let applied = Migrator::get_applied_migrations(db).await?.len() as u32;
            let steps = if all { applied } else { steps.min(applied) };
            Migrator::down(db, Some(steps)).await?;
            println!("Rolled back {steps} migration(s).");
        }
        Action::Status => {
            let migrations = store.migration_status().await?;
            let pending = migrations.iter().filter(|(_, applied)| !applied).count();
            for (name, applied) in &migrations {
                let status = if *applied { "Applied" } else { "Pending" };
                println!("{status:<8} {name}");
            }
            println!("{} migration(s), {pending} pending.", migrations.len());
        }
    }
    Ok(())
}
