//! Rules for organisers' input: admin names and passwords, and idle ages
//! for ending database connections.

use crate::i18n::Message;
use crate::msg;

/// The shortest admin password accepted.
pub const MIN_ADMIN_PASSWORD_CHARS: usize = 10;

/// Checks an admin's login name; returns it trimmed and in lower case
/// (names compare without case, so "Anna" and "anna" are one account).
pub fn check_admin_username(username: &str) -> Result<String, Message> {
    let name = username.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(msg!("err-admin-name-length"));
    }
    if name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(msg!("err-admin-name-spaces"));
    }
    Ok(name.to_lowercase())
}

/// The form a typed admin name is looked up in: trimmed, lower case.
pub fn admin_username_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// What an admin may do. Each role can do everything the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdminRole {
    /// Sees every page; changes nothing.
    Viewer,
    /// Runs the competition: competitions, guilds, participants,
    /// activities, feedback, exports, cleanup.
    Organiser,
    /// Also backups, database maintenance and the admin accounts.
    DatabaseAdmin,
}

impl AdminRole {
    /// Every role, least powerful first.
    pub const ALL: [AdminRole; 3] = [
        AdminRole::Viewer,
        AdminRole::Organiser,
        AdminRole::DatabaseAdmin,
    ];

    /// The stored name: `viewer`, `organiser` or `database_admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            AdminRole::Viewer => "viewer",
            AdminRole::Organiser => "organiser",
            AdminRole::DatabaseAdmin => "database_admin",
        }
    }

    /// The name people read, in a language.
    pub fn name(self) -> Message {
        match self {
            AdminRole::Viewer => msg!("role-viewer"),
            AdminRole::Organiser => msg!("role-organiser"),
            AdminRole::DatabaseAdmin => msg!("role-database-admin"),
        }
    }

    /// The name in English, as the CLI and the audit log write it.
    pub fn label(self) -> &'static str {
        match self {
            AdminRole::Viewer => "viewer",
            AdminRole::Organiser => "organiser",
            AdminRole::DatabaseAdmin => "database admin",
        }
    }

    /// Reads a stored or typed role (`database-admin` and `database admin` too).
    pub fn parse(text: &str) -> Result<AdminRole, String> {
        match text.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "viewer" => Ok(AdminRole::Viewer),
            "organiser" | "organizer" => Ok(AdminRole::Organiser),
            "database_admin" | "dba" => Ok(AdminRole::DatabaseAdmin),
            _ => Err(format!(
                "“{}” is not a role: use viewer, organiser or database-admin",
                text.trim()
            )),
        }
    }
}

impl std::fmt::Display for AdminRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Checks a new admin password's length.
pub fn check_admin_password(password: &str) -> Result<(), Message> {
    if password.chars().count() < MIN_ADMIN_PASSWORD_CHARS {
        return Err(msg!(
            "err-admin-password-short",
            min = MIN_ADMIN_PASSWORD_CHARS
        ));
    }
    if password.len() > 1024 {
        return Err(msg!("err-admin-password-long"));
    }
    Ok(())
}

/// Parses an idle age with its unit — `30s`, `5m`, `2h` or `1d` — into
/// seconds. A bare number is refused: is `5` seconds or minutes?
pub fn parse_age(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let refuse =
        || format!("{text:?} is not an age: give a number with its unit, e.g. 30s, 5m, 1h or 1d");
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_lowercase()),
        _ => return Err(refuse()),
    };
    let n: i64 = number
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(refuse)?;
    let factor = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(refuse()),
    };
    n.checked_mul(factor).ok_or_else(refuse)
}

/// Seconds in words: `45 s`, `5 min`, `2 h`, `3 d` (the largest whole unit).
pub fn describe_seconds(seconds: i64) -> String {
    match seconds {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} d", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{} h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_passwords_are_checked() {
        assert_eq!(
            check_admin_username("  Organiser "),
            Ok("organiser".to_string())
        );
        assert_eq!(admin_username_key(" ÄNNI "), "änni");
        assert_eq!(
            AdminRole::parse("Database-Admin"),
            Ok(AdminRole::DatabaseAdmin)
        );
        assert!(AdminRole::parse("root").is_err());
        assert!(AdminRole::Viewer < AdminRole::Organiser);
        assert!(AdminRole::Organiser < AdminRole::DatabaseAdmin);
        assert!(check_admin_username("two words").is_err());
        assert!(check_admin_username("").is_err());
        assert!(check_admin_password("short").is_err());
        assert!(check_admin_password("long enough password").is_ok());
    }

    #[test]
    fn ages_need_their_unit() {
        assert_eq!(parse_age("5m"), Ok(300));
        assert_eq!(parse_age("30s"), Ok(30));
        assert_eq!(parse_age("2H"), Ok(7200));
        assert_eq!(parse_age("1d"), Ok(86_400));
        assert!(parse_age("45").unwrap_err().contains("with its unit"));
        assert!(parse_age("soon").is_err());
        assert!(parse_age("-5m").is_err());
        assert!(parse_age("99999999999999999999m").is_err());
        assert_eq!(describe_seconds(300), "5 min");
        assert_eq!(describe_seconds(45), "45 s");
        assert_eq!(describe_seconds(7200), "2 h");
    }
}
