//! The languages the product speaks, and how one is chosen for a person.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language every text is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English: the default, and the language of the CLI, logs and docs.
    #[default]
    #[serde(rename = "en")]
    English,
    /// Finnish.
    #[serde(rename = "fi")]
    Finnish,
}

impl Language {
    /// Every language, in the order a language switch lists them.
    pub const ALL: [Language; 2] = [Language::English, Language::Finnish];

    /// The ISO 639-1 code, as stored and as in `locales/<code>/`: `en`, `fi`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Finnish => "fi",
        }
    }

    /// The language with this code (`fi`, `FI`, `fi-FI`…), if it is one of ours.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The language for a Telegram user's `language_code`: Finnish for
    /// `fi` (and `fi-…`), English for anything else or nothing.
    pub fn from_telegram(language_code: Option<&str>) -> Language {
        language_code
            .and_then(Language::from_code)
            .unwrap_or_default()
    }

    /// The best of ours for an HTTP `Accept-Language` header
    /// (`fi-FI,fi;q=0.9,en;q=0.8`): the highest-weighted language we speak,
    /// English when the header names none of them.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(u16, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_weight);
            let (Some(weight), Some(language)) = (weight, Language::from_code(tag)) else {
                continue;
            };
            // The first of equal weights wins, as the header lists them in
            // order of preference.
            if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, language));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// An `Accept-Language` weight (`0.8`) in thousandths; `None` when malformed.
fn parse_weight(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Language, UnknownLanguage> {
        Language::from_code(s).ok_or_else(|| UnknownLanguage(s.trim().to_string()))
    }
}

/// A language code that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a language of this product; use en or fi")]
pub struct UnknownLanguage(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_codes_pick_finnish_only_for_fi() {
        assert_eq!(Language::from_telegram(Some("fi")), Language::Finnish);
        assert_eq!(Language::from_telegram(Some("fi-FI")), Language::Finnish);
        assert_eq!(Language::from_telegram(Some("en")), Language::English);
        assert_eq!(Language::from_telegram(Some("sv")), Language::English);
        assert_eq!(Language::from_telegram(Some("")), Language::English);
        assert_eq!(Language::from_telegram(None), Language::English);
    }

    #[test]
    fn accept_language_follows_the_weights() {
        use Language::*;
        assert_eq!(
            Language::from_accept_language("fi-FI,fi;q=0.9,en;q=0.8"),
            Finnish
        );
        assert_eq!(
            Language::from_accept_language("en-US,en;q=0.9,fi;q=0.8"),
            English
        );
        assert_eq!(Language::from_accept_language("sv;q=1, fi;q=0.5"), Finnish);
        assert_eq!(
            Language::from_accept_language("de, en;q=0.1, fi;q=0.2"),
            Finnish
        );
        assert_eq!(Language::from_accept_language("fi;q=0, en;q=0.1"), English);
        assert_eq!(Language::from_accept_language("*"), English);
        assert_eq!(Language::from_accept_language(""), English);
        assert_eq!(Language::from_accept_language("fi;q=bad,en"), English);
    }

    #[test]
    fn codes_round_trip() {
        for l in Language::ALL {
            assert_eq!(l.code().parse::<Language>(), Ok(l));
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                format!("\"{}\"", l.code())
            );
        }
        assert!("de".parse::<Language>().is_err());
    }
}
