//! The queries of the bot this product replaced, kept only so benchmarks
//! can run them next to ours on the same database in the same run. They
//! speak SQL through the store's connection directly: they are the old
//! bot's code, not the product's.
//!
//! It ranked people on every request with two window functions over the
//! whole `users` table joined back to one row, aggregated guilds straight
//! from `users`, and logged an activity with two separate writes outside a
//! transaction (so a crash between them lost points).

use activity_challenge::store::Store;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement, Value};

/// What the old personal summary returned (the benchmark compares only the
/// ranks, but the old query read every column).
#[derive(Debug, Clone, FromQueryResult)]
#[allow(dead_code)]
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

fn stmt(store: &Store, sql: &str, values: impl IntoIterator<Item = Value>) -> Statement {
    Statement::from_sql_and_values(store.backend(), sql, values)
}

/// The old personal summary: ranks by sorting everyone, twice.
pub async fn personal_summary(store: &Store, user_id: i64) -> Result<Option<LegacySummary>, DbErr> {
    LegacySummary::find_by_statement(stmt(
        store,
        "SELECT u.points AS points, g.global_rank AS global_rank, g.total AS total, \
                r.guild_rank AS guild_rank, r.guild_total AS guild_total \
         FROM users u \
         JOIN (SELECT id, RANK() OVER (ORDER BY points DESC) AS global_rank, COUNT(*) OVER () AS total \
               FROM users) g ON g.id = u.id \
         JOIN (SELECT id, RANK() OVER (PARTITION BY guild ORDER BY points DESC) AS guild_rank, \
                      COUNT(*) OVER (PARTITION BY guild) AS guild_total FROM users) r ON r.id = u.id \
         WHERE u.id = $1",
        [user_id.into()],
    ))
    .one(store.connection())
    .await
}

/// The old guild aggregate, straight from `users`.
pub async fn guild_standings(store: &Store) -> Result<usize, DbErr> {
    let rows = LegacyGuild::find_by_statement(stmt(
        store,
        "SELECT u.guild AS guild, COUNT(*) AS registered_users, SUM(u.points) AS total_points, \
                AVG(u.points) AS avg_points \
         FROM users u WHERE u.guild IS NOT NULL GROUP BY u.guild ORDER BY SUM(u.points) DESC",
        [],
    ))
    .all(store.connection())
    .await?;
    Ok(rows.len())
}

/// The old top N: everyone ranked, then cut.
pub async fn top(store: &Store, limit: u64) -> Result<usize, DbErr> {
    let rows = LegacyGuild::find_by_statement(stmt(
        store,
        "SELECT guild FROM (SELECT guild, points, RANK() OVER (ORDER BY points DESC) AS rank FROM users) ranked \
         WHERE rank <= $1 ORDER BY rank",
        [(limit as i64).into()],
    ))
    .all(store.connection())
    .await?;
    Ok(rows.len())
}

/// The old logging: two writes, no transaction.
pub async fn log_activity(
    store: &Store,
    user_id: i64,
    points: Decimal,
    date: chrono::NaiveDate,
) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let id = Id::find_by_statement(stmt(
        store,
        "INSERT INTO activities (user_id, activity_type, duration, points, activity_date) \
         VALUES ($1, 'Benchmark (Moderate)', 30, $2, $3) RETURNING id",
        [user_id.into(), points.into(), date.into()],
    ))
    .one(store.connection())
    .await?
    .map_or(0, |r| r.id);
    store
        .connection()
        .execute_raw(stmt(
            store,
            "UPDATE users SET points = points + $1 WHERE id = $2",
            [points.into(), user_id.into()],
        ))
        .await?;
    Ok(id)
}
