//! The job queue's rules, free of I/O: what a queued message says, when a
//! failed job is tried again, and when each message of a batch may go so
//! that neither Telegram's overall limit nor its one-a-second-per-chat
//! limit is passed.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::milestones::MilestoneMessage;
use crate::i18n::Language;

/// Telegram's limit for a bot's messages overall, per second.
pub const DEFAULT_MESSAGES_PER_SECOND: u32 = 30;
/// The highest overall rate that may be configured (a local Bot API server
/// has no limit; this keeps a typo from flooding one).
pub const MAX_MESSAGES_PER_SECOND: u32 = 10_000;
/// The least time between two messages to one chat.
pub const CHAT_SPACING: Duration = Duration::seconds(1);
/// How many times a message is tried before it is parked.
pub const MESSAGE_ATTEMPTS: i32 = 5;
/// How many times a task (a backup, a batch of reminders) is tried before
/// it is parked.
pub const TASK_ATTEMPTS: i32 = 3;

/// How long finished jobs (done, cancelled, unreachable, unknown) stay in
/// the queue before the hourly clean-up deletes them; an announcement's
/// messages stay, as its record of who got it, and parked jobs wait for an
/// organiser.
pub const FINISHED_KEPT_DAYS: i64 = 30;

/// Which of the two queues a job is in: tasks run one at a time per
/// instance, messages go out paced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueName {
    Task,
    Message,
}

impl QueueName {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueName::Task => "task",
            QueueName::Message => "message",
        }
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobState {
    /// Not yet run, or waiting for its next try.
    Waiting,
    /// Claimed by an instance, under a lease.
    Running,
    /// A message handed to Telegram: whether it arrived is known only when
    /// Telegram answers.
    Sending,
    /// Done: the task ran, the message was delivered.
    Done,
    /// Parked after its tries, with its last error.
    Failed,
    /// Called off before it ran (a cancelled announcement).
    Cancelled,
    /// Not delivered because the person blocked the bot.
    Unreachable,
    /// A message being sent when its instance stopped: Telegram may or may
    /// not have delivered it, and it is not sent again.
    Unknown,
}

impl JobState {
    pub const ALL: [JobState; 8] = [
        JobState::Waiting,
        JobState::Running,
        JobState::Sending,
        JobState::Done,
        JobState::Failed,
        JobState::Cancelled,
        JobState::Unreachable,
        JobState::Unknown,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Waiting => "waiting",
            JobState::Running => "running",
            JobState::Sending => "sending",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
            JobState::Unreachable => "unreachable",
            JobState::Unknown => "unknown",
        }
    }

    /// From its stored form.
    pub fn parse(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// What a queued message says. The text is made when it is sent, in the
/// person's language, from these facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutgoingMessage {
    /// An organiser's announcement, sent as written.
    Announcement { body: String },
    /// An alert to the organisers' chat.
    Alert { alert: AdminAlert },
    /// The daily reminder to log, with a button to log the person's most
    /// recent activity again (when they have one).
    Reminder {
        language: Language,
        repeat: Option<QuickLog>,
    },
    /// The weekly digest of the person's last week.
    Digest {
        language: Language,
        digest: WeeklyDigest,
    },
    /// One of the competition's milestones: it starts tomorrow, a few days
    /// are left, the final results.
    Milestone {
        language: Language,
        milestone: MilestoneMessage,
    },
}

/// An activity to log again in one tap: its numeric catalogue code and
/// minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickLog {
    pub code: u32,
    pub minutes: u16,
}

/// A participant's week, as the digest tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyDigest {
    /// The week's Monday.
    pub week: NaiveDate,
    /// Points for the week's activities, in hundredths.
    pub points_cents: i64,
    /// Days of the week with an activity (0–7).
    pub active_days: u32,
    /// The current streak of active days.
    pub streak: u32,
    /// Rank among participants now, and before the week.
    pub rank: u64,
    pub rank_before: u64,
    /// The person's guild and its position now and before the week.
    pub guild: Option<GuildPosition>,
}

/// A guild's position in the standings, now and before the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildPosition {
    pub name: String,
    pub rank: u64,
    pub rank_before: u64,
}

impl OutgoingMessage {
    /// The job kind it is queued as.
    pub fn kind(&self) -> &'static str {
        match self {
            OutgoingMessage::Announcement { .. } => "announcement",
            OutgoingMessage::Alert { .. } => "alert",
            OutgoingMessage::Reminder { .. } => "reminder",
            OutgoingMessage::Digest { .. } => "digest",
            OutgoingMessage::Milestone { .. } => "milestone",
        }
    }
}

/// Something the organisers should hear about at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum AdminAlert {
    /// A scheduled job failed; it is tried again `retries_left` times.
    JobFailed {
        job: String,
        error: String,
        retries_left: i32,
    },
    /// A job failed every try and waits for an organiser.
    JobParked { job: String, error: String },
    /// The database has not answered for this many minutes.
    DatabaseDown { minutes: i64, error: String },
    /// The database answers again.
    DatabaseBack { minutes: i64 },
}

