//! The rank-count triggers find their tables and functions whatever the
//! session's `search_path`. `pg_restore` (and `pg_dump`'s plain output)
//! empties `search_path` before loading rows, so loading a table backup's
//! `users` rows used to fail inside the triggers with "function
//! rank_apply(…) does not exist". Each trigger function now runs with the
//! `search_path` the schema was migrated with.
//!
//! SQLite has no such triggers; there this migration does nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000007_trigger_search_path"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, UP, "").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_connection().get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_script(manager, DOWN, "").await
    }
}

const UP: &str = r#"
ALTER FUNCTION users_rank_after_insert() SET search_path FROM CURRENT;
ALTER FUNCTION users_rank_after_delete() SET search_path FROM CURRENT;
ALTER FUNCTION users_rank_after_update() SET search_path FROM CURRENT;
"#;

const DOWN: &str = r#"
ALTER FUNCTION users_rank_after_insert() RESET search_path;
ALTER FUNCTION users_rank_after_delete() RESET search_path;
ALTER FUNCTION users_rank_after_update() RESET search_path;
"#;
