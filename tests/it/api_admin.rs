//! The admin JSON API with bearer tokens: guilds CRUD, participant lookup,
//! CSV exports; tokens from the CLI, revocation.

use std::process::Command;

use reqwest::Method;
use serde_json::Value;

use super::api_public::{api_config, log};
use crate::each_backend;
use crate::support::{Backend, TestDb, TestServer, add_guild, register};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");

async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    let mut req = server
        .client
        .request(method, format!("{}/api/v1{}", server.base_url, path));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

fn code(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    v["code"].as_str().unwrap_or_default().to_string()
}

async fn guilds_can_be_managed_with_a_token(backend: Backend) {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let token = db.store.create_api_token("tests").await.unwrap().secret;
    let t = Some(token.as_str());

    let (status, body) = call(&server, Method::GET, "/admin/guilds", t, None).await;
    assert_eq!(status, 200, "{body}");
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total"], 1);

    let (status, body) = call(
        &server,
        Method::POST,
        "/admin/guilds",
        t,
        Some(r#"{"name":"Athene","member_count":40}"#),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(created["name"], "Athene");
    assert_eq!(created["active"], true);
    let id = created["id"].as_i64().unwrap();

    let (status, body) = call(
        &server,
        Method::PUT,
        &format!("/admin/guilds/{id}"),
        t,
        Some(r#"{"name":"Athene ry","member_count":45,"active":false}"#),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let guild = db.store.guild(id).await.unwrap();
    assert_eq!(
        (guild.name.as_str(), guild.member_count, guild.active),
        ("Athene ry", 45, false)
    );

    let (status, body) = call(
        &server,
        Method::GET,
        &format!("/admin/guilds/{id}"),
        t,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Athene ry"));

    let (status, _) = call(
        &server,
        Method::DELETE,
        &format!("/admin/guilds/{id}"),
        t,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(db.store.list_guilds().await.unwrap().len(), 1);
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.actor == "api-token:tests" && e.action == "guild.delete"),
        "{audit:?}"
    );
    server.stop().await;
}

each_backend!(
    #[tokio::test]
    guilds_can_be_managed_with_a_token
);

#[tokio::test]
async fn bad_requests_are_refused_and_write_nothing() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let token = db.store.create_api_token("tests").await.unwrap().secret;
    let t = Some(token.as_str());
    let audit_before = db.store.count_audit(&Default::default()).await.unwrap();

    for (method, path, body, status, expected) in [
        (
            Method::POST,
            "/admin/guilds",
            "{not json",
            400,
            "bad_request",
        ),
        (
            Method::POST,
            "/admin/guilds",
            r#"{"name":"X"}"#,
            400,
            "bad_request",
        ),
        (
            Method::POST,
            "/admin/guilds",
            r#"{"name":"  ","member_count":5}"#,
            422,
            "invalid_guild",
        ),
        (
            Method::POST,
            "/admin/guilds",
            r#"{"name":"Zero","member_count":0}"#,
            400,
            "bad_request",
        ),
        (
            Method::POST,
            "/admin/guilds",
            r#"{"name":"Tietokilta","member_count":5}"#,
            409,
            "conflict",
        ),
        (
            Method::PUT,
            "/admin/guilds/999",
            r#"{"name":"Ghost","member_count":5}"#,
            404,
            "not_found",
        ),
        (Method::DELETE, "/admin/guilds/999", "", 404, "not_found"),
        (Method::GET, "/admin/guilds/999", "", 404, "not_found"),
        (Method::GET, "/admin/guilds/abc", "", 400, "bad_request"),
        (
            Method::GET,
            "/admin/exports/passwords",
            "",
            404,
            "unknown_export",
        ),
    ] {
        let body = (!body.is_empty()).then_some(body);
        let (got, text) = call(&server, method.clone(), path, t, body).await;
        assert_eq!(got, status, "{method} {path}: {text}");
        assert_eq!(code(&text), expected, "{method} {path}: {text}");
    }
    let guilds = db.store.list_guilds().await.unwrap();
    assert_eq!(guilds.len(), 1);
    assert_eq!(guilds[0].member_count, 10);
    assert_eq!(
        db.store.count_audit(&Default::default()).await.unwrap(),
        audit_before
    );
    server.stop().await;
}

#[tokio::test]
async fn missing_unknown_and_revoked_tokens_get_401() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let created = db.store.create_api_token("soon revoked").await.unwrap();
    let secret = created.secret.clone();
    assert!(
        !db.store
            .list_api_tokens()
            .await
            .unwrap()
            .iter()
            .any(|t| format!("{t:?}").contains(&secret)),
        "the secret is not stored"
    );
    let (status, _) = call(&server, Method::GET, "/admin/guilds", Some(&secret), None).await;
    assert_eq!(status, 200);
    db.store.revoke_api_token(created.token.id).await.unwrap();

    for (token, expected) in [
        (None, "missing_token"),
        (Some("acapi_nonsense"), "invalid_token"),
        (Some(secret.as_str()), "invalid_token"),
    ] {
        let (status, body) = call(
            &server,
            Method::POST,
            "/admin/guilds",
            token,
            Some(r#"{"name":"Sneaky","member_count":3}"#),
        )
        .await;
        assert_eq!(status, 401, "{token:?}: {body}");
        assert_eq!(code(&body), expected, "{token:?}: {body}");
    }
    assert_eq!(db.store.list_guilds().await.unwrap().len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn participants_can_be_looked_up_and_exports_stream_csv() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    let aino = register(&db.store, 1001, "Aino", "Tietokilta").await;
    register(&db.store, 1002, "Bo", "Tietokilta").await;
    log(&db.store, aino.id, 45, 0).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let token = db.store.create_api_token("tests").await.unwrap().secret;
    let t = Some(token.as_str());

    let (status, body) = call(&server, Method::GET, "/admin/participants?q=ain", t, None).await;
    assert_eq!(status, 200, "{body}");
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["telegram_id"], 1001);

    let resp = server
        .client
        .get(format!(
            "{}/api/v1/admin/exports/activities",
            server.base_url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let csv = resp.text().await.unwrap();
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].contains("user1001") && lines[1].contains(",45,"),
        "{csv}"
    );
    server.stop().await;
}

#[test]
fn tokens_are_created_listed_and_revoked_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cli.db?mode=rwc", dir.path().display());
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env_clear()
            .env("DATABASE_URL", &url)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let created = run(&["api-token", "create", "nightly export"]);
    assert!(created.status.success(), "{created:?}");
    let secret = String::from_utf8(created.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(
        secret.starts_with("acapi_") && secret.len() == 70,
        "{secret}"
    );
    let listed = String::from_utf8(run(&["api-token", "list"]).stdout).unwrap();
    assert!(
        listed.contains("nightly export") && listed.contains("active"),
        "{listed}"
    );
    assert!(
        !listed.contains(&secret[10..]),
        "the list never shows secrets"
    );
    let revoked = run(&["api-token", "revoke", "1"]);
    assert!(revoked.status.success(), "{revoked:?}");
    let again = run(&["api-token", "revoke", "1"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already revoked"));
    let listed = String::from_utf8(run(&["api-token", "list"]).stdout).unwrap();
    assert!(listed.contains("revoked"), "{listed}");
}

/// Backups can be listed and taken with a token, and each is audited.
#[tokio::test]
async fn backups_are_listed_and_taken_with_a_token() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = api_config(&db, &[]);
    config.backup.dir = dir.path().to_path_buf();
    let server = TestServer::start(config).await;
    let token = db.store.create_api_token("backups").await.unwrap().secret;
    let t = Some(token.as_str());

    let (status, body) = call(&server, Method::GET, "/admin/backups", None, None).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = call(&server, Method::GET, "/admin/backups", t, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["total"], 0);

    let (status, body) = call(
        &server,
        Method::POST,
        "/admin/backups?format=custom",
        t,
        None,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let taken: Value = serde_json::from_str(&body).unwrap();
    let name = taken["name"].as_str().unwrap().to_string();
    assert!(
        name.starts_with("backup-") && name.ends_with(".dump"),
        "{name}"
    );
    assert!(dir.path().join(&name).is_file());

    let (status, body) = call(&server, Method::POST, "/admin/backups?format=zip", t, None).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".dump"))
            .count(),
        1
    );

    let (_, body) = call(&server, Method::GET, "/admin/backups", t, None).await;
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], name.as_str());
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "backup" && e.actor == "api-token:backups")
    );
}
