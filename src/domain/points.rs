//! MET values and the points (MET-hours) they earn.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::duration::DurationMinutes;

/// A metabolic equivalent (MET): how many times resting energy use an
/// activity takes. Between 0.5 and 30.0, with one decimal place, as in the
/// Compendium of Physical Activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Met(Decimal);

/// Why a MET value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MetError {
    /// The text is not a plain decimal number.
    #[error(
        "MET \"{input}\" is not a number. Write it with a dot as the decimal separator, for example 7.5."
    )]
    NotANumber {
        /// The text as given (trimmed).
        input: String,
    },
    /// Outside 0.5..=30.0.
    #[error(
        "MET {value} is outside the allowed range 0.5 to 30.0. Use a value from the Compendium of Physical Activities, for example 7.5."
    )]
    OutOfRange {
        /// The refused value.
        value: Decimal,
    },
    /// More than one significant decimal place.
    #[error(
        "MET {value} has more than one decimal place. Round it to one decimal, for example 7.3 instead of 7.25."
    )]
    TooPrecise {
        /// The refused value.
        value: Decimal,
    },
}

impl Met {
    /// Checks the range (0.5 to 30.0) and precision (one decimal after
    /// trailing zeros are dropped, so 8.00 is accepted as 8.0).
    pub fn new(value: Decimal) -> Result<Met, MetError> {
        let normalised = value.normalize();
        if normalised.scale() > 1 {
            return Err(MetError::TooPrecise { value });
        }
        if normalised < Decimal::new(5, 1) || normalised > Decimal::from(30) {
            return Err(MetError::OutOfRange { value: normalised });
        }
        let mut stored = normalised;
        stored.rescale(1);
        Ok(Met(stored))
    }

    /// Parses text such as "7.5" or "8". Only digits with an optional
    /// decimal point (and a leading minus, refused as out of range) are
    /// accepted, so that oddities like "7_5" are not read as 75.
    pub fn parse(input: &str) -> Result<Met, MetError> {
        let trimmed = input.trim();
        let not_a_number = || MetError::NotANumber {
            input: trimmed.to_owned(),
        };
        let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
        let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !all_digits(whole) || !all_digits(fraction) {
            return Err(not_a_number());
        }
        let value = Decimal::from_str(trimmed).map_err(|_| not_a_number())?;
        Met::new(value)
    }

    /// The MET value, with one decimal place.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Met {
    /// Always one decimal: "7.5", "8.0".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// Points in MET-hours, kept exactly to two decimal places.
///
/// Serialised as a string such as "5.63" so that no float ever touches it;
/// deserialisation also accepts numbers and normalises them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(Decimal);

impl Points {
    /// No points.
    pub const ZERO: Points = Points(Decimal::from_parts(0, 0, 0, false, 2));

    /// Rounds half away from zero to two decimals. Databases may hand back
    /// values such as 5.6299999 (SQLite stores REAL), which become 5.63.
    pub fn new(value: Decimal) -> Points {
        let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(2);
        Points(rounded)
    }

    /// Points from a whole number of hundredths.
    pub fn from_cents(cents: i64) -> Points {
        Points(Decimal::new(cents, 2))
    }

    /// The points as hundredths, saturating at the `i64` limits (which no
    /// real total can reach).
    pub fn cents(self) -> i64 {
        let mut d = self.0;
        d.rescale(2);
        let mantissa = if d.scale() == 2 {
            d.mantissa()
        } else {
            // Too large to hold two decimals: certainly beyond i64 cents.
            if d.is_sign_negative() {
                i128::MIN
            } else {
                i128::MAX
            }
        };
        i64::try_from(mantissa).unwrap_or(if mantissa < 0 { i64::MIN } else { i64::MAX })
    }

