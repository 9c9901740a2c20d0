//! `competitions`: the window in which activities count.

use sea_orm::entity::prelude::*;

/// A competition row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub start_date: Date,
    pub end_date: Date,
    /// An IANA zone name such as `Europe/Helsinki`.
    pub time_zone: String,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Raised by every edit; a form saved over a newer version is refused.
    pub version: i64,
    /// A draft scheduled to become the active competition on this day.
    pub activate_on: Option<Date>,
    /// The scoring rules, a JSON document (`{}`: none).
    pub rules: String,
    /// The milestone messages, a JSON document (`{}`: the defaults).
    pub milestones: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
