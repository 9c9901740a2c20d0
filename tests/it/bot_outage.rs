//! Telegram unreachable never takes the server down: with the Bot API
//! refusing connections, hanging or refusing the token, `serve` answers
//! `/healthz`, `/readyz`, the admin panel and `/metrics` from the start;
//! the bot comes up by itself when Telegram is back, reports a refused
//! token clearly without hammering Telegram, and reconnects after losing
//! Telegram while running.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use activity_challenge::bot::{BotOptions, RetryPolicy};
use activity_challenge::metrics::BotState;
use serde_json::Value;

use crate::support::cli::{stop_with_sigterm, wait_until_healthy};
use crate::support::fake_telegram::{FakeTelegram, Outage, Person, TOKEN};
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, add_guild, add_running_competition};

/// `serve` on SQLite in `dir`, with the bot pointed at `fake`.
fn serve(dir: &std::path::Path, fake: &FakeTelegram, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_activity-challenge"))
        .arg("serve")
        .current_dir(dir)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("a.db").display()),
        )
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_WEBHOOK_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `/readyz`: its status code and body.
async fn readyz(base: &str) -> (u16, Value) {
    let r = reqwest::get(format!("{base}/readyz")).await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// One sample of `/metrics`, without labels.
async fn metric(base: &str, name: &str) -> f64 {
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} is missing from /metrics"))
}

