//! The sender of queued messages: announcements, reminders, digests,
//! milestones and admin alerts. Every instance with the bot on runs one;
//! each claims the messages whose turn has come from the queue in the
//! database (see [`crate::actions::queue`]), which gives every message its
//! moment so that all instances together keep Telegram's limits, and sends
//! each at its moment. How each went goes back to the queue: delivered; a
//! 429 holds every message back for `retry_after`; a person who blocked the
//! bot (403) is marked unreachable and skipped from then on; anything else
//! is tried again with backoff and parked after its tries.
//!
//! When the database does not answer for [`DATABASE_ALERT_AFTER`], the
//! organisers' chat is told directly (the queue is in that database), and
//! told again when it answers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::Utc;
use teloxide::types::{ChatId, InlineKeyboardMarkup};
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use super::telegram::Telegram;
use super::texts::escape;
use crate::actions::queue as q;
use crate::app::App;
use crate::domain::queue::{AdminAlert, LATE_TOLERANCE, OutgoingMessage, SendRate};
use crate::i18n::Message;
use crate::msg;
use crate::store::queue::ClaimedMessage;

/// How often an idle sender looks for messages.
const IDLE_PAUSE: Duration = Duration::from_millis(250);
/// How long the database may be unreachable before the organisers hear.
pub const DATABASE_ALERT_AFTER: chrono::Duration = chrono::Duration::minutes(3);
/// How long a stopping sender waits for the messages it has claimed.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The running sender; [`Outbox::stop`] ends it.
pub struct Outbox {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Outbox {
    /// Starts sending through `telegram` (which should not pace or retry:
    /// the queue does both).
    pub fn start(app: Arc<App>, telegram: Telegram) -> Outbox {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(app, telegram, stopped));
        Outbox { stop, task }
    }

    /// Stops claiming, and lets the messages claimed already go.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn run(app: Arc<App>, telegram: Telegram, mut stopped: watch::Receiver<bool>) {
    let worker = q::worker_name();
    let mut sending: JoinSet<()> = JoinSet::new();
    let pause = Pause::default();
    let limiter = Limiter::new(app.config.messages.per_second);
    let mut down = DatabaseWatch::default();
    let mut pruned = Utc::now();
    let late = Arc::new(AtomicU64::new(0));
    let mut rate = SendRate::new(app.config.messages.per_second, Utc::now());
    while !*stopped.borrow() {
        while sending.try_join_next().is_some() {}
        let now = Utc::now();
        if let Some(per_second) = rate.note(late.swap(0, Ordering::Relaxed), now) {
            tracing::debug!(
                per_second,
                limit = app.config.messages.per_second,
                "messages are claimed at a new rate (lower while they miss their moments)"
            );
        }
        match q::claim_messages(&app, &worker, rate.current(), now).await {
            Ok(batch) => {
                down.answered(&app, &telegram).await;
                let claimed = batch.len();
                for message in batch {
                    let (app, telegram, worker, pause, limiter, late) = (
                        app.clone(),
                        telegram.clone(),
                        worker.clone(),
                        pause.clone(),
                        limiter.clone(),
                        late.clone(),
                    );
                    sending.spawn(async move {
                        let guards = Guards {
                            pause: &pause,
                            limiter: &limiter,
                            late: &late,
                        };
                        send_one(&app, &telegram, &worker, guards, message).await
                    });
                }
                if now - pruned > chrono::Duration::minutes(1) {
                    pruned = now;
                    if let Err(e) = app.store.prune_pacing(now).await {
                        tracing::debug!(error = %e, "old pacing rows could not be removed");
                    }
                }
                if claimed > 0 {
                    continue;
                }
            }
            Err(e) => {
                tracing::warn!(error = e.log_text(), "the message queue could not be read");
                down.failed(&app, &telegram, &e.log_text()).await;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(IDLE_PAUSE) => {}
            _ = stopped.changed() => {}
        }
    }
    let _ = tokio::time::timeout(STOP_GRACE, async {
        while sending.join_next().await.is_some() {}
    })
    .await;
}

/// Until when Telegram asked this instance to wait (a 429), shared by the
/// messages it has claimed: the queue holds back what is not claimed yet.
#[derive(Clone, Default)]
struct Pause(Arc<std::sync::Mutex<Option<chrono::DateTime<Utc>>>>);

impl Pause {
    fn until(&self) -> Option<chrono::DateTime<Utc>> {
        let until = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        until.filter(|u| *u > Utc::now())
    }

