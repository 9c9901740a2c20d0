//! The competition's milestone messages to its participants ("starts
//! tomorrow", "N days left", the final results): which are sent and at
//! what hour, a JSON document per competition (`{}`: the defaults, all
//! three at 12:00). Kept apart from the scoring rules, which say how
//! points are earned and are versioned with them.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000020_competition_milestones"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, POSTGRES_UP, SQLITE_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN, DOWN).await
    }
}

const POSTGRES_UP: &str = r#"
ALTER TABLE competitions ADD COLUMN IF NOT EXISTS milestones TEXT NOT NULL DEFAULT '{}';
"#;

const SQLITE_UP: &str = r#"
ALTER TABLE competitions ADD COLUMN milestones TEXT NOT NULL DEFAULT '{}';
"#;

const DOWN: &str = "ALTER TABLE competitions DROP COLUMN milestones;";
