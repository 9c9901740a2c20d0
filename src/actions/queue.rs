//! The job queue's actions: the scheduler putting a due job in the queue,
//! an instance claiming, finishing or failing a job, the bot's sender
//! claiming paced messages and saying how each went, an alert to the
//! organisers' chat, and an organiser putting a parked job back.
//!
//! Exactly once: every job has a key, and enqueuing a key that is there
//! already adds nothing — however many instances, restarts and retries.
//! A task whose instance died is taken over when its lease runs out, and
//! so is a message it had claimed but not begun to send. A message whose
//! instance died while sending it is not sent again (it is `unknown`:
//! Telegram may have delivered it), so nobody ever gets one twice.

use chrono::{DateTime, Duration, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, record, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::domain::queue::{
    self, AdminAlert, FINISHED_KEPT_DAYS, JobState, MESSAGE_ATTEMPTS, OutgoingMessage, QueueName,
    TASK_ATTEMPTS,
};
use crate::msg;
use crate::store::queue::{ClaimedJob, ClaimedMessage, JobRow, NewJob, StateCount};

/// How long a task is an instance's before another may take it over; the
/// running instance renews it every [`TASK_RENEW_EVERY`].
pub const TASK_LEASE: Duration = Duration::minutes(5);
/// How often a running task's lease is renewed.
pub const TASK_RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(60);
/// How long after its moment a claimed message is the instance's: longer
/// than a send to Telegram takes.
pub const MESSAGE_LEASE: Duration = Duration::seconds(30);
/// How far ahead an instance claims messages.
pub const MESSAGE_WINDOW: Duration = Duration::seconds(1);

/// A name for this instance's claims: host, process and the moment it
/// was made.
pub fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".to_string());
    let started = Utc::now();
    format!(
        "{host}:{}:{:x}{:08x}",
        std::process::id(),
        started.timestamp(),
        started.timestamp_subsec_nanos()
    )
}

/// The key of a scheduled job's occurrence: the same on every instance.
pub fn occurrence_key(kind: &str, at: DateTime<Utc>) -> String {
    format!("{kind}@{}", at.format("%Y-%m-%dT%H:%MZ"))
}

