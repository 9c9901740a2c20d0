//! Competitions: the list (active, scheduled, drafts, past), creating one
//! (active now, as a draft, or scheduled to become active on a day),
//! editing one that has not ended, scheduling, activating and deleting
//! drafts. Moving the dates of a running competition asks for confirmation
//! of exactly those dates; past competitions are read-only.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{NaiveDate, Utc};
use poem::IntoResponse;
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Redirect};

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, render_status,
    store_error,
};
use super::layout::{say, t};
use crate::actions::competitions::{Activation, CompetitionChange, State, Window, state};
use crate::actions::{self, ActionError};
use crate::domain::milestones::{Milestones, MilestonesForm};
use crate::domain::reminders::QuietHours;
use crate::domain::rules::{RulesForm, RulesFormValues};
use crate::domain::{CompetitionDraft, CompetitionRules, DEFAULT_TIME_ZONE, FieldError};
use crate::msg;
use crate::store::competitions::Competition;

struct Row {
    c: Competition,
    state: State,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/competitions.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
}

/// The form's values, as typed.
#[derive(Debug, Clone, Default)]
struct Fields {
    name: String,
    description: String,
    start: String,
    end: String,
    time_zone: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/competition.html")]
struct FormPage {
    layout: Layout,
    /// `None` when creating.
    existing: Option<Competition>,
    state: Option<State>,
    fields: Fields,
    /// The version the form was read at.
    version: i64,
    errors: Vec<String>,
    field_errors: Vec<FieldError>,
    /// Set when the dates of a running competition are about to change:
    /// the question, and the window being confirmed.
    confirm: Option<(String, Window)>,
    zones: Vec<&'static str>,
    today: String,
    /// The scoring rules' form, as saved or as typed.
    rules: RulesFormValues,
    /// The saved rules, one sentence each.
    rules_summary: Vec<String>,
    rule_errors: Vec<FieldError>,
    /// The milestone messages' form, as saved or as typed.
    milestones: MilestonesForm,
    milestone_errors: Vec<FieldError>,
    /// The hours milestone messages may be set for (outside the quiet
    /// hours), and the quiet hours.
    hours: Vec<u8>,
    quiet_hours: QuietHours,
}

impl FormPage {
    fn error_for(&self, field: &str) -> Option<String> {
        self.field_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.render(self.layout.language))
    }

    fn rule_error(&self, field: &str) -> Option<String> {
        self.rule_errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.render(self.layout.language))
            .reduce(|a, b| format!("{a} {b}"))
    }

    fn milestone_error(&self, field: &str) -> Option<String> {
        self.milestone_errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.render(self.layout.language))
            .reduce(|a, b| format!("{a} {b}"))
    }

    /// Whether the hour `h` is the one the form shows.
    fn hour_chosen(&self, h: &u8) -> bool {
        self.milestones.hour.trim() == h.to_string()
    }

    fn read_only(&self) -> bool {
        self.state == Some(State::Past) || !self.layout.can_edit
    }
}

fn zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}

fn fields_of(c: &Competition) -> Fields {
    Fields {
        name: c.name.clone(),
        description: c.description.clone(),
        start: c.start_date.to_string(),
        end: c.end_date.to_string(),
        time_zone: c.time_zone.name().to_string(),
    }
}

