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
mod intake;
mod keyboards;
mod language;
mod logging;
mod profile;
mod registration;
pub mod state;
mod stats;
pub mod storage;
pub mod telegram;
pub mod texts;
mod turn;
pub mod webhook;
mod workouts;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, ShutdownToken};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::{Polling, UpdateListener};
use tokio::task::JoinHandle;

use crate::app::App;
use flood::{FloodLimits, Gate};
use intake::Intake;
use storage::DbStorage;
use telegram::Telegram;
use webhook::WebhookInbox;

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
}

impl Default for BotOptions {
    fn default() -> Self {
        BotOptions {
            polling_timeout: Duration::from_secs(10),
            flood: FloodLimits::default(),
            stop_grace: STOP_GRACE,
            observer: None,
            sending_limits: Some(telegram::LIMITS),
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
    shutdown: ShutdownToken,
    listener_stop: StopToken,
    task: JoinHandle<()>,
    webhook: Option<Arc<WebhookInbox>>,
    context: Arc<BotContext>,
    grace: Duration,
}

impl BotService {
    /// Starts the bot when a token is configured (`None` otherwise): long
    /// polling, or webhook mode when `TELEGRAM_WEBHOOK_URL` is set (then
    /// mount [`BotService::webhook_inbox`] on the HTTP server).
    pub async fn start(app: Arc<App>, options: BotOptions) -> anyhow::Result<Option<BotService>> {
        let Some(token) = app.config.bot_token.clone() else {
            return Ok(None);
        };
        let bot = Bot::new(token.expose()).set_api_url(app.config.telegram_api_url.clone());
        let telegram = Telegram::new(
            bot.clone(),
            options.sending_limits,
            app.metrics.bot().clone(),
        );
        // English for everyone, then each other language for the people
        // whose Telegram app is in it. The menu is a convenience; the bot
        // works without it.
        for language in crate::i18n::Language::ALL {
            let code = (language != crate::i18n::Language::English).then(|| language.code());
            if let Err(e) = telegram
                .set_commands(&texts::commands(language), code, None)
                .await
            {
                tracing::warn!(error = %e, language = language.code(), "could not register the bot's commands with Telegram");
            }
        }
        // The bot's own name tells commands meant for it in groups
        // ("/stats@this_bot") from those for other bots.
        let username = match telegram.username().await {
            Ok(name) => name,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the bot's own username (getMe failed)");
                None
            }
        };
        let context = Arc::new(BotContext {
            storage: DbStorage::new(app.store.clone()),
            gate: Gate::new(options.flood, username),
            stopping: Stopping::default(),
            observer: options.observer.clone(),
            telegram: telegram.clone(),
            app: app.clone(),
        });
        let handler =
            dptree::entry().endpoint(|update: Update, context: Arc<BotContext>| async move {
                dispatch::handle_update(context, update).await;
                Ok::<(), std::convert::Infallible>(())
            });
        let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
            .dependencies(dptree::deps![context.clone()])
            .default_handler(|_| async {})
            // The gate keeps each chat's queue below this, so the dispatcher
            // never waits for room behind one chat.
            .worker_queue_size(options.flood.queue() as usize + 1)
            .build();
        let shutdown = dispatcher.shutdown_token();

        let (task, listener_stop, webhook) = match app.config.bot_webhook.clone() {
            Some(hook) => {
                telegram
                    .set_webhook(hook.url.clone(), hook.secret.expose())
                    .await
                    .context("TELEGRAM_WEBHOOK_URL: Telegram refused the webhook")?;
                let (inbox, listener) = webhook::channel(&hook.path, hook.secret.clone());
                let mut listener = Intake::new(listener, context.clone());
                let stop = listener.stop_token();
                tracing::info!(path = %hook.path, "the Telegram bot is on (webhook)");
                let task = tokio::spawn(async move {
                    if let Err(e) = dispatcher
                        .try_dispatch_with_listener(
                            listener,
                            LoggingErrorHandler::with_custom_text("the webhook listener failed"),
                        )
                        .await
                    {
                        tracing::error!(error = %e, "the Telegram bot could not start (getMe failed)");
                    }
                });
                (task, stop, Some(Arc::new(inbox)))
            }
            None => {
                telegram
                    .delete_webhook()
                    .await
                    .context("could not switch the bot to long polling (deleteWebhook failed)")?;
                let polling = Polling::builder(bot.clone())
                    .timeout(options.polling_timeout)
                    .build();
                let mut polling = Intake::new(polling, context.clone());
                let stop = polling.stop_token();
                tracing::info!("the Telegram bot is on (long polling)");
                let task = tokio::spawn(async move {
                    if let Err(e) = dispatcher
                        .try_dispatch_with_listener(
                            polling,
                            LoggingErrorHandler::with_custom_text("getUpdates failed"),
                        )
                        .await
                    {
                        tracing::error!(error = %e, "the Telegram bot could not start (getMe failed)");
                    }
                });
                (task, stop, None)
            }
        };
        Ok(Some(BotService {
            shutdown,
            listener_stop,
            task,
            webhook,
            context,
            grace: options.stop_grace,
        }))
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
        self.context.stopping.begin(self.grace);
        let give_up = started + self.grace + STOP_FINISH;
        // Wait until the dispatcher runs (it may still be starting), mark it
        // as shutting down, then end the listener's stream ourselves: the
        // dispatcher's own wake-up can be missed while it is busy, and its
        // "done" signal can fire before anyone listens, so the task itself
        // is what we wait for.
        while !self.task.is_finished() && Instant::now() < give_up {
            match self.shutdown.shutdown() {
                Ok(_) => break,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        self.listener_stop.stop();
        let finished =
            tokio::time::timeout_at(tokio::time::Instant::from_std(give_up), &mut self.task).await;
        if finished.is_err() {
            tracing::warn!(
                "the Telegram bot's handlers did not finish in time; stopping without them"
            );
            self.task.abort();
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
