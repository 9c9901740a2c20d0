//! The Telegram bot: the participant's whole journey in a private chat.
//!
//! Updates arrive by long polling or through the webhook route, pass the
//! per-chat [`flood::Gate`] as they arrive ([`intake`]), then teloxide's
//! dispatcher (one update at a time per chat, chats in parallel) and reach
//! [`dispatch::handle_update`], the one place every update goes through.
//! Each flow lives in its own file; every button's payload is a
//! [`callback::Callback`]; every request to Telegram goes through
//! [`telegram::Telegram`]. Dialogue state is kept in the database
//! ([`storage::DbStorage`]), so a restart resumes wizards where they were.

pub mod callback;
pub mod dispatch;
mod feedback;
pub mod flood;
mod info;
mod inline;
mod intake;
mod keyboards;
mod language;
mod logging;
mod milestones;
pub mod outbox;
mod polling;
mod profile;
mod registration;
mod settings;
pub mod state;
mod stats;
pub mod storage;
pub mod supervisor;
pub mod telegram;
pub mod texts;
mod turn;
pub mod webhook;
mod workouts;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use flood::{FloodLimits, Gate};
use storage::DbStorage;
use supervisor::Supervisor;
use telegram::Telegram;
use webhook::WebhookInbox;

pub use supervisor::RetryPolicy;

pub use dispatch::{Outcome, UpdateObserver};

/// How the bot runs, beyond what the configuration says.
#[derive(Clone)]
pub struct BotOptions {
    /// How long one `getUpdates` call may wait for news (long polling).
    pub polling_timeout: Duration,
    /// Per-chat flood control.
    pub flood: FloodLimits,
    /// How long a stop keeps handling updates already received; what is
    /// still queued after that is dropped, so that a stop never outlasts
    /// the service manager's patience.
    pub stop_grace: Duration,
    /// Told about every handled update (metrics, tests, the benchmark).
    pub observer: Option<Arc<dyn UpdateObserver>>,
    /// How fast messages may be sent: Telegram's limits, or `None` to send
    /// without pacing (only against a local Bot API, e.g. when benchmarking).
    pub sending_limits: Option<Limits>,
    /// How long to wait before reaching Telegram again after a failure.
    pub retry: RetryPolicy,
    /// Whether this instance sends queued messages (announcements,
    /// reminders, alerts); on unless a test looks at the bot alone.
    pub outbox: bool,
}

impl Default for BotOptions {
    fn default() -> Self {
        BotOptions {
            polling_timeout: Duration::from_secs(10),
            flood: FloodLimits::default(),
            stop_grace: STOP_GRACE,
            observer: None,
            sending_limits: Some(telegram::LIMITS),
            retry: RetryPolicy::default(),
            outbox: true,
        }
    }
}

/// What every handler can reach.
pub struct BotContext {
    /// Configuration, store and catalogue.
    pub app: Arc<App>,
    /// The outgoing side.
    pub telegram: Telegram,
    /// Dialogue states.
    pub storage: Arc<DbStorage>,
    /// Per-chat admission.
    pub gate: Gate,
    /// Set once a stop begins.
    pub stopping: Stopping,
    /// Told about every handled update.
    pub observer: Option<Arc<dyn UpdateObserver>>,
    /// The most logged activities, for inline queries without text.
    popular: inline::Popular,
}

/// How long a stop keeps handling the updates already received (the
/// shipped systemd unit allows 30 s for the whole server to stop).
pub const STOP_GRACE: Duration = Duration::from_secs(10);

/// How long a stop waits, after the grace period, for handlers already
/// running to finish before it gives up on them.
const STOP_FINISH: Duration = Duration::from_secs(5);

/// Whether a stop has begun, and until when queued updates are still handled.
#[derive(Debug, Default)]
pub struct Stopping {
    deadline: OnceLock<Instant>,
    abandoned: AtomicU64,
}

impl Stopping {
    /// Starts the grace period (once; later calls change nothing).
    fn begin(&self, grace: Duration) {
        let _ = self.deadline.set(Instant::now() + grace);
    }

    /// True once a stop's grace period is over: updates still queued are
    /// dropped instead of handled.
    pub fn overdue(&self) -> bool {
        self.deadline.get().is_some_and(|d| Instant::now() >= *d)
    }

    /// Counts an update dropped because the grace period was over.
    pub fn abandon(&self) {
        self.abandoned.fetch_add(1, Ordering::Relaxed);
    }
}

