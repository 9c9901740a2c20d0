//! Finding activities from what a participant types ("swim", "jog",
//! "juoksu", "uinti"): every language's name of an activity matches, with
//! or without accents ("kavely" finds Kävely).

use super::catalogue::{Activity, Catalogue, Category};
use super::catalogue_names::activity_names;
use super::search::fold;

/// Everyday words mapped to the activities people most likely mean, for
/// words that do not appear in the activity names themselves (English
/// names, which every language's names belong to). Keys are folded: lower
/// case, no accents.
const ALIASES: &[(&str, &[&str])] = &[
    ("jog", &["Jogging"]),
    ("bike", &["Cycling", "Mountain biking", "Indoor cycling"]),
    ("biking", &["Cycling", "Mountain biking"]),
    ("bicycle", &["Cycling"]),
    ("cycle", &["Cycling", "Indoor cycling"]),
    ("spinning", &["Indoor cycling"]),
    ("gym", &["Weight training", "Circuit training"]),
    ("weights", &["Weight training", "Weight lifting"]),
    ("hiit", &["High intensity interval exercise"]),
    ("ski", &["Cross-country skiing"]),
    ("skiing", &["Cross-country skiing"]),
    ("yoga", &["Yoga"]),
    ("walk", &["Walking"]),
    ("hike", &["Hiking"]),
    ("run", &["Running"]),
    ("swim", &["Swimming"]),
    // Finnish everyday words.
    ("lenkki", &["Jogging", "Running"]),
    ("lenkkeily", &["Jogging", "Running"]),
    ("sali", &["Weight training", "Circuit training"]),
    ("kuntosali", &["Weight training", "Health club exercise"]),
    ("salitreeni", &["Weight training", "Circuit training"]),
    ("punttis", &["Weight training"]),
    ("punttisali", &["Weight training"]),
    ("fillari", &["Cycling"]),
    ("pyora", &["Cycling", "Mountain biking", "Indoor cycling"]),
    ("spinning", &["Indoor cycling"]),
    ("hiihto", &["Cross-country skiing", "Skiing"]),
    ("futis", &["Soccer"]),
    ("sulkis", &["Badminton"]),
    (
        "jumppa",
        &["Home exercise", "Health club exercise classes general"],
    ),
    ("uinti", &["Swimming"]),
];

/// How well an activity name matches; lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Exact,
    /// The position in the alias list keeps the intended order.
    Alias(usize),
    Prefix,
    WordPrefix,
    Substring,
    /// Only one of several query words matched.
    SomeWordPrefix,
    SomeWordSubstring,
}