fn form_page(admin: &Admin, existing: Option<Competition>, fields: Fields) -> FormPage {
    let now = Utc::now();
    let title = match &existing {
        Some(c) => say(&msg!("admin-competition-title", name = &c.name)),
        None => t("admin-competitions-new"),
    };
    let rules = existing
        .as_ref()
        .map(|c| c.rules.form())
        .unwrap_or_default();
    let rules_summary = existing
        .as_ref()
        .map(|c| {
            let lines = c.rules.summary();
            if lines.is_empty() {
                vec![t("rules-none")]
            } else {
                lines.iter().map(say).collect()
            }
        })
        .unwrap_or_default();
    let quiet_hours = admin.app().config.messages.quiet_hours;
    let milestones = existing
        .as_ref()
        .map(|c| c.milestones.form())
        .unwrap_or_default();
    let mut hours = quiet_hours.allowed_hours();
    // A saved hour that the quiet hours have come to cover stays visible.
    if let Ok(h) = milestones.hour.parse::<u8>()
        && !hours.contains(&h)
    {
        hours.push(h);
        hours.sort_unstable();
    }
    FormPage {
        rules,
        rules_summary,
        rule_errors: Vec::new(),
        milestones,
        milestone_errors: Vec::new(),
        hours,
        quiet_hours,
        layout: Layout::new(admin, title, "competition"),
        state: existing.as_ref().map(|c| state(c, now)),
        version: existing.as_ref().map_or(0, |c| c.version),
        existing,
        fields,
        errors: Vec::new(),
        field_errors: Vec::new(),
        confirm: None,
        zones: zones(),
        today: now.with_timezone(&admin.time_zone).date_naive().to_string(),
    }
}

/// `GET /admin/competition`: the active competition, or the list.
#[handler]
pub async fn current(admin: Admin) -> PageResult {
    let active = admin
        .app()
        .store
        .active_competition()
        .await
        .map_err(store_error)?;
    let to = active.map_or("/admin/competitions".to_string(), |c| {
        format!("/admin/competitions/{}", c.id)
    });
    Ok(Redirect::see_other(to).into_response())
}

/// `GET /admin/competitions`.
#[handler]
pub async fn list(admin: Admin) -> PageResult {
    let now = Utc::now();
    let rows = admin
        .app()
        .store
        .list_competitions()
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|c| Row {
            state: state(&c, now),
            c,
        })
        .collect();
    Ok(render(
        &admin,
        ListPage {
            layout: Layout::new(&admin, t("admin-nav-competitions"), "competition"),
            rows,
        },
    ))
}

/// `GET /admin/competitions/new`.
#[handler]
pub async fn new_form(admin: Admin) -> PageResult {
    let fields = Fields {
        time_zone: DEFAULT_TIME_ZONE.name().to_string(),
        ..Fields::default()
    };
    Ok(render(&admin, form_page(&admin, None, fields)))
}

/// `GET /admin/competitions/:id`.
#[handler]
pub async fn edit(admin: Admin, Path(id): Path<i64>) -> PageResult {
    let c = admin
        .app()
        .store
        .competition(id)
        .await
        .map_err(store_error)?;
    let fields = fields_of(&c);
    Ok(render(&admin, form_page(&admin, Some(c), fields)))
}

fn typed(form: &AdminForm) -> Fields {
    Fields {
        name: form.get("name").to_string(),
        description: form.get("description").to_string(),
        start: form.get("start").to_string(),
        end: form.get("end").to_string(),
        time_zone: form.get("time_zone").to_string(),
    }
}

fn parse(fields: &Fields) -> Result<CompetitionDraft, Vec<FieldError>> {
    CompetitionDraft::parse(
        &fields.name,
        &fields.description,
        &fields.start,
        &fields.end,
        &fields.time_zone,
    )
}

fn parse_day(raw: &str) -> Result<Option<NaiveDate>, String> {
    super::layout::filter_date("admin-label-activation-day", raw)
}

