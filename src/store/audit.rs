//! The audit log: who did what, when, to what.
//!
//! Entries are written by the actions layer, in the same transaction as the
//! change they describe (through a [`StoreTx`](super::StoreTx)), so a change
//! without its entry, or an entry without its change, cannot be committed.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use super::{Store, StoreResult, now};

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AuditEntry {
    pub id: i64,
    pub admin_id: Option<i64>,
    /// `admin`, `cli`, `api`, `participant`, `scheduler` or `system`.
    pub actor_kind: String,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub details: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An action about to be logged.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    /// The admin's account, when an admin acted in the panel.
    pub admin_id: Option<i64>,
    /// Who acted, by kind: `admin`, `cli`, `api`, `participant`,
    /// `scheduler` or `system`.
    pub actor_kind: &'a str,
    /// Who acted: an admin's username, `cli:user@host`, `api-token:NAME`…
    pub actor: &'a str,
    /// A short verb such as `guild.create`.
    pub action: &'a str,
    /// What it was done to, e.g. `guild #3 "Tietokilta"`.
    pub target: Option<String>,
    /// Anything else worth keeping (the reason given, the old values).
    pub details: Option<String>,
    /// The participant the entry is about, for their timeline.
    pub participant_id: Option<i64>,
}

/// Who acted, for an entry written into another database (a restore
/// records itself in the database it restored, whose admin accounts may
/// differ, so no account is linked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub kind: String,
    pub name: String,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Actions starting with this (`guild.` lists every guild action).
    pub action: Option<String>,
    /// Only this kind of actor.
    pub actor_kind: Option<String>,
    /// Actors whose name contains this (case-insensitive).
    pub actor: Option<String>,
    /// Entries at or after this moment.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this moment.
    pub to: Option<DateTime<Utc>>,
    /// Leave out logins, failed and blocked logins and logouts.
    pub hide_sign_ins: bool,
}

pub(super) const FILTER_WHERE: &str = "($1 IS NULL OR action LIKE $1 ESCAPE '\\') \
     AND ($2 IS NULL OR actor_kind = $2) \
     AND ($3 IS NULL OR LOWER(actor) LIKE $3 ESCAPE '\\') \
     AND ($4 IS NULL OR created_at >= $4) \
     AND ($5 IS NULL OR created_at < $5) \
     AND ($6 = 0 OR (action NOT LIKE 'login%' AND action <> 'logout'))";

impl AuditFilter {
    pub(super) fn values(&self) -> Vec<Value> {
        let prefix = self.action.as_deref().map(|a| {
            let mut p = super::search::escape_like(a.trim());
            p.push('%');
            p
        });
        vec![
            prefix.into(),
            self.actor_kind.clone().into(),
            self.actor
                .as_deref()
                .map(|a| super::search::contains_pattern(a.trim()))
                .into(),
            self.from.into(),
            self.to.into(),
            i32::from(self.hide_sign_ins).into(),
        ]
    }
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(FromQueryResult)]
struct Name {
    action: String,
}

/// Keeps a text within a column's width, on a character boundary.
fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

impl Store {
    /// Writes one entry to the audit log (inside the caller's transaction
    /// when this store is a [`StoreTx`](super::StoreTx)).
    pub async fn record_audit(&self, entry: NewAuditEntry<'_>) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO audit_log (admin_id, actor_kind, actor, action, target, details, created_at, participant_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    entry.admin_id.into(),
                    clip(entry.actor_kind.to_string(), 16).into(),
                    clip(entry.actor.to_string(), 64).into(),
                    clip(entry.action.to_string(), 64).into(),
                    entry.target.map(|t| clip(t, 256)).into(),
                    entry.details.into(),
                    now().into(),
                    entry.participant_id.into(),
                ],
            ))
            .await?;
        Ok(())
    }

    /// A page of the audit log, newest first.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let mut values = filter.values();
        values.push((limit as i64).into());
        values.push((offset as i64).into());
        self.query_all_as(
            &format!(
                "SELECT id, admin_id, actor_kind, actor, action, target, details, created_at FROM audit_log \
                 WHERE {FILTER_WHERE} ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8"
            ),
            values,
        )
        .await
    }

    /// How many entries match the filter.
    pub async fn count_audit(&self, filter: &AuditFilter) -> StoreResult<u64> {
        Ok(self
            .query_one_as::<Count>(
                &format!("SELECT COUNT(*) AS n FROM audit_log WHERE {FILTER_WHERE}"),
                filter.values(),
            )
            .await?
            .map_or(0, |c| c.n as u64))
    }

    /// The newest entries about one participant, for their timeline.
    pub async fn participant_audit(
        &self,
        participant_id: i64,
        limit: u64,
    ) -> StoreResult<Vec<AuditEntry>> {
        self.query_all_as(
            "SELECT id, admin_id, actor_kind, actor, action, target, details, created_at FROM audit_log \
             WHERE participant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
            [participant_id.into(), (limit as i64).into()],
        )
        .await
    }

    /// The action names that occur in the log, for a filter's choices.
    pub async fn audit_actions(&self) -> StoreResult<Vec<String>> {
        Ok(self
            .query_all_as::<Name>("SELECT DISTINCT action FROM audit_log ORDER BY action", [])
            .await?
            .into_iter()
            .map(|n| n.action)
            .collect())
    }
}
