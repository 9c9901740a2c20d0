//! Guilds: the teams, their configured sizes and whether they take new members.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use super::entities::{guild, user};
use super::standings::{GuildFigures, Members};
use super::{Store, StoreError, StoreResult, now};
use crate::domain::{GuildDraft, GuildScore, GuildStanding, guild_standings};
use crate::i18n::Message;
use crate::msg;

/// A guild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guild {
    pub id: i64,
    pub name: String,
    /// The configured member count: the denominator of the average.
    pub member_count: u32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Raised by every edit (see [`Store::update_guild`]).
    pub version: i64,
}

impl From<guild::Model> for Guild {
    fn from(m: guild::Model) -> Self {
        Guild {
            id: m.id,
            name: m.name,
            member_count: m.member_count.max(0) as u32,
            active: m.active,
            created_at: m.created_at,
            version: m.version,
        }
    }
}

fn duplicate(name: &str) -> Message {
    msg!("err-guild-exists", name = name)
}

/// One guild in the admin's table, active or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildOverview {
    pub id: i64,
    pub active: bool,
    /// Rank, average and participation, computed as for the public standings.
    pub standing: GuildStanding,
}

impl Store {
    /// Adds a guild, open for registration.
    pub async fn create_guild(&self, draft: &GuildDraft) -> StoreResult<Guild> {
        let at = now();
        guild::ActiveModel {
            name: Set(draft.name.clone()),
            name_key: Set(Some(draft.key())),
            member_count: Set(draft.member_count as i32),
            active: Set(true),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
            ..Default::default()
        }
        .insert(&self.db())
        .await
        .map(Guild::from)
        .map_err(|e| StoreError::unique_as_conflict(e, || duplicate(&draft.name)))
    }

    /// A guild whose name has the same key as `draft`'s, other than `except`.
    pub async fn guild_with_key(
        &self,
        draft: &GuildDraft,
        except: Option<i64>,
    ) -> StoreResult<Option<Guild>> {
        let key = draft.key();
        // Guilds number in the hundreds at most; comparing in Rust folds
        // every letter's case, not only ASCII's as SQLite's lower() does.
        Ok(self
            .list_guilds()
            .await?
            .into_iter()
            .find(|g| Some(g.id) != except && crate::domain::guild::guild_name_key(&g.name) == key))
    }

    /// How many participants are registered in a guild.
    pub async fn count_guild_members(&self, name: &str) -> StoreResult<u64> {
        Ok(user::Entity::find()
            .filter(user::Column::Guild.eq(name))
            .count(&self.db())
            .await?)
    }

    /// Every guild, active ones first, then by name.
    pub async fn list_guilds(&self) -> StoreResult<Vec<Guild>> {
        Ok(guild::Entity::find()
            .order_by_desc(guild::Column::Active)
            .order_by_asc(guild::Column::Name)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Guild::from)
            .collect())
    }

    /// The guilds open for registration, by name.
    pub async fn active_guilds(&self) -> StoreResult<Vec<Guild>> {
        Ok(guild::Entity::find()
            .filter(guild::Column::Active.eq(true))
            .order_by_asc(guild::Column::Name)
            .all(&self.db())
            .await?
            .into_iter()
            .map(Guild::from)
            .collect())
    }

    /// The guild with this name.
    pub async fn guild_by_name(&self, name: &str) -> StoreResult<Guild> {
        guild::Entity::find()
            .filter(guild::Column::Name.eq(name))
            .one(&self.db())
            .await?
            .map(Guild::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-named", name = name)))
    }

    /// The guild with this id.
    pub async fn guild(&self, id: i64) -> StoreResult<Guild> {
        guild::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .map(Guild::from)
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-id", id = id)))
    }

    /// Renames a guild and sets its configured size, raising its version.
    /// A rename follows into every member's row (the foreign key
    /// cascades). With `expected_version`, a guild changed since is left
    /// alone: [`StoreError::Conflict`].
    pub async fn update_guild(
        &self,
        id: i64,
        draft: &GuildDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Guild> {
        let updated = guild::Model::find_by_statement(self.stmt(
            "UPDATE guilds SET name = $1, name_key = $2, member_count = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND ($6 IS NULL OR version = $6) \
             RETURNING id, name, member_count, active, created_at, updated_at, version, name_key",
            [
                draft.name.clone().into(),
                draft.key().into(),
                (draft.member_count as i32).into(),
                now().into(),
                id.into(),
                expected_version.into(),
            ],
        ))
        .one(&self.db())
        .await
        .map_err(|e| StoreError::unique_as_conflict(e, || duplicate(&draft.name)))?;
        match updated {
            Some(model) => Ok(model.into()),
            None => {
                let current = self.guild(id).await?;
                Err(StoreError::Conflict(msg!(
                    "err-guild-changed",
                    name = current.name,
                    version = current.version
                )))
            }
        }
    }

    /// Opens or closes a guild for registration; members and points stay.
    pub async fn set_guild_active(&self, id: i64, active_flag: bool) -> StoreResult<Guild> {
        let model = guild::Entity::find_by_id(id)
            .one(&self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-id", id = id)))?;
        let version = model.version;
        let mut active: guild::ActiveModel = model.into();
        active.active = Set(active_flag);
        active.updated_at = Set(now());
        active.version = Set(version + 1);
        Ok(active.update(&self.db()).await?.into())
    }

    /// Deletes a guild that has no members; one with members is deactivated instead.
    pub async fn delete_guild(&self, id: i64) -> StoreResult<Guild> {
        let txn = self.db().begin().await?;
        let model = guild::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound(msg!("err-no-guild-id", id = id)))?;
        let members = user::Entity::find()
            .filter(user::Column::Guild.eq(model.name.as_str()))
            .count(&txn)
            .await?;
        if members > 0 {
            return Err(StoreError::Conflict(msg!(
                "err-guild-has-members",
                name = model.name,
                members = members
            )));
        }
        guild::Entity::delete_by_id(id).exec(&txn).await?;
        txn.commit().await?;
        Ok(model.into())
    }

    /// Every guild, active or not, with its figures; ranked as the public
    /// standings rank them, by the active competition's guild score (which
    /// comes with them).
    pub async fn guild_overview(&self) -> StoreResult<(GuildScore, Vec<GuildOverview>)> {
        let figures = self.guild_figures(false, Members::All).await?;
        let score = self.guild_score().await?;
        let standings = guild_standings(figures.iter().map(GuildFigures::totals).collect(), score);
        let guilds = standings
            .into_iter()
            .filter_map(|standing| {
                figures
                    .iter()
                    .find(|f| f.name == standing.name)
                    .map(|f| GuildOverview {
                        id: f.id,
                        active: f.active,
                        standing,
                    })
            })
            .collect();
        Ok((score, guilds))
    }
}
