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
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
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
