//! The layers' arrows point down only: a module may use the layers below
//! it and never one above or beside it (no frontend uses another). The
//! test reads every file under `src/` (the server's library) and fails on
//! the first `crate::…` path that crosses a line. `docs/architecture.md`
//! draws the same picture.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules each layer may use, besides itself.
fn allowed(layer: &str) -> &'static [&'static str] {
    const BELOW_ACTIONS: &[&str] = &["app", "ops", "metrics", "store", "config", "domain", "i18n"];
    const FRONTEND: &[&str] = &[
        "actions",
        "app",
        "ops",
        "metrics",
        "store",
        "config",
        "domain",
        "i18n",
        "telemetry",
    ];
    match layer {
        // `serve` wires the frontends together; it alone may use them all.
        "server" => &[
            "bot",
            "web",
            "cli",
            "jobs",
            "actions",
            "app",
            "ops",
            "metrics",
            "store",
            "config",
            "domain",
            "i18n",
            "telemetry",
        ],
        "bot" | "web" | "cli" | "jobs" => FRONTEND,
        "actions" => BELOW_ACTIONS,
        "app" => &["metrics", "store", "config", "domain", "i18n"],
        "ops" => &["store", "config", "domain", "i18n"],
        "metrics" => &["store", "config", "domain", "i18n"],
        "store" => &["config", "domain", "i18n"],
        "config" => &["domain", "i18n"],
        "domain" => &["i18n"],
        // The languages and the translation files: the bottom layer.
        "i18n" | "telemetry" => &[],
        other => panic!(
            "{other} is not a known layer: add it to tests/it/architecture.rs and docs/architecture.md"
        ),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            // The bench binary is not part of the server's library.
            if path.file_name().is_some_and(|n| n == "bin") {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer of a file: its top-level module under `src/`.
fn layer_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src/");
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file names as `crate::NAME`, with their lines,
/// leaving out comments.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((number + 1, name));
            }
            rest = after;
        }
        // `use crate::{a, b}` names several at once.
        if let Some(at) = code.find("crate::{") {
            let inside = &code[at + "crate::{".len()..];
            for part in inside.split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push((number + 1, name));
                }
            }
        }
    }
    found
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut broken = BTreeSet::new();
    for file in &files {
        let layer = layer_of(&src, file);
        if matches!(layer.as_str(), "lib" | "main") {
            continue;
        }
        let permitted = allowed(&layer);
        let text = std::fs::read_to_string(file).expect("readable source");
        for (line, used) in crate_paths(&text) {
            // `msg!` and `tr!` are the i18n module's macros, exported at the root.
            let used = match used.as_str() {
                "msg" | "tr" => "i18n".to_string(),
                _ => used,
            };
            if used != layer && !permitted.contains(&used.as_str()) {
                broken.insert(format!(
                    "{}:{line}: {layer} uses {used}",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "these arrows point up or sideways (see docs/architecture.md):\n{}",
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_checker_sees_the_paths_it_must_refuse() {
    let text = "use crate::web::admin;\n// crate::bot in a comment\nlet x = crate::store::Store::connect();\nuse crate::{domain, app};";
    let names: Vec<String> = crate_paths(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["web", "store", "domain", "app"]);
    assert!(!allowed("store").contains(&"web"));
    assert!(
        !allowed("web").contains(&"bot"),
        "frontends do not use each other"
    );
    assert!(!allowed("cli").contains(&"web"));
}
