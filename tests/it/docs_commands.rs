//! The docs are run. Every shell block (```sh, ```bash, ```shell) of
//! README.md and docs/*.md runs in order, README first, then docs/ by
//! name, as one operator following them would: against a scratch
//! PostgreSQL database (`DATABASE_URL`) and a scratch directory (the
//! working directory and `HOME`, holding a copy of the repository's
//! `grafana/`, `deploy/`, `data/catalogue.csv` and `.env.example`), with
//! the binary under test on `PATH` as `activity-challenge`. A block that
//! fails, or whose standard output differs from the ```text block right
//! after it, fails the test. The conventions are explained for doc
//! writers in README.md ("The docs are run").
//!
//! The runner's own part: `LISTEN_ADDR` is a free port, and
//! `127.0.0.1:8080` in the docs stands for it; `APP_PASSWORD` and
//! `PASSWORD`, the passwords the docs ask the reader to choose, are set.
//! Each block runs in `bash` with `set -eo pipefail`, standard input
//! empty, for at most two minutes. The docs are written as on
//! [`DOCS_TODAY`]: every date in a block and its expected output is moved
//! by as many days as today is from it, so that the walk-through's
//! competition is always running as the docs say.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::cli::BIN;
use crate::support::prometheus::{free_port, repo_root};
use crate::support::{TestDb, admin_url, postgres_url};

/// The marker before a block that is not run: `<!-- not run: REASON -->`.
const NOT_RUN: &str = "<!-- not run:";
/// The marker before a block that keeps running (a server) until the end
/// of the run: `<!-- run in the background -->`.
const BACKGROUND: &str = "<!-- run in the background -->";
/// In an expected output: any text (within a line), or any lines (alone).
const ANY: &str = "…";
/// How long one block may take.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(120);

/// The day the docs' examples are written on: their competition runs from
/// two days before it to three weeks after.
const DOCS_TODAY: (i32, u32, u32) = (2026, 12, 3);

