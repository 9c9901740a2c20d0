//! The messages a participant chooses to get, and the scheduler's hourly
//! runs that queue them.
//!
//! A participant sets their daily reminder's hour (never one in the quiet
//! hours, `QUIET_HOURS`) or turns it off, and turns the weekly digest on or
//! off: each their own choice, kept in the audit log like their other
//! choices. Every hour the scheduler queues the reminders of that local
//! hour (in the active competition's time zone) for those who logged
//! nothing that day, and on Monday at 08:00 the digests of the week
//! before: one message job each, under a key of its own, so that a run
//! repeated (a restart, a second instance, the hour that comes twice when
//! the clocks go back) adds nothing. The message is written when it is
//! sent, in the language stored with it.

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};

use super::queue::message_job;
use super::{ActionError, ActionResult, Actor, Record, commit};
use crate::app::App;
use crate::domain::Points;
use crate::domain::queue::{GuildPosition, OutgoingMessage, QuickLog, WeeklyDigest};
use crate::domain::reminders::{self, digest_key, reminder_key};
use crate::domain::streak::streak;
use crate::i18n::Language;
use crate::msg;
use crate::store::queue::NewJob;
use crate::store::reminders::PersonSettings;

/// Only the participant changes their own settings.
fn own(actor: &Actor, participant: i64) -> ActionResult<()> {
    match actor {
        Actor::Participant { id, .. } if *id == participant => Ok(()),
        _ => Err(ActionError::Forbidden(msg!("err-own-data-only"))),
    }
}

fn target(participant: i64) -> String {
    format!("participant #{participant}")
}

/// A participant's settings.
pub async fn settings(app: &App, actor: &Actor, participant: i64) -> ActionResult<PersonSettings> {
    own(actor, participant)?;
    Ok(app.store.person_settings(participant).await?)
}

/// Sets the participant's daily reminder to the local hour `hour`, or
/// turns it off with `None`. An hour in the quiet hours is refused.
pub async fn set_reminder(
    app: &App,
    actor: &Actor,
    participant: i64,
    hour: Option<u8>,
) -> ActionResult<PersonSettings> {
    own(actor, participant)?;
    let quiet = app.config.messages.quiet_hours;
    if let Some(h) = hour {
        if h > 23 {
            return Err(ActionError::Rejected(msg!("err-reminder-hour", hour = h)));
        }
        if quiet.contains(h) {
            return Err(ActionError::Rejected(msg!(
                "err-reminder-quiet-hour",
                hour = h,
                start = quiet.start,
                end = quiet.end
            )));
        }
    }
    let tx = app.store.begin().await?;
    tx.set_reminder_hour(participant, hour).await?;
    let details = match hour {
        Some(h) => format!("daily at {h:02}:00"),
        None => "off".to_string(),
    };
    let record = Record::new("settings.reminder", target(participant))
        .details(details)
        .about(participant);
    commit(app, tx, actor, record).await?;
    Ok(app.store.person_settings(participant).await?)
}

/// Turns the participant's weekly digest on or off.
pub async fn set_weekly_digest(
    app: &App,
    actor: &Actor,
    participant: i64,
    on: bool,
) -> ActionResult<PersonSettings> {
    own(actor, participant)?;
    let tx = app.store.begin().await?;
    tx.set_weekly_digest(participant, on).await?;
    let record = Record::new("settings.digest", target(participant))
        .details(if on { "on" } else { "off" })
        .about(participant);
    commit(app, tx, actor, record).await?;
    Ok(app.store.person_settings(participant).await?)
}

/// A participant whom Telegram could not reach wrote to the bot: messages
/// go to them again. True when they had been unreachable.
pub async fn note_reachable(app: &App, actor: &Actor, participant: i64) -> ActionResult<bool> {
    own(actor, participant)?;
    Ok(app.store.mark_reachable(participant).await?)
}

pub(super) fn language(code: Option<&str>) -> Language {
    code.and_then(Language::from_code).unwrap_or_default()
}

