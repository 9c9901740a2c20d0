//! Failed admin logins, by key (an account or a client address), shared
//! by every server instance on the database.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult, now};

#[derive(FromQueryResult)]
struct Window {
    n: i64,
    first: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct KeyWindow {
    key: String,
    n: i64,
    first: Option<DateTime<Utc>>,
}

impl Store {
    /// Counts a failed login against each key.
    pub async fn record_login_failure(&self, keys: &[String]) -> StoreResult<()> {
        let at = now();
        for key in keys {
            self.db()
                .execute_raw(self.stmt(
                    "INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)",
                    [key.clone().into(), at.into()],
                ))
                .await?;
        }
        Ok(())
    }

    /// How many failures `key` has had since `since`, and the first of them.
    pub async fn login_failures_since(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u64, Option<DateTime<Utc>>)> {
        let row = self
            .query_one_as::<Window>(
                "SELECT COUNT(*) AS n, MIN(failed_at) AS first FROM login_failures \
                 WHERE key = $1 AND failed_at >= $2",
                [key.into(), since.into()],
            )
            .await?;
        Ok(row.map_or((0, None), |r| (r.n as u64, r.first)))
    }

    /// Every key starting with `prefix` with at least `limit` failures
    /// since `since`, and the first failure of each.
    pub async fn keys_over_limit(
        &self,
        prefix: &str,
        limit: u64,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, DateTime<Utc>)>> {
        let rows = self
            .query_all_as::<KeyWindow>(
                "SELECT key, COUNT(*) AS n, MIN(failed_at) AS first FROM login_failures \
                 WHERE SUBSTR(key, 1, $1) = $2 AND failed_at >= $3 GROUP BY key",
                [
                    (prefix.chars().count() as i64).into(),
                    prefix.into(),
                    since.into(),
                ],
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.n as u64 >= limit)
            .filter_map(|r| r.first.map(|f| (r.key, f)))
            .collect())
    }

    /// Forgets `key`'s failures (a successful login, or an admin's unlock),
    /// and every failure older than `before` (no longer counted anyway).
    pub async fn clear_login_failures(&self, key: &str, before: DateTime<Utc>) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "DELETE FROM login_failures WHERE key = $1 OR failed_at < $2",
                [key.into(), before.into()],
            ))
            .await?;
        Ok(())
    }
}
