//! Favourites: activities a participant pinned from their history, each a
//! catalogue entry at the duration of the entry pinned, offered first on
//! the bot's main menu. Deleted with the participant.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000013_favourites"
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
CREATE TABLE IF NOT EXISTS favourites (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    compendium_code VARCHAR(10) NOT NULL,
    duration INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT favourites_duration_range CHECK (duration BETWEEN 1 AND 1440),
    CONSTRAINT favourites_one_per_code UNIQUE (user_id, compendium_code)
);
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS favourites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    compendium_code VARCHAR(10) NOT NULL,
    duration INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT favourites_duration_range CHECK (duration BETWEEN 1 AND 1440),
    CONSTRAINT favourites_one_per_code UNIQUE (user_id, compendium_code)
);
"#;

const DOWN: &str = "DROP TABLE IF EXISTS favourites;";
