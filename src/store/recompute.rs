//! What a recompute of a competition's points reads and writes: its
//! entries, the totals of the people they belong to, and the new points,
//! written with the totals in the caller's transaction (the rank counts
//! follow through their triggers).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

use super::{Store, StoreResult, now};
use crate::domain::recompute::EntryChange;
use crate::domain::{Met, Points};

/// An entry as stored, for the recompute.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StoredEntry {
    pub id: i64,
    pub user_id: i64,
    pub activity_date: NaiveDate,
    pub compendium_code: Option<String>,
    pub met: Option<Decimal>,
    pub duration: i32,
    pub points: Decimal,
}

impl StoredEntry {
    /// Its MET, when it has a valid one.
    pub fn met(&self) -> Option<Met> {
        self.met.and_then(|m| Met::new(m).ok())
    }
}

/// A participant's name, guild and total, for a recompute's preview.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PersonTotal {
    pub id: i64,
    pub first_name: String,
    pub guild: Option<String>,
    pub points: Decimal,
}

impl Store {
    /// Every live entry dated from `first` to `last`, in the order they
    /// were logged, but for those waiting for approval with their points
    /// kept aside (approval gives them their points). On PostgreSQL the entries are locked first, so that
    /// nothing is logged, edited or deleted in the window until the
    /// transaction ends (a recompute is short and rare).
    pub async fn entries_between(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        lock: bool,
    ) -> StoreResult<Vec<StoredEntry>> {
        if lock && self.backend() == DbBackend::Postgres {
            self.db()
                .execute_unprepared("LOCK TABLE activities IN SHARE ROW EXCLUSIVE MODE")
                .await?;
        }
        self.query_all_as(
            "SELECT id, user_id, activity_date, compendium_code, met, duration, points FROM activities \
             WHERE activity_date >= $1 AND activity_date <= $2 AND NOT EXISTS (SELECT 1 FROM activity_flags f \
             WHERE f.activity_id = activities.id AND f.state = 'pending' AND f.withheld_points IS NOT NULL) \
             ORDER BY id",
            [first.into(), last.into()],
        )
        .await
    }

    /// The name, guild and total of each of `ids`.
    pub async fn people_totals(&self, ids: &[i64]) -> StoreResult<HashMap<i64, PersonTotal>> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let rows: Vec<PersonTotal> = self
                .query_all_as(
                    &format!(
                        "SELECT id, first_name, guild, points FROM users WHERE id IN ({list})"
                    ),
                    [],
                )
                .await?;
            found.extend(rows.into_iter().map(|r| (r.id, r)));
        }
        Ok(found)
    }

    /// Writes each entry's new points and moves its owner's total by the
    /// difference; meant for a transaction ([`Store::begin`]), where it
    /// stands or falls with the audit entry.
    pub async fn rewrite_points(&self, changes: &[EntryChange]) -> StoreResult<()> {
        let mut moved: HashMap<i64, Points> = HashMap::new();
        for c in changes {
            self.db()
                .execute_raw(self.stmt(
                    "UPDATE activities SET points = $1 WHERE id = $2",
                    [c.after.value().into(), c.id.into()],
                ))
                .await?;
            let m = moved.entry(c.user_id).or_insert(Points::ZERO);
            *m = *m + c.after - c.before;
        }
        let mut people: Vec<(i64, Points)> = moved.into_iter().collect();
        // One order for every writer of totals, so that none waits on another.
        people.sort_by_key(|(id, _)| *id);
        for (user_id, delta) in people {
            if delta == Points::ZERO {
                continue;
            }
            self.db()
                .execute_raw(self.stmt(
                    "UPDATE users SET points = ROUND(points + $1, 2), updated_at = $2 WHERE id = $3",
                    [delta.value().into(), now().into(), user_id.into()],
                ))
                .await?;
        }
        Ok(())
    }
}
