//! A teloxide dialogue [`Storage`] over the store's `bot_dialogues` table,
//! so dialogues survive restarts and are shared by every instance.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use super::state::{Saved, State};
use crate::store::{Store, StoreError};

/// Why a dialogue could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DialogueStorageError {
    /// The database failed.
    #[error("dialogue storage: {0}")]
    Store(#[from] StoreError),
    /// A stored state could not be written as JSON.
    #[error("dialogue state could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Dialogue states kept in the database.
#[derive(Debug, Clone)]
pub struct DbStorage {
    store: Store,
}

impl DbStorage {
    /// A storage over `store`.
    pub fn new(store: Store) -> Arc<DbStorage> {
        Arc::new(DbStorage { store })
    }
}

impl Storage<Saved> for DbStorage {
    type Error = DialogueStorageError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            self.store.remove_dialogue_state(chat_id.0).await?;
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: Saved,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            if dialogue.state == State::Idle {
                self.store.remove_dialogue_state(chat_id.0).await?;
            } else {
                let json = serde_json::to_string(&dialogue)?;
                self.store.save_dialogue_state(chat_id.0, &json).await?;
            }
            Ok(())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<Saved>, Self::Error>> {
        Box::pin(async move {
            let Some(json) = self.store.dialogue_state(chat_id.0).await? else {
                return Ok(None);
            };
            Ok(decode(chat_id, &json))
        })
    }
}

/// A stored dialogue state read back. A state written by an older or newer
/// version that no longer reads back starts the person afresh (`None`)
/// instead of failing forever.
pub fn decode(chat_id: ChatId, json: &str) -> Option<Saved> {
    match serde_json::from_str(json) {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!(chat = chat_id.0, error = %e, "discarding an unreadable dialogue state");
            None
        }
    }
}
