//! Messages as data for the browser scripts (the Mini App, the panel's
//! live counts), which fill in values the page only learns later.
//!
//! A message becomes a list of parts: text, `{"var": name}` for a value,
//! and `{"select": name, "variants": {key: parts}, "default": key}` for a
//! choice by plural form (the script asks `Intl.PluralRules` in the page's
//! language) or by an exact value. References to other messages are
//! filled in. Each script carries a small renderer for this shape.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_syntax::ast;
use serde_json::{Value, json};

use super::Language;

/// The translation files scripts take messages from, per language.
const SOURCES: &[(Language, &str)] = &[
    (
        Language::English,
        include_str!("../../locales/en/admin.ftl"),
    ),
    (Language::English, include_str!("../../locales/en/app.ftl")),
    (
        Language::English,
        include_str!("../../locales/en/common.ftl"),
    ),
    (
        Language::Finnish,
        include_str!("../../locales/fi/admin.ftl"),
    ),
    (Language::Finnish, include_str!("../../locales/fi/app.ftl")),
    (
        Language::Finnish,
        include_str!("../../locales/fi/common.ftl"),
    ),
];

type Patterns = HashMap<(Language, String), ast::Pattern<&'static str>>;

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let mut patterns = Patterns::new();
    for (language, text) in SOURCES {
        // A file that does not parse fails the translation tests; here its
        // readable entries are still used.
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry
                && let Some(value) = m.value
            {
                patterns.insert((*language, m.id.name.to_string()), value);
            }
        }
    }
    patterns
});

/// The message `id` in `language` as parts (English when that language
/// lacks it; a bare id when both do, so that nothing is ever blank).
pub fn message(language: Language, id: &str) -> Value {
    let pattern = PATTERNS
        .get(&(language, id.to_string()))
        .or_else(|| PATTERNS.get(&(Language::English, id.to_string())));
    match pattern {
        Some(p) => Value::Array(parts(language, p, 0)),
        None => json!([id]),
    }
}

/// Every message whose id starts with `prefix`, by id.
pub fn messages_with_prefix(language: Language, prefix: &str) -> Value {
    let mut ids: Vec<&String> = PATTERNS
        .keys()
        .filter(|(l, id)| *l == Language::English && id.starts_with(prefix))
        .map(|(_, id)| id)
        .collect();
    ids.sort();
    let map: serde_json::Map<String, Value> = ids
        .into_iter()
        .map(|id| (id.clone(), message(language, id)))
        .collect();
    Value::Object(map)
}

fn parts(language: Language, pattern: &ast::Pattern<&str>, depth: u8) -> Vec<Value> {
    let mut out = Vec::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => push_text(&mut out, value),
            ast::PatternElement::Placeable { expression } => {
                expression_parts(language, expression, depth, &mut out)
            }
        }
    }
    out
}

fn push_text(out: &mut Vec<Value>, text: &str) {
    if let Some(Value::String(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Value::String(text.to_string()));
    }
}

fn expression_parts(
    language: Language,
    expression: &ast::Expression<&str>,
    depth: u8,
    out: &mut Vec<Value>,
) {
    match expression {
        ast::Expression::Inline(inline) => inline_parts(language, inline, depth, out),
        ast::Expression::Select { selector, variants } => {
            let ast::InlineExpression::VariableReference { id } = selector else {
                return;
            };
            let mut map = serde_json::Map::new();
            let mut default = String::new();
            for v in variants {
                let key = match &v.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                if v.default {
                    default = key.clone();
                }
                map.insert(key, Value::Array(parts(language, &v.value, depth)));
            }
            out.push(json!({"select": id.name, "variants": map, "default": default}));
        }
    }
}

fn inline_parts(
    language: Language,
    inline: &ast::InlineExpression<&str>,
    depth: u8,
    out: &mut Vec<Value>,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => out.push(json!({"var": id.name})),
        ast::InlineExpression::StringLiteral { value } => push_text(out, value),
        ast::InlineExpression::NumberLiteral { value } => push_text(out, value),
        ast::InlineExpression::MessageReference { id, .. } if depth < 4 => {
            let referenced = PATTERNS
                .get(&(language, id.name.to_string()))
                .or_else(|| PATTERNS.get(&(Language::English, id.name.to_string())));
            if let Some(p) = referenced {
                for part in parts(language, p, depth + 1) {
                    match part {
                        Value::String(s) => push_text(out, &s),
                        other => out.push(other),
                    }
                }
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_parts(language, expression, depth, out)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_message_becomes_parts_with_a_choice() {
        let parts = message(Language::Finnish, "points-amount");
        assert_eq!(
            parts,
            json!([{"select": "points", "default": "other", "variants": {
                "one": [{"var": "points"}, " piste"],
                "other": [{"var": "points"}, " pistettä"],
            }}])
        );
        assert_eq!(message(Language::Finnish, "no-such"), json!(["no-such"]));
    }
}
