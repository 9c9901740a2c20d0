//! Splitting a one-line entry such as "swim 1h30" into what and how long.

use super::duration::{DurationMinutes, parse_duration};

/// A free-text entry split into a search query and an optional duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickEntry {
    /// The words that name the activity, whitespace collapsed.
    pub query: String,
    /// The duration, if the text ended with one.
    pub duration: Option<DurationMinutes>,
}

/// The longest duration spelled in words, "1 hour 30 minutes", has 4 tokens.
const MAX_DURATION_TOKENS: usize = 4;

/// Splits "running 30" into query "running" and 30 minutes, or
/// "swim 1 h 30 min" into "swim" and 90 minutes.
///
/// The longest trailing run of words that is a valid duration wins, and at
/// least one word is always left for the query. If no trailing run is a
/// valid duration (e.g. "running 0" or "swim"), everything is the query.
pub fn parse_quick_entry(text: &str) -> QuickEntry {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let longest = MAX_DURATION_TOKENS.min(tokens.len().saturating_sub(1));
    for take in (1..=longest).rev() {
        let (query, tail) = tokens.split_at(tokens.len() - take);
        if let Ok(duration) = parse_duration(&tail.join(" ")) {
            return QuickEntry {
                query: query.join(" "),
                duration: Some(duration),
            };
        }
    }
    QuickEntry {
        query: tokens.join(" "),
        duration: None,
    }
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
    fn keeps_everything_as_the_query_without_a_valid_duration() {
        assert_eq!(split("swim"), ("swim".into(), None));
        assert_eq!(split("running 0"), ("running 0".into(), None));
        assert_eq!(split("running 9999"), ("running 9999".into(), None));
        assert_eq!(split("running fast"), ("running fast".into(), None));
        assert_eq!(split(""), (String::new(), None));
        // A lone number is the query: something must name the activity.
        assert_eq!(split("30"), ("30".into(), None));
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
