//! Validating the participant feedback form.

use super::field_error::{FieldError, check_length, collect};
use crate::msg;

/// A validated feedback form: three 1–5 ratings and a written comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackDraft {
    ease_of_use: u8,
    usefulness: u8,
    overall_satisfaction: u8,
    text: String,
}

impl FeedbackDraft {
    /// Validates the ratings (1–5) and the text (10–2000 characters after
    /// trimming) and returns all problems at once. Field names in errors:
    /// "ease_of_use", "usefulness", "overall_satisfaction", "text".
    pub fn new(
        ease_of_use: u8,
        usefulness: u8,
        overall_satisfaction: u8,
        text: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let text = text.trim();
        let mut errors: Vec<FieldError> = [
            ("ease_of_use", msg!("label-ease-of-use"), ease_of_use),
            ("usefulness", msg!("label-usefulness"), usefulness),
            (
                "overall_satisfaction",
                msg!("label-overall-satisfaction"),
                overall_satisfaction,
            ),
        ]
        .into_iter()
        .filter(|(_, _, value)| !(1..=5).contains(value))
        .map(|(field, label, value)| {
            FieldError::new(
                field,
                msg!("err-rating-out-of-range", label = label, value = value),
            )
        })
        .collect();
        errors.extend(check_length(
            "text",
            msg!("label-your-feedback"),
            text,
            10,
            2000,
        ));
        collect(
            FeedbackDraft {
                ease_of_use,
                usefulness,
                overall_satisfaction,
                text: text.to_owned(),
            },
            errors,
        )
    }

    /// How easy the service was to use, 1–5.
    pub fn ease_of_use(&self) -> u8 {
        self.ease_of_use
    }

    /// How useful the service was, 1–5.
    pub fn usefulness(&self) -> u8 {
        self.usefulness
    }

    /// Overall satisfaction, 1–5.
    pub fn overall_satisfaction(&self) -> u8 {
        self.overall_satisfaction
    }

    /// The written feedback, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Reads a 1–5 rating. The error's field is "rating"; callers that know
/// which rating it was may overwrite `field`.
pub fn parse_rating(input: &str) -> Result<u8, FieldError> {
    let text = input.trim();
    match text.parse::<u8>() {
        Ok(n @ 1..=5) => Ok(n),
        _ => Err(FieldError::new(
            "rating",
            msg!("err-rating-invalid", text = text),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_feedback() {
        let draft = FeedbackDraft::new(1, 5, 3, "  Nice and simple!  ").unwrap();
        assert_eq!(
            (
                draft.ease_of_use(),
                draft.usefulness(),
                draft.overall_satisfaction()
            ),
            (1, 5, 3)
        );
        assert_eq!(draft.text(), "Nice and simple!");
        assert!(FeedbackDraft::new(5, 5, 5, &"é".repeat(2000)).is_ok());
    }

    #[test]
    fn collects_every_problem() {
        let errors = FeedbackDraft::new(0, 6, 3, "  short ").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["ease_of_use", "usefulness", "text"]);
        assert!(errors[1].message.to_string().contains("was 6"));
        assert!(
            errors[2].message.to_string().contains("at least 10")
                && errors[2].message.to_string().contains("you wrote 5")
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 9 characters but 18 bytes.
        let errors = FeedbackDraft::new(3, 3, 3, &"ä".repeat(9)).unwrap_err();
        assert!(errors[0].message.to_string().contains("you wrote 9"));
        let errors = FeedbackDraft::new(3, 3, 3, &"ä".repeat(2001)).unwrap_err();
        assert!(errors[0].message.to_string().contains("you wrote 2001"));
    }

    #[test]
    fn parses_ratings() {
        assert_eq!(parse_rating(" 4 "), Ok(4));
        assert_eq!(parse_rating("1"), Ok(1));
        assert_eq!(parse_rating("5"), Ok(5));
        for bad in ["0", "6", "", "four", "4.5", "-1", "300"] {
            let err = parse_rating(bad).unwrap_err();
            assert_eq!(err.field, "rating");
            assert!(err.message.to_string().contains("1 (poor) to 5"), "{bad}");
        }
    }
}
