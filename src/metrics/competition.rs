//! Competition metrics: totals read from the store at scrape time (they
//! survive restarts and include what the CLI and imports did), and counters
//! the frontends bump as things happen (for rates per guild and category).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use prometheus::{IntCounterVec, Opts, Registry};
use rust_decimal::prelude::ToPrimitive;

use crate::store::competitions::Competition;
use crate::store::db_stats::CompetitionFigures;

use super::family::{Families, Family};

/// The category label of activities that are not in the catalogue.
pub const OTHER_CATEGORY: &str = "other";

/// Counters incremented as participants act. Every active guild (and,
/// for activities, every catalogue category) has its series from the first
/// scrape, at zero until something happens, so that dashboards show 0
/// rather than no data on a quiet server.
#[derive(Clone)]
pub struct CompetitionCounters {
    activities_logged: IntCounterVec,
    registrations: IntCounterVec,
    /// The catalogue's categories, for the zero series.
    categories: Arc<RwLock<Vec<String>>>,
}

impl CompetitionCounters {
    pub(crate) fn register(registry: &Registry) -> prometheus::Result<CompetitionCounters> {
        let activities_logged = IntCounterVec::new(
            Opts::new(
                "activity_challenge_activities_logged_total",
                "Activities logged through this server, by guild and catalogue category.",
            ),
            &["guild", "category"],
        )?;
        let registrations = IntCounterVec::new(
            Opts::new(
                "activity_challenge_registrations_total",
                "Participants registered through this server, by guild.",
            ),
            &["guild"],
        )?;
        registry.register(Box::new(activities_logged.clone()))?;
        registry.register(Box::new(registrations.clone()))?;
        Ok(CompetitionCounters {
            activities_logged,
            registrations,
            categories: Arc::new(RwLock::new(vec![OTHER_CATEGORY.to_string()])),
        })
    }

    /// The catalogue's categories: each active guild gets a zero series per
    /// category (and [`OTHER_CATEGORY`]).
    pub fn set_categories(&self, categories: impl IntoIterator<Item = String>) {
        let mut all: Vec<String> = categories.into_iter().collect();
        all.push(OTHER_CATEGORY.to_string());
        all.sort();
        all.dedup();
        if let Ok(mut known) = self.categories.write() {
            *known = all;
        }
    }

    /// Makes sure every guild in `guilds` has its series (at zero when
    /// nothing was counted yet).
    pub fn cover_guilds<'a>(&self, guilds: impl IntoIterator<Item = &'a str>) {
        let categories = self
            .categories
            .read()
            .map(|c| c.clone())
            .unwrap_or_default();
        for guild in guilds {
            self.registrations.with_label_values(&[guild]);
            for category in &categories {
                self.activities_logged.with_label_values(&[guild, category]);
            }
        }
    }

    /// Counts one logged activity. `category` must be a catalogue category
    /// (or [`OTHER_CATEGORY`]).
    pub fn activity_logged(&self, guild: Option<&str>, category: &str) {
        self.activities_logged
            .with_label_values(&[guild.unwrap_or(""), category])
            .inc();
    }

    /// Counts one new registration.
    pub fn participant_registered(&self, guild: Option<&str>) {
        self.registrations
            .with_label_values(&[guild.unwrap_or("")])
            .inc();
    }
}

/// The scrape-time families of the competition's totals.
pub fn families(
    figures: &CompetitionFigures,
    competition: Option<&Competition>,
    now: DateTime<Utc>,
    out: &mut Families,
) {
    let total: u64 = figures.guilds.iter().map(|g| g.participants).sum();
    out.single(
        Family::gauge(
            "activity_challenge_participants",
            "Registered participants.",
        ),
        total as f64,
    );
    let mut participants = Family::gauge(
        "activity_challenge_guild_participants",
        "Registered participants per guild (an empty guild label: participants without a guild).",
    );
    let mut points = Family::gauge(
        "activity_challenge_guild_points",
        "Points of all the participants of a guild together.",
    );
    for g in &figures.guilds {
        let guild = g.guild.as_deref().unwrap_or("");
        participants.push(&[("guild", guild)], g.participants as f64);
        points.push(&[("guild", guild)], g.points.to_f64().unwrap_or(0.0));
    }
    // An active guild nobody has joined yet shows 0, not no data.
    for (guild, _) in &figures.guild_members {
        if !figures
            .guilds
            .iter()
            .any(|g| g.guild.as_deref() == Some(guild))
        {
            participants.push(&[("guild", guild)], 0.0);
            points.push(&[("guild", guild)], 0.0);
        }
    }
    out.add(participants);
    out.add(points);
    let mut members = Family::gauge(
        "activity_challenge_guild_configured_members",
        "Members an active guild has in total, as configured; standings divide points by it.",
    );
    for (guild, count) in &figures.guild_members {
        members.push(&[("guild", guild)], f64::from(*count));
    }
    out.add(members);
    out.single(
        Family::gauge("activity_challenge_activities", "Activities stored."),
        figures.activities as f64,
    );
    out.single(
        Family::gauge(
            "activity_challenge_feedback",
            "Feedback submissions stored.",
        ),
        figures.feedback as f64,
    );
    out.single(
        Family::gauge(
            "activity_challenge_backup_last_success_timestamp_seconds",
            "When the newest successful backup finished (Unix time); 0 when none is recorded.",
        ),
        figures
            .last_backup
            .map_or(0.0, |at| at.timestamp_millis() as f64 / 1000.0),
    );
    out.single(
        Family::gauge(
            "activity_challenge_competition_active",
            "1 when a competition is set up as the active one.",
        ),
        f64::from(u8::from(competition.is_some())),
    );
    if let Some(c) = competition {
        let calendar = c.calendar();
        out.single(
            Family::gauge(
                "activity_challenge_competition_remaining_seconds",
                "Seconds until the active competition ends (midnight after its last day, in its time zone); 0 once it has.",
            ),
            calendar.seconds_left(now) as f64,
        );
        out.single(
            Family::gauge(
                "activity_challenge_competition_length_seconds",
                "How long the active competition lasts, from midnight before its first day to midnight after its last.",
            ),
            calendar.length_seconds() as f64,
        );
    }
}
