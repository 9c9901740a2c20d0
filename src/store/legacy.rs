//! The queries of the bot this product replaced, kept only so benchmarks
//! can run them next to ours on the same database in the same run.
//!
//! It ranked people on every request with two window functions over the
//! whole `users` table joined back to one row, aggregated guilds straight
//! from `users`, and logged an activity with two separate writes outside a
//! transaction (so a crash between them lost points).

use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult};

/// What the old personal summary returned.
#[derive(Debug, Clone, FromQueryResult)]
pub struct LegacySummary {
    pub points: Decimal,
    pub global_rank: i64,
    pub total: i64,
    pub guild_rank: i64,
    pub guild_total: i64,
}

#[derive(FromQueryResult)]
struct LegacyGuild {
    #[allow(dead_code)]
    guild: Option<String>,
}

impl Store {
    /// The old personal summary: ranks by sorting everyone, twice.
    pub async fn legacy_personal_summary(
        &self,
        user_id: i64,
    ) -> StoreResult<Option<LegacySummary>> {
        self.query_one_as::<LegacySummary>(
            "SELECT u.points AS points, g.global_rank AS global_rank, g.total AS total, \
                    r.guild_rank AS guild_rank, r.guild_total AS guild_total \
             FROM users u \
             JOIN (SELECT id, RANK() OVER (ORDER BY points DESC) AS global_rank, COUNT(*) OVER () AS total \
                   FROM users) g ON g.id = u.id \
             JOIN (SELECT id, RANK() OVER (PARTITION BY guild ORDER BY points DESC) AS guild_rank, \
                          COUNT(*) OVER (PARTITION BY guild) AS guild_total FROM users) r ON r.id = u.id \
             WHERE u.id = $1",
            [user_id.into()],
        )
        .await
    }

    /// The old guild aggregate, straight from `users`.
    pub async fn legacy_guild_standings(&self) -> StoreResult<usize> {
        let rows = self
            .query_all_as::<LegacyGuild>(
                "SELECT u.guild AS guild, COUNT(*) AS registered_users, SUM(u.points) AS total_points, \
                        AVG(u.points) AS avg_points \
                 FROM users u WHERE u.guild IS NOT NULL GROUP BY u.guild ORDER BY SUM(u.points) DESC",
                [],
            )
            .await?;
        Ok(rows.len())
    }

    /// The old top N: everyone ranked, then cut.
    pub async fn legacy_top(&self, limit: u64) -> StoreResult<usize> {
        let rows = self
            .query_all_as::<LegacyGuild>(
                "SELECT guild FROM (SELECT guild, points, RANK() OVER (ORDER BY points DESC) AS rank FROM users) ranked \
                 WHERE rank <= $1 ORDER BY rank",
                [(limit as i64).into()],
            )
            .await?;
        Ok(rows.len())
    }

    /// The old logging: two writes, no transaction.
    pub async fn legacy_log_activity(
        &self,
        user_id: i64,
        points: Decimal,
        date: chrono::NaiveDate,
    ) -> StoreResult<i64> {
        #[derive(FromQueryResult)]
        struct Id {
            id: i64,
        }
        let id = self
            .query_one_as::<Id>(
                "INSERT INTO activities (user_id, activity_type, duration, points, activity_date) \
                 VALUES ($1, 'Benchmark (Moderate)', 30, $2, $3) RETURNING id",
                [user_id.into(), points.into(), date.into()],
            )
            .await?
            .map_or(0, |r| r.id);
        self.db()
            .execute_raw(self.stmt(
                "UPDATE users SET points = points + $1 WHERE id = $2",
                [points.into(), user_id.into()],
            ))
            .await?;
        Ok(id)
    }

    /// Random participant ids, for benchmarks.
    pub async fn sample_participant_ids(&self, n: u64) -> StoreResult<Vec<i64>> {
        #[derive(FromQueryResult)]
        struct Id {
            id: i64,
        }
        #[derive(FromQueryResult)]
        struct Bounds {
            lo: Option<i64>,
            hi: Option<i64>,
        }
        let bounds = self
            .query_one_as::<Bounds>("SELECT MIN(id) AS lo, MAX(id) AS hi FROM users", [])
            .await?;
        let (Some(lo), Some(hi)) = bounds.map_or((None, None), |b| (b.lo, b.hi)) else {
            return Ok(Vec::new());
        };
        let mut ids = Vec::with_capacity(n as usize);
        let mut probe = lo;
        let step = ((hi - lo) / n.max(1) as i64).max(1);
        while ids.len() < n as usize && probe <= hi {
            if let Some(row) = self
                .query_one_as::<Id>(
                    "SELECT id FROM users WHERE id >= $1 ORDER BY id LIMIT 1",
                    [probe.into()],
                )
                .await?
            {
                ids.push(row.id);
            }
            probe += step;
        }
        Ok(ids)
    }
}
