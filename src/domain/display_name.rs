//! Names as others see them on leaderboards: no character in a name can
//! reorder, hide or blank the line it is printed on.

/// The name with invisible and direction-changing characters removed and
/// runs of spaces collapsed; a name with nothing visible left is
/// "(no name)". Zero-width joiners stay (emoji and some scripts need them).
///
/// Callers that print the name inside a line of other text should also
/// isolate it ([`isolated`]), so that a right-to-left name keeps its own
/// direction without turning the rest of the line around.
pub fn plain_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if is_hidden(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() || is_blank(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if out.chars().all(|c| c == '\u{200C}' || c == '\u{200D}') {
        return "(no name)".to_string();
    }
    out
}

/// `name` made plain ([`plain_name`]) and, when it has right-to-left
/// letters, wrapped in a first-strong isolate so that its direction stays
/// inside it (otherwise "3. محمد — 5.75" would be laid out right to left).
pub fn isolated(name: &str) -> String {
    let plain = plain_name(name);
    if plain.chars().any(is_right_to_left) {
        format!("\u{2068}{plain}\u{2069}")
    } else {
        plain
    }
}

/// Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko
/// and others, with their presentation forms).
fn is_right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// Format characters that change direction or are invisible on their own.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                      // soft hyphen
        | '\u{034F}'                    // combining grapheme joiner
        | '\u{061C}'                    // Arabic letter mark
        | '\u{115F}' | '\u{1160}'       // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'       // Khmer inherent vowels
        | '\u{180B}'..='\u{180F}'       // Mongolian variation selectors, vowel separator
        | '\u{200B}'                    // zero-width space
        | '\u{200E}' | '\u{200F}'       // left-to-right and right-to-left marks
        | '\u{202A}'..='\u{202E}'       // embeddings and overrides
        | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, isolates, deprecated controls
        | '\u{3164}' | '\u{FFA0}'       // Hangul fillers
        | '\u{FE00}'..='\u{FE0F}'       // variation selectors (alone)
        | '\u{FEFF}'                    // zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}'       // interlinear annotations
        | '\u{1D173}'..='\u{1D17A}'     // musical formatting
        | '\u{E0000}'..='\u{E0FFF}'     // tags, variation selectors supplement
    ) && !is_emoji_variation(c)
}

/// VS16 (U+FE0F) turns a preceding character into an emoji; it only ever
/// shapes what precedes it, so it may stay.
fn is_emoji_variation(c: char) -> bool {
    c == '\u{FE0F}'
}

/// Characters that print as empty space.
fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\u{2800}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{205F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_and_invisible_characters_go() {
        assert_eq!(plain_name("\u{202E}Eve\u{202C}"), "Eve");
        assert_eq!(plain_name("An\u{200B}na"), "Anna");
        assert_eq!(plain_name("  Väinö \n  Virtanen\t"), "Väinö Virtanen");
        assert_eq!(plain_name("\u{2066}x\u{2069}\u{200F}"), "x");
    }

    #[test]
    fn a_name_with_nothing_visible_gets_a_placeholder() {
        for blank in [
            "",
            "\u{200B}\u{200B}",
            "\u{3164}",
            "\u{2800}\u{2800}",
            "\u{202E}",
            " \u{200D} ",
        ] {
            assert_eq!(plain_name(blank), "(no name)", "{blank:?}");
        }
    }

    #[test]
    fn real_names_and_emoji_stay_as_they_are() {
        for name in [
            "Noora",
            "محمد",
            "שרה",
            "Zoë",
            "李雷",
            "👩\u{200D}💻 Dev",
            "❤\u{FE0F}",
        ] {
            assert_eq!(plain_name(name), name);
        }
    }

    #[test]
    fn right_to_left_names_are_isolated() {
        assert_eq!(isolated("\u{202E}Eve"), "Eve");
        assert_eq!(isolated("\u{202B}שרה"), "\u{2068}שרה\u{2069}");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn no_direction_control_survives(name in "\\PC{0,20}[\u{202A}-\u{202E}\u{2066}-\u{2069}\u{200E}\u{200F}]{0,3}\\PC{0,20}") {
                let plain = plain_name(&name);
                prop_assert!(!plain.is_empty());
                let controls = plain
                    .chars()
                    .filter(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'))
                    .count();
                prop_assert_eq!(controls, 0);
            }
        }
    }
}
