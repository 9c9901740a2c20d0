//! The rules of the Activity Challenge, free of I/O: MET values and
//! points, durations, the activity catalogue, the competition calendar,
//! guild rankings, form validation and organisers' input.

pub mod activity_mix;
pub mod admin;
pub mod announcement;
pub mod calendar;
pub mod catalogue;
pub mod catalogue_names;
mod catalogue_search;
pub mod competition;
pub mod daily_progress;
pub mod display_name;
pub mod duration;
pub mod feedback;
pub mod field_error;
pub mod guild;
pub mod health;
pub mod init_data;
pub mod intensity;
pub mod milestones;
pub mod network;
pub mod points;
pub mod queue;
pub mod quick_entry;
pub mod ranking;
pub mod recompute;
pub mod reminders;
pub mod review;
pub mod rules;
pub mod schedule;
pub mod search;
mod source;
pub mod streak;
pub mod workout;

pub use admin::{
    AdminRole, MIN_ADMIN_PASSWORD_CHARS, admin_username_key, check_admin_password,
    check_admin_username, describe_seconds, parse_age,
};
pub use calendar::{
    CalendarError, CompetitionCalendar, DEFAULT_TIME_ZONE, DateRejection, Phase, parse_time_zone,
    parse_typed_date,
};
pub use catalogue::{Activity, Catalogue, CatalogueEntry, CatalogueError, Category};
pub use competition::CompetitionDraft;
pub use display_name::plain_name;
pub use duration::{DurationError, DurationMinutes, parse_duration};
pub use feedback::{FeedbackDraft, parse_rating};
pub use field_error::FieldError;
pub use guild::GuildDraft;
pub use intensity::{Intensity, UnknownIntensity};
pub use points::{Met, MetError, Points, explain_formula};
pub use quick_entry::{QuickEntry, parse_quick_entry};
pub use ranking::{
    GuildScore, GuildStanding, GuildTable, GuildTotals, average_per_member, guild_standings,
    rank_positions,
};
pub use rules::CompetitionRules;
pub use schedule::Schedule;
pub use source::ActivitySource;
