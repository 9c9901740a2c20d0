//! Schema migrations for Activity Challenge, for PostgreSQL and SQLite.
//!
//! Each migration carries one SQL script per backend. The two scripts mean
//! the same thing (tables, keys, checks, indexes); they differ only where the
//! dialects do: `BIGSERIAL` against `INTEGER PRIMARY KEY AUTOINCREMENT`,
//! `NUMERIC(10,2)` against a SQLite `REAL` that the store keeps rounded to
//! two decimals, `TIMESTAMPTZ` against
//! ISO-8601 text.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_initial_schema;
mod m20261125_000002_rank_counts;
pub mod m20261125_000003_activities_archive;
mod m20261125_000004_api_tokens;
mod m20261125_000005_rank_hundreds;
mod m20261203_000006_audit_actor_kind;
mod m20261203_000007_trigger_search_path;
pub mod m20261203_000008_organiser_tools;
pub mod m20261203_000010_activity_source;
mod m20261203_000011_languages;
mod m20261203_000012_login_failures;
mod m20261203_000013_favourites;
mod m20261203_000014_public_anonymous;
mod m20261203_000015_competition_rules;
mod m20261203_000016_seasons;
mod m20261203_000017_review_queue;
mod m20261203_000018_job_queue;
mod m20261203_000019_withheld_points;
mod m20261203_000020_competition_milestones;
mod sql;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial_schema::Migration),
            Box::new(m20261125_000002_rank_counts::Migration),
            Box::new(m20261125_000003_activities_archive::Migration),
            Box::new(m20261125_000004_api_tokens::Migration),
            Box::new(m20261125_000005_rank_hundreds::Migration),
            Box::new(m20261203_000006_audit_actor_kind::Migration),
            Box::new(m20261203_000007_trigger_search_path::Migration),
            Box::new(m20261203_000008_organiser_tools::Migration),
            Box::new(m20261203_000010_activity_source::Migration),
            Box::new(m20261203_000011_languages::Migration),
            Box::new(m20261203_000012_login_failures::Migration),
            Box::new(m20261203_000013_favourites::Migration),
            Box::new(m20261203_000014_public_anonymous::Migration),
            Box::new(m20261203_000015_competition_rules::Migration),
            Box::new(m20261203_000016_seasons::Migration),
            Box::new(m20261203_000017_review_queue::Migration),
            Box::new(m20261203_000018_job_queue::Migration),
            Box::new(m20261203_000019_withheld_points::Migration),
            Box::new(m20261203_000020_competition_milestones::Migration),
        ]
    }
}
