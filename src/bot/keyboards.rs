//! Inline keyboards. Callback data is short text, `area:action[:args]`,
//! well under Telegram's 64-byte limit.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// One button.
pub fn button(text: impl Into<String>, data: impl Into<String>) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(text.into(), data.into())
}

/// A keyboard from rows of buttons.
pub fn rows(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows)
}

/// The "back to the menu" button.
pub fn menu_button() -> InlineKeyboardButton {
    button("🏠 Menu", "menu")
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
            vec![button("📝 Log activity", "log:start")],
            vec![
                button("📊 Stats", "st:menu"),
                button("👤 Profile", "pr:show"),
            ],
            vec![
                button("💬 Feedback", "fb:start"),
                button("❓ How points work", "info:points"),
            ],
            vec![
                button("📄 Terms", "info:terms"),
                button("ℹ️ About", "info:about"),
            ],
        ])
    } else {
        rows(vec![
            vec![button("✅ Register", "reg:start")],
            vec![
                button("❓ How points work", "info:points"),
                button("ℹ️ About", "info:about"),
            ],
        ])
    }
}

/// Only the menu button.
pub fn just_menu() -> InlineKeyboardMarkup {
    rows(vec![vec![menu_button()]])
}
