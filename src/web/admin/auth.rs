//! Logging in (with an authenticator code when two-factor sign-in is on)
//! and out, server-side sessions, CSRF tokens, roles and login rate
//! limiting.
//!
//! The session cookie holds a random token; the database holds only its
//! SHA-256, with the session's CSRF token and expiry. Every POST must carry
//! that CSRF token in its form, or it is refused with 403. The login form,
//! which has no session yet, uses a double-submit token instead.
//!
//! Every route says which role it needs ([`Needs`], attached in
//! `routes()`); without one, reading needs a viewer and anything else an
//! organiser, so a route that forgets to say is closed rather than open.
//! The actions check the role again.

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::header::SET_COOKIE;
use poem::http::{Method, StatusCode};
use poem::web::{Data, Form, Redirect};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, handler};
use serde::Deserialize;

use super::respond::{
    FLASH_COOKIE, Flash, PageResult, action_error, error, redirect_with, say, store_error, t,
};
use crate::actions::admins::{CODE_MINUTES, SESSION_HOURS, random_token, token_hash};
use crate::actions::{self, ActionError, Actor};
use crate::app::App;
use crate::domain::AdminRole;
use crate::i18n::Language;

/// The session cookie.
pub const SESSION_COOKIE: &str = "ac_admin";
/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "ac_login";
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

/// The client's address: the peer's, or, behind a trusted proxy
/// (`TRUSTED_PROXIES`), the one the proxy says it forwards for.
fn client_addr(req: &Request) -> String {
    let Some(peer) = req.remote_addr().as_socket_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    let trusted = req
        .data::<Arc<App>>()
        .map(|app| app.config.trusted_proxies.as_slice())
        .unwrap_or_default();
    crate::domain::network::client_ip(
        peer,
        req.header("forwarded"),
        req.header("x-forwarded-for"),
        trusted,
    )
    .to_string()
}

/// The role a route needs, attached to it in `routes()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs(pub AdminRole);

/// The role a request needs: the route's, else a viewer's for reading and
/// an organiser's for anything else.
fn needed(req: &Request) -> AdminRole {
    req.data::<Needs>().map(|n| n.0).unwrap_or_else(|| {
        if matches!(*req.method(), Method::GET | Method::HEAD) {
            AdminRole::Viewer
        } else {
            AdminRole::Organiser
        }
    })
}

