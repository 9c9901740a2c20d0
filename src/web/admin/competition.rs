//! The competition: name, description, dates and time zone. Changing the
//! dates of a running competition asks for confirmation first.

use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use poem::handler;
use poem::http::StatusCode;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, redirect_with, render, render_status, store_error,
};
use crate::actions::{self, ActionError};
use crate::domain::{CompetitionDraft, DEFAULT_TIME_ZONE, FieldError};

#[derive(Template, WebTemplate)]
#[template(path = "admin/competition.html")]
struct CompetitionPage {
    layout: Layout,
    /// Editing the active competition, or creating the first one.
    existing: bool,
    running: bool,
    name: String,
    description: String,
    start: String,
    end: String,
    time_zone: String,
    errors: Vec<FieldError>,
    /// Set when the dates of a running competition are about to change.
    confirm_dates: Option<String>,
    zones: Vec<&'static str>,
}

impl CompetitionPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

fn zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}

/// `GET /admin/competition`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let current = admin
        .app()
        .store
        .active_competition()
        .await
        .map_err(store_error)?;
    let view = match &current {
        Some(c) => CompetitionPage {
            layout: Layout::new(&admin, "Competition", "competition"),
            existing: true,
            running: c.calendar().is_open(Utc::now()),
            name: c.name.clone(),
            description: c.description.clone(),
            start: c.start_date.to_string(),
            end: c.end_date.to_string(),
            time_zone: c.time_zone.name().to_string(),
            errors: Vec::new(),
            confirm_dates: None,
            zones: zones(),
        },
        None => CompetitionPage {
            layout: Layout::new(&admin, "Competition", "competition"),
            existing: false,
            running: false,
            name: String::new(),
            description: String::new(),
            start: String::new(),
            end: String::new(),
            time_zone: DEFAULT_TIME_ZONE.name().to_string(),
            errors: Vec::new(),
            confirm_dates: None,
            zones: zones(),
        },
    };
    Ok(render(&admin, view))
}

/// `POST /admin/competition`.
#[handler]
pub async fn save(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let current = store.active_competition().await.map_err(store_error)?;
    let running = current
        .as_ref()
        .is_some_and(|c| c.calendar().is_open(Utc::now()));
    let mut view = CompetitionPage {
        layout: Layout::new(admin, "Competition", "competition"),
        existing: current.is_some(),
        running,
        name: form.get("name").to_string(),
        description: form.get("description").to_string(),
        start: form.get("start").to_string(),
        end: form.get("end").to_string(),
        time_zone: form.get("time_zone").to_string(),
        errors: Vec::new(),
        confirm_dates: None,
        zones: zones(),
    };
    let draft = match CompetitionDraft::parse(
        &view.name,
        &view.description,
        &view.start,
        &view.end,
        &view.time_zone,
    ) {
        Ok(draft) => draft,
        Err(errors) => {
            view.errors = errors;
            return Ok(render_status(admin, view, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let (app, actor) = (admin.app(), admin.actor());
    match current {
        Some(c) => {
            let confirmed = form.get("confirm") == "yes";
            match actions::competitions::update(app, &actor, c.id, &draft, confirmed).await {
                Ok(updated) => Ok(redirect_with(
                    "/admin/competition",
                    "ok",
                    format!("The competition \"{}\" was saved.", updated.name),
                )),
                Err(ActionError::NeedsConfirmation(message)) => {
                    view.confirm_dates = Some(message);
                    Ok(render_status(admin, view, StatusCode::CONFLICT))
                }
                Err(ActionError::Invalid(errors)) => {
                    view.errors = errors;
                    Ok(render_status(admin, view, StatusCode::UNPROCESSABLE_ENTITY))
                }
                Err(e) => Err(action_error(e)),
            }
        }
        None => {
            let created = actions::competitions::create(app, &actor, &draft, true)
                .await
                .map_err(action_error)?;
            Ok(redirect_with(
                "/admin/competition",
                "ok",
                format!(
                    "The competition \"{}\" was created and is now active.",
                    created.name
                ),
            ))
        }
    }
}
