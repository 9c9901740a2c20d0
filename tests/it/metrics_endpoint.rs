//! `GET /metrics`: the text format, route-pattern labels, the bearer token,
//! the dedicated listener, and promtool's lint.

use std::collections::HashMap;

use activity_challenge::config::Config;
use activity_challenge::web::Application;

use crate::support::prometheus::{find, parse_samples, promtool_check_metrics, value};
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition, register};

/// A configuration for `db` with extra variables.
pub fn config_with(db: &TestDb, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_CONNECT_TIMEOUT", "5"),
        ("METRICS_CACHE_SECONDS", "0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    Config::from_vars(&vars).expect("valid test configuration")
}

#[tokio::test]
async fn metrics_are_served_in_the_text_format_with_application_and_competition_families() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    add_guild(&db.store, "Falcon Club", 55).await;
    add_running_competition(&db.store, 3, 10).await;
    register(&db.store, 1001, "Aino", "Blue Herons").await;
    register(&db.store, 1002, "Bertil", "Blue Herons").await;
    register(&db.store, 1003, "Cecilia", "Falcon Club").await;
    let server = TestServer::start(config_with(&db, &[])).await;

    let resp = server.get("/metrics").await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4"),
    );
    let text = resp.text().await.unwrap();
    let s = parse_samples(&text);

    assert_eq!(value(&s, "activity_challenge_participants", &[]), 3.0);
    assert_eq!(
        value(
            &s,
            "activity_challenge_guild_participants",
            &[("guild", "Blue Herons")]
        ),
        2.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_guild_configured_members",
            &[("guild", "Falcon Club")]
        ),
        55.0
    );
    assert_eq!(value(&s, "activity_challenge_competition_active", &[]), 1.0);
    let calendar = db
        .store
        .active_competition()
        .await
        .unwrap()
        .unwrap()
        .calendar();
    let left = value(&s, "activity_challenge_competition_remaining_seconds", &[]);
    let expected = calendar.seconds_left(chrono::Utc::now()) as f64;
    assert!((left - expected).abs() <= 5.0, "{left} vs {expected}");
    assert_eq!(
        value(&s, "activity_challenge_competition_length_seconds", &[]),
        calendar.length_seconds() as f64
    );
    assert_eq!(value(&s, "activity_challenge_feedback", &[]), 0.0);
    assert_eq!(
        value(
            &s,
            "activity_challenge_backup_last_success_timestamp_seconds",
            &[]
        ),
        0.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
    assert_eq!(value(&s, "activity_challenge_bot_enabled", &[]), 0.0);
    assert_eq!(
        value(&s, "activity_challenge_db_pool_max_connections", &[]),
        10.0
    );
    assert!(value(&s, "activity_challenge_db_pool_connections", &[]) >= 1.0);
    // The scrape itself is in flight while it renders.
    assert_eq!(
        value(&s, "activity_challenge_http_requests_in_flight", &[]),
        1.0
    );
    // The first scrape has finished by the second one.
    let text = server.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("# TYPE activity_challenge_http_request_duration_seconds histogram"));
    server.stop().await;
}

#[tokio::test]
async fn requests_are_labelled_by_route_pattern_never_by_raw_path() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(config_with(&db, &[])).await;
    assert_eq!(server.get("/healthz").await.status(), 200);
    assert_eq!(server.get("/healthz").await.status(), 200);
    assert_eq!(server.get("/no-such-page/user-4711").await.status(), 404);

    let text = server.get("/metrics").await.text().await.unwrap();
    let s = parse_samples(&text);
    assert_eq!(
        value(
            &s,
            "activity_challenge_http_requests_total",
            &[("method", "GET"), ("route", "/healthz"), ("status", "200")]
        ),
        2.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_http_requests_total",
            &[("method", "GET"), ("route", "unmatched"), ("status", "404")]
        ),
        1.0
    );
    assert!(
        !text.contains("user-4711"),
        "a raw path leaked into a label"
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_http_request_duration_seconds_count",
            &[("method", "GET"), ("route", "/healthz")]
        ),
        2.0
    );
    server.stop().await;
}

#[tokio::test]
async fn bot_and_competition_hooks_show_up_with_bounded_labels() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(config_with(&db, &[])).await;
    let bot = server.app.metrics.bot();
    bot.update_received(activity_challenge::metrics::UpdateKind::Message);
    bot.update_received(activity_challenge::metrics::UpdateKind::CallbackQuery);
    bot.handler_finished(0.02, true);
    bot.handler_finished(0.5, false);
    bot.telegram_call(
        "sendMessage",
        activity_challenge::metrics::TelegramOutcome::Ok,
    );
    bot.telegram_call(
        "sendMessage 12345 secret",
        activity_challenge::metrics::TelegramOutcome::NetworkError,
    );
    bot.telegram_retry("sendMessage");
    server
        .app
        .metrics
        .competition()
        .participant_registered(Some("Blue Herons"));

    let text = server.get("/metrics").await.text().await.unwrap();
    let s = parse_samples(&text);
    assert_eq!(
        value(
            &s,
            "activity_challenge_bot_updates_total",
            &[("kind", "message")]
        ),
        1.0
    );
    assert_eq!(
        value(&s, "activity_challenge_bot_handler_errors_total", &[]),
        1.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_bot_handler_duration_seconds_count",
            &[]
        ),
        2.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_telegram_requests_total",
            &[("method", "other"), ("outcome", "network_error")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_telegram_retries_total",
            &[("method", "sendMessage")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &s,
            "activity_challenge_registrations_total",
            &[("guild", "Blue Herons")]
        ),
        1.0
    );
    assert!(!text.contains("12345"));
    server.stop().await;
}

