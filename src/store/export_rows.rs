//! Row queries behind the CSV exports, streamed from the database so that
//! memory stays flat however many rows there are.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use futures_util::{Stream, StreamExt};
use rust_decimal::Decimal;
use sea_orm::{FromQueryResult, QueryResult, StreamTrait};

use super::search::ActivityFilter;
use super::{Store, StoreResult};
use crate::domain::Points;

/// One exported cell, typed, so that a spreadsheet gets numbers as numbers
/// and dates as dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// SQL NULL: an empty cell.
    Null,
    Int(i64),
    /// A decimal number (points, MET values, averages, shares).
    Num(Decimal),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    /// A moment, stored in UTC.
    Time(DateTime<Utc>),
}

impl Cell {
    /// The cell as plain text: numbers with a decimal point, dates as
    /// YYYY-MM-DD, moments as RFC 3339 in UTC; `None` for NULL.
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Int(v) => Some(v.to_string()),
            Cell::Num(v) => Some(v.to_string()),
            Cell::Text(v) => Some(v.clone()),
            Cell::Bool(v) => Some(v.to_string()),
            Cell::Date(v) => Some(v.to_string()),
            Cell::Time(v) => Some(v.to_rfc3339_opts(SecondsFormat::Secs, true)),
        }
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}

/// One exported row.
pub type ExportRow = Vec<Cell>;

/// The columns of the feedback export.
pub const FEEDBACK_COLUMNS: &[&str] = &[
    "id",
    "user_id",
    "username",
    "guild",
    "ease_of_use",
    "usefulness",
    "overall_satisfaction",
    "text_feedback",
    "reviewed",
    "created_at",
];

/// The columns of the audit-log export.
pub const AUDIT_COLUMNS: &[&str] = &[
    "id",
    "created_at",
    "actor_kind",
    "actor",
    "action",
    "target",
    "details",
];

/// The columns of the participants export (the guide's `username, guild,
/// points, created_at` and what identifies each row).
pub const PARTICIPANT_COLUMNS: &[&str] = &[
    "id",
    "telegram_id",
    "username",
    "first_name",
    "last_name",
    "guild",
    "points",
    "is_test_user",
    "created_at",
];

/// The columns of the activities export (every column of `activities`,
/// plus the participant's username and guild, and where it came from:
/// `typed`, `file`, `import` or `admin`).
pub const ACTIVITY_COLUMNS: &[&str] = &[
    "id",
    "user_id",
    "username",
    "guild",
    "activity_type",
    "compendium_code",
    "met",
    "duration",
    "points",
    "description",
    "activity_date",
    "created_at",
    "source",
];

/// The columns of the guild statistics export (the guide's `guild,
/// registered_users, total_points, avg_points` and the standings' figures).
pub const GUILD_COLUMNS: &[&str] = &[
    "guild",
    "registered_users",
    "total_points",
    "avg_points",
    "configured_members",
    "active_members",
    "average_per_configured_member",
    "participation",
];

#[derive(Clone, Copy)]
enum Kind {
    Int,
    /// An `INTEGER` column (four bytes on PostgreSQL).
    Int32,
    /// A `SMALLINT` column.
    Small,
    Text,
    Points,
    Met,
    Bool,
    Date,
    Timestamp,
}

const PARTICIPANT_KINDS: &[Kind] = &[
    Kind::Int,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Points,
    Kind::Bool,
    Kind::Timestamp,
];

const FEEDBACK_KINDS: &[Kind] = &[
    Kind::Int,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Small,
    Kind::Small,
    Kind::Small,
    Kind::Text,
    Kind::Bool,
    Kind::Timestamp,
];

