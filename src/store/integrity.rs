//! Keeping `users.points` equal to the sum of each participant's activities.

use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, TransactionTrait};

use super::{Store, StoreResult, now};
use crate::domain::Points;

/// A participant whose recorded total differs from their activities' sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsDrift {
    pub user_id: i64,
    pub telegram_id: i64,
    /// What `users.points` says.
    pub recorded: Points,
    /// The sum of the participant's activities.
    pub actual: Points,
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsReport {
    /// How many participants were checked.
    pub participants: u64,
    /// The participants whose totals drifted.
    pub drifts: Vec<PointsDrift>,
    /// Whether the drifts were repaired.
    pub repaired: bool,
}

#[derive(FromQueryResult)]
struct DriftRow {
    id: i64,
    telegram_id: i64,
    recorded: Decimal,
    actual: Decimal,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct SumRow {
    total: Decimal,
}

impl Store {
    /// Finds every participant whose total is not the sum of their
    /// activities and, with `repair`, sets it to that sum.
    pub async fn check_points(&self, repair: bool) -> StoreResult<PointsReport> {
        let participants = self
            .query_one_as::<CountRow>("SELECT COUNT(*) AS n FROM users", [])
            .await?
            .map_or(0, |r| r.n as u64);
        // Half a cent of tolerance absorbs SQLite's binary floating point;
        // real drifts are whole cents.
        let rows = self
            .query_all_as::<DriftRow>(
                "SELECT u.id AS id, u.telegram_id AS telegram_id, u.points AS recorded, \
                        COALESCE(a.total, 0.0) AS actual \
                 FROM users u LEFT JOIN (SELECT user_id, SUM(points) AS total FROM activities GROUP BY user_id) a \
                   ON a.user_id = u.id \
                 WHERE ABS(u.points - COALESCE(a.total, 0.0)) >= 0.005 \
                 ORDER BY u.id",
                [],
            )
            .await?;
        let drifts: Vec<PointsDrift> = rows
            .into_iter()
            .map(|r| PointsDrift {
                user_id: r.id,
                telegram_id: r.telegram_id,
                recorded: Points::new(r.recorded),
                actual: Points::new(r.actual),
            })
            .filter(|d| d.recorded != d.actual)
            .collect();
        if repair {
            for drift in &drifts {
                self.recompute_total(drift.user_id).await?;
            }
        }
        Ok(PointsReport {
            participants,
            repaired: repair && !drifts.is_empty(),
            drifts,
        })
    }

    /// On PostgreSQL, counts the rank-count rows that differ from a recount
    /// of `users` and, with `repair`, rebuilds them (writers wait meanwhile).
    /// `None` on SQLite, which counts directly and keeps no such rows.
    pub async fn check_rank_counts(&self, repair: bool) -> StoreResult<Option<u64>> {
        if self.backend() != DbBackend::Postgres {
            return Ok(None);
        }
        const MISMATCHES: &str = "\
            WITH hundreds AS ( \
                SELECT '' AS scope, floor(points / 100)::BIGINT AS k, (id % 8)::SMALLINT AS stripe, COUNT(*) AS n FROM users GROUP BY 1, 2, 3 \
                UNION ALL \
                SELECT guild, floor(points / 100)::BIGINT, (id % 8)::SMALLINT, COUNT(*) FROM users WHERE guild IS NOT NULL GROUP BY 1, 2, 3), \
            buckets AS ( \
                SELECT '' AS scope, floor(points)::BIGINT AS k, (id % 8)::SMALLINT AS stripe, COUNT(*) AS n FROM users GROUP BY 1, 2, 3 \
                UNION ALL \
                SELECT guild, floor(points)::BIGINT, (id % 8)::SMALLINT, COUNT(*) FROM users WHERE guild IS NOT NULL GROUP BY 1, 2, 3), \
            cents AS ( \
                SELECT '' AS scope, (points * 100)::BIGINT AS k, (id % 8)::SMALLINT AS stripe, COUNT(*) AS n FROM users GROUP BY 1, 2, 3 \
                UNION ALL \
                SELECT guild, (points * 100)::BIGINT, (id % 8)::SMALLINT, COUNT(*) FROM users WHERE guild IS NOT NULL GROUP BY 1, 2, 3), \
            totals AS ( \
                SELECT guild, (id % 8)::SMALLINT AS stripe, COUNT(*) AS registered, \
                       SUM(CASE WHEN points > 0 THEN 1 ELSE 0 END) AS active_members, SUM(points) AS total_points \
                FROM users WHERE guild IS NOT NULL GROUP BY 1, 2) \
            SELECT CAST( \
                (SELECT COUNT(*) FROM hundreds t FULL JOIN (SELECT * FROM rank_hundreds WHERE n <> 0) r \
                    ON r.scope = t.scope AND r.hundred = t.k AND r.stripe = t.stripe WHERE t.n IS DISTINCT FROM r.n) \
              + (SELECT COUNT(*) FROM buckets t FULL JOIN (SELECT * FROM rank_buckets WHERE n <> 0) r \
                    ON r.scope = t.scope AND r.bucket = t.k AND r.stripe = t.stripe WHERE t.n IS DISTINCT FROM r.n) \
              + (SELECT COUNT(*) FROM cents t FULL JOIN (SELECT * FROM rank_cents WHERE n <> 0) r \
                    ON r.scope = t.scope AND r.cents = t.k AND r.stripe = t.stripe WHERE t.n IS DISTINCT FROM r.n) \
              + (SELECT COUNT(*) FROM totals t FULL JOIN (SELECT * FROM guild_totals WHERE registered <> 0) r \
                    ON r.guild = t.guild AND r.stripe = t.stripe \
                    WHERE t.registered IS DISTINCT FROM r.registered \
                       OR t.active_members IS DISTINCT FROM r.active_members \
                       OR t.total_points IS DISTINCT FROM r.total_points) \
            AS BIGINT) AS n";
        let mismatches = self
            .query_one_as::<CountRow>(MISMATCHES, [])
            .await?
            .map_or(0, |r| r.n as u64);
        if repair && mismatches > 0 {
            let txn = self.db().begin().await?;
            txn.execute_unprepared("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
                .await?;
            txn.execute_unprepared(
                "TRUNCATE rank_hundreds, rank_buckets, rank_cents, guild_totals",
            )
            .await?;
            txn.execute_unprepared(
                "SELECT rank_apply(array_agg(guild), array_agg(points), array_agg(id), array_agg(1::BIGINT)) FROM users",
            )
            .await?;
            txn.commit().await?;
        }
        Ok(Some(mismatches))
    }

    /// Sets one participant's total to the sum of their activities. The row
    /// is locked first, so an activity being logged at the same moment is
    /// either counted in the sum or added after it, never lost.
    pub async fn recompute_total(&self, user_id: i64) -> StoreResult<Points> {
        let txn = self.db().begin().await?;
        if self.backend() == DbBackend::Postgres {
            txn.execute_raw(self.stmt(
                "SELECT id FROM users WHERE id = $1 FOR UPDATE",
                [user_id.into()],
            ))
            .await?;
        }
        let sum = SumRow::find_by_statement(self.stmt(
            "SELECT COALESCE(SUM(points), 0.0) AS total FROM activities WHERE user_id = $1",
            [user_id.into()],
        ))
        .one(&txn)
        .await?
        .map_or(Points::ZERO, |r| Points::new(r.total));
        txn.execute_raw(self.stmt(
            "UPDATE users SET points = $1, updated_at = $2 WHERE id = $3",
            [sum.value().into(), now().into(), user_id.into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(sum)
    }
}
