//! Activity over time: the dashboard's counts, activities per day, the
//! most logged activities, everyone's daily points (for ranks over time)
//! and one participant's activities summed by kind.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::FromQueryResult;

use super::{Store, StoreResult};
use crate::domain::Points;
use crate::domain::activity_mix::LoggedKind;

/// The dashboard's headline figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardCounts {
    pub participants: u64,
    /// Participants with points.
    pub active_participants: u64,
    pub activities_today: u64,
    /// Activities in the seven days ending today.
    pub activities_week: u64,
    pub total_points: Points,
}

/// How many activities fell on one day.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct DayCount {
    pub day: NaiveDate,
    pub n: i64,
}

/// How often one activity was logged.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ActivityMix {
    pub activity_type: String,
    pub n: i64,
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
struct Figures {
    participants: i64,
    active_participants: i64,
    activities_today: i64,
    activities_week: i64,
    total_points: Decimal,
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

impl Store {
    /// The dashboard's figures; "today" is the competition's calendar day.
    pub async fn dashboard_counts(&self, today: NaiveDate) -> StoreResult<DashboardCounts> {
        let week_start = today - chrono::Days::new(6);
        let f = self
            .query_one_as::<Figures>(
                "SELECT (SELECT COUNT(*) FROM users) AS participants, \
                        (SELECT COUNT(*) FROM users WHERE points > 0) AS active_participants, \
                        (SELECT COUNT(*) FROM activities WHERE activity_date = $1) AS activities_today, \
                        (SELECT COUNT(*) FROM activities WHERE activity_date >= $2 AND activity_date <= $1) AS activities_week, \
                        (SELECT COALESCE(SUM(points), 0.0) FROM users) AS total_points",
                [today.into(), week_start.into()],
            )
            .await?;
        Ok(f.map_or(
            DashboardCounts {
                participants: 0,
                active_participants: 0,
                activities_today: 0,
                activities_week: 0,
                total_points: Points::ZERO,
            },
            |f| DashboardCounts {
                participants: f.participants as u64,
                active_participants: f.active_participants as u64,
                activities_today: f.activities_today as u64,
                activities_week: f.activities_week as u64,
                total_points: Points::new(f.total_points),
            },
        ))
    }

    /// Activities per day between two days (days without any are left out).
    pub async fn activities_per_day(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<DayCount>> {
        self.query_all_as(
            "SELECT activity_date AS day, COUNT(*) AS n FROM activities \
             WHERE activity_date >= $1 AND activity_date <= $2 \
             GROUP BY activity_date ORDER BY activity_date",
            [from.into(), to.into()],
        )
        .await
    }

    /// The most logged activities between two days.
    pub async fn activity_mix(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: u64,
    ) -> StoreResult<Vec<ActivityMix>> {
        self.query_all_as(
            "SELECT activity_type, COUNT(*) AS n FROM activities \
             WHERE activity_date >= $1 AND activity_date <= $2 \
             GROUP BY activity_type ORDER BY n DESC, activity_type LIMIT $3",
            [from.into(), to.into(), (limit as i64).into()],
        )
        .await
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

    /// The Compendium codes logged most often (all time), most first.
    pub async fn most_logged_codes(&self, limit: u64) -> StoreResult<Vec<String>> {
        #[derive(FromQueryResult)]
        struct CodeRow {
            code: String,
        }
        let rows = self
            .query_all_as::<CodeRow>(
                "SELECT compendium_code AS code FROM activities \
                 WHERE compendium_code IS NOT NULL \
                 GROUP BY compendium_code ORDER BY COUNT(*) DESC, compendium_code LIMIT $1",
                [(limit as i64).into()],
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.code).collect())
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
