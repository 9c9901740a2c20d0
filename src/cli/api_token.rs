//! `api-token create|list|revoke`: bearer tokens for the admin API.

use clap::Subcommand;

use crate::actions::{self, Actor};
use crate::app::App;

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

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Create { name } => {
            let created = actions::api_tokens::create(app, actor, &name).await?;
            eprintln!(
                "Created API token {} ({}). Copy it now: it is not shown again.",
                created.token.id, created.token.name
            );
            println!("{}", created.secret);
        }
        Command::List => {
            let tokens = app.store.list_api_tokens().await?;
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
            let token = actions::api_tokens::revoke(app, actor, id).await?;
            println!("Revoked API token {} ({}).", token.id, token.name);
        }
    }
    Ok(())
}
