//! The store: the only code that speaks SQL.
//!
//! Everything the frontends need from the database is a method on [`Store`].
//! Simple reads and writes go through the sea-orm entities; ranks, standings
//! and bulk work use hand-written SQL that means the same on PostgreSQL and
//! SQLite (placeholders are `$N` on both).

pub mod activities;
pub mod admin_accounts;
pub mod admin_audit;
pub mod admin_cleanup;
pub mod admin_export;
pub mod admin_queries;
pub mod api_queries;
pub mod api_tokens;
pub mod archive;
pub mod bulk;
pub mod competitions;
mod connect;
pub mod db_stats;
pub mod dialogues;
pub mod entities;
pub mod feedback;
pub mod guilds;
pub mod health;
pub mod import;
pub mod integrity;
mod log_batches;
pub mod maintenance;
pub mod participants;
pub mod standings;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, SqlErr, Statement,
    Value,
};

pub use connect::ConnectError;
pub use log_batches::BatchStats;

use crate::config::DatabaseConfig;

/// A failure of a store operation, sorted by what the caller should do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change clashes with what is there (a duplicate name, a guild in use).
    #[error("{0}")]
    Conflict(String),
    /// The change breaks a rule (an inactive guild, a date outside the window).
    #[error("{0}")]
    Rejected(String),
    /// The database failed; the detail is for the logs, not for users.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

impl StoreError {
    /// Whether trying again later may succeed (the database was unreachable or busy).
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Database(e) => {
                matches!(e, DbErr::Conn(_) | DbErr::ConnectionAcquire(_)) || {
                    let text = e.to_string();
                    text.contains("database is locked")
                        || text.contains("connection")
                        || text.contains("could not serialize")
                        || text.contains("deadlock")
                }
            }
            _ => false,
        }
    }

    /// Maps a unique-key violation to a conflict with the given message.
    pub(crate) fn unique_as_conflict(err: DbErr, message: impl FnOnce() -> String) -> StoreError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(message()),
            _ => StoreError::Database(err),
        }
    }
}

/// The result type of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database handle shared by every frontend.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    /// How many logging writers to start (PostgreSQL only).
    writers: usize,
    /// The logging writers, started on first use (see [`log_batches`]).
    batcher: Arc<OnceLock<log_batches::LogBatcher>>,
}

impl Store {
    /// Connects, retrying an unreachable database with backoff until the
    /// configured timeout, and reports a failure as the operations guide's
    /// troubleshooting section would.
    pub async fn connect(config: &DatabaseConfig) -> Result<Store, ConnectError> {
        // Two writers batch logged activities (one for a pool under six):
        // one commits while the other gathers the next batch. More only
        // contend for the same rank-count rows (measured: four and eight
        // writers gave a worse p95 than two at 1,000 activities/s).
        let writers = (config.pool_size as usize / 3).clamp(1, 2);
        connect::connect(config)
            .await
            .map(|db| Store::with_writers(db, writers))
    }

    /// Wraps an existing connection.
    pub fn from_connection(db: DatabaseConnection) -> Store {
        Store::with_writers(db, 2)
    }

    fn with_writers(db: DatabaseConnection, writers: usize) -> Store {
        Store {
            db,
            writers,
            batcher: Arc::new(OnceLock::new()),
        }
    }

    /// The same connection with no logging writers of its own (for the
    /// writers themselves, so that they do not keep each other alive).
    fn without_batches(&self) -> Store {
        Store::with_writers(self.db.clone(), self.writers)
    }

    /// What the logging writers have done; `None` on SQLite or before the
    /// first activity was logged.
    pub fn log_batch_stats(&self) -> Option<&BatchStats> {
        self.batcher.get().map(|b| b.stats())
    }

    /// The logging writers, started on first use; `None` on SQLite.
    fn batcher(&self) -> Option<&log_batches::LogBatcher> {
        (self.backend() == DbBackend::Postgres).then(|| {
            self.batcher
                .get_or_init(|| log_batches::LogBatcher::start(self, self.writers))
        })
    }

    /// The sea-orm connection, for migrations and the admin tools.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// PostgreSQL or SQLite.
    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> StoreResult<()> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Whether the database answers and every migration is applied.
    pub async fn readiness(&self) -> Readiness {
        if let Err(e) = self.db.execute_unprepared("SELECT 1").await {
            return Readiness::Unreachable(e.to_string());
        }
        match Migrator::get_pending_migrations_read_only(&self.db).await {
            Ok(pending) if pending.is_empty() => Readiness::Ready,
            Ok(pending) => Readiness::Pending(pending.len()),
            Err(e) => Readiness::Unreachable(e.to_string()),
        }
    }

    /// Closes the pool, waiting for connections in use.
    pub async fn close(self) {
        let _ = self.db.close().await;
    }

    pub(crate) fn stmt(&self, sql: &str, values: impl IntoIterator<Item = Value>) -> Statement {
        Statement::from_sql_and_values(self.backend(), sql, values)
    }

    pub(crate) async fn query_all_as<T: FromQueryResult>(
        &self,
        sql: &str,
        values: impl IntoIterator<Item = Value>,
    ) -> StoreResult<Vec<T>> {
        Ok(T::find_by_statement(self.stmt(sql, values))
            .all(&self.db)
            .await?)
    }

    pub(crate) async fn query_one_as<T: FromQueryResult>(
        &self,
        sql: &str,
        values: impl IntoIterator<Item = Value>,
    ) -> StoreResult<Option<T>> {
        Ok(T::find_by_statement(self.stmt(sql, values))
            .one(&self.db)
            .await?)
    }
}

/// What `/readyz` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// Reachable and migrated.
    Ready,
    /// Reachable, with this many migrations not yet applied.
    Pending(usize),
    /// Not reachable; the reason is for the logs.
    Unreachable(String),
}

/// The current time, truncated to microseconds so that what is written
/// reads back equal on both backends.
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
