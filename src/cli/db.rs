//! `db vacuum|analyze|reindex|kill-idle|health|create-app-role`: the
//! maintenance procedures of the operations guide.

use std::io::Read as _;

use anyhow::bail;
use clap::Subcommand;

use crate::actions::database::Maintenance;
use crate::actions::{self, Actor};
use crate::app::App;
use crate::domain::parse_age;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// VACUUM: reclaim space from deleted rows (FULL rewrites tables under an exclusive lock).
    Vacuum {
        /// Rewrite the tables completely (blocks every read and write while it runs).
        #[arg(long)]
        full: bool,
        /// Refresh the planner's statistics too.
        #[arg(long)]
        analyze: bool,
        /// Only this table.
        table: Option<String>,
    },
    /// ANALYZE: refresh the planner's statistics.
    Analyze {
        /// Only this table.
        table: Option<String>,
    },
    /// REINDEX one table, or the whole database (which blocks writes while it runs).
    Reindex {
        /// The table; the whole database when left out.
        table: Option<String>,
    },
    /// End this database's sessions that have been idle too long (never this one).
    KillIdle {
        /// Idle for longer than this: e.g. 30s, 5m, 1h.
        #[arg(long, default_value = "5m")]
        older_than: String,
    },
    /// Sizes, index usage, cache hits, scans, dead tuples, connections, slow queries.
    Health,
    /// Create (or update) the limited role the server should run as.
    CreateAppRole {
        /// The role's name (lower-case letters, digits, underscores).
        name: String,
        /// Read the role's password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
}

pub(super) async fn run(app: &App, actor: &Actor, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Vacuum {
            full,
            analyze,
            table,
        } => {
            if full {
                eprintln!(
                    "warning: VACUUM FULL takes an exclusive lock: every read and write of {} waits until it finishes. Run it in a quiet hour.",
                    table.as_deref().unwrap_or("every table")
                );
            }
            actions::database::maintain(
                app,
                actor,
                Maintenance::Vacuum { full, analyze },
                table.as_deref(),
                true,
            )
            .await?;
            println!(
                "VACUUM{}{} done on {}",
                if full { " FULL" } else { "" },
                if analyze { " ANALYZE" } else { "" },
                table.as_deref().unwrap_or("the whole database")
            );
        }
        Command::Analyze { table } => {
            actions::database::maintain(app, actor, Maintenance::Analyze, table.as_deref(), true)
                .await?;
            println!(
                "ANALYZE done on {}",
                table.as_deref().unwrap_or("the whole database")
            );
        }
        Command::Reindex { table } => {
            if table.is_none() {
                eprintln!(
                    "warning: reindexing the whole database locks each table against writes while its indexes are rebuilt. Run it in a quiet hour."
                );
            }
            actions::database::maintain(app, actor, Maintenance::Reindex, table.as_deref(), true)
                .await?;
            println!(
                "REINDEX done on {}",
                table.as_deref().unwrap_or("the whole database")
            );
        }
        Command::KillIdle { older_than } => {
            let secs = parse_age(&older_than).map_err(anyhow::Error::msg)?;
            let ended = actions::database::end_idle_connections(app, actor, secs).await?;
            println!("ended {ended} sessions idle for more than {older_than}");
        }
        Command::Health => {
            actions::database::postgres_only(app, "The health report")?;
            for section in app.store.health_report().await? {
                println!("== {}", section.title);
                if section.rows.is_empty() && section.note.is_none() {
                    println!("   (none)");
                }
                if !section.rows.is_empty() {
                    println!("   {}", section.columns.join(" | "));
                    for row in &section.rows {
                        println!("   {}", row.join(" | "));
                    }
                }
                if let Some(note) = &section.note {
                    println!("   {note}");
                }
                println!();
            }
        }
        Command::CreateAppRole {
            name,
            password_stdin,
        } => {
            actions::database::postgres_only(app, "create-app-role")?;
            let password = if password_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                let line = text.lines().next().unwrap_or("").to_string();
                if line.is_empty() {
                    bail!("--password-stdin was given but standard input held no password");
                }
                Some(line)
            } else {
                None
            };
            actions::database::create_app_role(app, actor, &name, password.as_deref()).await?;
            println!(
                "role {name} may now read and write rows (not change the schema){}. \
                 Run the server with it in DATABASE_URL and migrations as the owner; see docs/operations.md.",
                if password.is_some() {
                    ""
                } else {
                    "; it has no password, set one with --password-stdin"
                }
            );
        }
    }
    Ok(())
}
