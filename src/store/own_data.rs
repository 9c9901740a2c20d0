//! Everything stored about one participant, read in one go for their own
//! copy: the rows as the database holds them, every column.

use sea_orm::{FromQueryResult, JsonValue};

use super::{Store, StoreResult};

/// One participant's rows, table by table.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnRows {
    /// Their row of `users`.
    pub profile: Option<JsonValue>,
    /// The language they chose in the bot (`bot_languages`).
    pub language: Option<JsonValue>,
    /// Where their conversation with the bot stands (`bot_dialogues`).
    pub dialogue: Option<JsonValue>,
    /// `activities`, oldest first.
    pub activities: Vec<JsonValue>,
    /// `activities_archive`: entries of earlier competitions.
    pub archived_activities: Vec<JsonValue>,
    /// `feedback`.
    pub feedback: Vec<JsonValue>,
    /// `favourites`: the activities pinned to the bot's menu.
    pub favourites: Vec<JsonValue>,
    /// `season_results`: the final place in each ended season.
    pub season_results: Vec<JsonValue>,
    /// `activity_flags`: their entries flagged for review, and what the
    /// organisers decided.
    pub review_flags: Vec<JsonValue>,
    /// `person_notices`: what the bot tells them (or told them).
    pub notices: Vec<JsonValue>,
    /// `person_settings`: their reminder hour, weekly digest, and whether
    /// Telegram could reach them.
    pub settings: Option<JsonValue>,
}

impl Store {
    /// Every row stored about participant `user_id` (Telegram id
    /// `telegram_id`).
    pub async fn own_rows(&self, user_id: i64, telegram_id: i64) -> StoreResult<OwnRows> {
        Ok(OwnRows {
            profile: self
                .json_row("SELECT * FROM users WHERE id = $1", user_id)
                .await?,
            language: self
                .json_row(
                    "SELECT * FROM bot_languages WHERE telegram_id = $1",
                    telegram_id,
                )
                .await?,
            dialogue: self
                .json_row(
                    "SELECT * FROM bot_dialogues WHERE chat_id = $1",
                    telegram_id,
                )
                .await?,
            activities: self
                .json_rows(
                    "SELECT * FROM activities WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            archived_activities: self
                .json_rows(
                    "SELECT * FROM activities_archive WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            feedback: self
                .json_rows(
                    "SELECT * FROM feedback WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            favourites: self
                .json_rows(
                    "SELECT * FROM favourites WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            season_results: self
                .json_rows(
                    "SELECT * FROM season_results WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            review_flags: self
                .json_rows(
                    "SELECT * FROM activity_flags WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            notices: self
                .json_rows(
                    "SELECT * FROM person_notices WHERE user_id = $1 ORDER BY id",
                    user_id,
                )
                .await?,
            settings: self
                .json_row("SELECT * FROM person_settings WHERE user_id = $1", user_id)
                .await?,
        })
    }

    async fn json_row(&self, sql: &str, id: i64) -> StoreResult<Option<JsonValue>> {
        Ok(JsonValue::find_by_statement(self.stmt(sql, [id.into()]))
            .one(&self.db())
            .await?)
    }

    async fn json_rows(&self, sql: &str, id: i64) -> StoreResult<Vec<JsonValue>> {
        Ok(JsonValue::find_by_statement(self.stmt(sql, [id.into()]))
            .all(&self.db())
            .await?)
    }
}
