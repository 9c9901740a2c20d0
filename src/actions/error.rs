//! The one error every action returns, which each frontend maps once.

use crate::domain::FieldError;
use crate::i18n::{Language, Message};
use crate::msg;
use crate::store::StoreError;

/// Why an action was not done.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// The input breaks a rule; one message per field.
    #[error("{}", fields_text(.0))]
    Invalid(Vec<FieldError>),
    /// The thing acted on does not exist.
    #[error("{0}")]
    NotFound(Message),
    /// The change clashes with what is there (a duplicate, a guild in use).
    #[error("{0}")]
    Conflict(Message),
    /// The change breaks a rule of the competition (a date outside the window).
    #[error("{0}")]
    Rejected(Message),
    /// The change has consequences the actor must confirm first; nothing was done.
    #[error("{0}")]
    NeedsConfirmation(Message),
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(Message),
    /// The database could not be reached or was busy: trying again may work.
    #[error("the database is not available right now; try again in a moment")]
    Unavailable(#[source] StoreError),
    /// A long operation failed for a reason its user should read (a backup
    /// tool's error, an unreadable file).
    #[error("{}", describe(.0))]
    Failed(anyhow::Error),
    /// Something unexpected; the detail is for the log.
    #[error("the server could not complete the request; its log says why")]
    Internal(#[source] anyhow::Error),
}

/// The result of an action.
pub type ActionResult<T> = Result<T, ActionError>;

fn fields_text(errors: &[FieldError]) -> String {
    fields_in(errors, Language::English)
}

fn fields_in(errors: &[FieldError], language: Language) -> String {
    errors
        .iter()
        .map(|e| e.render(language))
        .collect::<Vec<_>>()
        .join(" ")
}

impl ActionError {
    /// One field's problem.
    pub fn field(field: &'static str, message: Message) -> ActionError {
        ActionError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The refusal's message, for the kinds that carry one.
    pub fn message(&self) -> Option<&Message> {
        match self {
            ActionError::NotFound(m)
            | ActionError::Conflict(m)
            | ActionError::Rejected(m)
            | ActionError::NeedsConfirmation(m)
            | ActionError::Forbidden(m) => Some(m),
            _ => None,
        }
    }

    /// What a person reads, in `language`: the refusal, every field's
    /// problem, or (for failures) what to do, without the detail that
    /// belongs in the log. A failed long operation's detail (a tool's own
    /// words) is shown as it is.
    pub fn render(&self, language: Language) -> String {
        match self {
            ActionError::Invalid(errors) => fields_in(errors, language),
            ActionError::Unavailable(_) => msg!("err-unavailable").render(language),
            ActionError::Internal(_) => msg!("err-internal").render(language),
            ActionError::Failed(e) => describe(e),
            other => other
                .message()
                .map(|m| m.render(language))
                .unwrap_or_default(),
        }
    }

    /// The field errors, when the input was invalid.
    pub fn field_errors(&self) -> Option<&[FieldError]> {
        match self {
            ActionError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }

    /// The full cause chain, for the log.
    pub fn log_text(&self) -> String {
        match self {
            ActionError::Unavailable(e) => format!("{e}"),
            ActionError::Internal(e) | ActionError::Failed(e) => describe(e),
            other => other.to_string(),
        }
    }
}

/// An error with its causes on one line, each said once: a cause whose
/// text is already part of the line (database errors repeat their source
/// in their own message) is left out.
pub fn describe(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

impl From<StoreError> for ActionError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => ActionError::NotFound(m),
            StoreError::Conflict(m) => ActionError::Conflict(m),
            StoreError::Rejected(m) => ActionError::Rejected(m),
            e @ StoreError::Database(_) if e.is_transient() => ActionError::Unavailable(e),
            e => ActionError::Internal(e.into()),
        }
    }
}
