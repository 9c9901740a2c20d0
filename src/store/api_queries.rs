//! Queries behind the JSON API: a paginated public leaderboard and a
//! participant's own history.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::FromQueryResult;

use super::{Store, StoreResult};
use crate::domain::Points;
use crate::domain::activity_mix::LoggedKind;

/// A public leaderboard row: no Telegram id, username or last name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicLeader {
    pub rank: u64,
    pub first_name: String,
    pub guild: Option<String>,
    pub points: Points,
}

/// Every participant's points before a window and per day inside it.
#[derive(Debug, Clone, Default)]
pub struct PointsHistory {
    /// Cents from activities done before the window, per participant.
    pub before: HashMap<i64, i64>,
    /// `(participant, day, cents)` inside the window.
    pub daily: Vec<(i64, NaiveDate, i64)>,
}

#[derive(FromQueryResult)]
struct LeaderRow {
    first_name: String,
    guild: Option<String>,
    points: Decimal,
    rank: i64,
}

#[derive(FromQueryResult)]
struct UserSum {
    user_id: i64,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct UserDaySum {
    user_id: i64,
    activity_date: NaiveDate,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct KindRow {
    code: String,
    n: i64,
    minutes: i64,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct GuildGain {
    guild: String,
    points: Decimal,
}

impl Store {
    /// Points each guild's members logged for dates on or after `since`.
    pub async fn guild_points_since(&self, since: NaiveDate) -> StoreResult<Vec<(String, Points)>> {
        let rows = self
            .query_all_as::<GuildGain>(
                "SELECT u.guild AS guild, COALESCE(SUM(a.points), 0.0) AS points \
                 FROM activities a JOIN users u ON u.id = a.user_id \
                 WHERE a.activity_date >= $1 AND u.guild IS NOT NULL GROUP BY u.guild",
                [since.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.guild, Points::new(r.points)))
            .collect())
    }

    /// A page of the leaderboard with `RANK()` ranks, ties in registration order.
    pub async fn public_leaderboard(
        &self,
        limit: u64,
        offset: u64,
    ) -> StoreResult<Vec<PublicLeader>> {
        let rows = self
            .query_all_as::<LeaderRow>(
                "SELECT first_name, guild, points, RANK() OVER (ORDER BY points DESC) AS rank \
                 FROM users ORDER BY points DESC, id ASC LIMIT $1 OFFSET $2",
                [(limit as i64).into(), (offset as i64).into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| PublicLeader {
                rank: r.rank as u64,
                first_name: r.first_name,
                guild: r.guild,
                points: Points::new(r.points),
            })
            .collect())
    }

    /// Everyone's points before `from` and per day from `from` to `to`.
    pub async fn points_history(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<PointsHistory> {
        let before = self
            .query_all_as::<UserSum>(
                "SELECT user_id, SUM(points) AS points FROM activities \
                 WHERE activity_date < $1 GROUP BY user_id",
                [from.into()],
            )
            .await?;
        let daily = self
            .query_all_as::<UserDaySum>(
                "SELECT user_id, activity_date, SUM(points) AS points FROM activities \
                 WHERE activity_date >= $1 AND activity_date <= $2 \
                 GROUP BY user_id, activity_date",
                [from.into(), to.into()],
            )
            .await?;
        Ok(PointsHistory {
            before: before
                .into_iter()
                .map(|r| (r.user_id, Points::new(r.points).cents()))
                .collect(),
            daily: daily
                .into_iter()
                .map(|r| (r.user_id, r.activity_date, Points::new(r.points).cents()))
                .collect(),
        })
    }

    /// One participant's activities summed per Compendium code.
    pub async fn logged_kinds(&self, user_id: i64) -> StoreResult<Vec<LoggedKind>> {
        let rows = self
            .query_all_as::<KindRow>(
                "SELECT COALESCE(compendium_code, '') AS code, COUNT(*) AS n, \
                        CAST(SUM(duration) AS BIGINT) AS minutes, SUM(points) AS points \
                 FROM activities WHERE user_id = $1 GROUP BY compendium_code",
                [user_id.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| LoggedKind {
                compendium_code: r.code,
                count: r.n as u64,
                minutes: r.minutes.max(0) as u64,
                points: Points::new(r.points),
            })
            .collect())
    }
}
