//! `users`: participants, with the operations guide's column names.

use sea_orm::entity::prelude::*;

/// A participant row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    /// The guild's name; follows a rename through `ON UPDATE CASCADE`.
    pub guild: Option<String>,
    /// The running total, kept equal to the sum of the participant's activities.
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub points: Decimal,
    pub is_test_user: bool,
    /// An organiser said this is a real participant: the test-user
    /// cleanup's name patterns leave them alone.
    pub kept_from_cleanup: bool,
    /// Shown as "anonymous" in public lists, by the person's own choice.
    pub public_anonymous: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
