//! Admin accounts: who can do what, two-factor sign-in, accounts that
//! failed logins have blocked (and unblocking them), new accounts.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::http::StatusCode;
use poem::web::Path;

use super::auth::{Admin, AdminForm, wait_words};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, render_status, say,
    store_error, t,
};
use crate::actions::{self, ActionError};
use crate::domain::AdminRole;
use crate::msg;
use crate::store::admins::AdminAccount;

const PAGE: &str = "/admin/admins";

struct Row {
    account: AdminAccount,
    role: AdminRole,
    /// How long failed logins still block the account.
    blocked: Option<String>,
    last_login: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/admins.html")]
struct AdminsPage {
    layout: Layout,
    rows: Vec<Row>,
    roles: Vec<AdminRole>,
    username: String,
    role: String,
    error: Option<String>,
}

async fn admins_page(
    admin: &Admin,
    username: &str,
    role: &str,
    error: Option<String>,
) -> poem::Result<AdminsPage> {
    let layout = Layout::new(admin, t("admin-nav-admins"), "admins");
    let blocked = actions::login_limits::blocked_accounts(admin.app())
        .await
        .map_err(action_error)?;
    let rows = admin
        .app()
        .store
        .list_admins()
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|account| Row {
            role: account.role(),
            blocked: blocked
                .iter()
                .find(|(name, _)| *name == crate::domain::admin_username_key(&account.username))
                .map(|(_, wait)| wait_words(*wait)),
            last_login: account
                .last_login_at
                .map_or("never".to_string(), |t| layout.time(&t)),
            account,
        })
        .collect();
    Ok(AdminsPage {
        layout,
        rows,
        roles: AdminRole::ALL.to_vec(),
        username: username.to_string(),
        role: role.to_string(),
        error,
    })
}

/// `GET /admin/admins`.
#[handler]
pub async fn list(admin: Admin) -> PageResult {
    let page = admins_page(&admin, "", "organiser", None).await?;
    Ok(render(&admin, page))
}

/// `POST /admin/admins`: `username`, `password`, `role`.
#[handler]
pub async fn create(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let (username, role) = (form.get("username"), form.get("role"));
    let parsed = AdminRole::parse(role);
    let result = match parsed {
        Ok(role) => {
            actions::admins::create(
                admin.app(),
                &admin.actor(),
                username,
                form.get("password"),
                role,
            )
            .await
        }
        Err(_) => Err(ActionError::field("role", msg!("admin-admins-pick-role"))),
    };
    match result {
        Ok(account) => Ok(redirect_with(
            PAGE,
            "ok",
            say(&msg!(
                "admin-admins-created",
                name = &account.username,
                role = account.role().name()
            )),
        )),
        Err(e @ (ActionError::Invalid(_) | ActionError::Conflict(_))) => {
            let page = admins_page(admin, username, role, Some(action_message(&e))).await?;
            Ok(render_status(admin, page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}

async fn username_of(admin: &Admin, id: i64) -> poem::Result<String> {
    admin
        .app()
        .store
        .list_admins()
        .await
        .map_err(store_error)?
        .into_iter()
        .find(|a| a.id == id)
        .map(|a| a.username)
        .ok_or_else(|| {
            super::layout::error(
                StatusCode::NOT_FOUND,
                &t("admin-error-not-found"),
                &say(&msg!("err-no-admin-id", id = id)),
            )
        })
}

/// `POST /admin/admins/:id/role`: `role`.
#[handler]
pub async fn set_role(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let name = username_of(admin, id).await?;
    let role = match AdminRole::parse(form.get("role")) {
        Ok(r) => r,
        Err(_) => return Ok(redirect_with(PAGE, "error", t("admin-admins-pick-role"))),
    };
    match actions::admins::set_role(admin.app(), &admin.actor(), &name, role).await {
        Ok(a) => Ok(redirect_with(
            PAGE,
            "ok",
            say(&msg!(
                "admin-admins-role-set",
                name = &a.username,
                role = a.role().name()
            )),
        )),
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(PAGE, "error", action_message(&e))),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/admins/:id/unlock`: lifts the block of failed logins.
#[handler]
pub async fn unlock(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let name = username_of(admin, id).await?;
    let account = actions::admins::unlock(admin.app(), &admin.actor(), &name)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        PAGE,
        "ok",
        say(&msg!("admin-admins-unlocked", name = &account.username)),
    ))
}

/// `POST /admin/admins/:id/totp-off`: for an admin who lost their phone.
#[handler]
pub async fn totp_off(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let name = username_of(admin, id).await?;
    let account = actions::admins::disable_totp(admin.app(), &admin.actor(), &name, None)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        PAGE,
        "ok",
        say(&msg!("admin-admins-totp-off", name = &account.username)),
    ))
}
