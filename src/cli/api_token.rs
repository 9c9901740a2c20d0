//! `api-token create|list|revoke`: bearer tokens for the admin API.

use clap::Subcommand;

use crate::store::Store;
use crate::store::admin_audit::NewAuditEntry;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Create a token and print it (shown this once; only its hash is kept).
    Create {
        /// What the token is for, e.g. "nightly export".
        name: String,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by id; it stops working at once.
    Revoke { id: i64 },
}

pub(super) async fn run(store: &Store, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Create { name } => {
            let created = store.create_api_token(&name).await?;
            audit(store, "api_token.create", &created.token.name).await?;
            eprintln!(
                "Created API token {} ({}). Copy it now: it is not shown again.",
                created.token.id, created.token.name
            );
            println!("{}", created.secret);
        }
        Command::List => {
            let tokens = store.list_api_tokens().await?;
            if tokens.is_empty() {
                println!(
                    "No API tokens. Create one with `activity-challenge api-token create NAME`."
                );
            }
            for t in tokens {
                let state = match t.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
                    None => "active".to_string(),
                };
                let used = t.last_used_at.map_or("never used".to_string(), |at| {
                    format!("last used {}", at.format("%Y-%m-%d %H:%M"))
                });
                println!(
                    "{:>4}  {}…  {}  created {}  {}  {}",
                    t.id,
                    t.prefix,
                    t.name,
                    t.created_at.format("%Y-%m-%d %H:%M"),
                    used,
                    state
                );
            }
        }
        Command::Revoke { id } => {
            let token = store.revoke_api_token(id).await?;
            audit(store, "api_token.revoke", &token.name).await?;
            println!("Revoked API token {} ({}).", token.id, token.name);
        }
    }
    Ok(())
}

async fn audit(store: &Store, action: &str, name: &str) -> anyhow::Result<()> {
    store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor: "cli",
            action,
            target: Some(name.to_string()),
            details: None,
        })
        .await?;
    Ok(())
}
