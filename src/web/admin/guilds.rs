//! Guild management: the table, adding, editing (with the version the form
//! was read at), deactivating, deleting, and a guild's page with its members.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, action_message, page_number, redirect_with,
    render, render_status, store_error,
};
use super::layout::{say, t};
use crate::actions::guilds::GuildChange;
use crate::actions::{self, ActionError};
use crate::domain::{FieldError, GuildDraft};
use crate::i18n::{Language, Message};
use crate::msg;
use crate::store::guilds::Guild;
use crate::store::guilds::GuildOverview;
use crate::store::participants::Participant;
use crate::store::search::ParticipantFilter;

#[derive(Template, WebTemplate)]
#[template(path = "admin/guilds.html")]
struct GuildsPage {
    layout: Layout,
    guilds: Vec<GuildOverview>,
    /// How the guilds are ranked, when by a composite score (a score
    /// column and this sentence are shown).
    score_rule: Option<String>,
    name: String,
    member_count: String,
    errors: Vec<FieldError>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/guild.html")]
struct GuildPage {
    layout: Layout,
    guild: Guild,
    name: String,
    member_count: String,
    /// The version the form was read at.
    version: i64,
    errors: Vec<FieldError>,
    /// A save refused because someone else saved first, with both versions.
    stale: Option<String>,
    /// A size below the registered count, to confirm.
    confirm: Option<String>,
    members: Vec<Participant>,
    pager: Pager,
}

fn error_for(errors: &[FieldError], field: &str, language: Language) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.render(language))
}

impl GuildsPage {
    fn error_for(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field, self.layout.language)
    }

    /// More registered than configured: participation passes 100 %.
    fn over(&self, g: &GuildOverview) -> bool {
        g.standing.registered > u64::from(g.standing.configured_members)
    }
}

impl GuildPage {
    fn error_for(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field, self.layout.language)
    }
}

/// `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: String,
}

async fn guilds_page(
    admin: &Admin,
    name: &str,
    member_count: &str,
    errors: Vec<FieldError>,
) -> poem::Result<GuildsPage> {
    let (score, guilds) = admin
        .app()
        .store
        .guild_overview()
        .await
        .map_err(store_error)?;
    Ok(GuildsPage {
        layout: Layout::new(admin, t("admin-nav-guilds"), "guilds"),
        guilds,
        score_rule: (!score.is_average())
            .then(|| crate::domain::rules::guild_score_sentence(score).render(admin.language)),
        name: name.to_string(),
        member_count: member_count.to_string(),
        errors,
    })
}

/// `GET /admin/guilds`.
#[handler]
pub async fn list(admin: Admin) -> PageResult {
    let page = guilds_page(&admin, "", "", Vec::new()).await?;
    Ok(render(&admin, page))
}

