//! Activity Challenge: a physical-activity competition between guilds.
//!
//! Layers, top to bottom (each may import only the ones below it; see
//! `docs/architecture.md`):
//!
//! - [`server`]: `serve`, where the frontends are wired together.
//! - Frontends: [`bot`] (Telegram), [`web`] (admin panel, JSON API, Mini
//!   App, `/metrics`), [`cli`] (the command line) and [`jobs`] (the
//!   scheduler). They parse, call an action and render.
//! - [`actions`]: one function per thing a person or a job does, with its
//!   audit entry and metrics.
//! - [`app`]: the shared state (configuration, store, catalogue, metrics).
//! - [`ops`]: long jobs (backups, restores, imports, exports, demo data);
//!   [`metrics`]: the Prometheus registry and scrape-time figures.
//! - [`store`]: the only module that speaks SQL.
//! - [`config`] and [`domain`]: settings, and the rules, without I/O.
//! - [`i18n`]: the languages and every text people read, used by all the
//!   layers above.

pub mod actions;
pub mod app;
pub mod bot;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod metrics;
pub mod ops;
pub mod server;
pub mod store;
pub mod telemetry;
pub mod web;
