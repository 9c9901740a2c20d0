//! Activity moderation: filter by guild, dates, activity or participant;
//! edit or delete an entry with a reason; add a manual correction for a
//! participant named as the organiser sees them (name, username or
//! Telegram id), shown before anything is saved.

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
    page_number, redirect_with, render, render_status, say, store_error, t,
};
use crate::actions::activities::{ActivityEdit, LogRequest};
use crate::actions::{self, ActionError};
use crate::domain::{CatalogueEntry, DurationMinutes, parse_duration};
use crate::msg;
use crate::store::activities::Activity;
use crate::store::guilds::Guild;
use crate::store::participants::Participant;
use crate::store::search::{ActivityFilter, ActivityRow, ParticipantFilter};

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
    /// A participant's name, username or Telegram id.
    #[serde(default)]
    who: String,
    /// A participant's number (from links on their page).
    #[serde(default)]
    participant: String,
    /// Start a correction for this participant.
    #[serde(default, rename = "for")]
    for_participant: String,
    #[serde(default)]
    page: String,
}

impl FilterQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("guild", self.guild.trim().to_string()),
            ("from", self.from.trim().to_string()),
            ("to", self.to.trim().to_string()),
            ("activity", self.activity.trim().to_string()),
            ("who", self.who.trim().to_string()),
            ("participant", self.participant.trim().to_string()),
        ]
    }

    /// This list's address with the filter (and page), for coming back to
    /// it after a deletion.
    fn here(&self, page: u64) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs().iter().filter(|(_, v)| !v.is_empty()) {
            query.append_pair(k, v);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let q = query.finish();
        if q.is_empty() {
            "/admin/activities".into()
        } else {
            format!("/admin/activities?{q}")
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/activities.html")]
struct ActivitiesPage {
    layout: Layout,
    q: FilterQuery,
    /// This page's address, for the delete forms to come back to.
    here: String,
    guilds: Vec<Guild>,
    rows: Vec<ActivityRow>,
    pager: Pager,
    errors: Vec<String>,
    /// The correction form's values, kept when it had errors.
    correction: Correction,
    labels: Vec<String>,
    /// The days a correction can be for, as the date field's bounds.
    min_date: String,
    max_date: String,
}

/// The manual correction form.
#[derive(Debug, Default, Clone)]
struct Correction {
    who: String,
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

/// Someone a correction could be for, and what it would add.
#[derive(Template, WebTemplate)]
#[template(path = "admin/correction.html")]
struct CorrectionPage {
    layout: Layout,
    correction: Correction,
    /// Everyone the name could mean (one: confirm; several: pick).
    matches: Vec<Participant>,
    /// The points the entry would bring.
    points: String,
    /// The duration as understood.
    minutes: u16,
}

/// The date bounds for corrections: the active competition's first day to
/// today (or its last day) in its zone.
async fn date_bounds(admin: &Admin) -> (String, String) {
    match admin.app().store.active_competition().await {
        Ok(Some(c)) => {
            let today = c.calendar().today(chrono::Utc::now());
            (c.start_date.to_string(), today.min(c.end_date).to_string())
        }
        _ => (String::new(), String::new()),
    }
}

async fn activities_page(
    admin: &Admin,
    q: FilterQuery,
    mut errors: Vec<String>,
    correction: Correction,
) -> poem::Result<ActivitiesPage> {
    let store = &admin.app().store;
    let from = filter_date("admin-label-from-date", &q.from)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let to = filter_date("admin-label-to-date", &q.to)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let user_id = match q.participant.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(say(&msg!(
                    "admin-activities-not-a-participant-number",
                    text = raw
                )));
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
        who: non_empty(&q.who),
    };
    let total = store
        .count_filtered_activities(&filter)
        .await
        .map_err(store_error)?;
    let pairs = q.pairs();
    let params: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let pager = Pager::new("/admin/activities", &params, page_number(&q.page), total);
    let rows = store
        .filter_activities(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let guilds = store.list_guilds().await.map_err(store_error)?;
    let labels = labels(admin);
    let (min_date, max_date) = date_bounds(admin).await;
    Ok(ActivitiesPage {
        layout: Layout::new(admin, t("admin-nav-activities"), "activities"),
        here: q.here(pager.page),
        q,
        guilds,
        rows,
        pager,
        errors,
        correction,
        labels,
        min_date,
        max_date,
    })
}

/// `GET /admin/activities`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<FilterQuery>) -> PageResult {
    let mut correction = Correction::default();
    if let Ok(id) = q.for_participant.trim().parse::<i64>()
        && let Ok(p) = admin.app().store.participant(id).await
    {
        correction.who = p.telegram_id.to_string();
    }
    let page = activities_page(&admin, q, Vec::new(), correction).await?;
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(&admin, page, status))
}

/// Where a form sends the organiser back to: a list address it carried,
/// else the plain list.
fn back_to(form: &AdminForm) -> String {
    match form.get("back") {
        b if b.starts_with("/admin/activities") && !b.contains("//") => b.to_string(),
        _ => "/admin/activities".to_string(),
    }
}

/// `POST /admin/activities/:id/delete`: needs a reason; goes back to the
/// list as it was filtered.
#[handler]
pub async fn delete(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = back_to(&form);
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
        say(&msg!(
            "admin-activity-deleted",
            id = a.id,
            total = deleted.total
        )),
    ))
}