/// Waits (up to `within`) until `/readyz` shows the bot in `state`.
async fn wait_for_bot(base: &str, state: &str, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let (_, body) = readyz(base).await;
        if body["parts"]["bot"]["state"] == state {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "the bot was not {state} within {within:?}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Everything but the bot answers at once: health, readiness (200, the
/// bot's state shown), the admin sign-in page and the metrics.
async fn everything_but_the_bot_answers(base: &str) -> Value {
    let started = Instant::now();
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
    let (status, body) = readyz(base).await;
    assert_eq!(
        status, 200,
        "the bot does not make the server unready: {body}"
    );
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["parts"]["database"]["state"], "ready");
    assert_eq!(body["parts"]["database"]["migrated"], true);
    let login = reqwest::get(format!("{base}/admin/login")).await.unwrap();
    assert_eq!(login.status(), 200);
    assert!(login.text().await.unwrap().contains("<form"));
    assert_eq!(metric(base, "activity_challenge_bot_up").await, 0.0);
    assert_eq!(metric(base, "activity_challenge_bot_enabled").await, 1.0);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the answers took {:?}",
        started.elapsed()
    );
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_while_telegram_refuses_connections_and_the_bot_comes_up_when_it_returns() {
    let mut fake = FakeTelegram::start_refusing().await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = serve(dir.path(), &fake, port);
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    assert!(wait_until_healthy(&addr).await, "the HTTP server answers");

    let body = everything_but_the_bot_answers(&base).await;
    let bot = &body["parts"]["bot"];
    assert!(
        bot["state"] == "starting" || bot["state"] == "failing",
        "{body}"
    );
    assert_eq!(bot["mode"], "long_polling");
    // The first attempt fails and says why.
    let body = wait_for_bot(&base, "failing", Duration::from_secs(10)).await;
    let bot = &body["parts"]["bot"];
    assert!(
        bot["error"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{body}"
    );
    assert!(bot["since"].is_string() && bot["next_attempt_at"].is_string());
    assert!(bot["last_poll_at"].is_null());
    assert_eq!(
        metric(&base, "activity_challenge_bot_last_poll_timestamp_seconds").await,
        0.0
    );

    // Telegram comes back: the bot comes up by itself and answers.
    tokio::time::sleep(Duration::from_secs(2)).await;
    fake.restore().await;
    let body = wait_for_bot(&base, "up", Duration::from_secs(30)).await;
    assert!(body["parts"]["bot"]["error"].is_null(), "{body}");
    let ann = Person::new(9101, "Ann");
    fake.send_text(&ann, "/start");
    assert!(
        fake.wait_until(Duration::from_secs(30), |calls| calls
            .iter()
            .any(|c| c.method == "sendMessage" && c.chat_id() == Some(9101)))
            .await,
        "the bot answered once Telegram was back"
    );
    assert_eq!(metric(&base, "activity_challenge_bot_up").await, 1.0);
    let last_poll = metric(&base, "activity_challenge_bot_last_poll_timestamp_seconds").await;
    let now = chrono::Utc::now().timestamp() as f64;
    assert!((now - last_poll).abs() < 30.0, "{last_poll} vs {now}");

    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(
        log.contains("the Telegram bot is not connected; trying again"),
        "{log}"
    );
    assert!(
        log.contains("the Telegram bot is on (long polling)"),
        "{log}"
    );
    assert!(log.contains("the Telegram bot stopped"), "{log}");
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_that_never_answers_does_not_hold_up_the_server() {
    let fake = FakeTelegram::start().await;
    fake.set_outage(Some(Outage::Hang));
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = serve(dir.path(), &fake, port);
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    assert!(wait_until_healthy(&addr).await, "the HTTP server answers");
    let body = everything_but_the_bot_answers(&base).await;
    assert_eq!(body["parts"]["bot"]["state"], "starting", "{body}");

    // The calls left hanging are answered: the bot comes up.
    fake.set_outage(None);
    wait_for_bot(&base, "up", Duration::from_secs(30)).await;
    assert_eq!(metric(&base, "activity_challenge_bot_up").await, 1.0);

    // A stop while Telegram hangs again is still prompt and clean.
    fake.set_outage(Some(Outage::Hang));
    let stopping = Instant::now();
    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(stopping.elapsed() < Duration::from_secs(20), "{log}");
    fake.set_outage(None);
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_is_reported_as_a_configuration_error_and_retried_only_slowly() {
    let fake = FakeTelegram::start().await;
    fake.set_outage(Some(Outage::Unauthorized));
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = serve(dir.path(), &fake, port);
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    assert!(wait_until_healthy(&addr).await, "the HTTP server answers");
    everything_but_the_bot_answers(&base).await;

    let body = wait_for_bot(&base, "failing", Duration::from_secs(10)).await;
    let bot = &body["parts"]["bot"];
    assert_eq!(bot["configuration_error"], true, "{body}");
    let error = bot["error"].as_str().unwrap();
    assert!(error.contains("401"), "{error}");
    assert!(error.contains("TELEGRAM_BOT_TOKEN"), "{error}");
    // The next attempt is minutes away, not seconds.
    let next: chrono::DateTime<chrono::Utc> =
        bot["next_attempt_at"].as_str().unwrap().parse().unwrap();
    assert!(
        next - chrono::Utc::now() > chrono::Duration::minutes(4),
        "{body}"
    );
    // No spinning: one refused call, and no more while we wait.
    let refused = fake.refused_calls();
    assert_eq!(refused, 1, "Telegram was asked {refused} times");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        fake.refused_calls(),
        refused,
        "the token was tried again at once"
    );
    assert_eq!(readyz(&base).await.0, 200);

    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(log.contains("a configuration error"), "{log}");
    assert!(
        log.contains("Telegram refused the bot token (401 Unauthorized)"),
        "{log}"
    );
    assert_eq!(
        log.matches("Telegram refused the bot token").count(),
        1,
        "one clear line, not a flood: {log}"
    );
    fake.set_outage(None);
    fake.stop().await;
}

/// Retries a test can wait for.
fn quick_retries() -> BotOptions {
    BotOptions {
        flood: TestBot::unhurried(),
        retry: RetryPolicy {
            first: Duration::from_millis(100),
            max: Duration::from_millis(400),
            refused: Duration::from_millis(800),
        },
        ..BotOptions::default()
    }
}

async fn wait_for_state(bot: &TestBot, state: BotState) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = bot.app.metrics.bot_status();
    while status.report().state != state {
        assert!(
            Instant::now() < deadline,
            "not {state:?} within 30 s: {:?}",
            status.report()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_that_loses_telegram_while_running_reconnects_by_itself() {
    let db = TestDb::new(Backend::Sqlite).await;
    add_guild(&db.store, "Blue Herons", 10).await;
    add_running_competition(&db.store, 1, 1).await;
    let mut bot = TestBot::with_options(db, Vec::new(), quick_retries()).await;
    let ann = Person::new(9201, "Ann");
    bot.say(&ann, "/start").await;
    assert!(bot.last_text(&ann).contains("Terms of participation"));

    // Telegram goes away under the running bot.
    bot.fake.refuse().await;
    wait_for_state(&bot, BotState::Failing).await;
    let report = bot.app.metrics.bot_status().report();
    let error = report.error.unwrap();
    assert!(error.contains("could not be reached"), "{error}");
    assert!(report.last_poll_at.is_some());
    assert!(!report.configuration_error);

    // It comes back: the bot reconnects and carries on where the person was.
    bot.fake.restore().await;
    wait_for_state(&bot, BotState::Up).await;
    bot.tap(&ann, "✅ Accept").await;
    assert!(bot.last_labels(&ann).contains(&"Blue Herons".to_string()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_while_running_is_reported_and_the_bot_comes_back_once_it_is_accepted() {
    let db = TestDb::new(Backend::Sqlite).await;
    let bot = TestBot::with_options(db, Vec::new(), quick_retries()).await;
    bot.fake.set_outage(Some(Outage::Unauthorized));
    wait_for_state(&bot, BotState::Failing).await;
    let report = bot.app.metrics.bot_status().report();
    assert!(report.configuration_error, "{report:?}");
    // Slowly: with 0.4–0.8 s between tries, a second holds at most a few.
    let before = bot.fake.refused_calls();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        bot.fake.refused_calls() - before <= 3,
        "{}",
        bot.fake.refused_calls()
    );

    bot.fake.set_outage(None);
    wait_for_state(&bot, BotState::Up).await;
    let ann = Person::new(9301, "Ann");
    bot.say(&ann, "/start").await;
    assert!(bot.last_text(&ann).contains("Terms of participation"));
    bot.stop().await;
}
