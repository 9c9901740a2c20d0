//! `feedback`: participants' ratings and comments.

use sea_orm::entity::prelude::*;

/// A feedback row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub ease_of_use: i16,
    pub usefulness: i16,
    pub overall_satisfaction: i16,
    pub text_feedback: String,
    pub created_at: DateTimeUtc,
    pub reviewed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
