//! A problem with one form field, for forms that report every problem at once.

use thiserror::Error;

use crate::i18n::{Language, Message};
use crate::msg;

/// One invalid form field and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FieldError {
    /// The form field's name, e.g. "start" or "member_count".
    pub field: &'static str,
    /// A full sentence saying what was wrong and how to fix it (English
    /// when displayed; [`FieldError::render`] for another language).
    pub message: Message,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: &'static str, message: Message) -> FieldError {
        FieldError { field, message }
    }

    /// The message in `language`.
    pub fn render(&self, language: Language) -> String {
        self.message.render(language)
    }
}

/// `Ok(value)` when no problems were collected, otherwise all of them.
pub(super) fn collect<T>(value: T, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

/// Checks a trimmed text's length in characters (not bytes) and says how
/// many were written when it is out of bounds.
pub(super) fn check_length(
    field: &'static str,
    label: Message,
    text: &str,
    min: usize,
    max: usize,
) -> Option<FieldError> {
    let count = text.chars().count();
    if count == 0 && min > 0 {
        Some(FieldError::new(
            field,
            msg!("err-field-required", label = label),
        ))
    } else if count < min {
        Some(FieldError::new(
            field,
            msg!(
                "err-field-too-short",
                label = label,
                min = min,
                count = count
            ),
        ))
    } else if count > max {
        Some(FieldError::new(
            field,
            msg!(
                "err-field-too-long",
                label = label,
                max = max,
                count = count
            ),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_message() {
        let e = FieldError::new(
            "name",
            msg!("err-field-required", label = msg!("label-guild-name")),
        );
        assert_eq!(
            e.to_string(),
            "The guild name is required; please fill it in."
        );
        assert_eq!(
            e.render(Language::Finnish),
            "Killan nimi puuttuu. Kirjoita se kenttään."
        );
        assert_eq!(e.field, "name");
    }

    #[test]
    fn length_counts_characters() {
        let label = || msg!("label-guild-name");
        assert_eq!(check_length("t", label(), "ääää", 1, 4), None);
        let long = check_length("t", label(), "ääääa", 1, 4)
            .unwrap()
            .to_string();
        assert!(
            long.contains("at most 4") && long.contains("you wrote 5"),
            "{long}"
        );
        let short = check_length("t", label(), "ab", 3, 10).unwrap().to_string();
        assert!(
            short.contains("at least 3") && short.contains("you wrote 2"),
            "{short}"
        );
        let empty = check_length("t", label(), "", 1, 10).unwrap().to_string();
        assert!(empty.contains("required"));
        assert_eq!(check_length("t", label(), "", 0, 10), None);
    }

    #[test]
    fn collect_returns_all_errors() {
        assert_eq!(collect(1, Vec::new()), Ok(1));
        let errors = vec![
            FieldError::new("a", Message::verbatim("A.")),
            FieldError::new("b", Message::verbatim("B.")),
        ];
        assert_eq!(collect(1, errors.clone()), Err(errors));
    }
}
