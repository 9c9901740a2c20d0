//! The initial schema: participants, activities and feedback with the column
//! names of the operations guide, plus guilds, competitions, the bot's
//! dialogue state, admin accounts and sessions, and the audit log.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_initial_schema"
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

    // SQLite runs DDL in transactions too: a failed migration leaves nothing half-made.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

const POSTGRES_UP: &str = r#"
CREATE TABLE IF NOT EXISTS guilds (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    member_count INTEGER NOT NULL CHECK (member_count > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS competitions (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    time_zone VARCHAR(64) NOT NULL DEFAULT 'Europe/Helsinki',
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT competitions_dates_ordered CHECK (start_date <= end_date)
);
-- One competition is active at a time.
CREATE UNIQUE INDEX IF NOT EXISTS idx_competitions_one_active ON competitions (is_active) WHERE is_active;

CREATE TABLE IF NOT EXISTS users (
    id BIGSERIAL PRIMARY KEY,
    telegram_id BIGINT NOT NULL UNIQUE,
    username VARCHAR(64),
    first_name VARCHAR(128) NOT NULL DEFAULT '',
    last_name VARCHAR(128),
    guild VARCHAR(64) REFERENCES guilds (name) ON UPDATE CASCADE ON DELETE RESTRICT,
    points NUMERIC(10, 2) NOT NULL DEFAULT 0 CONSTRAINT users_points_not_negative CHECK (points >= 0),
    is_test_user BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Ranks count the participants with more points; neighbours walk (points, id).
CREATE INDEX IF NOT EXISTS idx_users_points ON users (points DESC, id);
CREATE INDEX IF NOT EXISTS idx_users_guild_points ON users (guild, points DESC, id);

CREATE TABLE IF NOT EXISTS activities (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type VARCHAR(160) NOT NULL,
    compendium_code VARCHAR(8),
    met NUMERIC(4, 1),
    duration INTEGER NOT NULL CONSTRAINT activities_duration_range CHECK (duration BETWEEN 1 AND 1440),
    points NUMERIC(10, 2) NOT NULL CONSTRAINT activities_points_not_negative CHECK (points >= 0),
    description TEXT,
    activity_date DATE NOT NULL,
    idempotency_key VARCHAR(64),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_activities_user_date ON activities (user_id, activity_date DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_activities_date ON activities (activity_date);
-- A repeated confirmation carries the same key and logs once; NULL keys never collide.
CREATE UNIQUE INDEX IF NOT EXISTS idx_activities_idempotency ON activities (user_id, idempotency_key);

CREATE TABLE IF NOT EXISTS feedback (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ease_of_use SMALLINT NOT NULL CONSTRAINT feedback_ease_of_use_range CHECK (ease_of_use BETWEEN 1 AND 5),
    usefulness SMALLINT NOT NULL CONSTRAINT feedback_usefulness_range CHECK (usefulness BETWEEN 1 AND 5),
    overall_satisfaction SMALLINT NOT NULL CONSTRAINT feedback_overall_satisfaction_range CHECK (overall_satisfaction BETWEEN 1 AND 5),
    text_feedback TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reviewed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS idx_feedback_user ON feedback (user_id);
CREATE INDEX IF NOT EXISTS idx_feedback_created ON feedback (created_at DESC);

CREATE TABLE IF NOT EXISTS bot_dialogues (
    chat_id BIGINT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS admin_users (
    id BIGSERIAL PRIMARY KEY,
    username VARCHAR(64) NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    password_changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS admin_sessions (
    -- The SHA-256 of the cookie's token: a leaked table does not leak sessions.
    id VARCHAR(64) PRIMARY KEY,
    admin_id BIGINT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    csrf_token VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    client_addr VARCHAR(64),
    user_agent VARCHAR(256)
);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_admin ON admin_sessions (admin_id);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_expires ON admin_sessions (expires_at);

CREATE TABLE IF NOT EXISTS audit_log (
    id BIGSERIAL PRIMARY KEY,
    admin_id BIGINT REFERENCES admin_users (id) ON DELETE SET NULL,
    actor VARCHAR(64) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target VARCHAR(256),
    details TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_audit_log_created ON audit_log (created_at DESC);
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS guilds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(64) NOT NULL UNIQUE,
    member_count INTEGER NOT NULL CHECK (member_count > 0),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);

CREATE TABLE IF NOT EXISTS competitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    time_zone VARCHAR(64) NOT NULL DEFAULT 'Europe/Helsinki',
    is_active BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    CONSTRAINT competitions_dates_ordered CHECK (start_date <= end_date)
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_competitions_one_active ON competitions (is_active) WHERE is_active;

CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    telegram_id BIGINT NOT NULL UNIQUE,
    username VARCHAR(64),
    first_name VARCHAR(128) NOT NULL DEFAULT '',
    last_name VARCHAR(128),
    guild VARCHAR(64) REFERENCES guilds (name) ON UPDATE CASCADE ON DELETE RESTRICT,
    points REAL NOT NULL DEFAULT 0 CONSTRAINT users_points_not_negative CHECK (points >= 0),
    is_test_user BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);
CREATE INDEX IF NOT EXISTS idx_users_points ON users (points DESC, id);
CREATE INDEX IF NOT EXISTS idx_users_guild_points ON users (guild, points DESC, id);

CREATE TABLE IF NOT EXISTS activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type VARCHAR(160) NOT NULL,
    compendium_code VARCHAR(8),
    met REAL,
    duration INTEGER NOT NULL CONSTRAINT activities_duration_range CHECK (duration BETWEEN 1 AND 1440),
    points REAL NOT NULL CONSTRAINT activities_points_not_negative CHECK (points >= 0),
    description TEXT,
    activity_date DATE NOT NULL,
    idempotency_key VARCHAR(64),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);
CREATE INDEX IF NOT EXISTS idx_activities_user_date ON activities (user_id, activity_date DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_activities_date ON activities (activity_date);
CREATE UNIQUE INDEX IF NOT EXISTS idx_activities_idempotency ON activities (user_id, idempotency_key);

CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ease_of_use SMALLINT NOT NULL CONSTRAINT feedback_ease_of_use_range CHECK (ease_of_use BETWEEN 1 AND 5),
    usefulness SMALLINT NOT NULL CONSTRAINT feedback_usefulness_range CHECK (usefulness BETWEEN 1 AND 5),
    overall_satisfaction SMALLINT NOT NULL CONSTRAINT feedback_overall_satisfaction_range CHECK (overall_satisfaction BETWEEN 1 AND 5),
    text_feedback TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    reviewed BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_feedback_user ON feedback (user_id);
CREATE INDEX IF NOT EXISTS idx_feedback_created ON feedback (created_at DESC);

CREATE TABLE IF NOT EXISTS bot_dialogues (
    chat_id BIGINT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);

CREATE TABLE IF NOT EXISTS admin_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username VARCHAR(64) NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    password_changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    last_login_at TEXT
);

CREATE TABLE IF NOT EXISTS admin_sessions (
    id VARCHAR(64) PRIMARY KEY,
    admin_id BIGINT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    csrf_token VARCHAR(64) NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    expires_at TEXT NOT NULL,
    client_addr VARCHAR(64),
    user_agent VARCHAR(256)
);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_admin ON admin_sessions (admin_id);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_expires ON admin_sessions (expires_at);

CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    admin_id BIGINT REFERENCES admin_users (id) ON DELETE SET NULL,
    actor VARCHAR(64) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target VARCHAR(256),
    details TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);
CREATE INDEX IF NOT EXISTS idx_audit_log_created ON audit_log (created_at DESC);
"#;

// Children before parents, so no foreign key stands in the way.
const DOWN: &str = r#"
DROP TABLE IF EXISTS audit_log;
DROP TABLE IF EXISTS admin_sessions;
DROP TABLE IF EXISTS admin_users;
DROP TABLE IF EXISTS bot_dialogues;
DROP TABLE IF EXISTS feedback;
DROP TABLE IF EXISTS activities;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS competitions;
DROP TABLE IF EXISTS guilds;
"#;
