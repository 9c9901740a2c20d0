//! How a search for a person is matched: words in any order, each a part of
//! the first name, last name or username, without case or accents, so that
//! "Helmi Li", "hel", "Vaino" and "makela" find Helmi Lindqvist, Väinö and
//! Mäkelä. The database keeps each participant's names folded the same way
//! (the `users.search_text` column of migration 000008).

/// Letters folded to plain ASCII, upper and lower case (the same table as
/// the migration's `SEARCH_FOLD`, which a test compares).
const FOLD: &[(&str, &str)] = &[
    ("ÀÁÂÃÄÅĀĂĄ", "AAAAAAAAA"),
    ("àáâãäåāăą", "aaaaaaaaa"),
    ("ÇĆČ", "CCC"),
    ("çćč", "ccc"),
    ("ĎĐ", "DD"),
    ("ďđ", "dd"),
    ("ÈÉÊËĒĖĘĚ", "EEEEEEEE"),
    ("èéêëēėęě", "eeeeeeee"),
    ("ĞĢ", "GG"),
    ("ğģ", "gg"),
    ("ÌÍÎÏĪĮİ", "IIIIIII"),
    ("ìíîïīįı", "iiiiiii"),
    ("ĶŁĻ", "KLL"),
    ("ķłļ", "kll"),
    ("ÑŃŇŅ", "NNNN"),
    ("ñńňņ", "nnnn"),
    ("ÒÓÔÕÖØŌŐ", "OOOOOOOO"),
    ("òóôõöøōő", "oooooooo"),
    ("Ř", "R"),
    ("ř", "r"),
    ("ŚŠŞ", "SSS"),
    ("śšş", "sss"),
    ("ŤŢ", "TT"),
    ("ťţ", "tt"),
    ("ÙÚÛÜŪŮŰŲ", "UUUUUUUU"),
    ("ùúûüūůűų", "uuuuuuuu"),
    ("ÝŸ", "YY"),
    ("ýÿ", "yy"),
    ("ŹŻŽ", "ZZZ"),
    ("źżž", "zzz"),
];

/// Letters that fold to two.
const FOLD_WIDE: &[(char, &str)] = &[
    ('ß', "ss"),
    ('Æ', "ae"),
    ('æ', "ae"),
    ('Œ', "oe"),
    ('œ', "oe"),
    ('Þ', "th"),
    ('þ', "th"),
];

/// Letters and what they fold to.
pub type FoldTable = Vec<(String, String)>;

/// The fold tables (single letters, then letters that become two), for
/// comparing with the migration's.
pub fn fold_tables() -> (FoldTable, FoldTable) {
    (
        FOLD.iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect(),
        FOLD_WIDE
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect(),
    )
}

/// Text in lower case without accents.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    'chars: for c in text.chars() {
        for (from, to) in FOLD {
            if let Some(i) = from.chars().position(|f| f == c) {
                out.extend(to.chars().nth(i).map(|t| t.to_ascii_lowercase()));
                continue 'chars;
            }
        }
        if let Some((_, wide)) = FOLD_WIDE.iter().find(|(f, _)| *f == c) {
            out.push_str(wide);
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The words of a search, folded, one per word typed; a leading `@` (a
/// username) is dropped.
pub fn search_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| fold(w.trim_start_matches('@')))
        .take(8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Väinö Mäkelä"), "vaino makela");
        assert_eq!(fold("ÅSA Øberg"), "asa oberg");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Zoë José"), "zoe jose");
        assert_eq!(fold("Иван"), "иван");
    }

    #[test]
    fn splits_words_and_drops_the_at() {
        assert_eq!(search_words("  Helmi  Li "), ["helmi", "li"]);
        assert_eq!(search_words("@Test_User"), ["test_user"]);
        assert_eq!(search_words("  @ "), [""]);
        assert!(search_words("   ").is_empty());
    }

    #[test]
    fn every_letter_has_its_replacement() {
        for (from, to) in FOLD {
            assert_eq!(from.chars().count(), to.chars().count(), "{from}");
        }
    }
}
