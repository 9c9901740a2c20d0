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

/// A role made with `db create-app-role`, dropped again when the test ends
/// (also when it fails).
struct AppRole {
    name: String,
    owner_url: String,
}

impl AppRole {
    fn create(dir: &Path, owner_url: &str, tag: &str) -> AppRole {
        let name = format!("ac_app_{tag}_{}", std::process::id());
        let out = run(
            dir,
            owner_url,
            &["db", "create-app-role", &name, "--password-stdin"],
            "role-pass-123\n",
        );
        assert!(out.status.success(), "{}", text(&out));
        AppRole {
            name,
            owner_url: owner_url.to_string(),
        }
    }

    fn url(&self) -> String {
        let mut url = url::Url::parse(&self.owner_url).unwrap();
        url.set_username(&self.name).unwrap();
        url.set_password(Some("role-pass-123")).unwrap();
        url.to_string()
    }
}

impl Drop for AppRole {
    fn drop(&mut self) {
        let _ = psql(&self.owner_url, &format!("DROP OWNED BY {}", self.name));
        let _ = psql(&admin_url(), &format!("DROP ROLE IF EXISTS {}", self.name));
    }
}

/// A minimal cookie-keeping client for the admin panel of a server run as
/// a separate process.
struct Browser {
    base: String,
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn new(base: String) -> Browser {
        Browser {
            base,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn keep(&mut self, response: reqwest::Response) -> (u16, String) {
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        (response.status().as_u16(), response.text().await.unwrap())
    }

    async fn get(&mut self, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(response).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep(response).await
    }
}

fn csrf_of(page: &str) -> String {
    let start = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limited_role_runs_the_server_and_commands_and_only_the_owner_migrates() {
    use crate::support::cli::{stop_with_sigterm, wait_until_healthy};
    use crate::support::fake_telegram::{FakeTelegram, Person, TOKEN};

    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let role = AppRole::create(dir.path(), &db.url, "serve");
    let as_role = role.url();

    // Every command that changes rows, not the schema, runs as the role.
    let today = crate::support::today();
    for args in [
        vec![
            "competition",
            "create",
            "--name",
            "Role Challenge",
            "--start",
            &(today - chrono::Days::new(3)).to_string(),
            "--end",
            &(today + chrono::Days::new(10)).to_string(),
        ],
        vec!["guild", "add", "Blue Herons", "--members", "40"],
        vec!["guild", "list"],
        vec!["migrate", "status"],
        vec!["points", "check"],
    ]
    .iter()
    .map(|a| a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(dir.path(), &as_role, &args, "");
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
    let out = run(dir.path(), &as_role, &["migrate", "status"], "");
    assert!(text(&out).contains("0 pending"), "{}", text(&out));
    let out = run(
        dir.path(),
        &as_role,
        &["api-token", "create", "role test"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();

    // The server, as the role: the bot, the admin panel and the API.
    let fake = FakeTelegram::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(crate::support::cli::BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &as_role)
        .env("LISTEN_ADDR", &addr)
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("ADMIN_USERNAME", "organiser")
        .env("ADMIN_PASSWORD", "correct horse battery")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    if !wait_until_healthy(&addr).await {
        let (_, log) = stop_with_sigterm(child).await;
        panic!("the server did not come up as the limited role:\n{log}");
    }
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "{}", ready.text().await.unwrap());

    // The bot registers a participant (rows written as the role).
    let person = Person::new(4242, "Aino");
    let wait_for = |fake: &FakeTelegram, what: &str, ok: &dyn Fn(&FakeTelegram) -> bool| {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !ok(fake) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            ok(fake),
            "the bot should show {what}; it shows {:?}",
            fake.last_shown(4242)
        );
    };
    fake.send_text(&person, "/start");
    for (label, next) in [("✅ Accept", "Blue Herons"), ("Blue Herons", "✅ Join")] {
        wait_for(&fake, label, &|f| f.find_button(4242, label).is_some());
        fake.tap(&person, label);
        wait_for(&fake, next, &|f| f.find_button(4242, next).is_some());
    }
    fake.tap(&person, "✅ Join");
    wait_for(&fake, "the registration", &|f| {
        f.last_shown(4242)
            .is_some_and(|m| m.text.contains("You are registered"))
    });
    assert_eq!(
        psql_value(
            &db.url,
            "SELECT COUNT(*) FROM users WHERE telegram_id = 4242"
        ),
        "1"
    );

    // The admin panel: the initial admin was created as the role; log in.
    let mut browser = Browser::new(base.clone());
    let (status, form) = browser.get("/admin/login").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&form);
    let (status, _) = browser
        .post(
            "/admin/login",
            &[
                ("username", "organiser"),
                ("password", "correct horse battery"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(status, 303, "the login redirects to the dashboard");
    let (status, page) = browser.get("/admin/guilds").await;
    assert_eq!(status, 200);
    assert!(page.contains("Blue Herons"), "{page}");

    // The API: public and admin parts.
    let standings: serde_json::Value = http
        .get(format!("{base}/api/v1/standings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(standings["items"][0]["name"], "Blue Herons", "{standings}");
    let created = http
        .post(format!("{base}/api/v1/admin/guilds"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Falcon Club", "member_count": 55}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());

    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    fake.stop().await;
    assert!(
        !log.contains("already exists, skipping"),
        "a start on a current schema creates nothing and logs no notices:\n{log}"
    );
    assert!(!log.contains("database migration"), "{log}");

    // A version with a migration the database lacks: the role refuses to
    // start and says which one and what to do; the owner applies it.
    let out = run(
        dir.path(),
        &db.url,
        &["migrate", "down", "--steps", "1"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let newest = <migration::Migrator as migration::MigratorTrait>::migrations()
        .last()
        .map(|m| migration::MigrationName::name(m.as_ref()).to_string())
        .unwrap();
    let newest = newest.as_str();
    let applied = psql_value(
        &db.url,
        &format!("SELECT COUNT(*) FROM seaql_migrations WHERE version = '{newest}'"),
    );
    assert_eq!(applied, "0", "{newest} was rolled back");
    for args in [&["serve"][..], &["guild", "list"], &["migrate"]] {
        let out = run_cli(
            dir.path(),
            &[("DATABASE_URL", &as_role), ("LISTEN_ADDR", "127.0.0.1:0")],
            args,
            "",
        );
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        let said = text(&out);
        assert!(
            said.contains(newest)
                && said.contains("activity-challenge migrate")
                && said.contains("owner"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("permission denied"), "{args:?}: {said}");
    }
    let out = run(dir.path(), &as_role, &["migrate", "status"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Pending  {newest}")),
        "{}",
        text(&out)
    );
    let out = run_cli(
        dir.path(),
        &[("DATABASE_URL", &db.url), ("RUST_LOG", "info")],
        &["migrate"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(newest), "{}", text(&out));
    assert!(
        !text(&out).contains("already exists, skipping"),
        "{}",
        text(&out)
    );
    let out = run(dir.path(), &as_role, &["guild", "list"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Falcon Club"), "{}", text(&out));
}

fn psql_value(url: &str, sql: &str) -> String {
    let out = psql(url, sql);
    assert!(out.status.success(), "{sql}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test]
async fn refusals_name_the_right_flag_and_say_it_once() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let count = |said: &str, needle: &str| said.matches(needle).count();

    let out = run(dir.path(), &db.url, &["db", "reindex", "nosuchtable"], "");
    assert!(!out.status.success());
    assert_eq!(count(&text(&out), "nosuchtable"), 1, "{}", text(&out));
    assert_eq!(text(&out).lines().count(), 1, "{}", text(&out));

    let out = run(
        dir.path(),
        &db.url,
        &["db", "kill-idle", "--older-than", "5"],
        "",
    );
    assert!(
        !out.status.success(),
        "a number without its unit is refused"
    );
    assert!(text(&out).contains("with its unit"), "{}", text(&out));

    let out = run(
        dir.path(),
        &db.url,
        &["guild", "add", "Zeros", "--members", "0"],
        "",
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("--members:") && !text(&out).contains("member-count"),
        "{}",
        text(&out)
    );
}
