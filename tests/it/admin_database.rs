//! The Database page: health figures, confirmed and audited maintenance,
//! and backups made, listed, downloaded and verified from the browser.

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, register};

async fn client_with_backup_dir(db: &TestDb, dir: &std::path::Path) -> AdminClient {
    let mut config = db.config();
    config.backup.dir = dir.to_path_buf();
    AdminClient::logged_in(config).await
}

#[tokio::test]
async fn the_database_page_needs_a_session_and_shows_the_health_report() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let anonymous = AdminClient::start(db.config()).await;
    let page = anonymous.get("/admin/database").await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(page.location().starts_with("/admin/login"));
    anonymous.stop().await;

    let client = client_with_backup_dir(&db, dir.path()).await;
    let page = client.get("/admin/database").await;
    assert_eq!(page.status, 200);
    for text in [
        "PostgreSQL",
        "Database size",
        "Back up now",
        "No backups yet",
        "End idle connections",
    ] {
        assert!(page.body.contains(text), "{text} missing");
    }
    client.stop().await;
}

#[tokio::test]
async fn backups_are_made_listed_downloaded_and_verified() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "North", 10).await;
    register(&db.store, 1, "Ann", "North").await;
    let dir = tempfile::tempdir().unwrap();
    let client = client_with_backup_dir(&db, dir.path()).await;
    client.get("/admin/database").await;

    // No token, no backup.
    let page = client
        .post_without_csrf("/admin/database/backups", &[("format", "plain")])
        .await;
    assert_eq!(page.status, 403);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let page = client
        .post("/admin/database/backups", &[("format", "custom")])
        .await;
    assert_eq!(page.status, 303);
    assert!(
        page.flash().unwrap().contains("backup written"),
        "{:?}",
        page.flash()
    );
    let name = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".dump"))
        .expect("a backup file");
    assert!(client.audit_actions().await.contains(&"backup".to_string()));

    let page = client.get("/admin/database").await;
    assert!(page.body.contains(&name));
    let download = client.get(&format!("/admin/database/backups/{name}")).await;
    assert_eq!(download.status, 200);
    // A custom-format dump starts with its magic; the name comes with it.
    assert!(download.body.starts_with("PGDMP"));
    let disposition = download
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(disposition.contains(&name), "{disposition}");
    assert_eq!(
        client
            .get("/admin/database/backups/..%2F..%2Fetc%2Fpasswd")
            .await
            .status,
        404
    );
    assert_eq!(
        client.get("/admin/database/backups/notes.txt").await.status,
        404
    );

    let page = client
        .post("/admin/database/backups/verify", &[("file", &name)])
        .await;
    assert!(
        page.flash()
            .unwrap()
            .contains("restores to exactly what it recorded"),
        "{:?}",
        page.flash()
    );
    let page = client
        .post(
            "/admin/database/backups/verify",
            &[("file", "backup-nothing.dump")],
        )
        .await;
    assert!(
        page.flash().unwrap().contains("Pick a backup"),
        "{:?}",
        page.flash()
    );
    client.stop().await;
}

#[tokio::test]
async fn heavy_maintenance_needs_confirmation_and_is_audited() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let client = client_with_backup_dir(&db, dir.path()).await;
    client.get("/admin/database").await;

    let page = client
        .post(
            "/admin/database/maintenance",
            &[("action", "vacuum-full"), ("table", "activities")],
        )
        .await;
    assert!(
        page.flash().unwrap().contains("Tick the confirmation"),
        "{:?}",
        page.flash()
    );
    assert!(
        !client
            .audit_actions()
            .await
            .iter()
            .any(|a| a.starts_with("db."))
    );

    let page = client
        .post(
            "/admin/database/maintenance",
            &[
                ("action", "vacuum-full"),
                ("table", "activities"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert!(
        page.flash()
            .unwrap()
            .contains("finished on table activities"),
        "{:?}",
        page.flash()
    );
    let page = client
        .post(
            "/admin/database/maintenance",
            &[("action", "analyze"), ("table", "")],
        )
        .await;
    assert!(
        page.flash()
            .unwrap()
            .contains("finished on the whole database"),
        "{:?}",
        page.flash()
    );
    let page = client
        .post(
            "/admin/database/maintenance",
            &[("action", "analyze"), ("table", "users; DROP TABLE users")],
        )
        .await;
    assert!(
        page.flash().unwrap().contains("There is no table"),
        "{:?}",
        page.flash()
    );
    let page = client
        .post("/admin/database/maintenance", &[("action", "explode")])
        .await;
    assert!(
        page.flash().unwrap().contains("Choose analyze"),
        "{:?}",
        page.flash()
    );

    let page = client
        .post(
            "/admin/database/kill-idle",
            &[("minutes", "0"), ("confirm", "yes")],
        )
        .await;
    assert!(
        page.flash().unwrap().contains("whole minutes"),
        "{:?}",
        page.flash()
    );
    let page = client
        .post(
            "/admin/database/kill-idle",
            &[("minutes", "5"), ("confirm", "yes")],
        )
        .await;
    assert!(
        page.flash().unwrap().contains("Ended"),
        "{:?}",
        page.flash()
    );

    let actions = client.audit_actions().await;
    for action in ["db.vacuum", "db.analyze", "db.kill_idle"] {
        assert!(
            actions.contains(&action.to_string()),
            "{action} not audited: {actions:?}"
        );
    }
    client.stop().await;
}

#[tokio::test]
async fn the_database_page_works_on_sqlite_too() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let client = client_with_backup_dir(&db, dir.path()).await;
    let page = client.get("/admin/database").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("SQLite"));
    assert!(!page.body.contains("End idle connections"));
    let page = client
        .post("/admin/database/backups", &[("format", "plain")])
        .await;
    assert!(
        page.flash().unwrap().contains("backup written"),
        "{:?}",
        page.flash()
    );
    client.stop().await;
}
