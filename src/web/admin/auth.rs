//! Logging in and out, server-side sessions, CSRF tokens and login rate
//! limiting.
//!
//! The session cookie holds a random token; the database holds only its
//! SHA-256, with the session's CSRF token and expiry. Every POST must carry
//! that CSRF token in its form, or it is refused with 403. The login form,
//! which has no session yet, uses a double-submit token instead.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use poem::http::header::SET_COOKIE;
use poem::http::{Method, StatusCode};
use poem::web::{Data, Form, Redirect};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, handler};
use serde::Deserialize;

use super::layout::{
    FLASH_COOKIE, Flash, PageResult, action_error, error, redirect_with, store_error,
};
use crate::actions::admins::{SESSION_HOURS, random_token, token_hash};
use crate::actions::{self, ActionError, Actor};
use crate::app::App;

/// The session cookie.
pub const SESSION_COOKIE: &str = "ac_admin";
/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "ac_login";
/// Failed logins allowed per account in the window.
pub const ACCOUNT_FAILURES: usize = 5;
/// Failed logins allowed per client address in the window.
pub const ADDRESS_FAILURES: usize = 20;
/// The rate limit's window.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The largest form body accepted.
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The value of a request cookie.
pub fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(poem::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn set_cookie(name: &str, value: &str, path: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

fn app_of(req: &Request) -> poem::Result<Arc<App>> {
    req.data::<Arc<App>>()
        .cloned()
        .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn client_addr(req: &Request) -> String {
    req.remote_addr()
        .as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The logged-in admin of a request.
#[derive(Debug, Clone)]
pub struct Admin {
    pub id: i64,
    pub username: String,
    /// The session's CSRF token, for the page's forms.
    pub csrf: String,
    /// A message left by the previous action.
    pub flash: Option<Flash>,
    session_hash: String,
    app: Arc<App>,
}

impl Admin {
    /// The shared app.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The admin as the actor of an action.
    pub fn actor(&self) -> Actor {
        Actor::Admin {
            id: self.id,
            username: self.username.clone(),
        }
    }

    async fn from_session(req: &Request) -> poem::Result<Admin> {
        let app = app_of(req)?;
        let refuse = || {
            if matches!(*req.method(), Method::GET | Method::HEAD) {
                poem::Error::from_response(Redirect::see_other("/admin/login").into_response())
            } else {
                error(
                    StatusCode::FORBIDDEN,
                    "Not logged in",
                    "Your session has ended. Log in again and repeat the action.",
                )
            }
        };
        let Some(token) = cookie(req, SESSION_COOKIE) else {
            return Err(refuse());
        };
        let hash = token_hash(&token);
        let Some(session) = app.store.admin_session(&hash).await.map_err(store_error)? else {
            return Err(refuse());
        };
        app.store
            .touch_admin_session(&hash)
            .await
            .map_err(store_error)?;
        Ok(Admin {
            id: session.admin_id,
            username: session.username,
            csrf: session.csrf_token,
            flash: cookie(req, FLASH_COOKIE).and_then(|raw| Flash::decode(&raw)),
            session_hash: hash,
            app,
        })
    }
}

impl<'a> FromRequest<'a> for Admin {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Admin::from_session(req).await
    }
}

/// A submitted form with a valid session and CSRF token.
#[derive(Debug, Clone)]
pub struct AdminForm {
    pub admin: Admin,
    fields: Vec<(String, String)>,
}

impl AdminForm {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a repeated field (ticked checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<'a> FromRequest<'a> for AdminForm {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let admin = Admin::from_session(req).await?;
        let bytes = body
            .take()?
            .into_bytes_limit(MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Form too large",
                    "The form was larger than the server accepts.",
                )
            })?;
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let form = AdminForm { admin, fields };
        if !same_secret(form.get("csrf"), &form.admin.csrf) {
            return Err(error(
                StatusCode::FORBIDDEN,
                "Form expired",
                "The form's security token is missing or out of date. Go back, reload the page and try again.",
            ));
        }
        Ok(form)
    }
}

/// Failed logins per account and per client address, in memory.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// How long until `key` may try again, if it is over `limit`.
    fn blocked_for(&self, key: &str, limit: usize) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let entry = map.get_mut(key)?;
        while entry
            .front()
            .is_some_and(|t| now.duration_since(*t) >= FAILURE_WINDOW)
        {
            entry.pop_front();
        }
        if entry.len() >= limit {
            entry
                .front()
                .map(|first| FAILURE_WINDOW.saturating_sub(now.duration_since(*first)))
        } else {
            None
        }
    }

    fn record_failure(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Forget stale keys so the map cannot grow without bound.
        if map.len() > 10_000 {
            let now = Instant::now();
            map.retain(|_, v| {
                v.back()
                    .is_some_and(|t| now.duration_since(*t) < FAILURE_WINDOW)
            });
        }
        map.entry(key.to_string())
            .or_default()
            .push_back(Instant::now());
    }

    fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
struct LoginPage {
    csrf: String,
    username: String,
    error: Option<String>,
    flash: Option<Flash>,
}

fn login_response(
    req: &Request,
    secure: bool,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let token = random_token();
    let flash = cookie(req, FLASH_COOKIE).and_then(|raw| Flash::decode(&raw));
    let clear_flash = flash.is_some();
    let mut response = LoginPage {
        csrf: token.clone(),
        username: username.to_string(),
        error,
        flash,
    }
    .into_response();
    response.set_status(status);
    let headers = response.headers_mut();
    if let Ok(v) = set_cookie(LOGIN_COOKIE, &token, "/admin/login", 3600, secure).parse() {
        headers.append(SET_COOKIE, v);
    }
    if clear_flash && let Ok(v) = set_cookie(FLASH_COOKIE, "", "/admin", 0, secure).parse() {
        headers.append(SET_COOKIE, v);
    }
    response
}

/// `GET /admin/login`.
#[handler]
pub async fn login_page(req: &Request, Data(app): Data<&Arc<App>>) -> Response {
    login_response(
        req,
        app.config.admin_cookie_secure,
        "",
        None,
        StatusCode::OK,
    )
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/login`.
#[handler]
pub async fn login(
    req: &Request,
    Data(app): Data<&Arc<App>>,
    Data(limiter): Data<&Arc<LoginLimiter>>,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let secure = app.config.admin_cookie_secure;
    let expected = cookie(req, LOGIN_COOKIE).unwrap_or_default();
    if !same_secret(&form.csrf, &expected) {
        return Err(error(
            StatusCode::FORBIDDEN,
            "Form expired",
            "The login form's security token is missing or out of date. Reload the login page and try again (cookies must be allowed).",
        ));
    }
    let username = form.username.trim().to_string();
    let addr = client_addr(req);
    let account_key = format!("account:{}", username.to_lowercase());
    let addr_key = format!("addr:{addr}");
    let blocked = limiter
        .blocked_for(&account_key, ACCOUNT_FAILURES)
        .map(|d| ("this account", d))
        .or_else(|| {
            limiter
                .blocked_for(&addr_key, ADDRESS_FAILURES)
                .map(|d| ("your address", d))
        });
    if let Some((what, wait)) = blocked {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        return Ok(login_response(
            req,
            secure,
            &username,
            Some(format!(
                "Too many failed logins for {what}. Wait {minutes} minute{} and try again.",
                if minutes == 1 { "" } else { "s" }
            )),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let session = match actions::admins::login(
        app,
        &username,
        &form.password,
        &addr,
        req.header("user-agent"),
    )
    .await
    {
        Ok(session) => session,
        Err(ActionError::Forbidden(message)) => {
            limiter.record_failure(&account_key);
            limiter.record_failure(&addr_key);
            return Ok(login_response(
                req,
                secure,
                &username,
                Some(message),
                StatusCode::UNAUTHORIZED,
            ));
        }
        Err(e) => return Err(action_error(e)),
    };
    limiter.clear(&account_key);
    let (token, username) = (session.token, session.username);
    let mut response = redirect_with("/admin", "ok", format!("Welcome, {username}."));
    let headers = response.headers_mut();
    if let Ok(v) = set_cookie(
        SESSION_COOKIE,
        &token,
        "/admin",
        SESSION_HOURS * 3600,
        secure,
    )
    .parse()
    {
        headers.append(SET_COOKIE, v);
    }
    if let Ok(v) = set_cookie(LOGIN_COOKIE, "", "/admin/login", 0, secure).parse() {
        headers.append(SET_COOKIE, v);
    }
    Ok(response)
}

/// `POST /admin/logout`.
#[handler]
pub async fn logout(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    actions::admins::logout(&admin.app, &admin.actor(), &admin.session_hash)
        .await
        .map_err(action_error)?;
    let mut response = redirect_with("/admin/login", "ok", "You are logged out.");
    if let Ok(v) = set_cookie(
        SESSION_COOKIE,
        "",
        "/admin",
        0,
        admin.app.config.admin_cookie_secure,
    )
    .parse()
    {
        response.headers_mut().append(SET_COOKIE, v);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", ""));
    }

    #[test]
    fn the_limiter_blocks_after_the_limit_and_clears_on_success() {
        let limiter = LoginLimiter::default();
        for _ in 0..ACCOUNT_FAILURES {
            assert!(limiter.blocked_for("a", ACCOUNT_FAILURES).is_none());
            limiter.record_failure("a");
        }
        let wait = limiter.blocked_for("a", ACCOUNT_FAILURES).unwrap();
        assert!(wait <= FAILURE_WINDOW && wait > Duration::from_secs(60));
        assert!(limiter.blocked_for("b", ACCOUNT_FAILURES).is_none());
        limiter.clear("a");
        assert!(limiter.blocked_for("a", ACCOUNT_FAILURES).is_none());
    }
}