/// The catalogue's labels in the admin's language, for the forms' lists.
fn labels(admin: &Admin) -> Vec<String> {
    let mut labels: Vec<String> = admin
        .app()
        .catalogue
        .entries()
        .map(|e| e.label_in(admin.language))
        .collect();
    labels.dedup();
    labels
}

/// The form's activity, duration and date, or what is wrong with them.
fn parse_entry<'c>(
    admin: &'c Admin,
    activity: &str,
    duration: &str,
    date: &str,
    errors: &mut Vec<String>,
) -> Option<(&'c CatalogueEntry, DurationMinutes, NaiveDate)> {
    let catalogue = &admin.app().catalogue;
    // The label as stored (English), as the admin's language shows it, or a code.
    let entry = catalogue
        .entry_by_label(activity)
        .or_else(|| {
            catalogue
                .entries()
                .find(|e| e.label_in(admin.language) == activity)
        })
        .or_else(|| catalogue.entry_by_code(activity));
    if entry.is_none() {
        errors.push(say(&msg!(
            "admin-activity-not-in-catalogue",
            activity = activity
        )));
    }
    let duration = parse_duration(duration)
        .map_err(|e| errors.push(say(&msg!("admin-duration-problem", problem = e.message()))))
        .ok();
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| errors.push(t("admin-date-format")))
        .ok();
    Some((entry?, duration?, date?))
}

