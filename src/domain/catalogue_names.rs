//! The catalogue's names in other languages than its own English: each
//! category and activity, from `data/catalogue.<language>.csv` (columns
//! `kind,english,translated`, `kind` being `category` or `activity`),
//! compiled in. Names without a translation (an admin's own catalogue may
//! have new ones) are shown in English. The Compendium descriptions stay
//! in English: they are the reference the MET values come from.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::catalogue::{Activity, Catalogue, CatalogueEntry, Category};
use super::intensity::Intensity;
use crate::i18n::{Language, Message};
use crate::msg;

/// The translation file of each language other than English.
const FILES: &[(Language, &str)] = &[(
    Language::Finnish,
    include_str!("../../data/catalogue.fi.csv"),
)];

/// What a translated name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Category,
    Activity,
}

type Names = HashMap<(Language, Kind, String), String>;

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut names = Names::new();
    for (language, text) in FILES {
        // The files are compiled in and a unit test reads every row, so a
        // bad row is a build defect: it is skipped rather than fatal.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for row in reader.records().flatten() {
            let (Some(kind), Some(english), Some(translated)) =
                (row.get(0), row.get(1), row.get(2))
            else {
                continue;
            };
            let kind = match kind.trim() {
                "category" => Kind::Category,
                "activity" => Kind::Activity,
                _ => continue,
            };
            names.insert(
                (*language, kind, english.trim().to_string()),
                translated.trim().to_string(),
            );
        }
    }
    names
});

fn name(language: Language, kind: Kind, english: &str) -> &str {
    if language == Language::English {
        return english;
    }
    let names: &'static Names = &NAMES;
    names
        .get(&(language, kind, english.to_string()))
        .map_or(english, String::as_str)
}

/// A category's name in `language`.
pub fn category_name(language: Language, category: &Category) -> &str {
    name(language, Kind::Category, &category.name)
}

/// An activity's name in `language`.
pub fn activity_name(language: Language, activity: &str) -> &str {
    name(language, Kind::Activity, activity)
}

/// Every language's name of an activity, English first (for searching).
pub(super) fn activity_names(activity: &Activity) -> impl Iterator<Item = &str> {
    std::iter::once(activity.name.as_str()).chain(
        FILES
            .iter()
            .map(|(language, _)| activity_name(*language, &activity.name))
            .filter(move |n| *n != activity.name),
    )
}

impl Intensity {
    /// The intensity's name as people read it: "Vigorous", "Rasittava".
    pub fn name(self) -> Message {
        match self {
            Intensity::Light => msg!("intensity-light"),
            Intensity::Moderate => msg!("intensity-moderate"),
            Intensity::Vigorous => msg!("intensity-vigorous"),
        }
    }
}

impl CatalogueEntry {
    /// The label in `language`: "Swimming (Vigorous)", "Uinti (Rasittava)".
    /// [`CatalogueEntry::label`] is the English one the database stores.
    pub fn label_in(&self, language: Language) -> String {
        msg!(
            "activity-label",
            activity = activity_name(language, &self.activity),
            intensity = self.intensity.name()
        )
        .render(language)
    }
}

impl Catalogue {
    /// A stored `activity_type` ("Swimming (Vigorous)") in `language`;
    /// a label this catalogue does not have (an older catalogue's, an
    /// import's) is shown as stored.
    pub fn label_in(&self, language: Language, stored: &str) -> String {
        match self.entry_by_label(stored) {
            Some(entry) if language != Language::English => entry.label_in(language),
            _ => stored.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_name_has_a_translation_in_every_language() {
        let catalogue = Catalogue::builtin();
        for (language, _) in FILES {
            for category in catalogue.categories() {
                assert_ne!(
                    category_name(*language, category),
                    category.name,
                    "category {} has no {language} name",
                    category.name
                );
                for activity in &category.activities {
                    let translated = activity_name(*language, &activity.name);
                    assert!(
                        NAMES.contains_key(&(*language, Kind::Activity, activity.name.clone())),
                        "activity {} has no {language} name",
                        activity.name
                    );
                    assert!(!translated.is_empty());
                }
            }
        }
        let rows: usize = FILES
            .iter()
            .map(|(_, text)| {
                text.lines()
                    .skip(1)
                    .filter(|l| !l.trim().is_empty())
                    .count()
            })
            .sum();
        assert_eq!(rows, NAMES.len(), "every row is read, none twice");
    }

    #[test]
    fn labels_read_in_each_language() {
        let catalogue = Catalogue::builtin();
        let swim = catalogue.entry_by_label("Swimming (Vigorous)").unwrap();
        assert_eq!(swim.label_in(Language::English), "Swimming (Vigorous)");
        assert_eq!(swim.label_in(Language::Finnish), "Uinti (Rasittava)");
        assert_eq!(
            catalogue.label_in(Language::Finnish, "Running (Vigorous)"),
            "Juoksu (Rasittava)"
        );
        assert_eq!(
            catalogue.label_in(Language::Finnish, "Unknown sport (Light)"),
            "Unknown sport (Light)"
        );
    }
}
