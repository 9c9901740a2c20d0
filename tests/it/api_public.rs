//! The public JSON API: competition, standings, leaderboard, catalogue;
//! caching, JSON errors, CORS and the spec.

use std::collections::HashMap;

use activity_challenge::config::Config;
use activity_challenge::domain::DurationMinutes;
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use serde_json::Value;

use crate::each_backend;
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition, register};

/// A configuration for `db` plus `extra` variables.
pub fn api_config(db: &TestDb, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_CONNECT_TIMEOUT", "5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    Config::from_vars(&vars).expect("test configuration is valid")
}

/// Logs `minutes` of the first catalogue entry for `user_id`, `days_ago` days ago.
pub async fn log(store: &Store, user_id: i64, minutes: u32, days_ago: u64) {
    let catalogue = crate::support::catalogue();
    let entry = catalogue.entries().next().unwrap();
    let today = crate::support::today();
    let date = today - chrono::Days::new(days_ago);
    store
        .log_activity(NewActivity::from_catalogue(
            user_id,
            entry,
            DurationMinutes::new(minutes).unwrap(),
            date,
            None,
        ))
        .await
        .expect("activity logged");
}

async fn json(resp: reqwest::Response) -> Value {
    resp.json().await.expect("JSON body")
}

async fn seeded(backend: Backend) -> (TestDb, TestServer) {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    add_guild(&db.store, "Athene", 5).await;
    add_running_competition(&db.store, 5, 10).await;
    let aino = register(&db.store, 1001, "Aino", "Tietokilta").await;
    let bo = register(&db.store, 1002, "Bo", "Athene").await;
    register(&db.store, 1003, "Cai", "Athene").await;
    log(&db.store, aino.id, 60, 1).await;
    log(&db.store, bo.id, 30, 0).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    (db, server)
}

async fn public_reads_answer_with_data(backend: Backend) {
    let (_db, server) = seeded(backend).await;

    let resp = server.get("/api/v1/competition").await;
    assert_eq!(resp.status(), 200);
    let c = json(resp).await;
    assert_eq!(c["name"], "Test Challenge");
    assert_eq!(c["phase"], "running");
    assert_eq!(c["total_days"], 16);
    assert_eq!(c["days_left"], 10);

    let s = json(server.get("/api/v1/standings").await).await;
    assert_eq!(s["total"], 2);
    assert_eq!(s["items"].as_array().unwrap().len(), 2);
    assert_eq!(s["items"][0]["rank"], 1);

    let l = json(server.get("/api/v1/leaderboard?limit=2").await).await;
    assert_eq!(l["total"], 3);
    assert_eq!(l["limit"], 2);
    let items = l["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["first_name"], "Aino");
    assert_eq!(items[0]["guild"], "Tietokilta");
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(items[1]["first_name"], "Bo");
    // Nothing that identifies an account.
    let keys: Vec<_> = items[0].as_object().unwrap().keys().cloned().collect();
    // rank, first name, guild, points, and whether the person is anonymous.
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(items[0]["anonymous"], false);
    for forbidden in ["telegram_id", "username", "last_name", "user_id", "id"] {
        assert!(items[0].get(forbidden).is_none(), "{forbidden} leaked");
    }
    let page2 = json(server.get("/api/v1/leaderboard?limit=2&offset=2").await).await;
    assert_eq!(page2["items"][0]["first_name"], "Cai");
    assert_eq!(page2["items"][0]["rank"], 3);

    let cat = json(server.get("/api/v1/catalogue?limit=5").await).await;
    assert_eq!(cat["items"].as_array().unwrap().len(), 5);
    assert_eq!(
        cat["total"].as_u64().unwrap() as usize,
        crate::support::catalogue().len()
    );
    server.stop().await;
}

each_backend!(
    #[tokio::test]
    public_reads_answer_with_data
);

#[tokio::test]
async fn public_reads_carry_an_etag_and_answer_304() {
    let (_db, server) = seeded(Backend::Sqlite).await;
    let resp = server.get("/api/v1/standings").await;
    assert_eq!(
        resp.headers()["cache-control"].to_str().unwrap(),
        "public, max-age=1"
    );
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    let again = server
        .client
        .get(format!("{}/api/v1/standings", server.base_url))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.text().await.unwrap(), "");
    let other = server
        .client
        .get(format!("{}/api/v1/standings", server.base_url))
        .header("If-None-Match", "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn errors_are_json_with_stable_codes() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    for (path, status, code) in [
        ("/api/v1/competition", 404, "no_active_competition"),
        ("/api/v1/leaderboard?limit=0", 400, "bad_request"),
        ("/api/v1/leaderboard?limit=abc", 400, "bad_request"),
        ("/api/v1/no-such-thing", 404, "not_found"),
        ("/api/nothing", 404, "not_found"),
        ("/api/v1/me", 401, "mini_app_unavailable"),
    ] {
        let resp = server.get(path).await;
        assert_eq!(resp.status(), status, "{path}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
        let body = json(resp).await;
        assert_eq!(body["code"], code, "{path}: {body}");
        assert!(!body["message"].as_str().unwrap().is_empty(), "{path}");
    }
    let resp = server
        .client
        .post(format!("{}/api/v1/standings", server.base_url))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 405);
    assert_eq!(json(resp).await["code"], "method_not_allowed");
    server.stop().await;
}

