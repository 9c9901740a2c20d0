//! Database statistics for `/metrics`: PostgreSQL's statistics views (read
//! the way postgres_exporter reads them, so the figures mean the same),
//! SQLite's page counts, the connection pool, and the competition's totals.
//!
//! Every read here runs inside a read-only transaction with a short
//! statement timeout on PostgreSQL, so a slow catalogue cannot hold a scrape
//! (or a connection) for long.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, Statement, TransactionTrait,
};

use super::{Store, StoreResult};

/// How long one statistics statement may run on PostgreSQL.
pub const STATS_STATEMENT_TIMEOUT: Duration = Duration::from_secs(2);

/// A row of `pg_stat_database` (for the current database).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PgStatDatabase {
    pub datid: String,
    pub datname: String,
    pub numbackends: i64,
    pub xact_commit: i64,
    pub xact_rollback: i64,
    pub blks_read: i64,
    pub blks_hit: i64,
    pub tup_returned: i64,
    pub tup_fetched: i64,
    pub tup_inserted: i64,
    pub tup_updated: i64,
    pub tup_deleted: i64,
    pub conflicts: i64,
    pub temp_files: i64,
    pub temp_bytes: i64,
    pub deadlocks: i64,
    pub size_bytes: i64,
}

/// Connections per database and state, with the longest open transaction.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PgActivity {
    pub datname: String,
    pub state: String,
    pub count: i64,
    pub max_tx_duration: f64,
}

/// A row of `pg_stat_user_tables` with the table's sizes.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PgUserTable {
    pub schemaname: String,
    pub relname: String,
    pub seq_scan: i64,
    pub seq_tup_read: i64,
    pub idx_scan: i64,
    pub idx_tup_fetch: i64,
    pub n_tup_ins: i64,
    pub n_tup_upd: i64,
    pub n_tup_del: i64,
    pub n_tup_hot_upd: i64,
    pub n_live_tup: i64,
    pub n_dead_tup: i64,
    pub n_mod_since_analyze: i64,
    /// Unix seconds; 0 when never.
    pub last_vacuum: f64,
    pub last_autovacuum: f64,
    pub last_analyze: f64,
    pub last_autoanalyze: f64,
    pub vacuum_count: i64,
    pub autovacuum_count: i64,
    pub analyze_count: i64,
    pub autoanalyze_count: i64,
    pub table_size_bytes: i64,
    pub index_size_bytes: i64,
}

/// A row of `pg_statio_user_tables`: block reads and buffer hits per table.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PgStatioUserTable {
    pub schemaname: String,
    pub relname: String,
    pub heap_blks_read: i64,
    pub heap_blks_hit: i64,
    pub idx_blks_read: i64,
    pub idx_blks_hit: i64,
    pub toast_blks_read: i64,
    pub toast_blks_hit: i64,
    pub tidx_blks_read: i64,
    pub tidx_blks_hit: i64,
}

/// One index: its size, how often it is scanned and its cache figures.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PgUserIndex {
    pub schemaname: String,
    pub relname: String,
    pub indexrelname: String,
    pub idx_scan: i64,
    pub idx_tup_read: i64,
    pub idx_tup_fetch: i64,
    pub size_bytes: i64,
    pub idx_blks_read: i64,
    pub idx_blks_hit: i64,
}

/// Everything read from PostgreSQL in one scrape.
#[derive(Debug, Clone, PartialEq)]
pub struct PostgresHealth {
    /// The database this server uses.
    pub current_database: String,
    pub database: Option<PgStatDatabase>,
    /// Server-wide: every database, every state.
    pub activity: Vec<PgActivity>,
    pub max_connections: i64,
    pub superuser_reserved_connections: i64,
    pub tables: Vec<PgUserTable>,
    pub table_io: Vec<PgStatioUserTable>,
    pub indexes: Vec<PgUserIndex>,
}

/// A table or index of an SQLite file and the bytes its pages take.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct SqliteObjectSize {
    /// `table` or `index`.
    pub kind: String,
    /// The index's (or table's) own name.
    pub name: String,
    /// The table it belongs to.
    pub table_name: String,
    pub bytes: i64,
}

