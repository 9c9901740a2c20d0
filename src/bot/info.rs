//! How points work, the terms, about.

use super::callback::{Callback, InfoPage, RegisterButton};
use super::keyboards::{button, menu_button, rows};
use super::texts::escape;
use super::turn::Turn;
use crate::domain::{
    Catalogue, CatalogueEntry, CompetitionRules, DurationMinutes, Intensity, Points,
};
use crate::i18n::Language;
use crate::tr;

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

/// "7.5 MET × 45 min ÷ 60 = 5.63 points", in `lang`.
pub fn formula(lang: Language, entry: &CatalogueEntry, minutes: DurationMinutes) -> String {
    tr!(
        lang,
        "bot-formula",
        met = entry.met,
        minutes = minutes.get(),
        points = Points::for_activity(entry.met, minutes)
    )
}

/// The points explanation with worked examples from the catalogue in use.
fn points_text(lang: Language, catalogue: &Catalogue) -> String {
    let mut text = lang.t("bot-points-title");
    for (entry, minutes) in examples(catalogue) {
        if let Ok(d) = DurationMinutes::new(minutes) {
            text.push('\n');
            text.push_str(&tr!(
                lang,
                "bot-points-example",
                minutes = minutes,
                activity = escape(&entry.label_in(lang)),
                formula = formula(lang, entry, d)
            ));
        }
    }
    text.push_str("\n\n");
    text.push_str(&lang.t("bot-points-bands"));
    text
}

/// The competition's scoring rules, under the points explanation.
fn rules_text(lang: Language, competition: &str, rules: &CompetitionRules) -> String {
    let mut text = String::from("\n\n");
    text.push_str(&tr!(
        lang,
        "bot-rules-title",
        competition = escape(competition)
    ));
    let lines = rules.summary();
    if lines.is_empty() {
        text.push_str("\n• ");
        text.push_str(&escape(&lang.t("rules-none")));
    }
    for line in lines {
        text.push_str("\n• ");
        text.push_str(&escape(&line.render(lang)));
    }
    text
}

/// An information page.
pub async fn show(t: &mut Turn<'_>, page: InfoPage) -> anyhow::Result<()> {
    let registered = t.participant.is_some();
    let back = if registered {
        rows(vec![vec![menu_button(t.lang)]])
    } else {
        rows(vec![vec![
            button(
                t.t("bot-button-register"),
                Callback::Register(RegisterButton::Start),
            ),
            menu_button(t.lang),
        ]])
    };
    let text = match page {
        InfoPage::Points => {
            let mut text = points_text(t.lang, &t.ctx.app.catalogue);
            if let Some(c) = &t.competition {
                text.push_str(&rules_text(t.lang, &c.name, &c.rules));
            }
            text
        }
        InfoPage::Terms => t.t("bot-terms"),
        InfoPage::About => t.t("bot-about"),
    };
    t.show(&text, back).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Points;

    #[test]
    fn every_example_is_a_catalogue_entry_with_its_own_points() {
        let catalogue = Catalogue::builtin();
        let text = points_text(Language::English, &catalogue);
        let finnish = points_text(Language::Finnish, &catalogue);
        assert!(finnish.contains("Uinti (Rasittava)"), "{finnish}");
        assert!(
            finnish.contains("7,0 MET × 45 min ÷ 60 = 5,25 pistettä"),
            "{finnish}"
        );
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
