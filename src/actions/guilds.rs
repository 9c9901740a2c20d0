//! Guilds: add, change (name and configured size), open or close for
//! registration, delete.

use super::{ActionError, ActionResult, Actor, Record, commit, quoted};
use crate::app::App;
use crate::domain::GuildDraft;
use crate::store::guilds::Guild;

/// The audit log's name for a guild.
pub fn target(guild: &Guild) -> String {
    format!("guild #{} {}", guild.id, quoted(&guild.name))
}

/// Adds a guild, open for registration.
pub async fn create(app: &App, actor: &Actor, draft: &GuildDraft) -> ActionResult<Guild> {
    let tx = app.store.begin().await?;
    let guild = tx.create_guild(draft).await?;
    let record = Record::new("guild.create", target(&guild))
        .details(format!("{} configured members", guild.member_count));
    commit(app, tx, actor, record).await?;
    Ok(guild)
}

/// What to change about a guild; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct GuildChange {
    /// The new name (its members follow).
    pub name: Option<String>,
    /// The new configured member count, as typed.
    pub member_count: Option<String>,
}

/// Renames a guild and/or sets its configured size. A rename follows into
/// every member's row. Nothing changing is not an error; it records nothing.
pub async fn update(app: &App, actor: &Actor, id: i64, change: GuildChange) -> ActionResult<Guild> {
    let tx = app.store.begin().await?;
    let before = tx.guild(id).await?;
    let draft = GuildDraft::parse(
        change.name.as_deref().unwrap_or(&before.name),
        change
            .member_count
            .as_deref()
            .unwrap_or(&before.member_count.to_string()),
    )
    .map_err(ActionError::Invalid)?;
    let mut changes = Vec::new();
    if draft.name != before.name {
        changes.push(format!(
            "name: {} → {}",
            quoted(&before.name),
            quoted(&draft.name)
        ));
    }
    if draft.member_count != before.member_count {
        changes.push(format!(
            "configured members: {} → {}",
            before.member_count, draft.member_count
        ));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let guild = tx.update_guild(id, &draft).await?;
    let record = Record::new("guild.update", target(&guild)).details(changes.join("; "));
    commit(app, tx, actor, record).await?;
    Ok(guild)
}

/// Opens (`true`) or closes a guild for registration; members and points stay.
pub async fn set_active(app: &App, actor: &Actor, id: i64, active: bool) -> ActionResult<Guild> {
    let tx = app.store.begin().await?;
    let before = tx.guild(id).await?;
    if before.active == active {
        return Ok(before);
    }
    let guild = tx.set_guild_active(id, active).await?;
    let action = if active {
        "guild.activate"
    } else {
        "guild.deactivate"
    };
    commit(app, tx, actor, Record::new(action, target(&guild))).await?;
    Ok(guild)
}

/// Deletes a guild that has no members (one with members is refused: move
/// them or deactivate the guild instead).
pub async fn delete(app: &App, actor: &Actor, id: i64) -> ActionResult<Guild> {
    let tx = app.store.begin().await?;
    let guild = tx.delete_guild(id).await?;
    let record = Record::new("guild.delete", target(&guild))
        .details(format!("{} configured members", guild.member_count));
    commit(app, tx, actor, record).await?;
    Ok(guild)
}