/// Everything read from an SQLite file in one scrape.
#[derive(Debug, Clone, PartialEq)]
pub struct SqliteHealth {
    pub page_size: i64,
    pub page_count: i64,
    pub freelist_count: i64,
    /// The main file plus its write-ahead log, as on disk.
    pub file_size_bytes: u64,
    /// Empty when SQLite was built without the `dbstat` table.
    pub objects: Vec<SqliteObjectSize>,
}

/// Database health, by backend.
#[derive(Debug, Clone, PartialEq)]
pub enum DatabaseHealth {
    Postgres(Box<PostgresHealth>),
    Sqlite(SqliteHealth),
}

/// The connection pool right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections open (idle or in use).
    pub size: u32,
    /// Connections open and waiting for work.
    pub idle: u32,
}

impl PoolStatus {
    /// Connections lent out right now.
    pub fn in_use(&self) -> u32 {
        self.size.saturating_sub(self.idle)
    }
}

/// Participants and points of one guild (`None`: participants without one).
#[derive(Debug, Clone, PartialEq)]
pub struct GuildFigures {
    pub guild: Option<String>,
    pub participants: u64,
    pub points: Decimal,
}

/// The competition's totals, read at scrape time.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetitionFigures {
    pub guilds: Vec<GuildFigures>,
    /// Active guilds and their configured member counts (what standings divide by).
    pub guild_members: Vec<(String, u32)>,
    pub activities: u64,
    pub feedback: u64,
    /// When the newest backup recorded in the audit log finished.
    pub last_backup: Option<DateTime<Utc>>,
}

/// The audit-log action that a finished backup is recorded under.
pub const BACKUP_AUDIT_ACTION: &str = "backup";

