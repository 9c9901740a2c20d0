//! How long one activity lasted, and the parser for what people type.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use thiserror::Error;

use crate::i18n::Message;
use crate::msg;

/// The length of one logged activity, in whole minutes (1 to 1440).
///
/// One entry can cover at most a full day; longer efforts are logged as
/// several entries so that each day's total stays believable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DurationMinutes(u16);

impl DurationMinutes {
    /// The longest single entry: 24 hours.
    pub const MAX: u16 = 1440;

    /// Checks that `minutes` is between 1 and [`DurationMinutes::MAX`].
    pub fn new(minutes: u32) -> Result<Self, DurationError> {
        if minutes == 0 {
            return Err(DurationError::Zero);
        }
        match u16::try_from(minutes) {
            Ok(m) if m <= Self::MAX => Ok(Self(m)),
            _ => Err(DurationError::TooLong {
                minutes: u64::from(minutes),
            }),
        }
    }

    /// The number of minutes.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for DurationMinutes {
    /// Prints "45 min", "1 h 30 min" or "2 h"; the output parses back with
    /// [`parse_duration`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hours = self.0 / 60;
        let minutes = self.0 % 60;
        match (hours, minutes) {
            (0, m) => write!(f, "{m} min"),
            (h, 0) => write!(f, "{h} h"),
            (h, m) => write!(f, "{h} h {m} min"),
        }
    }
}

/// Why a typed duration was refused. Every message ends with an example of
/// input that would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message())]
pub enum DurationError {
    /// Nothing was typed.
    Empty,
    /// The duration was zero.
    Zero,
    /// The input started with a minus sign.
    Negative,
    /// More than a day in one entry.
    TooLong {
        /// The minutes the input amounted to (saturated for absurdly large numbers).
        minutes: u64,
    },
    /// A bare number with a fraction: minutes or hours?
    AmbiguousDecimal {
        /// The input as typed (trimmed).
        input: String,
    },
    /// Minutes given with a fraction, such as "10.5 min".
    FractionalMinutes {
        /// The input as typed (trimmed).
        input: String,
    },
    /// The minutes part of "h:mm" or "1h75" was 60 or more.
    MinutesOutOfRange {
        /// The minutes part as typed.
        minutes: u64,
    },
    /// Anything else that is not a duration.
    Unrecognised {
        /// The input as typed (trimmed).
        input: String,
    },
}

impl DurationError {
    /// What was wrong and an example that works, in any language.
    pub fn message(&self) -> Message {
        match self {
            DurationError::Empty => msg!("err-duration-empty"),
            DurationError::Zero => msg!("err-duration-zero"),
            DurationError::Negative => msg!("err-duration-negative"),
            // A believable number is repeated; an absurd one (twenty nines,
            // or saturated while reading) is not.
            DurationError::TooLong { minutes } if *minutes < 1_000_000 => {
                msg!("err-duration-too-long", minutes = *minutes)
            }
            DurationError::TooLong { .. } => msg!("err-duration-far-too-long"),
            DurationError::AmbiguousDecimal { input } => {
                msg!("err-duration-ambiguous", input = input)
            }
            DurationError::FractionalMinutes { input } => {
                msg!("err-duration-fractional-minutes", input = input)
            }
            DurationError::MinutesOutOfRange { minutes } => {
                msg!("err-duration-minutes-range", minutes = *minutes)
            }
            DurationError::Unrecognised { input } => {
                msg!("err-duration-unrecognised", input = input)
            }
        }
    }
}

