//! What the bot says, and escaping for Telegram's HTML parse mode.
//!
//! Every text comes from the translation files (`locales/*/bot.ftl`), in
//! the language of the person the bot is talking to ([`Turn::lang`]).
//! Values put into a message are escaped before they go in, so the
//! messages' own markup (`<b>`, `<code>`) is the only markup.
//!
//! [`Turn::lang`]: super::turn::Turn::lang
//!
//! Every message is sent with `ParseMode::Html`; anything that came from a
//! person (names, guild names typed by admins, feedback) goes through
//! [`escape`] (teloxide's) so `<`, `&` and friends never break a message,
//! and names also through [`name`], so that none can reorder or blank the
//! line it is on. Markdown characters (`_`, `*`, `[`) mean nothing in HTML
//! mode, so they pass as is.

pub use teloxide::utils::html::escape;

use crate::i18n::Language;

/// A person's (or guild's) name for a message: invisible and
/// direction-changing characters removed, a right-to-left name isolated so
/// that it keeps to itself, and escaped.
pub fn name(raw: &str) -> String {
    escape(&crate::domain::display_name::isolated(raw))
}

/// A name in a public list: the person's, or "anonymous" in `lang` when
/// they chose not to be named.
pub fn public_name(lang: Language, raw: &str, anonymous: bool) -> String {
    if anonymous {
        escape(&lang.t("bot-anonymous"))
    } else {
        name(raw)
    }
}

/// Cuts `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// The commands shown in Telegram's menu, with their descriptions' ids.
pub const COMMANDS: [(&str, &str); 10] = [
    ("start", "bot-command-start"),
    ("log", "bot-command-log"),
    ("stats", "bot-command-stats"),
    ("profile", "bot-command-profile"),
    ("mydata", "bot-command-mydata"),
    ("feedback", "bot-command-feedback"),
    ("settings", "bot-command-settings"),
    ("language", "bot-command-language"),
    ("help", "bot-command-help"),
    ("cancel", "bot-command-cancel"),
];

/// The command menu in `language`: (command, description).
pub fn commands(language: Language) -> Vec<(&'static str, String)> {
    COMMANDS
        .iter()
        .map(|(command, id)| (*command, language.t(id)))
        .collect()
}

/// The help text.
pub fn help(language: Language) -> String {
    let mut text = language.t("bot-help-title");
    text.push_str("\n\n");
    for (command, description) in commands(language) {
        text.push_str(&format!("/{command} — {description}\n"));
    }
    text.push('\n');
    text.push_str(&language.t("bot-help-shortcut"));
    text
}

/// What the bot says when an action is refused: one short line (escaped
/// for HTML) in `language`, or `None` when the action failed and the
/// person gets the apology instead. The one place the bot maps an
/// action's error.
pub fn refusal(e: &crate::actions::ActionError, language: Language) -> Option<String> {
    use crate::actions::ActionError as E;
    match e {
        E::Invalid(_)
        | E::NotFound(_)
        | E::Conflict(_)
        | E::Rejected(_)
        | E::NeedsConfirmation(_)
        | E::Forbidden(_) => Some(warning(&e.render(language))),
        E::Unavailable(_) | E::Failed(_) | E::Internal(_) => None,
    }
}

/// A problem as the bot shows it: "⚠️ " and the text, escaped.
pub fn warning(text: &str) -> String {
    format!("⚠️ {}", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_markdown_passes() {
        assert_eq!(
            escape("<b>Tom & \"Jerry\"</b> _*[x]*_ 🏊"),
            "&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt; _*[x]*_ 🏊"
        );
    }

    #[test]
    fn names_are_neutralised_isolated_and_escaped() {
        assert_eq!(name("\u{202E}<Eve>"), "&lt;Eve&gt;");
        assert_eq!(name("\u{200B}"), "(no name)");
        assert_eq!(name("محمد"), "\u{2068}محمد\u{2069}");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("äääää", 3), "ää…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
