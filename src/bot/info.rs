//! How points work, the terms, about.

use super::keyboards::{self, button, menu_button, rows};
use super::texts;
use super::turn::Turn;
use crate::domain::{DurationMinutes, Met, explain_formula};

/// The points explanation with worked examples.
fn points_text() -> String {
    let mut text = String::from(
        "❓ <b>How points work</b>\n\nEvery activity has a MET value (how many times more energy it takes than sitting still), \
from the 2024 Adult Compendium of Physical Activities. Points are MET-hours:\n\n\
<b>points = MET × minutes ÷ 60</b>, rounded to two decimals.\n\nExamples:",
    );
    for (met, minutes, what) in [
        ("3.5", 60, "brisk walking"),
        ("7.5", 45, "vigorous swimming"),
        ("9.8", 30, "running"),
    ] {
        if let (Ok(m), Ok(d)) = (Met::parse(met), DurationMinutes::new(minutes)) {
            text.push_str(&format!(
                "\n• {minutes} min of {what}: {}",
                explain_formula(m, d)
            ));
        }
    }
    text.push_str(
        "\n\nLight is below 4 MET, moderate 4 to 7, vigorous 7 and up. Your guild is ranked by its points per configured member.",
    );
    text
}

/// Info buttons.
pub async fn callback(t: &mut Turn<'_>, action: &str) -> anyhow::Result<()> {
    let registered = t.participant.is_some();
    let back = if registered {
        rows(vec![vec![menu_button()]])
    } else {
        rows(vec![vec![
            button("✅ Register", "reg:start"),
            menu_button(),
        ]])
    };
    match action {
        "points" => t.show(&points_text(), back).await,
        "terms" => t.show(texts::TERMS, back).await,
        "about" => t.show(texts::ABOUT, back).await,
        _ => t.show(texts::MENU, keyboards::main_menu(registered)).await,
    }
}