#[derive(FromQueryResult)]
struct GuildRow {
    guild: Option<String>,
    participants: i64,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct GuildMembersRow {
    name: String,
    member_count: i32,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct LastBackupRow {
    at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct SettingRow {
    name: String,
    value: i64,
}

#[derive(FromQueryResult)]
struct NameRow {
    name: String,
}

#[derive(FromQueryResult)]
struct FileRow {
    file: String,
}

#[derive(FromQueryResult)]
struct PragmaRow {
    value: i64,
}

const PG_STAT_DATABASE: &str = "SELECT datid::text AS datid, datname::text AS datname, \
    numbackends::bigint AS numbackends, xact_commit, xact_rollback, blks_read, blks_hit, \
    tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, conflicts, temp_files, \
    temp_bytes, deadlocks, pg_database_size(datid) AS size_bytes \
    FROM pg_stat_database WHERE datname = current_database()";

// postgres_exporter's own query: every (database, state) pair, zero when idle.
const PG_STAT_ACTIVITY: &str = "SELECT pg_database.datname::text AS datname, tmp.state, \
    COALESCE(count, 0)::bigint AS count, COALESCE(max_tx_duration, 0)::float8 AS max_tx_duration \
    FROM (VALUES ('active'), ('idle'), ('idle in transaction'), ('idle in transaction (aborted)'), \
    ('fastpath function call'), ('disabled')) AS tmp(state) CROSS JOIN pg_database \
    LEFT JOIN (SELECT datname, state, count(*) AS count, \
    MAX(EXTRACT(EPOCH FROM now() - xact_start))::float8 AS max_tx_duration \
    FROM pg_stat_activity GROUP BY datname, state) AS tmp2 \
    ON tmp.state = tmp2.state AND pg_database.datname = tmp2.datname";

const PG_SETTINGS: &str = "SELECT name::text AS name, setting::bigint AS value FROM pg_settings \
    WHERE name IN ('max_connections', 'superuser_reserved_connections')";

const PG_STAT_USER_TABLES: &str = "SELECT schemaname::text AS schemaname, relname::text AS relname, \
    COALESCE(seq_scan, 0) AS seq_scan, COALESCE(seq_tup_read, 0) AS seq_tup_read, \
    COALESCE(idx_scan, 0) AS idx_scan, COALESCE(idx_tup_fetch, 0) AS idx_tup_fetch, \
    n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup, n_mod_since_analyze, \
    COALESCE(EXTRACT(EPOCH FROM last_vacuum), 0)::float8 AS last_vacuum, \
    COALESCE(EXTRACT(EPOCH FROM last_autovacuum), 0)::float8 AS last_autovacuum, \
    COALESCE(EXTRACT(EPOCH FROM last_analyze), 0)::float8 AS last_analyze, \
    COALESCE(EXTRACT(EPOCH FROM last_autoanalyze), 0)::float8 AS last_autoanalyze, \
    vacuum_count, autovacuum_count, analyze_count, autoanalyze_count, \
    pg_table_size(relid) AS table_size_bytes, pg_indexes_size(relid) AS index_size_bytes \
    FROM pg_stat_user_tables ORDER BY schemaname, relname";

const PG_STATIO_USER_TABLES: &str = "SELECT schemaname::text AS schemaname, relname::text AS relname, \
    COALESCE(heap_blks_read, 0) AS heap_blks_read, COALESCE(heap_blks_hit, 0) AS heap_blks_hit, \
    COALESCE(idx_blks_read, 0) AS idx_blks_read, COALESCE(idx_blks_hit, 0) AS idx_blks_hit, \
    COALESCE(toast_blks_read, 0) AS toast_blks_read, COALESCE(toast_blks_hit, 0) AS toast_blks_hit, \
    COALESCE(tidx_blks_read, 0) AS tidx_blks_read, COALESCE(tidx_blks_hit, 0) AS tidx_blks_hit \
    FROM pg_statio_user_tables ORDER BY schemaname, relname";

const PG_USER_INDEXES: &str = "SELECT i.schemaname::text AS schemaname, i.relname::text AS relname, \
    i.indexrelname::text AS indexrelname, COALESCE(i.idx_scan, 0) AS idx_scan, \
    COALESCE(i.idx_tup_read, 0) AS idx_tup_read, COALESCE(i.idx_tup_fetch, 0) AS idx_tup_fetch, \
    pg_relation_size(i.indexrelid) AS size_bytes, \
    COALESCE(io.idx_blks_read, 0) AS idx_blks_read, COALESCE(io.idx_blks_hit, 0) AS idx_blks_hit \
    FROM pg_stat_user_indexes i JOIN pg_statio_user_indexes io ON io.indexrelid = i.indexrelid \
    ORDER BY i.schemaname, i.relname, i.indexrelname";

// `dbstat` walks every page; `aggregate = TRUE` returns one row per b-tree.
const SQLITE_OBJECTS: &str = "SELECT m.type AS kind, m.name AS name, m.tbl_name AS table_name, \
    s.pgsize AS bytes FROM dbstat AS s JOIN sqlite_master AS m ON m.name = s.name \
    WHERE s.aggregate = TRUE AND m.type IN ('table', 'index') ORDER BY m.tbl_name, m.name";

impl Store {
    /// Reads the database's health figures: PostgreSQL's statistics views,
    /// or an SQLite file's page counts and object sizes.
    pub async fn database_health(&self) -> StoreResult<DatabaseHealth> {
        match self.backend() {
            DbBackend::Sqlite => Ok(DatabaseHealth::Sqlite(self.sqlite_health().await?)),
            _ => Ok(DatabaseHealth::Postgres(Box::new(
                self.postgres_health().await?,
            ))),
        }
    }

    async fn postgres_health(&self) -> StoreResult<PostgresHealth> {
        let txn = self.stats_transaction().await?;
        let current_database = all::<NameRow>(&txn, "SELECT current_database()::text AS name")
            .await?
            .pop()
            .map(|r| r.name)
            .unwrap_or_default();
        let database = all::<PgStatDatabase>(&txn, PG_STAT_DATABASE).await?.pop();
        let activity = all::<PgActivity>(&txn, PG_STAT_ACTIVITY).await?;
        let settings = all::<SettingRow>(&txn, PG_SETTINGS).await?;
        let setting = |name: &str| {
            settings
                .iter()
                .find(|s| s.name == name)
                .map_or(0, |s| s.value)
        };
        let tables = all::<PgUserTable>(&txn, PG_STAT_USER_TABLES).await?;
        let table_io = all::<PgStatioUserTable>(&txn, PG_STATIO_USER_TABLES).await?;
        let indexes = all::<PgUserIndex>(&txn, PG_USER_INDEXES).await?;
        txn.commit().await?;
        Ok(PostgresHealth {
            current_database,
            database,
            activity,
            max_connections: setting("max_connections"),
            superuser_reserved_connections: setting("superuser_reserved_connections"),
            tables,
            table_io,
            indexes,
        })
    }

    async fn sqlite_health(&self) -> StoreResult<SqliteHealth> {
        let pragma = |name: &'static str| async move {
            Ok::<i64, sea_orm::DbErr>(
                all::<PragmaRow>(
                    &self.db(),
                    &format!("SELECT {name} AS value FROM pragma_{name}()"),
                )
                .await?
                .pop()
                .map_or(0, |r| r.value),
            )
        };
        let page_size = pragma("page_size").await?;
        let page_count = pragma("page_count").await?;
        let freelist_count = pragma("freelist_count").await?;
        // Some SQLite builds have no dbstat table: sizes are then left out
        // rather than guessed.
        let objects = all::<SqliteObjectSize>(&self.db(), SQLITE_OBJECTS)
            .await
            .unwrap_or_default();
        let file = all::<FileRow>(
            &self.db(),
            "SELECT file FROM pragma_database_list WHERE name = 'main'",
        )
        .await?
        .pop()
        .map(|r| r.file)
        .filter(|f| !f.is_empty());
        let file_size_bytes = file.as_deref().and_then(file_size).unwrap_or_else(|| {
            u64::try_from(page_size.saturating_mul(page_count)).unwrap_or_default()
        });
        Ok(SqliteHealth {
            page_size,
            page_count,
            freelist_count,
            file_size_bytes,
            objects,
        })
    }

    /// The connection pool's size and idle connections.
    pub fn pool_status(&self) -> PoolStatus {
        let (size, idle) = match self.backend() {
            DbBackend::Postgres => {
                let pool = self.pool.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DbBackend::Sqlite => {
                let pool = self.pool.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        };
        PoolStatus {
            size,
            idle: u32::try_from(idle).unwrap_or(u32::MAX).min(size),
        }
    }

    /// Participants and points per guild, activity and feedback counts, and
    /// the newest backup recorded in the audit log.
    pub async fn competition_figures(&self) -> StoreResult<CompetitionFigures> {
        let guilds = self
            .query_all_as::<GuildRow>(
                "SELECT guild, COUNT(*) AS participants, COALESCE(SUM(points), 0) AS points \
                 FROM users GROUP BY guild ORDER BY guild",
                [],
            )
            .await?
            .into_iter()
            .map(|r| GuildFigures {
                guild: r.guild,
                participants: u64::try_from(r.participants).unwrap_or(0),
                points: r.points,
            })
            .collect();
        let guild_members = self
            .query_all_as::<GuildMembersRow>(
                "SELECT name, member_count FROM guilds WHERE active ORDER BY name",
                [],
            )
            .await?
            .into_iter()
            .map(|r| (r.name, u32::try_from(r.member_count).unwrap_or(0)))
            .collect();
        let count = |sql: &'static str| async move {
            Ok::<u64, crate::store::StoreError>(
                self.query_one_as::<CountRow>(sql, [])
                    .await?
                    .map_or(0, |r| u64::try_from(r.n).unwrap_or(0)),
            )
        };
        let activities = count("SELECT COUNT(*) AS n FROM activities").await?;
        let feedback = count("SELECT COUNT(*) AS n FROM feedback").await?;
        let last_backup = self
            .query_one_as::<LastBackupRow>(
                "SELECT MAX(created_at) AS at FROM audit_log WHERE action = $1",
                [BACKUP_AUDIT_ACTION.into()],
            )
            .await?
            .and_then(|r| r.at);
        Ok(CompetitionFigures {
            guilds,
            guild_members,
            activities,
            feedback,
            last_backup,
        })
    }

    /// A read-only transaction whose statements give up after
    /// [`STATS_STATEMENT_TIMEOUT`].
    async fn stats_transaction(&self) -> StoreResult<DatabaseTransaction> {
        let txn = self.db().begin().await?;
        txn.execute_unprepared(&format!(
            "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {}",
            STATS_STATEMENT_TIMEOUT.as_millis()
        ))
        .await?;
        Ok(txn)
    }
}

/// An SQLite file and its write-ahead log, in bytes on disk.
fn file_size(path: &str) -> Option<u64> {
    let main = std::fs::metadata(path).ok()?.len();
    let wal = std::fs::metadata(format!("{path}-wal")).map_or(0, |m| m.len());
    Some(main + wal)
}

async fn all<T: FromQueryResult>(
    conn: &impl ConnectionTrait,
    sql: &str,
) -> Result<Vec<T>, sea_orm::DbErr> {
    T::find_by_statement(Statement::from_string(conn.get_database_backend(), sql))
        .all(conn)
        .await
}
