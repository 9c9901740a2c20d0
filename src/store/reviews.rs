//! The review queue: flagged entries and what organisers decided, and the
//! notices the bot gives a person at their next message.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait};

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
    /// The entry's points kept aside until an organiser approves it (a
    /// competition where flagged entries count only after approval); the
    /// entry itself has none meanwhile.
    pub withheld_points: Option<Decimal>,
}

impl FlagRow {
    /// The points waiting for approval, if the entry's are kept aside.
    pub fn withheld(&self) -> Option<Points> {
        self.withheld_points.map(Points::new)
    }
}

const FLAG_COLUMNS: &str = "f.id, f.user_id, f.activity_id, f.activity, f.reasons, f.detail, f.state, \
    f.reviewer, f.reviewed_at, f.review_reason, f.created_at, u.first_name, u.last_name, f.withheld_points";

/// A flag to raise, for raising many at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFlag {
    pub user_id: i64,
    pub activity_id: i64,
    /// What the entry is, in words.
    pub activity: String,
    pub reasons: String,
    pub detail: String,
}

/// What approving an entry whose points were kept aside did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Released {
    /// The points that now count (fewer than kept aside when the daily
    /// maximum leaves less room).
    pub points: Points,
    /// The person's total afterwards.
    pub total: Points,
}

#[derive(FromQueryResult)]
struct HeldRow {
    user_id: i64,
    points: Decimal,
    activity_date: NaiveDate,
}

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
struct Total {
    points: Decimal,
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