#[tokio::test]
async fn cors_is_closed_by_default_and_opens_for_configured_origins() {
    let db = TestDb::new(Backend::Sqlite).await;
    let closed = TestServer::start(api_config(&db, &[])).await;
    let resp = closed
        .client
        .get(format!("{}/api/v1/catalogue", closed.base_url))
        .header("Origin", "https://stats.example.org")
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    closed.stop().await;

    let open = TestServer::start(api_config(
        &db,
        &[("API_CORS_ORIGINS", "https://stats.example.org")],
    ))
    .await;
    let resp = open
        .client
        .get(format!("{}/api/v1/catalogue", open.base_url))
        .header("Origin", "https://stats.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        "https://stats.example.org"
    );
    let resp = open
        .client
        .get(format!("{}/api/v1/catalogue", open.base_url))
        .header("Origin", "https://evil.example.org")
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    open.stop().await;
}

#[tokio::test]
async fn spec_and_docs_are_served_and_requests_are_labelled_by_pattern() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(api_config(&db, &[])).await;
    let spec = json(server.get("/api/openapi.json").await).await;
    assert_eq!(spec["servers"][0]["url"], "/api/v1");
    assert!(spec["paths"]["/leaderboard"]["get"].is_object());
    let docs = server.get("/api/docs").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
    server.get("/api/v1/catalogue").await;
    server.get("/api/v1/unknown-42").await;
    let metrics = server.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(r#"route="/api/v1/catalogue""#),
        "API routes are labelled by pattern"
    );
    assert!(
        !metrics.contains("unknown-42"),
        "raw paths never become labels"
    );
    server.stop().await;
}

#[test]
fn the_spec_in_the_repository_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let current = activity_challenge::web::api::spec_json();
    assert!(
        committed.trim_end() == current.trim_end(),
        "docs/openapi.json is out of date with the API code. Regenerate it with:\n  \
         cargo run -q -- api spec > docs/openapi.json"
    );
}

/// The standings' trend counts only the last seven days' points, per
/// configured member, as the average does.
#[tokio::test]
async fn standings_show_the_last_weeks_gain() {
    let (db, server) = seeded(Backend::Sqlite).await;
    let s = json(server.get("/api/v1/standings").await).await;
    for item in s["items"].as_array().unwrap() {
        // Everything so far was logged this week.
        assert_eq!(item["week_gain"], item["average"], "{item}");
    }
    let cai = db
        .store
        .participant_by_telegram_id(1003)
        .await
        .unwrap()
        .unwrap();
    log(&db.store, cai.id, 120, 9).await;
    let s = json(server.get("/api/v1/standings").await).await;
    let athene = s["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Athene")
        .unwrap()
        .clone();
    assert_ne!(athene["week_gain"], athene["average"], "{athene}");
    let gain: f64 = athene["week_gain"].as_str().unwrap().parse().unwrap();
    let average: f64 = athene["average"].as_str().unwrap().parse().unwrap();
    assert!(gain < average && gain > 0.0, "{athene}");
}