    /// The points as a decimal with two places.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// MET × minutes ÷ 60, rounded half up to two decimals: 7.5 MET for
    /// 45 minutes is 5.625, which becomes 5.63.
    pub fn for_activity(met: Met, minutes: DurationMinutes) -> Points {
        // At most 30.0 × 1440 = 43200, so the multiplication cannot overflow.
        let met_minutes = met.value() * Decimal::from(minutes.get());
        Points::new(met_minutes / Decimal::from(60))
    }
}

/// Explains the points calculation in one line, e.g.
/// "7.5 MET × 45 min ÷ 60 = 5.63 points".
pub fn explain_formula(met: Met, minutes: DurationMinutes) -> String {
    format!(
        "{met} MET × {} min ÷ 60 = {} points",
        minutes.get(),
        Points::for_activity(met, minutes)
    )
}

impl From<Points> for crate::i18n::Arg {
    /// Two decimals, as points are always shown ("5.63", "5,63").
    fn from(points: Points) -> crate::i18n::Arg {
        let mut value = points.0;
        value.rescale(2);
        crate::i18n::Arg::Number(value)
    }
}

impl From<&Points> for crate::i18n::Arg {
    fn from(points: &Points) -> crate::i18n::Arg {
        (*points).into()
    }
}

impl From<Met> for crate::i18n::Arg {
    /// One decimal, as MET values are always shown ("7.5", "7,5").
    fn from(met: Met) -> crate::i18n::Arg {
        let mut value = met.0;
        value.rescale(1);
        crate::i18n::Arg::Number(value)
    }
}

impl fmt::Display for Points {
    /// Always two decimals: "5.63", "4.00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

// Arithmetic saturates instead of panicking: totals come from stored data,
// and a corrupted row must not bring the server down.
impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points::new(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points::new(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        *self = *self + rhs;
    }
}

impl SubAssign for Points {
    fn sub_assign(&mut self, rhs: Points) {
        *self = *self - rhs;
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Points> for Points {
    fn sum<I: Iterator<Item = &'a Points>>(iter: I) -> Points {
        iter.copied().sum()
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Points, D::Error> {
        deserializer.deserialize_any(PointsVisitor)
    }
}

struct PointsVisitor;

impl Visitor<'_> for PointsVisitor {
    type Value = Points;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("points as a decimal string such as \"5.63\" or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Points, E> {
        Decimal::from_str(v.trim())
            .map(Points::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
        Ok(Points::new(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
        Ok(Points::new(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
        Decimal::try_from(v)
            .map(Points::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn met(s: &str) -> Met {
        Met::parse(s).unwrap()
    }

    fn minutes(m: u32) -> DurationMinutes {
        DurationMinutes::new(m).unwrap()
    }

    #[test]
    fn met_accepts_one_decimal_after_normalising() {
        assert_eq!(met("8.00").to_string(), "8.0");
        assert_eq!(met("8").to_string(), "8.0");
        assert_eq!(met("7.5").to_string(), "7.5");
        assert_eq!(met(" 0.5 ").value(), dec("0.5"));
        assert_eq!(met("30.0").value(), dec("30.0"));
        assert_eq!(met("8.0"), met("8"));
    }

    #[test]
    fn met_refusals() {
        assert_eq!(
            Met::parse("7.25"),
            Err(MetError::TooPrecise { value: dec("7.25") })
        );
        assert_eq!(
            Met::parse("0.4"),
            Err(MetError::OutOfRange { value: dec("0.4") })
        );
        assert_eq!(
            Met::parse("30.1"),
            Err(MetError::OutOfRange { value: dec("30.1") })
        );
        assert!(matches!(Met::parse("-5"), Err(MetError::OutOfRange { .. })));
        for bad in ["", "abc", "7,5", "7_5", "1e1", "7.", ".5", "+7", "7.5.1"] {
            assert!(
                matches!(Met::parse(bad), Err(MetError::NotANumber { .. })),
                "{bad:?}"
            );
        }
        let msg = MetError::TooPrecise { value: dec("7.25") }.to_string();
        assert!(msg.contains("7.25") && msg.contains("one decimal"));
    }

    #[test]
    fn points_for_activity_examples() {
        assert_eq!(
            Points::for_activity(met("7.5"), minutes(45)).to_string(),
            "5.63"
        );
        assert_eq!(
            Points::for_activity(met("8.0"), minutes(30)).to_string(),
            "4.00"
        );
        assert_eq!(
            Points::for_activity(met("3.3"), minutes(1)).to_string(),
            "0.06"
        );
        assert_eq!(
            Points::for_activity(met("30"), minutes(1440)).to_string(),
            "720.00"
        );
    }

    #[test]
    fn explain_formula_shows_the_calculation() {
        assert_eq!(
            explain_formula(met("7.5"), minutes(45)),
            "7.5 MET × 45 min ÷ 60 = 5.63 points"
        );
        assert_eq!(
            explain_formula(met("8"), minutes(90)),
            "8.0 MET × 90 min ÷ 60 = 12.00 points"
        );
    }

    #[test]
    fn new_normalises_database_floats() {
        assert_eq!(Points::new(dec("5.6299999")), Points::from_cents(563));
        assert_eq!(Points::new(dec("0.005")), Points::from_cents(1));
        assert_eq!(Points::new(dec("-0.005")), Points::from_cents(-1));
        assert_eq!(Points::new(dec("4")).to_string(), "4.00");
        assert_eq!(Points::new(dec("4")).value().scale(), 2);
    }

    #[test]
    fn cents_round_trip_and_arithmetic() {
        let a = Points::from_cents(563);
        let b = Points::from_cents(400);
        assert_eq!(a.cents(), 563);
        assert_eq!((a + b).cents(), 963);
        assert_eq!((a - b).cents(), 163);
        let mut c = a;
        c += b;
        c -= Points::from_cents(1);
        assert_eq!(c.cents(), 962);
        assert_eq!([a, b].into_iter().sum::<Points>().cents(), 963);
        assert_eq!([a, b].iter().sum::<Points>().cents(), 963);
        assert_eq!(
            Vec::<Points>::new().into_iter().sum::<Points>(),
            Points::ZERO
        );
        assert_eq!(Points::default(), Points::ZERO);
        assert_eq!(Points::ZERO.to_string(), "0.00");
        assert_eq!(Points::default().to_string(), "0.00");
        assert!(a > b);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let max = Points::new(Decimal::MAX);
        assert_eq!(max.cents(), i64::MAX);
        assert_eq!(Points::new(Decimal::MIN).cents(), i64::MIN);
        let _ = max + max;
        let _ = Points::new(Decimal::MIN) - max;
        assert_eq!(Points::from_cents(i64::MIN).cents(), i64::MIN);
    }

    #[test]
    fn serde_uses_a_string() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(Points::from_cents(563)).unwrap();
        writer.serialize(Points::from_cents(400)).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text, "5.63\n4.00\n");

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader("5.63\n4\n5.6299999\n".as_bytes());
        let read: Vec<Points> = reader.deserialize().collect::<Result<_, _>>().unwrap();
        assert_eq!(
            read,
            [
                Points::from_cents(563),
                Points::from_cents(400),
                Points::from_cents(563)
            ]
        );

        use serde::de::IntoDeserializer;
        use serde::de::value::Error;
        let from_float =
            Points::deserialize(IntoDeserializer::<Error>::into_deserializer(5.6299999_f64));
        assert_eq!(from_float, Ok(Points::from_cents(563)));
        let from_bad = Points::deserialize(IntoDeserializer::<Error>::into_deserializer("five"));
        assert!(from_bad.is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn any_met() -> impl Strategy<Value = Met> {
            (5i64..=300).prop_map(|tenths| Met::new(Decimal::new(tenths, 1)).unwrap())
        }

        proptest! {
            #[test]
            fn for_activity_matches_integer_arithmetic(met in any_met(), m in 1u32..=1440) {
                // tenths × minutes / 6 = hundredths of a point; round half up.
                let tenths = i64::try_from(met.value().mantissa()).unwrap();
                let numerator = tenths * i64::from(m);
                let expected = (numerator * 2 + 6) / 12;
                let points = Points::for_activity(met, DurationMinutes::new(m).unwrap());
                prop_assert_eq!(points.cents(), expected);
            }

            #[test]
            fn more_minutes_never_earn_fewer_points(met in any_met(), m in 1u32..1440) {
                let shorter = Points::for_activity(met, DurationMinutes::new(m).unwrap());
                let longer = Points::for_activity(met, DurationMinutes::new(m + 1).unwrap());
                prop_assert!(longer >= shorter);
            }

            #[test]
            fn new_is_idempotent_and_two_decimal(mantissa in any::<i64>(), scale in 0u32..10) {
                let p = Points::new(Decimal::new(mantissa, scale));
                prop_assert_eq!(Points::new(p.value()), p);
                prop_assert_eq!(p.value().scale(), 2);
            }

            #[test]
            fn display_parses_back(cents in -1_000_000_000i64..1_000_000_000) {
                let p = Points::from_cents(cents);
                let shown = p.to_string();
                prop_assert_eq!(Points::new(Decimal::from_str(&shown).unwrap()), p);
                prop_assert_eq!(shown.rsplit('.').next().map(str::len), Some(2));
            }

            #[test]
            fn addition_matches_cents(a in -1_000_000_000i64..1_000_000_000, b in -1_000_000_000i64..1_000_000_000) {
                let sum = Points::from_cents(a) + Points::from_cents(b);
                prop_assert_eq!(sum.cents(), a + b);
                prop_assert_eq!((sum - Points::from_cents(b)).cents(), a);
            }

            #[test]
            fn met_parse_never_panics(input in "\\PC{0,12}") {
                let _ = Met::parse(&input);
            }

            #[test]
            fn met_display_parses_back(met in any_met()) {
                prop_assert_eq!(Met::parse(&met.to_string()), Ok(met));
            }
        }
    }
}
