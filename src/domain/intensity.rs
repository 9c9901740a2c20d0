//! The three intensity bands of the activity catalogue.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::points::Met;

/// How hard an activity is, by MET band: Light below 4.0, Moderate from
/// 4.0 to below 7.0, Vigorous from 7.0 up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Intensity {
    /// Below 4.0 MET.
    Light,
    /// 4.0 MET to below 7.0 MET.
    Moderate,
    /// 7.0 MET and up.
    Vigorous,
}

/// An intensity name that is not Light, Moderate or Vigorous.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{input}\" is not an intensity. Use one of Light, Moderate or Vigorous.")]
pub struct UnknownIntensity {
    /// The text as given (trimmed).
    pub input: String,
}

impl Intensity {
    /// All intensities, lightest first.
    pub const ALL: [Intensity; 3] = [Intensity::Light, Intensity::Moderate, Intensity::Vigorous];

    /// The band a MET value falls in.
    pub fn for_met(met: Met) -> Intensity {
        let value = met.value();
        if value < Decimal::from(4) {
            Intensity::Light
        } else if value < Decimal::from(7) {
            Intensity::Moderate
        } else {
            Intensity::Vigorous
        }
    }

    /// The name as shown and stored: "Light", "Moderate" or "Vigorous".
    pub fn as_str(self) -> &'static str {
        match self {
            Intensity::Light => "Light",
            Intensity::Moderate => "Moderate",
            Intensity::Vigorous => "Vigorous",
        }
    }

    /// The MET range of the band in words, for messages.
    pub fn band_description(self) -> &'static str {
        match self {
            Intensity::Light => "below 4.0 MET",
            Intensity::Moderate => "4.0 to 6.9 MET",
            Intensity::Vigorous => "7.0 MET and up",
        }
    }
}

impl fmt::Display for Intensity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Intensity {
    type Err = UnknownIntensity;

    /// Case-insensitive; surrounding whitespace is ignored.
    fn from_str(s: &str) -> Result<Intensity, UnknownIntensity> {
        let trimmed = s.trim();
        Intensity::ALL
            .into_iter()
            .find(|i| i.as_str().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownIntensity {
                input: trimmed.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(met: &str) -> Intensity {
        Intensity::for_met(Met::parse(met).unwrap())
    }

    #[test]
    fn bands_have_sharp_edges() {
        assert_eq!(band("0.5"), Intensity::Light);
        assert_eq!(band("3.9"), Intensity::Light);
        assert_eq!(band("4.0"), Intensity::Moderate);
        assert_eq!(band("6.9"), Intensity::Moderate);
        assert_eq!(band("7.0"), Intensity::Vigorous);
        assert_eq!(band("30"), Intensity::Vigorous);
    }

    #[test]
    fn parses_case_insensitively_and_displays() {
        assert_eq!("light".parse(), Ok(Intensity::Light));
        assert_eq!(" MODERATE ".parse(), Ok(Intensity::Moderate));
        assert_eq!("Vigorous".parse(), Ok(Intensity::Vigorous));
        let err = "hard".parse::<Intensity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"hard\" is not an intensity. Use one of Light, Moderate or Vigorous."
        );
        for i in Intensity::ALL {
            assert_eq!(i.to_string().parse(), Ok(i));
        }
    }

    #[test]
    fn orders_lightest_first() {
        let mut all = [Intensity::Vigorous, Intensity::Light, Intensity::Moderate];
        all.sort();
        assert_eq!(all, Intensity::ALL);
    }
}
