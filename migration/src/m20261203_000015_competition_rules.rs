//! Scoring rules per competition: the shortest and longest entry, the most
//! points a person earns in a day, activities left out, and multiplier
//! windows. They are kept as one JSON document per competition (the
//! server checks them on the way in); `{}` means no rules, which is how
//! every existing competition scores today.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000015_competition_rules"
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
ALTER TABLE competitions ADD COLUMN IF NOT EXISTS rules TEXT NOT NULL DEFAULT '{}';
"#;

const SQLITE_UP: &str = r#"
ALTER TABLE competitions ADD COLUMN rules TEXT NOT NULL DEFAULT '{}';
"#;

const DOWN: &str = "ALTER TABLE competitions DROP COLUMN rules;";