/// Parses a duration the way people type it: "45", "45 min", "1h30",
/// "1 hour 30 minutes", "1.5h", "1,5 h" or "1:30" (case-insensitive).
///
/// Decimal hours are rounded to the nearest minute. A bare number is
/// minutes; a bare number with a fraction is refused as ambiguous.
pub fn parse_duration(input: &str) -> Result<DurationMinutes, DurationError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DurationError::Empty);
    }
    if trimmed.starts_with(['-', '−']) {
        return Err(DurationError::Negative);
    }
    let lower = trimmed.to_lowercase();
    let unrecognised = || DurationError::Unrecognised {
        input: trimmed.to_owned(),
    };
    let minutes = if let Some((h, m)) = lower.split_once(':') {
        parse_clock(h.trim(), m.trim()).ok_or_else(unrecognised)??
    } else {
        let tokens = tokenize(&lower).ok_or_else(unrecognised)?;
        minutes_from_tokens(&tokens, trimmed).ok_or_else(unrecognised)??
    };
    let minutes = u32::try_from(minutes).map_err(|_| DurationError::TooLong { minutes })?;
    DurationMinutes::new(minutes)
}

/// One piece of a typed duration.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Digits, possibly followed by a '.' or ',' and fraction digits.
    Number {
        whole: String,
        fraction: Option<String>,
    },
    Hours,
    Minutes,
}

/// Splits lowercase input into numbers and unit words; `None` for anything
/// that is neither.
fn tokenize(s: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() {
            let mut whole = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                whole.push(d);
                chars.next();
            }
            let mut fraction = None;
            if chars.peek().is_some_and(|c| matches!(c, '.' | ',')) {
                chars.next();
                let mut digits = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    return None;
                }
                fraction = Some(digits);
            }
            tokens.push(Token::Number { whole, fraction });
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&l) = chars.peek().filter(|l| l.is_alphabetic()) {
                word.push(l);
                chars.next();
            }
            tokens.push(unit(&word)?);
        } else {
            return None;
        }
    }
    Some(tokens)
}

fn unit(word: &str) -> Option<Token> {
    match word {
        // English, and Finnish ("1 t 30 min", "2 tuntia", "45 minuuttia").
        "h" | "hr" | "hrs" | "hour" | "hours" | "t" | "tunti" | "tuntia" | "tunnin" => {
            Some(Token::Hours)
        }
        "m" | "min" | "mins" | "minute" | "minutes" | "minuutti" | "minuuttia" | "minuutin" => {
            Some(Token::Minutes)
        }
        _ => None,
    }
}

/// Reads a whole number, saturating so that absurd inputs become "too long"
/// rather than "not understood".
fn whole_number(digits: &str) -> u64 {
    digits.parse::<u64>().unwrap_or(u64::MAX)
}

