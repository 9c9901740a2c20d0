//! `migrate [up|down|status]`.

use clap::Subcommand;
use migration::{Migrator, MigratorTrait};

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
    let db = store.connection();
    match args.action.unwrap_or(Action::Up) {
        Action::Up => {
            let pending = Migrator::get_pending_migrations(db).await?.len();
            Migrator::up(db, None).await?;
            println!(
                "Applied {pending} migration(s); the database {} is up to date.",
                config.database.database_name()
            );
        }
        Action::Down { steps, all } => {
            let applied = Migrator::get_applied_migrations(db).await?.len() as u32;
            let steps = if all { applied } else { steps.min(applied) };
            Migrator::down(db, Some(steps)).await?;
            println!("Rolled back {steps} migration(s).");
        }
        Action::Status => {
            let migrations = Migrator::get_migration_with_status(db).await?;
            let mut pending = 0;
            for m in &migrations {
                let status = format!("{:?}", m.status());
                if status != "Applied" {
                    pending += 1;
                }
                println!("{status:<8} {}", m.name());
            }
            println!("{} migration(s), {pending} pending.", migrations.len());
        }
    }
    Ok(())
}