impl Catalogue {
    /// Activities whose names match `query`, best first, at most `limit`.
    ///
    /// Returns `(category, activity)` pairs because activity names repeat
    /// across categories ("Water aerobics" is under both "Fitness & gym" and
    /// "Water sports"), so a name alone cannot identify the parent.
    ///
    /// Case-insensitive. Order: exact name, common alias ("jog" → Jogging,
    /// "gym" → Weight training), name prefix, word prefix, substring, then
    /// matches on any single query word of three or more letters. Within a
    /// tier, names containing the query as a whole word come first, then
    /// shorter names, then file order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(&Category, &Activity)> {
        if limit == 0 {
            return Vec::new();
        }
        self.ranked(query)
            .into_iter()
            .take(limit)
            .map(|(_, category, activity)| (category, activity))
            .collect()
    }

    /// The one activity `query` clearly means: its exact name in some
    /// language, or an everyday word that stands for it alone ("swim"),
    /// and no other activity matches as well. `None` when several could
    /// be meant ("bike", a name in two categories) or none is named.
    pub fn clear_match(&self, query: &str) -> Option<(&Category, &Activity)> {
        let hits = self.ranked(query);
        let ((best, ..), category, activity) = hits.first()?;
        let clear = matches!(best, Match::Exact | Match::Alias(_));
        let same_tier = |other: &Match| {
            matches!(
                (best, other),
                (Match::Exact, Match::Exact) | (Match::Alias(_), Match::Alias(_))
            )
        };
        let rival = hits
            .get(1)
            .is_some_and(|((second, ..), _, _)| same_tier(second));
        (clear && !rival).then_some((*category, *activity))
    }

    /// Every matching activity with how well it matches, best first.
    #[allow(clippy::type_complexity)]
    fn ranked(&self, query: &str) -> Vec<((Match, bool, usize, usize), &Category, &Activity)> {
        let query = fold(&query.split_whitespace().collect::<Vec<_>>().join(" "));
        if query.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = query.split(' ').collect();
        let aliases = alias_targets(&query, &words);
        let mut hits: Vec<_> = self
            .activities()
            .enumerate()
            .filter_map(|(order, (category, activity))| {
                // The best match among the activity's names in every language.
                let (quality, partial_word, length) = activity_names(activity)
                    .filter_map(|name| {
                        let name = fold(name);
                        let quality = rate(&query, &words, &aliases, &name)?;
                        // "ski" should list "Ski jumping" before "Skipping".
                        let partial_word = !name_words(&name).any(|w| w == query);
                        Some((quality, partial_word, name.chars().count()))
                    })
                    .min()?;
                let key = (quality, partial_word, length, order);
                Some((key, category, activity))
            })
            .collect();
        hits.sort_by_key(|(key, _, _)| *key);
        hits
    }
}

/// Lowercased activity names the query or its words stand for, in
/// preference order.
fn alias_targets(query: &str, words: &[&str]) -> Vec<String> {
    let mut targets: Vec<String> = Vec::new();
    for key in std::iter::once(query).chain(words.iter().copied()) {
        for (alias, names) in ALIASES {
            if *alias == key {
                for name in *names {
                    let name = fold(name);
                    if !targets.contains(&name) {
                        targets.push(name);
                    }
                }
            }
        }
    }
    targets
}

