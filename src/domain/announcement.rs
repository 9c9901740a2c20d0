//! An organiser's announcement: its text and who receives it.

use std::fmt;

use crate::i18n::Message;
use crate::msg;

/// The most characters an announcement may have: Telegram's limit is 4,096
/// after escaping, and `<`, `>` and `&` grow when escaped.
pub const MAX_ANNOUNCEMENT_CHARS: usize = 3_000;
/// The most days "inactive for" may name.
pub const MAX_INACTIVE_DAYS: u16 = 365;

/// Who receives an announcement. Test users and people who blocked the
/// bot never do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every participant.
    Everyone,
    /// The members of one guild.
    Guild(String),
    /// Participants with nothing logged in the last this many days.
    Inactive(u16),
}

impl Audience {
    /// Parses `everyone`, `guild:NAME` or `inactive:DAYS`.
    pub fn parse(raw: &str) -> Result<Audience, Message> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("everyone") {
            return Ok(Audience::Everyone);
        }
        if let Some(name) = raw.strip_prefix("guild:") {
            let name = name.trim();
            if name.is_empty() {
                return Err(msg!("err-audience", given = raw.to_string()));
            }
            return Ok(Audience::Guild(name.to_string()));
        }
        if let Some(days) = raw.strip_prefix("inactive:") {
            return Audience::inactive(days);
        }
        Err(msg!("err-audience", given = raw.to_string()))
    }

    /// "Inactive for DAYS days", from a typed number of days.
    pub fn inactive(days: &str) -> Result<Audience, Message> {
        days.trim()
            .parse::<u16>()
            .ok()
            .filter(|d| (1..=MAX_INACTIVE_DAYS).contains(d))
            .map(Audience::Inactive)
            .ok_or_else(|| {
                msg!(
                    "err-audience-days",
                    given = days.trim().to_string(),
                    max = MAX_INACTIVE_DAYS
                )
            })
    }

    /// Who it is, for people.
    pub fn describe(&self) -> Message {
        match self {
            Audience::Everyone => msg!("announcement-audience-everyone"),
            Audience::Guild(name) => msg!("announcement-audience-guild", guild = name.clone()),
            Audience::Inactive(days) => {
                msg!("announcement-audience-inactive", days = i64::from(*days))
            }
        }
    }
}

/// The stored form, which [`Audience::parse`] reads back.
impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Everyone => write!(f, "everyone"),
            Audience::Guild(name) => write!(f, "guild:{name}"),
            Audience::Inactive(days) => write!(f, "inactive:{days}"),
        }
    }
}

/// Checks an announcement's text: not empty, not too long. Line ends are
/// made `\n`, and the ends trimmed.
pub fn check_body(raw: &str) -> Result<String, Message> {
    let body = raw.replace("\r\n", "\n").trim().to_string();
    if body.is_empty() {
        return Err(msg!("err-announcement-empty"));
    }
    let chars = body.chars().count();
    if chars > MAX_ANNOUNCEMENT_CHARS {
        return Err(msg!(
            "err-announcement-too-long",
            chars = chars,
            max = MAX_ANNOUNCEMENT_CHARS
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_parse_and_print_back() {
        for (raw, audience) in [
            ("everyone", Audience::Everyone),
            ("guild:Tietokilta", Audience::Guild("Tietokilta".into())),
            ("inactive:7", Audience::Inactive(7)),
        ] {
            let parsed = Audience::parse(raw).unwrap();
            assert_eq!(parsed, audience);
            assert_eq!(parsed.to_string(), raw);
        }
        for bad in [
            "",
            "all",
            "guild:",
            "inactive:0",
            "inactive:x",
            "inactive:999",
        ] {
            assert!(Audience::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bodies_are_trimmed_and_limited() {
        assert_eq!(check_body("  Hello\r\nall \n").unwrap(), "Hello\nall");
        assert!(check_body(" \n ").is_err());
        assert!(check_body(&"x".repeat(MAX_ANNOUNCEMENT_CHARS)).is_ok());
        assert!(check_body(&"x".repeat(MAX_ANNOUNCEMENT_CHARS + 1)).is_err());
    }
}
