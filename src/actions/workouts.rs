//! Logging from a workout file: reading it into a card the participant
//! confirms (one entry per sport), then logging the card — all of its
//! entries in one transaction, each marked as from a file with the file's
//! hash, so the same workout is never logged twice.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor};
use crate::app::App;
use crate::domain::rules::EntryFacts;
use crate::domain::workout::{MIN_SESSION_SECONDS, WorkoutFormat, WorkoutSports, read_workout};
use crate::domain::{ActivitySource, CatalogueEntry, CompetitionRules, DurationMinutes, Points};
use crate::i18n::Message;
use crate::msg;
use crate::store::activities::{LoggedActivity, NewActivity, RecordedWorkout};
use crate::store::participants::Participant;

/// The built-in mapping from a file's sport to the catalogue.
fn sports() -> &'static WorkoutSports {
    static SPORTS: OnceLock<WorkoutSports> = OnceLock::new();
    SPORTS.get_or_init(WorkoutSports::builtin)
}

/// One entry of a card: a sport of the workout, ready to log.
#[derive(Debug, Clone, PartialEq)]
pub struct CardEntry {
    /// The sport as the file names it (`running`, `cycling/indoor_cycling`).
    pub sport: String,
    /// The catalogue entry's Compendium code; `None` until the person
    /// picks one (a sport the mapping does not know).
    pub code: Option<String>,
    /// The day, in the competition's time zone.
    pub date: NaiveDate,
    /// The moving time, in whole minutes.
    pub minutes: u16,
    pub started_at: DateTime<Utc>,
    /// Metres covered, when recorded.
    pub distance_m: Option<u32>,
}

impl CardEntry {
    /// The catalogue entry, when one is chosen and in the catalogue.
    pub fn entry<'c>(&self, app: &'c App) -> Option<&'c CatalogueEntry> {
        self.code
            .as_deref()
            .and_then(|c| app.catalogue.entry_by_code(c))
    }

    /// The points it would earn under `rules` (before the daily maximum),
    /// once its activity is known; zero for an activity the rules leave out.
    pub fn points(&self, app: &App, rules: &CompetitionRules) -> Option<Points> {
        let entry = self.entry(app)?;
        let facts = EntryFacts {
            category: Some(&entry.category),
            code: Some(&entry.code),
            met: Some(entry.met),
            plain_points: Points::ZERO,
            minutes: self.minutes,
            date: self.date,
        };
        Some(rules.score(&facts).map_or(Points::ZERO, |s| s.points))
    }
}

/// A workout file read and checked, waiting for the participant's tap.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutCard {
    pub format: WorkoutFormat,
    /// The file's SHA-256.
    pub sha256: String,
    pub entries: Vec<CardEntry>,
    /// Sessions left out, with why (a multisport file's leg under a minute).
    pub left_out: Vec<Message>,
}

impl WorkoutCard {
    /// Whether every entry has its activity.
    pub fn complete(&self) -> bool {
        self.entries.iter().all(|e| e.code.is_some())
    }
}

/// Reads a workout file sent by `participant` and checks everything that
/// can be checked before they confirm: a readable activity, at least a
/// minute long, on a day that can be logged, not logged before. Nothing
/// is written.
pub async fn read_card(
    app: &App,
    participant: &Participant,
    file_name: &str,
    bytes: &[u8],
) -> ActionResult<WorkoutCard> {
    let workout = read_workout(file_name, bytes).map_err(|e| ActionError::Rejected(e.message()))?;
    let competition = app
        .store
        .active_competition()
        .await?
        .ok_or_else(|| ActionError::Rejected(msg!("err-workout-no-competition")))?;
    let calendar = competition.calendar();
    let mut entries = Vec::new();
    let mut left_out = Vec::new();
    let multisport = workout.sessions.len() > 1;
    for session in &workout.sessions {
        let seconds = session.moving_seconds;
        if seconds < MIN_SESSION_SECONDS {
            if multisport {
                left_out.push(msg!(
                    "workout-left-out-short",
                    sport = session.sport.as_str(),
                    seconds = seconds
                ));
                continue;
            }
            return Err(ActionError::Rejected(
                match session.elapsed_seconds.filter(|e| *e > seconds) {
                    Some(elapsed) => msg!(
                        "err-workout-too-short-moving",
                        seconds = seconds,
                        elapsed = elapsed
                    ),
                    None => msg!("err-workout-too-short", seconds = seconds),
                },
            ));
        }
        let minutes = (seconds + 30) / 60;
        let duration = DurationMinutes::new(minutes).map_err(|_| {
            ActionError::Rejected(msg!(
                "err-workout-too-long",
                sport = session.sport.as_str(),
                hours = minutes / 60
            ))
        })?;
        let date = calendar.today(session.start);
        calendar.check_log_date(date, Utc::now()).map_err(|e| {
            ActionError::Rejected(msg!(
                "err-workout-outside-competition",
                date = date,
                competition = competition.name.as_str(),
                start = calendar.start(),
                end = calendar.end(),
                why = e.message()
            ))
        })?;
        entries.push(CardEntry {
            sport: match &session.sub_sport {
                Some(sub) => format!("{}/{sub}", session.sport),
                None => session.sport.clone(),
            },
            code: sports()
                .entry_for(session, &app.catalogue)
                .map(|e| e.code.clone()),
            date,
            minutes: duration.get(),
            started_at: session.start,
            distance_m: session
                .distance_m
                .map(|d| d.round().min(f64::from(u32::MAX)) as u32),
        });
    }
    if entries.is_empty() {
        return Err(ActionError::Rejected(msg!("err-workout-all-too-short")));
    }
    for entry in &entries {
        check_not_logged(app, participant.id, &workout.sha256, entry).await?;
    }
    Ok(WorkoutCard {
        format: workout.format,
        sha256: workout.sha256,
        entries,
        left_out,
    })
}

