//! A participant's activity mix: activities grouped by catalogue category.

use std::collections::BTreeMap;

use super::{Catalogue, Points};

/// Activities of one kind, as the store sums them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedKind {
    /// The Compendium code stored with the activities.
    pub compendium_code: String,
    /// How many were logged.
    pub count: u64,
    /// Their minutes.
    pub minutes: u64,
    /// Their points.
    pub points: Points,
}

/// One category's share of a participant's activities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryShare {
    /// The catalogue category, or `Other` for codes the catalogue no longer has.
    pub category: String,
    pub count: u64,
    pub minutes: u64,
    pub points: Points,
}

/// The category name used for activities whose code is not in the catalogue.
pub const OTHER_CATEGORY: &str = "Other";

/// Groups `kinds` by their category in `catalogue`, most points first (then by name).
pub fn category_mix(catalogue: &Catalogue, kinds: &[LoggedKind]) -> Vec<CategoryShare> {
    let mut by_category: BTreeMap<String, (u64, u64, i64)> = BTreeMap::new();
    for kind in kinds {
        let category = catalogue
            .entry_by_code(&kind.compendium_code)
            .map_or(OTHER_CATEGORY, |e| e.category.as_str());
        let slot = by_category.entry(category.to_string()).or_default();
        slot.0 += kind.count;
        slot.1 += kind.minutes;
        slot.2 += kind.points.cents();
    }
    let mut shares: Vec<CategoryShare> = by_category
        .into_iter()
        .map(|(category, (count, minutes, cents))| CategoryShare {
            category,
            count,
            minutes,
            points: Points::from_cents(cents),
        })
        .collect();
    shares.sort_by(|a, b| b.points.cmp(&a.points).then(a.category.cmp(&b.category)));
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_codes_by_category_and_keeps_unknown_codes_apart() {
        let catalogue = Catalogue::builtin();
        let mut entries = catalogue.entries();
        let a = entries.next().unwrap().clone();
        let b = catalogue
            .entries()
            .find(|e| e.category != a.category)
            .unwrap()
            .clone();
        let kind = |code: &str, count, cents| LoggedKind {
            compendium_code: code.into(),
            count,
            minutes: count * 30,
            points: Points::from_cents(cents),
        };
        let mix = category_mix(
            &catalogue,
            &[
                kind(&a.code, 2, 300),
                kind(&b.code, 1, 900),
                kind("not-a-code", 1, 100),
                kind(&a.code, 1, 100),
            ],
        );
        let got: Vec<_> = mix
            .iter()
            .map(|s| (s.category.as_str(), s.count, s.minutes, s.points.cents()))
            .collect();
        assert_eq!(
            got,
            vec![
                (b.category.as_str(), 1, 30, 900),
                (a.category.as_str(), 3, 90, 400),
                (OTHER_CATEGORY, 1, 30, 100),
            ]
        );
    }
}
