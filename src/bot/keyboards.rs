//! Inline keyboards. Every button's payload is a [`Callback`].

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::{
    Callback, FeedbackButton, InfoPage, LogButton, ProfileButton, RegisterButton, Screen, StatsView,
};

/// One button.
pub fn button(text: impl Into<String>, data: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(text.into(), data.encode())
}

/// A keyboard from rows of buttons.
pub fn rows(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows)
}

/// The "back to the menu" button under a view.
pub fn menu_button() -> InlineKeyboardButton {
    button("🏠 Menu", Callback::Menu)
}

/// The "back to the menu" button of a wizard step: it leaves the wizard
/// shown on `screen`, and only that one.
pub fn leave_button(screen: Screen) -> InlineKeyboardButton {
    button("🏠 Menu", Callback::Leave(screen))
}

/// Lays `buttons` out `per_row` to a row, then adds `tail` as the last row.
pub fn grid(
    buttons: Vec<InlineKeyboardButton>,
    per_row: usize,
    tail: Vec<InlineKeyboardButton>,
) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> =
        buttons.chunks(per_row.max(1)).map(|c| c.to_vec()).collect();
    if !tail.is_empty() {
        rows.push(tail);
    }
    InlineKeyboardMarkup::new(rows)
}

/// The main menu for a registered participant, or the way in for a newcomer.
pub fn main_menu(registered: bool) -> InlineKeyboardMarkup {
    if registered {
        rows(vec![
            vec![button("📝 Log activity", Callback::Log(LogButton::Start))],
            vec![
                button("📊 Stats", Callback::Stats(StatsView::Me)),
                button("👤 Profile", Callback::Profile(ProfileButton::Show)),
            ],
            vec![
                button("💬 Feedback", Callback::Feedback(FeedbackButton::Start)),
                button("❓ How points work", Callback::Info(InfoPage::Points)),
            ],
            vec![
                button("📄 Terms", Callback::Info(InfoPage::Terms)),
                button("ℹ️ About", Callback::Info(InfoPage::About)),
            ],
        ])
    } else {
        rows(vec![
            vec![button(
                "✅ Register",
                Callback::Register(RegisterButton::Start),
            )],
            vec![
                button("❓ How points work", Callback::Info(InfoPage::Points)),
                button("ℹ️ About", Callback::Info(InfoPage::About)),
            ],
        ])
    }
}

/// Only the menu button.
pub fn just_menu() -> InlineKeyboardMarkup {
    rows(vec![vec![menu_button()]])
}
