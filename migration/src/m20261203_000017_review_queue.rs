//! The review queue: entries flagged for an organiser to look at, each with
//! its reasons and what became of it, and notices the bot gives a person
//! the next time they write to it (a rejected entry, and why).
//!
//! A flag keeps a description of its entry, so that a rejected entry (which
//! is deleted) still shows what it was; the flag goes with the person's
//! account. Its entry is not a foreign key, so that the activities table
//! can be restored on its own: a rejection clears it, and a flag whose
//! entry is gone otherwise is decided like any other.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000017_review_queue"
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
CREATE TABLE IF NOT EXISTS activity_flags (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    activity_id BIGINT,
    activity TEXT NOT NULL,
    reasons TEXT NOT NULL,
    detail TEXT NOT NULL,
    state VARCHAR(10) NOT NULL DEFAULT 'pending',
    reviewer TEXT,
    reviewed_at TIMESTAMPTZ,
    review_reason TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT activity_flags_state CHECK (state IN ('pending', 'approved', 'rejected'))
);
CREATE INDEX IF NOT EXISTS activity_flags_pending ON activity_flags (state, id);
CREATE INDEX IF NOT EXISTS activity_flags_user ON activity_flags (user_id);
CREATE TABLE IF NOT EXISTS person_notices (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_key VARCHAR(64) NOT NULL,
    args TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS person_notices_undelivered ON person_notices (user_id) WHERE delivered_at IS NULL;
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS activity_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    activity_id INTEGER,
    activity TEXT NOT NULL,
    reasons TEXT NOT NULL,
    detail TEXT NOT NULL,
    state VARCHAR(10) NOT NULL DEFAULT 'pending',
    reviewer TEXT,
    reviewed_at TEXT,
    review_reason TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT activity_flags_state CHECK (state IN ('pending', 'approved', 'rejected'))
);
CREATE INDEX IF NOT EXISTS activity_flags_pending ON activity_flags (state, id);
CREATE INDEX IF NOT EXISTS activity_flags_user ON activity_flags (user_id);
CREATE TABLE IF NOT EXISTS person_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_key VARCHAR(64) NOT NULL,
    args TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS person_notices_undelivered ON person_notices (user_id) WHERE delivered_at IS NULL;
"#;

const DOWN: &str = "DROP TABLE IF EXISTS person_notices; DROP TABLE IF EXISTS activity_flags;";
