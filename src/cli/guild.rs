//! `guild add|list|rename|set-members|deactivate|activate|delete`.

use clap::Subcommand;

use crate::actions::guilds::{self, GuildChange};
use crate::actions::{ActionError, Actor};
use crate::app::App;
use crate::domain::GuildDraft;
use crate::domain::rules::guild_score_sentence;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Add a guild, open for registration.
    Add {
        name: String,
        /// The configured member count (the denominator of the guild's average).
        #[arg(long)]
        members: String,
    },
    /// List guilds with their standings.
    List,
    /// Rename a guild; its members follow.
    Rename { name: String, new_name: String },
    /// Change a guild's configured member count.
    SetMembers {
        name: String,
        members: String,
        /// Save a count below the number already registered in it.
        #[arg(long)]
        yes: bool,
    },
    /// Close a guild for registration (members and points stay).
    Deactivate { name: String },
    /// Open a guild for registration again.
    Activate { name: String },
    /// Delete a guild that has no members.
    Delete { name: String },
}

/// The command's names for the guild form's fields.
const FLAGS: &[(&str, &str)] = &[("name", "NAME"), ("member_count", "--members")];

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    let store = &app.store;
    match command {
        Command::Add { name, members } => {
            let draft = GuildDraft::parse(&name, &members)
                .map_err(|e| super::refused(ActionError::Invalid(e), FLAGS))?;
            let g = guilds::create(app, actor, &draft)
                .await
                .map_err(|e| super::refused(e, FLAGS))?;
            println!(
                "Added guild \"{}\" with {} configured members.",
                g.name, g.member_count
            );
        }
        Command::List => {
            let all = store.list_guilds().await?;
            if all.is_empty() {
                println!(
                    "No guilds yet: add one with `activity-challenge guild add NAME --members N`."
                );
                return Ok(());
            }
            let standings = store.guild_standings().await?;
            let composite = !standings.score.is_average();
            let score_header = if composite { "   score" } else { "" };
            println!(
                "{:<4} {:<32} {:>8} {:>10} {:>12} {:>9} {:>8}{score_header}",
                "rank", "guild", "members", "registered", "points", "average", "active"
            );
            for s in &standings {
                let score = if composite {
                    format!(" {:>7}", s.score)
                } else {
                    String::new()
                };
                println!(
                    "{:<4} {:<32} {:>8} {:>10} {:>12} {:>9} {:>7}%{score}",
                    s.rank,
                    s.name,
                    s.configured_members,
                    s.registered,
                    s.total_points.to_string(),
                    s.average.to_string(),
                    s.participation_percent()
                );
            }
            for g in all.iter().filter(|g| !g.active) {
                println!(
                    "{:<4} {:<32} {:>8}   (inactive: closed for registration)",
                    "-", g.name, g.member_count
                );
            }
            if composite {
                println!("{}", guild_score_sentence(standings.score));
            }
        }
        Command::Rename { name, new_name } => {
            let g = store.guild_by_name(&name).await?;
            let change = GuildChange {
                name: Some(new_name),
                ..GuildChange::default()
            };
            let g = guilds::update(app, actor, g.id, change)
                .await
                .map_err(|e| super::refused(e, FLAGS))?;
            println!(
                "Renamed \"{name}\" to \"{}\"; its members moved with it.",
                g.name
            );
        }
        Command::SetMembers { name, members, yes } => {
            let g = store.guild_by_name(&name).await?;
            let change = GuildChange {
                member_count: Some(members),
                confirmed: yes,
                ..GuildChange::default()
            };
            let g = match guilds::update(app, actor, g.id, change).await {
                Err(ActionError::NeedsConfirmation(message)) => {
                    anyhow::bail!("{message} Run again with --yes to save it.")
                }
                other => other.map_err(|e| super::refused(e, FLAGS))?,
            };
            println!(
                "\"{}\" now has {} configured members.",
                g.name, g.member_count
            );
        }
        Command::Deactivate { name } => {
            let g = store.guild_by_name(&name).await?;
            guilds::set_active(app, actor, g.id, false).await?;
            println!("\"{name}\" is closed for registration; its members and points stay.");
        }
        Command::Activate { name } => {
            let g = store.guild_by_name(&name).await?;
            guilds::set_active(app, actor, g.id, true).await?;
            println!("\"{name}\" is open for registration.");
        }
        Command::Delete { name } => {
            let g = store.guild_by_name(&name).await?;
            guilds::delete(app, actor, g.id).await?;
            println!("Deleted guild \"{name}\".");
        }
    }
    Ok(())
}
