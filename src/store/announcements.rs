//! Announcements: the organiser's text, its audience, and one queued
//! message per recipient (key `announcement:ID:USER`), written together.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use super::{Store, StoreResult};
use crate::domain::announcement::Audience;

/// A sent (or sending) announcement.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Announcement {
    pub id: i64,
    pub body: String,
    /// As [`Audience`] prints it.
    pub audience: String,
    pub recipients: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// Where an announcement's messages are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Delivered.
    pub sent: i64,
    /// Not yet sent (or being sent, or waiting for another try).
    pub waiting: i64,
    /// Failed every try, or perhaps delivered by an instance that stopped.
    pub failed: i64,
    /// The person blocked the bot.
    pub unreachable: i64,
    /// Called off.
    pub cancelled: i64,
}

impl Progress {
    /// Whether nothing is left to send.
    pub fn finished(&self) -> bool {
        self.waiting == 0
    }
}

#[derive(FromQueryResult)]
struct StateCount {
    state: String,
    jobs: i64,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

const COLUMNS: &str = "id, body, audience, recipients, created_by, created_at, cancelled_at";

/// The recipients' filter: real participants who can be reached, and the
/// audience's own condition. `$1` is the guild or the first day that
/// counts as active.
fn audience_filter(audience: &Audience, first_active_day: NaiveDate) -> (String, Option<Value>) {
    let base = "NOT u.is_test_user AND NOT EXISTS (SELECT 1 FROM person_settings s \
                WHERE s.user_id = u.id AND s.unreachable_at IS NOT NULL)";
    match audience {
        Audience::Everyone => (base.to_string(), None),
        Audience::Guild(name) => (
            format!("{base} AND u.guild = $1"),
            Some(name.clone().into()),
        ),
        Audience::Inactive(_) => (
            format!(
                "{base} AND NOT EXISTS (SELECT 1 FROM activities a \
                 WHERE a.user_id = u.id AND a.activity_date >= $1)"
            ),
            Some(first_active_day.into()),
        ),
    }
}

impl Store {
    /// How many participants `audience` reaches now.
    pub async fn count_audience(
        &self,
        audience: &Audience,
        first_active_day: NaiveDate,
    ) -> StoreResult<i64> {
        let (filter, value) = audience_filter(audience, first_active_day);
        let n = self
            .query_one_as::<Count>(
                &format!("SELECT COUNT(*) AS n FROM users u WHERE {filter}"),
                value,
            )
            .await?;
        Ok(n.map(|c| c.n).unwrap_or(0))
    }

    /// Records an announcement and queues its message to each recipient,
    /// in one statement per table; call inside a transaction.
    pub async fn create_announcement(
        &self,
        body: &str,
        payload: &str,
        audience: &Audience,
        first_active_day: NaiveDate,
        created_by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Announcement> {
        let created = self
            .query_one_as::<Announcement>(
                &format!(
                    "INSERT INTO announcements (body, audience, recipients, created_by, created_at) \
                     VALUES ($1, $2, 0, $3, $4) RETURNING {COLUMNS}"
                ),
                [
                    body.into(),
                    audience.to_string().into(),
                    created_by.into(),
                    now.into(),
                ],
            )
            .await?
            .ok_or_else(|| sea_orm::DbErr::RecordNotInserted)?;
        let (filter, value) = audience_filter(audience, first_active_day);
        let mut values: Vec<Value> = value.into_iter().collect();
        let n = values.len();
        values.extend([
            created.id.into(),
            format!("announcement:{}:", created.id).into(),
            payload.into(),
            now.into(),
        ]);
        let queued = self
            .db()
            .execute_raw(self.stmt(
                &format!(
                    "INSERT INTO jobs (queue, kind, job_key, payload, chat_id, user_id, \
                     announcement_id, state, attempts, run_at, created_at) \
                     SELECT 'message', 'announcement', ${key} || CAST(u.id AS TEXT), ${payload}, \
                     u.telegram_id, u.id, ${id}, 'waiting', 0, ${now}, ${now} \
                     FROM users u WHERE {filter} ORDER BY u.id \
                     ON CONFLICT (job_key) DO NOTHING",
                    id = n + 1,
                    key = n + 2,
                    payload = n + 3,
                    now = n + 4,
                ),
                values,
            ))
            .await?
            .rows_affected();
        self.db()
            .execute_raw(self.stmt(
                "UPDATE announcements SET recipients = $1 WHERE id = $2",
                [(queued as i32).into(), created.id.into()],
            ))
            .await?;
        Ok(Announcement {
            recipients: queued as i32,
            ..created
        })
    }

    /// An announcement.
    pub async fn announcement(&self, id: i64) -> StoreResult<Option<Announcement>> {
        self.query_one_as(
            &format!("SELECT {COLUMNS} FROM announcements WHERE id = $1"),
            [id.into()],
        )
        .await
    }

    /// The latest announcements, newest first.
    pub async fn announcements(&self, limit: u64) -> StoreResult<Vec<Announcement>> {
        self.query_all_as(
            &format!("SELECT {COLUMNS} FROM announcements ORDER BY id DESC LIMIT $1"),
            [(limit as i64).into()],
        )
        .await
    }

    /// Where an announcement's messages are.
    pub async fn announcement_progress(&self, id: i64) -> StoreResult<Progress> {
        let counts = self
            .query_all_as::<StateCount>(
                "SELECT state, COUNT(*) AS jobs FROM jobs WHERE announcement_id = $1 GROUP BY state",
                [id.into()],
            )
            .await?;
        let mut p = Progress::default();
        for c in counts {
            match c.state.as_str() {
                "done" => p.sent += c.jobs,
                "waiting" | "running" | "sending" => p.waiting += c.jobs,
                "unreachable" => p.unreachable += c.jobs,
                "cancelled" => p.cancelled += c.jobs,
                _ => p.failed += c.jobs,
            }
        }
        Ok(p)
    }

    /// Calls off the messages of an announcement not yet sent; returns how
    /// many, or `None` when it was cancelled before.
    pub async fn cancel_announcement(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<u64>> {
        let marked = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE announcements SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL",
                [now.into(), id.into()],
            ))
            .await?;
        if marked.rows_affected() == 0 {
            return Ok(None);
        }
        let called_off = self
            .db()
            .execute_raw(self.stmt(
                "UPDATE jobs SET state = 'cancelled', finished_at = $1 \
                 WHERE announcement_id = $2 AND state = 'waiting'",
                [now.into(), id.into()],
            ))
            .await?;
        Ok(Some(called_off.rows_affected()))
    }
}
