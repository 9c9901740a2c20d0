//! The language each Telegram user chose with `/language`, by Telegram id,
//! registered or not. Without a row the bot follows their Telegram app.

use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult, now};

#[derive(FromQueryResult)]
struct LanguageRow {
    language: String,
}

impl Store {
    /// The language code a Telegram user chose, if they chose one.
    pub async fn bot_language(&self, telegram_id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .query_one_as::<LanguageRow>(
                "SELECT language FROM bot_languages WHERE telegram_id = $1",
                [telegram_id.into()],
            )
            .await?
            .map(|r| r.language))
    }

    /// Remembers the language code a Telegram user chose.
    pub async fn set_bot_language(&self, telegram_id: i64, language: &str) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO bot_languages (telegram_id, language, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (telegram_id) DO UPDATE SET language = excluded.language, \
                 updated_at = excluded.updated_at",
                [telegram_id.into(), language.into(), now().into()],
            ))
            .await?;
        Ok(())
    }

    /// Forgets a Telegram user's choice (their account was deleted).
    pub async fn forget_bot_language(&self, telegram_id: i64) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "DELETE FROM bot_languages WHERE telegram_id = $1",
                [telegram_id.into()],
            ))
            .await?;
        Ok(())
    }
}