/// `POST /admin/activities`: a manual correction. The participant is named
/// by what the organiser can see — name, @username or Telegram id — and
/// shown (or, if the name fits several, picked) before anything is saved;
/// `participant_id` with `confirm=yes` saves.
#[handler]
pub async fn add_correction(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let correction = Correction {
        who: form.get("who").trim().to_string(),
        activity: form.get("activity").trim().to_string(),
        duration: form.get("duration").trim().to_string(),
        date: form.get("date").trim().to_string(),
        note: form.get("note").trim().to_string(),
    };
    let store = &admin.app().store;
    let mut errors = Vec::new();
    let parsed = parse_entry(
        admin,
        &correction.activity,
        &correction.duration,
        &correction.date,
        &mut errors,
    );
    if correction.note.is_empty() {
        errors.push(t("admin-correction-why-required"));
    }
    // The person: a confirmed choice, or whoever the typed name means.
    let chosen = form.get("participant_id").trim().parse::<i64>().ok();
    let matches = match chosen {
        Some(id) => match store.participant(id).await {
            Ok(p) => vec![p],
            Err(crate::store::StoreError::NotFound(m)) => {
                errors.push(super::layout::say(&m));
                Vec::new()
            }
            Err(e) => return Err(store_error(e)),
        },
        None if correction.who.is_empty() => {
            errors.push(t("admin-correction-who-required"));
            Vec::new()
        }
        None => {
            let filter = ParticipantFilter {
                text: correction.who.clone(),
                guild: None,
            };
            let found = store
                .search_participants(&filter, 0, 11)
                .await
                .map_err(store_error)?;
            if found.is_empty() {
                errors.push(say(&msg!("admin-correction-nobody", who = &correction.who)));
            } else if found.len() > 10 {
                errors.push(say(&msg!(
                    "admin-correction-too-many",
                    who = &correction.who
                )));
            }
            found
        }
    };
    let Some((entry, duration, date)) = parsed.filter(|_| errors.is_empty()) else {
        let page = activities_page(admin, FilterQuery::default(), errors, correction).await?;
        return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let confirmed = chosen.is_some() && form.get("confirm") == "yes";
    if !confirmed || matches.len() != 1 {
        let points = crate::i18n::format::number(
            admin.language,
            crate::domain::Points::for_activity(entry.met, duration),
        );
        return Ok(render(
            admin,
            CorrectionPage {
                layout: Layout::new(admin, t("admin-activities-check-correction"), "activities"),
                correction,
                matches,
                points,
                minutes: duration.get(),
            },
        ));
    }
    let participant = &matches[0];
    let request = LogRequest {
        participant,
        entry,
        duration,
        date,
        idempotency_key: None,
        note: Some(correction.note.clone()),
    };
    let logged = match actions::activities::log(admin.app(), &admin.actor(), request).await {
        Ok(logged) => logged,
        Err(ActionError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| super::layout::say(&p.message))
                .collect();
            let page = activities_page(admin, FilterQuery::default(), errors, correction).await?;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e @ ActionError::Rejected(_)) => {
            let errors = vec![super::layout::action_message(&e)];
            let page = activities_page(admin, FilterQuery::default(), errors, correction).await?;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => return Err(action_error(e)),
    };
    let a = &logged.activity;
    let mut said = say(&msg!(
        "admin-correction-added",
        activity = admin
            .app()
            .catalogue
            .label_in(admin.language, &a.activity_type),
        name = participant.display_name(),
        points = a.points,
        total = logged.total
    ));
    if let Some(c) = admin
        .app()
        .store
        .active_competition()
        .await
        .map_err(store_error)?
    {
        for note in actions::activities::rule_notes(admin.app(), &c.rules, &logged) {
            said.push(' ');
            said.push_str(&say(&note));
        }
    }
    Ok(redirect_with(
        &format!("/admin/activities?participant={}", participant.id),
        "ok",
        said,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/activity.html")]
struct EditPage {
    layout: Layout,
    a: Activity,
    p: Participant,
    version: String,
    activity: String,
    duration: String,
    date: String,
    reason: String,
    errors: Vec<String>,
    labels: Vec<String>,
    min_date: String,
    max_date: String,
}

async fn edit_page_for(
    admin: &Admin,
    a: Activity,
    version: String,
    values: (String, String, String, String),
    errors: Vec<String>,
) -> poem::Result<EditPage> {
    let p = admin
        .app()
        .store
        .participant(a.user_id)
        .await
        .map_err(store_error)?;
    let labels = labels(admin);
    let (min_date, max_date) = date_bounds(admin).await;
    let (activity, duration, date, reason) = values;
    Ok(EditPage {
        layout: Layout::new(
            admin,
            say(&msg!("admin-activity-title", id = a.id)),
            "activities",
        ),
        a,
        p,
        version,
        activity,
        duration,
        date,
        reason,
        errors,
        labels,
        min_date,
        max_date,
    })
}

/// `GET /admin/activities/:id`: the edit form.
#[handler]
pub async fn edit_page(admin: Admin, Path(id): Path<i64>) -> PageResult {
    let a = admin.app().store.activity(id).await.map_err(store_error)?;
    let values = (
        admin
            .app()
            .catalogue
            .label_in(admin.language, &a.activity_type),
        a.duration_minutes.to_string(),
        a.activity_date.to_string(),
        String::new(),
    );
    let version = actions::activities::version(&a);
    let page = edit_page_for(&admin, a, version, values, Vec::new()).await?;
    Ok(render(&admin, page))
}

/// `POST /admin/activities/:id`: changes the date, duration or activity,
/// with a reason.
#[handler]
pub async fn save_edit(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let values = (
        form.get("activity").trim().to_string(),
        form.get("duration").trim().to_string(),
        form.get("date").trim().to_string(),
        form.get("reason").trim().to_string(),
    );
    let version = form.get("version").to_string();
    let mut errors = Vec::new();
    let parsed = parse_entry(admin, &values.0, &values.1, &values.2, &mut errors);
    let result = match parsed.filter(|_| errors.is_empty()) {
        Some((entry, duration, date)) => {
            actions::activities::edit(
                admin.app(),
                &admin.actor(),
                id,
                ActivityEdit {
                    entry,
                    duration,
                    date,
                    reason: &values.3,
                    version: Some(version.clone()).filter(|v| !v.is_empty()),
                },
            )
            .await
        }
        None => Err(ActionError::Invalid(Vec::new())),
    };
    match result {
        Ok(edited) => Ok(redirect_with(
            &format!("/admin/participants/{}", edited.after.user_id),
            "ok",
            say(&msg!(
                "admin-activity-changed",
                id = id,
                after = edited.after.points,
                before = edited.before.points,
                total = edited.total
            )),
        )),
        Err(
            e @ (ActionError::Invalid(_) | ActionError::Conflict(_) | ActionError::Rejected(_)),
        ) => {
            if let ActionError::Invalid(problems) = &e {
                errors.extend(problems.iter().map(|p| super::layout::say(&p.message)));
            } else {
                errors.push(action_message(&e));
            }
            let a = admin.app().store.activity(id).await.map_err(store_error)?;
            // After a conflict the form takes the saved version, so saving
            // again keeps these values.
            let version = if matches!(e, ActionError::Conflict(_)) {
                actions::activities::version(&a)
            } else {
                version
            };
            let page = edit_page_for(admin, a, version, values, errors).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}
