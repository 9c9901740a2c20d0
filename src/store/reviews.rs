//! The review queue: flagged entries and what organisers decided, and the
//! notices the bot gives a person at their next message.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreError, StoreResult, now};
use crate::domain::Points;
use crate::msg;

/// One flagged entry.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct FlagRow {
    pub id: i64,
    pub user_id: i64,
    /// The entry, while it exists (a rejected one is deleted).
    pub activity_id: Option<i64>,
    /// What the entry was, as the flag was raised.
    pub activity: String,
    /// Reason codes, joined by commas.
    pub reasons: String,
    /// One line per reason.
    pub detail: String,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
    pub reviewer: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The person's name, as shown to organisers.
    pub first_name: String,
    pub last_name: Option<String>,
}

const FLAG_COLUMNS: &str = "f.id, f.user_id, f.activity_id, f.activity, f.reasons, f.detail, f.state, \
    f.reviewer, f.reviewed_at, f.review_reason, f.created_at, u.first_name, u.last_name";

/// A notice waiting for the person's next message to the bot.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Notice {
    pub id: i64,
    pub user_id: i64,
    /// The message's key in the bot's texts.
    pub message_key: String,
    /// Its arguments, a JSON object of strings.
    pub args: String,
}

impl Notice {
    /// The arguments as name–value pairs.
    pub fn arguments(&self) -> Vec<(String, String)> {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&self.args)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect()
    }
}

/// What is known around an entry, from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagFacts {
    /// The person's minutes on the day, the entry included.
    pub day_minutes: u32,
    /// Entries on the day with the same activity and duration, the entry
    /// included.
    pub same_on_day: u32,
    /// Points of the person's earlier entries (the latest 100).
    pub earlier_points: Vec<Points>,
    /// Points of the competition's latest entries (up to 2,000), sorted.
    pub recent_points: Vec<Points>,
}

#[derive(FromQueryResult)]
struct Num {
    n: i64,
}

#[derive(FromQueryResult)]
struct PointsRow {
    points: Decimal,
}

