//! Importing activities from a file: the look-ups that validation needs and
//! the all-or-nothing write that keeps participants' totals in step.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, TransactionTrait, Value};

use super::{Store, StoreResult, now};
use crate::domain::{ActivitySource, Points};

/// What makes two activities the same for the duplicate check: the
/// participant, the activity type, the day, the minutes and the points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActivityKey {
    pub user_id: i64,
    pub activity_type: String,
    pub activity_date: NaiveDate,
    pub duration: i32,
    /// Points in cents, so that SQLite's binary floating point compares exactly.
    pub points_cents: i64,
}

/// One validated row to import.
#[derive(Debug, Clone)]
pub struct ImportedActivity {
    pub user_id: i64,
    pub activity_type: String,
    pub compendium_code: String,
    pub met: Decimal,
    pub duration: i32,
    pub points: Points,
    pub description: Option<String>,
    pub activity_date: NaiveDate,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWritten {
    /// Activities inserted.
    pub activities: u64,
    /// Participants whose totals changed.
    pub participants: u64,
    /// The points added over all participants (those kept aside for
    /// review included until the review checks say otherwise).
    pub points: Points,
    /// The ids of the activities inserted.
    pub ids: Vec<i64>,
    /// Of those, how many the review checks put in the review queue (set
    /// by the import action).
    pub flagged: u64,
    /// The points of flagged entries kept aside until approved (set by the
    /// import action; not in `points`).
    pub withheld: Points,
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

#[derive(FromQueryResult)]
struct KeyRow {
    user_id: i64,
    activity_type: String,
    activity_date: NaiveDate,
    duration: i32,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct DayRow {
    user_id: i64,
    activity_date: NaiveDate,
    points: Decimal,
}

/// Ids per `IN (...)` list: well below both backends' parameter limits.
const CHUNK: usize = 500;

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Which of `ids` are participants.
    pub async fn existing_user_ids(&self, ids: &[i64]) -> StoreResult<HashSet<i64>> {
        let mut found = HashSet::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id FROM users WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let rows = self
                .query_all_as::<IdRow>(&sql, chunk.iter().map(|id| Value::from(*id)))
                .await?;
            found.extend(rows.into_iter().map(|r| r.id));
        }
        Ok(found)
    }

    /// The points each of the participants `user_ids` has per day.
    pub async fn day_points_of(
        &self,
        user_ids: &[i64],
    ) -> StoreResult<std::collections::HashMap<(i64, NaiveDate), Points>> {
        let mut days = std::collections::HashMap::new();
        for chunk in user_ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT user_id, activity_date, COALESCE(SUM(points), 0.0) AS points FROM activities \
                 WHERE user_id IN ({}) GROUP BY user_id, activity_date",
                placeholders(1, chunk.len())
            );
            let rows = self
                .query_all_as::<DayRow>(&sql, chunk.iter().map(|id| Value::from(*id)))
                .await?;
            days.extend(
                rows.into_iter()
                    .map(|r| ((r.user_id, r.activity_date), Points::new(r.points))),
            );
        }
        Ok(days)
    }

    /// The duplicate-check keys of every activity of the participants `user_ids`.
    pub async fn activity_keys_of(&self, user_ids: &[i64]) -> StoreResult<HashSet<ActivityKey>> {
        let mut keys = HashSet::new();
        for chunk in user_ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT user_id, activity_type, activity_date, duration, points FROM activities \
                 WHERE user_id IN ({})",
                placeholders(1, chunk.len())
            );
            let rows = self
                .query_all_as::<KeyRow>(&sql, chunk.iter().map(|id| Value::from(*id)))
                .await?;
            keys.extend(rows.into_iter().map(|r| ActivityKey {
                user_id: r.user_id,
                activity_type: r.activity_type,
                activity_date: r.activity_date,
                duration: r.duration,
                points_cents: Points::new(r.points).cents(),
            }));
        }
        Ok(keys)
    }

    /// Inserts `rows` and adds their points to the participants' totals in
    /// one transaction: all of them or none. On PostgreSQL the activities'
    /// id sequence is moved past the largest id afterwards, so that the next
    /// activity logged never collides with an imported one. `on_progress`
    /// is told how many rows have been written so far.
    pub async fn import_activities(
        &self,
        rows: &[ImportedActivity],
        on_progress: impl Fn(u64),
    ) -> StoreResult<ImportWritten> {
        let txn = self.db().begin().await?;
        let created_at = now();
        let mut totals: BTreeMap<i64, Points> = BTreeMap::new();
        let mut ids = Vec::with_capacity(rows.len());
        const COLUMNS: usize = 10;
        // 200 rows × 10 values per statement stays far below both backends' limits.
        for chunk in rows.chunks(200) {
            let values_sql = (0..chunk.len())
                .map(|r| format!("({})", placeholders(r * COLUMNS + 1, COLUMNS)))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO activities (user_id, activity_type, compendium_code, met, duration, points, \
                 description, activity_date, created_at, source) VALUES {values_sql}"
            );
            let mut values = Vec::with_capacity(chunk.len() * COLUMNS);
            for row in chunk {
                values.extend([
                    row.user_id.into(),
                    row.activity_type.clone().into(),
                    row.compendium_code.clone().into(),
                    row.met.into(),
                    row.duration.into(),
                    row.points.value().into(),
                    row.description.clone().into(),
                    row.activity_date.into(),
                    created_at.into(),
                    ActivitySource::Import.as_str().into(),
                ]);
                *totals.entry(row.user_id).or_insert(Points::ZERO) += row.points;
            }
            let inserted =
                IdRow::find_by_statement(self.stmt(&format!("{sql} RETURNING id"), values))
                    .all(&txn)
                    .await?;
            ids.extend(inserted.into_iter().map(|r| r.id));
            on_progress(chunk.len() as u64);
        }
        for (user_id, points) in &totals {
            txn.execute_raw(self.stmt(
                "UPDATE users SET points = ROUND(points + $1, 2), updated_at = $2 WHERE id = $3",
                [points.value().into(), created_at.into(), (*user_id).into()],
            ))
            .await?;
        }
        if self.backend() == DbBackend::Postgres && !rows.is_empty() {
            txn.execute_unprepared(
                "SELECT setval(pg_get_serial_sequence('activities', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM activities))",
            )
            .await?;
        }
        txn.commit().await?;
        Ok(ImportWritten {
            activities: rows.len() as u64,
            participants: totals.len() as u64,
            points: totals.values().copied().sum(),
            ids,
            flagged: 0,
            withheld: Points::ZERO,
        })
    }
}
