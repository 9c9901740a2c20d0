//! A real Prometheus scrapes a server on PostgreSQL and one on SQLite; every
//! PromQL expression of every bundled dashboard and alert rule evaluates
//! through its HTTP API without error, and the dashboards show data for
//! everything this test created.

use std::time::Duration;

use activity_challenge::domain::DurationMinutes;
use activity_challenge::metrics::{TelegramOutcome, UpdateKind};
use serde_json::Value;

use crate::metrics_endpoint::config_with;
use crate::support::prometheus::{Prometheus, repo_root};
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition, catalogue};

/// Fills a server with what every dashboard panel shows: guilds, a running
/// competition, participants, activities, HTTP traffic and bot activity.
async fn populate(server: &TestServer, db: &TestDb, base_id: i64) {
    add_guild(&db.store, "Blue Herons", 40).await;
    add_guild(&db.store, "Falcon Club", 55).await;
    add_running_competition(&db.store, 5, 20).await;
    let today = db
        .store
        .active_competition()
        .await
        .unwrap()
        .unwrap()
        .calendar()
        .today(chrono::Utc::now());
    let catalogue = catalogue();
    let entries: Vec<_> = catalogue.entries().take(3).cloned().collect();
    for (i, guild) in ["Blue Herons", "Blue Herons", "Falcon Club"]
        .iter()
        .enumerate()
    {
        let p = activity_challenge::actions::participants::register(
            &server.app,
            activity_challenge::store::participants::NewParticipant {
                telegram_id: base_id + i as i64,
                username: None,
                first_name: "Participant".into(),
                last_name: None,
                guild: guild.to_string(),
                is_test_user: false,
            },
        )
        .await
        .unwrap()
        .participant()
        .clone();
        let actor = activity_challenge::actions::Actor::Participant {
            id: p.id,
            telegram_id: p.telegram_id,
        };
        for (j, entry) in entries.iter().enumerate() {
            activity_challenge::actions::activities::log(
                &server.app,
                &actor,
                activity_challenge::actions::activities::LogRequest {
                    participant: &p,
                    entry,
                    duration: DurationMinutes::new(30 + 5 * j as u32).unwrap(),
                    date: today,
                    idempotency_key: None,
                    note: None,
                },
            )
            .await
            .unwrap();
        }
    }
    let bot = server.app.metrics.bot();
    bot.set_enabled(true);
    // Connected: polled Telegram a moment ago.
    let status = server.app.metrics.bot_status();
    status.starting("long_polling");
    status.heard_from_telegram();
    bot.update_received(UpdateKind::Message);
    bot.handler_finished(0.03, true);
    bot.handler_finished(0.2, false);
    bot.telegram_call("sendMessage", TelegramOutcome::Ok);
    bot.telegram_call("sendMessage", TelegramOutcome::RateLimited);
    bot.telegram_retry("sendMessage");
}

/// Keeps HTTP and bot counters moving while Prometheus scrapes, so rates
/// and latency quantiles have something to show.
async fn traffic(server: &TestServer) {
    for _ in 0..3 {
        server.get("/healthz").await;
        server.get("/readyz").await;
    }
    let bot = server.app.metrics.bot();
    bot.update_received(UpdateKind::CallbackQuery);
    bot.handler_finished(0.05, true);
    bot.telegram_call("answerCallbackQuery", TelegramOutcome::Ok);
}

/// Grafana's interval variables, as Grafana would fill them in.
fn substitute(expr: &str) -> String {
    expr.replace("$__rate_interval", "30s")
        .replace("${__rate_interval}", "30s")
        .replace("$__interval", "15s")
        .replace("$__range", "5m")
}