/// Refuses a workout logged before: the same file, or the same start and
/// length from another device.
async fn check_not_logged(
    app: &App,
    user_id: i64,
    sha256: &str,
    entry: &CardEntry,
) -> ActionResult<()> {
    if let Some(first) = app
        .store
        .recorded_duplicate(user_id, sha256, entry.started_at, entry.minutes)
        .await?
    {
        return Err(ActionError::Conflict(msg!(
            "err-workout-already-logged",
            activity = first.activity_type.as_str(),
            date = first.activity_date,
            minutes = first.duration_minutes,
            logged = first.created_at.format("%Y-%m-%d %H:%M UTC").to_string()
        )));
    }
    Ok(())
}

/// Logs a confirmed card: every entry in one transaction, marked as from
/// a file. A participant logs only their own; the dates and the duplicate
/// check are made again, as time has passed since the card was read.
pub async fn log_card(
    app: &App,
    actor: &Actor,
    participant: &Participant,
    card: &WorkoutCard,
) -> ActionResult<Vec<LoggedActivity>> {
    if let Actor::Participant { id, .. } = actor
        && *id != participant.id
    {
        return Err(ActionError::Forbidden(msg!("err-log-for-yourself-only")));
    }
    let competition = app
        .store
        .active_competition()
        .await?
        .ok_or_else(|| ActionError::Rejected(msg!("err-workout-no-competition")))?;
    let calendar = competition.calendar();
    let now = Utc::now();
    let mut new = Vec::new();
    for (i, entry) in card.entries.iter().enumerate() {
        let catalogue_entry = entry.entry(app).ok_or_else(|| {
            ActionError::field(
                "activity",
                msg!("err-workout-pick-activity", sport = entry.sport.as_str()),
            )
        })?;
        calendar
            .check_log_date(entry.date, now)
            .map_err(|e| ActionError::Rejected(e.message()))?;
        check_not_logged(app, participant.id, &card.sha256, entry).await?;
        let duration = DurationMinutes::new(u32::from(entry.minutes))
            .map_err(|e| ActionError::Rejected(e.message()))?;
        let mut activity = NewActivity::from_catalogue(
            participant.id,
            catalogue_entry,
            duration,
            entry.date,
            Some(format!(
                "file:{}:{i}",
                &card.sha256[..card.sha256.len().min(40)]
            )),
        );
        super::activities::apply_rules(&competition.rules, catalogue_entry, &mut activity)?;
        activity.source = ActivitySource::File;
        activity.workout = Some(RecordedWorkout {
            started_at: entry.started_at,
            distance_m: entry.distance_m,
            sha256: card.sha256.clone(),
        });
        new.push(activity);
    }
    let tx = app.store.begin().await?;
    let mut logged = Vec::with_capacity(new.len());
    for activity in new {
        logged.push(tx.log_activity(activity).await?);
    }
    tx.commit().await?;
    for l in &logged {
        super::activities::count_logged(app, participant.guild.as_deref(), l);
    }
    super::reviews::flag_all(app, &mut logged).await?;
    app.metrics
        .action_done("activity.from_file", actor.kind().as_str());
    Ok(logged)
}