/// `POST /admin/guilds`: adds a guild.
#[handler]
pub async fn create(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let (name, count) = (form.get("name"), form.get("member_count"));
    let draft = match GuildDraft::parse(name, count) {
        Ok(d) => d,
        Err(errors) => {
            let page = guilds_page(admin, name, count, errors).await?;
            return Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    match actions::guilds::create(admin.app(), &admin.actor(), &draft).await {
        Ok(guild) => Ok(redirect_with(
            "/admin/guilds",
            "ok",
            say(&msg!("admin-guild-added", name = &guild.name)),
        )),
        Err(ActionError::Invalid(errors)) => {
            let page = guilds_page(admin, name, count, errors).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ActionError::Conflict(message)) => {
            let errors = vec![FieldError::new("name", message)];
            let page = guilds_page(admin, name, count, errors).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}

async fn guild_page(
    admin: &Admin,
    guild: Guild,
    name: &str,
    member_count: &str,
    page: u64,
) -> poem::Result<GuildPage> {
    let store = &admin.app().store;
    let filter = ParticipantFilter {
        text: String::new(),
        guild: Some(guild.name.clone()),
    };
    let total = store
        .count_matching_participants(&filter)
        .await
        .map_err(store_error)?;
    let pager = Pager::new(&format!("/admin/guilds/{}", guild.id), &[], page, total);
    let members = store
        .search_participants(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    Ok(GuildPage {
        layout: Layout::new(
            admin,
            say(&msg!("admin-guild-title", name = &guild.name)),
            "guilds",
        ),
        version: guild.version,
        guild,
        name: name.to_string(),
        member_count: member_count.to_string(),
        errors: Vec::new(),
        stale: None,
        confirm: None,
        members,
        pager,
    })
}

/// `GET /admin/guilds/:id`.
#[handler]
pub async fn show(admin: Admin, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> PageResult {
    let guild = admin.app().store.guild(id).await.map_err(store_error)?;
    let (name, count) = (guild.name.clone(), guild.member_count.to_string());
    let page = guild_page(&admin, guild, &name, &count, page_number(&q.page)).await?;
    Ok(render(&admin, page))
}

/// `POST /admin/guilds/:id`: renames and resizes a guild. The form carries
/// the version it was read at; `confirm=yes` saves a size below the
/// registered count.
#[handler]
pub async fn update(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let (name, count) = (form.get("name"), form.get("member_count"));
    let version = form.get("version").trim().parse::<i64>().ok();
    let change = GuildChange {
        name: Some(name.to_string()),
        member_count: Some(count.to_string()),
        version,
        confirmed: form.get("confirm") == "yes",
    };
    let result = actions::guilds::update(admin.app(), &admin.actor(), id, change).await;
    let current = || async { store.guild(id).await.map_err(store_error) };
    match result {
        Ok(guild) => Ok(redirect_with(
            &format!("/admin/guilds/{id}"),
            "ok",
            say(&msg!("admin-guild-saved", name = &guild.name)),
        )),
        Err(ActionError::Invalid(errors)) => {
            let mut page = guild_page(admin, current().await?, name, count, 1).await?;
            page.errors = errors;
            page.version = version.unwrap_or(page.version);
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e @ ActionError::Conflict(_)) => {
            let now = current().await?;
            let stale = version.is_some_and(|v| v != now.version);
            let mut page = guild_page(admin, now, name, count, 1).await?;
            if stale {
                // Someone else saved first: show both, and take the new
                // version so that saving again deliberately keeps these values.
                page.stale = Some(action_message(&e));
                Ok(render_status(admin, page, StatusCode::CONFLICT))
            } else {
                page.errors = vec![FieldError::new(
                    "name",
                    e.message()
                        .cloned()
                        .unwrap_or_else(|| Message::verbatim(action_message(&e))),
                )];
                page.version = version.unwrap_or(page.version);
                Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
            }
        }
        Err(ActionError::NeedsConfirmation(message)) => {
            let mut page = guild_page(admin, current().await?, name, count, 1).await?;
            page.confirm = Some(super::layout::say(&message));
            page.version = version.unwrap_or(page.version);
            Ok(render_status(admin, page, StatusCode::CONFLICT))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/guilds/:id/active`: `active=true` reopens, `false` closes
/// registration; members, history and the place in the standings stay.
#[handler]
pub async fn set_active(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let active = match form.get("active") {
        "true" => true,
        "false" => false,
        _ => {
            return Ok(redirect_with(
                &format!("/admin/guilds/{id}"),
                "error",
                t("admin-guild-choose"),
            ));
        }
    };
    let guild = actions::guilds::set_active(admin.app(), &admin.actor(), id, active)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        &format!("/admin/guilds/{id}"),
        "ok",
        if active {
            say(&msg!("admin-guild-reopened", name = &guild.name))
        } else {
            say(&msg!("admin-guild-closed", name = &guild.name))
        },
    ))
}

/// `POST /admin/guilds/:id/delete`: only a guild without members.
#[handler]
pub async fn delete(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::guilds::delete(admin.app(), &admin.actor(), id).await {
        Ok(g) => Ok(redirect_with(
            "/admin/guilds",
            "ok",
            say(&msg!("admin-guild-deleted", name = &g.name)),
        )),
        Err(e @ ActionError::Conflict(_)) => Ok(redirect_with(
            &format!("/admin/guilds/{id}"),
            "error",
            action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}
