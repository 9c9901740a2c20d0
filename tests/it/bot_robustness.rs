//! The bot under trouble: 429 and 500 from the Bot API, slow answers,
//! failing handlers, floods, and stopping cleanly.

use std::time::Duration;

use crate::support::fake_telegram::{Failure, Person};
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, add_guild, add_running_competition};
use activity_challenge::bot::Outcome;
use activity_challenge::bot::flood::FloodLimits;
use sea_orm::ConnectionTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_waits_retry_after_and_the_message_arrives_once() {
    let bot = TestBot::start(Backend::Postgres).await;
    let ann = Person::new(7001, "Ann");
    bot.fake
        .fail_next("sendMessage", Failure::TooManyRequests { retry_after: 1 });
    let started = std::time::Instant::now();
    bot.say(&ann, "/help").await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    let sends = bot.fake.calls_of("sendMessage");
    assert_eq!(sends.len(), 2, "one refused, one delivered");
    assert_eq!(bot.fake.shown(7001).len(), 1);
    assert!(bot.last_text(&ann).contains("How to use the bot"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_is_retried_and_the_step_completes() {
    let bot = TestBot::start(Backend::Postgres).await;
    let bo = Person::new(7002, "Bo");
    bot.say(&bo, "/start").await;
    bot.fake.fail_next("editMessageText", Failure::ServerError);
    bot.tap(&bo, "✅ Accept").await;
    assert!(bot.last_text(&bo).contains("Pick your guild"));
    assert_eq!(bot.fake.calls_of("editMessageText").len(), 2);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_answers_do_not_lose_updates() {
    let bot = TestBot::start(Backend::Postgres).await;
    let cy = Person::new(7003, "Cy");
    bot.fake
        .fail_next("sendMessage", Failure::Slow(Duration::from_millis(1500)));
    let first = bot.fake.send_text(&cy, "/help");
    let second = bot.fake.send_text(&cy, "/start");
    assert_eq!(bot.recorder.wait(first).await, Outcome::Handled);
    assert_eq!(bot.recorder.wait(second).await, Outcome::Handled);
    let texts = bot.fake.texts(7003);
    assert!(
        texts[0].contains("How to use the bot") && texts[1].contains("Terms"),
        "{texts:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_handler_apologises_shows_the_menu_and_the_bot_goes_on() {
    let bot = TestBot::start(Backend::Postgres).await;
    let di = Person::new(7004, "Di");
    bot.register(&di, "Blue Herons").await;
    // Break the database under the stats query.
    bot.db
        .store
        .connection()
        .execute_unprepared("ALTER TABLE users RENAME COLUMN points TO points_gone")
        .await
        .unwrap();
    assert_eq!(bot.say(&di, "/stats").await, Outcome::Failed);
    assert!(bot.last_text(&di).contains("Sorry, something went wrong"));
    assert!(
        bot.last_labels(&di)
            .contains(&"📝 Log activity".to_string())
            || bot.last_labels(&di).contains(&"✅ Register".to_string())
    );
    bot.db
        .store
        .connection()
        .execute_unprepared("ALTER TABLE users RENAME COLUMN points_gone TO points")
        .await
        .unwrap();
    assert_eq!(bot.say(&di, "/stats").await, Outcome::Handled);
    assert!(bot.last_text(&di).contains("Your stats"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_chat_cannot_flood_the_bot() {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 10).await;
    add_running_competition(&db.store, 1, 1).await;
    let bot = TestBot::on(
        db,
        Vec::new(),
        FloodLimits {
            burst: 3,
            per_second: 0.01,
            ..FloodLimits::default()
        },
    )
    .await;
    let ed = Person::new(7005, "Ed");
    let fi = Person::new(7006, "Fi");
    let ids: Vec<i64> = (0..6).map(|_| bot.fake.send_text(&ed, "/help")).collect();
    let mut outcomes = Vec::new();
    for id in ids {
        outcomes.push(bot.recorder.wait(id).await);
    }
    assert_eq!(
        outcomes.iter().filter(|o| **o == Outcome::Handled).count(),
        3
    );
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == Outcome::Throttled)
            .count(),
        3
    );
    let texts = bot.fake.texts(7005);
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("lot of messages"))
            .count(),
        1,
        "{texts:?}"
    );
    // Someone else is not affected.
    assert_eq!(bot.say(&fi, "/help").await, Outcome::Handled);
    bot.stop().await;
}
