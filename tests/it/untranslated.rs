//! No user-visible text outside the translation files: the bot, the admin
//! panel, the JSON API, the Mini App, their templates and their scripts
//! show only what `locales/*/*.ftl` say.
//!
//! What counts as a user-visible literal, per kind of file:
//!
//! - Rust (`src/bot`, `src/web/admin`, `src/web/api`, `src/web/miniapp.rs`,
//!   test modules left out): a string literal that reads as words (see
//!   [`reads_as_words`]) and is handed, directly or through `format!`, to
//!   something that shows it — the bot's `show`/`say`/`settle`/`notice`/
//!   `send`/`menu`/`expired`, a `button`, a callback answer; the panel's
//!   `redirect_with`, `error`, `error_response`, `Layout::new`, an error
//!   list's `push`; the API's error bodies. Text for the logs (`tracing`),
//!   `Message::verbatim` (a tool's own words) and message ids are not
//!   shown text. So is a `const`/`static` text that reads as words, in
//!   those files, unless it is a header's value (`*_POLICY`).
//! - Templates (`templates/`): any text between tags, and the `title`,
//!   `placeholder`, `aria-label`, `alt` and `data-label` attributes, once
//!   the template's own `{{ }}`, `{% %}` and `{# #}` are taken out; text in
//!   `<code>` is code (a command, a name pattern), not prose.
//! - Scripts (`static/*/…js`), outside comments: a string literal of two
//!   words or more (runs of letters; `mark-points`, `[data-tick]` or path
//!   data are code, and so is an element's `class`), or any literal with a letter given as an element's
//!   `text`, `textContent`, `aria-label`, `label` or `title`.
//!
//! "Reads as words": after placeholders (`{…}`), markup (`<…>`) and HTML
//! entities are taken out, it has a letter, and it is not a single token
//! of lower-case letters, digits and `-_.:/#` (a message id, a CSS class,
//! a path or a query, an "ok" flag, a callback's payload). Constants that
//! are an HTTP header's value (`*_POLICY`, `*MAX_AGE*`) are left out.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// Text with placeholders, markup and entities taken out.
fn words_of(text: &str) -> String {
    let mut out = String::new();
    let mut depth_brace = 0;
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '{' => depth_brace += 1,
            '}' => depth_brace = (depth_brace - 1).max(0),
            '<' if depth_brace == 0 => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if depth_brace > 0 || in_tag => {}
            _ => out.push(c),
        }
    }
    // Entities such as &amp; are markup too.
    let mut cleaned = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find('&') {
        cleaned.push_str(&rest[..at]);
        let after = &rest[at..];
        match after.find(';').filter(|end| *end <= 8) {
            Some(end) => rest = &after[end + 1..],
            None => {
                cleaned.push('&');
                rest = &after[1..];
            }
        }
    }
    cleaned.push_str(rest);
    cleaned
}

/// True for text a person would read (see the module's comment).
fn reads_as_words(text: &str) -> bool {
    let words = words_of(text);
    let trimmed = words.trim();
    if !trimmed.chars().any(char::is_alphabetic) {
        return false;
    }
    let token = trimmed.chars().all(|c| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || matches!(c, '-' | '_' | '.' | ':' | '/' | '#' | '?' | '=' | '&' | '%')
    });
    !token
}

/// A string literal found in source: where it starts and its text.
struct Literal {
    start: usize,
    text: String,
}

