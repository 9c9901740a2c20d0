//! How the admin panel answers outside a page's own layout: flash messages
//! carried to the next page, redirects, error pages, and the one mapping of
//! a refused action or a store failure to what the organiser reads. Needs
//! no session, so the login pages use it as every other page does.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::http::header::{LOCATION, SET_COOKIE};
use poem::{IntoResponse, Response};

use crate::actions::ActionError;
use crate::i18n::{Language, Message};
use crate::store::StoreError;

/// The cookie carrying a one-time message to the next page.
pub const FLASH_COOKIE: &str = "ac_flash";

/// A message shown once, after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// `ok` or `error`, for styling.
    pub kind: String,
    pub message: String,
}

impl Flash {
    /// The cookie's value.
    pub fn encode(&self) -> String {
        url::form_urlencoded::byte_serialize(format!("{}|{}", self.kind, self.message).as_bytes())
            .collect()
    }

    /// Reads a cookie's value.
    pub fn decode(raw: &str) -> Option<Flash> {
        let text: String = url::form_urlencoded::parse(format!("f={raw}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())?;
        let (kind, message) = text.split_once('|')?;
        let kind = if kind == "ok" { "ok" } else { "error" };
        Some(Flash {
            kind: kind.to_string(),
            message: message.chars().take(500).collect(),
        })
    }
}

/// Shorthand for handlers.
pub type PageResult = poem::Result<Response>;

/// A 303 redirect carrying a message for the next page.
pub fn redirect_with(location: &str, kind: &str, message: impl AsRef<str>) -> Response {
    let flash = Flash {
        kind: kind.to_string(),
        message: message.as_ref().to_string(),
    };
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(LOCATION, location)
        .header(
            SET_COOKIE,
            format!(
                "{FLASH_COOKIE}={}; Path=/admin; Max-Age=60; HttpOnly; SameSite=Strict",
                flash.encode()
            ),
        )
        .finish()
}

/// A plain page for errors, usable without a session.
#[derive(Template, WebTemplate)]
#[template(path = "admin/error.html")]
pub struct ErrorPage {
    pub lang: Language,
    pub title: String,
    pub message: String,
}

/// An error page as a response, in the language of the page being answered.
pub fn error_response(status: StatusCode, title: &str, message: &str) -> Response {
    let mut response = ErrorPage {
        lang: crate::web::language::current(),
        title: title.to_string(),
        message: message.to_string(),
    }
    .into_response();
    response.set_status(status);
    response
}

/// An error page as a poem error, for `?`.
pub fn error(status: StatusCode, title: &str, message: &str) -> poem::Error {
    poem::Error::from_response(error_response(status, title, message))
}

/// The message `id` in the language of the page being answered.
pub fn t(id: &'static str) -> String {
    crate::web::language::current().t(id)
}

/// `message` in the language of the page being answered.
pub fn say(message: &Message) -> String {
    message.render(crate::web::language::current())
}

/// Maps a store failure to an error page; database details go to the log only.
pub fn store_error(e: StoreError) -> poem::Error {
    match e {
        StoreError::NotFound(m) => {
            error(StatusCode::NOT_FOUND, &t("admin-error-not-found"), &say(&m))
        }
        StoreError::Conflict(m) | StoreError::Rejected(m) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &t("admin-error-not-done"),
            &say(&m),
        ),
        StoreError::Database(db) => {
            tracing::error!(error = %db, "admin panel: database error");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &t("admin-error-went-wrong"),
                &t("admin-error-database"),
            )
        }
    }
}

/// Maps a refused or failed action to an error page: the one place the
/// panel decides how each kind of refusal looks. Unexpected failures go to
/// the log with their cause chain; the page says only what to do.
pub fn action_error(e: ActionError) -> poem::Error {
    let message = action_message(&e);
    let (status, title) = match &e {
        ActionError::NotFound(_) => (StatusCode::NOT_FOUND, "admin-error-not-found"),
        ActionError::Forbidden(_) => (StatusCode::FORBIDDEN, "admin-error-not-allowed"),
        ActionError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "admin-error-try-again"),
        ActionError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "admin-error-went-wrong"),
        ActionError::Failed(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "admin-error-did-not-work",
        ),
        ActionError::Invalid(_)
        | ActionError::Conflict(_)
        | ActionError::Rejected(_)
        | ActionError::NeedsConfirmation(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "admin-error-not-done")
        }
    };
    error(status, &t(title), &message)
}

/// What a refused or failed action tells the organiser, for an error page
/// or a flash message; unexpected failures are logged here.
pub fn action_message(e: &ActionError) -> String {
    match e {
        ActionError::Internal(_) => {
            tracing::error!(error = e.log_text(), "admin panel: an action failed");
            t("err-internal")
        }
        ActionError::Unavailable(_) => {
            tracing::warn!(
                error = e.log_text(),
                "admin panel: the database is unavailable"
            );
            t("err-unavailable")
        }
        ActionError::Failed(_) => {
            tracing::error!(error = e.log_text(), "admin panel: an operation failed");
            e.to_string()
        }
        other => other.render(crate::web::language::current()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_round_trips() {
        let f = Flash {
            kind: "ok".into(),
            message: "Guild \"A; B\" saved – ✓".into(),
        };
        assert_eq!(Flash::decode(&f.encode()), Some(f));
        assert_eq!(Flash::decode("garbage"), None);
    }
}
