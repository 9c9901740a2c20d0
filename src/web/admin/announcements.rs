//! Announcements: write, preview as participants will read it, choose who
//! receives it, confirm, then watch it go out (sent, waiting, failed,
//! unreachable) and cancel what has not gone yet. And the job queue's
//! page: how many jobs are where, and the parked ones with their errors,
//! each of which an organiser can put back.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::{Json, Path};

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, say, store_error, t,
};
use crate::actions;
use crate::actions::announcements::{Draft, Preview};
use crate::actions::queue::QueueOverview;
use crate::domain::announcement::{Audience, MAX_ANNOUNCEMENT_CHARS, MAX_INACTIVE_DAYS};
use crate::msg;
use crate::store::announcements::{Announcement, Progress};

/// What the form holds, to show it again.
#[derive(Default)]
struct FormValues {
    body: String,
    to: String,
    guild: String,
    days: String,
}

impl FormValues {
    fn from_form(form: &AdminForm) -> FormValues {
        FormValues {
            body: form.get("body").to_string(),
            to: form.get("to").to_string(),
            guild: form.get("guild").to_string(),
            days: form.get("days").to_string(),
        }
    }

    /// The draft the form asks for, or what is wrong with its audience.
    fn draft(&self) -> Result<Draft, String> {
        Ok(Draft {
            body: self.body.clone(),
            audience: self.audience()?,
        })
    }

