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

/// Splits a script into statements at semicolons, leaving alone those in
/// `-- comments`, 'string literals' and `$tag$ function bodies $tag$`.
fn split_statements(script: &str) -> Vec<&str> {
    let bytes = script.as_bytes();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
            }
            b'$' => {
                // A dollar-quote tag: $$ or $name$.
                let tag_end = bytes[i + 1..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .map(|p| i + 1 + p);
                if let Some(end) = tag_end.filter(|e| bytes[*e] == b'$') {
                    let tag = &script[i..=end];
                    match script[end + 1..].find(tag) {
                        Some(close) => i = end + 1 + close + tag.len() - 1,
                        None => i = bytes.len(),
                    }
                }
            }
            b';' => {
                statements.push(script[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    statements.push(script[start.min(script.len())..].trim());
    statements
        .into_iter()
        .filter(|s| {
            !s.is_empty()
                && !s
                    .lines()
                    .all(|l| l.trim().is_empty() || l.trim().starts_with("--"))
        })
        .collect()
}

fn first_line(statement: &str) -> &str {
    statement
        .lines()
        .find(|l| !l.trim().starts_with("--") && !l.trim().is_empty())
        .unwrap_or(statement)
}

#[cfg(test)]
mod tests {
    use super::split_statements;

    #[test]
    fn splits_at_semicolons_outside_quotes_comments_and_bodies() {
        let script = "CREATE TABLE a (x INT); -- a comment; with a semicolon\n\
                      INSERT INTO a VALUES (';');\n\
                      CREATE FUNCTION f() RETURNS void AS $fn$ SELECT 1; SELECT 2; $fn$ LANGUAGE sql;\n\
                      DO $$ BEGIN PERFORM 1; END $$;\n";
        let statements = split_statements(script);
        assert_eq!(statements.len(), 4, "{statements:?}");
        assert!(statements[2].contains("SELECT 2; $fn$ LANGUAGE sql"));
        assert!(statements[3].ends_with("END $$"));
    }
}
