//! Integration tests: the store on both backends, the server, the CLI.

#[path = "../support/mod.rs"]
mod support;

mod admin_auth;
mod admin_cleanup;
mod admin_cli;
mod admin_client;
mod admin_database;
mod admin_exports;
mod admin_pages;
mod api_admin;
mod api_me;
mod api_miniapp;
mod api_public;
mod bot_bench;
mod bot_feedback;
mod bot_info;
mod bot_logging;
mod bot_profile;
mod bot_registration;
mod bot_robustness;
mod bot_serve;
mod bot_stats;
mod bot_webhook;
mod cli;
mod demo_data;
mod docs_commands;
mod faults;
mod metrics_database;
mod metrics_endpoint;
mod metrics_prometheus;
mod migrations;
mod ops_archive;
mod ops_backup;
mod ops_db;
mod ops_import;
mod ops_schedule;
mod resilience;
mod server;
mod store_activities;
mod store_feedback_integrity;
mod store_guilds_competitions;
mod store_participants;
mod store_rank_counts;
mod store_standings;
