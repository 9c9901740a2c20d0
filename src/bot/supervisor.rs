//! Keeps the bot connected to Telegram, in the background: reach Telegram
//! (`getMe`, then `deleteWebhook` or `setWebhook`, then the command menu),
//! run the dispatcher until it stops, and when anything fails, report it
//! in the [`BotStatus`] and try again after a pause that doubles up to a
//! cap, with jitter. A refused configuration (a wrong or revoked token,
//! a webhook address Telegram will not take) is tried again only slowly.
//! Nothing here can stop the rest of the server.

use std::sync::Arc;
use std::sync::atomic::AtomicI32;
use std::time::Duration;

use chrono::Utc;
use teloxide::dispatching::Dispatcher;
use teloxide::error_handlers::IgnoringErrorHandler;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::UpdateListener;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::polling::{FailureSlot, LongPolling};
use super::telegram::Telegram;
use super::webhook::WebhookSource;
use super::{BotContext, BotOptions, dispatch, texts};
use crate::config::WebhookConfig;
use crate::metrics::{BotFailure, BotStatus};

/// How long the bot waits before trying again.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// After the first failure.
    pub first: Duration,
    /// The most it waits after a run of failures (the pause doubles up to it).
    pub max: Duration,
    /// After Telegram refused the configuration (401: the token is wrong
    /// or was revoked; the webhook address was refused): nothing changes
    /// until someone fixes it, so it is asked again only this seldom.
    pub refused: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first: Duration::from_secs(1),
            max: Duration::from_secs(60),
            refused: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// The pause after the `failures`-th failure in a row (1 for the
    /// first): `first`, doubling up to `max` (or `refused` for a refused
    /// configuration, or Telegram's own `retry_after` when longer), then
    /// between half and all of it at random, so that many servers (or one
    /// restarted many times) do not all come back in the same second.
    pub fn pause(&self, failures: u32, failure: &Failure) -> Duration {
        let full = if failure.configuration_error {
            self.refused
        } else {
            let doublings = failures.saturating_sub(1).min(20);
            self.first
                .saturating_mul(1u32 << doublings)
                .min(self.max)
                .max(failure.retry_after.unwrap_or_default())
        };
        let floor = failure.retry_after.unwrap_or_default();
        (full / 2 + full.mul_f64(jitter() / 2.0)).max(floor)
    }
}

/// A number in [0, 1).
fn jitter() -> f64 {
    let bits = getrandom::u64().unwrap_or_else(|_| u64::from(Utc::now().timestamp_subsec_nanos()));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// For people: what failed and what to do.
    pub error: String,
    /// Telegram refused the configuration: retried only slowly.
    pub configuration_error: bool,
    /// Telegram asked to wait this long (429).
    pub retry_after: Option<Duration>,
}

impl Failure {
    /// A failure with a plain description.
    fn plain(error: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            configuration_error: false,
            retry_after: None,
        }
    }

    /// `step` (a Bot API method, or what the bot was doing) failed with `e`.
    pub fn of(step: &str, e: &RequestError) -> Failure {
        match e {
            RequestError::Api(ApiError::InvalidToken) => Failure {
                error: "Telegram refused the bot token (401 Unauthorized): TELEGRAM_BOT_TOKEN is \
                        wrong or was revoked; put the bot's current token from @BotFather in \
                        TELEGRAM_BOT_TOKEN and restart"
                    .to_string(),
                configuration_error: true,
                retry_after: None,
            },
            RequestError::Api(api) if step == "setWebhook" && !is_server_trouble(api) => Failure {
                error: format!(
                    "Telegram refused the webhook (setWebhook: {e}): check TELEGRAM_WEBHOOK_URL \
                     (a public https:// address on port 443, 80, 88 or 8443)"
                ),
                configuration_error: true,
                retry_after: None,
            },
            RequestError::RetryAfter(after) => Failure {
                error: format!("{step}: Telegram asked to wait {}s", after.seconds()),
                configuration_error: false,
                retry_after: Some(after.duration()),
            },
            RequestError::Network(_) | RequestError::Io(_) => Failure::plain(format!(
                "{step}: Telegram's Bot API could not be reached: {e}"
            )),
            _ => Failure::plain(format!("{step} failed: {e}")),
        }
    }
}

