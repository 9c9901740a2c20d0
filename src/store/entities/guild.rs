//! `guilds`: the teams participants compete for.

use sea_orm::entity::prelude::*;

/// A guild row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "guilds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// The configured member count: the denominator of the guild's average.
    pub member_count: i32,
    /// Inactive guilds are hidden from registration; their history stays.
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Raised by every edit; a form saved over a newer version is refused.
    pub version: i64,
    /// The name in lower case with its spaces tidied; unique.
    pub name_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