/// The running bot.
pub struct BotService {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    webhook: Option<Arc<WebhookInbox>>,
    context: Arc<BotContext>,
    grace: Duration,
    outbox: Option<outbox::Outbox>,
}

impl BotService {
    /// Starts the bot in the background when a token is configured (`None`
    /// otherwise) and returns at once: long polling, or webhook mode when
    /// `TELEGRAM_WEBHOOK_URL` is set (then mount
    /// [`BotService::webhook_inbox`] on the HTTP server). Reaching Telegram,
    /// and reaching it again whenever the connection fails, happens in the
    /// background with growing pauses (see [`supervisor`]); the bot's state
    /// is in [`Metrics::bot_status`](crate::metrics::Metrics::bot_status).
    /// Must be called inside a Tokio runtime.
    pub fn start(app: Arc<App>, options: BotOptions) -> Option<BotService> {
        let token = app.config.bot_token.clone()?;
        let bot = Bot::new(token.expose()).set_api_url(app.config.telegram_api_url.clone());
        let bot_for_outbox = bot.clone();
        let with_outbox = options.outbox;
        let telegram = Telegram::new(
            bot.clone(),
            options.sending_limits,
            app.metrics.bot().clone(),
        );
        let status = app.metrics.bot_status().clone();
        let context = Arc::new(BotContext {
            storage: DbStorage::new(app.store.clone()),
            gate: Gate::new(options.flood, None),
            stopping: Stopping::default(),
            observer: options.observer.clone(),
            popular: inline::Popular::default(),
            telegram: telegram.clone(),
            app: app.clone(),
        });
        let (inbox, webhook) = match app.config.bot_webhook.clone() {
            Some(hook) => {
                let (inbox, source) =
                    webhook::channel(&hook.path, hook.secret.clone(), Some(status.clone()));
                (Some(Arc::new(inbox)), Some((hook, source)))
            }
            None => (None, None),
        };
        status.starting(if webhook.is_some() {
            "webhook"
        } else {
            "long_polling"
        });
        tracing::info!("the Telegram bot is starting: reaching Telegram in the background");
        let (stop, stop_rx) = watch::channel(false);
        let grace = options.stop_grace;
        let supervisor = Supervisor {
            bot,
            telegram,
            context: context.clone(),
            options,
            webhook,
            status,
            stop: stop_rx,
        };
        let task = tokio::spawn(supervisor.run());
        // Queued messages go out paced by the queue, each tried once here
        // (the queue retries): without the throttle and its retries.
        let outbox = with_outbox.then(|| {
            outbox::Outbox::start(
                app.clone(),
                Telegram::new(bot_for_outbox, None, app.metrics.bot().clone()).without_retries(),
            )
        });
        Some(BotService {
            stop,
            task,
            webhook: inbox,
            context,
            grace,
            outbox,
        })
    }

    /// The webhook route's inbox, in webhook mode.
    pub fn webhook_inbox(&self) -> Option<Arc<WebhookInbox>> {
        self.webhook.clone()
    }

    /// Stops taking updates, handles the ones already received for the
    /// grace period ([`BotOptions::stop_grace`]), drops what is still queued
    /// after that, and returns within the grace period plus a few seconds
    /// however many updates were queued.
    pub async fn stop(mut self) {
        let started = Instant::now();
        if let Some(outbox) = self.outbox.take() {
            outbox.stop().await;
        }
        self.context.stopping.begin(self.grace);
        let give_up = started + self.grace + STOP_FINISH;
        // The supervisor ends the update stream; the dispatcher then
        // finishes what it already has (dropping what is still queued once
        // the grace period is over), and the supervisor returns.
        let _ = self.stop.send(true);
        let finished =
            tokio::time::timeout_at(tokio::time::Instant::from_std(give_up), &mut self.task).await;
        if finished.is_err() {
            tracing::warn!(
                "the Telegram bot's handlers did not finish in time; stopping without them"
            );
            self.task.abort();
            self.context.app.metrics.bot_status().off();
        }
        let abandoned = self.context.stopping.abandoned.load(Ordering::Relaxed);
        if abandoned > 0 {
            tracing::warn!(
                abandoned,
                "updates still queued after the grace period were not handled"
            );
        }
        tracing::info!(
            took_ms = started.elapsed().as_millis() as u64,
            "the Telegram bot stopped"
        );
    }
}
