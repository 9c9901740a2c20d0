//! Activity Challenge: a physical-activity competition between guilds.
//!
//! Layers, top to bottom: frontends ([`web`], [`cli`]) parse input and
//! render; [`ops`] runs long administrative jobs; [`domain`] holds the rules
//! (catalogue, points, calendar, ranking, parsing) and does no I/O;
//! [`store`] is the only module that speaks SQL.

pub mod app;
pub mod bot;
pub mod cli;
pub mod config;
pub mod domain;
pub mod metrics;
pub mod ops;
pub mod store;
pub mod telemetry;
pub mod web;
