//! The messages the server sends first: `MESSAGES_PER_SECOND` (Telegram's
//! overall limit, 30 by default) and `ADMIN_ALERT_CHAT_ID` (the organisers'
//! chat that hears of failed backups and parked jobs, in
//! `ADMIN_ALERT_LANGUAGE`), and `QUIET_HOURS` (no reminders then).

use std::collections::HashMap;

use super::ConfigError;
use crate::domain::queue::{DEFAULT_MESSAGES_PER_SECOND, MAX_MESSAGES_PER_SECOND};
use crate::domain::reminders::QuietHours;
use crate::i18n::Language;

/// How queued messages go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagesConfig {
    /// At most this many queued messages a second overall, over every instance.
    pub per_second: u32,
    /// The Telegram chat that receives admin alerts; none when `None`.
    pub admin_alert_chat: Option<i64>,
    /// The language of the alerts (`ADMIN_ALERT_LANGUAGE`, `en` or `fi`).
    pub admin_alert_language: Language,
    /// The local hours in which no reminder goes (`QUIET_HOURS`, 22-08 by
    /// default).
    pub quiet_hours: QuietHours,
}

impl Default for MessagesConfig {
    fn default() -> Self {
        MessagesConfig {
            per_second: DEFAULT_MESSAGES_PER_SECOND,
            admin_alert_chat: None,
            admin_alert_language: Language::English,
            quiet_hours: QuietHours::default(),
        }
    }
}

impl MessagesConfig {
    pub(super) fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let per_second = match get("MESSAGES_PER_SECOND") {
            None => DEFAULT_MESSAGES_PER_SECOND,
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_MESSAGES_PER_SECOND).contains(n))
                .ok_or_else(|| {
                    ConfigError::new(
                        "MESSAGES_PER_SECOND",
                        format!(
                            "{raw:?} is not a whole number of messages between 1 and {MAX_MESSAGES_PER_SECOND}"
                        ),
                        "Leave it unset for Telegram's limit of 30 a second; raise it only for a Bot API server of your own without limits.",
                    )
                })?,
        };
        let admin_alert_chat = match get("ADMIN_ALERT_CHAT_ID") {
            None => None,
            Some(raw) => Some(raw.parse::<i64>().ok().filter(|id| *id != 0).ok_or_else(|| {
                ConfigError::new(
                    "ADMIN_ALERT_CHAT_ID",
                    format!("{raw:?} is not a Telegram chat id"),
                    "Use the numeric id of the organisers' chat, e.g. ADMIN_ALERT_CHAT_ID=-1001234567890 for a group (add the bot to it first), or unset it.",
                )
            })?),
        };
        let admin_alert_language = match get("ADMIN_ALERT_LANGUAGE") {
            None => Language::English,
            Some(raw) => Language::from_code(raw).ok_or_else(|| {
                ConfigError::new(
                    "ADMIN_ALERT_LANGUAGE",
                    format!("{raw:?} is not a language of the product"),
                    "Use en (English) or fi (Finnish), or unset it for English.",
                )
            })?,
        };
        let quiet_hours = match get("QUIET_HOURS") {
            None => QuietHours::default(),
            Some(raw) => QuietHours::parse(raw).map_err(|problem| {
                ConfigError::new(
                    "QUIET_HOURS",
                    problem,
                    "Give the first and the end hour of the quiet time in the competition's time zone, e.g. QUIET_HOURS=22-08 (no reminders from 22:00 to 08:00), or QUIET_HOURS=off.",
                )
            })?,
        };
        Ok(MessagesConfig {
            per_second,
            admin_alert_chat,
            admin_alert_language,
            quiet_hours,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(
            MessagesConfig::from_vars(&vars(&[])).unwrap(),
            MessagesConfig::default()
        );
        let c = MessagesConfig::from_vars(&vars(&[
            ("MESSAGES_PER_SECOND", "200"),
            ("ADMIN_ALERT_CHAT_ID", "-1001234567890"),
        ]))
        .unwrap();
        assert_eq!(c.per_second, 200);
        assert_eq!(c.admin_alert_chat, Some(-1_001_234_567_890));
        let c = MessagesConfig::from_vars(&vars(&[("QUIET_HOURS", "23-07")])).unwrap();
        assert_eq!(c.quiet_hours, QuietHours { start: 23, end: 7 });
    }

    #[test]
    fn bad_values_say_what_to_do() {
        for (var, value) in [
            ("MESSAGES_PER_SECOND", "0"),
            ("MESSAGES_PER_SECOND", "fast"),
            ("MESSAGES_PER_SECOND", "100000"),
            ("ADMIN_ALERT_CHAT_ID", "@organisers"),
            ("ADMIN_ALERT_CHAT_ID", "0"),
            ("ADMIN_ALERT_LANGUAGE", "sv"),
            ("QUIET_HOURS", "22"),
            ("QUIET_HOURS", "22-25"),
            ("QUIET_HOURS", "8-8"),
        ] {
            let e = MessagesConfig::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(e.variable, var);
            assert!(!e.fix.is_empty());
        }
    }
}
