//! Where an activity came from — typed in the bot, a workout file, an
//! import, or an organiser — and, for a workout file, what the duplicate
//! check needs: when it started, how far it went and the file's SHA-256.
//! The GPS track itself is never stored. The archive keeps the same
//! columns, so an archived season loses nothing.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000010_activity_source"
    }
}

/// The statements that give `table` (the live activities or an archive)
/// the source columns.
pub fn source_columns_script(postgres: bool, table: &str) -> String {
    let timestamp = if postgres { "TIMESTAMPTZ" } else { "TEXT" };
    let if_not = if postgres { "IF NOT EXISTS " } else { "" };
    format!(
        "ALTER TABLE {table} ADD COLUMN {if_not}source VARCHAR(16) NOT NULL DEFAULT 'typed';
ALTER TABLE {table} ADD COLUMN {if_not}started_at {timestamp};
ALTER TABLE {table} ADD COLUMN {if_not}distance_m INTEGER;
ALTER TABLE {table} ADD COLUMN {if_not}workout_sha256 VARCHAR(64);
"
    )
}

fn up_script(postgres: bool) -> String {
    let mut script = source_columns_script(postgres, "activities");
    script.push_str(&source_columns_script(postgres, "activities_archive"));
    // Imported and corrected entries say so; every other existing entry was typed.
    script.push_str(
        "UPDATE activities SET source = 'admin' WHERE description LIKE 'Manual correction:%';
CREATE INDEX IF NOT EXISTS idx_activities_user_started ON activities (user_id, started_at);
CREATE INDEX IF NOT EXISTS idx_activities_user_workout ON activities (user_id, workout_sha256);
",
    );
    script
}

fn down_script() -> String {
    let mut script = String::from(
        "DROP INDEX IF EXISTS idx_activities_user_workout;
DROP INDEX IF EXISTS idx_activities_user_started;
",
    );
    for table in ["activities", "activities_archive"] {
        for column in ["workout_sha256", "distance_m", "started_at", "source"] {
            script.push_str(&format!("ALTER TABLE {table} DROP COLUMN {column};\n"));
        }
    }
    script
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, &up_script(true), &up_script(false)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, &down_script(), &down_script()).await
    }
}
