//! Inline keyboards. Every button's payload is a [`Callback`].

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::{
    Callback, FeedbackButton, InfoPage, LogButton, ProfileButton, RegisterButton, Screen,
    SettingsButton, StatsView,
};
use crate::domain::catalogue_names::activity_name;
use crate::i18n::Language;
use crate::tr;

/// One button.
pub fn button(text: impl Into<String>, data: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(text.into(), data.encode())
}

/// A keyboard from rows of buttons.
pub fn rows(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows)
}

/// The "back to the menu" button under a view.
pub fn menu_button(lang: Language) -> InlineKeyboardButton {
    button(lang.t("bot-button-menu"), Callback::Menu)
}

/// The "back to the menu" button of a wizard step: it leaves the wizard
/// shown on `screen`, and only that one.
pub fn leave_button(lang: Language, screen: Screen) -> InlineKeyboardButton {
    button(lang.t("bot-button-menu"), Callback::Leave(screen))
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

/// The main menu with the participant's recent activities on top, each a
/// button that opens its review for today.
pub fn main_menu_with(lang: Language, recent: Vec<InlineKeyboardButton>) -> InlineKeyboardMarkup {
    let menu = main_menu(lang, true);
    let mut keyboard: Vec<Vec<InlineKeyboardButton>> =
        recent.into_iter().map(|b| vec![b]).collect();
    keyboard.extend(menu.inline_keyboard);
    InlineKeyboardMarkup::new(keyboard)
}

/// The main menu for a registered participant, or the way in for a newcomer.
pub fn main_menu(lang: Language, registered: bool) -> InlineKeyboardMarkup {
    let t = |id| lang.t(id);
    let language = button(t("bot-button-language"), Callback::Language(None));
    if registered {
        rows(vec![
            vec![button(t("bot-button-log"), Callback::Log(LogButton::Start))],
            vec![
                button(t("bot-button-stats"), Callback::Stats(StatsView::Me)),
                button(
                    t("bot-button-profile"),
                    Callback::Profile(ProfileButton::Show),
                ),
            ],
            vec![
                button(
                    t("bot-button-feedback"),
                    Callback::Feedback(FeedbackButton::Start),
                ),
                button(t("bot-button-points"), Callback::Info(InfoPage::Points)),
            ],
            vec![
                button(t("bot-button-terms"), Callback::Info(InfoPage::Terms)),
                button(t("bot-button-about"), Callback::Info(InfoPage::About)),
            ],
            vec![
                button(
                    t("bot-button-settings"),
                    Callback::Settings(SettingsButton::Show),
                ),
                language,
            ],
        ])
    } else {
        rows(vec![
            vec![button(
                t("bot-button-register"),
                Callback::Register(RegisterButton::Start),
            )],
            vec![
                button(t("bot-button-points"), Callback::Info(InfoPage::Points)),
                button(t("bot-button-about"), Callback::Info(InfoPage::About)),
            ],
            vec![language],
        ])
    }
}

/// Only the menu button.
pub fn just_menu(lang: Language) -> InlineKeyboardMarkup {
    rows(vec![vec![menu_button(lang)]])
}

/// The languages to choose from, each named in itself, the current one
/// marked.
pub fn languages(current: Language) -> InlineKeyboardMarkup {
    let buttons = Language::ALL
        .iter()
        .map(|l| {
            let name = l.t("language-name");
            let label = if *l == current {
                format!("✓ {name}")
            } else {
                name
            };
            button(label, Callback::Language(Some(*l)))
        })
        .collect();
    grid(buttons, 2, vec![menu_button(current)])
}

/// Quick-log buttons shown on top of the main menu (at most this many).
pub const QUICK_BUTTONS: usize = 4;
/// Recent activities among them at most.
const RECENT_BUTTONS: usize = 3;

/// The main menu's quick-log buttons: the participant's pinned activities
/// first ("📌 Running 30 min"), then their last distinct activities at
/// their usual duration ("🔁 Yoga 20 min"), at most [`QUICK_BUTTONS`] in
/// all. Each opens its review for today.
pub fn quick_buttons(
    lang: Language,
    catalogue: &crate::domain::Catalogue,
    favourites: &[crate::store::favourites::Favourite],
    recent: &[crate::store::activities::Activity],
) -> Vec<InlineKeyboardButton> {
    let mut buttons = Vec::new();
    // Activities already offered (a pinned one is not repeated as recent).
    let mut offered: Vec<&str> = Vec::new();
    for f in favourites {
        let Some(entry) = catalogue.entry_by_code(&f.compendium_code) else {
            continue;
        };
        let Ok(code) = entry.code.parse::<u32>() else {
            continue;
        };
        if buttons.len() >= QUICK_BUTTONS {
            break;
        }
        offered.push(&entry.activity);
        buttons.push(button(
            tr!(
                lang,
                "bot-button-favourite",
                activity = activity_name(lang, &entry.activity),
                minutes = f.minutes()
            ),
            Callback::Log(LogButton::Repeat {
                code,
                minutes: f.minutes(),
            }),
        ));
    }
    let room = RECENT_BUTTONS.min(QUICK_BUTTONS.saturating_sub(buttons.len()));
    // (activity name, code, durations seen)
    let mut picked: Vec<(&str, &str, Vec<u16>)> = Vec::new();
    for a in recent {
        let Some(entry) = a
            .compendium_code
            .as_deref()
            .and_then(|c| catalogue.entry_by_code(c))
        else {
            continue;
        };
        if offered.contains(&entry.activity.as_str()) {
            continue;
        }
        if let Some((.., durations)) = picked.iter_mut().find(|(name, ..)| *name == entry.activity)
        {
            durations.push(a.duration_minutes);
        } else if picked.len() < room {
            picked.push((&entry.activity, &entry.code, vec![a.duration_minutes]));
        }
    }
    buttons.extend(picked.into_iter().filter_map(|(name, code, durations)| {
        let code: u32 = code.parse().ok()?;
        // The most usual duration; the most recent of equals.
        let minutes = durations
            .iter()
            .enumerate()
            .max_by_key(|(i, m)| {
                (
                    durations.iter().filter(|d| d == m).count(),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(_, m)| *m)?;
        Some(button(
            tr!(
                lang,
                "bot-button-repeat",
                activity = activity_name(lang, name),
                minutes = minutes
            ),
            Callback::Log(LogButton::Repeat { code, minutes }),
        ))
    }));
    buttons
}

/// A reminder's buttons: log the most recent activity again (its review
/// for today, as on the menu), or start logging when there is none; and
/// turn the reminders off.
pub fn reminder(
    lang: Language,
    catalogue: &crate::domain::Catalogue,
    repeat: Option<crate::domain::queue::QuickLog>,
) -> InlineKeyboardMarkup {
    let log = repeat
        .and_then(|r| {
            let entry = catalogue.entry_by_code(&format!("{:05}", r.code))?;
            Some(button(
                tr!(
                    lang,
                    "bot-button-repeat",
                    activity = activity_name(lang, &entry.activity),
                    minutes = r.minutes
                ),
                Callback::Log(LogButton::Repeat {
                    code: r.code,
                    minutes: r.minutes,
                }),
            ))
        })
        .unwrap_or_else(|| button(lang.t("bot-button-log"), Callback::Log(LogButton::Start)));
    rows(vec![
        vec![log],
        vec![button(
            lang.t("bot-button-reminder-off"),
            Callback::Settings(SettingsButton::Reminder(None)),
        )],
    ])
}
