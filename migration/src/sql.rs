//! Running multi-statement SQL scripts inside a migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Runs the script for the connected backend, one statement at a time, so a
/// failure names the statement that failed.
pub async fn run_script(
    manager: &SchemaManager<'_>,
    postgres: &str,
    sqlite: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let script = match db.get_database_backend() {
        DbBackend::Postgres => postgres,
        DbBackend::Sqlite => sqlite,
        other => {
            return Err(DbErr::Migration(format!(
                "unsupported database backend {other:?}: use PostgreSQL or SQLite"
            )));
        }
    };
    for statement in split_statements(script) {
        db.execute_unprepared(statement).await.map_err(|e| {
            DbErr::Migration(format!("{e} while running: {}", first_line(statement)))
        })?;
    }
    Ok(())
}

/// Splits on semicolons that end a line; the scripts keep no semicolons
/// inside string literals or bodies.
fn split_statements(script: &str) -> impl Iterator<Item = &str> {
    script
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.lines().all(|l| l.trim().starts_with("--")))
}

fn first_line(statement: &str) -> &str {
    statement
        .lines()
        .find(|l| !l.trim().starts_with("--") && !l.trim().is_empty())
        .unwrap_or(statement)
}
