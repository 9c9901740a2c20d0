//! Integration tests: the store on both backends, the server, the CLI.

#[path = "../support/mod.rs"]
mod support;

mod cli;
mod demo_data;
mod migrations;
mod server;
mod store_activities;
mod store_feedback_integrity;
mod store_guilds_competitions;
mod store_participants;
mod store_rank_counts;
mod store_standings;
