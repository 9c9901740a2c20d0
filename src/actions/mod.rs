//! The use cases: one function per thing a person or a job can do.
//!
//! Every frontend — the bot, the admin panel, the JSON API, the command
//! line and the scheduler — parses its input into domain values, names the
//! [`Actor`], calls the action here and renders what comes back. An action
//! applies the rules (from [`crate::domain`]), writes through
//! [`crate::store`] and, in the same transaction, its audit entry; after the
//! commit it counts itself in the metrics. A refused or failed action leaves
//! no write, no audit entry and no metric behind. Errors come back as one
//! [`ActionError`], which each frontend maps once.
//!
//! Participants' own logging and feedback are their own record (the rows
//! say who and when); everything else — registrations, deletions, every
//! organiser's and job's change — is in the audit log.

pub mod activities;
mod actor;
pub mod admins;
pub mod announcements;
pub mod api_tokens;
pub mod competitions;
pub mod database;
mod error;
pub mod exports;
pub mod favourites;
pub mod feedback;
pub mod guilds;
pub mod imports;
pub mod login_limits;
pub mod milestones;
pub mod participants;
pub mod queue;
pub mod reminders;
pub mod reviews;
pub mod test_users;
pub mod workouts;

pub use actor::{Actor, ActorKind};
pub use error::{ActionError, ActionResult, describe};

use crate::app::App;
use crate::domain::AdminRole;
use crate::msg;
use crate::store::audit::NewAuditEntry;
use crate::store::{Store, StoreTx};

/// What an action writes to the audit log.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// A short verb such as `guild.create`.
    pub action: &'static str,
    /// What it was done to, e.g. `guild #3 "Tietokilta"` (none for what an
    /// actor does about themselves, such as logging in).
    pub target: Option<String>,
    /// Anything else worth keeping: the values before and after, a reason.
    pub details: Option<String>,
    /// The participant it is about, for their timeline.
    pub participant_id: Option<i64>,
}

impl Record {
    pub(crate) fn new(action: &'static str, target: impl Into<String>) -> Record {
        Record {
            action,
            target: Some(target.into()),
            details: None,
            participant_id: None,
        }
    }

    /// A record about the actor themselves.
    pub(crate) fn about_actor(action: &'static str) -> Record {
        Record {
            action,
            target: None,
            details: None,
            participant_id: None,
        }
    }

    pub(crate) fn details(mut self, details: impl Into<String>) -> Record {
        let details = details.into();
        self.details = (!details.is_empty()).then_some(details);
        self
    }

    /// Marks the entry as about this participant (their timeline shows it).
    pub(crate) fn about(mut self, participant_id: i64) -> Record {
        self.participant_id = Some(participant_id);
        self
    }
}

/// Refuses an actor whose role does not reach `role`, naming what would.
pub(crate) fn require(actor: &Actor, role: AdminRole) -> ActionResult<()> {
    if actor.may(role) {
        return Ok(());
    }
    Err(ActionError::Forbidden(match actor {
        Actor::Admin { role: own, .. } => {
            msg!("err-role-too-low", own = own.name(), needed = role.name())
        }
        _ => msg!("err-organisers-only"),
    }))
}

/// Writes the audit entry through `store` (a transaction or the pool).
pub(crate) async fn write_record(
    store: &Store,
    actor: &Actor,
    record: &Record,
) -> ActionResult<()> {
    store
        .record_audit(NewAuditEntry {
            admin_id: actor.admin_id(),
            actor_kind: actor.kind().as_str(),
            actor: &actor.name(),
            action: record.action,
            target: record.target.clone(),
            details: record.details.clone(),
            participant_id: record.participant_id,
        })
        .await?;
    Ok(())
}

/// Writes the audit entry in the change's transaction, commits both, then
/// counts the action.
pub(crate) async fn commit(
    app: &App,
    tx: StoreTx,
    actor: &Actor,
    record: Record,
) -> ActionResult<()> {
    write_record(&tx, actor, &record).await?;
    tx.commit().await?;
    app.metrics
        .action_done(record.action, actor.kind().as_str());
    Ok(())
}

/// Records an action whose effect is outside the database (a file written,
/// a download started), once that effect has happened.
pub(crate) async fn record(app: &App, actor: &Actor, record: Record) -> ActionResult<()> {
    write_record(&app.store, actor, &record).await?;
    app.metrics
        .action_done(record.action, actor.kind().as_str());
    Ok(())
}

/// A target's name in the audit log, quoted without escapes.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}