/// `text` with every `YYYY-MM-DD` moved by `days`.
fn shift_dates(text: &str, days: i64) -> String {
    if days == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let found = rest.char_indices().find_map(|(i, _)| {
            let candidate = rest.get(i..i + 10)?;
            let shape = candidate.bytes().enumerate().all(|(k, b)| match k {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
            let before_ok = !rest[..i].ends_with(|c: char| c.is_ascii_alphanumeric());
            let after_ok = !rest[i + 10..].starts_with(|c: char| c.is_ascii_digit());
            let date = chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok()?;
            (shape && before_ok && after_ok).then_some((i, date))
        });
        match found {
            Some((i, date)) => {
                out.push_str(&rest[..i]);
                out.push_str(&(date + chrono::Duration::days(days)).to_string());
                rest = &rest[i + 10..];
            }
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

/// How many days today (in Helsinki, the docs' time zone) is after
/// [`DOCS_TODAY`].
fn days_since_docs_today() -> i64 {
    let (y, m, d) = DOCS_TODAY;
    let docs = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    (today - docs).num_days()
}

#[test]
fn dates_in_the_docs_move_with_today() {
    assert_eq!(
        shift_dates(
            "--start 2026-12-01 --end 2026-12-24; x2 2026-12-31..2027-01-01",
            3
        ),
        "--start 2026-12-04 --end 2026-12-27; x2 2027-01-03..2027-01-04"
    );
    // Not a date: longer digit runs, or no such day.
    assert_eq!(
        shift_dates("12026-12-01 2026-12-011 2026-13-01 backup-20261203", 1),
        "12026-12-01 2026-12-011 2026-13-01 backup-20261203"
    );
    assert_eq!(shift_dates("2026-12-01", 0), "2026-12-01");
}

/// How a block is treated.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Treatment {
    Run,
    Background,
    NotRun(String),
}

/// A fenced code block of a document.
#[derive(Debug, Clone)]
struct Block {
    file: String,
    /// The line of the opening fence (1-based).
    line: usize,
    lang: String,
    code: String,
    treatment: Treatment,
    /// The ```text block right after it: the expected standard output.
    expected: Option<String>,
}

impl Block {
    fn is_shell(&self) -> bool {
        matches!(self.lang.as_str(), "sh" | "bash" | "shell")
    }

    fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The documents, in the order they are run: README.md, then docs/*.md by name.
fn documents() -> Vec<PathBuf> {
    let root = repo_root();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    std::iter::once(root.join("README.md"))
        .chain(docs)
        .collect()
}

/// Every fenced block of `text`, with its marker and expected output.
fn parse(file: &str, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let Some(lang) = trimmed.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let indent = lines[i].len() - trimmed.len();
        let lang = lang.trim().to_string();
        let start = i;
        let mut code = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].trim_start() != "```" {
            let line = lines[i];
            code.push(
                line.get(indent.min(line.len() - line.trim_start().len())..)
                    .unwrap_or(""),
            );
            i += 1;
        }
        i += 1;
        let marker = lines[..start]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim())
            .unwrap_or("");
        let treatment = if let Some(reason) = marker.strip_prefix(NOT_RUN) {
            Treatment::NotRun(reason.trim_end_matches("-->").trim().to_string())
        } else if marker == BACKGROUND {
            Treatment::Background
        } else {
            Treatment::Run
        };
        let block = Block {
            file: file.to_string(),
            line: start + 1,
            lang,
            code: code.join("\n"),
            treatment,
            expected: None,
        };
        // A ```text block right after a shell block is its expected output.
        let follows_shell = blocks.last().is_some_and(|prev: &Block| {
            prev.is_shell()
                && prev.expected.is_none()
                && lines[prev.line..start]
                    .iter()
                    .skip_while(|l| l.trim_start() != "```")
                    .skip(1)
                    .all(|l| l.trim().is_empty())
        });
        if block.lang == "text" && follows_shell {
            blocks.last_mut().unwrap().expected = Some(block.code);
        } else {
            blocks.push(block);
        }
    }
    blocks
}

/// Whether `actual` is what `expected` documents: line by line, trailing
/// spaces ignored; `…` in a line stands for any text, a line of only `…`
/// for any number of lines.
fn output_matches(expected: &str, actual: &str) -> bool {
    fn line_matches(pattern: &str, line: &str) -> bool {
        let parts: Vec<&str> = pattern.split(ANY).collect();
        if parts.len() == 1 {
            return pattern == line;
        }
        let Some(mut rest) = line.strip_prefix(parts[0]) else {
            return false;
        };
        for (n, part) in parts.iter().enumerate().skip(1) {
            if n == parts.len() - 1 {
                return rest.ends_with(part);
            }
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        true
    }
    fn lines_match(pattern: &[&str], lines: &[&str]) -> bool {
        match pattern.split_first() {
            None => lines.is_empty(),
            Some((first, rest)) if *first == ANY => {
                (0..=lines.len()).any(|skip| lines_match(rest, &lines[skip..]))
            }
            Some((first, rest)) => lines.split_first().is_some_and(|(line, others)| {
                line_matches(first, line) && lines_match(rest, others)
            }),
        }
    }
    let pattern: Vec<&str> = expected.lines().map(str::trim_end).collect();
    let lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
    lines_match(&pattern, &lines)
}

/// The scratch directory and environment the docs run in.
struct Scratch {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    listen: String,
    background: Vec<(String, Child)>,
}

impl Scratch {
    fn new(database_url: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let root = repo_root();
        for tree in ["grafana", "deploy"] {
            copy_tree(&root.join(tree), &dir.path().join(tree));
        }
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::copy(
            root.join("data/catalogue.csv"),
            dir.path().join("data/catalogue.csv"),
        )
        .unwrap();
        std::fs::copy(root.join(".env.example"), dir.path().join(".env.example")).unwrap();
        let listen = format!("127.0.0.1:{}", free_port());
        let bin_dir = Path::new(BIN).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env = [
            ("PATH", path.as_str()),
            ("HOME", dir.path().to_str().unwrap()),
            ("LANG", "C.UTF-8"),
            ("DATABASE_URL", database_url),
            ("LISTEN_ADDR", listen.as_str()),
            ("DATABASE_CONNECT_TIMEOUT", "10"),
            ("APP_PASSWORD", "app-role-password-1"),
            ("PASSWORD", "organiser-password-1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Scratch {
            dir,
            env,
            listen,
            background: Vec::new(),
        }
    }

    fn command(&self, code: &str) -> Command {
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(format!("set -eo pipefail\n{code}"))
            .current_dir(self.dir.path())
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        cmd
    }

    /// The block's commands as they run here.
    fn localise(&self, text: &str) -> String {
        shift_dates(
            &text.replace("127.0.0.1:8080", &self.listen),
            days_since_docs_today(),
        )
    }

    /// Runs a block to its end (or the timeout): its status, stdout, stderr.
    fn run(&self, block: &Block) -> (bool, String, String) {
        let mut child = self.command(&self.localise(&block.code)).spawn().unwrap();
        let (out, err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let read = |mut from: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = from.read_to_string(&mut text);
                text
            })
        };
        let (out, err) = (read(Box::new(out)), read(Box::new(err)));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > BLOCK_TIMEOUT {
                stop_group(&child, "KILL");
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let (out, mut err) = (out.join().unwrap(), err.join().unwrap());
        if status.is_none() {
            err.push_str(&format!("\n(stopped after {BLOCK_TIMEOUT:?})"));
        }
        (status.is_some_and(|s| s.success()), out, err)
    }

    /// Starts a block in the background; a server must answer on
    /// `LISTEN_ADDR` within 30 seconds.
    fn start(&mut self, block: &Block) {
        let mut child = self
            .command(&self.localise(&block.code))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("http://{}/healthz", self.listen);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let mut err = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                panic!(
                    "{}: the background block ended ({status}):\n{}\n{err}",
                    block.place(),
                    block.code
                );
            }
            let answered = Command::new("curl")
                .args(["-fsS", "-o", "/dev/null", &url])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if answered {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{}: nothing answered on {url} within 30 s",
                block.place()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.background.push((block.place(), child));
    }

    /// Stops the background blocks (SIGTERM to their process groups) and
    /// returns what each wrote to stderr.
    fn stop_background(&mut self) -> Vec<(String, String)> {
        let mut logs = Vec::new();
        for (place, mut child) in self.background.drain(..) {
            stop_group(&child, "TERM");
            let deadline = Instant::now() + Duration::from_secs(20);
            while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if child.try_wait().unwrap().is_none() {
                stop_group(&child, "KILL");
                let _ = child.wait();
            }
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            logs.push((place, err));
        }
        logs
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.stop_background();
    }
}

fn stop_group(child: &Child, signal: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .arg(format!("-{}", child.id()))
        .status();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every block of every document, in order.
fn all_blocks() -> Vec<Block> {
    documents()
        .iter()
        .flat_map(|path| {
            let name = path
                .strip_prefix(repo_root())
                .unwrap()
                .display()
                .to_string();
            parse(&name, &std::fs::read_to_string(path).unwrap())
        })
        .collect()
}

/// Names the docs give to things outside the scratch database, to remove
/// afterwards: roles (`create-app-role NAME`) and databases (`--into NAME`).
fn created_outside(blocks: &[Block]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut roles = BTreeSet::new();
    let mut databases = BTreeSet::new();
    for block in blocks.iter().filter(|b| b.is_shell()) {
        let words: Vec<&str> = block.code.split_whitespace().collect();
        for pair in words.windows(2) {
            match pair[0] {
                "create-app-role" => {
                    roles.insert(pair[1].to_string());
                }
                "--into" => {
                    databases.insert(pair[1].to_string());
                }
                _ => {}
            }
        }
    }
    (roles, databases)
}

fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-X", "-Atc", sql])
        .output()
        .expect("psql runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn drop_outside(database: &str, roles: &BTreeSet<String>, databases: &BTreeSet<String>) {
    for name in databases {
        psql(
            &admin_url(),
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
    }
    for role in roles {
        psql(&postgres_url(database), &format!("DROP OWNED BY {role}"));
        psql(&admin_url(), &format!("DROP ROLE IF EXISTS {role}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shell_block_in_the_docs_runs_and_prints_what_they_say() {
    let blocks = all_blocks();
    let shell: Vec<&Block> = blocks.iter().filter(|b| b.is_shell()).collect();
    assert!(
        shell.len() > 30,
        "the docs' shell blocks are found: {}",
        shell.len()
    );
    for block in &shell {
        if let Treatment::NotRun(reason) = &block.treatment {
            assert!(
                !reason.is_empty(),
                "{}: a block that is not run says why",
                block.place()
            );
        }
    }
    let db = TestDb::empty_postgres().await;
    let database = db.url.rsplit('/').next().unwrap().to_string();
    let (roles, databases) = created_outside(&blocks);
    drop_outside(&database, &roles, &databases);

    let mut scratch = Scratch::new(&db.url);
    let mut ran = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    let started = Instant::now();
    for block in shell {
        match &block.treatment {
            Treatment::NotRun(reason) => {
                skipped.push(format!("{}: {reason}", block.place()));
                continue;
            }
            Treatment::Background => {
                scratch.start(block);
                ran += 1;
                continue;
            }
            Treatment::Run => {}
        }
        let (ok, out, err) = scratch.run(block);
        ran += 1;
        if !ok {
            failures.push(format!(
                "{} failed:\n{}\n--- stdout:\n{out}\n--- stderr:\n{err}",
                block.place(),
                block.code
            ));
            break;
        }
        if let Some(expected) = &block.expected {
            let expected = scratch.localise(expected);
            if !output_matches(&expected, &out) {
                failures.push(format!(
                    "{} printed other than its documented output:\n{}\n--- documented:\n{expected}\n--- printed:\n{out}\n--- stderr:\n{err}",
                    block.place(),
                    block.code
                ));
            }
        }
    }
    let logs = scratch.stop_background();
    drop(scratch);
    drop_outside(&database, &roles, &databases);
    eprintln!(
        "{ran} blocks run in {:.0} s; not run:\n  {}",
        started.elapsed().as_secs_f64(),
        skipped.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{}\n\nbackground blocks' logs:\n{}",
        failures.join("\n\n"),
        logs.iter()
            .map(|(place, log)| format!("{place}:\n{log}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(ran >= 20, "{ran} blocks ran");
}

#[test]
fn blocks_markers_and_expected_output_are_read_as_documented() {
    let doc = "Intro.\n\n<!-- not run: needs docker -->\n```sh\ndocker compose up\n```\n\n\
               ```sh\necho hi\n```\n\n```text\nhi\n```\n\n<!-- run in the background -->\n\
               ```sh\nactivity-challenge serve\n```\n\n1. Step:\n\n   ```sh\n   echo indented\n   ```\n\n\
               ```env\nA=1\n```\n\n```text\nnot an expected output\n```\n";
    let blocks = parse("x.md", doc);
    assert_eq!(blocks.len(), 6, "{blocks:#?}");
    assert_eq!(
        blocks[0].treatment,
        Treatment::NotRun("needs docker".into())
    );
    assert_eq!(blocks[1].code, "echo hi");
    assert_eq!(blocks[1].expected.as_deref(), Some("hi"));
    assert_eq!(blocks[2].treatment, Treatment::Background);
    assert_eq!(blocks[3].code, "echo indented");
    assert_eq!(blocks[3].line, 23);
    assert_eq!(blocks[4].lang, "env");
    assert_eq!(
        blocks[5].lang, "text",
        "a text block after a non-shell block stays a block"
    );

    assert!(output_matches("a\nb", "a\nb\n"));
    assert!(!output_matches("a\nb", "a\nc"));
    assert!(!output_matches("a", "a\nb"));
    assert!(output_matches(
        "took … s (… rows/s)",
        "took 0.3 s (1200 rows/s)"
    ));
    assert!(!output_matches("took … s", "took 0.3 ms"));
    assert!(output_matches("head\n…\ntail", "head\n1\n2\ntail"));
    assert!(output_matches("head\n…\ntail", "head\ntail"));
    assert!(output_matches("…", ""));
}

/// The commands of the cron lines in `docs/operations.md`.
fn cron_commands() -> Vec<String> {
    let blocks = parse(
        "docs/operations.md",
        &std::fs::read_to_string(repo_root().join("docs/operations.md")).unwrap(),
    );
    let cron = blocks
        .iter()
        .find(|b| b.lang == "cron")
        .expect("operations.md has a cron recipe");
    cron.code
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            // Five time fields, then the command.
            let mut rest = l;
            for _ in 0..5 {
                rest = rest.trim_start();
                rest = &rest[rest.find(char::is_whitespace).unwrap()..];
            }
            rest.trim().to_string()
        })
        .collect()
}

/// `KEY=VALUE` settings and `ExecStart=` of a systemd unit in `deploy/`.
fn unit(name: &str) -> (Vec<(String, String)>, String) {
    let text = std::fs::read_to_string(repo_root().join("deploy").join(name)).unwrap();
    let mut env = Vec::new();
    let mut exec = String::new();
    for line in text.lines() {
        if let Some(setting) = line.strip_prefix("Environment=") {
            let (k, v) = setting.split_once('=').unwrap();
            env.push((k.to_string(), v.to_string()));
        } else if let Some(command) = line.strip_prefix("ExecStart=") {
            exec = command.to_string();
        }
    }
    (env, exec)
}

fn sh(dir: &Path, env: &[(String, String)], command: &str) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .output()
        .expect("sh runs")
}

#[tokio::test]
async fn the_cron_and_timer_recipes_back_up_and_verify_with_encryption_on() {
    let db = TestDb::new(crate::support::Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let text = |out: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let owner = [("DATABASE_URL".to_string(), db.url.clone())];
    let out = sh(
        home,
        &owner,
        &format!("{BIN} demo-data --users 20 --activities 100"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = sh(home, &[], &format!("{BIN} backup keygen backup-key.txt"));
    assert!(out.status.success(), "{}", text(&out));
    let recipient = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(recipient.starts_with("age1"), "{recipient}");
    let identity = home.join("backup-key.txt").display().to_string();

    // cron: /srv/activity-challenge is this directory, with the binary as
    // ./activity-challenge and the owner's settings, encryption on, in .env.
    std::os::unix::fs::symlink(BIN, home.join("activity-challenge")).unwrap();
    std::fs::write(
        home.join(".env"),
        format!(
            "DATABASE_URL={}\nBACKUP_AGE_RECIPIENT={recipient}\nBACKUP_AGE_IDENTITY_FILE={identity}\n",
            db.url
        ),
    )
    .unwrap();
    let logs = home.join("log");
    std::fs::create_dir(&logs).unwrap();
    let commands: Vec<String> = cron_commands()
        .iter()
        .map(|c| {
            c.replace("/srv/activity-challenge", &home.display().to_string())
                .replace("/var/log/", &format!("{}/", logs.display()))
        })
        .collect();
    assert_eq!(commands.len(), 3, "{commands:?}");
    let out = sh(home, &[], &commands[0]);
    assert!(out.status.success(), "{}: {}", commands[0], text(&out));
    // A table backup taken since is not what the weekly line verifies.
    let out = sh(home, &[], "./activity-challenge backup --table activities");
    assert!(out.status.success(), "{}", text(&out));
    for command in &commands[1..] {
        let out = sh(home, &[], command);
        assert!(out.status.success(), "{command}: {}", text(&out));
    }
    let log = std::fs::read_to_string(logs.join("ac-backup.log")).unwrap();
    let written = log
        .lines()
        .find_map(|l| l.strip_prefix("backup written: "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_else(|| panic!("{log}"))
        .to_string();
    assert!(written.ends_with(".sql.gz.age"), "encrypted: {log}");
    assert!(
        log.contains(&format!("backup verified: {written}")),
        "the weekly line verifies the daily backup, encrypted:\n{log}"
    );
    assert!(
        std::fs::read_to_string(logs.join("ac-maintenance.log"))
            .unwrap()
            .contains("VACUUM ANALYZE done"),
    );

    // systemd: the backup and verify units' commands and settings, with the
    // owner's credentials and encryption on as owner.env would give them.
    let var_backups = home.join("var-backups");
    let mut done = Vec::new();
    for name in [
        "activity-challenge-backup.service",
        "activity-challenge-verify.service",
    ] {
        let (unit_env, exec) = unit(name);
        let mut env: Vec<(String, String)> = unit_env
            .into_iter()
            .map(|(k, v)| {
                let v = v.replace(
                    "/var/backups/activity-challenge",
                    &var_backups.display().to_string(),
                );
                (k, v)
            })
            .collect();
        env.extend([
            ("DATABASE_URL".to_string(), db.url.clone()),
            ("BACKUP_AGE_RECIPIENT".to_string(), recipient.clone()),
            ("BACKUP_AGE_IDENTITY_FILE".to_string(), identity.clone()),
        ]);
        let work = home.join("state");
        std::fs::create_dir_all(&work).unwrap();
        let out = sh(
            &work,
            &env,
            &exec.replace("/usr/local/bin/activity-challenge", BIN),
        );
        assert!(out.status.success(), "{name}: {exec}: {}", text(&out));
        done.push(text(&out));
    }
    assert!(done[0].contains(".sql.gz.age"), "{}", done[0]);
    assert!(
        done[1].contains("backup verified") && done[1].contains(".sql.gz.age"),
        "{}",
        done[1]
    );
}

/// The docs promise that every action is in the audit log ("every action —
/// edits, deletions, exports, cleanups, account changes from the CLI",
/// "every maintenance command"): each command that changes something, or
/// exports, leaves its entry, as the command line's actor.
#[tokio::test]
async fn every_command_that_changes_something_leaves_its_audit_entry() {
    let db = TestDb::new(crate::support::Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let url = db.url.clone();
    let run = |args: &[&str], stdin: &str| {
        let out = crate::support::cli::run_cli(dir.path(), &[("DATABASE_URL", &url)], args, stdin);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            crate::support::cli::output_text(&out)
        );
        out
    };
    let newest = || {
        psql(
            &url,
            "SELECT action || ' ' || actor_kind FROM audit_log ORDER BY id DESC LIMIT 1",
        )
    };
    let today = crate::support::today();
    let start = (today - chrono::Days::new(5)).to_string();
    let end = (today + chrono::Days::new(5)).to_string();
    let before = (today - chrono::Days::new(1)).to_string();
    std::fs::write(
        dir.path().join("import.csv"),
        format!(
            "user_id,activity_type,duration,points,activity_date\n1,Running (Vigorous),40,7.67,{before}\n"
        ),
    )
    .unwrap();
    let steps: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec![
                "competition",
                "create",
                "--name",
                "Audit Cup",
                "--start",
                &start,
                "--end",
                &end,
            ],
            "",
            "competition.create",
        ),
        (
            vec!["competition", "update", "1", "--name", "Audit Cup 2"],
            "",
            "competition.update",
        ),
        (
            vec![
                "competition",
                "create",
                "--name",
                "Later",
                "--start",
                &end,
                "--end",
                &end,
                "--inactive",
            ],
            "",
            "competition.create",
        ),
        (vec!["competition", "delete", "2"], "", "competition.delete"),
        (
            vec!["competition", "activate", "1"],
            "",
            "competition.activate",
        ),
        (
            vec!["guild", "add", "Audited", "--members", "10"],
            "",
            "guild.create",
        ),
        (
            vec!["guild", "rename", "Audited", "Audited Guild"],
            "",
            "guild.update",
        ),
        (
            vec!["guild", "set-members", "Audited Guild", "12"],
            "",
            "guild.update",
        ),
        (
            vec!["guild", "deactivate", "Audited Guild"],
            "",
            "guild.deactivate",
        ),
        (
            vec!["guild", "activate", "Audited Guild"],
            "",
            "guild.activate",
        ),
        (
            vec!["guild", "add", "Brief", "--members", "3"],
            "",
            "guild.create",
        ),
        (vec!["guild", "delete", "Brief"], "", "guild.delete"),
        (
            vec!["demo-data", "--users", "10", "--activities", "40"],
            "",
            "demo.generate",
        ),
        (
            vec!["competition", "rules", "set", "1", "--max-minutes", "15"],
            "",
            "competition.rules",
        ),
        (
            vec!["competition", "rules", "recompute", "1", "--yes"],
            "",
            "competition.recompute",
        ),
        (
            vec!["admin", "create", "auditor"],
            "long-enough-password\n",
            "admin.create",
        ),
        (
            vec!["admin", "reset-password", "auditor"],
            "another-long-password\n",
            "admin.reset_password",
        ),
        (vec!["api-token", "create", "audit"], "", "api_token.create"),
        (vec!["api-token", "revoke", "1"], "", "api_token.revoke"),
        (
            vec!["export", "participants", "--out", "p.csv"],
            "",
            "export",
        ),
        (
            vec!["import", "activities", "import.csv"],
            "",
            "import.activities",
        ),
        (
            vec!["archive", "--before", &start],
            "",
            "archive.activities",
        ),
        (vec!["backup"], "", "backup"),
        (vec!["backup", "--table", "activities"], "", "backup.tables"),
        (vec!["backup", "verify", "--newest"], "", "backup.verify"),
        (vec!["db", "vacuum", "--analyze"], "", "db.vacuum"),
        (vec!["db", "analyze", "users"], "", "db.analyze"),
        (vec!["db", "reindex", "activities"], "", "db.reindex"),
        (
            vec!["db", "kill-idle", "--older-than", "1h"],
            "",
            "db.kill_idle",
        ),
    ];
    for (args, stdin, action) in &steps {
        run(args, stdin);
        assert_eq!(newest(), format!("{action} cli"), "{args:?}");
    }
    // A repair is recorded when there was something to repair.
    psql(&url, "UPDATE users SET points = points + 1 WHERE id = 2");
    run(&["points", "check", "--repair"], "");
    assert_eq!(newest(), "points.repair cli");
    // The limited role, then a restore: the restored database records it.
    let role = format!("ac_audit_{}", std::process::id());
    run(
        &["db", "create-app-role", &role, "--password-stdin"],
        "role-password-1\n",
    );
    assert_eq!(newest(), "db.create_app_role cli");
    let backups = dir.path().join("backups");
    let file = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".sql.gz"))
        .unwrap();
    run(&["restore", file.to_str().unwrap(), "--yes"], "");
    assert_eq!(newest(), "restore cli");
    psql(&url, &format!("DROP OWNED BY {role}"));
    psql(&admin_url(), &format!("DROP ROLE IF EXISTS {role}"));
}