/// The words of a lowercased name, split at anything not alphanumeric.
fn name_words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Rates a lowercased activity name against the lowercased query.
fn rate(query: &str, words: &[&str], aliases: &[String], name: &str) -> Option<Match> {
    let word_prefix = |q: &str| name_words(name).any(|w| w.starts_with(q));
    if name == query {
        return Some(Match::Exact);
    }
    if let Some(i) = aliases.iter().position(|a| a == name) {
        return Some(Match::Alias(i));
    }
    if name.starts_with(query) {
        return Some(Match::Prefix);
    }
    if word_prefix(query) {
        return Some(Match::WordPrefix);
    }
    if name.contains(query) {
        return Some(Match::Substring);
    }
    if words.len() < 2 {
        return None;
    }
    // Short words such as "a" or "in" would match nearly everything.
    let useful = || words.iter().copied().filter(|w| w.chars().count() >= 3);
    if useful().any(word_prefix) {
        return Some(Match::SomeWordPrefix);
    }
    if useful().any(|w| name.contains(w)) {
        return Some(Match::SomeWordSubstring);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str, limit: usize) -> Vec<String> {
        Catalogue::builtin()
            .search(query, limit)
            .into_iter()
            .map(|(_, a)| a.name.clone())
            .collect()
    }

    #[test]
    fn swim_finds_the_swimming_family_first() {
        let found = names("swim", 10);
        assert_eq!(found[0], "Swimming");
        for expected in ["Swimming laps", "Swimming (crawl)", "Swimming breaststroke"] {
            assert!(found.iter().any(|n| n == expected), "{found:?}");
        }
    }

    #[test]
    fn a_clear_match_is_one_activity_named_or_meant() {
        let catalogue = Catalogue::builtin();
        let clear = |q: &str| catalogue.clear_match(q).map(|(_, a)| a.name.clone());
        assert_eq!(clear("running").as_deref(), Some("Running"));
        assert_eq!(clear("Juoksu").as_deref(), Some("Running"));
        assert_eq!(clear("swim").as_deref(), Some("Swimming"));
        assert_eq!(clear("uinti").as_deref(), Some("Swimming"));
        // Several meant, or only part of a name.
        assert_eq!(clear("bike"), None);
        assert_eq!(clear("gym"), None);
        assert_eq!(clear("lenkki"), None);
        assert_eq!(clear("runn"), None);
        assert_eq!(clear(""), None);
    }

    #[test]
    fn exact_then_prefix_then_word_prefix() {
        let found = names("Running", 20);
        assert_eq!(found[0], "Running");
        let prefix = found.iter().position(|n| n == "Running uphill").unwrap();
        let word = found.iter().position(|n| n == "Stair running").unwrap();
        assert!(prefix < word, "{found:?}");
    }

    #[test]
    fn aliases_lead_to_common_activities() {
        assert_eq!(names("jog", 1), ["Jogging"]);
        assert_eq!(names("bike", 1), ["Cycling"]);
        assert_eq!(names("cycle", 1), ["Cycling"]);
        assert_eq!(names("gym", 2), ["Weight training", "Circuit training"]);
        assert_eq!(names("ski", 1), ["Cross-country skiing"]);
        assert_eq!(names("yoga", 1), ["Yoga"]);
        assert_eq!(names("walk", 1), ["Walking"]);
        assert_eq!(names("GYM", 1), ["Weight training"]);
    }

    #[test]
    fn whole_words_beat_partial_words() {
        let found = names("ski", 10);
        let jumping = found.iter().position(|n| n == "Ski jumping").unwrap();
        let skipping = found.iter().position(|n| n == "Skipping").unwrap();
        assert!(jumping < skipping, "{found:?}");
    }

    #[test]
    fn matches_any_query_word() {
        let found = names("fast swimming", 5);
        assert_eq!(found[0], "Swimming");
        assert!(names("morning jog", 1) == ["Jogging"]);
    }

    #[test]
    fn returns_the_parent_category() {
        let catalogue = Catalogue::builtin();
        let hits = catalogue.search("water polo", 5);
        let categories: Vec<&str> = hits
            .iter()
            .filter(|(_, a)| a.name == "Water polo")
            .map(|(c, _)| c.name.as_str())
            .collect();
        assert_eq!(categories, ["Water sports"]);
        let hits = catalogue.search("skiing", 10);
        assert!(
            hits.iter()
                .any(|(c, a)| a.name == "Water skiing" && c.name == "Water sports")
        );
    }

    #[test]
    fn finnish_names_and_words_find_their_activities() {
        assert_eq!(names("juoksu", 1), ["Running"]);
        assert_eq!(names("uinti", 1), ["Swimming"]);
        assert_eq!(names("kävely", 1), ["Walking"]);
        assert_eq!(names("kavely", 1), ["Walking"]);
        assert_eq!(names("Hölkkä", 1), ["Jogging"]);
        assert_eq!(names("sauvakävely", 1), ["Nordic walking"]);
        assert_eq!(names("lenkki", 1), ["Jogging"]);
        assert_eq!(names("sali", 1), ["Weight training"]);
        assert_eq!(names("jalkapallo", 1), ["Soccer"]);
        assert_eq!(names("hiihto", 2), ["Skiing", "Cross-country skiing"]);
        let swims = names("uinti", 5);
        assert!(
            swims.contains(&"Swimming breaststroke".to_string()),
            "{swims:?}"
        );
    }

    #[test]
    fn empty_queries_limits_and_misses() {
        assert!(names("", 10).is_empty());
        assert!(names("   ", 10).is_empty());
        assert!(names("swim", 0).is_empty());
        assert_eq!(names("swim", 2).len(), 2);
        assert!(names("zzzz", 10).is_empty());
        // Short words alone in a longer query do not match everything.
        assert!(names("a b", 10).is_empty());
    }
}
