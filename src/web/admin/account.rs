//! The signed-in admin's own account: their role, and two-factor sign-in
//! with an authenticator app (set up, confirm, turn off).

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::http::StatusCode;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PageResult, action_error, action_message, redirect_with, render, render_status,
    store_error,
};
use crate::actions::{self, ActionError};

const PAGE: &str = "/admin/account";

#[derive(Template, WebTemplate)]
#[template(path = "admin/account.html")]
struct AccountPage {
    layout: Layout,
    totp_enabled: bool,
    /// A set-up in progress: the secret, its link and its QR code.
    setup: Option<Setup>,
    error: Option<String>,
}

struct Setup {
    secret: String,
    uri: String,
    qr: String,
}

async fn account_page(
    admin: &Admin,
    setup: Option<Setup>,
    error: Option<String>,
) -> poem::Result<AccountPage> {
    let account = admin
        .app()
        .store
        .admin_account(&admin.username)
        .await
        .map_err(store_error)?;
    Ok(AccountPage {
        layout: Layout::new(admin, super::layout::t("admin-your-account"), "account"),
        totp_enabled: account.totp_enabled,
        setup,
        error,
    })
}

/// `GET /admin/account`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let view = account_page(&admin, None, None).await?;
    Ok(render(&admin, view))
}

/// `POST /admin/account/totp`: a new secret to add to an app.
#[handler]
pub async fn start_totp(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let setup = actions::admins::start_totp(admin.app(), &admin.actor())
        .await
        .map_err(action_error)?;
    let qr =
        super::qr::svg(&setup.uri, &super::layout::t("admin-account-qr-label")).unwrap_or_default();
    let view = account_page(
        admin,
        Some(Setup {
            secret: setup.secret,
            uri: setup.uri,
            qr,
        }),
        None,
    )
    .await?;
    Ok(render(admin, view))
}

/// `POST /admin/account/totp/confirm`: `code` from the new secret.
#[handler]
pub async fn confirm_totp(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::admins::confirm_totp(admin.app(), &admin.actor(), form.get("code")).await {
        Ok(_) => Ok(redirect_with(
            PAGE,
            "ok",
            super::layout::t("admin-account-totp-on"),
        )),
        Err(e @ (ActionError::Invalid(_) | ActionError::Rejected(_))) => {
            let view = account_page(admin, None, Some(action_message(&e))).await?;
            Ok(render_status(admin, view, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/account/totp/disable`: `code` from the app.
#[handler]
pub async fn disable_totp(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    match actions::admins::disable_totp(
        admin.app(),
        &admin.actor(),
        &admin.username,
        Some(form.get("code")),
    )
    .await
    {
        Ok(_) => Ok(redirect_with(
            PAGE,
            "ok",
            super::layout::t("admin-account-totp-off"),
        )),
        Err(e @ ActionError::Invalid(_)) => {
            let view = account_page(admin, None, Some(action_message(&e))).await?;
            Ok(render_status(admin, view, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(action_error(e)),
    }
}
