//! Read queries behind the admin panel: participant search, activity
//! filters, the guild table and the dashboard's figures.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{FromQueryResult, Value};

use super::entities::user;
use super::participants::Participant;
use super::standings::GuildFigures;
use super::{Store, StoreResult};
use crate::domain::{GuildStanding, Points, guild_standings};

/// Which participants to list.
#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    /// Part of a first or last name or username (case-insensitive), or a
    /// whole Telegram id; empty lists everyone.
    pub text: String,
    /// Only this guild's members.
    pub guild: Option<String>,
}

/// Which activities to list or export.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Only this guild's members' activities.
    pub guild: Option<String>,
    /// Activities on or after this day.
    pub from: Option<NaiveDate>,
    /// Activities on or before this day.
    pub to: Option<NaiveDate>,
    /// Part of the activity's name (case-insensitive).
    pub activity: Option<String>,
    /// Only this participant's activities.
    pub user_id: Option<i64>,
}

/// An activity with who logged it, for the moderation list.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ActivityRow {
    pub id: i64,
    pub user_id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub guild: Option<String>,
    pub activity_type: String,
    pub duration: i32,
    pub points: Decimal,
    pub description: Option<String>,
    pub activity_date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// One guild in the admin's table, active or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildOverview {
    pub id: i64,
    pub active: bool,
    /// Rank, average and participation, computed as for the public standings.
    pub standing: GuildStanding,
}

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

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(FromQueryResult)]
struct Figures {
    participants: i64,
    active_participants: i64,
    activities_today: i64,
    activities_week: i64,
    total_points: Decimal,
}

/// A LIKE pattern matching `text` anywhere, with its wildcards escaped.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

const PARTICIPANT_WHERE: &str = "($1 = '' \
      OR LOWER(first_name) LIKE $2 ESCAPE '\\' \
      OR LOWER(COALESCE(last_name, '')) LIKE $2 ESCAPE '\\' \
      OR LOWER(COALESCE(username, '')) LIKE $2 ESCAPE '\\' \
      OR telegram_id = $3) \
     AND ($4 IS NULL OR guild = $4)";

const ACTIVITY_WHERE: &str = "($1 IS NULL OR u.guild = $1) \
     AND ($2 IS NULL OR a.activity_date >= $2) \
     AND ($3 IS NULL OR a.activity_date <= $3) \
     AND ($4 IS NULL OR LOWER(a.activity_type) LIKE $4 ESCAPE '\\') \
     AND ($5 IS NULL OR a.user_id = $5)";

impl ParticipantFilter {
    fn values(&self) -> Vec<Value> {
        let text = self.text.trim();
        let bare = text.strip_prefix('@').unwrap_or(text);
        vec![
            bare.to_string().into(),
            contains_pattern(bare).into(),
            bare.parse::<i64>().ok().into(),
            self.guild.clone().into(),
        ]
    }
}

impl ActivityFilter {
    pub(crate) fn values(&self) -> Vec<Value> {
        vec![
            self.guild.clone().into(),
            self.from.into(),
            self.to.into(),
            self.activity
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(contains_pattern)
                .into(),
            self.user_id.into(),
        ]
    }

    pub(crate) const WHERE: &'static str = ACTIVITY_WHERE;
}

impl Store {
    /// A page of participants matching the filter, most points first.
    pub async fn search_participants(
        &self,
        filter: &ParticipantFilter,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<Participant>> {
        let mut values = filter.values();
        values.push((limit as i64).into());
        values.push((offset as i64).into());
        let rows = user::Model::find_by_statement(self.stmt(
            &format!(
                "SELECT id, telegram_id, username, first_name, last_name, guild, points, is_test_user, created_at, updated_at \
                 FROM users WHERE {PARTICIPANT_WHERE} ORDER BY points DESC, id LIMIT $5 OFFSET $6"
            ),
            values,
        ))
        .all(&self.db)
        .await?;
        Ok(rows.into_iter().map(Participant::from).collect())
    }

    /// How many participants match the filter.
    pub async fn count_matching_participants(
        &self,
        filter: &ParticipantFilter,
    ) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>(
                &format!("SELECT COUNT(*) AS n FROM users WHERE {PARTICIPANT_WHERE}"),
                filter.values(),
            )
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// A page of activities matching the filter, newest first.
    pub async fn filter_activities(
        &self,
        filter: &ActivityFilter,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<ActivityRow>> {
        let mut values = filter.values();
        values.push((limit as i64).into());
        values.push((offset as i64).into());
        self.query_all_as(
            &format!(
                "SELECT a.id AS id, a.user_id AS user_id, u.first_name AS first_name, u.username AS username, \
                        u.guild AS guild, a.activity_type AS activity_type, a.duration AS duration, \
                        a.points AS points, a.description AS description, a.activity_date AS activity_date, \
                        a.created_at AS created_at \
                 FROM activities a JOIN users u ON u.id = a.user_id WHERE {ACTIVITY_WHERE} \
                 ORDER BY a.activity_date DESC, a.id DESC LIMIT $6 OFFSET $7"
            ),
            values,
        )
        .await
    }

    /// How many activities match the filter.
    pub async fn count_filtered_activities(&self, filter: &ActivityFilter) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>(
                &format!(
                    "SELECT COUNT(*) AS n FROM activities a JOIN users u ON u.id = a.user_id WHERE {ACTIVITY_WHERE}"
                ),
                filter.values(),
            )
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// Every guild, active or not, with its figures; ranked as the public
    /// standings rank them.
    pub async fn guild_overview(&self) -> StoreResult<Vec<GuildOverview>> {
        let figures = self.guild_figures(false).await?;
        let standings = guild_standings(figures.iter().map(GuildFigures::totals).collect());
        Ok(standings
            .into_iter()
            .filter_map(|standing| {
                figures
                    .iter()
                    .find(|f| f.name == standing.name)
                    .map(|f| GuildOverview {
                        id: f.id,
                        active: f.active,
                        standing,
                    })
            })
            .collect())
    }

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
}
