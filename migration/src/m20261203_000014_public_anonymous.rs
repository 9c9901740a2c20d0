//! A participant may appear in public lists (the leaderboards of the bot,
//! the Mini App and the public API) as "anonymous" instead of by name; and
//! test users, left out of those lists, are found through a small partial
//! index to count them.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000014_public_anonymous"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN, DOWN).await
    }
}

const UP: &str = "ALTER TABLE users ADD COLUMN public_anonymous BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX IF NOT EXISTS idx_users_test_users ON users (id) WHERE is_test_user;";

const DOWN: &str = "DROP INDEX IF EXISTS idx_users_test_users;
ALTER TABLE users DROP COLUMN public_anonymous;";
