//! What the bot says, and escaping for Telegram's HTML parse mode.
//!
//! Every message is sent with `ParseMode::Html`; anything that came from a
//! person (names, guild names typed by admins, feedback) goes through
//! [`escape`] (teloxide's) so `<`, `&` and friends never break a message,
//! and names also through [`name`], so that none can reorder or blank the
//! line it is on. Markdown characters (`_`, `*`, `[`) mean nothing in HTML
//! mode, so they pass as is.

pub use teloxide::utils::html::escape;

/// A person's (or guild's) name for a message: invisible and
/// direction-changing characters removed, a right-to-left name isolated so
/// that it keeps to itself, and escaped.
pub fn name(raw: &str) -> String {
    escape(&crate::domain::display_name::isolated(raw))
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

/// The commands shown in Telegram's menu, with their descriptions.
pub const COMMANDS: [(&str, &str); 7] = [
    ("start", "Register or open the main menu"),
    ("log", "Log an activity"),
    ("stats", "Your points, ranks and standings"),
    ("profile", "Your details and activity history"),
    ("feedback", "Tell the organisers what you think"),
    ("help", "How the bot works"),
    ("cancel", "Stop what you are doing and go back to the menu"),
];

/// The main menu's heading.
pub const MENU: &str = "🏠 <b>Main menu</b>\nWhat would you like to do?";

/// Shown when a handler failed.
pub const APOLOGY: &str =
    "😕 Sorry, something went wrong on our side. Nothing was lost; please try again in a moment.";

/// Shown to someone sending too many messages too fast.
pub const SLOW_DOWN: &str =
    "⏳ That was a lot of messages at once. Please wait a few seconds and try again.";

/// The one line answered in groups and channels.
pub const PRIVATE_ONLY: &str = "I only work in private chats. Message me directly to take part.";

/// The answer to a button from a message that no longer applies.
pub const STALE_BUTTON: &str =
    "That button is from an older message and no longer applies. Here is where you are now.";

/// The answer to an edited message.
pub const EDITED_MESSAGE: &str =
    "✏️ I don't act on edited messages. Please send it again as a new message.";

/// The answer to a button that expects a step the person is not at.
pub const NOT_REGISTERED: &str =
    "You are not registered yet. Tap <b>Register</b> (or send /start) to join the challenge first.";

/// The terms a person accepts when registering.
pub const TERMS: &str = "📄 <b>Terms of participation</b>\n\n\
• You log only activities you really did, with honest durations.\n\
• Your first name, Telegram username, guild and activities are stored for the competition; \
your name, guild and points appear on the leaderboards.\n\
• You can delete your account and all your data at any time from /profile.\n\
• Organisers may correct or remove entries that break the rules.";

/// About the bot.
pub const ABOUT: &str = "ℹ️ <b>About</b>\n\nActivity Challenge is a friendly competition between guilds. \
Log your exercise, earn points for your guild and see how everyone is doing.\n\n\
Points follow the 2024 Adult Compendium of Physical Activities.";

/// The help text.
pub fn help() -> String {
    let mut text = String::from("❓ <b>How to use the bot</b>\n\n");
    for (command, description) in COMMANDS {
        text.push_str(&format!("/{command} — {description}\n"));
    }
    text.push_str(
        "\nShortcut: type an activity, e.g. <code>swim</code> or <code>running 30</code>, and pick from the matches.",
    );
    text
}

/// What the bot says when an action is refused: one short line (escaped
/// for HTML), or `None` when the action failed and the person gets the
/// apology instead. The one place the bot maps an action's error.
pub fn refusal(e: &crate::actions::ActionError) -> Option<String> {
    use crate::actions::ActionError as E;
    match e {
        E::Invalid(_)
        | E::NotFound(_)
        | E::Conflict(_)
        | E::Rejected(_)
        | E::NeedsConfirmation(_)
        | E::Forbidden(_) => Some(format!("⚠️ {}", escape(&e.to_string()))),
        E::Unavailable(_) | E::Failed(_) | E::Internal(_) => None,
    }
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