/// The logged-in admin of a request.
#[derive(Debug, Clone)]
pub struct Admin {
    pub id: i64,
    pub username: String,
    pub role: AdminRole,
    /// The session's CSRF token, for the page's forms.
    pub csrf: String,
    /// A message left by the previous action.
    pub flash: Option<Flash>,
    /// The zone the panel shows times in: the active competition's.
    pub time_zone: chrono_tz::Tz,
    /// The language the panel speaks to this admin: their choice, else
    /// their browser's.
    pub language: Language,
    /// How many flagged entries wait for a decision, for the navigation.
    pub pending_reviews: u64,
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
            role: self.role,
        }
    }

    /// Whether the admin's role reaches `role`.
    pub fn may(&self, role: AdminRole) -> bool {
        self.role >= role
    }

    async fn from_session(req: &Request) -> poem::Result<Admin> {
        let app = app_of(req)?;
        let reading = matches!(*req.method(), Method::GET | Method::HEAD);
        let refuse = || {
            if reading {
                poem::Error::from_response(Redirect::see_other("/admin/login").into_response())
            } else {
                error(
                    StatusCode::FORBIDDEN,
                    &t("admin-error-not-logged-in"),
                    &t("admin-error-session-ended"),
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
        if session.second_factor_pending {
            return Err(if reading {
                poem::Error::from_response(Redirect::see_other("/admin/login/code").into_response())
            } else {
                refuse()
            });
        }
        // The admin's own choice wins over the browser's, on this page and
        // on any error page it leads to.
        let language = session
            .language
            .as_deref()
            .and_then(Language::from_code)
            .unwrap_or_else(crate::web::language::current);
        crate::web::language::set(language);
        let role = session.role();
        let need = needed(req);
        if role < need {
            return Err(error(
                StatusCode::FORBIDDEN,
                &t("admin-error-not-allowed"),
                &say(&crate::msg!(
                    "err-role-too-low",
                    own = role.name(),
                    needed = need.name()
                )),
            ));
        }
        app.store
            .touch_admin_session(&hash)
            .await
            .map_err(store_error)?;
        let time_zone = actions::exports::display_zone(&app).await;
        // One count over the pending flags' index, for every page's
        // navigation.
        let pending_reviews = app.store.count_pending_flags().await.map_err(store_error)?;
        Ok(Admin {
            id: session.admin_id,
            username: session.username,
            role,
            csrf: session.csrf_token,
            flash: cookie(req, FLASH_COOKIE).and_then(|raw| Flash::decode(&raw)),
            time_zone,
            language,
            pending_reviews,
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
                    &t("admin-error-form-too-large"),
                    &t("admin-error-form-too-large-text"),
                )
            })?;
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let form = AdminForm { admin, fields };
        if !same_secret(form.get("csrf"), &form.admin.csrf) {
            return Err(error(
                StatusCode::FORBIDDEN,
                &t("admin-error-form-expired"),
                &t("admin-error-form-expired-text"),
            ));
        }
        Ok(form)
    }
}

/// The words for a wait, rounded up to whole minutes.
pub fn wait_words(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    crate::tr!(
        crate::web::language::current(),
        "admin-wait-minutes",
        minutes = minutes
    )
}

/// The refusal shown when failed logins block a sign-in.
fn blocked_text(blocked: &actions::login_limits::Blocked, wait: &str) -> String {
    let whom = t(if blocked.what == "this account" {
        "admin-blocked-account"
    } else {
        "admin-blocked-address"
    });
    crate::tr!(
        crate::web::language::current(),
        "admin-too-many-logins",
        whom = whom,
        wait = wait
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
struct LoginPage {
    lang: Language,
    languages: &'static [Language],
    csrf: String,
    username: String,
    error: Option<String>,
    flash: Option<Flash>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/login_code.html")]
struct CodePage {
    lang: Language,
    csrf: String,
    username: String,
    error: Option<String>,
}

impl CodePage {
    fn intro(&self) -> String {
        crate::tr!(self.lang, "admin-code-intro", name = self.username.as_str())
    }
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
        lang: crate::web::language::current(),
        languages: &Language::ALL,
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

/// `GET /admin/login` (`?lang=fi` picks the language and remembers it in
/// this browser).
#[handler]
pub async fn login_page(req: &Request, Data(app): Data<&Arc<App>>) -> Response {
    let chosen = req
        .uri()
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| Language::from_code(&v));
    if let Some(language) = chosen {
        crate::web::language::set(language);
    }
    let mut response = login_response(
        req,
        app.config.admin_cookie_secure,
        "",
        None,
        StatusCode::OK,
    );
    if let Some(language) = chosen {
        remember_language(&mut response, language, app.config.admin_cookie_secure);
    }
    response
}

/// Keeps `language` in this browser for the pages without a session.
pub fn remember_language(response: &mut Response, language: Language, secure: bool) {
    let cookie = set_cookie(
        super::LANGUAGE_COOKIE,
        language.code(),
        "/admin",
        LANGUAGE_COOKIE_SECONDS,
        secure,
    );
    if let Ok(v) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, v);
    }
}

/// How long a browser remembers the panel's language: a year.
const LANGUAGE_COOKIE_SECONDS: i64 = 365 * 24 * 3600;

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
    Form(form): Form<LoginForm>,
) -> PageResult {
    let secure = app.config.admin_cookie_secure;
    let expected = cookie(req, LOGIN_COOKIE).unwrap_or_default();
    if !same_secret(&form.csrf, &expected) {
        return Err(error(
            StatusCode::FORBIDDEN,
            &t("admin-error-form-expired"),
            &t("admin-error-login-form-expired"),
        ));
    }
    let username = form.username.trim().to_string();
    let addr = client_addr(req);
    if let Some(blocked) = actions::login_limits::check(app, &username, &addr)
        .await
        .map_err(action_error)?
    {
        let wait = wait_words(blocked.wait);
        actions::admins::login_blocked(
            app,
            &username,
            &addr,
            &format!(
                "too many failed logins for {}; {wait} to wait",
                blocked.what
            ),
        )
        .await
        .map_err(action_error)?;
        return Ok(login_response(
            req,
            secure,
            &username,
            Some(blocked_text(&blocked, &wait)),
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
            actions::login_limits::failed(app, &username, &addr)
                .await
                .map_err(action_error)?;
            return Ok(login_response(
                req,
                secure,
                &username,
                Some(super::respond::say(&message)),
                StatusCode::UNAUTHORIZED,
            ));
        }
        Err(e) => return Err(action_error(e)),
    };
    let (token, username) = (session.token, session.username);
    // The language the admin chose before, on this browser too.
    let chosen = app
        .store
        .admin_account(&username)
        .await
        .ok()
        .and_then(|a| a.language)
        .and_then(|l| Language::from_code(&l));
    if let Some(language) = chosen {
        crate::web::language::set(language);
    }
    let mut response = if session.code_needed {
        Redirect::see_other("/admin/login/code").into_response()
    } else {
        actions::login_limits::forget(app, &username)
            .await
            .map_err(action_error)?;
        redirect_with(
            "/admin",
            "ok",
            crate::tr!(
                crate::web::language::current(),
                "admin-welcome",
                name = username.as_str()
            ),
        )
    };
    if let Some(language) = chosen {
        remember_language(&mut response, language, secure);
    }
    let lifetime = if session.code_needed {
        CODE_MINUTES * 60
    } else {
        SESSION_HOURS * 3600
    };
    let headers = response.headers_mut();
    if let Ok(v) = set_cookie(SESSION_COOKIE, &token, "/admin", lifetime, secure).parse() {
        headers.append(SET_COOKIE, v);
    }
    if let Ok(v) = set_cookie(LOGIN_COOKIE, "", "/admin/login", 0, secure).parse() {
        headers.append(SET_COOKIE, v);
    }
    Ok(response)
}

/// The session waiting for its authenticator code, if any.
async fn pending_session(
    req: &Request,
    app: &App,
) -> poem::Result<Option<crate::store::admins::AdminSessionRecord>> {
    let Some(token) = cookie(req, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(app
        .store
        .admin_session(&token_hash(&token))
        .await
        .map_err(store_error)?
        .filter(|s| s.second_factor_pending))
}

/// `GET /admin/login/code`: the second step of a two-factor sign-in.
#[handler]
pub async fn code_page(req: &Request, Data(app): Data<&Arc<App>>) -> PageResult {
    let Some(session) = pending_session(req, app).await? else {
        return Ok(Redirect::see_other("/admin/login").into_response());
    };
    Ok(CodePage {
        lang: crate::web::language::current(),
        csrf: session.csrf_token,
        username: session.username,
        error: None,
    }
    .into_response())
}

/// The code form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/login/code`.
#[handler]
pub async fn login_code(
    req: &Request,
    Data(app): Data<&Arc<App>>,
    Form(form): Form<CodeForm>,
) -> PageResult {
    let Some(session) = pending_session(req, app).await? else {
        return Ok(redirect_with(
            "/admin/login",
            "error",
            t("admin-sign-in-too-long"),
        ));
    };
    if !same_secret(&form.csrf, &session.csrf_token) {
        return Err(error(
            StatusCode::FORBIDDEN,
            &t("admin-error-form-expired"),
            &t("admin-error-code-form-expired"),
        ));
    }
    let addr = client_addr(req);
    let page = |message: String, status: StatusCode| {
        let mut response = CodePage {
            lang: crate::web::language::current(),
            csrf: session.csrf_token.clone(),
            username: session.username.clone(),
            error: Some(message),
        }
        .into_response();
        response.set_status(status);
        response
    };
    if let Some(blocked) = actions::login_limits::check(app, &session.username, &addr)
        .await
        .map_err(action_error)?
    {
        let wait = wait_words(blocked.wait);
        actions::admins::login_blocked(
            app,
            &session.username,
            &addr,
            &format!(
                "authenticator code: too many failures for {}; {wait} to wait",
                blocked.what
            ),
        )
        .await
        .map_err(action_error)?;
        return Ok(page(
            blocked_text(&blocked, &wait),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    match actions::admins::login_code(app, &session.id, &form.code, &addr).await {
        Ok(account) => {
            actions::login_limits::forget(app, &account.username)
                .await
                .map_err(action_error)?;
            let mut response = redirect_with(
                "/admin",
                "ok",
                crate::tr!(
                    crate::web::language::current(),
                    "admin-welcome",
                    name = account.username.as_str()
                ),
            );
            if let Ok(v) = set_cookie(
                SESSION_COOKIE,
                &cookie(req, SESSION_COOKIE).unwrap_or_default(),
                "/admin",
                SESSION_HOURS * 3600,
                app.config.admin_cookie_secure,
            )
            .parse()
            {
                response.headers_mut().append(SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(ActionError::Forbidden(message)) => {
            actions::login_limits::failed(app, &session.username, &addr)
                .await
                .map_err(action_error)?;
            Ok(page(
                super::respond::say(&message),
                StatusCode::UNAUTHORIZED,
            ))
        }
        Err(e @ ActionError::Rejected(_)) => Ok(redirect_with(
            "/admin/login",
            "error",
            super::respond::action_message(&e),
        )),
        Err(e) => Err(action_error(e)),
    }
}

/// `POST /admin/language`: `language` becomes the panel's language for
/// this admin (remembered with the account, and in this browser for the
/// login page), then back to the page the switch was on.
#[handler]
pub async fn choose_language(req: &Request, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let Some(language) = Language::from_code(form.get("language")) else {
        return Ok(redirect_with(
            "/admin",
            "error",
            t("admin-language-unknown"),
        ));
    };
    actions::admins::choose_language(admin.app(), &admin.actor(), language)
        .await
        .map_err(action_error)?;
    crate::web::language::set(language);
    // Back where the switch was pressed: a page of the panel, never elsewhere.
    let back = req
        .header("referer")
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|u| u.path().starts_with("/admin") && !u.path().starts_with("/admin/language"))
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or_else(|| "/admin".to_string());
    let mut response = Redirect::see_other(&back).into_response();
    remember_language(
        &mut response,
        language,
        admin.app.config.admin_cookie_secure,
    );
    Ok(response)
}

/// `POST /admin/logout`.
#[handler]
pub async fn logout(form: AdminForm) -> PageResult {
    let admin = &form.admin;
    actions::admins::logout(&admin.app, &admin.actor(), &admin.session_hash)
        .await
        .map_err(action_error)?;
    let mut response = redirect_with("/admin/login", "ok", t("admin-logged-out"));
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
}
