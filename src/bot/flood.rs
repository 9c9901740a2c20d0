//! Fairness between chats: every update is admitted or dropped the moment
//! it arrives, before it can queue behind its chat.
//!
//! teloxide's dispatcher gives each chat a worker with a queue of its own
//! and handles chats in parallel, but when one chat's queue is full it
//! waits for room there before taking the next update from anyone. Replies
//! to one chat go out at about one a second (Telegram's limit), so a person
//! sending 200 messages at once would fill their queue and then hold up
//! every other chat. The [`Gate`] therefore sits between the update source
//! (long polling or the webhook) and the dispatcher, and for each chat
//! drops:
//! - what exceeds the chat's allowance: a token bucket per chat
//!   ([`governor`]), `burst` updates at once and `per_second` after that;
//! - what would make more than `queue` updates of the chat wait or be in
//!   hand, so that a chat's queue never fills and one chat can delay only
//!   itself.
//!
//! The person is told once (at most once per [`NOTICE_INTERVAL`]) that
//! messages were dropped. In groups the bot answers only commands meant for
//! it, at most once per `group_interval` per group, and drops the rest.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use teloxide::types::{Update, UpdateKind};

/// How often a person is told at most that their messages were dropped.
pub const NOTICE_INTERVAL: Duration = Duration::from_secs(60);

/// How much one chat may send, and how much of it may wait.
#[derive(Debug, Clone, Copy)]
pub struct FloodLimits {
    /// Updates of a private chat accepted back to back.
    pub burst: u32,
    /// Updates per second of a private chat accepted over time.
    pub per_second: f64,
    /// Updates of one chat that may wait or be in hand at once; more are
    /// dropped as they arrive.
    pub queue: u32,
    /// At most one reply per group in this interval.
    pub group_interval: Duration,
}

impl Default for FloodLimits {
    fn default() -> Self {
        FloodLimits {
            burst: 20,
            per_second: 2.0,
            queue: 8,
            group_interval: Duration::from_secs(60),
        }
    }
}

impl FloodLimits {
    /// The largest `queue` the dispatcher is set up for.
    pub const MAX_QUEUE: u32 = 64;

    fn private_quota(&self) -> Quota {
        let burst = NonZeroU32::new(self.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        // A rate too small to express refills once a day: practically never.
        let period = if self.per_second > 0.0 {
            Duration::try_from_secs_f64(1.0 / self.per_second)
                .unwrap_or(Duration::from_secs(86_400))
                .clamp(Duration::from_nanos(1), Duration::from_secs(86_400))
        } else {
            Duration::from_secs(86_400)
        };
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }

    /// The queue limit as the dispatcher sees it (1 to [`Self::MAX_QUEUE`]).
    pub fn queue(&self) -> u32 {
        self.queue.clamp(1, Self::MAX_QUEUE)
    }
}

/// What to do with an update as it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Hand it to the dispatcher; [`Gate::finished`] must follow.
    Admit,
    /// Drop it; `notice` is true when the person should be told.
    Drop { notice: bool },
    /// Not for the bot (group chatter, channel posts): drop it silently.
    Ignore,
}

