//! The job queue (see the `job_queue` migration): jobs enqueued under a
//! unique key, claimed under a lease — on PostgreSQL with `FOR UPDATE SKIP
//! LOCKED`, so that instances never take the same job — and messages given
//! their sending moments from the shared pacer in `send_pacing`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Value};

use super::{Store, StoreResult};
use crate::domain::queue::{self, Candidate, JobState, QueueName};

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub queue: QueueName,
    pub kind: String,
    /// Unique: a job whose key is taken already is not added again.
    pub key: String,
    /// JSON.
    pub payload: String,
    /// A message's chat.
    pub chat_id: Option<i64>,
    /// A message's participant.
    pub user_id: Option<i64>,
    pub announcement_id: Option<i64>,
    pub run_at: DateTime<Utc>,
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub job_key: String,
    pub payload: String,
    pub chat_id: Option<i64>,
    pub user_id: Option<i64>,
    /// Tries so far, this one included.
    pub attempts: i32,
}

/// A claimed message and the moment it may be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMessage {
    pub job: ClaimedJob,
    pub send_at: DateTime<Utc>,
}

/// A job as organisers see it in the queue's overview.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct JobRow {
    pub id: i64,
    pub queue: String,
    pub kind: String,
    pub job_key: String,
    pub state: String,
    pub attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// How many jobs of a queue are in one state.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct StateCount {
    pub queue: String,
    pub state: String,
    pub jobs: i64,
}

