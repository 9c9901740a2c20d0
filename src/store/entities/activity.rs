//! `activities`: one logged exercise each.

use sea_orm::entity::prelude::*;

/// An activity row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The catalogue label, e.g. `Swimming (Vigorous)`.
    pub activity_type: String,
    pub compendium_code: Option<String>,
    #[sea_orm(column_type = "Decimal(Some((4, 1)))", nullable)]
    pub met: Option<Decimal>,
    /// Minutes, 1–1440.
    pub duration: i32,
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub points: Decimal,
    pub description: Option<String>,
    pub activity_date: Date,
    pub idempotency_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// `typed`, `file`, `import` or `admin`.
    pub source: String,
    /// When a recorded workout started.
    pub started_at: Option<DateTimeUtc>,
    /// Metres covered, when recorded.
    pub distance_m: Option<i32>,
    /// The SHA-256 of the workout file it came from.
    pub workout_sha256: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
