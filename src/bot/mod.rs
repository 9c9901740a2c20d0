//! The Telegram bot: the participant's whole journey in a private chat.
//!
//! Updates arrive by long polling or through the webhook route, pass through
//! teloxide's dispatcher (one update at a time per chat, chats in parallel)
//! and reach [`dispatch::handle_update`], the one place every update goes
//! through. Each flow lives in its own file; every request to Telegram goes
//! through [`telegram::Telegram`]. Dialogue state is kept in the database
//! ([`storage::DbStorage`]), so a restart resumes wizards where they were.

pub mod dispatch;
mod feedback;
pub mod flood;
mod info;
mod keyboards;
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

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, ShutdownToken};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::{Polling, UpdateListener};
use tokio::task::JoinHandle;

use crate::app::App;
use flood::{FloodControl, FloodLimits};
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
    /// Per-chat allowances.
    pub flood: FloodControl,
    /// Told about every handled update.
    pub observer: Option<Arc<dyn UpdateObserver>>,
}

/// The running bot.
pub struct BotService {
    shutdown: ShutdownToken,
    listener_stop: StopToken,
    task: JoinHandle<()>,
    webhook: Option<Arc<WebhookInbox>>,
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
        if let Err(e) = telegram.set_commands(&texts::COMMANDS).await {
            // The commands menu is a convenience; the bot works without it.
            tracing::warn!(error = %e, "could not register the bot's commands with Telegram");
        }
        let context = Arc::new(BotContext {
            storage: DbStorage::new(app.store.clone()),
            flood: FloodControl::new(options.flood),
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
            .dependencies(dptree::deps![context])
            .default_handler(|_| async {})
            .build();
        let shutdown = dispatcher.shutdown_token();

        let (task, listener_stop, webhook) = match app.config.bot_webhook.clone() {
            Some(hook) => {
                telegram
                    .set_webhook(hook.url.clone(), hook.secret.expose())
                    .await
                    .context("TELEGRAM_WEBHOOK_URL: Telegram refused the webhook")?;
                let (inbox, mut listener) = webhook::channel(&hook.path, hook.secret.clone());
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
                let mut polling = Polling::builder(bot.clone())
                    .timeout(options.polling_timeout)
                    .build();
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
        }))
    }

    /// The webhook route's inbox, in webhook mode.
    pub fn webhook_inbox(&self) -> Option<Arc<WebhookInbox>> {
        self.webhook.clone()
    }

    /// Stops taking updates, lets the ones in hand finish, and returns.
    pub async fn stop(self) {
        // Wait until the dispatcher runs (it may still be starting), mark it
        // as shutting down, then end the listener's stream ourselves: the
        // dispatcher's own wake-up can be missed while it is busy, and its
        // "done" signal can fire before anyone listens, so the task itself
        // is what we wait for.
        while !self.task.is_finished() {
            match self.shutdown.shutdown() {
                Ok(_) => break,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        self.listener_stop.stop();
        let _ = self.task.await;
        tracing::info!("the Telegram bot stopped");
    }
}
