//! The Telegram bot's state as the rest of the server sees it: off,
//! starting, up or failing (with the last error and since when), and when
//! it last heard from Telegram. The bot writes it; `/readyz` reads it; the
//! `activity_challenge_bot_up` and `…_last_poll_timestamp_seconds` gauges
//! follow it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::bot::BotMetrics;

/// Where the bot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BotState {
    /// No bot token is configured (or the bot was stopped).
    Off,
    /// Reaching Telegram for the first time.
    Starting,
    /// Connected: updates are being taken.
    Up,
    /// The last attempt failed; it is tried again after a pause.
    Failing,
}

/// What `/readyz` shows about the bot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BotReport {
    /// Where the bot is.
    pub state: BotState,
    /// How updates arrive: `long_polling` or `webhook` (absent when off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<&'static str>,
    /// Since when the bot has been in this state.
    pub since: DateTime<Utc>,
    /// Why the last attempt failed (while failing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// True when Telegram refused the configuration (the token, the
    /// webhook address): retried only slowly until it is fixed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub configuration_error: bool,
    /// Failed attempts in a row (while failing).
    #[serde(skip_serializing_if = "is_zero")]
    pub failed_attempts: u32,
    /// When the next attempt is due (while failing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the bot last heard from Telegram: a successful `getUpdates`
    /// answer or an accepted webhook delivery.
    pub last_poll_at: Option<DateTime<Utc>>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A failed attempt, as the bot reports it.
#[derive(Debug, Clone)]
pub struct BotFailure {
    /// What went wrong, for people.
    pub error: String,
    /// Telegram refused the configuration (token, webhook address).
    pub configuration_error: bool,
    /// When the next attempt is due.
    pub next_attempt_at: DateTime<Utc>,
}

/// The bot's state, shared by the bot and the HTTP server.
#[derive(Clone)]
pub struct BotStatus {
    inner: Arc<Mutex<BotReport>>,
    metrics: BotMetrics,
}

impl std::fmt::Debug for BotStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("BotStatus").field(&self.report()).finish()
    }
}

impl BotStatus {
    /// Off, and never heard from Telegram.
    pub(crate) fn new(metrics: BotMetrics) -> BotStatus {
        metrics.set_up(false);
        BotStatus {
            inner: Arc::new(Mutex::new(BotReport {
                state: BotState::Off,
                mode: None,
                since: Utc::now(),
                error: None,
                configuration_error: false,
                failed_attempts: 0,
                next_attempt_at: None,
                last_poll_at: None,
            })),
            metrics,
        }
    }

    fn update(&self, change: impl FnOnce(&mut BotReport)) {
        let mut report = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let before = report.state;
        change(&mut report);
        if report.state != before {
            report.since = Utc::now();
        }
        self.metrics.set_up(report.state == BotState::Up);
    }

    /// What the bot is doing now.
    pub fn report(&self) -> BotReport {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The bot begins reaching Telegram, in `mode`.
    pub fn starting(&self, mode: &'static str) {
        self.update(|r| {
            r.state = BotState::Starting;
            r.mode = Some(mode);
            r.error = None;
            r.configuration_error = false;
            r.failed_attempts = 0;
            r.next_attempt_at = None;
        });
    }

    /// Connected: the failure streak, if any, is over.
    pub fn up(&self) {
        self.update(|r| {
            r.state = BotState::Up;
            r.error = None;
            r.configuration_error = false;
            r.failed_attempts = 0;
            r.next_attempt_at = None;
        });
    }

    /// An attempt failed. While the failures go on, `since` stays at the
    /// first of them.
    pub fn failed(&self, failure: BotFailure) {
        self.update(|r| {
            r.state = BotState::Failing;
            r.error = Some(failure.error);
            r.configuration_error = failure.configuration_error;
            r.failed_attempts = r.failed_attempts.saturating_add(1);
            r.next_attempt_at = Some(failure.next_attempt_at);
        });
    }

    /// Telegram answered (a poll, or a webhook delivery arrived).
    pub fn heard_from_telegram(&self) {
        let now = Utc::now();
        self.metrics.set_last_contact(now.timestamp());
        self.update(|r| {
            r.last_poll_at = Some(now);
            if r.state != BotState::Off {
                r.state = BotState::Up;
                r.error = None;
                r.configuration_error = false;
                r.failed_attempts = 0;
                r.next_attempt_at = None;
            }
        });
    }

    /// The bot stopped (the server is stopping).
    pub fn off(&self) {
        self.update(|r| {
            r.state = BotState::Off;
            r.next_attempt_at = None;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> BotStatus {
        let registry = prometheus::Registry::new();
        BotStatus::new(BotMetrics::register(&registry).unwrap())
    }

    #[test]
    fn a_failure_streak_keeps_its_start_and_counts_attempts() {
        let s = status();
        s.starting("long_polling");
        assert_eq!(s.report().state, BotState::Starting);
        let failure = |e: &str| BotFailure {
            error: e.into(),
            configuration_error: false,
            next_attempt_at: Utc::now(),
        };
        s.failed(failure("first"));
        let since = s.report().since;
        std::thread::sleep(std::time::Duration::from_millis(5));
        s.failed(failure("second"));
        let r = s.report();
        assert_eq!(r.state, BotState::Failing);
        assert_eq!(r.since, since);
        assert_eq!(r.failed_attempts, 2);
        assert_eq!(r.error.as_deref(), Some("second"));
        s.heard_from_telegram();
        let r = s.report();
        assert_eq!(r.state, BotState::Up);
        assert_eq!(r.failed_attempts, 0);
        assert!(r.error.is_none());
        assert!(r.last_poll_at.is_some());
    }

    #[test]
    fn an_off_bot_stays_off_when_a_late_answer_arrives() {
        let s = status();
        s.heard_from_telegram();
        assert_eq!(s.report().state, BotState::Off);
    }
}
