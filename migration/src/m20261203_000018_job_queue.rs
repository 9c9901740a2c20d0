//! The job queue: work that must happen once however many instances run —
//! scheduled backups and maintenance, and every message the server sends
//! first (announcements, reminders, digests, milestones, alerts).
//!
//! A job is claimed under a lease; a job whose instance died is taken over
//! when its lease runs out — except a message that instance had begun to
//! send (`sending`), which may have been delivered and is never sent again. Each job has a unique key (a campaign and a
//! person, a backup and its hour) so that enqueuing the same thing twice —
//! a second instance, a restart, a retry — adds nothing. `send_pacing`
//! holds when the next message may go overall (chat 0) and to each chat,
//! shared by every instance. `person_settings` keeps a participant's
//! reminder hour, whether they want the weekly digest, and since when
//! Telegram refuses to deliver to them (they blocked the bot).

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000018_job_queue"
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
CREATE TABLE IF NOT EXISTS announcements (
    id BIGSERIAL PRIMARY KEY,
    body TEXT NOT NULL,
    audience TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS jobs (
    id BIGSERIAL PRIMARY KEY,
    queue VARCHAR(8) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    job_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    chat_id BIGINT,
    user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    announcement_id BIGINT REFERENCES announcements(id) ON DELETE CASCADE,
    state VARCHAR(12) NOT NULL DEFAULT 'waiting',
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ,
    worker TEXT,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    CONSTRAINT jobs_queue CHECK (queue IN ('task', 'message')),
    CONSTRAINT jobs_state CHECK (state IN ('waiting', 'running', 'sending', 'done', 'failed', 'cancelled', 'unreachable', 'unknown'))
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (queue, run_at, id) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS jobs_leased ON jobs (queue, lease_until) WHERE state IN ('running', 'sending');
CREATE INDEX IF NOT EXISTS jobs_announcement ON jobs (announcement_id, state) WHERE announcement_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_user ON jobs (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_failed ON jobs (finished_at) WHERE state = 'failed';
CREATE TABLE IF NOT EXISTS send_pacing (
    chat_id BIGINT PRIMARY KEY,
    next_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS person_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    reminder_hour SMALLINT,
    weekly_digest BOOLEAN NOT NULL DEFAULT TRUE,
    unreachable_at TIMESTAMPTZ,
    CONSTRAINT person_settings_hour CHECK (reminder_hour IS NULL OR reminder_hour BETWEEN 0 AND 23)
);
CREATE INDEX IF NOT EXISTS person_settings_reminders ON person_settings (reminder_hour) WHERE reminder_hour IS NOT NULL;
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS announcements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL,
    audience TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue VARCHAR(8) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    job_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    chat_id INTEGER,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    announcement_id INTEGER REFERENCES announcements(id) ON DELETE CASCADE,
    state VARCHAR(12) NOT NULL DEFAULT 'waiting',
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TEXT NOT NULL,
    lease_until TEXT,
    worker TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    CONSTRAINT jobs_queue CHECK (queue IN ('task', 'message')),
    CONSTRAINT jobs_state CHECK (state IN ('waiting', 'running', 'sending', 'done', 'failed', 'cancelled', 'unreachable', 'unknown'))
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (queue, run_at, id) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS jobs_leased ON jobs (queue, lease_until) WHERE state IN ('running', 'sending');
CREATE INDEX IF NOT EXISTS jobs_announcement ON jobs (announcement_id, state) WHERE announcement_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_user ON jobs (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_failed ON jobs (finished_at) WHERE state = 'failed';
CREATE TABLE IF NOT EXISTS send_pacing (
    chat_id INTEGER PRIMARY KEY,
    next_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS person_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    reminder_hour SMALLINT,
    weekly_digest BOOLEAN NOT NULL DEFAULT TRUE,
    unreachable_at TEXT,
    CONSTRAINT person_settings_hour CHECK (reminder_hour IS NULL OR reminder_hour BETWEEN 0 AND 23)
);
CREATE INDEX IF NOT EXISTS person_settings_reminders ON person_settings (reminder_hour) WHERE reminder_hour IS NOT NULL;
"#;

const DOWN: &str = "DROP TABLE IF EXISTS person_settings; DROP TABLE IF EXISTS send_pacing; \
DROP TABLE IF EXISTS jobs; DROP TABLE IF EXISTS announcements;";
