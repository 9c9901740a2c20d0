//! The audit log: who did what, when, to what.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Store, StoreResult, now};

/// One admin action.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AuditEntry {
    pub id: i64,
    pub admin_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub details: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An action about to be logged.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    /// The admin's account, when the action came from the panel.
    pub admin_id: Option<i64>,
    /// Who acted: an admin's username, or `cli` for the command line.
    pub actor: &'a str,
    /// A short verb such as `guild.create`.
    pub action: &'a str,
    /// What it was done to, e.g. `guild #3 "Tietokilta"`.
    pub target: Option<String>,
    /// Anything else worth keeping (the reason given, the old values).
    pub details: Option<String>,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// Keeps a text within a column's width, on a character boundary.
fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

impl Store {
    /// Writes one entry to the audit log.
    pub async fn record_audit(&self, entry: NewAuditEntry<'_>) -> StoreResult<()> {
        self.db
            .execute_raw(self.stmt(
                "INSERT INTO audit_log (admin_id, actor, action, target, details, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    entry.admin_id.into(),
                    clip(entry.actor.to_string(), 64).into(),
                    clip(entry.action.to_string(), 64).into(),
                    entry.target.map(|t| clip(t, 256)).into(),
                    entry.details.into(),
                    now().into(),
                ],
            ))
            .await?;
        Ok(())
    }

    /// A page of the audit log, newest first.
    pub async fn list_audit(&self, offset: u64, limit: u64) -> StoreResult<Vec<AuditEntry>> {
        self.query_all_as(
            "SELECT id, admin_id, actor, action, target, details, created_at FROM audit_log \
             ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
            [(limit as i64).into(), (offset as i64).into()],
        )
        .await
    }

    /// How many entries the audit log has.
    pub async fn count_audit(&self) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>("SELECT COUNT(*) AS n FROM audit_log", [])
            .await?
            .map_or(0, |c| c.n as u64))
    }
}
