//! Seasons and the hall of fame: when an organiser ends a competition's
//! season, its final guild standings and every participant's result are
//! frozen here before its activities go to the archive. A result keeps the
//! participant's id, not their name: names are read live, so a later
//! choice to be anonymous is respected, and a deleted account leaves a row
//! with only its rank and points (the store clears the guild too; `ON
//! DELETE SET NULL` is the backstop) so that nobody stays identifiable
//! while the ranks stay as they were.

use sea_orm_migration::prelude::*;

use crate::sql::run_script;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000016_seasons"
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
CREATE TABLE IF NOT EXISTS seasons (
    id BIGSERIAL PRIMARY KEY,
    competition_id BIGINT REFERENCES competitions (id) ON DELETE SET NULL,
    name VARCHAR(255) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    guild_score TEXT NOT NULL,
    participants BIGINT NOT NULL,
    activities BIGINT NOT NULL,
    total_points NUMERIC(14,2) NOT NULL,
    ended_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT seasons_one_per_competition UNIQUE (competition_id)
);
CREATE TABLE IF NOT EXISTS season_guilds (
    season_id BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    rank BIGINT NOT NULL,
    name VARCHAR(64) NOT NULL,
    configured_members INTEGER NOT NULL,
    registered BIGINT NOT NULL,
    active_members BIGINT NOT NULL,
    total_points NUMERIC(14,2) NOT NULL,
    average NUMERIC(14,1) NOT NULL,
    participation NUMERIC(10,4) NOT NULL,
    score NUMERIC(14,1) NOT NULL,
    PRIMARY KEY (season_id, name)
);
CREATE TABLE IF NOT EXISTS season_results (
    id BIGSERIAL PRIMARY KEY,
    season_id BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    rank BIGINT NOT NULL,
    guild VARCHAR(64),
    points NUMERIC(12,2) NOT NULL,
    activities BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS season_results_by_rank ON season_results (season_id, rank);
CREATE INDEX IF NOT EXISTS season_results_by_user ON season_results (user_id);
"#;

const SQLITE_UP: &str = r#"
CREATE TABLE IF NOT EXISTS seasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    competition_id INTEGER REFERENCES competitions (id) ON DELETE SET NULL,
    name VARCHAR(255) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    guild_score TEXT NOT NULL,
    participants INTEGER NOT NULL,
    activities INTEGER NOT NULL,
    total_points REAL NOT NULL,
    ended_at TEXT NOT NULL,
    CONSTRAINT seasons_one_per_competition UNIQUE (competition_id)
);
CREATE TABLE IF NOT EXISTS season_guilds (
    season_id INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    name VARCHAR(64) NOT NULL,
    configured_members INTEGER NOT NULL,
    registered INTEGER NOT NULL,
    active_members INTEGER NOT NULL,
    total_points REAL NOT NULL,
    average REAL NOT NULL,
    participation REAL NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (season_id, name)
);
CREATE TABLE IF NOT EXISTS season_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    season_id INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    rank INTEGER NOT NULL,
    guild VARCHAR(64),
    points REAL NOT NULL,
    activities INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS season_results_by_rank ON season_results (season_id, rank);
CREATE INDEX IF NOT EXISTS season_results_by_user ON season_results (user_id);
"#;

const DOWN: &str = "DROP TABLE IF EXISTS season_results; DROP TABLE IF EXISTS season_guilds; DROP TABLE IF EXISTS seasons;";