#[derive(FromQueryResult)]
struct NextAt {
    next_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct CandidateRow {
    id: i64,
    chat_id: Option<i64>,
    chat_free: Option<DateTime<Utc>>,
}

/// Rows per INSERT when enqueuing many jobs.
const INSERT_CHUNK: usize = 500;
/// The pacer's own row in `send_pacing`.
const OVERALL: i64 = 0;

const CLAIMED_COLUMNS: &str = "id, kind, job_key, payload, chat_id, user_id, attempts";

impl Store {
    fn skip_locked(&self) -> &'static str {
        if self.backend() == DbBackend::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        }
    }

    /// Adds jobs, leaving out those whose key is taken; returns how many
    /// were added. Many jobs go in a few statements.
    pub async fn enqueue_jobs(&self, jobs: &[NewJob], now: DateTime<Utc>) -> StoreResult<u64> {
        let mut added = 0;
        for chunk in jobs.chunks(INSERT_CHUNK) {
            let mut sql = String::from(
                "INSERT INTO jobs (queue, kind, job_key, payload, chat_id, user_id, \
                 announcement_id, state, attempts, run_at, created_at) VALUES ",
            );
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 9);
            for (i, job) in chunk.iter().enumerate() {
                let n = i * 9;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, 'waiting', 0, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7,
                    n + 8,
                    n + 9
                ));
                values.extend([
                    job.queue.as_str().into(),
                    job.kind.clone().into(),
                    job.key.clone().into(),
                    job.payload.clone().into(),
                    job.chat_id.into(),
                    job.user_id.into(),
                    job.announcement_id.into(),
                    job.run_at.into(),
                    now.into(),
                ]);
            }
            sql.push_str(" ON CONFLICT (job_key) DO NOTHING");
            added += self
                .db()
                .execute_raw(self.stmt(&sql, values))
                .await?
                .rows_affected();
        }
        Ok(added)
    }

    /// Claims the oldest due task for `worker` until `lease_until`: first
    /// one whose instance's lease ran out (it stopped while running it),
    /// else one waiting.
    pub async fn claim_task(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Option<ClaimedJob>> {
        let lock = self.skip_locked();
        for due in [
            "state = 'running' AND lease_until < $3",
            "state = 'waiting' AND run_at <= $3",
        ] {
            let claimed = self
                .query_one_as::<ClaimedJob>(
                    &format!(
                        "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $1, \
                         lease_until = $2 \
                         WHERE id = (SELECT id FROM jobs WHERE queue = 'task' AND {due} \
                         ORDER BY run_at, id LIMIT 1{lock}) \
                         RETURNING {CLAIMED_COLUMNS}"
                    ),
                    [worker.into(), lease_until.into(), now.into()],
                )
                .await?;
            if claimed.is_some() {
                return Ok(claimed);
            }
        }
        Ok(None)
    }

    /// Extends `worker`'s lease on a job it runs; false when the job is no
    /// longer its own (its lease ran out and another instance took it).
    pub async fn renew_lease(
        &self,
        id: i64,
        worker: &str,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET lease_until = $1 WHERE id = $2 AND worker = $3 AND state = 'running'",
                [lease_until.into(), id.into(), worker.into()],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends `worker`'s run of a job: `Done`, `Failed` (parked, with its
    /// error), `Unreachable` or `Unknown`. False when the job was not its
    /// own any more.
    pub async fn finish_job(
        &self,
        id: i64,
        worker: &str,
        state: JobState,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET state = $1, last_error = $2, finished_at = $3, lease_until = NULL \
                 WHERE id = $4 AND worker = $5 AND state IN ('running', 'sending')",
                [
                    state.as_str().into(),
                    error.map(str::to_string).into(),
                    now.into(),
                    id.into(),
                    worker.into(),
                ],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts a job `worker` ran back in the queue to be tried at `run_at`,
    /// with the error of this try. `count_try: false` gives the try back
    /// (Telegram asked to slow down; nothing was wrong with the job).
    pub async fn retry_job(
        &self,
        id: i64,
        worker: &str,
        run_at: DateTime<Utc>,
        error: &str,
        count_try: bool,
    ) -> StoreResult<bool> {
        let give_back = if count_try { 0 } else { 1 };
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET state = 'waiting', run_at = $1, last_error = $2, lease_until = NULL, \
                 attempts = attempts - $3 WHERE id = $4 AND worker = $5 \
                 AND state IN ('running', 'sending')",
                [
                    run_at.into(),
                    error.into(),
                    give_back.into(),
                    id.into(),
                    worker.into(),
                ],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims the next messages for `worker` and gives each its moment:
    /// at most `per_second` overall across every instance (the pacer row
    /// is locked for the claim, so instances take turns) and one a second
    /// per chat, within `window` from now. Messages of an instance that
    /// stopped go back to the queue, except those it had begun to send:
    /// they may have been delivered, are marked `unknown` and never sent
    /// twice.
    pub async fn claim_messages(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        per_second: u32,
        window: Duration,
        lease: Duration,
    ) -> StoreResult<Vec<ClaimedMessage>> {
        let tx = self.begin().await?;
        // The first statement writes, so that on SQLite the transaction
        // holds the write lock from here on; on PostgreSQL it locks the
        // pacer's row until the commit.
        let overall_free = tx
            .query_one_as::<NextAt>(
                "INSERT INTO send_pacing (chat_id, next_at) VALUES ($1, $2) \
                 ON CONFLICT (chat_id) DO UPDATE SET next_at = send_pacing.next_at \
                 RETURNING next_at",
                [OVERALL.into(), now.into()],
            )
            .await?
            .map(|r| r.next_at)
            .unwrap_or(now);
        let end = now + window;
        if overall_free >= end {
            tx.commit().await?;
            return Ok(Vec::new());
        }
        // An instance that stopped: what it had claimed but not begun to
        // send goes back to the queue; what it was sending may have been
        // delivered and is not sent again.
        tx.db()
            .execute_raw(tx.stmt(
                "UPDATE jobs SET state = 'waiting', lease_until = NULL, attempts = attempts - 1 \
                 WHERE queue = 'message' AND state = 'running' AND lease_until < $1",
                [now.into()],
            ))
            .await?;
        tx.db()
            .execute_raw(tx.stmt(
                "UPDATE jobs SET state = 'unknown', finished_at = $1, lease_until = NULL, \
                 last_error = 'the instance sending it stopped; it may have been delivered' \
                 WHERE queue = 'message' AND state = 'sending' AND lease_until < $1",
                [now.into()],
            ))
            .await?;
        let limit = i64::from(per_second.max(1)) * window.num_seconds().max(1) * 4;
        let of = if self.backend() == DbBackend::Postgres {
            " FOR UPDATE OF j SKIP LOCKED"
        } else {
            ""
        };
        let rows = tx
            .query_all_as::<CandidateRow>(
                &format!(
                    "SELECT j.id, j.chat_id, p.next_at AS chat_free FROM jobs j \
                     LEFT JOIN send_pacing p ON p.chat_id = j.chat_id \
                     WHERE j.queue = 'message' AND j.state = 'waiting' AND j.run_at <= $1 \
                     AND (p.next_at IS NULL OR p.next_at < $2) \
                     ORDER BY j.run_at, j.id LIMIT $3{of}"
                ),
                [now.into(), end.into(), limit.into()],
            )
            .await?;
        let mut chat_free = HashMap::new();
        let candidates: Vec<Candidate> = rows
            .iter()
            .map(|r| {
                let chat_id = r.chat_id.unwrap_or(OVERALL);
                if let Some(free) = r.chat_free {
                    chat_free.insert(chat_id, free);
                }
                Candidate { id: r.id, chat_id }
            })
            .collect();
        let batch = queue::plan_batch(
            now,
            overall_free,
            &chat_free,
            &candidates,
            per_second,
            window,
        );
        if batch.slots.is_empty() {
            tx.commit().await?;
            return Ok(Vec::new());
        }
        let ids = batch
            .slots
            .iter()
            .map(|s| s.id.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let lease_until = end + lease;
        let claimed = tx
            .query_all_as::<ClaimedJob>(
                &format!(
                    "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $1, \
                     lease_until = $2 WHERE id IN ({ids}) RETURNING {CLAIMED_COLUMNS}"
                ),
                [worker.into(), lease_until.into()],
            )
            .await?;
        let mut sql = String::from("INSERT INTO send_pacing (chat_id, next_at) VALUES ");
        let mut values: Vec<Value> = Vec::new();
        for (i, slot) in batch.slots.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${})", i * 2 + 1, i * 2 + 2));
            values.push(slot.chat_id.into());
            values.push((slot.send_at + queue::CHAT_SPACING).into());
        }
        sql.push_str(" ON CONFLICT (chat_id) DO UPDATE SET next_at = excluded.next_at");
        tx.db().execute_raw(tx.stmt(&sql, values)).await?;
        tx.db()
            .execute_raw(tx.stmt(
                "UPDATE send_pacing SET next_at = $1 WHERE chat_id = $2",
                [batch.next_overall.into(), OVERALL.into()],
            ))
            .await?;
        tx.commit().await?;
        let mut by_id: HashMap<i64, ClaimedJob> = claimed.into_iter().map(|j| (j.id, j)).collect();
        Ok(batch
            .slots
            .iter()
            .filter_map(|s| {
                by_id.remove(&s.id).map(|job| ClaimedMessage {
                    job,
                    send_at: s.send_at,
                })
            })
            .collect())
    }

    /// Marks a claimed message as being handed to Telegram now; false when
    /// it is no longer `worker`'s (its lease ran out), and must not be sent.
    pub async fn begin_sending(&self, id: i64, worker: &str) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET state = 'sending' WHERE id = $1 AND worker = $2 AND state = 'running'",
                [id.into(), worker.into()],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Holds every message back until `until` (Telegram answered 429 and
    /// asked to wait).
    pub async fn pause_messages(&self, until: DateTime<Utc>) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO send_pacing (chat_id, next_at) VALUES ($1, $2) \
                 ON CONFLICT (chat_id) DO UPDATE SET next_at = \
                 CASE WHEN send_pacing.next_at > excluded.next_at THEN send_pacing.next_at \
                 ELSE excluded.next_at END",
                [OVERALL.into(), until.into()],
            ))
            .await?;
        Ok(())
    }

    /// Deletes the jobs that finished before `before` (done, cancelled,
    /// unreachable, unknown), except announcements' messages. Returns how
    /// many.
    pub async fn prune_finished_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "DELETE FROM jobs WHERE state IN ('done', 'cancelled', 'unreachable', 'unknown') \
                 AND finished_at < $1 AND announcement_id IS NULL",
                [before.into()],
            ))
            .await?;
        Ok(done.rows_affected())
    }

    /// Forgets chats' pacing that no longer holds anything back.
    pub async fn prune_pacing(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "DELETE FROM send_pacing WHERE chat_id <> $1 AND next_at < $2",
                [OVERALL.into(), now.into()],
            ))
            .await?;
        Ok(done.rows_affected())
    }

    /// Marks a participant as blocking the bot since `now` and ends the
    /// message `id` and every other message waiting for them as
    /// `unreachable`, in one transaction.
    pub async fn mark_unreachable(
        &self,
        id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let tx = self.begin().await?;
        tx.db()
            .execute_raw(tx.stmt(
                "INSERT INTO person_settings (user_id, weekly_digest, unreachable_at) \
                 VALUES ($1, TRUE, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET unreachable_at = excluded.unreachable_at",
                [user_id.into(), now.into()],
            ))
            .await?;
        tx.db()
            .execute_raw(tx.stmt(
                "UPDATE jobs SET state = 'unreachable', finished_at = $1, lease_until = NULL, \
                 last_error = 'the person blocked the bot' \
                 WHERE user_id = $2 AND queue = 'message' AND (id = $3 OR state = 'waiting')",
                [now.into(), user_id.into(), id.into()],
            ))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes a participant reachable again (they wrote to the bot); true
    /// when they had been marked unreachable.
    pub async fn mark_reachable(&self, user_id: i64) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE person_settings SET unreachable_at = NULL \
                 WHERE user_id = $1 AND unreachable_at IS NOT NULL",
                [user_id.into()],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many jobs of each queue are in each state.
    pub async fn queue_counts(&self) -> StoreResult<Vec<StateCount>> {
        self.query_all_as(
            "SELECT queue, state, COUNT(*) AS jobs FROM jobs GROUP BY queue, state \
             ORDER BY queue, state",
            [],
        )
        .await
    }

    /// The parked jobs, newest first.
    pub async fn parked_jobs(&self, limit: u64) -> StoreResult<Vec<JobRow>> {
        self.query_all_as(
            "SELECT id, queue, kind, job_key, state, attempts, run_at, last_error, created_at, \
             finished_at FROM jobs WHERE state = 'failed' ORDER BY finished_at DESC, id DESC \
             LIMIT $1",
            [(limit as i64).into()],
        )
        .await
    }

    /// A job by its key.
    pub async fn job_by_key(&self, key: &str) -> StoreResult<Option<JobRow>> {
        self.query_one_as(
            "SELECT id, queue, kind, job_key, state, attempts, run_at, last_error, created_at, \
             finished_at FROM jobs WHERE job_key = $1",
            [key.into()],
        )
        .await
    }

    /// Puts a parked job back in the queue, to be tried at `now` with its
    /// tries counted afresh; false when it was not parked.
    pub async fn requeue_parked(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET state = 'waiting', attempts = 0, run_at = $1, finished_at = NULL \
                 WHERE id = $2 AND state = 'failed'",
                [now.into(), id.into()],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
