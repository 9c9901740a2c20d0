//! Long-running administrative jobs, shared by the CLI and the admin panel.

pub mod archive;
pub mod backup;
pub mod crypt;
pub mod demo;
pub mod dependencies;
pub mod export;
pub mod import;
pub mod pgtools;
pub mod progress;
pub mod restore;
