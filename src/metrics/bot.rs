//! Telegram bot metrics: updates received, handler latency and errors, and
//! calls to the Bot API with their outcomes and retries.
//!
//! Every label value comes from a closed set (an enum, or a Bot API method
//! name checked to look like one), never from what a user typed.

use prometheus::{Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// What kind of update Telegram delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// A new message (text, command, contact, …).
    Message,
    /// An edit of an earlier message.
    EditedMessage,
    /// A press on an inline keyboard button.
    CallbackQuery,
    /// An inline query ("@bot swim" typed in any chat).
    InlineQuery,
    /// The bot was blocked, unblocked, added or removed.
    MyChatMember,
    /// Anything else.
    Other,
}

impl UpdateKind {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateKind::Message => "message",
            UpdateKind::EditedMessage => "edited_message",
            UpdateKind::CallbackQuery => "callback_query",
            UpdateKind::InlineQuery => "inline_query",
            UpdateKind::MyChatMember => "my_chat_member",
            UpdateKind::Other => "other",
        }
    }
}

/// Why an update was dropped without being handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// Its chat sent more, or faster, than one chat may (flood control).
    Flood,
    /// It was still queued when a stop's grace period ended.
    Stopping,
}

impl DropReason {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::Flood => "flood",
            DropReason::Stopping => "stopping",
        }
    }
}

/// How a call to the Bot API ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelegramOutcome {
    /// Telegram answered `ok: true`.
    Ok,
    /// Telegram answered with an error (bad request, blocked by the user, …).
    ApiError,
    /// Telegram asked to slow down (HTTP 429, "retry after").
    RateLimited,
    /// The request did not get an answer (network, timeout, bad response).
    NetworkError,
}

impl TelegramOutcome {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            TelegramOutcome::Ok => "ok",
            TelegramOutcome::ApiError => "api_error",
            TelegramOutcome::RateLimited => "rate_limited",
            TelegramOutcome::NetworkError => "network_error",
        }
    }
}

/// Every kind of update, for the zero series.
const UPDATE_KINDS: [UpdateKind; 6] = [
    UpdateKind::Message,
    UpdateKind::EditedMessage,
    UpdateKind::CallbackQuery,
    UpdateKind::InlineQuery,
    UpdateKind::MyChatMember,
    UpdateKind::Other,
];

/// Every outcome of a call, for the zero series.
const OUTCOMES: [TelegramOutcome; 4] = [
    TelegramOutcome::Ok,
    TelegramOutcome::ApiError,
    TelegramOutcome::RateLimited,
    TelegramOutcome::NetworkError,
];

/// The Bot API methods the bot calls: each has its series from the first
/// scrape, at zero, whether or not the bot runs.
pub const BOT_API_METHODS: [&str; 13] = [
    "getMe",
    "getUpdates",
    "getFile",
    "downloadFile",
    "sendMessage",
    "sendDocument",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "answerInlineQuery",
    "setMyCommands",
    "setWebhook",
    "deleteWebhook",
];

/// The bot's metrics.
#[derive(Clone)]
pub struct BotMetrics {
    enabled: IntGauge,
    up: IntGauge,
    last_contact: IntGauge,
    updates: IntCounterVec,
    handler_duration: Histogram,
    handler_errors: IntCounter,
    dropped: IntCounterVec,
    telegram_requests: IntCounterVec,
    telegram_retries: IntCounterVec,
}

