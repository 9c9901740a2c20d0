//! Test-user cleanup: a preview of who would go (the guide's patterns and
//! everyone marked as a test user), with their activities and points.
//! Only those marked as test users start ticked: a name that merely looks
//! like a test (a real "@testarossa_fan") waits for the organiser to tick
//! it. The summary counts the ticked ones and follows the ticks;
//! confirming deletes them in one transaction.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, say, store_error, t,
};
use crate::actions::{self, ActionError};
use crate::domain::Points;
use crate::msg;
use crate::store::test_users::CleanupCandidate;

#[derive(Template, WebTemplate)]
#[template(path = "admin/cleanup.html")]
struct CleanupPage {
    layout: Layout,
    candidates: Vec<CleanupCandidate>,
    /// What the ticked ones (to begin with, the marked test users) take with them.
    ticked: usize,
    activities: i64,
    points: Points,
}

impl CleanupPage {
    fn points_of(&self, c: &CleanupCandidate) -> String {
        Points::new(c.points).to_string()
    }

    fn cents_of(&self, c: &CleanupCandidate) -> i64 {
        Points::new(c.points).cents()
    }

    /// What the ticked ones take with them, in words (the page's script
    /// keeps it in step with the ticks).
    fn summary(&self) -> String {
        self.layout.say(msg!(
            "admin-cleanup-summary",
            ticked = self.ticked,
            total = self.candidates.len(),
            activities = self.activities,
            points = self.points
        ))
    }
}

/// `GET /admin/cleanup`: the preview.
#[handler]
pub async fn preview(admin: Admin) -> PageResult {
    let candidates = admin
        .app()
        .store
        .cleanup_preview()
        .await
        .map_err(store_error)?;
    let marked = candidates.iter().filter(|c| c.is_test_user);
    let ticked = marked.clone().count();
    let activities = marked.clone().map(|c| c.activities).sum();
    let points = marked.fold(Points::ZERO, |acc, c| Points::new(acc.value() + c.points));
    Ok(render(
        &admin,
        CleanupPage {
            layout: Layout::new(&admin, t("admin-cleanup-title"), "cleanup"),
            candidates,
            ticked,
            activities,
            points,
        },
    ))
}

/// `POST /admin/cleanup`: deletes the ticked participants.
#[handler]
pub async fn confirm(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let mut ids = Vec::new();
    for raw in form.all("id") {
        match raw.parse::<i64>() {
            Ok(id) => ids.push(id),
            Err(_) => {
                return Ok(redirect_with(
                    "/admin/cleanup",
                    "error",
                    t("admin-cleanup-damaged"),
                ));
            }
        }
    }
    let result = match actions::test_users::cleanup(admin.app(), &admin.actor(), &ids).await {
        Ok(r) => r,
        Err(e @ ActionError::Rejected(_)) => {
            return Ok(redirect_with("/admin/cleanup", "error", action_message(&e)));
        }
        Err(e) => return Err(action_error(e)),
    };
    Ok(redirect_with(
        "/admin/cleanup",
        "ok",
        say(&msg!(
            "admin-cleanup-removed",
            participants = result.participants,
            activities = result.activities,
            points = result.points
        )),
    ))
}
