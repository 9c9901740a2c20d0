//! `guild add|list|rename|set-members|deactivate|activate|delete`.

use clap::Subcommand;

use super::competition::fields;
use crate::domain::GuildDraft;
use crate::store::Store;

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
    SetMembers { name: String, members: String },
    /// Close a guild for registration (members and points stay).
    Deactivate { name: String },
    /// Open a guild for registration again.
    Activate { name: String },
    /// Delete a guild that has no members.
    Delete { name: String },
}

pub(super) async fn run(store: &Store, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Add { name, members } => {
            let draft = GuildDraft::parse(&name, &members).map_err(fields)?;
            let g = store.create_guild(&draft).await?;
            println!(
                "Added guild {:?} with {} configured members.",
                g.name, g.member_count
            );
        }
        Command::List => {
            let guilds = store.list_guilds().await?;
            if guilds.is_empty() {
                println!(
                    "No guilds yet: add one with `activity-challenge guild add NAME --members N`."
                );
                return Ok(());
            }
            let standings = store.guild_standings().await?;
            println!(
                "{:<4} {:<32} {:>8} {:>10} {:>12} {:>9} {:>8}",
                "rank", "guild", "members", "registered", "points", "average", "active"
            );
            for s in &standings {
                println!(
                    "{:<4} {:<32} {:>8} {:>10} {:>12} {:>9} {:>7}%",
                    s.rank,
                    s.name,
                    s.configured_members,
                    s.registered,
                    s.total_points.to_string(),
                    s.average.to_string(),
                    s.participation_percent()
                );
            }
            for g in guilds.iter().filter(|g| !g.active) {
                println!(
                    "{:<4} {:<32} {:>8}   (inactive: closed for registration)",
                    "-", g.name, g.member_count
                );
            }
        }
        Command::Rename { name, new_name } => {
            let g = store.guild_by_name(&name).await?;
            let draft =
                GuildDraft::parse(&new_name, &g.member_count.to_string()).map_err(fields)?;
            let g = store.update_guild(g.id, &draft).await?;
            println!(
                "Renamed {name:?} to {:?}; its members moved with it.",
                g.name
            );
        }
        Command::SetMembers { name, members } => {
            let g = store.guild_by_name(&name).await?;
            let draft = GuildDraft::parse(&g.name, &members).map_err(fields)?;
            let g = store.update_guild(g.id, &draft).await?;
            println!(
                "{:?} now has {} configured members.",
                g.name, g.member_count
            );
        }
        Command::Deactivate { name } => {
            let g = store.guild_by_name(&name).await?;
            store.set_guild_active(g.id, false).await?;
            println!("{name:?} is closed for registration; its members and points stay.");
        }
        Command::Activate { name } => {
            let g = store.guild_by_name(&name).await?;
            store.set_guild_active(g.id, true).await?;
            println!("{name:?} is open for registration.");
        }
        Command::Delete { name } => {
            let g = store.guild_by_name(&name).await?;
            store.delete_guild(g.id).await?;
            println!("Deleted guild {name:?}.");
        }
    }
    Ok(())
}
