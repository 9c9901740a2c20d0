//! `db` maintenance commands and the limited role, on a real PostgreSQL.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::support::cli::{output_text, run_cli};
use crate::support::{Backend, TestDb, admin_url};

fn run(dir: &Path, url: &str, args: &[&str], stdin: &str) -> Output {
    run_cli(dir, &[("DATABASE_URL", url)], args, stdin)
}

fn text(out: &Output) -> String {
    output_text(out)
}

fn psql(url: &str, sql: &str) -> Output {
    Command::new("psql")
        .args([url, "-X", "-v", "ON_ERROR_STOP=1", "-Atc", sql])
        .output()
        .expect("psql runs")
}

#[tokio::test]
async fn maintenance_commands_run_and_warn_about_heavy_locks() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["db", "vacuum", "--full", "--analyze"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("exclusive lock"), "{}", text(&out));
    let out = run(dir.path(), &db.url, &["db", "analyze", "activities"], "");
    assert!(
        text(&out).contains("ANALYZE done on activities"),
        "{}",
        text(&out)
    );
    let out = run(dir.path(), &db.url, &["db", "reindex", "activities"], "");
    assert!(
        out.status.success() && !text(&out).contains("warning"),
        "{}",
        text(&out)
    );
    let out = run(dir.path(), &db.url, &["db", "reindex"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("warning"), "{}", text(&out));
    let out = run(
        dir.path(),
        &db.url,
        &["db", "reindex", "users; DROP TABLE users"],
        "",
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("not a valid name"), "{}", text(&out));

    let out = run(dir.path(), &db.url, &["db", "health"], "");
    assert!(out.status.success(), "{}", text(&out));
    for heading in [
        "Database size",
        "Table sizes",
        "Unused indexes",
        "Duplicate indexes",
        "Cache hit ratio",
        "Dead tuples and last vacuum",
        "Connections against max_connections",
        "pg_stat_statements",
    ] {
        assert!(text(&out).contains(heading), "{heading}: {}", text(&out));
    }
    assert!(text(&out).contains("activities |"), "{}", text(&out));
}

#[tokio::test]
async fn kill_idle_ends_old_idle_sessions_of_this_database_only() {
    let db = TestDb::new(Backend::Postgres).await;
    let other = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let idle = |url: &str| {
        Command::new("psql")
            .args([url, "-X"])
            .env("PGAPPNAME", "idle_session")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut here = idle(&db.url);
    let mut there = idle(&other.url);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let out = run(
        dir.path(),
        &db.url,
        &["db", "kill-idle", "--older-than", "1s"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let count = |url: &str| {
        String::from_utf8_lossy(
            &psql(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'idle_session' AND datname = current_database()").stdout,
        )
        .trim()
        .to_string()
    };
    assert_eq!(count(&db.url), "0");
    assert_eq!(count(&other.url), "1");
    for child in [&mut here, &mut there] {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}

#[tokio::test]
async fn the_app_role_reads_and_writes_rows_but_cannot_change_the_schema() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let role = format!("ac_app_{}", std::process::id());
    let out = run(
        dir.path(),
        &db.url,
        &["db", "create-app-role", &role, "--password-stdin"],
        "s3cret-pass\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        !text(&out).contains("s3cret"),
        "the password is never echoed"
    );

    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_username(&role).unwrap();
    url.set_password(Some("s3cret-pass")).unwrap();
    let as_app = url.to_string();
    for allowed in [
        "INSERT INTO guilds (name, member_count) VALUES ('Role Guild', 5)",
        "UPDATE guilds SET member_count = 6 WHERE name = 'Role Guild'",
        "SELECT COUNT(*) FROM guilds",
        "DELETE FROM guilds WHERE name = 'Role Guild'",
    ] {
        let out = psql(&as_app, allowed);
        assert!(out.status.success(), "{allowed}: {}", text(&out));
    }
    for refused in [
        "DROP TABLE activities",
        "ALTER TABLE users ADD COLUMN nickname TEXT",
        "TRUNCATE feedback",
        "CREATE TABLE sneaky (id INT)",
    ] {
        let out = psql(&as_app, refused);
        assert!(!out.status.success(), "{refused} should be refused");
        assert!(
            text(&out).contains("permission denied") || text(&out).contains("must be owner"),
            "{refused}: {}",
            text(&out)
        );
    }
    // Tables created later by the owner are granted through the default privileges.
    assert!(
        psql(&db.url, "CREATE TABLE later_table (id INT)")
            .status
            .success()
    );
    assert!(
        psql(&as_app, "INSERT INTO later_table VALUES (1)")
            .status
            .success()
    );

    assert!(
        psql(&db.url, &format!("DROP OWNED BY {role}"))
            .status
            .success()
    );
    assert!(
        psql(&admin_url(), &format!("DROP ROLE {role}"))
            .status
            .success()
    );
}
