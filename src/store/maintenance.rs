//! Database-level maintenance: the server version, consistent snapshots and
//! figures for backups, creating, renaming and dropping databases for
//! restores, VACUUM/ANALYZE/REINDEX, ending idle sessions, the limited role.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, IsolationLevel,
    Statement, TransactionTrait,
};

use super::{Store, StoreError, StoreResult};
use crate::i18n::Message;

/// Row counts per table and the points totals: what a backup records and a
/// verification compares.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DataFigures {
    /// Rows per table.
    pub rows: BTreeMap<String, i64>,
    /// The sum of `users.points`, when `users` is included.
    pub user_points: Option<Decimal>,
    /// The sum of `activities.points`, when `activities` is included.
    pub activity_points: Option<Decimal>,
}

/// A read-only transaction whose snapshot `pg_dump --snapshot` can share, so
/// that the dump and the recorded figures describe the same moment.
pub struct BackupSnapshot {
    txn: DatabaseTransaction,
    id: String,
}

impl BackupSnapshot {
    /// The exported snapshot's name, for `pg_dump --snapshot`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The figures of `tables` as of the snapshot.
    pub async fn figures(&self, tables: &[String]) -> StoreResult<DataFigures> {
        figures(&self.txn, DbBackend::Postgres, tables).await
    }

    /// Ends the transaction (after pg_dump has finished with the snapshot).
    pub async fn finish(self) -> StoreResult<()> {
        self.txn.commit().await?;
        Ok(())
    }
}

#[derive(FromQueryResult)]
struct Num {
    n: i64,
}

#[derive(FromQueryResult)]
struct Text {
    t: String,
}

#[derive(FromQueryResult)]
struct Total {
    total: Option<Decimal>,
}

/// Quotes a table, database or role name, accepting only plain lower-case
/// identifiers so that nothing from the command line can smuggle in SQL.
pub fn quote_ident(name: &str) -> StoreResult<String> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(format!("\"{name}\""))
    } else {
        Err(StoreError::Rejected(crate::i18n::Message::verbatim(
            format!(
                "{name:?} is not a valid name: use lower-case letters, digits and underscores (at most 63)"
            ),
        )))
    }
}

/// The statement that empties `tables` at once (they must include every
/// table that references one of them).
pub fn truncate_sql(tables: &[String]) -> StoreResult<String> {
    let quoted = tables
        .iter()
        .map(|t| quote_ident(t))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(format!("TRUNCATE {};", quoted.join(", ")))
}

/// What a table restore runs after loading the rows, in the same
/// transaction, when it replaced `users` or `activities`: every total set
/// to the sum of the participant's activities, and the rank counts rebuilt
/// from `users` (emptying `users` does not go through its triggers).
/// Empty when neither was restored.
pub fn after_table_restore_sql(tables: &[String]) -> String {
    if !tables.iter().any(|t| t == "users" || t == "activities") {
        return String::new();
    }
    "UPDATE users u SET points = s.total, updated_at = now() \
       FROM (SELECT u2.id, COALESCE(SUM(a.points), 0) AS total \
               FROM users u2 LEFT JOIN activities a ON a.user_id = u2.id GROUP BY u2.id) s \
      WHERE s.id = u.id AND u.points IS DISTINCT FROM s.total;\n\
     TRUNCATE rank_hundreds, rank_buckets, rank_cents, guild_totals;\n\
     SELECT rank_apply(array_agg(guild), array_agg(points), array_agg(id), array_agg(1::BIGINT)) FROM users;\n"
        .to_string()
}

async fn figures(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    tables: &[String],
) -> StoreResult<DataFigures> {
    let mut rows = BTreeMap::new();
    for table in tables {
        let sql = format!("SELECT COUNT(*) AS n FROM {}", quote_ident(table)?);
        let n = Num::find_by_statement(Statement::from_string(backend, sql))
            .one(db)
            .await?
            .map_or(0, |r| r.n);
        rows.insert(table.clone(), n);
    }
    let total = |table: &'static str| async move {
        if !tables.iter().any(|t| t == table) {
            return Ok::<_, StoreError>(None);
        }
        let sql = format!("SELECT SUM(points) AS total FROM {table}");
        let total = Total::find_by_statement(Statement::from_string(backend, sql))
            .one(db)
            .await?
            .and_then(|r| r.total)
            .unwrap_or_default();
        Ok(Some(total.round_dp(2).normalize()))
    };
    Ok(DataFigures {
        user_points: total("users").await?,
        activity_points: total("activities").await?,
        rows,
    })
}