/// `POST /admin/competitions`: creates one; `activation` = now, draft or on
/// (with `activate_on`).
#[handler]
pub async fn create(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let fields = typed(&form);
    let mut page = form_page(admin, None, fields.clone());
    let activation = match (form.get("activation"), parse_day(form.get("activate_on"))) {
        ("now", _) => Ok(Activation::Now),
        ("on", Ok(Some(day))) => Ok(Activation::On(day)),
        ("on", Ok(None)) => Err(t("admin-competition-give-day")),
        (_, Err(e)) => Err(e),
        _ => Ok(Activation::Draft),
    };
    let draft = parse(&fields);
    let (draft, activation) = match (draft, activation) {
        (Ok(d), Ok(a)) => (d, a),
        (d, a) => {
            page.field_errors = d.err().unwrap_or_default();
            page.errors = a.err().into_iter().collect();
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    match actions::competitions::create(admin.app(), &admin.actor(), &draft, activation).await {
        Ok(created) => Ok(redirect_with(
            &format!("/admin/competitions/{}", created.id),
            "ok",
            match activation {
                Activation::Now => say(&msg!(
                    "admin-competition-created-active",
                    name = &created.name
                )),
                Activation::Draft => say(&msg!(
                    "admin-competition-created-draft",
                    name = &created.name
                )),
                Activation::On(day) => say(&msg!(
                    "admin-competition-created-scheduled",
                    name = &created.name,
                    day = day
                )),
            },
        )),
        Err(ActionError::Invalid(errors)) => {
            page.errors = errors
                .iter()
                .map(|e| super::layout::say(&e.message))
                .collect();
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// The window a confirmation form carries, if it carries one.
fn confirmed_window(form: &AdminForm) -> Option<Window> {
    let start = NaiveDate::parse_from_str(form.get("confirm_start"), "%Y-%m-%d").ok()?;
    let end = NaiveDate::parse_from_str(form.get("confirm_end"), "%Y-%m-%d").ok()?;
    let time_zone = form.get("confirm_time_zone").parse().ok()?;
    Some(Window {
        start,
        end,
        time_zone,
    })
}

/// `POST /admin/competitions/:id`: saves a competition that has not ended.
#[handler]
pub async fn save(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let saved = store.competition(id).await.map_err(store_error)?;
    let fields = typed(&form);
    let version = form.get("version").parse::<i64>().ok();
    let mut page = form_page(admin, Some(saved), fields.clone());
    // The form keeps the version it was read at, even re-rendered.
    if let Some(v) = version {
        page.version = v;
    }
    let draft = match parse(&fields) {
        Ok(draft) => draft,
        Err(errors) => {
            page.field_errors = errors;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let change = CompetitionChange {
        draft: &draft,
        confirmed: confirmed_window(&form),
        version,
    };
    match actions::competitions::update(admin.app(), &admin.actor(), id, change).await {
        Ok(updated) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "ok",
            say(&msg!("admin-competition-saved", name = &updated.name)),
        )),
        Err(ActionError::NeedsConfirmation(message)) => {
            page.confirm = Some((super::layout::say(&message), Window::of(&draft)));
            Ok(render_status(admin, page, StatusCode::CONFLICT))
        }
        Err(ActionError::Invalid(errors)) => {
            page.field_errors = errors;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e @ ActionError::Conflict(_)) => {
            // Both versions are in the message; saving again keeps yours.
            let now = store.competition(id).await.map_err(store_error)?;
            page.version = now.version;
            page.errors = vec![action_message(&e)];
            Ok(render_status(admin, page, StatusCode::CONFLICT))
        }
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/rules`: replaces the scoring rules
/// (`min_minutes`, `max_minutes`, `daily_max_points`, `excluded` one per
/// line, `multipliers` one per line; empty: no such rule; `guild_score`
/// `average` or `composite` with `points_weight` and
/// `participation_weight` in percent), and the review settings
/// (`max_hours_per_day`, `points_factor`, `repeats_per_day`,
/// `backdated_days`, `closing_hours`: empty is the default;
/// `flagged_entries`: `until_reviewed` or `after_approval`).
#[handler]
pub async fn save_rules(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let saved = store.competition(id).await.map_err(store_error)?;
    let fields = fields_of(&saved);
    // A review field the form did not send (a page from before it had
    // them) keeps the competition's current value.
    let now = saved.rules.form();
    let keep = |name: &str, now: &str| {
        if form.all(name).is_empty() {
            now.to_string()
        } else {
            form.get(name).to_string()
        }
    };
    let version = form.get("version").parse::<i64>().ok();
    let mut page = form_page(admin, Some(saved), fields);
    page.rules = RulesFormValues {
        min_minutes: form.get("min_minutes").to_string(),
        max_minutes: form.get("max_minutes").to_string(),
        daily_max_points: form.get("daily_max_points").to_string(),
        excluded: form.get("excluded").to_string(),
        multipliers: form.get("multipliers").to_string(),
        guild_score: form.get("guild_score").to_string(),
        points_weight: form.get("points_weight").to_string(),
        participation_weight: form.get("participation_weight").to_string(),
        max_hours_per_day: keep("max_hours_per_day", &now.max_hours_per_day),
        points_factor: keep("points_factor", &now.points_factor),
        repeats_per_day: keep("repeats_per_day", &now.repeats_per_day),
        backdated_days: keep("backdated_days", &now.backdated_days),
        closing_hours: keep("closing_hours", &now.closing_hours),
        flagged_entries: keep("flagged_entries", &now.flagged_entries),
    };
    let typed = RulesForm::from_values(&page.rules);
    let rules = match CompetitionRules::parse(&typed, &admin.app().catalogue) {
        Ok(rules) => rules,
        Err(errors) => {
            page.rule_errors = errors;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let outcome =
        actions::competitions::set_rules(admin.app(), &admin.actor(), id, rules, version).await;
    settings_saved(
        admin,
        page,
        outcome,
        |c| msg!("admin-rules-saved", name = &c.name),
        |p| &mut p.rule_errors,
    )
}

/// The answer to saving one of a competition page's settings forms: back
/// to the page saying `saved`; the form again with its problems next to
/// their fields (kept in `errors` of the page); back with a stale or
/// refused change said at the top.
fn settings_saved(
    admin: &Admin,
    mut page: FormPage,
    outcome: Result<Competition, ActionError>,
    saved: impl FnOnce(&Competition) -> crate::i18n::Message,
    errors: impl FnOnce(&mut FormPage) -> &mut Vec<FieldError>,
) -> PageResult {
    let back = page.existing.as_ref().map_or_else(
        || "/admin/competitions".to_string(),
        |c| format!("/admin/competitions/{}", c.id),
    );
    match outcome {
        Ok(updated) => Ok(redirect_with(&back, "ok", say(&saved(&updated)))),
        Err(ActionError::Invalid(problems)) => {
            *errors(&mut page) = problems;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e @ (ActionError::Conflict(_) | ActionError::Rejected(_))) => {
            Ok(redirect_with(&back, "error", action_message(&e)))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/milestones`: which milestone messages go
/// to participants (`starts_tomorrow`, `days_left_on` with `days_left`,
/// `final_results`: checkboxes) and at what local `hour`.
#[handler]
pub async fn save_milestones(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let saved = store.competition(id).await.map_err(store_error)?;
    let fields = fields_of(&saved);
    let version = form.get("version").parse::<i64>().ok();
    let mut page = form_page(admin, Some(saved), fields);
    let on = |name: &str| !form.get(name).is_empty();
    page.milestones = MilestonesForm {
        starts_tomorrow: on("starts_tomorrow"),
        days_left: if on("days_left_on") {
            form.get("days_left").to_string()
        } else {
            String::new()
        },
        final_results: on("final_results"),
        hour: form.get("hour").to_string(),
    };
    let milestones = match Milestones::parse(&page.milestones) {
        Ok(m) => m,
        Err(errors) => {
            page.milestone_errors = errors;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let outcome =
        actions::competitions::set_milestones(admin.app(), &admin.actor(), id, milestones, version)
            .await;
    settings_saved(
        admin,
        page,
        outcome,
        |c| msg!("admin-milestones-saved", name = &c.name),
        |p| &mut p.milestone_errors,
    )
}

/// `POST /admin/competitions/:id/activate`.
#[handler]
pub async fn activate(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::competitions::activate(admin.app(), &admin.actor(), id).await {
        Ok(c) => Ok(redirect_with(
            "/admin/competitions",
            "ok",
            say(&msg!("admin-competition-now-active", name = &c.name)),
        )),
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(
            "/admin/competitions",
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/schedule`: `activate_on` (empty: none).
#[handler]
pub async fn schedule(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = format!("/admin/competitions/{id}");
    let day = match parse_day(form.get("activate_on")) {
        Ok(day) => day,
        Err(e) => return Ok(redirect_with(&back, "error", e)),
    };
    match actions::competitions::schedule(admin.app(), &admin.actor(), id, day).await {
        Ok(c) => Ok(redirect_with(
            &back,
            "ok",
            match c.activate_on {
                Some(day) => say(&msg!(
                    "admin-competition-becomes-active",
                    name = &c.name,
                    day = day
                )),
                None => say(&msg!("admin-competition-stays-draft", name = &c.name)),
            },
        )),
        Err(e @ (ActionError::Rejected(_) | ActionError::Invalid(_))) => {
            Ok(redirect_with(&back, "error", action_message(&e)))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/delete`: drafts only.
#[handler]
pub async fn delete(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::competitions::delete(admin.app(), &admin.actor(), id).await {
        Ok(c) => Ok(redirect_with(
            "/admin/competitions",
            "ok",
            say(&msg!("admin-competition-draft-deleted", name = &c.name)),
        )),
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// A recompute's preview: who gains or loses how much, how the guilds move.
#[derive(Template, WebTemplate)]
#[template(path = "admin/recompute.html")]
struct RecomputePage {
    layout: Layout,
    r: actions::competitions::Recompute,
}

impl RecomputePage {
    /// How many entries change, of how many, for how many people.
    fn summary(&self) -> String {
        self.layout.say(msg!(
            "admin-recompute-summary",
            changed = self.r.entries_changed,
            checked = self.r.entries_checked,
            people = self.r.people.len()
        ))
    }

    /// Whether guilds are ranked by a composite score (shown beside the
    /// averages).
    fn composite(&self) -> bool {
        self.r.guild_score != crate::domain::GuildScore::Average
    }

    /// The rules worked out under, one sentence each.
    fn rule_lines(&self) -> Vec<String> {
        let lines = self.r.competition.rules.summary();
        if lines.is_empty() {
            return vec![t("rules-none")];
        }
        lines.iter().map(|m| self.layout.say(m)).collect()
    }

    /// A participant's change with its sign.
    fn change(&self, p: &actions::competitions::PersonChange) -> String {
        let delta = (p.after - p.before).value();
        let sign = if delta > rust_decimal::Decimal::ZERO {
            "+"
        } else {
            ""
        };
        format!("{sign}{}", self.layout.num(delta))
    }
}

/// `GET /admin/competitions/:id/recompute`: the preview of working out
/// every entry again under the competition's current rules.
#[handler]
pub async fn recompute_preview(admin: Admin, Path(id): Path<i64>) -> PageResult {
    match actions::competitions::recompute(admin.app(), &admin.actor(), id, false).await {
        Ok(r) => {
            let title = say(&msg!("admin-recompute-title", name = &r.competition.name));
            Ok(render(
                &admin,
                RecomputePage {
                    layout: Layout::new(&admin, title, "competitions"),
                    r,
                },
            ))
        }
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(
            &format!("/admin/competitions/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/competitions/:id/recompute`: writes the recomputed points.
#[handler]
pub async fn recompute(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = format!("/admin/competitions/{id}");
    match actions::competitions::recompute(admin.app(), &admin.actor(), id, true).await {
        Ok(r) => Ok(redirect_with(
            &back,
            "ok",
            say(&msg!(
                "admin-recompute-done",
                changed = r.entries_changed,
                people = r.people.len()
            )),
        )),
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(&back, "error", action_message(&e))),
        Err(e) => Err(action_error(e)),
    }
}
