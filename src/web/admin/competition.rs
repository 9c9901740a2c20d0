//! The competition: name, description, dates and time zone. Changing the
//! dates of a running competition asks for confirmation first.

use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use poem::handler;
use poem::http::StatusCode;

use super::auth::{Admin, AdminForm};
use super::layout::{Layout, PageResult, redirect_with, render, render_status, store_error};
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
    match current {
        Some(c) => {
            let dates_change = c.start_date != draft.start || c.end_date != draft.end;
            if running && dates_change && form.get("confirm") != "yes" {
                view.confirm_dates = Some(format!(
                    "The competition is running. Changing its dates from {} – {} to {} – {} changes which days participants can log. Confirm to save.",
                    c.start_date, c.end_date, draft.start, draft.end
                ));
                return Ok(render_status(admin, view, StatusCode::CONFLICT));
            }
            let updated = store
                .update_competition(c.id, &draft)
                .await
                .map_err(store_error)?;
            admin
                .audit(
                    "competition.update",
                    format!("competition #{} {:?}", updated.id, updated.name),
                    format!(
                        "was {:?} {} – {} {}; now {:?} {} – {} {}",
                        c.name,
                        c.start_date,
                        c.end_date,
                        c.time_zone.name(),
                        updated.name,
                        updated.start_date,
                        updated.end_date,
                        updated.time_zone.name()
                    ),
                )
                .await?;
            Ok(redirect_with(
                "/admin/competition",
                "ok",
                format!("The competition {:?} was saved.", updated.name),
            ))
        }
        None => {
            let created = store
                .create_competition(&draft, true)
                .await
                .map_err(store_error)?;
            admin
                .audit(
                    "competition.create",
                    format!("competition #{} {:?}", created.id, created.name),
                    format!(
                        "{} – {} {}",
                        created.start_date,
                        created.end_date,
                        created.time_zone.name()
                    ),
                )
                .await?;
            Ok(redirect_with(
                "/admin/competition",
                "ok",
                format!(
                    "The competition {:?} was created and is now active.",
                    created.name
                ),
            ))
        }
    }
}