/// The string literals of Rust or JavaScript source, outside comments.
fn literals(source: &str, javascript: bool) -> Vec<Literal> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if !javascript
            && c == b'r'
            && matches!(bytes.get(i + 1), Some(b'#') | Some(b'"'))
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        {
            // A raw string: r"…" or r#"…"#.
            let mut hashes = 0;
            let mut j = i + 1;
            while bytes.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&b'"') {
                i += 1;
                continue;
            }
            let start = j + 1;
            let closing = format!("\"{}", "#".repeat(hashes));
            let end = source[start..]
                .find(&closing)
                .map_or(source.len(), |e| start + e);
            found.push(Literal {
                start: i,
                text: source[start..end].to_string(),
            });
            i = end + closing.len();
        } else if c == b'"' || (javascript && (c == b'\'' || c == b'`')) {
            let quote = c;
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != quote {
                if bytes[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            found.push(Literal {
                start: i,
                text: source[start..j.min(source.len())].to_string(),
            });
            i = j + 1;
        } else if !javascript && c == b'\'' {
            // A char literal or a lifetime: skip it whole.
            if bytes.get(i + 2) == Some(&b'\'') {
                i += 3;
            } else if bytes.get(i + 1) == Some(&b'\\') {
                i += 4;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The calls a literal sits inside, innermost first: the name before each
/// unclosed `(` going back from it (`t`, `format!`, `redirect_with`, …).
fn enclosing_calls(source: &str, at: usize) -> Vec<String> {
    let bytes = source.as_bytes();
    let mut calls = Vec::new();
    let mut depth = 0i32;
    let mut i = at;
    let floor = at.saturating_sub(3000);
    while i > floor && calls.len() < 6 {
        i -= 1;
        match bytes[i] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => {
                if depth == 0 {
                    if bytes[i] == b'(' {
                        let mut j = i;
                        while j > 0
                            && (bytes[j - 1].is_ascii_alphanumeric()
                                || matches!(bytes[j - 1], b'_' | b'!' | b':'))
                        {
                            j -= 1;
                        }
                        calls.push(source[j..i].trim_start_matches(':').to_string());
                    } else if bytes[i] == b'{' {
                        // A block or a struct: a statement boundary.
                        break;
                    }
                } else {
                    depth -= 1;
                }
            }
            b';' if depth == 0 => break,
            _ => {}
        }
    }
    calls
}

/// Constants that are HTTP headers' values, which nobody reads as text.
const HEADER_VALUES: &[&str] = &["_POLICY", "MAX_AGE"];

/// Calls that show their text to a person.
const SINKS: &[&str] = &[
    "show",
    "say",
    "settle",
    "notice",
    "send",
    "menu",
    "expired",
    "button",
    "answer_callback",
    "edit_or_send",
    "web_app",
    "redirect_with",
    "error",
    "error_response",
    "Layout::new",
    "push",
    "ErrorBody::new",
    "unauthorized",
    "not_found",
    "bad_request",
    "body",
    "Some",
];

/// Calls whose text is not shown, or is a message id, whatever encloses them.
fn not_shown(call: &str) -> bool {
    let name = call.rsplit("::").next().unwrap_or(call);
    matches!(
        name,
        "t" | "t1"
            | "t2"
            | "t3"
            | "t4"
            | "msg!"
            | "tr!"
            | "new_message"
            | "verbatim"
            | "expect"
            | "context"
            | "with_context"
            | "panic!"
            | "unreachable!"
            | "error!"
            | "warn!"
            | "info!"
            | "debug!"
            | "trace!"
            | "with_custom_text"
            | "anyhow!"
            | "bail!"
            | "header"
            | "overriding"
            | "parse"
            | "starts_with"
            | "contains"
            | "find"
            | "get"
            | "query_pairs_mut"
            | "append_pair"
            | "content_type"
            | "at"
            | "nest"
            | "data"
            | "data_of"
    ) || call.starts_with("tracing")
        || call == "Message::new"
}

fn rust_violations(path: &Path, source: &str) -> Vec<String> {
    // Test modules are at the end of a file.
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for literal in literals(code, false) {
        if !reads_as_words(&literal.text) {
            continue;
        }
        let line_start = code[..literal.start].rfind('\n').map_or(0, |n| n + 1);
        let line = &code[line_start
            ..code[literal.start..]
                .find('\n')
                .map_or(code.len(), |n| literal.start + n)];
        let trimmed = line.trim_start();
        // Attributes (`#[error("…")]`, `#[oai(…)]`) describe code, not screens.
        if trimmed.starts_with("#[") {
            continue;
        }
        let is_const = (trimmed.starts_with("pub const ")
            || trimmed.starts_with("const ")
            || trimmed.starts_with("pub static ")
            || trimmed.starts_with("static "))
            && !HEADER_VALUES.iter().any(|h| trimmed.contains(h));
        let calls = enclosing_calls(code, literal.start);
        let shown = calls.iter().take_while(|c| !not_shown(c)).any(|c| {
            SINKS.contains(&c.rsplit('.').next().unwrap_or(c).trim_start_matches('.'))
                || SINKS.contains(&c.as_str())
        });
        if shown || is_const {
            let number = code[..literal.start].matches('\n').count() + 1;
            found.push(format!("{}:{number}: {:?}", path.display(), literal.text));
        }
    }
    found
}

fn template_violations(path: &Path, source: &str) -> Vec<String> {
    // The template's own syntax out; what stays is what the browser shows.
    let mut text = source.to_string();
    for (open, close) in [("{#", "#}"), ("{%", "%}"), ("{{", "}}")] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    for element in ["script", "style", "code"] {
        let open = format!("<{element}");
        let close = format!("</{element}>");
        let mut from = 0;
        while let Some(start) = text[from..].find(&open).map(|s| from + s) {
            let Some(tag_end) = text[start..].find('>').map(|e| start + e + 1) else {
                break;
            };
            let Some(end) = text[tag_end..].find(&close).map(|e| tag_end + e) else {
                break;
            };
            text.replace_range(tag_end..end, " ");
            from = tag_end;
        }
    }
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let (before, after) = match rest.find('<') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        if reads_as_words(before) {
            found.push(format!("{}: text {:?}", path.display(), before.trim()));
        }
        if after.is_empty() {
            break;
        }
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let tag = &after[..end];
        for attribute in ["title", "placeholder", "aria-label", "alt", "data-label"] {
            let needle = format!(" {attribute}=\"");
            if let Some(at) = tag.find(&needle) {
                let value = &tag[at + needle.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                if reads_as_words(value) {
                    found.push(format!("{}: {attribute}={value:?}", path.display()));
                }
            }
        }
        rest = &after[end..];
    }
    found
}

/// Words of a script's literal: runs of letters between spaces, leaving out
/// tokens with code in them (`mark-points`, `[data-tick]`, `M8`).
fn prose_words(text: &str) -> usize {
    words_of(text)
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| {
                matches!(c, ',' | '.' | '!' | '?' | ';' | '“' | '”' | '(' | ')')
            });
            w.chars().count() >= 2 && w.chars().all(char::is_alphabetic)
        })
        .count()
}

