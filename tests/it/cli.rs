//! The command line, run as a user would run it.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::cli::{BIN, output_text, run_cli, stop_with_sigterm};
use crate::support::{Backend, TestDb, admin_url, postgres_url};

/// Runs the binary in `dir` with only the given variables set.
fn run(dir: &Path, vars: &[(&str, &str)], args: &[&str]) -> Output {
    run_cli(dir, vars, args, "")
}

fn text(out: &Output) -> String {
    output_text(out)
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("cli.db").display())
}

#[test]
fn help_is_available_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["migrate", "--help"],
        vec!["competition", "create", "--help"],
        vec!["guild", "add", "--help"],
        vec!["demo-data", "--help"],
        vec!["points", "check", "--help"],
        vec!["catalogue", "check", "--help"],
    ] {
        let out = run(dir.path(), &[], &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("Usage"), "{args:?}");
    }
}

#[test]
fn set_up_a_competition_from_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let env = [("DATABASE_URL", url.as_str())];

    let out = run(dir.path(), &env, &["migrate", "status"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("pending") && !text(&out).contains(" 0 pending"),
        "{}",
        text(&out)
    );
    let out = run(dir.path(), &env, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(dir.path(), &env, &["migrate", "status"]);
    assert!(
        text(&out).contains("Applied") && text(&out).contains("0 pending"),
        "{}",
        text(&out)
    );

    let out = run(
        dir.path(),
        &env,
        &["guild", "add", "Blue Herons", "--members", "40"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(
        dir.path(),
        &env,
        &["guild", "add", "Blue Herons", "--members", "40"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("already exists"), "{}", text(&out));
    let out = run(
        dir.path(),
        &env,
        &["guild", "add", "Zeros", "--members", "0"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("greater than 0"), "{}", text(&out));

    // A competition running now, whenever the test runs.
    let today = crate::support::today();
    let start = (today - chrono::Days::new(2)).to_string();
    let end = (today + chrono::Days::new(21)).to_string();
    let out = run(
        dir.path(),
        &env,
        &[
            "competition",
            "create",
            "--name",
            "Winter",
            "--start",
            "2026-12-24",
            "--end",
            "2026-12-01",
            "--time-zone",
            "Mars/Olympus",
        ],
    );
    assert!(!out.status.success());
    let t = text(&out);
    assert!(
        t.contains("--time-zone") && (t.contains("--end") || t.contains("--start")),
        "{t}"
    );

    let out = run(
        dir.path(),
        &env,
        &[
            "competition",
            "create",
            "--name",
            "Winter",
            "--start",
            &start,
            "--end",
            &end,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(dir.path(), &env, &["competition", "list"]);
    assert!(
        text(&out).contains("Winter") && text(&out).contains("[active]"),
        "{}",
        text(&out)
    );

    let out = run(
        dir.path(),
        &env,
        &["guild", "rename", "Blue Herons", "Grey Herons"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(dir.path(), &env, &["guild", "list"]);
    assert!(text(&out).contains("Grey Herons"), "{}", text(&out));
}

#[test]
fn demo_data_fills_a_database_and_totals_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let env = [("DATABASE_URL", url.as_str())];
    let out = run(
        dir.path(),
        &env,
        &["demo-data", "--users", "120", "--activities", "600"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("120 participants and 600 activities") && t.contains("rows/s"),
        "{t}"
    );
    let out = run(dir.path(), &env, &["points", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("All 120 participants"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_refused_connection_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            ("DATABASE_URL", "postgres://postgres:secret@127.0.0.1:1/x"),
            ("DATABASE_CONNECT_TIMEOUT", "1"),
        ],
        &["migrate", "status"],
    );
    assert!(!out.status.success());
    let t = text(&out);
    assert!(
        t.contains("refused the connection") && t.contains("pg_isready"),
        "{t}"
    );
    assert!(!t.contains("secret"), "the password leaked: {t}");
}

#[test]
fn a_missing_postgres_database_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let url = postgres_url("ac_no_such_database_here");
    let out = run(
        dir.path(),
        &[("DATABASE_URL", url.as_str())],
        &["migrate", "status"],
    );
    assert!(!out.status.success());
    let t = text(&out);
    assert!(
        t.contains("does not exist") && t.contains("createdb"),
        "{t}"
    );
    // The admin URL is only used to make sure the server itself is up.
    assert!(admin_url().starts_with("postgres"));
}

#[test]
fn configuration_errors_name_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("DATABASE_URL", "mysql://x/y"),
        ("LISTEN_ADDR", "eighty"),
        ("TELEGRAM_BOT_TOKEN", "abc"),
    ] {
        let out = run(dir.path(), &[(var, value)], &["migrate", "status"]);
        assert!(!out.status.success());
        assert!(text(&out).contains(var), "{var}: {}", text(&out));
    }
}

#[test]
fn a_bad_catalogue_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalogue.csv");
    std::fs::write(
        &file,
        "category,activity,intensity,code,met,description\nRunning,Running,Moderate,12020,6.5,Jog\nRunning,Sprint,Light,12030,9.0,Fast\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[],
        &["catalogue", "check", file.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("line 3"), "{}", text(&out));
    let out = run(dir.path(), &[], &["catalogue", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Swimming"), "{}", text(&out));
}

#[tokio::test]
async fn serve_answers_and_stops_gracefully_on_sigterm() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("DATABASE_URL", &db.url)
        .env("LISTEN_ADDR", &addr)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut ready = false;
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("http://{addr}/readyz")).send().await
            && r.status() == 200
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the server did not become ready");
    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "exit: {status:?}\n{log}");
    assert!(log.contains("stopped"));
}