const AUDIT_KINDS: &[Kind] = &[
    Kind::Int,
    Kind::Timestamp,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

const ACTIVITY_KINDS: &[Kind] = &[
    Kind::Int,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Met,
    Kind::Int32,
    Kind::Points,
    Kind::Text,
    Kind::Date,
    Kind::Timestamp,
    Kind::Text,
];

/// The SQL of the activities export, for comparing with `psql \copy`.
pub const ACTIVITY_EXPORT_SQL: &str = "SELECT a.id, a.user_id, u.username, u.guild, a.activity_type, a.compendium_code, \
            a.met, a.duration, a.points, a.description, a.activity_date, a.created_at, a.source \
     FROM activities a JOIN users u ON u.id = a.user_id";

/// The same columns from the archive; its rows outlive nothing else, but
/// the join keeps a row whose participant is gone.
const ARCHIVED_ACTIVITY_EXPORT_SQL: &str = "SELECT a.id, a.user_id, u.username, u.guild, a.activity_type, a.compendium_code, \
            a.met, a.duration, a.points, a.description, a.activity_date, a.created_at, a.source \
     FROM activities_archive a LEFT JOIN users u ON u.id = a.user_id";

fn decode(row: &QueryResult, kinds: &[Kind]) -> StoreResult<ExportRow> {
    let mut cells = Vec::with_capacity(kinds.len());
    for (i, kind) in kinds.iter().enumerate() {
        let cell: Cell = match kind {
            Kind::Int => row
                .try_get_by_index::<Option<i64>>(i)?
                .map(Cell::Int)
                .into(),
            Kind::Int32 => row
                .try_get_by_index::<Option<i32>>(i)?
                .map(|v| Cell::Int(i64::from(v)))
                .into(),
            Kind::Small => row
                .try_get_by_index::<Option<i16>>(i)?
                .map(|v| Cell::Int(i64::from(v)))
                .into(),
            Kind::Text => row.try_get_by_index::<Option<String>>(i)?.into(),
            Kind::Points => row
                .try_get_by_index::<Option<Decimal>>(i)?
                .map(|v| Cell::Num(Points::new(v).value()))
                .into(),
            Kind::Met => row
                .try_get_by_index::<Option<Decimal>>(i)?
                .map(|v| Cell::Num(v.round_dp(1)))
                .into(),
            Kind::Bool => row
                .try_get_by_index::<Option<bool>>(i)?
                .map(Cell::Bool)
                .into(),
            Kind::Date => row
                .try_get_by_index::<Option<NaiveDate>>(i)?
                .map(Cell::Date)
                .into(),
            Kind::Timestamp => row
                .try_get_by_index::<Option<DateTime<Utc>>>(i)?
                .map(Cell::Time)
                .into(),
        };
        cells.push(cell);
    }
    Ok(cells)
}

/// Filters for the exports.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Only this guild.
    pub guild: Option<String>,
    /// From this day (registration day for participants, the day given for
    /// feedback, activity day otherwise).
    pub from: Option<NaiveDate>,
    /// Up to and including this day.
    pub to: Option<NaiveDate>,
    /// Feedback: only reviewed (`true`) or unreviewed (`false`) submissions.
    pub reviewed: Option<bool>,
    /// The audit log's own filter (its moments already in UTC).
    pub audit: super::audit::AuditFilter,
}

impl ExportFilter {
    fn activity_filter(&self) -> ActivityFilter {
        ActivityFilter {
            guild: self.guild.clone(),
            from: self.from,
            to: self.to,
            activity: None,
            user_id: None,
            who: None,
        }
    }
}