#[tokio::test]
async fn a_metrics_token_is_required_when_configured() {
    let db = TestDb::new(Backend::Sqlite).await;
    let token = "s3cret-token-0123456789";
    let server = TestServer::start(config_with(&db, &[("METRICS_TOKEN", token)])).await;
    let url = format!("{}/metrics", server.base_url);

    let none = server.client.get(&url).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert!(
        none.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let wrong = server
        .client
        .get(&url)
        .bearer_auth("s3cret-token-0123456780")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = server
        .client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("activity_challenge_build_info")
    );
    // Other routes are not affected.
    assert_eq!(server.get("/healthz").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn with_metrics_addr_metrics_move_to_their_own_listener() {
    let db = TestDb::new(Backend::Sqlite).await;
    let application = Application::build(config_with(&db, &[("METRICS_ADDR", "127.0.0.1:0")]))
        .await
        .unwrap();
    let main = format!("http://{}", application.addr());
    let metrics = format!(
        "http://{}",
        application.metrics_addr().expect("metrics listener")
    );
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(application.run_until_stopped(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();

    assert_eq!(
        client
            .get(format!("{main}/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .get(format!("{main}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let resp = client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let s = parse_samples(&resp.text().await.unwrap());
    assert_eq!(
        value(
            &s,
            "activity_challenge_http_requests_total",
            &[("route", "/healthz"), ("status", "200")]
        ),
        1.0
    );
    assert_eq!(
        client
            .get(format!("{metrics}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let _ = tx.send(());
    handle.await.unwrap().unwrap();
}

#[tokio::test]
async fn promtool_has_nothing_to_say_about_the_projects_own_metrics() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let db = TestDb::new(backend).await;
        add_guild(&db.store, "Blue Herons", 40).await;
        register(&db.store, 2001, "Aino", "Blue Herons").await;
        // A running competition, so its gauges are in the scrape too.
        crate::support::add_running_competition(&db.store, 3, 3).await;
        let server = TestServer::start(config_with(&db, &[])).await;
        server.app.metrics.bot().handler_finished(0.1, false);
        server.app.metrics.bot().telegram_retry("getUpdates");
        server
            .app
            .metrics
            .competition()
            .participant_registered(Some("Blue Herons"));
        server.get("/healthz").await;
        let text = server.get("/metrics").await.text().await.unwrap();
        let complaints = promtool_check_metrics(&text);
        let ours: Vec<_> = complaints
            .iter()
            .filter(|c| c.contains("activity_challenge"))
            .collect();
        assert!(
            ours.is_empty(),
            "{backend:?}: promtool complains: {ours:#?}"
        );
        // Everything else it may say is about postgres_exporter's names, kept for compatibility.
        for c in &complaints {
            assert!(
                c.starts_with("pg_"),
                "{backend:?}: unexpected complaint {c:?}"
            );
        }
        assert!(!find(&parse_samples(&text), "activity_challenge_database_up", &[]).is_empty());
        server.stop().await;
    }
}

#[tokio::test]
async fn logging_batches_are_counted_on_postgres() {
    use activity_challenge::domain::{DurationMinutes, Points};
    use activity_challenge::store::activities::NewActivity;

    let db = TestDb::new(Backend::Postgres).await;
    let server = TestServer::start(config_with(&db, &[])).await;
    let store = server.app.store.clone();
    let text = server.get("/metrics").await.text().await.unwrap();
    assert!(
        !text.contains("activity_challenge_logging_batches_total"),
        "nothing logged yet, no batch series"
    );
    add_guild(&store, "North", 10).await;
    let id = register(&store, 42, "Ada", "North").await.id;
    let mut handles = Vec::new();
    for k in 0..20 {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            store
                .log_activity(NewActivity {
                    user_id: id,
                    activity_type: "Swimming (Moderate)".into(),
                    compendium_code: None,
                    met: None,
                    duration: DurationMinutes::new(20).unwrap(),
                    points: Points::from_cents(250),
                    description: None,
                    activity_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                    idempotency_key: Some(format!("m-{k}")),
                    source: activity_challenge::domain::ActivitySource::Typed,
                    workout: None,
                    daily_max_points: None,
                })
                .await
                .unwrap()
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let s = parse_samples(&server.get("/metrics").await.text().await.unwrap());
    assert_eq!(
        value(
            &s,
            "activity_challenge_logging_batched_activities_total",
            &[]
        ),
        20.0
    );
    let batches = value(&s, "activity_challenge_logging_batches_total", &[]);
    assert!((1.0..=20.0).contains(&batches), "{batches}");
    assert_eq!(
        value(&s, "activity_challenge_logging_batch_failures_total", &[]),
        0.0
    );
    server.stop().await;
}