    fn set(&self, until: chrono::DateTime<Utc>) {
        let mut current = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if current.is_none_or(|c| c < until) {
            *current = Some(until);
        }
    }
}

/// This instance's own guard on the overall limit, behind the queue's
/// pacing: a message is handed to Telegram only when fewer than the limit
/// were in the last second, however the moments of the claimed messages
/// were kept (a busy machine wakes some late).
#[derive(Clone)]
struct Limiter {
    per_second: usize,
    sent: Arc<tokio::sync::Mutex<std::collections::VecDeque<tokio::time::Instant>>>,
}

impl Limiter {
    fn new(per_second: u32) -> Limiter {
        Limiter {
            per_second: per_second.max(1) as usize,
            sent: Arc::default(),
        }
    }

    async fn admit(&self) {
        let second = Duration::from_secs(1);
        let mut sent = self.sent.lock().await;
        loop {
            let now = tokio::time::Instant::now();
            while sent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= second)
            {
                sent.pop_front();
            }
            if sent.len() < self.per_second {
                sent.push_back(now);
                return;
            }
            let oldest = *sent.front().expect("the window is full");
            tokio::time::sleep_until(oldest + second).await;
        }
    }
}

/// What the messages an instance sends share: Telegram's pause, the
/// instance's own limit, and the count of messages that missed their
/// moments.
struct Guards<'a> {
    pause: &'a Pause,
    limiter: &'a Limiter,
    late: &'a AtomicU64,
}

/// Waits for the message's moment, sends it and records how it went.
async fn send_one(
    app: &App,
    telegram: &Telegram,
    worker: &str,
    guards: Guards<'_>,
    message: ClaimedMessage,
) {
    let Guards {
        pause,
        limiter,
        late,
    } = guards;
    let wait = (message.send_at - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait).await;
    let job = &message.job;
    if let Some(until) = pause.until() {
        // Claimed before Telegram asked to wait: back to the queue.
        record(q::message_rate_limited(app, job, worker, until - Utc::now(), Utc::now()).await);
        return;
    }
    let Some(chat) = job.chat_id else {
        record(q::message_failed(app, job, worker, "the message has no chat", Utc::now()).await);
        return;
    };
    let (text, keyboard) = match serde_json::from_str::<OutgoingMessage>(&job.payload) {
        Ok(payload) => (render(app, &payload), keyboard(app, &payload)),
        Err(e) => {
            let error = format!("the message cannot be read: {e}");
            record(q::message_failed(app, job, worker, &error, Utc::now()).await);
            return;
        }
    };
    if Utc::now() - message.send_at > LATE_TOLERANCE {
        late.fetch_add(1, Ordering::Relaxed);
        record(q::message_late(app, job, worker, Utc::now()).await);
        return;
    }
    match q::begin_sending(app, job, worker).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(
                job = job.id,
                "a queued message was taken back before it was sent"
            );
            return;
        }
        Err(e) => {
            tracing::warn!(
                error = e.log_text(),
                "a queued message could not be marked as sending; it goes back to the queue"
            );
            return;
        }
    }
    limiter.admit().await;
    let sent = telegram.send(ChatId(chat), &text, keyboard).await;
    let now = Utc::now();
    let outcome = match sent {
        Ok(_) => q::job_done(app, job, worker, now).await,
        Err(RequestError::RetryAfter(after)) => {
            let after = chrono::Duration::from_std(after.duration())
                .unwrap_or(chrono::Duration::seconds(30));
            pause.set(now + after);
            tracing::warn!(
                seconds = after.num_seconds(),
                "Telegram asked to slow down: every queued message waits"
            );
            q::message_rate_limited(app, job, worker, after, now).await
        }
        Err(e) if is_unreachable(&e) => {
            tracing::info!(
                job = job.id,
                "a participant cannot be reached (blocked the bot): skipped from now on"
            );
            q::message_unreachable(app, job, worker, &e.to_string(), now).await
        }
        Err(e) => q::message_failed(app, job, worker, &e.to_string(), now).await,
    };
    record(outcome);
}

