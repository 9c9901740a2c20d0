//! A problem with one form field, for forms that report every problem at once.

use thiserror::Error;

/// One invalid form field and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FieldError {
    /// The form field's name, e.g. "start" or "member_count".
    pub field: &'static str,
    /// A full sentence saying what was wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
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
    label: &str,
    text: &str,
    min: usize,
    max: usize,
) -> Option<FieldError> {
    let count = text.chars().count();
    if count == 0 && min > 0 {
        Some(FieldError::new(
            field,
            format!("{label} is required; please fill it in."),
        ))
    } else if count < min {
        Some(FieldError::new(
            field,
            format!(
                "{label} must be at least {min} characters; you wrote {count}. Please add a little more."
            ),
        ))
    } else if count > max {
        Some(FieldError::new(
            field,
            format!(
                "{label} can be at most {max} characters; you wrote {count}. Please shorten it."
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
        let e = FieldError::new("name", "Name is required; please fill it in.");
        assert_eq!(e.to_string(), "Name is required; please fill it in.");
        assert_eq!(e.field, "name");
    }

    #[test]
    fn length_counts_characters() {
        assert_eq!(check_length("t", "Text", "ääää", 1, 4), None);
        let long = check_length("t", "Text", "ääääa", 1, 4).unwrap();
        assert!(long.message.contains("at most 4") && long.message.contains("you wrote 5"));
        let short = check_length("t", "Text", "ab", 3, 10).unwrap();
        assert!(short.message.contains("at least 3") && short.message.contains("you wrote 2"));
        let empty = check_length("t", "Text", "", 1, 10).unwrap();
        assert!(empty.message.contains("required"));
        assert_eq!(check_length("t", "Text", "", 0, 10), None);
    }

    #[test]
    fn collect_returns_all_errors() {
        assert_eq!(collect(1, Vec::new()), Ok(1));
        let errors = vec![FieldError::new("a", "A."), FieldError::new("b", "B.")];
        assert_eq!(collect(1, errors.clone()), Err(errors));
    }
}
