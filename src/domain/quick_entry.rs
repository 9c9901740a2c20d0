//! Splitting a one-line entry such as "swim 1h30" into what and how long.

use super::duration::{DurationError, DurationMinutes, parse_duration};

/// A free-text entry split into a search query and an optional duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickEntry {
    /// The words that name the activity, whitespace collapsed.
    pub query: String,
    /// The duration, if the text ended with one.
    pub duration: Option<DurationMinutes>,
    /// Why the number the text ended with is not a duration ("running 0",
    /// "running 9999", "running 1.5"); the number is then not part of the
    /// query.
    pub problem: Option<DurationError>,
}

/// The longest duration spelled in words, "1 hour 30 minutes", has 4 tokens.
const MAX_DURATION_TOKENS: usize = 4;

/// Splits "running 30" into query "running" and 30 minutes, or
/// "swim 1 h 30 min" into "swim" and 90 minutes.
///
/// The longest trailing run of words that is a valid duration wins, and at
/// least one word is always left for the query. If no trailing run is a
/// valid duration but the longest one that starts with a number is a
/// duration refused for a reason (zero, too long, ambiguous…), that reason
/// is the [`problem`](QuickEntry::problem) and the rest is the query.
/// Otherwise ("swim", "running fast") everything is the query.
pub fn parse_quick_entry(text: &str) -> QuickEntry {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let longest = MAX_DURATION_TOKENS.min(tokens.len().saturating_sub(1));
    let mut problem = None;
    for take in (1..=longest).rev() {
        let (query, tail) = tokens.split_at(tokens.len() - take);
        match parse_duration(&tail.join(" ")) {
            Ok(duration) => {
                return QuickEntry {
                    query: query.join(" "),
                    duration: Some(duration),
                    problem: None,
                };
            }
            Err(DurationError::Unrecognised { .. }) => {}
            Err(e) if problem.is_none() && looks_numeric(tail[0]) => problem = Some((take, e)),
            Err(_) => {}
        }
    }
    match problem {
        Some((take, e)) => QuickEntry {
            query: tokens[..tokens.len() - take].join(" "),
            duration: None,
            problem: Some(e),
        },
        None => QuickEntry {
            query: tokens.join(" "),
            duration: None,
            problem: None,
        },
    }
}

/// "0", "1.5", "-5", "9999min": a word that starts like a number.
fn looks_numeric(word: &str) -> bool {
    let digits = word.trim_start_matches(['-', '−']);
    digits.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, Option<u16>) {
        let entry = parse_quick_entry(text);
        (entry.query, entry.duration.map(DurationMinutes::get))
    }

    #[test]
    fn splits_trailing_durations() {
        assert_eq!(split("running 30"), ("running".into(), Some(30)));
        assert_eq!(split("swim 1h30"), ("swim".into(), Some(90)));
        assert_eq!(
            split("  swimming   laps  45 min "),
            ("swimming laps".into(), Some(45))
        );
        assert_eq!(split("yoga 1 hour 30 minutes"), ("yoga".into(), Some(90)));
        assert_eq!(split("walk 1:15"), ("walk".into(), Some(75)));
    }

    #[test]
    fn keeps_everything_as_the_query_without_a_duration() {
        assert_eq!(split("swim"), ("swim".into(), None));
        assert_eq!(split("running fast"), ("running fast".into(), None));
        assert_eq!(parse_quick_entry("running fast").problem, None);
        assert_eq!(split(""), (String::new(), None));
        // A lone number is the query: something must name the activity.
        assert_eq!(split("30"), ("30".into(), None));
    }

    #[test]
    fn a_refused_duration_is_reported_and_left_out_of_the_query() {
        let problem = |text: &str| {
            let entry = parse_quick_entry(text);
            assert_eq!(entry.duration, None, "{text}");
            (entry.query, entry.problem)
        };
        assert_eq!(
            problem("running 0"),
            ("running".into(), Some(DurationError::Zero))
        );
        assert_eq!(
            problem("running 9999"),
            (
                "running".into(),
                Some(DurationError::TooLong { minutes: 9999 })
            )
        );
        assert!(matches!(
            problem("running 1.5"),
            (q, Some(DurationError::AmbiguousDecimal { .. })) if q == "running"
        ));
        assert!(matches!(
            problem("yoga 0 min"),
            (q, Some(DurationError::Zero)) if q == "yoga"
        ));
        assert!(matches!(
            problem("swim -5"),
            (q, Some(DurationError::Negative)) if q == "swim"
        ));
    }

    #[test]
    fn a_number_inside_the_query_stays_there() {
        assert_eq!(
            split("running 4.3 to 4.8 mph 20"),
            ("running 4.3 to 4.8 mph".into(), Some(20))
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_keeps_a_query(text in "\\PC{0,30}") {
                let entry = parse_quick_entry(&text);
                if entry.duration.is_some() {
                    prop_assert!(!entry.query.is_empty());
                }
            }

            #[test]
            fn recovers_word_and_minutes(word in "[a-z]{1,10}", m in 1u32..=1440) {
                let entry = parse_quick_entry(&format!("{word} {m}"));
                prop_assert_eq!(entry.query, word);
                prop_assert_eq!(entry.duration.map(|d| u32::from(d.get())), Some(m));
            }
        }
    }
}
