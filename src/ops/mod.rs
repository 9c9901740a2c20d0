//! Long-running administrative jobs, shared by the CLI and the admin panel.

pub mod demo;
pub mod progress;