/// One entry as the review checks see it (for checking every entry at
/// once, as the review benchmark does).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct EntryRow {
    pub id: i64,
    pub user_id: i64,
    pub activity_type: String,
    pub duration: i32,
    pub points: Decimal,
    pub activity_date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Every live entry, in the order logged.
    pub async fn entries_in_logging_order(&self) -> StoreResult<Vec<EntryRow>> {
        self.query_all_as(
            "SELECT id, user_id, activity_type, duration, points, activity_date, created_at \
             FROM activities ORDER BY created_at, id",
            [],
        )
        .await
    }

    /// What [`crate::domain::review::flags`] needs about activity `id`.
    pub async fn flag_facts(
        &self,
        id: i64,
        user_id: i64,
        date: NaiveDate,
        activity_type: &str,
        minutes: u16,
    ) -> StoreResult<FlagFacts> {
        let day = self
            .query_one_as::<Num>(
                "SELECT COALESCE(SUM(duration), 0) AS n FROM activities WHERE user_id = $1 AND activity_date = $2",
                [user_id.into(), date.into()],
            )
            .await?
            .map_or(0, |r| r.n);
        let same = self
            .query_one_as::<Num>(
                "SELECT COUNT(*) AS n FROM activities WHERE user_id = $1 AND activity_date = $2 \
                 AND activity_type = $3 AND duration = $4",
                [
                    user_id.into(),
                    date.into(),
                    activity_type.into(),
                    i32::from(minutes).into(),
                ],
            )
            .await?
            .map_or(0, |r| r.n);
        let earlier = self
            .query_all_as::<PointsRow>(
                "SELECT points FROM activities WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT 100",
                [user_id.into(), id.into()],
            )
            .await?;
        let mut recent: Vec<Points> = self
            .query_all_as::<PointsRow>(
                "SELECT points FROM activities ORDER BY id DESC LIMIT 2000",
                [],
            )
            .await?
            .into_iter()
            .map(|r| Points::new(r.points))
            .collect();
        recent.sort();
        Ok(FlagFacts {
            day_minutes: u32::try_from(day).unwrap_or(u32::MAX),
            same_on_day: u32::try_from(same).unwrap_or(u32::MAX),
            earlier_points: earlier.into_iter().map(|r| Points::new(r.points)).collect(),
            recent_points: recent,
        })
    }

    /// Puts an entry in the review queue.
    pub async fn add_flag(
        &self,
        user_id: i64,
        activity_id: i64,
        activity: &str,
        reasons: &str,
        detail: &str,
    ) -> StoreResult<i64> {
        let row = self
            .query_one_as::<Num>(
                "INSERT INTO activity_flags (user_id, activity_id, activity, reasons, detail, state, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id AS n",
                [
                    user_id.into(),
                    activity_id.into(),
                    activity.into(),
                    reasons.into(),
                    detail.into(),
                    now().into(),
                ],
            )
            .await?;
        row.map(|r| r.n)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-flag", id = activity_id)))
    }

    /// The flags waiting for a decision, oldest first.
    pub async fn pending_flags(&self, limit: u64) -> StoreResult<Vec<FlagRow>> {
        self.query_all_as(
            &format!(
                "SELECT {FLAG_COLUMNS} FROM activity_flags f JOIN users u ON u.id = f.user_id \
                 WHERE f.state = 'pending' ORDER BY f.id LIMIT $1"
            ),
            [i64::try_from(limit).unwrap_or(i64::MAX).into()],
        )
        .await
    }

    /// How many flags wait for a decision.
    pub async fn count_pending_flags(&self) -> StoreResult<u64> {
        let n = self
            .query_one_as::<Num>(
                "SELECT COUNT(*) AS n FROM activity_flags WHERE state = 'pending'",
                [],
            )
            .await?
            .map_or(0, |r| r.n);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Flag `id`.
    pub async fn flag(&self, id: i64) -> StoreResult<FlagRow> {
        self.query_one_as(
            &format!(
                "SELECT {FLAG_COLUMNS} FROM activity_flags f JOIN users u ON u.id = f.user_id WHERE f.id = $1"
            ),
            [id.into()],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-flag", id = id)))
    }

    /// Records the decision on a pending flag (a rejected one no longer
    /// points at its entry, which is deleted); false when it was decided
    /// already.
    pub async fn decide_flag(
        &self,
        id: i64,
        state: &str,
        reviewer: &str,
        reason: Option<&str>,
    ) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE activity_flags SET state = $1, reviewer = $2, reviewed_at = $3, review_reason = $4, \
                 activity_id = CASE WHEN $1 = 'rejected' THEN NULL ELSE activity_id END \
                 WHERE id = $5 AND state = 'pending'",
                [
                    state.into(),
                    reviewer.into(),
                    now().into(),
                    reason.map(str::to_owned).into(),
                    id.into(),
                ],
            ))
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Leaves a notice for the person's next message to the bot.
    pub async fn add_notice(
        &self,
        user_id: i64,
        message_key: &str,
        args: &[(&str, String)],
    ) -> StoreResult<()> {
        let args: serde_json::Map<String, serde_json::Value> = args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
            .collect();
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO person_notices (user_id, message_key, args, created_at) VALUES ($1, $2, $3, $4)",
                [
                    user_id.into(),
                    message_key.into(),
                    serde_json::Value::Object(args).to_string().into(),
                    now().into(),
                ],
            ))
            .await?;
        Ok(())
    }

    /// The person's notices not yet given, oldest first.
    pub async fn undelivered_notices(&self, user_id: i64) -> StoreResult<Vec<Notice>> {
        self.query_all_as(
            "SELECT id, user_id, message_key, args FROM person_notices \
             WHERE user_id = $1 AND delivered_at IS NULL ORDER BY id",
            [user_id.into()],
        )
        .await
    }

    /// Marks participant `user_id`'s notice `id` as given.
    pub async fn notice_delivered(&self, user_id: i64, id: i64) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "UPDATE person_notices SET delivered_at = $1 WHERE id = $2 AND user_id = $3",
                [now().into(), id.into(), user_id.into()],
            ))
            .await?;
        Ok(())
    }
}