/// Queues the reminders of the hourly run at `at` (on the hour): to those
/// whose reminder is at that local hour of the active competition's time
/// zone, outside the quiet hours, who logged nothing for that local day
/// and whom Telegram can reach. Nothing without an active competition or
/// outside its days. Returns how many were queued.
pub async fn queue_reminders(
    app: &App,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActionResult<u64> {
    let Some(competition) = app.store.active_competition().await? else {
        return Ok(0);
    };
    let (day, hour) = reminders::local_hour(at, competition.time_zone);
    if app.config.messages.quiet_hours.contains(hour)
        || day < competition.start_date
        || day > competition.end_date
    {
        return Ok(0);
    }
    let recipients = app.store.reminder_recipients(hour, day).await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let mut jobs = Vec::with_capacity(recipients.len());
    for r in &recipients {
        let repeat = match (r.last_code.as_deref(), r.last_minutes) {
            (Some(code), Some(minutes)) => code.parse::<u32>().ok().map(|code| QuickLog {
                code,
                minutes: minutes.clamp(1, i32::from(u16::MAX)) as u16,
            }),
            _ => None,
        };
        let message = OutgoingMessage::Reminder {
            language: language(r.language.as_deref()),
            repeat,
        };
        jobs.push(message_job(
            reminder_key(day, r.user_id),
            Some(r.user_id),
            r.chat_id,
            &message,
            now,
        )?);
    }
    queue_recorded(app, &jobs, now, |queued| {
        Record::new("reminders.queue", format!("{day} {hour:02}:00"))
            .details(format!("{queued} reminders queued"))
    })
    .await
}

/// Queues `jobs` with the scheduler's audit entry made by `record` from how
/// many were queued, in one transaction; when every one was queued before
/// (a repeated run), nothing is written, not even the entry.
pub(super) async fn queue_recorded(
    app: &App,
    jobs: &[NewJob],
    now: DateTime<Utc>,
    record: impl FnOnce(u64) -> Record,
) -> ActionResult<u64> {
    let tx = app.store.begin().await?;
    let queued = tx.enqueue_jobs(jobs, now).await?;
    if queued == 0 {
        return Ok(0);
    }
    commit(app, tx, &Actor::Scheduler, record(queued)).await?;
    Ok(queued)
}

/// Queues the weekly digests when the hourly run at `at` is Monday 08:00
/// in the active competition's time zone: to every participant who did
/// not turn it off and whom Telegram can reach, about the week before —
/// if the competition ran in it. Returns how many were queued.
pub async fn queue_digests(app: &App, at: DateTime<Utc>, now: DateTime<Utc>) -> ActionResult<u64> {
    let Some(competition) = app.store.active_competition().await? else {
        return Ok(0);
    };
    let Some((monday, sunday)) = reminders::digest_week(at, competition.time_zone) else {
        return Ok(0);
    };
    if sunday < competition.start_date || monday > competition.end_date {
        return Ok(0);
    }
    let recipients = app.store.digest_recipients(monday, sunday).await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    // Streaks as of the Monday of the digest.
    let today = sunday.checked_add_days(Days::new(1)).unwrap_or(sunday);
    let days: HashMap<i64, Vec<chrono::NaiveDate>> = app
        .store
        .active_days_by_participant(competition.start_date, today)
        .await?
        .into_iter()
        .collect();
    let guilds_now: HashMap<String, u64> = app
        .store
        .public_guild_standings()
        .await?
        .guilds
        .into_iter()
        .map(|g| (g.name, g.rank))
        .collect();
    let guilds_before: HashMap<String, u64> = app
        .store
        .public_guild_standings_before(monday)
        .await?
        .into_iter()
        .map(|g| (g.name, g.rank))
        .collect();
    let mut jobs = Vec::with_capacity(recipients.len());
    for r in &recipients {
        let guild = r.guild.as_ref().and_then(|name| {
            Some(GuildPosition {
                name: name.clone(),
                rank: *guilds_now.get(name)?,
                rank_before: *guilds_before.get(name)?,
            })
        });
        let digest = WeeklyDigest {
            week: monday,
            points_cents: Points::new(r.week_points).cents(),
            active_days: r.active_days.clamp(0, 7) as u32,
            streak: days.get(&r.user_id).map_or(0, |d| streak(d, today).current),
            rank: r.rank_now.max(1) as u64,
            rank_before: r.rank_before.max(1) as u64,
            guild,
        };
        let message = OutgoingMessage::Digest {
            language: language(r.language.as_deref()),
            digest,
        };
        jobs.push(message_job(
            digest_key(monday, r.user_id),
            Some(r.user_id),
            r.chat_id,
            &message,
            now,
        )?);
    }
    queue_recorded(app, &jobs, now, |queued| {
        Record::new("digests.queue", format!("week of {monday}"))
            .details(format!("{queued} digests queued"))
    })
    .await
}
