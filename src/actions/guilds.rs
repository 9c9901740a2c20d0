//! Guilds: add, change (name and configured size), open or close for
//! registration, delete.

use super::{ActionError, ActionResult, Actor, Record, commit, quoted, require};
use crate::app::App;
use crate::domain::guild::member_count_warning;
use crate::domain::{AdminRole, GuildDraft};
use crate::msg;
use crate::store::StoreError;
use crate::store::guilds::Guild;

/// The audit log's name for a guild.
pub fn target(guild: &Guild) -> String {
    format!("guild #{} {}", guild.id, quoted(&guild.name))
}

fn near_duplicate(existing: &Guild) -> ActionError {
    ActionError::Conflict(msg!("err-guild-near-duplicate", name = &existing.name))
}

/// Adds a guild, open for registration. A name that differs from an
/// existing one only in capitals or spaces is refused.
pub async fn create(app: &App, actor: &Actor, draft: &GuildDraft) -> ActionResult<Guild> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    if let Some(existing) = tx.guild_with_key(draft, None).await? {
        return Err(near_duplicate(&existing));
    }
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
    /// The version the form was read at: a guild changed since is not
    /// overwritten. `None` changes whatever is there (the command line).
    pub version: Option<i64>,
    /// Save a configured size below the registered count anyway.
    pub confirmed: bool,
}

/// Both versions of a guild, for a save refused because someone else
/// changed it first.
fn stale(current: &Guild, draft: &GuildDraft, version: i64) -> ActionError {
    ActionError::Conflict(msg!(
        "err-guild-stale",
        yours = version,
        now = current.version,
        saved_name = &current.name,
        saved_members = current.member_count,
        your_name = &draft.name,
        your_members = draft.member_count
    ))
}

/// Renames a guild and/or sets its configured size. A rename follows into
/// every member's row. Nothing changing is not an error; it records
/// nothing. The audit entry has each changed field before and after.
pub async fn update(app: &App, actor: &Actor, id: i64, change: GuildChange) -> ActionResult<Guild> {
    require(actor, AdminRole::Organiser)?;
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
    if let Some(version) = change.version
        && version != before.version
    {
        return Err(stale(&before, &draft, version));
    }
    let mut changes = Vec::new();
    if draft.name != before.name {
        if let Some(existing) = tx.guild_with_key(&draft, Some(id)).await? {
            return Err(near_duplicate(&existing));
        }
        changes.push(format!(
            "name: {} → {}",
            quoted(&before.name),
            quoted(&draft.name)
        ));
    }
    if draft.member_count != before.member_count {
        let registered = tx.count_guild_members(&before.name).await?;
        if !change.confirmed
            && let Some(warning) = member_count_warning(&draft.name, draft.member_count, registered)
        {
            return Err(ActionError::NeedsConfirmation(warning));
        }
        changes.push(format!(
            "configured members: {} → {}",
            before.member_count, draft.member_count
        ));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let guild = match tx.update_guild(id, &draft, change.version).await {
        Err(StoreError::Conflict(_)) if change.version.is_some() => {
            let current = tx.guild(id).await?;
            return Err(stale(&current, &draft, change.version.unwrap_or_default()));
        }
        other => other?,
    };
    let record = Record::new("guild.update", target(&guild)).details(changes.join("; "));
    commit(app, tx, actor, record).await?;
    Ok(guild)
}

/// Opens (`true`) or closes a guild for registration; members, points and
/// its place in the standings stay.
pub async fn set_active(app: &App, actor: &Actor, id: i64, active: bool) -> ActionResult<Guild> {
    require(actor, AdminRole::Organiser)?;
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
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let guild = tx.delete_guild(id).await?;
    let record = Record::new("guild.delete", target(&guild))
        .details(format!("{} configured members", guild.member_count));
    commit(app, tx, actor, record).await?;
    Ok(guild)
}