impl BotMetrics {
    pub(crate) fn register(registry: &Registry) -> prometheus::Result<BotMetrics> {
        let enabled = IntGauge::new(
            "activity_challenge_bot_enabled",
            "1 when a bot token is configured (the Telegram bot is on), 0 when it is off.",
        )?;
        let up = IntGauge::new(
            "activity_challenge_bot_up",
            "1 while the Telegram bot is connected to Telegram and taking updates, 0 while it is off, starting or failing.",
        )?;
        let last_contact = IntGauge::new(
            "activity_challenge_bot_last_poll_timestamp_seconds",
            "When the bot last heard from Telegram: a successful getUpdates answer (long polling) or an accepted webhook delivery (Unix time; 0 = never).",
        )?;
        let updates = IntCounterVec::new(
            Opts::new(
                "activity_challenge_bot_updates_total",
                "Updates received from Telegram, by kind.",
            ),
            &["kind"],
        )?;
        let handler_duration = Histogram::with_opts(
            HistogramOpts::new(
                "activity_challenge_bot_handler_duration_seconds",
                "Time the bot took to handle one update, successful or not.",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
        )?;
        let handler_errors = IntCounter::new(
            "activity_challenge_bot_handler_errors_total",
            "Updates whose handler failed.",
        )?;
        let dropped = IntCounterVec::new(
            Opts::new(
                "activity_challenge_bot_updates_dropped_total",
                "Updates dropped without being handled, by reason (flood: one chat sent too much too fast; stopping: still queued when a stop's grace period ended).",
            ),
            &["reason"],
        )?;
        let telegram_requests = IntCounterVec::new(
            Opts::new(
                "activity_challenge_telegram_requests_total",
                "Calls to the Telegram Bot API, by method and outcome (ok, api_error, rate_limited, network_error).",
            ),
            &["method", "outcome"],
        )?;
        let telegram_retries = IntCounterVec::new(
            Opts::new(
                "activity_challenge_telegram_retries_total",
                "Calls to the Telegram Bot API that were sent again after a failure, by method.",
            ),
            &["method"],
        )?;
        registry.register(Box::new(enabled.clone()))?;
        registry.register(Box::new(up.clone()))?;
        registry.register(Box::new(last_contact.clone()))?;
        registry.register(Box::new(updates.clone()))?;
        registry.register(Box::new(handler_duration.clone()))?;
        registry.register(Box::new(handler_errors.clone()))?;
        registry.register(Box::new(dropped.clone()))?;
        registry.register(Box::new(telegram_requests.clone()))?;
        registry.register(Box::new(telegram_retries.clone()))?;
        // Present from the first scrape, so that dashboards show 0 rather
        // than no data on a quiet server or one without the bot.
        for kind in UPDATE_KINDS {
            updates.with_label_values(&[kind.as_str()]);
        }
        for method in BOT_API_METHODS {
            telegram_retries.with_label_values(&[method]);
            for outcome in OUTCOMES {
                telegram_requests.with_label_values(&[method, outcome.as_str()]);
            }
        }
        Ok(BotMetrics {
            enabled,
            up,
            last_contact,
            updates,
            handler_duration,
            handler_errors,
            dropped,
            telegram_requests,
            telegram_retries,
        })
    }

    /// Records whether the bot runs.
    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.set(i64::from(enabled));
    }

    /// Records whether the bot is connected to Telegram and taking updates.
    pub fn set_up(&self, up: bool) {
        self.up.set(i64::from(up));
    }

    /// Records when the bot last heard from Telegram (Unix time, seconds).
    pub fn set_last_contact(&self, unix_seconds: i64) {
        self.last_contact.set(unix_seconds);
    }

    /// Counts an update as it arrives.
    pub fn update_received(&self, kind: UpdateKind) {
        self.updates.with_label_values(&[kind.as_str()]).inc();
    }

    /// Records a handler that finished after `seconds`; `ok` is false when it failed.
    pub fn handler_finished(&self, seconds: f64, ok: bool) {
        self.handler_duration.observe(seconds);
        if !ok {
            self.handler_errors.inc();
        }
    }

    /// Counts an update dropped without being handled.
    pub fn update_dropped(&self, reason: DropReason) {
        self.dropped.with_label_values(&[reason.as_str()]).inc();
    }

    /// Counts one call to the Bot API (`method` as Telegram names it, e.g. `sendMessage`).
    pub fn telegram_call(&self, method: &str, outcome: TelegramOutcome) {
        self.telegram_requests
            .with_label_values(&[method_label(method), outcome.as_str()])
            .inc();
    }

    /// Counts a call to the Bot API sent again after a failure.
    pub fn telegram_retry(&self, method: &str) {
        self.telegram_retries
            .with_label_values(&[method_label(method)])
            .inc();
    }
}

/// Bot API method names are short ASCII words (`sendMessage`); anything else
/// becomes `other` so that no stray string becomes a series.
fn method_label(method: &str) -> &str {
    if !method.is_empty() && method.len() <= 40 && method.bytes().all(|b| b.is_ascii_alphabetic()) {
        method
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_that_do_not_look_like_bot_api_methods_become_other() {
        assert_eq!(method_label("sendMessage"), "sendMessage");
        assert_eq!(method_label("answerCallbackQuery"), "answerCallbackQuery");
        assert_eq!(method_label("send/../x"), "other");
        assert_eq!(method_label(""), "other");
        assert_eq!(method_label(&"a".repeat(41)), "other");
    }
}
