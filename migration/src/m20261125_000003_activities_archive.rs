//! The archive of old activities: the same columns as `activities` plus
//! `archived_at`, so that a finished competition's entries can leave the
//! live table and stay queryable. Archived rows still belong to their
//! participant: deleting the participant deletes them too.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

/// The archive table that `archive` writes to unless told otherwise.
pub const DEFAULT_ARCHIVE_TABLE: &str = "activities_archive";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_activities_archive"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(
            manager,
            &archive_table_script(true, DEFAULT_ARCHIVE_TABLE),
            &archive_table_script(false, DEFAULT_ARCHIVE_TABLE),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop = format!("DROP TABLE IF EXISTS {DEFAULT_ARCHIVE_TABLE};");
        run_script(manager, &drop, &drop).await
    }
}

/// The script that creates an archive table named `table` (an identifier
/// the caller has already checked) on PostgreSQL or SQLite.
pub fn archive_table_script(postgres: bool, table: &str) -> String {
    let (id, met, points, timestamp, now) = if postgres {
        (
            "BIGINT PRIMARY KEY",
            "NUMERIC(4, 1)",
            "NUMERIC(10, 2)",
            "TIMESTAMPTZ",
            "now()",
        )
    } else {
        (
            "INTEGER PRIMARY KEY",
            "REAL",
            "REAL",
            "TEXT",
            "(strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))",
        )
    };
    format!(
        "CREATE TABLE IF NOT EXISTS {table} (
    id {id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type VARCHAR(160) NOT NULL,
    compendium_code VARCHAR(8),
    met {met},
    duration INTEGER NOT NULL,
    points {points} NOT NULL,
    description TEXT,
    activity_date DATE NOT NULL,
    idempotency_key VARCHAR(64),
    created_at {timestamp} NOT NULL,
    archived_at {timestamp} NOT NULL DEFAULT {now}
);
CREATE INDEX IF NOT EXISTS idx_{table}_user ON {table} (user_id);
CREATE INDEX IF NOT EXISTS idx_{table}_date ON {table} (activity_date);
"
    )
}