/// When a job that failed its `attempts`-th try is tried again: after 30 s,
/// 2 min, 8 min, 32 min…, at most 6 hours; `None` when it has had its
/// tries and is parked.
pub fn retry_at(now: DateTime<Utc>, attempts: i32, max_attempts: i32) -> Option<DateTime<Utc>> {
    if attempts >= max_attempts {
        return None;
    }
    let exponent = attempts.clamp(1, 10) as u32 - 1;
    let seconds = (30i64 * 4i64.pow(exponent)).min(6 * 3600);
    Some(now + Duration::seconds(seconds))
}

/// How late after its moment a message may still be sent; a later one
/// goes back to the queue for a new moment.
pub const LATE_TOLERANCE: Duration = Duration::milliseconds(20);

/// The interval between two messages' moments at `per_second` overall:
/// `per_second` moments take a second plus [`LATE_TOLERANCE`], so that
/// however late within the tolerance each is sent, no second (from any
/// moment) holds more than `per_second` sends. At 30 a second that is 29.4
/// a second kept.
pub fn spacing(per_second: u32) -> Duration {
    let per_second = i64::from(per_second.max(1));
    let span = 1_000_000 + LATE_TOLERANCE.num_microseconds().unwrap_or(0);
    Duration::microseconds((span + per_second - 1) / per_second)
}

/// The rate an instance claims messages at: the configured limit, lowered
/// by a quarter each second in which more than a twentieth of it missed
/// their moments (the machine cannot send that many), and raised back by a
/// twentieth of the limit each second in which no more did (a straggler
/// now and then is only queued again). Without it, a limit above what
/// the machine can do would have most messages miss their moments and go
/// back to the queue, again and again, and almost nothing be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRate {
    limit: u32,
    current: u32,
    late: u64,
    since: DateTime<Utc>,
}

impl SendRate {
    /// Starting at the limit, at `now`.
    pub fn new(limit: u32, now: DateTime<Utc>) -> SendRate {
        let limit = limit.max(1);
        SendRate {
            limit,
            current: limit,
            late: 0,
            since: now,
        }
    }

    /// Messages a second to claim at now.
    pub fn current(&self) -> u32 {
        self.current
    }

    /// Counts `late` messages that missed their moments, and once a second
    /// lowers or raises the rate. Returns the new rate when it changed.
    pub fn note(&mut self, late: u64, now: DateTime<Utc>) -> Option<u32> {
        self.late += late;
        if now - self.since < Duration::seconds(1) {
            return None;
        }
        let before = self.current;
        if self.late > u64::from(self.current / 20) {
            self.current = self
                .current
                .saturating_sub((self.current / 4).max(1))
                .max(1);
        } else {
            self.current = (self.current + (self.limit / 20).max(1)).min(self.limit);
        }
        self.late = 0;
        self.since = now;
        (self.current != before).then_some(self.current)
    }
}

/// A message waiting to go, as the pacer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub chat_id: i64,
}

/// A message given its moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub id: i64,
    pub chat_id: i64,
    pub send_at: DateTime<Utc>,
}

/// The pacer's decision for one batch: which candidates go, when, and when
/// the overall pacer and each chat are free again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub slots: Vec<Slot>,
    /// When the next message overall may go.
    pub next_overall: DateTime<Utc>,
}