fn record(outcome: crate::actions::ActionResult<()>) {
    if let Err(e) = outcome {
        tracing::error!(
            error = e.log_text(),
            "how a queued message went could not be recorded"
        );
    }
}

/// Whether Telegram will never deliver to this chat as it is: the person
/// blocked the bot or deleted their account, or the chat is gone.
fn is_unreachable(e: &RequestError) -> bool {
    matches!(
        e,
        RequestError::Api(
            ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::ChatNotFound
                | ApiError::CantInitiateConversation
                | ApiError::CantTalkWithBots
        )
    ) || matches!(e, RequestError::Api(ApiError::Unknown(text)) if text.starts_with("Forbidden"))
}

/// The text of a queued message.
fn render(app: &App, message: &OutgoingMessage) -> String {
    match message {
        OutgoingMessage::Announcement { body } => escape(body),
        OutgoingMessage::Alert { alert } => {
            alert_text(alert).render(app.config.messages.admin_alert_language)
        }
        OutgoingMessage::Reminder { language, .. } => language.t("bot-reminder"),
        OutgoingMessage::Digest { language, digest } => {
            super::settings::digest_text(*language, digest)
        }
        OutgoingMessage::Milestone {
            language,
            milestone,
        } => super::milestones::milestone_text(*language, milestone),
    }
}

/// The buttons under a queued message, if it has any.
fn keyboard(app: &App, message: &OutgoingMessage) -> Option<InlineKeyboardMarkup> {
    match message {
        OutgoingMessage::Reminder { language, repeat } => Some(super::keyboards::reminder(
            *language,
            &app.catalogue,
            *repeat,
        )),
        _ => None,
    }
}

fn alert_text(alert: &AdminAlert) -> Message {
    match alert {
        AdminAlert::JobFailed {
            job,
            error,
            retries_left,
        } => msg!(
            "alert-job-failed",
            job = escape(job),
            error = escape(error),
            retries = *retries_left
        ),
        AdminAlert::JobParked { job, error } => {
            msg!("alert-job-parked", job = escape(job), error = escape(error))
        }
        AdminAlert::DatabaseDown { minutes, error } => {
            msg!(
                "alert-database-down",
                minutes = *minutes,
                error = escape(error)
            )
        }
        AdminAlert::DatabaseBack { minutes } => msg!("alert-database-back", minutes = *minutes),
    }
}

/// Tells the organisers' chat, once, that the database has not answered
/// for a while, and again when it answers.
#[derive(Default)]
struct DatabaseWatch {
    since: Option<chrono::DateTime<Utc>>,
    told: bool,
}

impl DatabaseWatch {
    async fn failed(&mut self, app: &App, telegram: &Telegram, error: &str) {
        let now = Utc::now();
        let since = *self.since.get_or_insert(now);
        if !self.told && now - since >= DATABASE_ALERT_AFTER {
            self.told = true;
            let alert = AdminAlert::DatabaseDown {
                minutes: (now - since).num_minutes(),
                error: error.to_string(),
            };
            tell_directly(app, telegram, &alert).await;
        }
    }

    async fn answered(&mut self, app: &App, telegram: &Telegram) {
        if let Some(since) = self.since.take()
            && std::mem::take(&mut self.told)
        {
            let alert = AdminAlert::DatabaseBack {
                minutes: (Utc::now() - since).num_minutes(),
            };
            tell_directly(app, telegram, &alert).await;
        }
    }
}

async fn tell_directly(app: &App, telegram: &Telegram, alert: &AdminAlert) {
    let Some(chat) = app.config.messages.admin_alert_chat else {
        return;
    };
    let text = alert_text(alert).render(app.config.messages.admin_alert_language);
    if let Err(e) = telegram.send(ChatId(chat), &text, None).await {
        tracing::error!(error = %e, "the organisers' chat could not be told");
    }
}
