//! Activities: logging and deleting, with the participant's total kept in
//! step inside the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};

use super::entities::activity;
use super::{Store, StoreError, StoreResult, now};
use crate::domain::{ActivitySource, CatalogueEntry, DurationMinutes, Points};
use crate::msg;

/// A logged activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: i64,
    pub user_id: i64,
    pub activity_type: String,
    pub compendium_code: Option<String>,
    pub met: Option<Decimal>,
    pub duration_minutes: u16,
    pub points: Points,
    pub description: Option<String>,
    pub activity_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    /// Where it came from.
    pub source: ActivitySource,
    /// When a recorded workout started.
    pub started_at: Option<DateTime<Utc>>,
    /// Metres covered, when recorded.
    pub distance_m: Option<u32>,
}

impl From<activity::Model> for Activity {
    fn from(m: activity::Model) -> Self {
        Activity {
            id: m.id,
            user_id: m.user_id,
            activity_type: m.activity_type,
            compendium_code: m.compendium_code,
            met: m.met.map(|v| v.round_dp(1)),
            duration_minutes: m.duration.clamp(0, i32::from(u16::MAX)) as u16,
            points: Points::new(m.points),
            description: m.description,
            activity_date: m.activity_date,
            created_at: m.created_at,
            source: ActivitySource::parse(&m.source).unwrap_or(ActivitySource::Typed),
            started_at: m.started_at,
            distance_m: m.distance_m.and_then(|d| u32::try_from(d).ok()),
        }
    }
}

/// An activity about to be logged, already checked by the domain rules.
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub user_id: i64,
    pub activity_type: String,
    pub compendium_code: Option<String>,
    pub met: Option<Decimal>,
    pub duration: DurationMinutes,
    pub points: Points,
    pub description: Option<String>,
    pub activity_date: NaiveDate,
    /// The same key on a repeated confirmation logs the activity once.
    pub idempotency_key: Option<String>,
    /// Where it comes from.
    pub source: ActivitySource,
    /// For a recorded workout: when it started, how far it went, and the
    /// file's SHA-256 (for recognising the same workout sent twice).
    pub workout: Option<RecordedWorkout>,
    /// The competition's daily maximum of points per person: the part of
    /// `points` that would take the participant past it on
    /// `activity_date` is not counted (see [`LoggedActivity::not_counted`]).
    pub daily_max_points: Option<Points>,
}

/// What a recorded workout adds to an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedWorkout {
    pub started_at: DateTime<Utc>,
    pub distance_m: Option<u32>,
    pub sha256: String,
}

impl NewActivity {
    /// An activity from the catalogue, with its points computed from the MET.
    pub fn from_catalogue(
        user_id: i64,
        entry: &CatalogueEntry,
        duration: DurationMinutes,
        activity_date: NaiveDate,
        idempotency_key: Option<String>,
    ) -> NewActivity {
        NewActivity {
            user_id,
            activity_type: entry.label(),
            compendium_code: Some(entry.code.clone()),
            met: Some(entry.met.value()),
            duration,
            points: Points::for_activity(entry.met, duration),
            description: None,
            activity_date,
            idempotency_key,
            source: ActivitySource::Typed,
            workout: None,
            daily_max_points: None,
        }
    }
}

/// The outcome of logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedActivity {
    /// The activity as stored.
    pub activity: Activity,
    /// The participant's total afterwards.
    pub total: Points,
    /// False when the idempotency key had been seen: nothing was written.
    pub newly_logged: bool,
    /// Points kept aside until an organiser approves the entry (flagged
    /// in a competition where flagged entries count only after approval);
    /// zero otherwise.
    pub withheld: Points,
    /// Points the entry would have earned beyond the daily maximum, which
    /// were not counted (zero when everything counted).
    pub not_counted: Points,
}

/// The outcome of a deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedActivity {
    pub activity: Activity,
    /// The participant's total afterwards.
    pub total: Points,
}

#[derive(FromQueryResult)]
struct Total {
    points: Decimal,
}

#[derive(FromQueryResult)]
struct HeldFlag {
    id: i64,
}

