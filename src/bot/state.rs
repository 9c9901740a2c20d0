//! Where a person is in a conversation. Stored as JSON in `bot_dialogues`,
//! so it must stay readable across versions: new variants and fields with
//! defaults are fine, renaming old ones loses the wizards in progress.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::callback::Screen;

/// What is stored for a chat: the step, and the screen whose buttons act
/// on it (see [`Screen`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    #[serde(flatten)]
    pub state: State,
    /// Absent in states stored before buttons carried screens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<Screen>,
}

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
    RegisterConfirm {
        /// The guild's name as shown.
        guild: String,
        /// The guild's id (absent in states stored by older versions):
        /// a guild renamed meanwhile is still the one picked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        guild_id: Option<i64>,
    },
    /// Logging: picking a category (or an activity offered by a quick entry).
    LogActivity {
        /// A duration typed with a quick entry ("running 30").
        minutes: Option<u16>,
        /// The date already chosen, when the activity is changed from the
        /// review.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    /// Logging: picking an intensity of an activity.
    LogIntensity {
        category: usize,
        activity: usize,
        minutes: Option<u16>,
        /// The date already chosen, when changed from the review.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    /// Logging: picking the date.
    LogDate { code: String, minutes: Option<u16> },
    /// Logging: picking or typing the duration.
    LogDuration { code: String, date: NaiveDate },
    /// Logging: the review is shown. Its screen's
    /// [`review_key`](Screen::review_key) makes the confirmation idempotent.
    LogReview {
        code: String,
        date: NaiveDate,
        minutes: u16,
    },
    /// A workout file read: its card is shown, waiting for a tap.
    WorkoutCard { card: PendingCard },
    /// A workout card: picking the activity of one of its entries (a
    /// category's activities are shown by its buttons).
    WorkoutActivity { card: PendingCard, entry: u8 },
    /// A workout card: picking the intensity of an entry's activity.
    WorkoutIntensity {
        card: PendingCard,
        entry: u8,
        category: u16,
        activity: u16,
    },
    /// Feedback: collecting the three ratings, in order.
    FeedbackRatings { ratings: Vec<u8> },
    /// Feedback: waiting for the text.
    FeedbackText { ratings: Vec<u8> },
}

/// A workout file's card while it waits: what logging it needs and no
/// more (no track, no file), so that it survives a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCard {
    /// "FIT", "GPX" or "TCX".
    pub format: String,
    /// The file's SHA-256, for the duplicate check.
    pub sha256: String,
    pub entries: Vec<PendingEntry>,
}

/// One entry of a [`PendingCard`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEntry {
    /// The sport as the file names it.
    pub sport: String,
    /// The catalogue code; absent until picked for a sport the mapping
    /// does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub date: NaiveDate,
    pub minutes: u16,
    pub started_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_stored_by_older_versions_still_read() {
        let review: Saved = serde_json::from_str(
            r#"{"step":"log_review","code":"12150","date":"2025-03-01","minutes":30,"key":"18a-1"}"#,
        )
        .unwrap();
        assert_eq!(
            review,
            Saved {
                state: State::LogReview {
                    code: "12150".into(),
                    date: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
                    minutes: 30
                },
                screen: None
            }
        );
        let confirm: Saved =
            serde_json::from_str(r#"{"step":"register_confirm","guild":"Ants"}"#).unwrap();
        assert_eq!(
            confirm.state,
            State::RegisterConfirm {
                guild: "Ants".into(),
                guild_id: None
            }
        );
    }

    #[test]
    fn the_screen_is_stored_beside_the_step() {
        let saved = Saved {
            state: State::FeedbackRatings { ratings: vec![4] },
            screen: Some("abc".parse().unwrap()),
        };
        let json = serde_json::to_string(&saved).unwrap();
        assert_eq!(
            json,
            r#"{"step":"feedback_ratings","ratings":[4],"screen":"abc"}"#
        );
        assert_eq!(serde_json::from_str::<Saved>(&json).unwrap(), saved);
    }
}
