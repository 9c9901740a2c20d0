//! Group commit for logging on PostgreSQL.
//!
//! Every activity logged alone costs a transaction: a commit that waits for
//! the write-ahead log to reach the disk, and one run of the rank-count
//! triggers. When many participants log at once, the requests that arrive
//! while a commit is under way are gathered and written together by one
//! statement: the activities are inserted, each participant's total moves
//! by the sum of theirs, and the rank counts move once, all in the
//! statement's own transaction. Nobody waits for a batch to fill: a request
//! that finds a writer idle is written at once, alone.
//!
//! Two writers run side by side, each owning the participants whose id
//! falls to it, so two batches of one server never wait on each other's
//! participant rows. Whatever a batch cannot settle (a repeated idempotency
//! key, a participant deleted meanwhile, a deadlock with another server
//! instance, a lost connection) goes through the one-at-a-time path, which
//! gives each request its own exact answer. Either way a request's answer
//! comes after its commit, so an acknowledged activity is durable.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use rust_decimal::Decimal;
use sea_orm::{DbBackend, DbErr, FromQueryResult, QueryResult, Statement};
use tokio::sync::{mpsc, oneshot};

use super::activities::{ACTIVITY_COLUMNS, LoggedActivity, NewActivity};
use super::entities::activity;
use super::{Store, StoreResult, now};
use crate::domain::Points;

/// The most requests one statement writes.
const MAX_BATCH: usize = 256;
/// Requests waiting for a writer before callers wait to queue.
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<StoreResult<LoggedActivity>>;

struct Request {
    new: NewActivity,
    reply: Reply,
}

/// The writers' queues, one per writer.
#[derive(Debug)]
pub(super) struct LogBatcher {
    queues: Vec<mpsc::Sender<Request>>,
    stats: Arc<BatchStats>,
}

/// What the writers have done since the server started.
#[derive(Debug, Default)]
pub struct BatchStats {
    /// Statements that wrote a batch.
    pub batches: AtomicU64,
    /// Activities written by those statements.
    pub batched: AtomicU64,
    /// Batches that failed and were written one at a time instead.
    pub failed_batches: AtomicU64,
}

impl LogBatcher {
    /// Starts `writers` writers on `store`'s pool. Needs a Tokio runtime.
    pub(super) fn start(store: &Store, writers: usize) -> LogBatcher {
        let stats = Arc::new(BatchStats::default());
        let queues = (0..writers.max(1))
            .map(|_| {
                let (tx, rx) = mpsc::channel(QUEUE);
                tokio::spawn(write_batches(store.without_batches(), stats.clone(), rx));
                tx
            })
            .collect();
        LogBatcher { queues, stats }
    }

    /// What the writers have done so far.
    pub(super) fn stats(&self) -> &BatchStats {
        &self.stats
    }

    /// Logs `new` in the next batch of its participant's writer.
    pub(super) async fn log(&self, store: &Store, new: NewActivity) -> StoreResult<LoggedActivity> {
        let queue = &self.queues[new.user_id.rem_euclid(self.queues.len() as i64) as usize];
        let (reply, answer) = oneshot::channel();
        match queue.send(Request { new, reply }).await {
            Ok(()) => match answer.await {
                Ok(result) => result,
                // The writer stopped (the runtime is shutting down) before
                // answering: whether it was written is unknown; the
                // idempotency key makes a retry safe.
                Err(_) => Err(super::StoreError::Conflict(crate::msg!(
                    "err-activity-unconfirmed"
                ))),
            },
            Err(mpsc::error::SendError(request)) => store.log_activity_alone(request.new).await,
        }
    }
}

/// One writer: waits for a request, takes whatever else is queued behind
/// it, writes them together, answers each, and goes round again.
async fn write_batches(store: Store, stats: Arc<BatchStats>, mut queue: mpsc::Receiver<Request>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(request) => batch.push(request),
                Err(_) => break,
            }
        }
        write(&store, &stats, batch).await;
    }
}

