//! Finding participants and activities: the filters behind the admin
//! panel's lists, the admin API's participant lookup and the exports.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{FromQueryResult, Value};

use super::entities::user;
use super::participants::Participant;
use super::{Store, StoreResult};

/// Which participants to list.
#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    /// Words each found in the first name, last name or username (in any
    /// order, without case or accents: "helmi li", "vaino"), or a whole
    /// Telegram id; empty lists everyone.
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
    /// Only the activities of participants whose names or username hold
    /// these words, in this order.
    pub who: Option<String>,
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
    /// Where it came from: `typed`, `file`, `import` or `admin`.
    pub source: String,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// `text` with LIKE's wildcards escaped (with `\\`), lower-cased.
pub(crate) fn escape_like(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

/// A LIKE pattern matching `text` anywhere, with its wildcards escaped.
pub(crate) fn contains_pattern(text: &str) -> String {
    format!("%{}%", escape_like(text))
}

const ACTIVITY_WHERE: &str = "($1 IS NULL OR u.guild = $1) \
     AND ($2 IS NULL OR a.activity_date >= $2) \
     AND ($3 IS NULL OR a.activity_date <= $3) \
     AND ($4 IS NULL OR LOWER(a.activity_type) LIKE $4 ESCAPE '\\') \
     AND ($5 IS NULL OR a.user_id = $5) \
     AND ($6 IS NULL OR u.search_text LIKE $6 ESCAPE '\\')";

impl ParticipantFilter {
    /// The `WHERE` clause and its values ($1, $2, …): every word found in
    /// `users.search_text` (see [`crate::domain::search`]), or the whole
    /// text as a Telegram id.
    fn clause(&self) -> (String, Vec<Value>) {
        let words = crate::domain::search::search_words(&self.text);
        let mut values: Vec<Value> = vec![self.guild.clone().into()];
        let mut clause = "($1 IS NULL OR guild = $1)".to_string();
        if words.is_empty() {
            return (clause, values);
        }
        let id = self.text.trim().parse::<i64>().ok();
        values.push(id.into());
        let typed: Vec<&str> = self.text.split_whitespace().collect();
        let matches: Vec<String> = words
            .iter()
            .zip(typed)
            .map(|(w, typed)| {
                if typed.starts_with('@') {
                    // "@name" is the start of a username.
                    values.push(format!("{}%", escape_like(w)).into());
                    format!(
                        "LOWER(COALESCE(username, '')) LIKE ${} ESCAPE '\\'",
                        values.len()
                    )
                } else {
                    values.push(contains_pattern(w).into());
                    format!("search_text LIKE ${} ESCAPE '\\'", values.len())
                }
            })
            .collect();
        clause.push_str(&format!(
            " AND (telegram_id = $2 OR ({}))",
            matches.join(" AND ")
        ));
        (clause, values)
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
            self.who
                .as_deref()
                .map(crate::domain::search::search_words)
                .filter(|w| !w.is_empty())
                .map(|words| {
                    let escaped: Vec<String> = words.iter().map(|w| escape_like(w)).collect();
                    format!("%{}%", escaped.join("%"))
                })
                .into(),
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
        let (clause, mut values) = filter.clause();
        values.push((limit as i64).into());
        values.push((offset as i64).into());
        let n = values.len();
        let rows = user::Model::find_by_statement(self.stmt(
            &format!(
                "SELECT id, telegram_id, username, first_name, last_name, guild, points, is_test_user, kept_from_cleanup, public_anonymous, created_at, updated_at \
                 FROM users WHERE {clause} ORDER BY points DESC, id LIMIT ${} OFFSET ${n}",
                n - 1
            ),
            values,
        ))
        .all(&self.db())
        .await?;
        Ok(rows.into_iter().map(Participant::from).collect())
    }

    /// How many participants match the filter.
    pub async fn count_matching_participants(
        &self,
        filter: &ParticipantFilter,
    ) -> StoreResult<u64> {
        let (clause, values) = filter.clause();
        Ok(self
            .query_one_as::<Count>(
                &format!("SELECT COUNT(*) AS n FROM users WHERE {clause}"),
                values,
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
                        a.created_at AS created_at, a.source AS source \
                 FROM activities a JOIN users u ON u.id = a.user_id WHERE {ACTIVITY_WHERE} \
                 ORDER BY a.activity_date DESC, a.id DESC LIMIT $7 OFFSET $8"
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
}
