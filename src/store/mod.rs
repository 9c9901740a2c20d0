//! The store: the only code that speaks SQL.
//!
//! Everything the frontends need from the database is a method on [`Store`].
//! Simple reads and writes go through the sea-orm entities; ranks, standings
//! and bulk work use hand-written SQL that means the same on PostgreSQL and
//! SQLite (placeholders are `$N` on both).

pub mod activities;
pub mod activity_stats;
pub mod admins;
pub mod announcements;
pub mod api_tokens;
pub mod archive;
pub mod audit;
pub mod bulk;
pub mod competitions;
mod connect;
pub mod db_stats;
pub mod dialogues;
pub mod entities;
pub mod export_rows;
pub mod favourites;
pub mod feedback;
pub mod guilds;
pub mod health;
pub mod import;
pub mod integrity;
pub mod languages;
mod log_batches;
pub mod login_failures;
pub mod maintenance;
pub mod own_data;
pub mod participants;
pub mod queue;
pub mod recompute;
pub mod reminders;
pub mod reviews;
pub mod schema;
pub mod search;
pub mod seasons;
pub mod standings;
pub mod test_users;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseExecutor, DatabaseTransaction, DbBackend, DbErr,
    FromQueryResult, SqlErr, Statement, TransactionTrait, Value,
};

pub use connect::ConnectError;
pub use log_batches::BatchStats;

use crate::config::DatabaseConfig;
use crate::i18n::Message;

/// A failure of a store operation, sorted by what the caller should do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(Message),
    /// The change clashes with what is there (a duplicate name, a guild in use).
    #[error("{0}")]
    Conflict(Message),
    /// The change breaks a rule (an inactive guild, a date outside the window).
    #[error("{0}")]
    Rejected(Message),
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
    pub(crate) fn unique_as_conflict(err: DbErr, message: impl FnOnce() -> Message) -> StoreError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(message()),
            _ => StoreError::Database(err),
        }
    }
}

/// The result type of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database handle shared by every frontend.
///
/// A `Store` reads and writes through the connection pool, or, inside
/// [`Store::begin`]'s [`StoreTx`], through one transaction: the same
/// methods then commit or roll back together, which is how an action
/// writes its change and its audit entry at once.
#[derive(Clone, Debug)]
pub struct Store {
    pool: DatabaseConnection,
    /// The transaction every query goes through, in a [`StoreTx`].
    tx: Option<Arc<DatabaseTransaction>>,
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
            pool: db,
            tx: None,
            writers,
            batcher: Arc::new(OnceLock::new()),
        }
    }

    /// The same connection with no logging writers of its own (for the
    /// writers themselves, so that they do not keep each other alive).
    fn without_batches(&self) -> Store {
        Store::with_writers(self.pool.clone(), self.writers)
    }

    /// Where queries go: the transaction in a [`StoreTx`], else the pool.
    /// A method that begins a transaction of its own gets a savepoint
    /// inside the outer one.
    pub(crate) fn db(&self) -> DatabaseExecutor<'_> {
        match &self.tx {
            Some(tx) => DatabaseExecutor::Transaction(tx),
            None => DatabaseExecutor::Connection(&self.pool),
        }
    }

    /// Starts a transaction: everything done through the returned
    /// [`StoreTx`] is committed by [`StoreTx::commit`], or rolled back when
    /// it is dropped. On SQLite the one connection is held until then, so
    /// nothing inside may go through the pool-backed `Store` at the same time.
    pub async fn begin(&self) -> StoreResult<StoreTx> {
        let tx = match &self.tx {
            Some(outer) => outer.begin().await?,
            None => self.pool.begin().await?,
        };
        Ok(StoreTx {
            store: Store {
                pool: self.pool.clone(),
                tx: Some(Arc::new(tx)),
                writers: self.writers,
                batcher: Arc::new(OnceLock::new()),
            },
        })
    }

    /// What the logging writers have done; `None` on SQLite or before the
    /// first activity was logged.
    pub fn log_batch_stats(&self) -> Option<&BatchStats> {
        self.batcher.get().map(|b| b.stats())
    }

    /// The logging writers, started on first use; `None` on SQLite and
    /// inside a transaction (whose writes must stay in it).
    fn batcher(&self) -> Option<&log_batches::LogBatcher> {
        (self.backend() == DbBackend::Postgres && self.tx.is_none()).then(|| {
            self.batcher
                .get_or_init(|| log_batches::LogBatcher::start(self, self.writers))
        })
    }

    /// The sea-orm connection pool, for migrations and the admin tools
    /// (outside any transaction).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// PostgreSQL or SQLite.
    pub fn backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    /// Whether the database answers and every migration is applied.
    pub async fn readiness(&self) -> Readiness {
        if let Err(e) = self.pool.execute_unprepared("SELECT 1").await {
            return Readiness::Unreachable(e.to_string());
        }
        match Migrator::get_pending_migrations_read_only(&self.pool).await {
            Ok(pending) if pending.is_empty() => Readiness::Ready,
            Ok(pending) => Readiness::Pending(pending.len()),
            Err(e) => Readiness::Unreachable(e.to_string()),
        }
    }

    /// Closes the pool, waiting for connections in use.
    pub async fn close(self) {
        let _ = self.pool.close().await;
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
            .all(&self.db())
            .await?)
    }

    pub(crate) async fn query_one_as<T: FromQueryResult>(
        &self,
        sql: &str,
        values: impl IntoIterator<Item = Value>,
    ) -> StoreResult<Option<T>> {
        Ok(T::find_by_statement(self.stmt(sql, values))
            .one(&self.db())
            .await?)
    }
}

/// A transaction: a [`Store`] whose every query goes through it (it
/// dereferences to one), committed by [`StoreTx::commit`] and rolled back
/// when dropped without it.
#[derive(Debug)]
pub struct StoreTx {
    store: Store,
}

impl std::ops::Deref for StoreTx {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl StoreTx {
    /// Commits everything done through this transaction.
    pub async fn commit(self) -> StoreResult<()> {
        let tx = self.store.tx.expect("a StoreTx always holds a transaction");
        let tx = Arc::try_unwrap(tx).map_err(|_| {
            StoreError::Conflict(Message::verbatim(
                "internal error: the transaction is still in use and cannot be committed",
            ))
        })?;
        tx.commit().await?;
        Ok(())
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
