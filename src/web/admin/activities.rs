//! Activity moderation: filter by guild, dates, activity or participant;
//! delete a bogus entry with a reason; add a manual correction.

use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, action_message, filter_date, non_empty,
    page_number, redirect_with, render_status, store_error,
};
use crate::actions::activities::LogRequest;
use crate::actions::{self, ActionError};
use crate::domain::parse_duration;
use crate::store::guilds::Guild;
use crate::store::search::{ActivityFilter, ActivityRow};

/// The filter's query parameters.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct FilterQuery {
    #[serde(default)]
    guild: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    activity: String,
    #[serde(default)]
    participant: String,
    #[serde(default)]
    page: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/activities.html")]
struct ActivitiesPage {
    layout: Layout,
    q: FilterQuery,
    guilds: Vec<Guild>,
    rows: Vec<ActivityRow>,
    pager: Pager,
    errors: Vec<String>,
    /// The correction form's values, kept when it had errors.
    correction: Correction,
    labels: Vec<String>,
}

/// The manual correction form.
#[derive(Debug, Default, Clone)]
struct Correction {
    participant: String,
    activity: String,
    duration: String,
    date: String,
    note: String,
}

impl ActivitiesPage {
    fn points(&self, value: &rust_decimal::Decimal) -> String {
        crate::domain::Points::new(*value).to_string()
    }
}

async fn activities_page(
    admin: &Admin,
    q: FilterQuery,
    mut errors: Vec<String>,
    correction: Correction,
) -> poem::Result<ActivitiesPage> {
    let store = &admin.app().store;
    let from = filter_date("The “from” date", &q.from)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let to = filter_date("The “to” date", &q.to)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let user_id = match q.participant.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(format!(
                    "The participant {raw:?} is not a participant number."
                ));
                None
            }
        },
    };
    let filter = ActivityFilter {
        guild: non_empty(&q.guild),
        from,
        to,
        activity: non_empty(&q.activity),
        user_id,
    };
    let total = store
        .count_filtered_activities(&filter)
        .await
        .map_err(store_error)?;
    let pager = Pager::new(
        "/admin/activities",
        &[
            ("guild", q.guild.trim()),
            ("from", q.from.trim()),
            ("to", q.to.trim()),
            ("activity", q.activity.trim()),
            ("participant", q.participant.trim()),
        ],
        page_number(&q.page),
        total,
    );
    let rows = store
        .filter_activities(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let guilds = store.list_guilds().await.map_err(store_error)?;
    let mut labels: Vec<String> = admin.app().catalogue.entries().map(|e| e.label()).collect();
    labels.dedup();
    Ok(ActivitiesPage {
        layout: Layout::new(admin, "Activities", "activities"),
        q,
        guilds,
        rows,
        pager,
        errors,
        correction,
        labels,
    })
}

/// `GET /admin/activities`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<FilterQuery>) -> PageResult {
    let page = activities_page(&admin, q, Vec::new(), Correction::default()).await?;
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(&admin, page, status))
}

/// `POST /admin/activities/:id/delete`: needs a reason.
#[handler]
pub async fn delete(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = match form.get("back") {
        b if b.starts_with("/admin/activities") => b.to_string(),
        _ => "/admin/activities".to_string(),
    };
    let reason = form.get("reason");
    let deleted =
        match actions::activities::delete(admin.app(), &admin.actor(), id, Some(reason)).await {
            Ok(d) => d,
            Err(
                e @ (ActionError::Invalid(_) | ActionError::NotFound(_) | ActionError::Rejected(_)),
            ) => {
                return Ok(redirect_with(&back, "error", action_message(&e)));
            }
            Err(e) => return Err(action_error(e)),
        };
    let a = &deleted.activity;
    Ok(redirect_with(
        &back,
        "ok",
        format!(
            "Activity #{} was deleted; the participant's total is now {}.",
            a.id, deleted.total
        ),
    ))
}

/// `POST /admin/activities`: logs a manual correction for a participant.
#[handler]
pub async fn add_correction(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let correction = Correction {
        participant: form.get("participant").trim().to_string(),
        activity: form.get("activity").trim().to_string(),
        duration: form.get("duration").trim().to_string(),
        date: form.get("date").trim().to_string(),
        note: form.get("note").trim().to_string(),
    };
    let mut errors = Vec::new();
    let store = &admin.app().store;
    let participant = match correction.participant.parse::<i64>() {
        Ok(id) => match store.participant(id).await {
            Ok(p) => Some(p),
            Err(crate::store::StoreError::NotFound(m)) => {
                errors.push(m);
                None
            }
            Err(e) => return Err(store_error(e)),
        },
        Err(_) => {
            errors.push("Give the participant's number (shown on their page, e.g. 42).".into());
            None
        }
    };
    let catalogue = &admin.app().catalogue;
    let entry = catalogue
        .entry_by_label(&correction.activity)
        .or_else(|| catalogue.entry_by_code(&correction.activity));
    if entry.is_none() {
        errors.push(format!(
            "{:?} is not in the activity catalogue; pick an activity from the list.",
            correction.activity
        ));
    }
    let duration = parse_duration(&correction.duration)
        .map_err(|e| errors.push(format!("Duration: {e}")))
        .ok();
    let date = NaiveDate::parse_from_str(&correction.date, "%Y-%m-%d")
        .map_err(|_| errors.push("The date must be written as YYYY-MM-DD, e.g. 2025-09-01.".into()))
        .ok();
    if correction.note.is_empty() {
        errors.push("Say why the correction is made (it is stored with the activity).".into());
    }
    let (Some(participant), Some(entry), Some(duration), Some(date), true) =
        (participant, entry, duration, date, errors.is_empty())
    else {
        let page = activities_page(admin, FilterQuery::default(), errors, correction).await?;
        return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let request = LogRequest {
        participant: &participant,
        entry,
        duration,
        date,
        idempotency_key: None,
        note: Some(correction.note.clone()),
    };
    let logged = match actions::activities::log(admin.app(), &admin.actor(), request).await {
        Ok(logged) => logged,
        Err(ActionError::Invalid(problems)) => {
            let errors = problems.into_iter().map(|p| p.message).collect();
            let page = activities_page(admin, FilterQuery::default(), errors, correction).await?;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => return Err(action_error(e)),
    };
    let a = &logged.activity;
    Ok(redirect_with(
        &format!("/admin/activities?participant={}", participant.id),
        "ok",
        format!(
            "Added {} for {}: {} points; their total is now {}.",
            a.activity_type,
            participant.display_name(),
            a.points,
            logged.total
        ),
    ))
}
