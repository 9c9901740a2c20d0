//! Favourites: activities a participant pinned from their history, in the
//! order pinned, each a catalogue entry at a duration.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult, now};

/// One pinned activity.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Favourite {
    pub id: i64,
    pub user_id: i64,
    /// The catalogue entry (activity and intensity).
    pub compendium_code: String,
    /// Minutes, as in the entry pinned.
    pub duration: i32,
    pub created_at: DateTime<Utc>,
}

impl Favourite {
    /// The duration in minutes as the bot's buttons carry it.
    pub fn minutes(&self) -> u16 {
        self.duration.clamp(1, i32::from(u16::MAX)) as u16
    }
}

const COLUMNS: &str = "id, user_id, compendium_code, duration, created_at";

impl Store {
    /// A participant's favourites, in the order they were pinned.
    pub async fn favourites(&self, user_id: i64) -> StoreResult<Vec<Favourite>> {
        self.query_all_as(
            &format!("SELECT {COLUMNS} FROM favourites WHERE user_id = $1 ORDER BY id"),
            [user_id.into()],
        )
        .await
    }

    /// Pins the entry `code` at `minutes` for a participant; pinned already,
    /// it keeps its place and takes the new duration.
    pub async fn pin_favourite(
        &self,
        user_id: i64,
        code: &str,
        minutes: u16,
    ) -> StoreResult<Favourite> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO favourites (user_id, compendium_code, duration, created_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, compendium_code) DO UPDATE SET duration = excluded.duration",
                [
                    user_id.into(),
                    code.into(),
                    i32::from(minutes).into(),
                    now().into(),
                ],
            ))
            .await?;
        let pinned = self
            .query_one_as::<Favourite>(
                &format!(
                    "SELECT {COLUMNS} FROM favourites WHERE user_id = $1 AND compendium_code = $2"
                ),
                [user_id.into(), code.into()],
            )
            .await?;
        pinned.ok_or_else(|| super::StoreError::NotFound(crate::msg!("err-favourite-not-pinned")))
    }

    /// Unpins the entry `code`; false when it was not pinned.
    pub async fn unpin_favourite(&self, user_id: i64, code: &str) -> StoreResult<bool> {
        let done = self
            .db()
            .execute_raw(self.stmt(
                "DELETE FROM favourites WHERE user_id = $1 AND compendium_code = $2",
                [user_id.into(), code.into()],
            ))
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
