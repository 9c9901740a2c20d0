//! The bot's dialogue state, one serialized value per chat, so that a
//! restart in the middle of a wizard resumes where the person was.
//!
//! On PostgreSQL the state is written with asynchronous commit: a write
//! returns without waiting for its WAL record to reach the disk, and is
//! visible to the next read at once. Only a crash of the database server
//! itself can lose the last fraction of a second of such writes, which sends
//! a person back a step in a wizard; nothing else is written that way.

use std::sync::OnceLock;

use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, FromQueryResult, IdenStatic, Iterable, QueryResult,
};

use super::competitions::Competition;
use super::entities::{competition, user};
use super::participants::Participant;
use super::{Store, StoreResult, now};

#[derive(FromQueryResult)]
struct StateRow {
    state: String,
}

/// What the handling of one update in a private chat starts from, read in
/// one round trip: the chat's stored dialogue state, the person's
/// registration and the active competition.
#[derive(Debug, Clone)]
pub struct ChatContext {
    /// The stored dialogue state (JSON), if the chat has one.
    pub dialogue_state: Option<String>,
    /// The participant with the person's Telegram id, if registered.
    pub participant: Option<Participant>,
    /// The active competition, if any.
    pub active_competition: Option<Competition>,
    /// The language code the person chose with `/language`, if they did.
    pub language: Option<String>,
    /// Telegram refused to deliver to the participant (they had blocked
    /// the bot); writing to it again makes them reachable.
    pub unreachable: bool,
}

impl FromQueryResult for ChatContext {
    fn from_query_result(row: &QueryResult, _pre: &str) -> Result<Self, DbErr> {
        let participant = match row.try_get::<Option<i64>>("u_", "id")? {
            Some(_) => Some(user::Model::from_query_result(row, "u_")?.into()),
            None => None,
        };
        let active_competition = match row.try_get::<Option<i64>>("c_", "id")? {
            Some(_) => Some(competition::Model::from_query_result(row, "c_")?.into()),
            None => None,
        };
        Ok(ChatContext {
            dialogue_state: row.try_get("", "d_state")?,
            language: row.try_get("", "l_language")?,
            unreachable: row.try_get::<Option<i64>>("", "ps_unreachable")?.is_some(),
            participant,
            active_competition,
        })
    }
}

/// `alias.column AS alias_column, …` for every column of an entity.
fn columns<C: IdenStatic + Iterable>(alias: &str) -> String {
    C::iter()
        .map(|c| format!("{alias}.{0} AS {alias}_{0}", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn chat_context_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        format!(
            "SELECT d.state AS d_state, l.language AS l_language, \
             CASE WHEN ps.unreachable_at IS NULL THEN NULL ELSE u.id END AS ps_unreachable, {}, {} \
             FROM (SELECT 1 AS one) x \
             LEFT JOIN bot_dialogues d ON d.chat_id = $1 \
             LEFT JOIN users u ON u.telegram_id = $2 \
             LEFT JOIN person_settings ps ON ps.user_id = u.id \
             LEFT JOIN bot_languages l ON l.telegram_id = $2 \
             LEFT JOIN (SELECT * FROM competitions WHERE is_active = TRUE LIMIT 1) c ON 1 = 1",
            columns::<user::Column>("u"),
            columns::<competition::Column>("c"),
        )
    })
}

impl Store {
    /// The stored state of a chat's dialogue.
    pub async fn dialogue_state(&self, chat_id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .query_one_as::<StateRow>(
                "SELECT state FROM bot_dialogues WHERE chat_id = $1",
                [chat_id.into()],
            )
            .await?
            .map(|r| r.state))
    }

    /// A chat's dialogue state, the registration of the person with
    /// `telegram_id`, their chosen language and the active competition, in
    /// one query.
    pub async fn chat_context(&self, chat_id: i64, telegram_id: i64) -> StoreResult<ChatContext> {
        Ok(self
            .query_one_as::<ChatContext>(chat_context_sql(), [chat_id.into(), telegram_id.into()])
            .await?
            .expect("a query over a one-row table returns a row"))
    }

    /// Stores (or replaces) a chat's dialogue state.
    ///
    /// On PostgreSQL this one statement commits without waiting for the
    /// disk (`synchronous_commit` off for its own transaction only). A
    /// wizard step is not data: if the database server itself crashes, the
    /// last fraction of a second of steps may be lost and a person finds the
    /// wizard a step back. Nothing logged can be lost that way: logging
    /// commits synchronously, which also makes every earlier step durable
    /// (the write-ahead log is flushed in order), and a confirmation
    /// repeated from an older step carries the same idempotency key.
    pub async fn save_dialogue_state(&self, chat_id: i64, state: &str) -> StoreResult<()> {
        let sql = match self.backend() {
            DbBackend::Postgres => {
                "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) \
                 INSERT INTO bot_dialogues (chat_id, state, updated_at) SELECT $1, $2, $3 FROM relaxed \
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
            }
            _ => {
                "INSERT INTO bot_dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
            }
        };
        self.db()
            .execute_raw(self.stmt(sql, [chat_id.into(), state.into(), now().into()]))
            .await?;
        Ok(())
    }

    /// Forgets a chat's dialogue (it ended).
    pub async fn remove_dialogue_state(&self, chat_id: i64) -> StoreResult<bool> {
        let sql = match self.backend() {
            DbBackend::Postgres => {
                "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS v) \
                 DELETE FROM bot_dialogues WHERE chat_id = $1 AND EXISTS (SELECT v FROM relaxed)"
            }
            _ => "DELETE FROM bot_dialogues WHERE chat_id = $1",
        };
        let result = self
            .db()
            .execute_raw(self.stmt(sql, [chat_id.into()]))
            .await?;
        Ok(result.rows_affected() > 0)
    }
}
