//! Ending a season (preview, then confirm) and the hall of fame of past
//! seasons.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::Path;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, say, store_error,
};
use crate::actions::{self, ActionError};
use crate::msg;
use crate::store::seasons::HallOfFameSeason;

/// How many ranks of each season's participants the hall of fame lists.
const HALL_OF_FAME_RANKS: u64 = 10;

/// What ending a season would freeze and archive.
#[derive(Template, WebTemplate)]
#[template(path = "admin/end_season.html")]
struct EndSeasonPage {
    layout: Layout,
    s: actions::competitions::SeasonEnd,
}

impl EndSeasonPage {
    fn summary(&self) -> String {
        let plan = &self.s.plan;
        self.layout.say(msg!(
            "admin-season-summary",
            participants = plan.results.len(),
            activities = plan.archive_activities,
            points = plan.archive_points,
            day = plan.first_kept_day
        ))
    }
}

/// `GET /admin/competitions/:id/end-season`: what ending the season would do.
#[handler]
pub async fn preview(admin: Admin, Path(id): Path<i64>) -> PageResult {
    match actions::competitions::end_season(admin.app(), &admin.actor(), id, false).await {
        Ok(s) => {
            let title = say(&msg!("admin-season-end-title", name = &s.competition.name));
            Ok(render(
                &admin,
                EndSeasonPage {
                    layout: Layout::new(&admin, title, "competition"),
                    s,
                },
            ))
        }
        Err(e @ (ActionError::Rejected(_) | ActionError::Conflict(_))) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/end-season`: ends the season.
#[handler]
pub async fn end(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::competitions::end_season(admin.app(), &admin.actor(), id, true).await {
        Ok(s) => Ok(redirect_with(
            "/admin/hall-of-fame",
            "ok",
            say(&msg!(
                "admin-season-ended",
                name = &s.competition.name,
                activities = s.archived.as_ref().map_or(0, |a| a.deleted)
            )),
        )),
        Err(e @ (ActionError::Rejected(_) | ActionError::Conflict(_))) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// The hall of fame: every past season's final standings.
#[derive(Template, WebTemplate)]
#[template(path = "admin/hall_of_fame.html")]
struct HallOfFamePage {
    layout: Layout,
    seasons: Vec<HallOfFameSeason>,
}

/// `GET /admin/hall-of-fame`.
#[handler]
pub async fn hall_of_fame(admin: Admin) -> PageResult {
    let seasons = admin
        .app()
        .store
        .hall_of_fame(HALL_OF_FAME_RANKS)
        .await
        .map_err(store_error)?;
    let title = say(&msg!("admin-hall-of-fame"));
    Ok(render(
        &admin,
        HallOfFamePage {
            layout: Layout::new(&admin, title, "hall-of-fame"),
            seasons,
        },
    ))
}