impl Store {
    /// The server's version as `server_version_num` (e.g. 150020 for 15.20).
    pub async fn server_version_num(&self) -> StoreResult<i64> {
        let row = self
            .query_one_as::<Text>("SELECT current_setting('server_version_num') AS t", [])
            .await?
            .ok_or_else(|| StoreError::NotFound(Message::verbatim("server_version_num")))?;
        row.t.parse().map_err(|_| {
            StoreError::Rejected(crate::i18n::Message::verbatim(format!(
                "unexpected server version {:?}",
                row.t
            )))
        })
    }

    /// The tables of the application schema, sorted by name.
    pub async fn list_tables(&self) -> StoreResult<Vec<String>> {
        let sql = match self.backend() {
            DbBackend::Postgres => {
                "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            }
            _ => {
                "SELECT name AS t FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
        };
        Ok(self
            .query_all_as::<Text>(sql, [])
            .await?
            .into_iter()
            .map(|r| r.t)
            .collect())
    }

    /// The foreign keys between the application's tables, as (referencing
    /// table, referenced table) pairs (PostgreSQL).
    pub async fn foreign_keys(&self) -> StoreResult<Vec<(String, String)>> {
        #[derive(FromQueryResult)]
        struct Pair {
            child: String,
            parent: String,
        }
        Ok(self
            .query_all_as::<Pair>(
                "SELECT DISTINCT c.relname::text AS child, p.relname::text AS parent \
                 FROM pg_constraint k \
                 JOIN pg_class c ON c.oid = k.conrelid \
                 JOIN pg_class p ON p.oid = k.confrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE k.contype = 'f' AND n.nspname = 'public' \
                 ORDER BY 1, 2",
                [],
            )
            .await?
            .into_iter()
            .map(|p| (p.child, p.parent))
            .collect())
    }

    /// Row counts and points totals of `tables`, now.
    pub async fn data_figures(&self, tables: &[String]) -> StoreResult<DataFigures> {
        figures(&self.db(), self.backend(), tables).await
    }

    /// Opens a repeatable-read, read-only transaction and exports its
    /// snapshot (PostgreSQL).
    pub async fn backup_snapshot(&self) -> StoreResult<BackupSnapshot> {
        let txn = self
            .db()
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?;
        let id = Text::find_by_statement(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_export_snapshot() AS t",
        ))
        .one(&txn)
        .await?
        .map(|r| r.t)
        .ok_or_else(|| StoreError::NotFound(Message::verbatim("pg_export_snapshot")))?;
        Ok(BackupSnapshot { txn, id })
    }

    /// Writes a consistent copy of an SQLite database to `path` (`VACUUM INTO`).
    pub async fn sqlite_vacuum_into(&self, path: &str) -> StoreResult<()> {
        let literal = path.replace('\'', "''");
        self.db()
            .execute_unprepared(&format!("VACUUM INTO '{literal}'"))
            .await?;
        Ok(())
    }

    /// Whether database `name` exists on this server.
    pub async fn database_exists(&self, name: &str) -> StoreResult<bool> {
        Ok(self
            .query_one_as::<Num>(
                "SELECT COUNT(*) AS n FROM pg_database WHERE datname = $1",
                [name.into()],
            )
            .await?
            .is_some_and(|r| r.n > 0))
    }

    /// Creates an empty database.
    pub async fn create_database(&self, name: &str) -> StoreResult<()> {
        let sql = format!("CREATE DATABASE {}", quote_ident(name)?);
        self.db().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Drops a database, ending the sessions still connected to it.
    pub async fn drop_database(&self, name: &str) -> StoreResult<()> {
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(name)?
        );
        self.db().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Renames a database, ending the sessions connected to it first
    /// (PostgreSQL refuses to rename a database in use).
    pub async fn rename_database(&self, from: &str, to: &str) -> StoreResult<()> {
        let (from_q, to_q) = (quote_ident(from)?, quote_ident(to)?);
        // New sessions are refused while the rename runs, so none can sneak in.
        self.db()
            .execute_unprepared(&format!("ALTER DATABASE {from_q} ALLOW_CONNECTIONS false"))
            .await?;
        let result = async {
            self.db()
                .execute_raw(self.stmt(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                    [from.into()],
                ))
                .await?;
            self.db()
                .execute_unprepared(&format!("ALTER DATABASE {from_q} RENAME TO {to_q}"))
                .await
        }
        .await;
        let renamed = if result.is_ok() { &to_q } else { &from_q };
        self.db()
            .execute_unprepared(&format!("ALTER DATABASE {renamed} ALLOW_CONNECTIONS true"))
            .await?;
        result?;
        Ok(())
    }

    /// Moves the `id` sequence of `table` past its largest id, so new rows
    /// do not collide with restored or imported ones. A table keyed by
    /// something else (`person_settings` by its participant) has none.
    pub async fn reset_id_sequence(&self, table: &str) -> StoreResult<()> {
        if self.backend() != DbBackend::Postgres {
            return Ok(()); // SQLite's AUTOINCREMENT follows the largest id by itself.
        }
        let quoted = quote_ident(table)?;
        let has_id = self
            .db()
            .query_one_raw(self.stmt(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = $1 AND column_name = 'id'",
                [table.into()],
            ))
            .await?
            .is_some();
        if !has_id {
            return Ok(());
        }
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) \
             FROM {quoted}"
        );
        self.db().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// `VACUUM [FULL] [ANALYZE] [table]`.
    pub async fn vacuum(&self, full: bool, analyze: bool, table: Option<&str>) -> StoreResult<()> {
        let mut sql = String::from("VACUUM");
        if self.backend() == DbBackend::Postgres {
            let mut options = Vec::new();
            if full {
                options.push("FULL");
            }
            if analyze {
                options.push("ANALYZE");
            }
            if !options.is_empty() {
                sql.push_str(&format!(" ({})", options.join(", ")));
            }
            if let Some(t) = table {
                sql.push(' ');
                sql.push_str(&quote_ident(t)?);
            }
        }
        self.db().execute_unprepared(&sql).await?;
        if analyze && self.backend() != DbBackend::Postgres {
            self.db().execute_unprepared("ANALYZE").await?;
        }
        Ok(())
    }

    /// `ANALYZE [table]`: fresh statistics for the planner.
    pub async fn analyze(&self, table: Option<&str>) -> StoreResult<()> {
        let sql = match table {
            Some(t) => format!("ANALYZE {}", quote_ident(t)?),
            None => "ANALYZE".to_string(),
        };
        self.db().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// `REINDEX TABLE t`, or the whole database when no table is given.
    pub async fn reindex(&self, table: Option<&str>) -> StoreResult<()> {
        let sql = match (table, self.backend()) {
            (Some(t), DbBackend::Postgres) => format!("REINDEX TABLE {}", quote_ident(t)?),
            (Some(t), _) => format!("REINDEX {}", quote_ident(t)?),
            (None, DbBackend::Postgres) => {
                let name = self
                    .query_one_as::<Text>("SELECT current_database() AS t", [])
                    .await?
                    .map(|r| r.t)
                    .unwrap_or_default();
                format!("REINDEX DATABASE {}", quote_ident(&name)?)
            }
            (None, _) => "REINDEX".to_string(),
        };
        self.db().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Ends this database's sessions that have been idle longer than
    /// `older_than_secs` (never this one); returns how many were ended.
    pub async fn kill_idle(&self, older_than_secs: i64) -> StoreResult<u64> {
        let rows = self
            .query_all_as::<Num>(
                "SELECT 1::bigint AS n FROM (SELECT pg_terminate_backend(pid) AS ended \
                 FROM pg_stat_activity \
                 WHERE datname = current_database() AND state = 'idle' \
                 AND pid <> pg_backend_pid() \
                 AND state_change < now() - make_interval(secs => $1)) t WHERE ended",
                [(older_than_secs as f64).into()],
            )
            .await?;
        Ok(rows.len() as u64)
    }

    /// Creates (or updates) the limited role of the operations guide: it may
    /// read and write rows, use sequences and nothing else; tables made later
    /// by this owner are granted to it too.
    pub async fn create_app_role(&self, name: &str, password: Option<&str>) -> StoreResult<()> {
        let role = quote_ident(name)?;
        let database = self
            .query_one_as::<Text>("SELECT current_database() AS t", [])
            .await?
            .map(|r| r.t)
            .unwrap_or_default();
        let database = format!("\"{}\"", database.replace('"', "\"\""));
        let exists = self
            .query_one_as::<Num>(
                "SELECT COUNT(*) AS n FROM pg_roles WHERE rolname = $1",
                [name.into()],
            )
            .await?
            .is_some_and(|r| r.n > 0);
        let password_clause = match password {
            Some(p) => format!("PASSWORD '{}'", p.replace('\'', "''")),
            None => String::new(),
        };
        let verb = if exists { "ALTER" } else { "CREATE" };
        let txn = self.db().begin().await?;
        for sql in [
            format!(
                "{verb} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE {password_clause}"
            ),
            format!("GRANT CONNECT ON DATABASE {database} TO {role}"),
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            ),
            format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
            format!(
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}"
            ),
            format!(
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}"
            ),
        ] {
            txn.execute_unprepared(&sql).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