    /// Every live entry of the participants `user_ids`, by id (what the
    /// review checks of an import need, a few queries for any number of
    /// rows).
    pub async fn entries_of_users(&self, user_ids: &[i64]) -> StoreResult<Vec<EntryRow>> {
        let mut out = Vec::new();
        for chunk in user_ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            out.extend(
                self.query_all_as::<EntryRow>(
                    &format!(
                        "SELECT id, user_id, activity_type, duration, points, activity_date, created_at \
                         FROM activities WHERE user_id IN ({list})"
                    ),
                    [],
                )
                .await?,
            );
        }
        out.sort_by_key(|e| e.id);
        Ok(out)
    }

    /// Points of the competition's latest entries (up to 2,000), sorted:
    /// the distribution an entry's points are measured against.
    pub async fn recent_points(&self) -> StoreResult<Vec<Points>> {
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
        Ok(recent)
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
        let recent = self.recent_points().await?;
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

    /// Puts many entries in the review queue at once (an import's).
    /// Returns the flags' ids.
    pub async fn add_flags(&self, flags: &[NewFlag]) -> StoreResult<Vec<i64>> {
        let created_at = now();
        let mut ids = Vec::with_capacity(flags.len());
        for chunk in flags.chunks(200) {
            let values_sql = (0..chunk.len())
                .map(|r| {
                    let b = r * 6;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, 'pending', ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let mut values = Vec::with_capacity(chunk.len() * 6);
            for f in chunk {
                values.extend([
                    f.user_id.into(),
                    f.activity_id.into(),
                    f.activity.clone().into(),
                    f.reasons.clone().into(),
                    f.detail.clone().into(),
                    created_at.into(),
                ]);
            }
            let rows = self
                .query_all_as::<Num>(
                    &format!(
                        "INSERT INTO activity_flags (user_id, activity_id, activity, reasons, detail, state, created_at) \
                         VALUES {values_sql} RETURNING id AS n"
                    ),
                    values,
                )
                .await?;
            ids.extend(rows.into_iter().map(|r| r.n));
        }
        Ok(ids)
    }

    /// Keeps the points of the entries of the pending flags `flag_ids`
    /// aside until they are approved: each entry's points move onto its
    /// flag and come off the person's total, in one transaction. Returns
    /// the points kept aside per flag, and each person's total afterwards.
    pub async fn withhold(
        &self,
        flag_ids: &[i64],
    ) -> StoreResult<(Vec<(i64, Points)>, std::collections::BTreeMap<i64, Points>)> {
        let txn = self.db().begin().await?;
        let mut held = Vec::new();
        let mut moved: std::collections::BTreeMap<i64, Points> = Default::default();
        for id in flag_ids {
            let row = HeldRow::find_by_statement(self.stmt(
                "SELECT a.user_id, a.points, a.activity_date FROM activity_flags f \
                 JOIN activities a ON a.id = f.activity_id \
                 WHERE f.id = $1 AND f.state = 'pending' AND f.withheld_points IS NULL",
                [(*id).into()],
            ))
            .one(&txn)
            .await?;
            let Some(row) = row else { continue };
            txn.execute_raw(self.stmt(
                "UPDATE activities SET points = 0 WHERE id = (SELECT activity_id FROM activity_flags WHERE id = $1)",
                [(*id).into()],
            ))
            .await?;
            txn.execute_raw(self.stmt(
                "UPDATE activity_flags SET withheld_points = $1 WHERE id = $2",
                [row.points.into(), (*id).into()],
            ))
            .await?;
            let points = Points::new(row.points);
            held.push((*id, points));
            *moved.entry(row.user_id).or_insert(Points::ZERO) += points;
        }
        let mut totals = std::collections::BTreeMap::new();
        // In id order, like every other writer of totals.
        for (user_id, points) in &moved {
            let total = Total::find_by_statement(self.stmt(
                "UPDATE users SET points = ROUND(points - $1, 2), updated_at = $2 WHERE id = $3 RETURNING points",
                [points.value().into(), now().into(), (*user_id).into()],
            ))
            .one(&txn)
            .await?
            .map_or(Points::ZERO, |t| Points::new(t.points));
            totals.insert(*user_id, total);
        }
        txn.commit().await?;
        Ok((held, totals))
    }

    /// Gives the entry of flag `id` the points kept aside for it (no more
    /// than the daily maximum `daily_max` leaves room for on its day) and
    /// adds them to the person's total; `None` when nothing was kept aside
    /// or the entry is gone. Meant for the approval's transaction.
    pub async fn release_withheld(
        &self,
        id: i64,
        daily_max: Option<Points>,
    ) -> StoreResult<Option<Released>> {
        let flag = self.flag(id).await?;
        let (Some(held), Some(activity_id)) = (flag.withheld(), flag.activity_id) else {
            return Ok(None);
        };
        let Some(entry) = self
            .query_one_as::<HeldRow>(
                "SELECT user_id, points, activity_date FROM activities WHERE id = $1",
                [activity_id.into()],
            )
            .await?
        else {
            return Ok(None);
        };
        let already = self
            .points_on_day(
                &self.db(),
                entry.user_id,
                entry.activity_date,
                Some(activity_id),
            )
            .await?;
        let points = crate::domain::rules::within_daily_max(daily_max, held, already);
        self.db()
            .execute_raw(self.stmt(
                "UPDATE activities SET points = $1 WHERE id = $2",
                [points.value().into(), activity_id.into()],
            ))
            .await?;
        let total = self
            .query_one_as::<Total>(
                "UPDATE users SET points = ROUND(points + $1, 2), updated_at = $2 WHERE id = $3 RETURNING points",
                [
                    (points - Points::new(entry.points)).value().into(),
                    now().into(),
                    entry.user_id.into(),
                ],
            )
            .await?
            .map_or(Points::ZERO, |t| Points::new(t.points));
        Ok(Some(Released { points, total }))
    }

    /// Whether activity `id` waits for approval with its points kept aside.
    pub async fn is_withheld(&self, id: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .query_one_as::<Num>(
                "SELECT id AS n FROM activity_flags \
                 WHERE activity_id = $1 AND state = 'pending' AND withheld_points IS NOT NULL",
                [id.into()],
            )
            .await?
            .map(|r| r.n))
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
