//! The HTTP server: health and readiness, graceful shutdown.

use crate::support::{Backend, TestDb, TestServer, config_for};

#[tokio::test]
async fn healthz_and_readyz_answer_on_sqlite() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(db.config()).await;
    let health = server.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let ready = server.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    // The one-word summary older checks read, and each part's details.
    assert_eq!(body["database"], "ok");
    assert_eq!(
        body["parts"]["database"],
        serde_json::json!({"state": "ready", "reachable": true, "migrated": true})
    );
    assert_eq!(body["parts"]["bot"], serde_json::json!({"state": "off"}));
    server.stop().await;
}

#[tokio::test]
async fn readyz_reports_not_ready_when_postgres_goes_away() {
    let db = TestDb::new(Backend::Postgres).await;
    let server = TestServer::start(db.config()).await;
    assert_eq!(server.get("/readyz").await.status(), 200);

    // Take the database away under the running server.
    let admin = sea_orm::Database::connect(crate::support::admin_url())
        .await
        .unwrap();
    let name = db.url.rsplit('/').next().unwrap().to_string();
    sea_orm::ConnectionTrait::execute_unprepared(
        &admin,
        &format!("DROP DATABASE {name} WITH (FORCE)"),
    )
    .await
    .unwrap();

    let ready = server.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "not ready");
    assert_eq!(body["database"], "unreachable");
    assert_eq!(body["parts"]["database"]["state"], "unreachable");
    assert_eq!(body["parts"]["database"]["reachable"], false);
    // Liveness does not depend on the database.
    assert_eq!(server.get("/healthz").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_fresh_sqlite_file_is_created_and_migrated_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("fresh.db");
    let config = config_for(&format!("sqlite://{}?mode=rwc", path.display()));
    let server = TestServer::start(config).await;
    assert!(path.exists());
    assert_eq!(server.get("/readyz").await.status(), 200);
    assert_eq!(server.app.store.count_participants().await.unwrap(), 0);
    server.stop().await;
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(db.config()).await;
    assert_eq!(server.get("/no-such-page").await.status(), 404);
    server.stop().await;
}

/// Starts the real binary with `vars` in a scratch directory.
fn spawn_server(dir: &std::path::Path, vars: &[(&str, String)]) -> std::process::Child {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_activity-challenge"));
    command
        .arg("serve")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in vars {
        command.env(k, v);
    }
    command.spawn().expect("the server starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_while_the_database_is_still_being_reached_is_graceful() {
    let dir = tempfile::tempdir().unwrap();
    let child = spawn_server(
        dir.path(),
        &[
            // Nothing listens on port 1: start-up keeps retrying.
            (
                "DATABASE_URL",
                "postgres://nobody@127.0.0.1:1/nothing".to_string(),
            ),
            ("DATABASE_CONNECT_TIMEOUT", "60".to_string()),
            ("LISTEN_ADDR", format!("127.0.0.1:{}", free_port())),
        ],
    );
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let started = std::time::Instant::now();
    let (status, log) = crate::support::cli::stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(
        log.contains("stopped before start-up had finished"),
        "{log}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "the stop did not wait for the connection attempts to give up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_the_moment_the_server_answers_is_graceful() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let addr = format!("127.0.0.1:{}", free_port());
        let child = spawn_server(
            dir.path(),
            &[
                (
                    "DATABASE_URL",
                    format!("sqlite://{}?mode=rwc", dir.path().join("a.db").display()),
                ),
                ("LISTEN_ADDR", addr.clone()),
            ],
        );
        // Poll as fast as a supervisor would, and stop at the first answer.
        let client = reqwest::Client::new();
        let mut answered = false;
        for _ in 0..2000 {
            if let Ok(r) = client.get(format!("http://{addr}/healthz")).send().await
                && r.status().is_success()
            {
                answered = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let (status, log) = crate::support::cli::stop_with_sigterm(child).await;
        assert!(answered, "{log}");
        assert!(status.success(), "{log}");
        assert!(log.contains("stopped"), "{log}");
    }
}
