//! Guild management: the table, adding, editing, deactivating, and a
//! guild's page with its members.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, page_number, redirect_with, render,
    render_status, store_error,
};
use crate::actions::guilds::GuildChange;
use crate::actions::{self, ActionError};
use crate::domain::{FieldError, GuildDraft};
use crate::store::guilds::Guild;
use crate::store::guilds::GuildOverview;
use crate::store::participants::Participant;
use crate::store::search::ParticipantFilter;

#[derive(Template, WebTemplate)]
#[template(path = "admin/guilds.html")]
struct GuildsPage {
    layout: Layout,
    guilds: Vec<GuildOverview>,
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
    errors: Vec<FieldError>,
    members: Vec<Participant>,
    pager: Pager,
}

fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

impl GuildsPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }

    fn percent(&self, fraction: &rust_decimal::Decimal) -> String {
        format!("{:.1} %", fraction * rust_decimal::Decimal::from(100))
    }
}

impl GuildPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
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
    Ok(GuildsPage {
        layout: Layout::new(admin, "Guilds", "guilds"),
        guilds: admin
            .app()
            .store
            .guild_overview()
            .await
            .map_err(store_error)?,
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
            format!("The guild \"{}\" was added.", guild.name),
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
    errors: Vec<FieldError>,
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
        layout: Layout::new(admin, format!("Guild {}", guild.name), "guilds"),
        guild,
        name: name.to_string(),
        member_count: member_count.to_string(),
        errors,
        members,
        pager,
    })
}

/// `GET /admin/guilds/:id`.
#[handler]
pub async fn show(admin: Admin, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> PageResult {
    let guild = admin.app().store.guild(id).await.map_err(store_error)?;
    let (name, count) = (guild.name.clone(), guild.member_count.to_string());
    let page = guild_page(
        &admin,
        guild,
        &name,
        &count,
        Vec::new(),
        page_number(&q.page),
    )
    .await?;
    Ok(render(&admin, page))
}

/// `POST /admin/guilds/:id`: renames and resizes a guild.
#[handler]
pub async fn update(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let store = &admin.app().store;
    let before = store.guild(id).await.map_err(store_error)?;
    let (name, count) = (form.get("name"), form.get("member_count"));
    let change = GuildChange {
        name: Some(name.to_string()),
        member_count: Some(count.to_string()),
    };
    match actions::guilds::update(admin.app(), &admin.actor(), id, change).await {
        Ok(guild) => Ok(redirect_with(
            &format!("/admin/guilds/{id}"),
            "ok",
            format!("The guild \"{}\" was saved.", guild.name),
        )),
        Err(ActionError::Invalid(errors)) => {
            let page = guild_page(admin, before, name, count, errors, 1).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ActionError::Conflict(message)) => {
            let errors = vec![FieldError::new("name", message)];
            let page = guild_page(admin, before, name, count, errors, 1).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/guilds/:id/active`: `active=true` reopens, `false` closes
/// registration; members and history stay.
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
                "Choose whether to activate or deactivate the guild.",
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
            format!(
                "The guild \"{}\" is open for registration again.",
                guild.name
            )
        } else {
            format!(
                "The guild \"{}\" is deactivated: hidden from registration, its members and points kept.",
                guild.name
            )
        },
    ))
}
