//! `admin create|reset-password|list` and `export`, run as a user would.

use std::path::Path;
use std::process::Output;

use crate::support::cli::{output_text, run_cli};
use crate::support::{Backend, TestDb};

fn run(dir: &Path, db_url: &str, args: &[&str], stdin: &str) -> Output {
    run_cli(dir, &[("DATABASE_URL", db_url)], args, stdin)
}

fn text(out: &Output) -> String {
    output_text(out)
}

#[tokio::test]
async fn admins_are_created_listed_and_reset_with_passwords_from_stdin() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &db.url,
        &["admin", "create", "boss"],
        "correct horse battery\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Created admin \"boss\""));

    let short = run(
        dir.path(),
        &db.url,
        &["admin", "create", "other"],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(text(&short).contains("too short"), "{}", text(&short));
    let empty = run(dir.path(), &db.url, &["admin", "create", "other"], "");
    assert!(!empty.status.success());
    assert!(text(&empty).contains("no password on standard input"));
    let twice = run(
        dir.path(),
        &db.url,
        &["admin", "create", "boss"],
        "correct horse battery\n",
    );
    assert!(!twice.status.success());
    assert!(text(&twice).contains("already exists"), "{}", text(&twice));

    let list = run(dir.path(), &db.url, &["admin", "list"], "");
    assert!(list.status.success());
    assert!(text(&list).contains("boss") && text(&list).contains("last login never"));

    let reset = run(
        dir.path(),
        &db.url,
        &["admin", "reset-password", "boss"],
        "an entirely new phrase\n",
    );
    assert!(reset.status.success(), "{}", text(&reset));
    let creds = db.store.admin_credentials("boss").await.unwrap().unwrap();
    assert!(activity_challenge::actions::admins::verify_password(
        "an entirely new phrase",
        &creds.password_hash
    ));
    let missing = run(
        dir.path(),
        &db.url,
        &["admin", "reset-password", "ghost"],
        "an entirely new phrase\n",
    );
    assert!(!missing.status.success());
    assert!(text(&missing).contains("no admin called"));
    let actions: Vec<String> = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.actor_kind, e.action))
        .collect();
    assert!(actions.contains(&"cli admin.create".to_string()));
    assert!(actions.contains(&"cli admin.reset_password".to_string()));
}

#[tokio::test]
async fn export_writes_a_csv_file() {
    let db = TestDb::new(Backend::Sqlite).await;
    crate::support::add_guild(&db.store, "Alpha", 3).await;
    crate::support::register(&db.store, 7, "Aino", "Alpha").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    let out = run(
        dir.path(),
        &db.url,
        &["export", "participants", "--out", file.to_str().unwrap()],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("exported 1 participants rows"));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("id,telegram_id,username,"));
    assert!(csv.contains(",7,user7,Aino,,Alpha,0.00,false,"));
    let bad = run(dir.path(), &db.url, &["export", "secrets"], "");
    assert!(!bad.status.success());
    assert!(text(&bad).contains("is not an export"));
}
