//! The competition's milestone messages: every hour the scheduler queues
//! those due — "starts tomorrow" for the active or a scheduled competition
//! that starts the next day, "N days left" and the final results for the
//! active one — to every registered participant whom Telegram can reach,
//! at the hour the organisers set (see [`Milestones`]), never in the quiet
//! hours. One message job each under a key of the competition, the
//! milestone and the person, so repeated runs, restarts and a second
//! instance add nothing. The final results wait while entries wait for
//! review, so that nobody is told a rank a review then changes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::reminders::{language, queue_recorded};
use super::{ActionResult, Record};
use crate::app::App;
use crate::domain::Points;
use crate::domain::milestones::{
    GuildPlace, MilestoneKind, MilestoneMessage, PODIUM, PodiumGuild, Standing, milestone_key,
};
use crate::domain::queue::OutgoingMessage;
use crate::domain::ranking::GuildStanding;
use crate::domain::reminders::local_hour;
use crate::store::competitions::Competition;
use crate::store::reminders::MilestoneRecipient;

use super::competitions::target;
use super::queue::message_job;

/// Queues the milestone messages due at the hourly run at `at`. Returns
/// how many were queued.
pub async fn queue_milestones(
    app: &App,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActionResult<u64> {
    let mut competitions: Vec<Competition> =
        app.store.active_competition().await?.into_iter().collect();
    competitions.extend(app.store.scheduled_competitions().await?);
    let mut queued = 0;
    for competition in competitions {
        let (day, hour) = local_hour(at, competition.time_zone);
        if app.config.messages.quiet_hours.contains(hour) {
            continue;
        }
        let mut due =
            competition
                .milestones
                .due(competition.start_date, competition.end_date, day, hour);
        if !competition.is_active {
            // A scheduled competition has only its start ahead of it.
            due.retain(|kind| *kind == MilestoneKind::StartsTomorrow);
        }
        if due.contains(&MilestoneKind::FinalResults) {
            let pending = app.store.count_pending_flags().await?;
            if pending > 0 {
                tracing::info!(
                    competition = competition.id,
                    pending,
                    "final results wait until the entries flagged for review are reviewed"
                );
                due.retain(|kind| *kind != MilestoneKind::FinalResults);
            }
        }
        for kind in due {
            queued += queue_milestone(app, &competition, kind, now).await?;
        }
    }
    Ok(queued)
}

/// Queues milestone `kind` of `competition` to everyone who gets it, with
/// the scheduler's audit entry.
async fn queue_milestone(
    app: &App,
    competition: &Competition,
    kind: MilestoneKind,
    now: DateTime<Utc>,
) -> ActionResult<u64> {
    let recipients = app.store.milestone_recipients().await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let guilds = match kind {
        MilestoneKind::StartsTomorrow => Vec::new(),
        _ => app.store.public_guild_standings().await?.guilds,
    };
    let mut jobs = Vec::with_capacity(recipients.len());
    for r in &recipients {
        let milestone = message(competition, kind, r, &guilds);
        let message = OutgoingMessage::Milestone {
            language: language(r.language.as_deref()),
            milestone,
        };
        jobs.push(message_job(
            milestone_key(competition.id, kind, r.user_id),
            Some(r.user_id),
            r.chat_id,
            &message,
            now,
        )?);
    }
    queue_recorded(app, &jobs, now, |queued| {
        Record::new("milestones.queue", target(competition))
            .details(format!("{}: {queued} messages queued", kind.code()))
    })
    .await
}

/// What milestone `kind` tells `r`.
fn message(
    competition: &Competition,
    kind: MilestoneKind,
    r: &MilestoneRecipient,
    guilds: &[GuildStanding],
) -> MilestoneMessage {
    let name = competition.name.clone();
    let standing = || Standing {
        points_cents: Points::new(r.points).cents(),
        rank: r.rank.max(1) as u64,
        participants: r.participants.max(1) as u64,
        guild: r.guild.as_ref().and_then(|name| {
            let g = guilds.iter().find(|g| &g.name == name)?;
            Some(GuildPlace {
                name: g.name.clone(),
                rank: g.rank,
                guilds: guilds.len() as u64,
            })
        }),
    };
    match kind {
        MilestoneKind::StartsTomorrow => MilestoneMessage::StartsTomorrow {
            competition: name,
            start: competition.start_date,
            end: competition.end_date,
        },
        MilestoneKind::DaysLeft => MilestoneMessage::DaysLeft {
            competition: name,
            days: competition.milestones.days_left.unwrap_or(1),
            end: competition.end_date,
            standing: standing(),
        },
        MilestoneKind::FinalResults => MilestoneMessage::FinalResults {
            competition: name,
            podium: guilds
                .iter()
                .filter(|g| g.rank as usize <= PODIUM)
                .map(|g| PodiumGuild {
                    rank: g.rank,
                    name: g.name.clone(),
                    score_tenths: (g.score * Decimal::TEN)
                        .trunc()
                        .to_i64()
                        .unwrap_or_default(),
                })
                .collect(),
            standing: standing(),
        },
    }
}
