//! The bot's dialogue state, one serialized value per chat, so that a
//! restart in the middle of a wizard resumes where the person was.

use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult, now};

#[derive(FromQueryResult)]
struct StateRow {
    state: String,
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

    /// Stores (or replaces) a chat's dialogue state.
    pub async fn save_dialogue_state(&self, chat_id: i64, state: &str) -> StoreResult<()> {
        self.db
            .execute_raw(self.stmt(
                "INSERT INTO bot_dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                [chat_id.into(), state.into(), now().into()],
            ))
            .await?;
        Ok(())
    }

    /// Forgets a chat's dialogue (it ended).
    pub async fn remove_dialogue_state(&self, chat_id: i64) -> StoreResult<bool> {
        let result = self
            .db
            .execute_raw(self.stmt(
                "DELETE FROM bot_dialogues WHERE chat_id = $1",
                [chat_id.into()],
            ))
            .await?;
        Ok(result.rows_affected() > 0)
    }
}
