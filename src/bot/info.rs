//! How points work, the terms, about.

use super::callback::{Callback, InfoPage, RegisterButton};
use super::keyboards::{button, menu_button, rows};
use super::texts::{self, escape};
use super::turn::Turn;
use crate::domain::{Catalogue, CatalogueEntry, DurationMinutes, Intensity, explain_formula};

/// The worked examples: what people log most, at three intensities.
const EXAMPLES: [(&str, Intensity, u32); 3] = [
    ("Walking", Intensity::Moderate, 60),
    ("Swimming", Intensity::Vigorous, 45),
    ("Running", Intensity::Vigorous, 30),
];

/// The examples' entries as this catalogue has them; a catalogue without
/// those activities gives its own first light, moderate and vigorous entries.
fn examples(catalogue: &Catalogue) -> Vec<(&CatalogueEntry, u32)> {
    let found: Vec<_> = EXAMPLES
        .iter()
        .filter_map(|(activity, intensity, minutes)| {
            catalogue
                .entries()
                .find(|e| e.activity == *activity && e.intensity == *intensity)
                .map(|e| (e, *minutes))
        })
        .collect();
    if found.len() == EXAMPLES.len() {
        return found;
    }
    [
        (Intensity::Light, 60),
        (Intensity::Moderate, 45),
        (Intensity::Vigorous, 30),
    ]
    .into_iter()
    .filter_map(|(intensity, minutes)| {
        catalogue
            .entries()
            .find(|e| e.intensity == intensity)
            .map(|e| (e, minutes))
    })
    .collect()
}

/// The points explanation with worked examples from the catalogue in use.
fn points_text(catalogue: &Catalogue) -> String {
    let mut text = String::from(
        "❓ <b>How points work</b>\n\nEvery activity has a MET value (how many times more energy it takes than sitting still), \
from the 2024 Adult Compendium of Physical Activities. Points are MET-hours:\n\n\
<b>points = MET × minutes ÷ 60</b>, rounded to two decimals.\n\nExamples:",
    );
    for (entry, minutes) in examples(catalogue) {
        if let Ok(d) = DurationMinutes::new(minutes) {
            text.push_str(&format!(
                "\n• {minutes} min of {}: {}",
                escape(&entry.label()),
                explain_formula(entry.met, d)
            ));
        }
    }
    text.push_str(
        "\n\nLight is below 4 MET, moderate 4 to 7, vigorous 7 and up. Your guild is ranked by its points per configured member.",
    );
    text
}

/// An information page.
pub async fn show(t: &mut Turn<'_>, page: InfoPage) -> anyhow::Result<()> {
    let registered = t.participant.is_some();
    let back = if registered {
        rows(vec![vec![menu_button()]])
    } else {
        rows(vec![vec![
            button("✅ Register", Callback::Register(RegisterButton::Start)),
            menu_button(),
        ]])
    };
    match page {
        InfoPage::Points => {
            let text = points_text(&t.ctx.app.catalogue);
            t.show(&text, back).await
        }
        InfoPage::Terms => t.show(texts::TERMS, back).await,
        InfoPage::About => t.show(texts::ABOUT, back).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Points;

    #[test]
    fn every_example_is_a_catalogue_entry_with_its_own_points() {
        let catalogue = Catalogue::builtin();
        let text = points_text(&catalogue);
        let shown = examples(&catalogue);
        assert_eq!(shown.len(), 3);
        for (entry, minutes) in shown {
            let d = DurationMinutes::new(minutes).unwrap();
            assert!(text.contains(&entry.label()), "{text}");
            assert!(
                text.contains(&format!(
                    "{} MET × {minutes} min ÷ 60 = {} points",
                    entry.met,
                    Points::for_activity(entry.met, d)
                )),
                "{text}"
            );
        }
    }
}
