//! The translation files: every message exists in every language with the
//! same arguments, renders without an error in each language with sample
//! values, and every message id the code, the templates and the Mini App
//! use is in the files (and every message in the files is used).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use fluent_templates::fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// The reference language: the others must match it key for key.
const REFERENCE: &str = "en";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each language's `.ftl` files, by language code.
fn languages() -> BTreeMap<String, Vec<PathBuf>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("locales")).expect("locales/ exists") {
        let dir = entry.expect("an entry").path();
        if !dir.is_dir() {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("a language directory")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        found.insert(code, files);
    }
    found
}

/// A message: the file it is in and the variables it uses.
#[derive(Debug)]
struct Entry {
    file: String,
    variables: BTreeSet<String>,
}

fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(inline) => inline_vars(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// Every message of a language, by id; fails on a syntax error or an id
/// defined twice.
fn messages(files: &[PathBuf]) -> BTreeMap<String, Entry> {
    let mut all = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("readable");
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", file.display()));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut variables = BTreeSet::new();
                    if let Some(value) = &m.value {
                        pattern_vars(value, &mut variables);
                    }
                    let name = file.file_name().unwrap().to_string_lossy().into_owned();
                    let id = m.id.name.to_string();
                    if let Some(earlier) = all.insert(
                        id.clone(),
                        Entry {
                            file: name.clone(),
                            variables,
                        },
                    ) {
                        panic!("{id} is defined twice: in {} and {name}", earlier.file);
                    }
                }
                ast::Entry::Junk { content } => {
                    panic!("{} has text that is not Fluent: {content}", file.display())
                }
                _ => {}
            }
        }
    }
    all
}

#[test]
fn every_message_exists_in_every_language_with_the_same_arguments() {
    let languages = languages();
    assert!(languages.len() >= 2, "{languages:?}");
    let reference = messages(&languages[REFERENCE]);
    assert!(reference.len() > 300, "only {} messages", reference.len());
    let mut problems = Vec::new();
    for (code, files) in &languages {
        let names: BTreeSet<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let reference_names: BTreeSet<String> = languages[REFERENCE]
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        if names != reference_names {
            problems.push(format!(
                "{code} has files {names:?}, {REFERENCE} {reference_names:?}"
            ));
        }
        let these = messages(files);
        for (id, entry) in &reference {
            match these.get(id) {
                None => problems.push(format!("{code} is missing {id} ({})", entry.file)),
                Some(other) if other.variables != entry.variables => problems.push(format!(
                    "{code}: {id} uses {:?}, {REFERENCE} uses {:?}",
                    other.variables, entry.variables
                )),
                Some(other) if other.file != entry.file => problems.push(format!(
                    "{code}: {id} is in {}, {REFERENCE} has it in {}",
                    other.file, entry.file
                )),
                Some(_) => {}
            }
        }
        for id in these.keys().filter(|id| !reference.contains_key(*id)) {
            problems.push(format!("{code} has {id}, which {REFERENCE} does not"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_renders_in_every_language_with_sample_arguments() {
    let languages = languages();
    let reference = messages(&languages[REFERENCE]);
    let mut problems = Vec::new();
    for (code, files) in &languages {
        let langid = code.parse().expect("a language code");
        let mut bundle = FluentBundle::new(vec![langid]);
        bundle.set_use_isolating(false);
        for file in files {
            let text = std::fs::read_to_string(file).expect("readable");
            let resource = FluentResource::try_new(text).expect("parses");
            if let Err(errors) = bundle.add_resource(resource) {
                problems.push(format!("{code}: {}: {errors:?}", file.display()));
            }
        }
        // Numbers that select each plural form, a decimal, and text.
        let samples: [fn() -> FluentValue<'static>; 5] = [
            || FluentValue::from(1),
            || FluentValue::from(2),
            || FluentValue::from(5),
            || FluentValue::from(5.63),
            || FluentValue::from("Sample"),
        ];
        for (id, entry) in &reference {
            let Some(message) = bundle.get_message(id) else {
                continue; // reported by the test above
            };
            let Some(pattern) = message.value() else {
                problems.push(format!("{code}: {id} has no value"));
                continue;
            };
            for sample in samples {
                let mut args = FluentArgs::new();
                for name in &entry.variables {
                    args.set(name.clone(), sample());
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if !errors.is_empty() {
                    problems.push(format!("{code}: {id}: {errors:?}"));
                    break;
                }
                if text.trim().is_empty() {
                    problems.push(format!("{code}: {id} renders empty"));
                    break;
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Message ids named in source: string literals that look like an id of
/// one of the files' families (`bot-…`, `admin-…`, `err-…`).
fn ids_in(text: &str, families: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices('"') {
        let rest = &text[i + 1..];
        let Some(end) = rest.find('"') else { break };
        let candidate = &rest[..end];
        let is_id = !candidate.is_empty()
            && candidate
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && candidate.contains('-')
            && !candidate.ends_with('-')
            && families.iter().any(|f| candidate.starts_with(f));
        if is_id {
            found.insert(candidate.to_string());
        }
    }
    found
}

fn files_under(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files_under(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// The id families: each file's ids start with one of these.
const FAMILIES: &[&str] = &[
    "bot-",
    "admin-",
    "app-",
    "api-",
    "err-",
    "workout-",
    "label-",
    "role-",
    "intensity-",
    "weekday-",
    "month-",
    "minutes-",
    "points-",
    "language-",
    "product-",
    "rules-",
    "activity-label",
    "alert-",
    "announcement-",
];

#[test]
fn every_id_the_code_uses_is_translated_and_every_message_is_used() {
    let reference = messages(&languages()[REFERENCE]);
    let mut sources = Vec::new();
    files_under(&root().join("src"), &["rs"], &mut sources);
    files_under(&root().join("templates"), &["html"], &mut sources);
    files_under(&root().join("static"), &["js"], &mut sources);
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for file in &sources {
        let text = std::fs::read_to_string(file).expect("readable");
        for id in ids_in(&text, FAMILIES) {
            if !reference.contains_key(&id) {
                missing.push(format!("{}: {id}", file.display()));
            }
            used.insert(id);
        }
    }
    assert!(
        missing.is_empty(),
        "ids used but not in locales/{REFERENCE}/:\n{}",
        missing.join("\n")
    );
    let unused: Vec<&String> = reference.keys().filter(|id| !used.contains(*id)).collect();
    assert!(unused.is_empty(), "messages nothing uses: {unused:?}");
}