/// A 5xx or similar answer that says nothing about the request itself.
fn is_server_trouble(api: &ApiError) -> bool {
    match api {
        ApiError::Unknown(description) => {
            let d = description.to_ascii_lowercase();
            d.contains("internal server error")
                || d.contains("bad gateway")
                || d.contains("service unavailable")
                || d.contains("gateway timeout")
        }
        _ => false,
    }
}

/// Everything the supervisor needs.
pub(super) struct Supervisor {
    pub bot: Bot,
    pub telegram: Telegram,
    pub context: Arc<BotContext>,
    pub options: BotOptions,
    pub webhook: Option<(WebhookConfig, WebhookSource)>,
    pub status: BotStatus,
    pub stop: watch::Receiver<bool>,
}

/// How one run ended.
enum RunEnd {
    /// A stop was asked for.
    Stopped,
    /// Something failed.
    Failed(Failure),
}

/// Aborts the task when dropped (the supervisor itself aborted at the end
/// of a stop that ran out of time).
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Supervisor {
    fn mode(&self) -> &'static str {
        if self.webhook.is_some() {
            "webhook"
        } else {
            "long polling"
        }
    }

    /// Runs the bot until a stop is asked for.
    pub async fn run(mut self) {
        let offset = Arc::new(AtomicI32::new(0));
        let mut menu_registered = false;
        let mut failures: u32 = 0;
        loop {
            match self.run_once(&offset, &mut menu_registered).await {
                RunEnd::Stopped => break,
                RunEnd::Failed(failure) => {
                    // A run that got as far as connecting ended the
                    // previous failure streak.
                    if self.status.report().state == crate::metrics::BotState::Up {
                        failures = 0;
                    }
                    failures = failures.saturating_add(1);
                    let pause = self.options.retry.pause(failures, &failure);
                    let next = Utc::now()
                        + chrono::Duration::from_std(pause).unwrap_or(chrono::Duration::MAX);
                    if failure.configuration_error {
                        tracing::error!(
                            error = %failure.error,
                            retry_in_s = pause.as_secs(),
                            "the Telegram bot cannot run: a configuration error; the admin panel, \
                             the API and /metrics are not affected"
                        );
                    } else {
                        tracing::warn!(
                            error = %failure.error,
                            attempt = failures,
                            retry_in_ms = pause.as_millis() as u64,
                            "the Telegram bot is not connected; trying again"
                        );
                    }
                    self.status.failed(BotFailure {
                        error: failure.error,
                        configuration_error: failure.configuration_error,
                        next_attempt_at: next,
                    });
                    tokio::select! {
                        () = tokio::time::sleep(pause) => {}
                        () = stopped(&mut self.stop) => break,
                    }
                }
            }
        }
        self.status.off();
    }

    /// Reaches Telegram, then dispatches until the update stream ends.
    async fn run_once(&mut self, offset: &Arc<AtomicI32>, menu_registered: &mut bool) -> RunEnd {
        let mut stop = self.stop.clone();
        let connect = self.connect(menu_registered);
        let connected = tokio::select! {
            connected = connect => connected,
            () = stopped(&mut stop) => return RunEnd::Stopped,
        };
        if let Err(failure) = connected {
            return RunEnd::Failed(failure);
        }
        tracing::info!("the Telegram bot is on ({})", self.mode());
        self.status.up();

        let handler =
            dptree::entry().endpoint(|update: Update, context: Arc<BotContext>| async move {
                dispatch::handle_update(context, update).await;
                Ok::<(), std::convert::Infallible>(())
            });
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), handler)
            .dependencies(dptree::deps![self.context.clone()])
            .default_handler(|_| async {})
            // The gate keeps each chat's queue below this, so the dispatcher
            // never waits for room behind one chat.
            .worker_queue_size(self.options.flood.queue() as usize + 1)
            .build();
        let (listener_stop, failure, task): (StopToken, Option<FailureSlot>, _) =
            match &self.webhook {
                Some((_, source)) => {
                    let mut listener =
                        super::intake::Intake::new(source.listener(), self.context.clone());
                    let stop = listener.stop_token();
                    let task = tokio::spawn(async move {
                        dispatcher
                            .try_dispatch_with_listener(listener, Arc::new(IgnoringErrorHandler))
                            .await
                    });
                    (stop, None, task)
                }
                None => {
                    let polling = LongPolling::new(
                        self.telegram.without_retries(),
                        self.options.polling_timeout,
                        offset.clone(),
                        self.status.clone(),
                    );
                    let failure = polling.failure();
                    let mut listener = super::intake::Intake::new(polling, self.context.clone());
                    let stop = listener.stop_token();
                    let task = tokio::spawn(async move {
                        dispatcher
                            .try_dispatch_with_listener(listener, Arc::new(IgnoringErrorHandler))
                            .await
                    });
                    (stop, Some(failure), task)
                }
            };
        let mut task = AbortOnDrop(task);
        let ended = tokio::select! {
            ended = &mut task.0 => ended,
            () = stopped(&mut self.stop) => {
                // Ending the update stream lets the dispatcher finish what
                // it already has and return.
                listener_stop.stop();
                let _ = (&mut task.0).await;
                return RunEnd::Stopped;
            }
        };
        let taken = failure.and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).take());
        RunEnd::Failed(match ended {
            Err(e) if e.is_panic() => {
                Failure::plain("the bot's dispatcher stopped after an internal error (a panic)")
            }
            Err(_) => Failure::plain("the bot's dispatcher was cancelled"),
            Ok(Err(e)) => Failure::of("getMe", &e),
            Ok(Ok(())) => match taken {
                Some(e) => Failure::of("getUpdates", &e),
                None => Failure::plain("the bot's update stream ended unexpectedly"),
            },
        })
    }

    /// `getMe` (the token works; the bot's own name), then `setWebhook` or
    /// `deleteWebhook`, then the command menu until it was registered once.
    async fn connect(&self, menu_registered: &mut bool) -> Result<(), Failure> {
        let telegram = self.telegram.without_retries();
        let username = telegram
            .username()
            .await
            .map_err(|e| Failure::of("getMe", &e))?;
        if let Some(name) = &username {
            self.context.gate.set_username(name);
        }
        match &self.webhook {
            Some((hook, _)) => telegram
                .set_webhook(hook.url.clone(), hook.secret.expose())
                .await
                .map_err(|e| Failure::of("setWebhook", &e))?,
            None => telegram
                .delete_webhook()
                .await
                .map_err(|e| Failure::of("deleteWebhook", &e))?,
        }
        if !*menu_registered {
            *menu_registered = self.register_menu().await;
        }
        Ok(())
    }

    /// English for everyone, then each other language for the people whose
    /// Telegram app is in it. The menu is a convenience; the bot works
    /// without it (it is tried again at the next start).
    async fn register_menu(&self) -> bool {
        let mut all = true;
        for language in crate::i18n::Language::ALL {
            let code = (language != crate::i18n::Language::English).then(|| language.code());
            if let Err(e) = self
                .telegram
                .set_commands(&texts::commands(language), code, None)
                .await
            {
                all = false;
                tracing::warn!(error = %e, language = language.code(), "could not register the bot's commands with Telegram");
            }
        }
        all
    }
}