/// Every (dashboard file, panel title, expr) of the bundled dashboards.
fn dashboard_queries() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let dir = repo_root().join("grafana/dashboards");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the three dashboards are bundled");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let dash: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        assert!(
            dash["uid"].as_str().is_some_and(|u| u.starts_with("ac-")),
            "{name} has a stable uid"
        );
        let vars = dash["templating"]["list"].as_array().unwrap();
        assert!(
            vars.iter()
                .any(|v| v["type"] == "datasource" && v["name"] == "datasource"),
            "{name} has a datasource variable"
        );
        for panel in dash["panels"].as_array().unwrap() {
            if panel["type"] == "row" {
                continue;
            }
            let title = panel["title"].as_str().unwrap().to_string();
            assert_eq!(
                panel["datasource"]["uid"], "${datasource}",
                "{name}: {title} uses the datasource variable"
            );
            for target in panel["targets"].as_array().unwrap() {
                out.push((
                    name.clone(),
                    title.clone(),
                    target["expr"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dashboard_and_rule_expression_evaluates_in_a_real_prometheus() {
    let pg = TestDb::new(Backend::Postgres).await;
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let pg_server = TestServer::start(config_with(&pg, &[])).await;
    let sqlite_server = TestServer::start(config_with(&sqlite, &[])).await;
    populate(&pg_server, &pg, 7000).await;
    populate(&sqlite_server, &sqlite, 8000).await;

    let target = |s: &TestServer| s.base_url.trim_start_matches("http://").to_string();
    let alerts = repo_root().join("grafana/prometheus/alerts.yml");
    let prometheus = Prometheus::start(
        &[
            ("app-postgres", target(&pg_server)),
            ("app-sqlite", target(&sqlite_server)),
        ],
        &[alerts],
    );
    // Traffic between scrapes, so that rates see increases.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut scraped = false;
    while std::time::Instant::now() < deadline {
        traffic(&pg_server).await;
        traffic(&sqlite_server).await;
        let ready = prometheus
            .query("count_over_time(up[1m]) >= 6 and up == 1")
            .await
            .map(|r| r.len())
            .unwrap_or(0);
        if ready == 2 {
            scraped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        scraped,
        "Prometheus did not scrape both servers; its log:\n{}",
        prometheus.log()
    );
    prometheus
        .wait_for_scrapes(&["app-postgres", "app-sqlite"], 6, Duration::from_secs(30))
        .await;

    let mut failures = Vec::new();
    for (file, title, expr) in dashboard_queries() {
        match prometheus.query(&substitute(&expr)).await {
            Err(e) => failures.push(format!("{file} / {title}: {expr}\n    error: {e}")),
            Ok(result) if result.is_empty() => {
                failures.push(format!("{file} / {title}: {expr}\n    no data"))
            }
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "dashboard queries failed:\n{}",
        failures.join("\n")
    );

    // The alert rules: loaded, evaluated without error, and each expression
    // also evaluates on its own.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let groups = loop {
        let groups = prometheus.rules().await;
        let evaluated = groups
            .iter()
            .flat_map(|g| g["rules"].as_array().unwrap().iter())
            .all(|r| {
                r["lastEvaluation"]
                    .as_str()
                    .is_some_and(|t| !t.starts_with("0001-"))
            });
        if evaluated && !groups.is_empty() {
            break groups;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rules were not evaluated: {groups:#?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let rules: Vec<&Value> = groups
        .iter()
        .flat_map(|g| g["rules"].as_array().unwrap().iter())
        .collect();
    assert_eq!(rules.len(), 8, "every bundled alert rule is loaded");
    for rule in &rules {
        let name = rule["name"].as_str().unwrap();
        assert_eq!(rule["health"], "ok", "{name}: {}", rule["lastError"]);
        let expr = rule["query"].as_str().unwrap();
        if let Err(e) = prometheus.query(expr).await {
            panic!("alert {name}: {expr}: {e}");
        }
    }
    // No backup was ever recorded, so the backup alert is on its way.
    let backup = rules.iter().find(|r| r["name"] == "BackupMissing").unwrap();
    assert_eq!(backup["state"], "pending", "{backup:#}");
    // The databases are up and the bot is connected: no down alert is.
    for name in ["PostgresDown", "DatabaseDown", "BotDown"] {
        let rule = rules.iter().find(|r| r["name"] == name).unwrap();
        assert_eq!(rule["state"], "inactive", "{name}");
    }

    drop(prometheus);
    pg_server.stop().await;
    sqlite_server.stop().await;
}

/// A quiet server without the bot: a competition and guilds, nobody
/// registered, nothing logged. Every panel of the application and
/// competition dashboards still shows a value (0), not "No data".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_server_without_the_bot_shows_zero_rather_than_no_data() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 40).await;
    add_guild(&db.store, "Falcon Club", 55).await;
    add_running_competition(&db.store, 5, 20).await;
    let server = TestServer::start(config_with(&db, &[])).await;
    assert_eq!(
        server
            .app
            .metrics
            .render(&server.app.store)
            .await
            .lines()
            .filter(|l| l.starts_with("activity_challenge_registrations_total{"))
            .count(),
        2,
        "one zero series per active guild from the first scrape"
    );

    let target = server.base_url.trim_start_matches("http://").to_string();
    let prometheus = Prometheus::start(&[("app-quiet", target)], &[]);
    prometheus
        .wait_for_scrapes(&["app-quiet"], 6, Duration::from_secs(60))
        .await;

    let mut no_data = Vec::new();
    for (file, title, expr) in dashboard_queries() {
        if file == "database-health.json" {
            continue; // scrape-time gauges, present as soon as the database answers
        }
        match prometheus.query(&substitute(&expr)).await {
            Err(e) => no_data.push(format!("{file} / {title}: {expr}\n    error: {e}")),
            Ok(result) if result.is_empty() => {
                no_data.push(format!("{file} / {title}: {expr}\n    no data"))
            }
            Ok(_) => {}
        }
    }
    assert!(
        no_data.is_empty(),
        "panels without data on a quiet server:\n{}",
        no_data.join("\n")
    );
    drop(prometheus);
    server.stop().await;
}
