//! Announcements through the admin API: preview, send, follow and call
//! off a message to the participants, as the admin panel and
//! `activity-challenge announce` do, through the same actions.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::admin::{AdminToken, actor};
use super::error::ApiError;
use crate::actions::ActionError;
use crate::actions::announcements::{self, Draft};
use crate::app::App;
use crate::domain::FieldError;
use crate::domain::announcement::Audience;
use crate::store::announcements::{Announcement, Progress};

/// An announcement to write.
#[derive(Debug, Object)]
pub struct AnnouncementInput {
    /// The text, sent as written (plain text, up to 3,000 characters).
    pub body: String,
    /// `everyone`, `guild:NAME` or `inactive:DAYS` (nothing logged in the
    /// last DAYS days).
    pub audience: String,
}

/// What an announcement would do, sending nothing.
#[derive(Debug, Object)]
pub struct AnnouncementPreview {
    /// The text as it will be sent.
    pub body: String,
    pub audience: String,
    /// How many participants would receive it (test users and people who
    /// blocked the bot are never among them).
    pub recipients: i64,
}

/// Where an announcement's messages are.
#[derive(Debug, Object)]
pub struct AnnouncementProgress {
    /// Delivered.
    pub sent: i64,
    /// Not sent yet (or being sent, or waiting for another try).
    pub waiting: i64,
    /// Failed every try, or perhaps delivered by an instance that stopped.
    pub failed: i64,
    /// The person blocked the bot.
    pub unreachable: i64,
    /// Called off.
    pub cancelled: i64,
    /// True when nothing is left to send.
    pub finished: bool,
}

impl From<Progress> for AnnouncementProgress {
    fn from(p: Progress) -> Self {
        AnnouncementProgress {
            sent: p.sent,
            waiting: p.waiting,
            failed: p.failed,
            unreachable: p.unreachable,
            cancelled: p.cancelled,
            finished: p.finished(),
        }
    }
}

/// An announcement sent, with its progress.
#[derive(Debug, Object)]
pub struct AnnouncementItem {
    pub id: i64,
    pub body: String,
    pub audience: String,
    pub recipients: i64,
    /// Who sent it, as the audit log names them.
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, when the rest was called off.
    pub cancelled_at: Option<String>,
    pub progress: AnnouncementProgress,
}

impl AnnouncementItem {
    fn new(a: Announcement, progress: Progress) -> Self {
        AnnouncementItem {
            id: a.id,
            body: a.body,
            audience: a.audience,
            recipients: i64::from(a.recipients),
            created_by: a.created_by,
            created_at: a.created_at.to_rfc3339(),
            cancelled_at: a.cancelled_at.map(|t| t.to_rfc3339()),
            progress: progress.into(),
        }
    }
}

/// The latest announcements, newest first.
#[derive(Debug, Object)]
pub struct AnnouncementList {
    pub items: Vec<AnnouncementItem>,
}

/// An announcement queued for sending.
#[derive(Debug, ApiResponse)]
pub enum AnnouncementSent {
    /// Recorded, audited, and a message queued to each recipient.
    #[oai(status = 201)]
    Created(Json<AnnouncementItem>),
}

/// What cancelling did.
#[derive(Debug, Object)]
pub struct AnnouncementCancelled {
    /// Messages called off (those not sent yet).
    pub called_off: u64,
    pub announcement: AnnouncementItem,
}

fn draft(input: &AnnouncementInput) -> Result<Draft, ApiError> {
    let audience = Audience::parse(&input.audience)
        .map_err(|m| ActionError::Invalid(vec![FieldError::new("audience", m)]))?;
    Ok(Draft {
        body: input.body.clone(),
        audience,
    })
}

async fn item(app: &App, token: &AdminToken, id: i64) -> Result<AnnouncementItem, ApiError> {
    let (a, progress) = announcements::status(app, &actor(token), id).await?;
    Ok(AnnouncementItem::new(a, progress))
}

/// Announcements to the participants.
pub struct AnnouncementsApi;

#[OpenApi(prefix_path = "/admin", tag = "ApiTags::Admin")]
impl AnnouncementsApi {
    /// The latest announcements (50 at most), newest first, each with
    /// where its messages are.
    #[oai(path = "/announcements", method = "get")]
    async fn list_announcements(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
    ) -> Result<Json<AnnouncementList>, ApiError> {
        let mut items = Vec::new();
        for a in announcements::list(&app, &actor(&token)).await? {
            items.push(item(&app, &token, a.id).await?);
        }
        Ok(Json(AnnouncementList { items }))
    }

    /// Checks an announcement and counts who would receive it, sending
    /// nothing.
    #[oai(path = "/announcements/preview", method = "post")]
    async fn preview_announcement(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        body: Json<AnnouncementInput>,
    ) -> Result<Json<AnnouncementPreview>, ApiError> {
        let preview = announcements::preview(&app, &actor(&token), &draft(&body.0)?).await?;
        Ok(Json(AnnouncementPreview {
            body: preview.body,
            audience: preview.audience.to_string(),
            recipients: preview.recipients,
        }))
    }

    /// Sends an announcement: records it and queues one message to each
    /// recipient (each gets it once, paced to Telegram's limits), audited
    /// as `announcement.send`. An audience of nobody is refused with 422.
    #[oai(path = "/announcements", method = "post")]
    async fn send_announcement(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        body: Json<AnnouncementInput>,
    ) -> Result<AnnouncementSent, ApiError> {
        let sent = announcements::send(&app, &actor(&token), &draft(&body.0)?).await?;
        Ok(AnnouncementSent::Created(Json(
            item(&app, &token, sent.id).await?,
        )))
    }

    /// One announcement and where its messages are: poll it to follow the
    /// sending.
    #[oai(path = "/announcements/:id", method = "get")]
    async fn get_announcement(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<AnnouncementItem>, ApiError> {
        Ok(Json(item(&app, &token, id.0).await?))
    }

    /// Calls off the messages of an announcement not sent yet, audited as
    /// `announcement.cancel`; one already called off is a 409.
    #[oai(path = "/announcements/:id/cancel", method = "post")]
    async fn cancel_announcement(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<AnnouncementCancelled>, ApiError> {
        let called_off = announcements::cancel(&app, &actor(&token), id.0).await?;
        Ok(Json(AnnouncementCancelled {
            called_off,
            announcement: item(&app, &token, id.0).await?,
        }))
    }
}
