//! The language each person reads the product in.
//!
//! - `bot_languages`: the language a Telegram user chose with `/language`,
//!   by their Telegram id. A table of its own, not a column of `users`, so
//!   that someone who has not registered yet can choose too. Without a row
//!   the bot follows the language of the person's Telegram app.
//! - `admin_users.language`: the language an admin chose in the panel's
//!   header; empty means "follow the browser".

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000011_languages"
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

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

const POSTGRES_UP: &str = r#"
CREATE TABLE IF NOT EXISTS bot_languages (
    telegram_id BIGINT PRIMARY KEY,
    language TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 8),
    updated_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE admin_users ADD COLUMN language TEXT;
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS bot_languages (
    telegram_id INTEGER PRIMARY KEY,
    language TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 8),
    updated_at TEXT NOT NULL
);
ALTER TABLE admin_users ADD COLUMN language TEXT;
"#;

const DOWN: &str = r#"
ALTER TABLE admin_users DROP COLUMN language;
DROP TABLE IF EXISTS bot_languages;
"#;
