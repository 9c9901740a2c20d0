//! Who acted, by kind: an admin in the panel, the command line, an API
//! token, a participant, or the scheduler. Every action writes it, so the
//! audit log can be filtered by it and the same action reads the same from
//! every frontend. Earlier rows get the kind their actor text implies.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000006_audit_actor_kind"
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

const UP: &str = r#"
ALTER TABLE audit_log ADD COLUMN actor_kind VARCHAR(16) NOT NULL DEFAULT 'admin';
UPDATE audit_log SET actor_kind = CASE
    WHEN admin_id IS NOT NULL THEN 'admin'
    WHEN actor = 'cli' OR actor LIKE 'cli:%' THEN 'cli'
    WHEN actor LIKE 'api-token:%' THEN 'api'
    WHEN actor = 'scheduler' THEN 'scheduler'
    WHEN actor = 'startup' THEN 'system'
    ELSE 'admin'
END;
CREATE INDEX IF NOT EXISTS idx_audit_log_action ON audit_log (action, created_at);
"#;

const DOWN: &str = r#"
DROP INDEX IF EXISTS idx_audit_log_action;
ALTER TABLE audit_log DROP COLUMN actor_kind;
"#;
