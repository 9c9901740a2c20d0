//! Who does an action.

use std::fmt;

use crate::domain::AdminRole;

/// The kind of actor, as the audit log and the metrics label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// An organiser signed in to the admin panel.
    Admin,
    /// Someone at the command line.
    Cli,
    /// A script holding an API token.
    Api,
    /// A participant, through the bot or the Mini App.
    Participant,
    /// The server's own scheduled jobs.
    Scheduler,
    /// The server itself at start-up (the first admin from the environment).
    System,
}

impl ActorKind {
    /// The label stored and shown: `admin`, `cli`, `api`, `participant`,
    /// `scheduler` or `system`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Admin => "admin",
            ActorKind::Cli => "cli",
            ActorKind::Api => "api",
            ActorKind::Participant => "participant",
            ActorKind::Scheduler => "scheduler",
            ActorKind::System => "system",
        }
    }

    /// Every kind, for metrics exported at zero and filters.
    pub const ALL: [ActorKind; 6] = [
        ActorKind::Admin,
        ActorKind::Cli,
        ActorKind::Api,
        ActorKind::Participant,
        ActorKind::Scheduler,
        ActorKind::System,
    ];
}

/// Who does an action: what the audit log records and what rules apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// An organiser in the admin panel, with what their role allows.
    Admin {
        id: i64,
        username: String,
        role: AdminRole,
    },
    /// A person at the command line: their user name on the host.
    Cli { user: String, host: String },
    /// An API token, by its name.
    ApiToken { id: i64, name: String },
    /// A participant acting on their own data.
    Participant { id: i64, telegram_id: i64 },
    /// A scheduled job of the server.
    Scheduler,
    /// The server itself at start-up.
    System,
}

impl Actor {
    /// The person running this command-line process, from `USER` (or
    /// `LOGNAME`) and the host name.
    pub fn cli() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_string());
        Actor::Cli { user, host }
    }

    /// What kind of actor this is.
    pub fn kind(&self) -> ActorKind {
        match self {
            Actor::Admin { .. } => ActorKind::Admin,
            Actor::Cli { .. } => ActorKind::Cli,
            Actor::ApiToken { .. } => ActorKind::Api,
            Actor::Participant { .. } => ActorKind::Participant,
            Actor::Scheduler => ActorKind::Scheduler,
            Actor::System => ActorKind::System,
        }
    }

    /// The name the audit log shows.
    pub fn name(&self) -> String {
        match self {
            Actor::Admin { username, .. } => username.clone(),
            Actor::Cli { user, host } => format!("cli:{user}@{host}"),
            Actor::ApiToken { name, .. } => format!("api-token:{name}"),
            Actor::Participant { id, .. } => format!("participant #{id}"),
            Actor::Scheduler => "scheduler".to_string(),
            Actor::System => "startup".to_string(),
        }
    }

    /// The admin account, when an admin acts in the panel.
    pub fn admin_id(&self) -> Option<i64> {
        match self {
            Actor::Admin { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// Whether this actor organises the competition (rather than takes part).
    pub fn is_organiser(&self) -> bool {
        !matches!(self, Actor::Participant { .. })
    }

    /// Whether this actor may do what needs `role`: an admin as far as
    /// their role reaches; the command line, API tokens, the scheduler and
    /// the server itself are the operators' own tools and may do all; a
    /// participant none of it.
    pub fn may(&self, role: AdminRole) -> bool {
        match self {
            Actor::Admin { role: own, .. } => *own >= role,
            Actor::Participant { .. } => false,
            Actor::Cli { .. } | Actor::ApiToken { .. } | Actor::Scheduler | Actor::System => true,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_who_and_from_where() {
        let cli = Actor::Cli {
            user: "ops".into(),
            host: "box".into(),
        };
        assert_eq!(cli.name(), "cli:ops@box");
        assert_eq!(cli.kind().as_str(), "cli");
        assert_eq!(
            Actor::ApiToken {
                id: 1,
                name: "ci".into()
            }
            .name(),
            "api-token:ci"
        );
        let viewer = Actor::Admin {
            id: 3,
            username: "anna".into(),
            role: AdminRole::Viewer,
        };
        assert_eq!(viewer.admin_id(), Some(3));
        assert!(viewer.may(AdminRole::Viewer) && !viewer.may(AdminRole::Organiser));
        assert!(cli.may(AdminRole::DatabaseAdmin));
        assert!(
            !Actor::Participant {
                id: 1,
                telegram_id: 2
            }
            .is_organiser()
        );
    }
}
