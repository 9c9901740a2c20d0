//! Flagged entries that count only once approved: when a competition says
//! so, a flagged entry is kept with no points and its points wait on its
//! flag (`withheld_points`) until an organiser approves it, which moves
//! them onto the entry and the person's total. Every sum over the entries
//! (totals, guild standings, ranks, exports) therefore stays exact without
//! knowing about the queue. The partial index finds the entries waiting
//! with points aside (a recompute leaves them be).

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000019_withheld_points"
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
ALTER TABLE activity_flags ADD COLUMN IF NOT EXISTS withheld_points NUMERIC(10,2);
CREATE INDEX IF NOT EXISTS activity_flags_withheld ON activity_flags (activity_id)
    WHERE state = 'pending' AND withheld_points IS NOT NULL;
"#;

const SQLITE_UP: &str = r#"
ALTER TABLE activity_flags ADD COLUMN withheld_points REAL;
CREATE INDEX IF NOT EXISTS activity_flags_withheld ON activity_flags (activity_id)
    WHERE state = 'pending' AND withheld_points IS NOT NULL;
"#;

const DOWN: &str = "DROP INDEX IF EXISTS activity_flags_withheld; ALTER TABLE activity_flags DROP COLUMN withheld_points;";