    fn audience(&self) -> Result<Audience, String> {
        match self.to.as_str() {
            "guild" => Ok(Audience::Guild(self.guild.trim().to_string())),
            "inactive" => Audience::inactive(&self.days).map_err(|m| say(&m)),
            _ => Ok(Audience::Everyone),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/announcements.html")]
struct AnnouncementsPage {
    layout: Layout,
    form: FormValues,
    error: Option<String>,
    guilds: Vec<String>,
    sent: Vec<(Announcement, Progress)>,
    max_chars: usize,
    max_days: u16,
}

impl AnnouncementsPage {
    fn audience(&self, a: &Announcement) -> String {
        Audience::parse(&a.audience)
            .map(|au| say(&au.describe()))
            .unwrap_or_else(|_| a.audience.clone())
    }

    fn first_line(&self, a: &Announcement) -> String {
        let line = a.body.lines().next().unwrap_or("");
        if line.chars().count() > 80 {
            format!("{}…", line.chars().take(79).collect::<String>())
        } else {
            line.to_string()
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/announcement_preview.html")]
struct PreviewPage {
    layout: Layout,
    form: FormValues,
    preview: Preview,
    audience: String,
}

impl PreviewPage {
    fn lines(&self) -> Vec<String> {
        self.preview.body.lines().map(str::to_owned).collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/announcement.html")]
struct AnnouncementPage {
    layout: Layout,
    announcement: Announcement,
    progress: Progress,
    audience: String,
}

impl AnnouncementPage {
    fn lines(&self) -> Vec<String> {
        self.announcement.body.lines().map(str::to_owned).collect()
    }

    fn done(&self) -> i64 {
        self.progress.sent
            + self.progress.failed
            + self.progress.unreachable
            + self.progress.cancelled
    }
}

async fn page(admin: &Admin, form: FormValues, error: Option<String>) -> PageResult {
    let app = admin.app();
    let actor = admin.actor();
    let announcements = actions::announcements::list(app, &actor)
        .await
        .map_err(action_error)?;
    let mut sent = Vec::with_capacity(announcements.len());
    for a in announcements {
        let figures = app
            .store
            .announcement_progress(a.id)
            .await
            .map_err(store_error)?;
        sent.push((a, figures));
    }
    let guilds = app
        .store
        .list_guilds()
        .await
        .map_err(store_error)?
        .into_iter()
        .filter(|g| g.active)
        .map(|g| g.name)
        .collect();
    Ok(render(
        admin,
        AnnouncementsPage {
            layout: Layout::new(admin, t("admin-nav-announcements"), "announcements"),
            form,
            error,
            guilds,
            sent,
            max_chars: MAX_ANNOUNCEMENT_CHARS,
            max_days: MAX_INACTIVE_DAYS,
        },
    ))
}

/// A refused draft: a rejection the organiser can mend goes back to the
/// form with their text; anything else is an error page.
async fn refused(admin: &Admin, values: FormValues, e: actions::ActionError) -> PageResult {
    match e {
        actions::ActionError::Rejected(_) | actions::ActionError::NotFound(_) => {
            let message = action_message(&e);
            page(admin, values, Some(message)).await
        }
        e => Err(action_error(e)),
    }
}

/// `GET /admin/announcements`: the form and the announcements so far.
#[handler]
pub async fn list(admin: Admin) -> PageResult {
    page(
        &admin,
        FormValues {
            to: "everyone".into(),
            days: "7".into(),
            ..FormValues::default()
        },
        None,
    )
    .await
}

/// `POST /admin/announcements/preview`: the message as participants will
/// read it and how many receive it, to confirm or change.
#[handler]
pub async fn preview(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let values = FormValues::from_form(&form);
    let draft = match values.draft() {
        Ok(d) => d,
        Err(e) => return page(admin, values, Some(e)).await,
    };
    match actions::announcements::preview(admin.app(), &admin.actor(), &draft).await {
        Ok(preview) => Ok(render(
            admin,
            PreviewPage {
                layout: Layout::new(
                    admin,
                    t("admin-announcement-preview-title"),
                    "announcements",
                ),
                audience: say(&preview.audience.describe()),
                form: values,
                preview,
            },
        )),
        Err(e) => refused(admin, values, e).await,
    }
}

/// `POST /admin/announcements`: sends the confirmed announcement.
#[handler]
pub async fn send(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let values = FormValues::from_form(&form);
    let draft = match values.draft() {
        Ok(d) => d,
        Err(e) => return page(admin, values, Some(e)).await,
    };
    match actions::announcements::send(admin.app(), &admin.actor(), &draft).await {
        Ok(sent) => Ok(redirect_with(
            &format!("/admin/announcements/{}", sent.id),
            "ok",
            say(&msg!(
                "admin-announcement-queued",
                count = i64::from(sent.recipients)
            )),
        )),
        Err(e) => refused(admin, values, e).await,
    }
}

/// `GET /admin/announcements/:id`: its text and live progress.
#[handler]
pub async fn show(Path(id): Path<i64>, admin: Admin) -> PageResult {
    let (announcement, figures) = actions::announcements::status(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    let audience = Audience::parse(&announcement.audience)
        .map(|a| say(&a.describe()))
        .unwrap_or_else(|_| announcement.audience.clone());
    Ok(render(
        &admin,
        AnnouncementPage {
            layout: Layout::new(
                &admin,
                say(&msg!("admin-announcement-title", id = id)),
                "announcements",
            ),
            announcement,
            progress: figures,
            audience,
        },
    ))
}

/// `GET /admin/announcements/:id/progress`: the figures the page follows.
#[handler]
pub async fn progress(Path(id): Path<i64>, admin: Admin) -> poem::Result<Json<serde_json::Value>> {
    let (a, p) = actions::announcements::status(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    Ok(Json(serde_json::json!({
        "recipients": a.recipients,
        "sent": p.sent,
        "waiting": p.waiting,
        "failed": p.failed,
        "unreachable": p.unreachable,
        "cancelled": p.cancelled,
        "done": p.sent + p.failed + p.unreachable + p.cancelled,
        "finished": p.finished(),
    })))
}

/// `POST /admin/announcements/:id/cancel`.
#[handler]
pub async fn cancel(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let called_off = actions::announcements::cancel(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        &format!("/admin/announcements/{id}"),
        "ok",
        say(&msg!(
            "admin-announcement-cancelled",
            count = called_off as i64
        )),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/queue.html")]
struct QueuePage {
    layout: Layout,
    overview: QueueOverview,
}

/// `GET /admin/queue`: the job queue.
#[handler]
pub async fn queue(admin: Admin) -> PageResult {
    let overview = actions::queue::overview(admin.app(), &admin.actor())
        .await
        .map_err(action_error)?;
    Ok(render(
        &admin,
        QueuePage {
            layout: Layout::new(&admin, t("admin-nav-queue"), "queue"),
            overview,
        },
    ))
}

/// `POST /admin/queue/:id/retry`: a parked job goes back in the queue.
#[handler]
pub async fn retry(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    actions::queue::retry_parked(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        "/admin/queue",
        "ok",
        say(&msg!("admin-queue-retried", id = id)),
    ))
}
