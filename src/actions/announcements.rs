//! Announcements: an organiser writes to the participants — everyone, one
//! guild, or those inactive for some days — previews it as they will see
//! it, sends it, watches it go out and can call off what has not gone yet.
//! Sending queues one message per recipient under its own key (see
//! [`crate::actions::queue`]), so each gets it once, paced to Telegram's
//! limits by whichever instances are running. Sending and cancelling are
//! audited.

use chrono::{Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::domain::announcement::{Audience, check_body};
use crate::domain::queue::OutgoingMessage;
use crate::msg;
use crate::store::announcements::{Announcement, Progress};

/// What an organiser asks to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub body: String,
    pub audience: Audience,
}

/// What a draft would do: the text as checked and how many receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub body: String,
    pub audience: Audience,
    pub recipients: i64,
}

/// How many announcements the list shows.
pub const LISTED: u64 = 50;

/// The first day that counts as active for "inactive for N days": today
/// minus N + 1 days, in the active competition's time zone.
async fn first_active_day(app: &App, audience: &Audience) -> ActionResult<NaiveDate> {
    let tz = app
        .store
        .active_competition()
        .await?
        .map(|c| c.time_zone)
        .unwrap_or(Tz::UTC);
    let today = Utc::now().with_timezone(&tz).date_naive();
    let days = match audience {
        Audience::Inactive(days) => i64::from(*days),
        _ => 0,
    };
    Ok(today - Duration::days((days - 1).max(0)))
}

async fn check(app: &App, draft: &Draft) -> ActionResult<String> {
    let body = check_body(&draft.body).map_err(ActionError::Rejected)?;
    if let Audience::Guild(name) = &draft.audience {
        // Not found is the store's own clear error.
        app.store.guild_by_name(name).await?;
    }
    Ok(body)
}

/// Checks a draft and counts its recipients, sending nothing.
pub async fn preview(app: &App, actor: &Actor, draft: &Draft) -> ActionResult<Preview> {
    require(actor, AdminRole::Organiser)?;
    let body = check(app, draft).await?;
    let day = first_active_day(app, &draft.audience).await?;
    let recipients = app.store.count_audience(&draft.audience, day).await?;
    Ok(Preview {
        body,
        audience: draft.audience.clone(),
        recipients,
    })
}

/// Sends a draft: records it and queues a message to each recipient, with
/// its audit entry, in one transaction. An audience of nobody is refused.
pub async fn send(app: &App, actor: &Actor, draft: &Draft) -> ActionResult<Announcement> {
    require(actor, AdminRole::Organiser)?;
    let body = check(app, draft).await?;
    let day = first_active_day(app, &draft.audience).await?;
    let payload = serde_json::to_string(&OutgoingMessage::Announcement { body: body.clone() })
        .map_err(|e| ActionError::Internal(e.into()))?;
    let tx = app.store.begin().await?;
    let created = tx
        .create_announcement(
            &body,
            &payload,
            &draft.audience,
            day,
            &actor.name(),
            Utc::now(),
        )
        .await?;
    if created.recipients == 0 {
        return Err(ActionError::Rejected(msg!("err-announcement-nobody")));
    }
    let record =
        Record::new("announcement.send", format!("announcement #{}", created.id)).details(format!(
            "to {} ({} recipients): {}",
            draft.audience,
            created.recipients,
            crate::domain::display_name::plain_name(&body)
        ));
    commit(app, tx, actor, record).await?;
    Ok(created)
}

/// An announcement and where its messages are.
pub async fn status(app: &App, actor: &Actor, id: i64) -> ActionResult<(Announcement, Progress)> {
    require(actor, AdminRole::Viewer)?;
    let announcement = app
        .store
        .announcement(id)
        .await?
        .ok_or_else(|| ActionError::NotFound(msg!("err-no-announcement", id = id)))?;
    let progress = app.store.announcement_progress(id).await?;
    Ok((announcement, progress))
}

/// The latest announcements, newest first.
pub async fn list(app: &App, actor: &Actor) -> ActionResult<Vec<Announcement>> {
    require(actor, AdminRole::Viewer)?;
    Ok(app.store.announcements(LISTED).await?)
}

/// Calls off the messages of an announcement not sent yet; returns how
/// many were called off.
pub async fn cancel(app: &App, actor: &Actor, id: i64) -> ActionResult<u64> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    if tx.announcement(id).await?.is_none() {
        return Err(ActionError::NotFound(msg!("err-no-announcement", id = id)));
    }
    let Some(called_off) = tx.cancel_announcement(id, Utc::now()).await? else {
        return Err(ActionError::Conflict(msg!(
            "err-announcement-cancelled",
            id = id
        )));
    };
    let record = Record::new("announcement.cancel", format!("announcement #{id}"))
        .details(format!("{called_off} messages not sent"));
    commit(app, tx, actor, record).await?;
    Ok(called_off)
}