/// Where a script puts a literal in front of a person, whatever its length.
fn shown_by_script(source: &str, at: usize) -> bool {
    let before = source[..at].trim_end();
    [
        "text:",
        "textContent =",
        "\"aria-label\":",
        "label:",
        "title:",
    ]
    .iter()
    .any(|sink| before.ends_with(sink))
}

/// A literal given as an element's `class` (`class: "mark bar"`,
/// `className = "…"`): CSS class names, not words.
fn is_class_value(source: &str, at: usize) -> bool {
    let before = source[..at].trim_end();
    let Some(before) = before
        .strip_suffix(':')
        .or_else(|| before.strip_suffix('='))
    else {
        return false;
    };
    let before = before.trim_end().trim_end_matches(['"', '\'']);
    before.ends_with("class") || before.ends_with("className")
}

fn script_violations(path: &Path, source: &str) -> Vec<String> {
    literals(source, true)
        .into_iter()
        .filter(|l| l.text != "use strict")
        .filter(|l| !is_class_value(source, l.start))
        .filter(|l| {
            prose_words(&l.text) >= 2
                || (shown_by_script(source, l.start) && l.text.chars().any(char::is_alphabetic))
        })
        .map(|l| {
            let number = source[..l.start].matches('\n').count() + 1;
            format!("{}:{number}: {:?}", path.display(), l.text)
        })
        .collect()
}

#[test]
fn no_user_visible_text_outside_the_translation_files() {
    let root = root();
    let mut rust = Vec::new();
    for dir in [
        "src/bot",
        "src/web/admin",
        "src/web/api",
        "src/web/miniapp.rs",
    ] {
        files(&root.join(dir), "rs", &mut rust);
    }
    let mut templates = Vec::new();
    files(&root.join("templates"), "html", &mut templates);
    let mut scripts = Vec::new();
    files(&root.join("static"), "js", &mut scripts);
    assert!(rust.len() > 30 && templates.len() > 20 && scripts.len() >= 3);
    let mut found = Vec::new();
    for path in &rust {
        found.extend(rust_violations(
            path,
            &std::fs::read_to_string(path).unwrap(),
        ));
    }
    for path in &templates {
        found.extend(template_violations(
            path,
            &std::fs::read_to_string(path).unwrap(),
        ));
    }
    for path in &scripts {
        found.extend(script_violations(
            path,
            &std::fs::read_to_string(path).unwrap(),
        ));
    }
    assert!(
        found.is_empty(),
        "text people read belongs in locales/*/*.ftl:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_finds_what_it_must() {
    assert!(reads_as_words("Nothing to cancel."));
    assert!(reads_as_words("🏠 Menu"));
    assert!(reads_as_words("Today"));
    assert!(!reads_as_words("bot-menu"));
    assert!(!reads_as_words("ok"));
    assert!(!reads_as_words("/admin/guilds"));
    assert!(!reads_as_words("{count} · {points}"));
    assert!(!reads_as_words("<b>{}</b>"));
    let rust = r#"fn f(t: &mut Turn) { t.say(&format!("Hello {}", x), None); t.say(&tr!(l, "bot-menu"), None); tracing::warn!("a log line"); }"#;
    assert_eq!(
        rust_violations(Path::new("x.rs"), rust).len(),
        1,
        "{:?}",
        rust_violations(Path::new("x.rs"), rust)
    );
    let template = r#"<p>{{ layout.t("admin-x") }}</p><p>Plain words</p><td data-label="Name"></td><code>test</code>"#;
    assert_eq!(template_violations(Path::new("x.html"), template).len(), 2);
    let script = "const a = \"button[data-tick] mark-points\"; // a comment with words\nconst b = \"Two words\"; el(\"p\", { text: \"Today\" });";
    assert_eq!(script_violations(Path::new("x.js"), script).len(), 2);
}
