//! Validating the guild form.

use super::field_error::{FieldError, check_length, collect};
use crate::i18n::Message;
use crate::msg;

/// The largest member count a guild can be configured with.
const MAX_MEMBERS: u32 = 1_000_000;

/// A validated guild form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildDraft {
    /// 1–64 characters, trimmed, runs of spaces made one, without control
    /// characters.
    pub name: String,
    /// The guild's real size (1 to 1,000,000), used for fair averages.
    pub member_count: u32,
}

impl GuildDraft {
    /// Validates both fields and returns all problems at once. Field names
    /// in errors: "name", "member_count".
    pub fn parse(name: &str, member_count: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        if name.trim().chars().any(char::is_control) {
            errors.push(FieldError::new("name", msg!("err-guild-name-control")));
        }
        let name = tidy_name(name);
        errors.extend(check_length("name", msg!("label-guild-name"), &name, 1, 64));
        let member_count = parse_member_count(member_count).map_err(|e| errors.push(e));
        match member_count {
            Ok(member_count) => collect(GuildDraft { name, member_count }, errors),
            Err(()) => Err(errors),
        }
    }

    /// What two names must not share: the name in lower case with its
    /// spaces tidied, so "aalto  athletes" and "Aalto Athletes" are one guild.
    pub fn key(&self) -> String {
        guild_name_key(&self.name)
    }
}

/// A guild name trimmed, with every run of white space made one space.
fn tidy_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key of a guild name (see [`GuildDraft::key`]).
pub fn guild_name_key(name: &str) -> String {
    tidy_name(name).to_lowercase()
}

/// A warning when a guild is configured smaller than the number already
/// registered in it: its participation would pass 100 %.
pub fn member_count_warning(name: &str, member_count: u32, registered: u64) -> Option<Message> {
    (u64::from(member_count) < registered).then(|| {
        msg!(
            "err-guild-size-below-registered",
            registered = registered,
            name = name,
            members = member_count,
            percent = registered * 100 / u64::from(member_count.max(1))
        )
    })
}

fn parse_member_count(input: &str) -> Result<u32, FieldError> {
    let text = input.trim();
    let fail = |message: Message| Err(FieldError::new("member_count", message));
    if text.is_empty() {
        return fail(msg!("err-member-count-required"));
    }
    let digits = text.strip_prefix('+').unwrap_or(text);
    if let Some(rest) = text.strip_prefix('-')
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return fail(msg!("err-member-count-negative", text = text));
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return fail(msg!("err-member-count-not-number", text = text));
    }
    // All digits, so a parse failure can only mean "too large".
    match digits.parse::<u32>() {
        Ok(0) => fail(msg!("err-member-count-zero")),
        Ok(n) if n <= MAX_MEMBERS => Ok(n),
        _ => fail(msg!("err-member-count-too-large", text = text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_valid_guild() {
        let draft = GuildDraft::parse("  Runners ", " 25 ").unwrap();
        assert_eq!(
            draft,
            GuildDraft {
                name: "Runners".into(),
                member_count: 25
            }
        );
        assert_eq!(
            GuildDraft::parse("R", "1000000").unwrap().member_count,
            1_000_000
        );
        assert_eq!(
            GuildDraft::parse(&"ö".repeat(64), "1")
                .unwrap()
                .name
                .chars()
                .count(),
            64
        );
    }

    #[test]
    fn refuses_bad_names() {
        let errors = GuildDraft::parse("  ", "5").unwrap_err();
        assert_eq!(errors[0].field, "name");
        assert!(errors[0].message.to_string().contains("required"));
        let errors = GuildDraft::parse(&"x".repeat(65), "5").unwrap_err();
        assert!(errors[0].message.to_string().contains("you wrote 65"));
        let errors = GuildDraft::parse("Run\nners", "5").unwrap_err();
        assert!(errors[0].message.to_string().contains("control character"));
    }

    #[test]
    fn names_are_tidied_and_keyed_without_case_or_extra_spaces() {
        let draft = GuildDraft::parse("  Aalto \u{a0} Athletes ", "5").unwrap();
        assert_eq!(draft.name, "Aalto Athletes");
        assert_eq!(draft.key(), "aalto athletes");
        assert_eq!(
            GuildDraft::parse("aalto  athletes", "5").unwrap().key(),
            draft.key()
        );
        assert_eq!(guild_name_key("ÄÄNEKOSKI Kilta"), "äänekoski kilta");
    }

    #[test]
    fn a_size_below_the_registered_count_is_warned_about() {
        assert_eq!(member_count_warning("A", 10, 10), None);
        let warning = member_count_warning("A", 10, 88).unwrap();
        assert!(warning.to_string().contains("880 %"), "{warning}");
    }

    #[test]
    fn refuses_bad_member_counts() {
        let message = |input: &str| {
            GuildDraft::parse("G", input).unwrap_err()[0]
                .message
                .to_string()
        };
        assert!(message("0").contains("must be greater than 0"));
        assert!(message("-3").contains("must be greater than 0"));
        assert!(message("").contains("required"));
        assert!(message("2.5").contains("not a whole number"));
        assert!(message("ten").contains("not a whole number"));
        assert!(message("-").contains("not a whole number"));
        assert!(message("1000001").contains("maximum is 1,000,000"));
        assert!(message("99999999999999999999").contains("maximum is 1,000,000"));
    }

    #[test]
    fn reports_both_fields_at_once() {
        let errors = GuildDraft::parse("", "0").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "member_count"]);
    }
}