fn day_start(day: Option<NaiveDate>) -> Option<DateTime<Utc>> {
    day.and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

impl Store {
    /// Streams the participants matching the filter, by id.
    pub async fn stream_participants_export<'a>(
        &'a self,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        let stmt = self.stmt(
            "SELECT id, telegram_id, username, first_name, last_name, guild, points, is_test_user, created_at \
             FROM users WHERE ($1 IS NULL OR guild = $1) AND ($2 IS NULL OR created_at >= $2) \
             AND ($3 IS NULL OR created_at < $3) ORDER BY id",
            [
                filter.guild.clone().into(),
                day_start(filter.from).into(),
                day_start(filter.to.and_then(|d| d.succ_opt())).into(),
            ],
        );
        let stream = self.pool.stream_raw(stmt).await?;
        Ok(stream.map(|row| decode(&row?, PARTICIPANT_KINDS)))
    }

    /// Streams the activities matching the filter, by id.
    pub async fn stream_activities_export<'a>(
        &'a self,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        self.stream_activity_rows(ACTIVITY_EXPORT_SQL, filter).await
    }

    /// Streams the archived activities (`activities_archive`) matching the
    /// filter, by id: ended seasons' entries stay exportable.
    pub async fn stream_archived_activities_export<'a>(
        &'a self,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        self.stream_activity_rows(ARCHIVED_ACTIVITY_EXPORT_SQL, filter)
            .await
    }

    /// The rows of `select` (live or archived activities, with the same
    /// columns) matching the filter, by id.
    async fn stream_activity_rows<'a>(
        &'a self,
        select: &str,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        let filter = filter.activity_filter();
        let stmt = self.stmt(
            &format!("{select} WHERE {} ORDER BY a.id", ActivityFilter::WHERE),
            filter.values(),
        );
        let stream = self.pool.stream_raw(stmt).await?;
        Ok(stream.map(|row| decode(&row?, ACTIVITY_KINDS)))
    }

    /// Streams the feedback matching the filter, by id.
    pub async fn stream_feedback_export<'a>(
        &'a self,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        let stmt = self.stmt(
            "SELECT f.id, f.user_id, u.username, u.guild, f.ease_of_use, f.usefulness, f.overall_satisfaction, \
                    f.text_feedback, f.reviewed, f.created_at \
             FROM feedback f JOIN users u ON u.id = f.user_id \
             WHERE ($1 IS NULL OR u.guild = $1) AND ($2 IS NULL OR f.created_at >= $2) \
             AND ($3 IS NULL OR f.created_at < $3) AND ($4 IS NULL OR f.reviewed = $4) ORDER BY f.id",
            [
                filter.guild.clone().into(),
                day_start(filter.from).into(),
                day_start(filter.to.and_then(|d| d.succ_opt())).into(),
                filter.reviewed.into(),
            ],
        );
        let stream = self.pool.stream_raw(stmt).await?;
        Ok(stream.map(|row| decode(&row?, FEEDBACK_KINDS)))
    }

    /// Streams the audit log's entries matching the filter, oldest first.
    pub async fn stream_audit_export<'a>(
        &'a self,
        filter: &ExportFilter,
    ) -> StoreResult<impl Stream<Item = StoreResult<ExportRow>> + Send + 'a> {
        let stmt = self.stmt(
            &format!(
                "SELECT id, created_at, actor_kind, actor, action, target, details FROM audit_log \
                 WHERE {} ORDER BY created_at, id",
                super::audit::FILTER_WHERE
            ),
            filter.audit.values(),
        );
        let stream = self.pool.stream_raw(stmt).await?;
        Ok(stream.map(|row| decode(&row?, AUDIT_KINDS)))
    }

    /// Per-guild statistics over the activities in the filter's days.
    pub async fn guild_stats_export(&self, filter: &ExportFilter) -> StoreResult<Vec<ExportRow>> {
        #[derive(FromQueryResult)]
        struct Row {
            guild: String,
            configured_members: i32,
            registered_users: i64,
            active_members: i64,
            total_points: Decimal,
        }
        let rows = self
            .query_all_as::<Row>(
                "SELECT g.name AS guild, g.member_count AS configured_members, COUNT(u.id) AS registered_users, \
                        COALESCE(SUM(CASE WHEN p.points > 0 THEN 1 ELSE 0 END), 0) AS active_members, \
                        COALESCE(SUM(p.points), 0.0) AS total_points \
                 FROM guilds g LEFT JOIN users u ON u.guild = g.name \
                 LEFT JOIN (SELECT user_id, SUM(points) AS points FROM activities \
                            WHERE ($2 IS NULL OR activity_date >= $2) AND ($3 IS NULL OR activity_date <= $3) \
                            GROUP BY user_id) p ON p.user_id = u.id \
                 WHERE ($1 IS NULL OR g.name = $1) \
                 GROUP BY g.name, g.member_count ORDER BY g.name",
                [filter.guild.clone().into(), filter.from.into(), filter.to.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let total = Points::new(r.total_points);
                let avg = if r.registered_users > 0 {
                    Points::new(total.value() / Decimal::from(r.registered_users)).value()
                } else {
                    Points::ZERO.value()
                };
                let configured = Decimal::from(r.configured_members.max(1));
                let per_member = (total.value() / configured).round_dp_with_strategy(
                    1,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                let participation = (Decimal::from(r.active_members) / configured)
                    .round_dp_with_strategy(
                        4,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    );
                vec![
                    Cell::Text(r.guild),
                    Cell::Int(r.registered_users),
                    Cell::Num(total.value()),
                    Cell::Num(avg),
                    Cell::Int(i64::from(r.configured_members)),
                    Cell::Int(r.active_members),
                    Cell::Num(per_member),
                    Cell::Num(participation),
                ]
            })
            .collect())
    }
}