/// Completes once a stop is asked for.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy {
            first: Duration::from_secs(1),
            max: Duration::from_secs(60),
            refused: Duration::from_secs(600),
        };
        let plain = Failure::plain("down");
        for (failures, full) in [(1, 1), (2, 2), (3, 4), (7, 60), (40, 60)] {
            for _ in 0..50 {
                let pause = policy.pause(failures, &plain);
                let full = Duration::from_secs(full);
                assert!(pause >= full / 2 && pause <= full, "{failures}: {pause:?}");
            }
        }
        let pauses: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.pause(5, &plain)).collect();
        assert!(pauses.len() > 1, "the pauses vary");
    }

    #[test]
    fn a_refused_token_waits_long_and_telegram_s_retry_after_is_respected() {
        let policy = RetryPolicy::default();
        let refused = Failure::of("getMe", &RequestError::Api(ApiError::InvalidToken));
        assert!(refused.configuration_error);
        assert!(
            refused.error.contains("TELEGRAM_BOT_TOKEN"),
            "{}",
            refused.error
        );
        assert!(policy.pause(1, &refused) >= Duration::from_secs(300));
        let slow_down = Failure::of(
            "getUpdates",
            &RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(30)),
        );
        assert!(policy.pause(1, &slow_down) >= Duration::from_secs(30));
    }
}