/// A row the batch statement wrote: the activity and its participant's
/// total after the batch.
struct Written {
    activity: activity::Model,
    total: Decimal,
}

impl FromQueryResult for Written {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Written {
            activity: activity::Model::from_query_result(row, pre)?,
            total: row.try_get(pre, "total")?,
        })
    }
}

/// Inserts the batch's activities and moves each participant's total by
/// the sum of theirs, in one statement. Rows whose idempotency key is taken
/// or whose participant is gone are left out and settled one at a time.
fn batch_sql() -> &'static str {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "\
WITH input AS ( \
    SELECT * FROM json_to_recordset($1::json) AS c( \
        user_id BIGINT, activity_type TEXT, compendium_code TEXT, met NUMERIC, duration INTEGER, \
        points NUMERIC, description TEXT, activity_date DATE, idempotency_key TEXT, ord BIGINT) \
), inserted AS ( \
    INSERT INTO activities (user_id, activity_type, compendium_code, met, duration, points, description, \
                            activity_date, idempotency_key, created_at) \
    SELECT c.user_id, c.activity_type, c.compendium_code, c.met, c.duration, c.points, c.description, \
           c.activity_date, c.idempotency_key, $2 \
    FROM input c WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id) ORDER BY c.ord \
    ON CONFLICT (user_id, idempotency_key) DO NOTHING \
    RETURNING {ACTIVITY_COLUMNS} \
), totals AS ( \
    UPDATE users u SET points = ROUND(u.points + d.added, 2), updated_at = $2 \
    FROM (SELECT user_id, SUM(points) AS added FROM inserted GROUP BY user_id ORDER BY user_id) d \
    WHERE u.id = d.user_id \
    RETURNING u.id, u.points \
) \
SELECT i.*, t.points AS total FROM inserted i JOIN totals t ON t.id = i.user_id"
        )
    });
    &SQL
}

async fn write(store: &Store, stats: &BatchStats, batch: Vec<Request>) {
    let rows: Vec<serde_json::Value> = batch
        .iter()
        .enumerate()
        .map(|(ord, r)| {
            let n = &r.new;
            serde_json::json!({
                "ord": ord,
                "user_id": n.user_id,
                "activity_type": n.activity_type,
                "compendium_code": n.compendium_code,
                "met": n.met.map(|m| m.to_string()),
                "duration": n.duration.get(),
                "points": n.points.value().to_string(),
                "description": n.description,
                "activity_date": n.activity_date.to_string(),
                "idempotency_key": n.idempotency_key,
            })
        })
        .collect();
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        batch_sql(),
        [
            serde_json::Value::Array(rows).to_string().into(),
            now().into(),
        ],
    );
    let written = match Written::find_by_statement(statement)
        .all(store.connection())
        .await
    {
        Ok(rows) => {
            stats.batches.fetch_add(1, Ordering::Relaxed);
            stats
                .batched
                .fetch_add(rows.len() as u64, Ordering::Relaxed);
            rows
        }
        Err(e) => {
            stats.failed_batches.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(error = %e, size = batch.len(), "a logging batch failed; writing its activities one at a time");
            Vec::new()
        }
    };
    let mut by_key: HashMap<(i64, String), Written> = written
        .into_iter()
        .filter_map(|w| Some(((w.activity.user_id, w.activity.idempotency_key.clone()?), w)))
        .collect();
    for request in batch {
        let found = request
            .new
            .idempotency_key
            .clone()
            .and_then(|key| by_key.remove(&(request.new.user_id, key)));
        let result = match found {
            Some(w) => Ok(LoggedActivity {
                total: Points::new(w.total),
                activity: w.activity.into(),
                newly_logged: true,
                not_counted: Points::ZERO,
                withheld: Points::ZERO,
            }),
            None => store.log_activity_alone(request.new).await,
        };
        let _ = request.reply.send(result);
    }
}
