//! Where a person is in a conversation. Stored as JSON in `bot_dialogues`,
//! so it must stay readable across versions: new variants are fine,
//! renaming old ones loses the wizards in progress.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The step a chat is at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    /// No wizard open: commands, menu buttons and quick entries.
    #[default]
    Idle,
    /// Registration: the terms are shown, waiting for accept or decline.
    RegisterTerms,
    /// Registration: waiting for a guild to be picked.
    RegisterGuild,
    /// Registration: waiting for the guild to be confirmed.
    RegisterConfirm { guild: String },
    /// Logging: picking a category (or an activity offered by a quick entry).
    LogActivity {
        /// A duration typed with a quick entry ("running 30").
        minutes: Option<u16>,
    },
    /// Logging: picking an intensity of an activity.
    LogIntensity {
        category: usize,
        activity: usize,
        minutes: Option<u16>,
    },
    /// Logging: picking the date.
    LogDate { code: String, minutes: Option<u16> },
    /// Logging: picking or typing the duration.
    LogDuration { code: String, date: NaiveDate },
    /// Logging: the review is shown; `key` makes the confirmation idempotent.
    LogReview {
        code: String,
        date: NaiveDate,
        minutes: u16,
        key: String,
    },
    /// Feedback: collecting the three ratings, in order.
    FeedbackRatings { ratings: Vec<u8> },
    /// Feedback: waiting for the text.
    FeedbackText { ratings: Vec<u8> },
}