/// Gives candidates (oldest first) their sending moments within
/// `window` from the first free moment `overall_free` (or `now`, if
/// later): one every `spacing(per_second)` overall, and none to a chat
/// before `chat_free[chat]` — so a chat's second message waits at least a
/// second after its first, in this batch or across batches. A candidate
/// whose chat is not free when its turn would come waits for a later batch.
pub fn plan_batch(
    now: DateTime<Utc>,
    overall_free: DateTime<Utc>,
    chat_free: &HashMap<i64, DateTime<Utc>>,
    candidates: &[Candidate],
    per_second: u32,
    window: Duration,
) -> Batch {
    let step = spacing(per_second);
    let start = overall_free.max(now);
    let end = now + window;
    let mut cursor = start;
    let mut taken: HashMap<i64, DateTime<Utc>> = HashMap::new();
    let mut slots = Vec::new();
    for c in candidates {
        if cursor >= end {
            break;
        }
        let free = taken
            .get(&c.chat_id)
            .or_else(|| chat_free.get(&c.chat_id))
            .copied();
        if free.is_some_and(|free| free > cursor) {
            continue;
        }
        slots.push(Slot {
            id: c.id,
            chat_id: c.chat_id,
            send_at: cursor,
        });
        taken.insert(c.chat_id, cursor + CHAT_SPACING);
        cursor += step;
    }
    Batch {
        slots,
        next_overall: if cursor > start { cursor } else { overall_free },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_send_rate_falls_while_messages_are_late_and_climbs_back() {
        let t0 = Utc::now();
        let at = |ms: i64| t0 + Duration::milliseconds(ms);
        let mut rate = SendRate::new(1000, t0);
        assert_eq!(rate.current(), 1000);
        // Within the second nothing changes, late or not.
        assert_eq!(rate.note(60, at(500)), None);
        assert_eq!(rate.note(0, at(1000)), Some(750));
        // A few stragglers do not slow it down.
        assert_eq!(rate.note(30, at(2000)), Some(800));
        assert_eq!(rate.note(41, at(3000)), Some(600));
        for second in 4..40 {
            rate.note(1000, at(second * 1000));
        }
        assert_eq!(rate.current(), 1, "never below one a second");
        // Back up by 50 a second once nothing is late.
        assert_eq!(rate.note(0, at(41_000)), Some(51));
        for second in 42..70 {
            rate.note(0, at(second * 1000));
        }
        assert_eq!(rate.current(), 1000, "and never above the limit");
        assert_eq!(rate.note(0, at(71_000)), None);
        let mut slow = SendRate::new(30, t0);
        assert_eq!(slow.note(1, at(1000)), None);
        assert_eq!(slow.note(2, at(2000)), Some(23));
        assert_eq!(slow.note(0, at(3000)), Some(24));
    }

    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap()
    }

    fn candidates(chats: &[i64]) -> Vec<Candidate> {
        chats
            .iter()
            .enumerate()
            .map(|(i, &chat_id)| Candidate {
                id: i as i64 + 1,
                chat_id,
            })
            .collect()
    }

    #[test]
    fn a_batch_is_spaced_at_the_overall_rate_and_fits_its_window() {
        let chats: Vec<i64> = (1..=100).collect();
        let batch = plan_batch(
            t0(),
            t0(),
            &HashMap::new(),
            &candidates(&chats),
            30,
            Duration::seconds(1),
        );
        assert_eq!(batch.slots.len(), 30);
        for pair in batch.slots.windows(2) {
            assert_eq!(pair[1].send_at - pair[0].send_at, spacing(30));
        }
        assert!(batch.slots.last().unwrap().send_at < t0() + Duration::seconds(1));
        assert_eq!(batch.next_overall, t0() + spacing(30) * 30);
    }

    #[test]
    fn one_chat_gets_at_most_one_message_a_second() {
        let batch = plan_batch(
            t0(),
            t0(),
            &HashMap::new(),
            &candidates(&[7, 7, 7, 8]),
            30,
            Duration::seconds(1),
        );
        let chats: Vec<i64> = batch.slots.iter().map(|s| s.chat_id).collect();
        assert_eq!(chats, vec![7, 8], "the second and third to chat 7 wait");

        // Across batches: chat 7 was sent to just now.
        let mut free = HashMap::new();
        free.insert(7, t0() + Duration::milliseconds(600));
        let batch = plan_batch(
            t0(),
            t0(),
            &free,
            &candidates(&[7, 9]),
            30,
            Duration::seconds(1),
        );
        assert_eq!(batch.slots.len(), 1);
        assert_eq!(batch.slots[0].chat_id, 9);
    }

    #[test]
    fn a_pacer_ahead_of_now_starts_there_and_a_full_one_gives_nothing() {
        let ahead = t0() + Duration::milliseconds(500);
        let batch = plan_batch(
            t0(),
            ahead,
            &HashMap::new(),
            &candidates(&[1, 2, 3]),
            2,
            Duration::seconds(1),
        );
        assert_eq!(batch.slots.len(), 1, "half a second left at 2 a second");
        assert_eq!(batch.slots[0].send_at, ahead);

        let full = t0() + Duration::seconds(5);
        let batch = plan_batch(
            t0(),
            full,
            &HashMap::new(),
            &candidates(&[1]),
            30,
            Duration::seconds(1),
        );
        assert!(batch.slots.is_empty());
        assert_eq!(batch.next_overall, full);
    }

    #[test]
    fn retries_back_off_and_then_park() {
        assert_eq!(retry_at(t0(), 1, 5), Some(t0() + Duration::seconds(30)));
        assert_eq!(retry_at(t0(), 2, 5), Some(t0() + Duration::seconds(120)));
        assert_eq!(retry_at(t0(), 4, 5), Some(t0() + Duration::seconds(1920)));
        assert_eq!(retry_at(t0(), 5, 5), None);
        assert_eq!(
            retry_at(t0(), 9, 20),
            Some(t0() + Duration::hours(6)),
            "never more than six hours"
        );
    }

    #[test]
    fn payloads_round_trip_as_json() {
        let m = OutgoingMessage::Alert {
            alert: AdminAlert::JobParked {
                job: "backup".into(),
                error: "disk full".into(),
            },
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<OutgoingMessage>(&json).unwrap(), m);
        for state in JobState::ALL {
            assert_eq!(JobState::parse(state.as_str()), Some(state));
        }
    }
}
