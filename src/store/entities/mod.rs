//! sea-orm entities, one per table.

pub mod activity;
pub mod competition;
pub mod feedback;
pub mod guild;
pub mod user;