pub(super) const ACTIVITY_COLUMNS: &str = "id, user_id, activity_type, compendium_code, met, duration, points, description, \
                                activity_date, idempotency_key, created_at, source, started_at, distance_m, workout_sha256";

impl Store {
    /// Logs an activity and adds its points to the participant's total in
    /// one transaction. A repeated idempotency key returns the activity
    /// logged the first time and writes nothing.
    ///
    /// On PostgreSQL, an activity with an idempotency key is written by the
    /// logging writers, together with others logged at the same moment
    /// (see `log_batches`); the answer comes after the commit either way.
    pub async fn log_activity(&self, new: NewActivity) -> StoreResult<LoggedActivity> {
        if let Some(key) = &new.idempotency_key
            && key.len() > 64
        {
            return Err(StoreError::Rejected(crate::i18n::Message::verbatim(
                "An idempotency key is at most 64 characters.",
            )));
        }
        match self.batcher() {
            // The batches write what a typed entry has; anything more goes
            // alone, as does an entry under a daily maximum, which depends
            // on what the participant already has that day.
            Some(batcher)
                if new.idempotency_key.is_some()
                    && new.source == ActivitySource::Typed
                    && new.workout.is_none()
                    && new.daily_max_points.is_none() =>
            {
                batcher.log(self, new).await
            }
            _ => self.log_activity_alone(new).await,
        }
    }