/// Interprets the token sequence. The outer `None` means "not a duration
/// shape at all"; the inner `Err` is a specific refusal.
fn minutes_from_tokens(tokens: &[Token], input: &str) -> Option<Result<u64, DurationError>> {
    use Token::{Hours, Minutes, Number};
    let result = match tokens {
        [Number { whole, fraction }] => match fraction {
            None => Ok(whole_number(whole)),
            Some(_) => Err(DurationError::AmbiguousDecimal {
                input: input.to_owned(),
            }),
        },
        [Number { whole, fraction }, Minutes] => match fraction {
            None => Ok(whole_number(whole)),
            Some(_) => Err(DurationError::FractionalMinutes {
                input: input.to_owned(),
            }),
        },
        [Number { whole, fraction }, Hours] => Ok(decimal_hours(whole, fraction.as_deref())),
        // "1h30" or "1h30m": whole hours, then whole minutes.
        [h_token, Hours, m_token] | [h_token, Hours, m_token, Minutes] => {
            match (h_token, m_token) {
                (
                    Number {
                        whole: h,
                        fraction: None,
                    },
                    Number {
                        whole: m,
                        fraction: None,
                    },
                ) => hours_and_minutes(whole_number(h), whole_number(m)),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(result)
}

/// Converts "1.5" hours to minutes, rounding to the nearest minute.
fn decimal_hours(whole: &str, fraction: Option<&str>) -> u64 {
    let text = match fraction {
        Some(f) => format!("{whole}.{f}"),
        None => whole.to_owned(),
    };
    text.parse::<Decimal>()
        .ok()
        .and_then(|h| h.checked_mul(Decimal::from(60)))
        .map(|m| m.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
        .and_then(|m| m.to_u64())
        .unwrap_or(u64::MAX)
}

fn hours_and_minutes(hours: u64, minutes: u64) -> Result<u64, DurationError> {
    if minutes >= 60 {
        return Err(DurationError::MinutesOutOfRange { minutes });
    }
    Ok(hours.saturating_mul(60).saturating_add(minutes))
}

/// Reads "h:mm". `None` when either side is not plain digits.
fn parse_clock(h: &str, m: &str) -> Option<Result<u64, DurationError>> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    Some(hours_and_minutes(whole_number(h), whole_number(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mins(input: &str) -> u16 {
        match parse_duration(input) {
            Ok(d) => d.get(),
            Err(e) => panic!("{input:?} should parse but gave: {e}"),
        }
    }

    #[test]
    fn accepts_the_documented_forms() {
        let cases = [
            ("45", 45),
            ("45 min", 45),
            ("45min", 45),
            ("45 m", 45),
            ("45m", 45),
            ("45 minutes", 45),
            ("90m", 90),
            ("1h30", 90),
            ("1h 30", 90),
            ("1h30m", 90),
            ("1 h 30 min", 90),
            ("1 hour 30 minutes", 90),
            ("2h", 120),
            ("2 hours", 120),
            ("1.5h", 90),
            ("1,5 h", 90),
            ("1:30", 90),
            ("0:45", 45),
            ("  1H30M  ", 90),
            ("1 Hour", 60),
            ("24h", 1440),
            ("1440", 1440),
            ("1 min", 1),
        ];
        for (input, expected) in cases {
            assert_eq!(mins(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn decimal_hours_round_to_the_nearest_minute() {
        // 0.01 h = 0.6 min, 0.125 h = 7.5 min (half rounds up).
        assert_eq!(mins("0.01h"), 1);
        assert_eq!(mins("0.125 h"), 8);
        assert_eq!(mins("1.33h"), 80);
    }

    #[test]
    fn refuses_with_specific_errors() {
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("   "), Err(DurationError::Empty));
        assert_eq!(parse_duration("0"), Err(DurationError::Zero));
        assert_eq!(parse_duration("0h"), Err(DurationError::Zero));
        assert_eq!(parse_duration("0:00"), Err(DurationError::Zero));
        assert_eq!(parse_duration("0.001h"), Err(DurationError::Zero));
        assert_eq!(parse_duration("-5"), Err(DurationError::Negative));
        assert_eq!(
            parse_duration("9999"),
            Err(DurationError::TooLong { minutes: 9999 })
        );
        assert_eq!(
            parse_duration("25h"),
            Err(DurationError::TooLong { minutes: 1500 })
        );
        assert!(matches!(
            parse_duration("99999999999999999999999999999999"),
            Err(DurationError::TooLong { .. })
        ));
        assert!(matches!(
            parse_duration("abc"),
            Err(DurationError::Unrecognised { .. })
        ));
        assert!(matches!(
            parse_duration("1.5"),
            Err(DurationError::AmbiguousDecimal { .. })
        ));
        assert!(matches!(
            parse_duration("10.5 min"),
            Err(DurationError::FractionalMinutes { .. })
        ));
        assert_eq!(
            parse_duration("1:75"),
            Err(DurationError::MinutesOutOfRange { minutes: 75 })
        );
        assert_eq!(
            parse_duration("1h75"),
            Err(DurationError::MinutesOutOfRange { minutes: 75 })
        );
    }

    #[test]
    fn refuses_malformed_shapes() {
        for input in [
            "1.", "h", "min", "1h1h", "30 1h", "1.5h30", "1:", ":30", "1:30:00", "1 2", "1 sec",
            "1h30h", "5 kg", "1,5",
        ] {
            assert!(
                parse_duration(input).is_err(),
                "{input:?} should be refused"
            );
        }
    }

    #[test]
    fn messages_explain_and_end_with_an_example() {
        let errors = [
            DurationError::Empty,
            DurationError::Zero,
            DurationError::Negative,
            DurationError::TooLong { minutes: 9999 },
            DurationError::AmbiguousDecimal {
                input: "1.5".into(),
            },
            DurationError::FractionalMinutes {
                input: "1.5 min".into(),
            },
            DurationError::MinutesOutOfRange { minutes: 75 },
            DurationError::Unrecognised {
                input: "abc".into(),
            },
        ];
        for e in errors {
            let msg = e.to_string();
            assert!(msg.ends_with("\"."), "{msg}");
            // The last quoted text is an input that would be accepted.
            let example = msg.trim_end_matches("\".").rsplit('"').next().unwrap_or("");
            assert!(parse_duration(example).is_ok(), "{msg}");
        }
        assert!(
            DurationError::Zero
                .to_string()
                .starts_with("Duration must be at least 1 minute.")
        );
        let long = DurationError::TooLong { minutes: 9999 }.to_string();
        assert!(long.contains("1440 minutes (24 h)") && long.contains("Split"));
        assert!(long.starts_with("9999 minutes is too long"), "{long}");
        let absurd = parse_duration("99999999999999999999h")
            .unwrap_err()
            .to_string();
        assert!(absurd.starts_with("That is far too long"), "{absurd}");
        assert!(!absurd.contains("18446744073709551615"), "{absurd}");
        let ambiguous = DurationError::AmbiguousDecimal {
            input: "1.5".into(),
        }
        .to_string();
        assert!(ambiguous.contains("\"90\"") && ambiguous.contains("\"1h30\""));
    }

    #[test]
    fn new_checks_bounds() {
        assert_eq!(DurationMinutes::new(0), Err(DurationError::Zero));
        assert_eq!(DurationMinutes::new(1).map(DurationMinutes::get), Ok(1));
        assert_eq!(
            DurationMinutes::new(1440).map(DurationMinutes::get),
            Ok(1440)
        );
        assert_eq!(
            DurationMinutes::new(1441),
            Err(DurationError::TooLong { minutes: 1441 })
        );
        assert_eq!(
            DurationMinutes::new(u32::MAX),
            Err(DurationError::TooLong {
                minutes: u64::from(u32::MAX)
            })
        );
    }

    #[test]
    fn display_uses_hours_and_minutes() {
        let show = |m| DurationMinutes::new(m).map(|d| d.to_string());
        assert_eq!(show(45), Ok("45 min".to_owned()));
        assert_eq!(show(90), Ok("1 h 30 min".to_owned()));
        assert_eq!(show(120), Ok("2 h".to_owned()));
        assert_eq!(show(1440), Ok("24 h".to_owned()));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics(input in "\\PC{0,20}") {
                let _ = parse_duration(&input);
            }

            #[test]
            fn never_panics_on_duration_like_text(input in "[0-9hHmM:.,\\- ]{0,12}") {
                let _ = parse_duration(&input);
            }

            #[test]
            fn display_parses_back(m in 1u32..=1440) {
                let d = DurationMinutes::new(m).unwrap();
                prop_assert_eq!(parse_duration(&d.to_string()), Ok(d));
            }

            #[test]
            fn all_spellings_agree(m in 1u32..=1440) {
                let (h, r) = (m / 60, m % 60);
                let expected = DurationMinutes::new(m).unwrap();
                prop_assert_eq!(parse_duration(&m.to_string()), Ok(expected));
                prop_assert_eq!(parse_duration(&format!("{m} min")), Ok(expected));
                prop_assert_eq!(parse_duration(&format!("{h}:{r:02}")), Ok(expected));
                prop_assert_eq!(parse_duration(&format!("{h}h{r}")), Ok(expected));
                prop_assert_eq!(parse_duration(&format!("{h} hours {r} minutes")), Ok(expected));
            }

            #[test]
            fn too_many_minutes_are_refused(m in 1441u32..1_000_000) {
                prop_assert_eq!(
                    parse_duration(&m.to_string()),
                    Err(DurationError::TooLong { minutes: u64::from(m) })
                );
            }
        }
    }
}
