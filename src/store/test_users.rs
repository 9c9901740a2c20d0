//! Test-user cleanup: the operations guide's patterns (username `test%`,
//! first name `Test%`) plus everyone marked as a test user.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait, Value};

use super::{Store, StoreError, StoreResult};
use crate::domain::Points;

/// A participant the cleanup would remove, with what would go with them.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CleanupCandidate {
    pub id: i64,
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub guild: Option<String>,
    pub points: Decimal,
    pub is_test_user: bool,
    pub activities: i64,
    pub created_at: DateTime<Utc>,
}

/// What a confirmed cleanup removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanupResult {
    pub participants: u64,
    pub activities: u64,
    pub points: Points,
    /// The removed participants' ids and names, for the audit log.
    pub removed: Vec<(i64, String)>,
}

// SUBSTR compares exactly on both backends, where LIKE's case rules differ.
// Someone an organiser unmarked is a real participant whatever their name.
const CANDIDATE: &str = "(u.is_test_user OR (NOT u.kept_from_cleanup \
                         AND (SUBSTR(COALESCE(u.username, ''), 1, 4) = 'test' \
                         OR SUBSTR(u.first_name, 1, 4) = 'Test')))";

impl Store {
    /// Everyone the cleanup would remove, with their activities and points.
    pub async fn cleanup_preview(&self) -> StoreResult<Vec<CleanupCandidate>> {
        self.query_all_as(
            &format!(
                "SELECT u.id AS id, u.telegram_id AS telegram_id, u.username AS username, u.first_name AS first_name, \
                        u.guild AS guild, u.points AS points, u.is_test_user AS is_test_user, \
                        (SELECT COUNT(*) FROM activities a WHERE a.user_id = u.id) AS activities, \
                        u.created_at AS created_at \
                 FROM users u WHERE {CANDIDATE} ORDER BY u.id"
            ),
            [],
        )
        .await
    }

    /// Deletes the given participants, in one transaction, provided each
    /// still matches the cleanup's patterns (an id that does not is
    /// refused, and nothing is deleted).
    pub async fn cleanup_delete(&self, ids: &[i64]) -> StoreResult<CleanupResult> {
        #[derive(FromQueryResult)]
        struct Totals {
            activities: i64,
            points: Decimal,
        }
        #[derive(FromQueryResult)]
        struct Removed {
            id: i64,
            first_name: String,
        }
        if ids.is_empty() {
            return Err(StoreError::Rejected(crate::msg!("err-cleanup-none-ticked")));
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let list = placeholders.join(", ");
        let values: Vec<Value> = ids.iter().map(|&id| id.into()).collect();
        let txn = self.db().begin().await?;
        let matching = Removed::find_by_statement(self.stmt(
            &format!("SELECT u.id AS id, u.first_name AS first_name FROM users u WHERE u.id IN ({list}) AND {CANDIDATE} ORDER BY u.id"),
            values.clone(),
        ))
        .all(&txn)
        .await?;
        if matching.len() != {
            let mut unique = ids.to_vec();
            unique.sort_unstable();
            unique.dedup();
            unique.len()
        } {
            return Err(StoreError::Rejected(crate::msg!("err-cleanup-changed")));
        }
        let totals = Totals::find_by_statement(self.stmt(
            &format!(
                "SELECT (SELECT COUNT(*) FROM activities WHERE user_id IN ({list})) AS activities, \
                        (SELECT COALESCE(SUM(points), 0.0) FROM users WHERE id IN ({list})) AS points"
            ),
            values.clone(),
        ))
        .one(&txn)
        .await?
        .unwrap_or(Totals {
            activities: 0,
            points: Decimal::ZERO,
        });
        // Activities and feedback go through the foreign keys' ON DELETE CASCADE.
        let deleted = txn
            .execute_raw(self.stmt(&format!("DELETE FROM users WHERE id IN ({list})"), values))
            .await?
            .rows_affected();
        txn.commit().await?;
        Ok(CleanupResult {
            participants: deleted,
            activities: totals.activities as u64,
            points: Points::new(totals.points),
            removed: matching.into_iter().map(|r| (r.id, r.first_name)).collect(),
        })
    }
}
