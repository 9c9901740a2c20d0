//! The bot in webhook mode: updates arrive as POSTs on the main server,
//! which checks Telegram's secret-token header.

use std::time::Duration;

use activity_challenge::bot::flood::FloodLimits;
use activity_challenge::web::Application;

use crate::support::fake_telegram::{FakeTelegram, Person};
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, add_guild, add_running_competition};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_updates_need_the_secret_and_are_handled() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 10).await;
    add_running_competition(&db.store, 1, 1).await;
    let bot = TestBot::on(
        db,
        vec![
            (
                "TELEGRAM_WEBHOOK_URL".into(),
                "https://bot.example.org/telegram/hook".into(),
            ),
            (
                "TELEGRAM_WEBHOOK_SECRET".into(),
                "s3cret-token_value".into(),
            ),
        ],
        FloodLimits::default(),
    )
    .await;
    let hooks = bot.fake.calls_of("setWebhook");
    assert_eq!(hooks.len(), 1);
    assert_eq!(
        hooks[0].body["url"],
        "https://bot.example.org/telegram/hook"
    );
    assert_eq!(hooks[0].body["secret_token"], "s3cret-token_value");

    let mut application = Application::with_app(bot.app.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let inbox = bot.service_ref().webhook_inbox().expect("webhook mode");
    application.mount(inbox.path().to_string(), inbox.endpoint());
    let url = format!("http://{}/telegram/hook", application.addr());
    let base = format!("http://{}", application.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let client = reqwest::Client::new();
    let ann = Person::new(8001, "Ann");
    let mut update = FakeTelegram::text_update(&ann, "/start");
    update["update_id"] = serde_json::json!(1);

    let missing = client.post(&url).json(&update).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    let wrong = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "guess")
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let garbage = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token_value")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    assert_eq!(bot.fake.texts(8001).len(), 0, "nothing reached the bot");

    let ok = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token_value")
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    bot.recorder.wait(1).await;
    assert!(bot.last_text(&ann).contains("Terms of participation"));
    // The other routes are still served beside the webhook.
    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // No long polling in webhook mode.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(bot.fake.get_updates_calls(), 0);

    let _ = stop.send(());
    server.await.unwrap().unwrap();
    bot.stop().await;
}
