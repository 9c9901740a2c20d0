//! `db vacuum|analyze|reindex|kill-idle|health|create-app-role`: the
//! maintenance procedures of the operations guide.

use std::io::Read as _;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use sea_orm::DbBackend;

use crate::store::Store;
use crate::store::admin_audit::NewAuditEntry;

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

/// Parses `30s`, `5m`, `2h` or a bare number of seconds.
fn parse_age(text: &str) -> anyhow::Result<i64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let n: i64 = number
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .with_context(|| format!("{text:?} is not an age: use e.g. 30s, 5m or 1h"))?;
    Ok(match unit {
        's' => n,
        'm' => n * 60,
        'h' => n * 3600,
        'd' => n * 86_400,
        _ => bail!("{text:?} is not an age: use e.g. 30s, 5m or 1h"),
    })
}

async fn audit(store: &Store, action: &str, target: Option<String>) -> anyhow::Result<()> {
    store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor: "cli",
            action,
            target,
            details: None,
        })
        .await?;
    Ok(())
}

fn postgres_only(store: &Store, what: &str) -> anyhow::Result<()> {
    if store.backend() != DbBackend::Postgres {
        bail!("{what} needs PostgreSQL; DATABASE_URL points at SQLite");
    }
    Ok(())
}

pub(super) async fn run(store: &Store, cmd: Command) -> anyhow::Result<()> {
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
            store.vacuum(full, analyze, table.as_deref()).await?;
            audit(store, "db.vacuum", table.clone()).await?;
            println!(
                "VACUUM{}{} done on {}",
                if full { " FULL" } else { "" },
                if analyze { " ANALYZE" } else { "" },
                table.as_deref().unwrap_or("the whole database")
            );
        }
        Command::Analyze { table } => {
            store.analyze(table.as_deref()).await?;
            audit(store, "db.analyze", table.clone()).await?;
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
            store.reindex(table.as_deref()).await?;
            audit(store, "db.reindex", table.clone()).await?;
            println!(
                "REINDEX done on {}",
                table.as_deref().unwrap_or("the whole database")
            );
        }
        Command::KillIdle { older_than } => {
            postgres_only(store, "kill-idle")?;
            let secs = parse_age(&older_than)?;
            let ended = store.kill_idle(secs).await?;
            audit(
                store,
                "db.kill_idle",
                Some(format!("{ended} sessions idle > {older_than}")),
            )
            .await?;
            println!("ended {ended} sessions idle for more than {older_than}");
        }
        Command::Health => {
            postgres_only(store, "the health report")?;
            for section in store.health_report().await? {
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
            postgres_only(store, "create-app-role")?;
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
            store.create_app_role(&name, password.as_deref()).await?;
            audit(store, "db.create_app_role", Some(name.clone())).await?;
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

#[cfg(test)]
mod tests {
    use super::parse_age;

    #[test]
    fn ages_read_in_seconds_minutes_and_hours() {
        assert_eq!(parse_age("5m").unwrap(), 300);
        assert_eq!(parse_age("30s").unwrap(), 30);
        assert_eq!(parse_age("2h").unwrap(), 7200);
        assert_eq!(parse_age("45").unwrap(), 45);
        assert!(parse_age("soon").is_err());
        assert!(parse_age("-5m").is_err());
    }
}