/// The admission of every chat's updates.
pub struct Gate {
    limits: FloodLimits,
    /// The bot's username, to tell commands meant for it in groups (known
    /// once Telegram has answered `getMe`).
    username: std::sync::OnceLock<String>,
    private: DefaultKeyedRateLimiter<i64>,
    groups: DefaultKeyedRateLimiter<i64>,
    notices: DefaultKeyedRateLimiter<i64>,
    /// Updates admitted and not yet finished, per chat (absent: none).
    pending: Mutex<HashMap<i64, u32>>,
    checks: AtomicU64,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// How many checks pass between sweeps of chats that went quiet.
const SWEEP_EVERY: u64 = 4096;

impl Gate {
    /// A gate with `limits`, for the bot called `username` (without "@").
    pub fn new(limits: FloodLimits, username: Option<String>) -> Gate {
        let group_period = limits.group_interval.max(Duration::from_millis(1));
        Gate {
            private: RateLimiter::keyed(limits.private_quota()),
            groups: RateLimiter::keyed(
                Quota::with_period(group_period)
                    .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN)),
            ),
            notices: RateLimiter::keyed(
                Quota::with_period(NOTICE_INTERVAL)
                    .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN)),
            ),
            limits,
            username: username
                .map(|u| std::sync::OnceLock::from(u.to_ascii_lowercase()))
                .unwrap_or_default(),
            pending: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        }
    }

    /// The bot's username (lower case, without "@"), once known.
    pub fn username(&self) -> Option<&str> {
        self.username.get().map(String::as_str)
    }

    /// Learns the bot's username (the first one given stays).
    pub fn set_username(&self, username: &str) {
        let _ = self.username.set(username.to_ascii_lowercase());
    }

    /// Decides about `update` as it arrives.
    pub fn check(&self, update: &Update) -> Verdict {
        let Some(chat) = update.chat() else {
            // An inline query ("@bot swim", sent as the person types) counts
            // against the person's own allowance, the one of their private
            // chat with the bot (whose id is theirs); dropped silently, as
            // there is no chat to say so in. Updates without a chat are
            // not queued per chat: the dispatcher handles them side by side.
            if let UpdateKind::InlineQuery(q) = &update.kind {
                self.sweep_now_and_then();
                if self.private.check_key(&(q.from.id.0 as i64)).is_err() {
                    return Verdict::Drop { notice: false };
                }
            }
            return Verdict::Admit;
        };
        self.sweep_now_and_then();
        let id = chat.id.0;
        if chat.is_private() {
            if self.private.check_key(&id).is_err() || !self.take_place(id) {
                return Verdict::Drop {
                    notice: self.notices.check_key(&id).is_ok(),
                };
            }
            return Verdict::Admit;
        }
        if !self.wants_answer_in_group(update) {
            return Verdict::Ignore;
        }
        if self.groups.check_key(&id).is_err() || !self.take_place(id) {
            return Verdict::Drop { notice: false };
        }
        Verdict::Admit
    }

    /// The handling of an admitted update of `chat` ended.
    pub fn finished(&self, chat: i64) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = pending.get_mut(&chat) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                pending.remove(&chat);
            }
        }
    }

    /// Updates of `chat` admitted and not finished.
    pub fn pending(&self, chat: i64) -> u32 {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.get(&chat).copied().unwrap_or(0)
    }

    /// Counts one more update of `chat` in hand, unless its queue is full.
    fn take_place(&self, chat: i64) -> bool {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let n = pending.entry(chat).or_insert(0);
        if *n >= self.limits.queue() {
            return false;
        }
        *n += 1;
        true
    }

    /// In a group, the bot answers only commands meant for it (a button
    /// tapped there gets the same one answer).
    fn wants_answer_in_group(&self, update: &Update) -> bool {
        match &update.kind {
            UpdateKind::Message(m) => {
                let Some(word) = m
                    .text()
                    .and_then(|t| t.strip_prefix('/'))
                    .and_then(|t| t.split_whitespace().next())
                else {
                    return false;
                };
                match (word.split_once('@'), self.username.get()) {
                    (Some((_, to)), Some(me)) => to.eq_ignore_ascii_case(me),
                    _ => true,
                }
            }
            UpdateKind::CallbackQuery(_) => true,
            _ => false,
        }
    }

    /// Forgets the allowances of chats that went quiet, so memory follows
    /// the chats active now, not every chat ever seen.
    fn sweep_now_and_then(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for limiter in [&self.private, &self.groups, &self.notices] {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn update(chat: i64, text: &str) -> Update {
        let chat_json = if chat > 0 {
            json!({"id": chat, "type": "private", "first_name": "A"})
        } else {
            json!({"id": chat, "type": "group", "title": "G"})
        };
        // As text, the way updates arrive: teloxide reads them from strings.
        let json = json!({
            "update_id": 1,
            "message": {
                "message_id": 1, "date": 0, "chat": chat_json,
                "from": {"id": 5, "is_bot": false, "first_name": "A"},
                "text": text,
            }
        });
        let update: Update = serde_json::from_str(&json.to_string()).expect("an update");
        assert!(!matches!(update.kind, UpdateKind::Error(_)), "{json}");
        update
    }

    fn limits(burst: u32, queue: u32) -> FloodLimits {
        FloodLimits {
            burst,
            per_second: 0.001,
            queue,
            group_interval: Duration::from_secs(3600),
        }
    }

    #[test]
    fn a_burst_is_admitted_then_dropped_with_one_notice() {
        let gate = Gate::new(limits(3, 64), None);
        let verdicts: Vec<_> = (0..6).map(|_| gate.check(&update(1, "hi"))).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Admit,
                Verdict::Admit,
                Verdict::Admit,
                Verdict::Drop { notice: true },
                Verdict::Drop { notice: false },
                Verdict::Drop { notice: false },
            ]
        );
        assert_eq!(
            gate.check(&update(2, "hi")),
            Verdict::Admit,
            "other chats go on"
        );
    }

    #[test]
    fn a_full_queue_drops_until_an_update_is_finished() {
        let gate = Gate::new(limits(100, 2), None);
        assert_eq!(gate.check(&update(1, "a")), Verdict::Admit);
        assert_eq!(gate.check(&update(1, "b")), Verdict::Admit);
        assert_eq!(gate.check(&update(1, "c")), Verdict::Drop { notice: true });
        assert_eq!(gate.pending(1), 2);
        gate.finished(1);
        assert_eq!(gate.check(&update(1, "d")), Verdict::Admit);
        gate.finished(1);
        gate.finished(1);
        gate.finished(1);
        assert_eq!(gate.pending(1), 0, "finishing never goes below zero");
    }

    fn inline_query(from: i64) -> Update {
        let json = json!({
            "update_id": 1,
            "inline_query": {
                "id": "q1", "query": "swim", "offset": "",
                "from": {"id": from, "is_bot": false, "first_name": "A"},
            }
        });
        let update: Update = serde_json::from_str(&json.to_string()).expect("an update");
        assert!(matches!(update.kind, UpdateKind::InlineQuery(_)), "{json}");
        update
    }

    #[test]
    fn inline_queries_share_the_persons_allowance_and_are_dropped_silently() {
        let gate = Gate::new(limits(3, 64), None);
        assert_eq!(gate.check(&update(7, "hi")), Verdict::Admit);
        assert_eq!(gate.check(&inline_query(7)), Verdict::Admit);
        assert_eq!(gate.check(&inline_query(7)), Verdict::Admit);
        assert_eq!(
            gate.check(&inline_query(7)),
            Verdict::Drop { notice: false }
        );
        assert_eq!(gate.pending(7), 1, "queries wait in no chat's queue");
        assert_eq!(gate.check(&inline_query(8)), Verdict::Admit);
    }

    #[test]
    fn groups_get_one_answer_per_interval_and_only_for_commands_to_the_bot() {
        let gate = Gate::new(limits(100, 8), Some("Challenge_Bot".into()));
        assert_eq!(gate.check(&update(-5, "hello all")), Verdict::Ignore);
        assert_eq!(gate.check(&update(-5, "/stats@other_bot")), Verdict::Ignore);
        assert_eq!(
            gate.check(&update(-5, "/stats@challenge_bot")),
            Verdict::Admit
        );
        assert_eq!(
            gate.check(&update(-5, "/start")),
            Verdict::Drop { notice: false }
        );
        assert_eq!(gate.check(&update(-6, "/start")), Verdict::Admit);
    }
}
