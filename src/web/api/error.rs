//! The API's errors: a JSON body with a stable `code` and a human `message`.
//!
//! The `message` is in the language the request's `Accept-Language` asks
//! for (Finnish or English; English when it names neither); the `code`
//! never changes with the language, so integrators match on it.

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};

use crate::actions::ActionError;
use crate::i18n::{Language, Message};
use crate::msg;
use crate::store::StoreError;

/// The language the current request's messages are written in (the
/// envelope sets it from `Accept-Language`).
pub fn language() -> Language {
    crate::web::language::current()
}

/// `message` in the current request's language.
pub fn say(message: Message) -> String {
    message.render(language())
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Object, serde::Deserialize)]
pub struct ErrorBody {
    /// A stable, machine-readable code, e.g. `not_found` or `invalid_init_data`.
    pub code: String,
    /// What went wrong and what to do, for people.
    pub message: String,
}

impl ErrorBody {
    /// An error body.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Every error an API operation can answer with.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// The request is malformed (bad JSON, a parameter out of range).
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Missing, invalid or expired credentials.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// The credentials do not allow this.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// The thing asked for does not exist.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The change clashes with what is there.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// The change breaks a rule.
    #[oai(status = 422)]
    Unprocessable(Json<ErrorBody>),
    /// The server failed; the detail is in its log.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The database is unavailable for a moment; try again.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl ApiError {
    /// 400 with a code.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::BadRequest(Json(ErrorBody::new(code, message)))
    }
    /// 401 with a code.
    pub fn unauthorized(code: &str, message: impl Into<String>) -> Self {
        Self::Unauthorized(Json(ErrorBody::new(code, message)))
    }
    /// 404 with a code.
    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::NotFound(Json(ErrorBody::new(code, message)))
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        ActionError::from(err).into()
    }
}

impl From<ActionError> for ApiError {
    /// The one mapping of a refused or failed action to an answer.
    fn from(err: ActionError) -> Self {
        let language = language();
        let body = |code: &str, message: String| Json(ErrorBody::new(code, message));
        let say = |m: Message| m.render(language);
        match err {
            ActionError::Invalid(errors) => {
                let message = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.render(language)))
                    .collect::<Vec<_>>()
                    .join(" ");
                Self::Unprocessable(body("invalid", message))
            }
            ActionError::NotFound(m) => Self::NotFound(body("not_found", say(m))),
            ActionError::Conflict(m) => Self::Conflict(body("conflict", say(m))),
            ActionError::Rejected(m) => Self::Unprocessable(body("rejected", say(m))),
            ActionError::NeedsConfirmation(m) => {
                Self::Conflict(body("confirmation_needed", say(m)))
            }
            ActionError::Forbidden(m) => Self::Forbidden(body("forbidden", say(m))),
            e @ ActionError::Unavailable(_) => {
                tracing::warn!(error = e.log_text(), "API: the database is unavailable");
                Self::Unavailable(body("unavailable", say(msg!("api-unavailable"))))
            }
            e @ ActionError::Failed(_) => {
                tracing::error!(error = e.log_text(), "API: an operation failed");
                Self::Internal(body("failed", e.render(language)))
            }
            e @ ActionError::Internal(_) => {
                tracing::error!(error = e.log_text(), "API: an action failed");
                Self::Internal(body("internal_error", say(msg!("api-internal"))))
            }
        }
    }
}

/// The stable code of a status answered without a body of ours (poem's
/// own parse errors, unknown routes, wrong methods).
pub fn code_for_status(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        _ if status < 500 => "client_error",
        _ => "internal_error",
    }
}