/// Puts the occurrence `at` of the scheduled task `kind` in the queue;
/// false when it is there already (another instance put it there).
pub async fn schedule_task(
    app: &App,
    kind: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActionResult<bool> {
    let job = NewJob {
        queue: QueueName::Task,
        kind: kind.to_string(),
        key: occurrence_key(kind, at),
        payload: "{}".to_string(),
        chat_id: None,
        user_id: None,
        announcement_id: None,
        run_at: at,
    };
    Ok(app.store.enqueue_jobs(&[job], now).await? == 1)
}

/// A message to queue for `chat_id` (a participant's, `user_id`, or
/// another chat) under `key`, due at `at`.
pub(crate) fn message_job(
    key: String,
    user_id: Option<i64>,
    chat_id: i64,
    message: &OutgoingMessage,
    at: DateTime<Utc>,
) -> ActionResult<NewJob> {
    Ok(NewJob {
        queue: QueueName::Message,
        kind: message.kind().to_string(),
        key,
        payload: serde_json::to_string(message).map_err(|e| ActionError::Internal(e.into()))?,
        chat_id: Some(chat_id),
        user_id,
        announcement_id: None,
        run_at: at,
    })
}

/// Claims the next due task for `worker`.
pub async fn claim_task(
    app: &App,
    worker: &str,
    now: DateTime<Utc>,
) -> ActionResult<Option<ClaimedJob>> {
    Ok(app.store.claim_task(worker, now, now + TASK_LEASE).await?)
}

/// Keeps `worker`'s task its own; false when it was taken over.
pub async fn renew_task(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    now: DateTime<Utc>,
) -> ActionResult<bool> {
    Ok(app
        .store
        .renew_lease(job.id, worker, now + TASK_LEASE)
        .await?)
}

/// A task done, or a message delivered.
pub async fn job_done(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    app.store
        .finish_job(job.id, worker, JobState::Done, None, now)
        .await?;
    Ok(())
}

/// A task failed: recorded as `job.failed`, tried again later with
/// backoff, or parked after its tries. The organisers' chat hears of the
/// first failure of each job and of its parking, once each.
pub async fn task_failed(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    let parked = fail(app, job, worker, error, TASK_ATTEMPTS, now).await?;
    record(
        app,
        &Actor::Scheduler,
        Record::new("job.failed", job.kind.clone()).details(error.to_string()),
    )
    .await?;
    let alert = if parked {
        AdminAlert::JobParked {
            job: job.kind.clone(),
            error: error.to_string(),
        }
    } else {
        AdminAlert::JobFailed {
            job: job.kind.clone(),
            error: error.to_string(),
            retries_left: TASK_ATTEMPTS - job.attempts,
        }
    };
    let key = if parked { "parked" } else { "failed" };
    alert_admins(app, alert, &format!("{key}:{}", job.job_key), now).await?;
    Ok(())
}

/// Retries or parks `job`; true when parked.
async fn fail(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    error: &str,
    max_attempts: i32,
    now: DateTime<Utc>,
) -> ActionResult<bool> {
    match queue::retry_at(now, job.attempts, max_attempts) {
        Some(at) => {
            app.store.retry_job(job.id, worker, at, error, true).await?;
            Ok(false)
        }
        None => {
            app.store
                .finish_job(job.id, worker, JobState::Failed, Some(error), now)
                .await?;
            Ok(true)
        }
    }
}

/// Claims the messages this instance sends next, each with its moment,
/// spaced for `per_second` (at most the configured limit; lower while the
/// instance cannot keep up, see [`queue::SendRate`]).
pub async fn claim_messages(
    app: &App,
    worker: &str,
    per_second: u32,
    now: DateTime<Utc>,
) -> ActionResult<Vec<ClaimedMessage>> {
    Ok(app
        .store
        .claim_messages(
            worker,
            now,
            per_second.clamp(1, app.config.messages.per_second.max(1)),
            MESSAGE_WINDOW,
            MESSAGE_LEASE,
        )
        .await?)
}

/// Marks a claimed message as being sent; false when it is no longer
/// `worker`'s and must not be sent.
pub async fn begin_sending(app: &App, job: &ClaimedJob, worker: &str) -> ActionResult<bool> {
    Ok(app.store.begin_sending(job.id, worker).await?)
}

/// A message Telegram refused because of its rate: every message waits
/// `retry_after`, and this one goes again then without losing a try.
pub async fn message_rate_limited(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    retry_after: Duration,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    let until = now + retry_after;
    app.store.pause_messages(until).await?;
    app.store
        .retry_job(job.id, worker, until, "Telegram asked to slow down", false)
        .await?;
    Ok(())
}

/// A message that missed its moment (the instance was too busy to send it
/// in time): back to the queue for a new moment, without losing a try, so
/// that a late message never crowds the ones sent on time.
pub async fn message_late(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    app.store
        .retry_job(
            job.id,
            worker,
            now,
            "sent too late for its moment; queued again",
            false,
        )
        .await?;
    Ok(())
}

/// A message Telegram will not deliver because the person blocked the
/// bot: they are marked unreachable (nothing more is queued or sent to
/// them until they write to the bot again). A chat that is not a
/// participant's (the organisers' chat) is parked instead.
pub async fn message_unreachable(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    match job.user_id {
        Some(user) => app.store.mark_unreachable(job.id, user, now).await?,
        None => {
            app.store
                .finish_job(job.id, worker, JobState::Failed, Some(error), now)
                .await?;
        }
    }
    Ok(())
}

/// A message that failed otherwise (Telegram or the network): tried
/// again with backoff, parked after its tries (and the organisers told,
/// unless it was itself an alert).
pub async fn message_failed(
    app: &App,
    job: &ClaimedJob,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> ActionResult<()> {
    let parked = fail(app, job, worker, error, MESSAGE_ATTEMPTS, now).await?;
    if parked && job.kind != "alert" {
        alert_admins(
            app,
            AdminAlert::JobParked {
                job: job.kind.clone(),
                error: error.to_string(),
            },
            &format!("parked:{}", job.job_key),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Queues `alert` for the organisers' chat (`ADMIN_ALERT_CHAT_ID`) under
/// `key`: an alert with a key queued before is not sent again. Nothing
/// when no chat is configured.
pub async fn alert_admins(
    app: &App,
    alert: AdminAlert,
    key: &str,
    now: DateTime<Utc>,
) -> ActionResult<bool> {
    let Some(chat) = app.config.messages.admin_alert_chat else {
        return Ok(false);
    };
    let job = message_job(
        format!("alert:{key}"),
        None,
        chat,
        &OutgoingMessage::Alert { alert },
        now,
    )?;
    Ok(app.store.enqueue_jobs(&[job], now).await? == 1)
}

/// The queue as organisers see it: how many jobs are in each state, and
/// the parked ones with their errors.
#[derive(Debug, Clone)]
pub struct QueueOverview {
    pub counts: Vec<StateCount>,
    pub parked: Vec<JobRow>,
}

/// How many parked jobs the overview lists.
pub const PARKED_SHOWN: u64 = 50;

/// The queue's overview.
pub async fn overview(app: &App, actor: &Actor) -> ActionResult<QueueOverview> {
    require(actor, AdminRole::Viewer)?;
    Ok(QueueOverview {
        counts: app.store.queue_counts().await?,
        parked: app.store.parked_jobs(PARKED_SHOWN).await?,
    })
}

/// Puts a parked job back in the queue, audited.
pub async fn retry_parked(app: &App, actor: &Actor, id: i64) -> ActionResult<()> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    if !tx.requeue_parked(id, Utc::now()).await? {
        return Err(ActionError::NotFound(msg!("err-no-parked-job", id = id)));
    }
    commit(
        app,
        tx,
        actor,
        Record::new("job.retry", format!("job #{id}")),
    )
    .await
}

/// Deletes the jobs finished more than [`FINISHED_KEPT_DAYS`] days before
/// `now` (announcements' messages and parked jobs stay), audited by the
/// scheduler when there were any. Returns how many.
pub async fn prune_finished(app: &App, now: DateTime<Utc>) -> ActionResult<u64> {
    let before = now - Duration::days(FINISHED_KEPT_DAYS);
    let tx = app.store.begin().await?;
    let deleted = tx.prune_finished_jobs(before).await?;
    if deleted == 0 {
        return Ok(0);
    }
    commit(
        app,
        tx,
        &Actor::Scheduler,
        Record::new("jobs.prune", "job queue").details(format!(
            "{deleted} jobs finished before {} deleted",
            before.format("%Y-%m-%d %H:%M UTC")
        )),
    )
    .await?;
    Ok(deleted)
}