    /// Logs one activity in a transaction of its own.
    pub(super) async fn log_activity_alone(
        &self,
        mut new: NewActivity,
    ) -> StoreResult<LoggedActivity> {
        let txn = self.db().begin().await?;
        let asked = new.points;
        if let Some(cap) = new.daily_max_points {
            let already = self
                .points_on_day(&txn, new.user_id, new.activity_date, None)
                .await?;
            new.points = crate::domain::rules::within_daily_max(Some(cap), new.points, already);
        }
        let inserted = activity::Model::find_by_statement(self.stmt(
            &format!(
                "INSERT INTO activities (user_id, activity_type, compendium_code, met, duration, points, description, \
                 activity_date, idempotency_key, created_at, source, started_at, distance_m, workout_sha256) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING {ACTIVITY_COLUMNS}"
            ),
            [
                new.user_id.into(),
                new.activity_type.clone().into(),
                new.compendium_code.clone().into(),
                new.met.into(),
                i32::from(new.duration.get()).into(),
                new.points.value().into(),
                new.description.clone().into(),
                new.activity_date.into(),
                new.idempotency_key.clone().into(),
                now().into(),
                new.source.as_str().into(),
                new.workout.as_ref().map(|w| w.started_at).into(),
                new.workout
                    .as_ref()
                    .and_then(|w| w.distance_m)
                    .map(|d| i32::try_from(d).unwrap_or(i32::MAX))
                    .into(),
                new.workout.as_ref().map(|w| w.sha256.clone()).into(),
            ],
        ))
        .one(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                StoreError::NotFound(msg!("err-no-participant", id = new.user_id))
            }
            _ => StoreError::Database(e),
        })?;

        let Some(inserted) = inserted else {
            // The key was seen before: report the first logging, change nothing.
            let key = new.idempotency_key.clone().unwrap_or_default();
            let existing = activity::Entity::find()
                .filter(activity::Column::UserId.eq(new.user_id))
                .filter(activity::Column::IdempotencyKey.eq(key))
                .one(&txn)
                .await?
                .ok_or_else(|| StoreError::Conflict(crate::msg!("err-activity-in-progress")))?;
            let total = self.total_in(&txn, new.user_id).await?;
            txn.commit().await?;
            return Ok(LoggedActivity {
                activity: existing.into(),
                total,
                newly_logged: false,
                not_counted: Points::ZERO,
                withheld: Points::ZERO,
            });
        };

        let total = Total::find_by_statement(self.stmt(
            "UPDATE users SET points = ROUND(points + $1, 2), updated_at = $2 WHERE id = $3 RETURNING points",
            [new.points.value().into(), now().into(), new.user_id.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = new.user_id)))?;
        txn.commit().await?;
        Ok(LoggedActivity {
            activity: inserted.into(),
            total: Points::new(total.points),
            newly_logged: true,
            not_counted: asked - new.points,
            withheld: Points::ZERO,
        })
    }

    /// The points a participant has on a day, all but activity `except`,
    /// with the participant's row locked on PostgreSQL so that two entries
    /// of the same person under a daily maximum are counted one after the
    /// other (SQLite has one writer at a time anyway).
    pub(super) async fn points_on_day(
        &self,
        conn: &impl ConnectionTrait,
        user_id: i64,
        day: NaiveDate,
        except: Option<i64>,
    ) -> StoreResult<Points> {
        if self.backend() == sea_orm::DbBackend::Postgres {
            conn.execute_raw(self.stmt(
                "SELECT 1 FROM users WHERE id = $1 FOR UPDATE",
                [user_id.into()],
            ))
            .await?;
        }
        let sum = Total::find_by_statement(self.stmt(
            "SELECT COALESCE(SUM(points), 0.0) AS points FROM activities \
             WHERE user_id = $1 AND activity_date = $2 AND ($3 IS NULL OR id <> $3)",
            [user_id.into(), day.into(), except.into()],
        ))
        .one(conn)
        .await?;
        Ok(sum.map_or(Points::ZERO, |s| Points::new(s.points)))
    }

    /// Deletes an activity and takes its points off the participant's total,
    /// in one transaction. With `owner`, only that participant's activity is
    /// deleted (a participant deleting their own entry).
    pub async fn delete_activity(
        &self,
        id: i64,
        owner: Option<i64>,
    ) -> StoreResult<DeletedActivity> {
        let txn = self.db().begin().await?;
        let deleted = activity::Model::find_by_statement(self.stmt(
            &format!(
                "DELETE FROM activities WHERE id = $1 AND ($2 IS NULL OR user_id = $2) RETURNING {ACTIVITY_COLUMNS}"
            ),
            [id.into(), owner.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-activity-to-delete", id = id)))?;
        let total = Total::find_by_statement(self.stmt(
            "UPDATE users SET points = ROUND(points - $1, 2), updated_at = $2 WHERE id = $3 RETURNING points",
            [deleted.points.into(), now().into(), deleted.user_id.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = deleted.user_id)))?;
        txn.commit().await?;
        Ok(DeletedActivity {
            activity: deleted.into(),
            total: Points::new(total.points),
        })
    }

    /// The participant's activity logged with `key` as its idempotency
    /// key, if there is one (was this confirmation already logged?).
    pub async fn activity_by_key(&self, user_id: i64, key: &str) -> StoreResult<Option<Activity>> {
        Ok(activity::Entity::find()
            .filter(activity::Column::UserId.eq(user_id))
            .filter(activity::Column::IdempotencyKey.eq(key))
            .one(&self.db())
            .await?
            .map(Activity::from))
    }

    /// Changes what, when and how long an activity was, with its points
    /// recomputed, and moves the difference onto the participant's total,
    /// in one transaction. Returns the activity before and after, and the
    /// new total.
    pub async fn update_activity(
        &self,
        id: i64,
        change: &NewActivity,
    ) -> StoreResult<(Activity, Activity, Points)> {
        let txn = self.db().begin().await?;
        let before: Activity = activity::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(Activity::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-activity", id = id)))?;
        let mut points = change.points;
        if let Some(cap) = change.daily_max_points {
            let already = self
                .points_on_day(&txn, before.user_id, change.activity_date, Some(id))
                .await?;
            points = crate::domain::rules::within_daily_max(Some(cap), points, already);
        }
        // An entry waiting for approval with its points kept aside keeps
        // them aside: the new points wait on its flag instead.
        let held = HeldFlag::find_by_statement(self.stmt(
            "SELECT id FROM activity_flags \
             WHERE activity_id = $1 AND state = 'pending' AND withheld_points IS NOT NULL",
            [id.into()],
        ))
        .one(&txn)
        .await?;
        if let Some(flag) = held {
            txn.execute_raw(self.stmt(
                "UPDATE activity_flags SET withheld_points = $1 WHERE id = $2",
                [points.value().into(), flag.id.into()],
            ))
            .await?;
            points = Points::ZERO;
        }
        let after = activity::Model::find_by_statement(self.stmt(
            &format!(
                "UPDATE activities SET activity_type = $1, compendium_code = $2, met = $3, duration = $4, \
                 points = $5, activity_date = $6 WHERE id = $7 RETURNING {ACTIVITY_COLUMNS}"
            ),
            [
                change.activity_type.clone().into(),
                change.compendium_code.clone().into(),
                change.met.into(),
                i32::from(change.duration.get()).into(),
                points.value().into(),
                change.activity_date.into(),
                id.into(),
            ],
        ))
        .one(&txn)
        .await?
        .map(Activity::from)
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-activity", id = id)))?;
        let total = Total::find_by_statement(self.stmt(
            "UPDATE users SET points = ROUND(points - $1 + $2, 2), updated_at = $3 WHERE id = $4 RETURNING points",
            [
                before.points.value().into(),
                after.points.value().into(),
                now().into(),
                before.user_id.into(),
            ],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = before.user_id)))?;
        txn.commit().await?;
        Ok((before, after, Points::new(total.points)))
    }

    /// One activity.
    pub async fn activity(&self, id: i64) -> StoreResult<Activity> {
        activity::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .map(Activity::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-activity", id = id)))
    }

    /// A participant's activities, newest first, a page at a time.
    pub async fn participant_activities(
        &self,
        user_id: i64,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<Activity>> {
        Ok(activity::Entity::find()
            .filter(activity::Column::UserId.eq(user_id))
            .order_by_desc(activity::Column::ActivityDate)
            .order_by_desc(activity::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Activity::from)
            .collect())
    }

    /// How many activities a participant has logged.
    pub async fn count_participant_activities(&self, user_id: i64) -> StoreResult<u64> {
        Ok(activity::Entity::find()
            .filter(activity::Column::UserId.eq(user_id))
            .count(&self.db())
            .await?)
    }

    /// An activity of this participant that is the same recorded workout:
    /// from the same file, or started within two minutes of `started_at`
    /// and lasting within two minutes of `minutes` (the same workout sent
    /// from another device or app).
    pub async fn recorded_duplicate(
        &self,
        user_id: i64,
        sha256: &str,
        started_at: DateTime<Utc>,
        minutes: u16,
    ) -> StoreResult<Option<Activity>> {
        let window = chrono::Duration::minutes(2);
        let found = activity::Model::find_by_statement(self.stmt(
            &format!(
                "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE user_id = $1 AND (workout_sha256 = $2 \
                 OR (started_at >= $3 AND started_at <= $4 AND duration >= $5 AND duration <= $6)) \
                 ORDER BY id LIMIT 1"
            ),
            [
                user_id.into(),
                sha256.into(),
                (started_at - window).into(),
                (started_at + window).into(),
                (i32::from(minutes) - 2).into(),
                (i32::from(minutes) + 2).into(),
            ],
        ))
        .one(&self.db())
        .await?;
        Ok(found.map(Activity::from))
    }

    /// How many activities there are in all.
    pub async fn count_activities(&self) -> StoreResult<u64> {
        Ok(activity::Entity::find().count(&self.db()).await?)
    }

    async fn total_in(&self, conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<Points> {
        let total = Total::find_by_statement(
            self.stmt("SELECT points FROM users WHERE id = $1", [user_id.into()]),
        )
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(msg!("err-no-participant", id = user_id)))?;
        Ok(Points::new(total.points))
    }
}

#[derive(FromQueryResult)]
struct ActiveDay {
    day: NaiveDate,
}

impl Store {
    /// The days from `first` to `last` on which the participant logged
    /// anything, oldest first.
    pub async fn activity_days(
        &self,
        user_id: i64,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<NaiveDate>> {
        let rows: Vec<ActiveDay> = self
            .query_all_as(
                "SELECT DISTINCT activity_date AS day FROM activities \
                 WHERE user_id = $1 AND activity_date >= $2 AND activity_date <= $3 ORDER BY day",
                [user_id.into(), first.into(), last.into()],
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.day).collect())
    }
}
