//! `serve` with a bot token: the bot polls, answers, and stops with the server.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::cli::{stop_with_sigterm, wait_until_healthy};
use crate::support::fake_telegram::{FakeTelegram, Person, TOKEN};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_runs_the_bot_and_stops_it_cleanly_on_sigterm() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.path().join("a.db").display()),
        )
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_WEBHOOK_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");

    let person = Person::new(9001, "Ann");
    assert!(
        fake.wait_until(Duration::from_secs(30), |calls| calls
            .iter()
            .any(|c| c.method == "deleteWebhook"))
            .await,
        "the bot switched to long polling"
    );
    fake.send_text(&person, "/start");
    assert!(
        fake.wait_until(Duration::from_secs(30), |calls| calls
            .iter()
            .any(|c| c.method == "sendMessage" && c.chat_id() == Some(9001)))
            .await,
        "the bot answered"
    );
    assert!(fake.texts(9001)[0].contains("Terms of participation"));

    // Once HTTP answers, the server (and its signal handler) is running.
    assert!(
        wait_until_healthy(&format!("127.0.0.1:{port}")).await,
        "the HTTP server answers"
    );
    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(
        log.contains("the Telegram bot is on (long polling)"),
        "{log}"
    );
    assert!(log.contains("the Telegram bot stopped"), "{log}");
    fake.stop().await;
}
