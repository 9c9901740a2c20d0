//! Fairness between chats: one chat sending far too much, too fast, is
//! dropped as its updates arrive (with one notice), so that other chats
//! stay responsive, groups get one answer at most, and a stop finishes
//! within the service manager's patience however much is queued.
//!
//! The bot runs as in production: Telegram's pacing (one message a second
//! per chat) and the default flood limits.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::cli::{stop_with_sigterm, wait_until_healthy};
use crate::support::fake_telegram::{FakeTelegram, Person, TOKEN};
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, register};
use activity_challenge::bot::Outcome;
use activity_challenge::i18n::Language::English;

/// The shipped systemd unit's `TimeoutStopSec`.
const UNIT_STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// How long `chat` waited for its first answer after `since`, if one came
/// within `limit`.
async fn answer_time(
    bot: &TestBot,
    chat: i64,
    since: Instant,
    limit: Duration,
) -> Option<Duration> {
    let answered = bot
        .fake
        .wait_until(limit, |calls| {
            calls
                .iter()
                .any(|c| c.method == "sendMessage" && c.chat_id() == Some(chat) && c.at >= since)
        })
        .await;
    answered.then(|| bot.fake.first_send_after(chat, since).expect("answered") - since)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_chat_sending_200_messages_does_not_hold_up_another() {
    let bot = TestBot::start(Backend::Postgres).await;
    let flooder = Person::new(8001, "Flo");
    let other = Person::new(8002, "Oti");
    let third = Person::new(8003, "Tia");
    register(&bot.db.store, flooder.id, "Flo", "Blue Herons").await;

    let flood = (0..200)
        .map(|_| FakeTelegram::text_update(&flooder, "running 30"))
        .collect();
    let flooded_at = Instant::now();
    let ids = bot.fake.enqueue_many(flood);

    // Another chat asks for help 0.3 s into the flood, a third one 3 s in.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = Instant::now();
    bot.fake.send_text(&other, "/help");
    let early = answer_time(&bot, other.id, asked, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(3).saturating_sub(flooded_at.elapsed())).await;
    let asked = Instant::now();
    bot.fake.send_text(&third, "/help");
    let late = answer_time(&bot, third.id, asked, Duration::from_secs(60)).await;
    eprintln!(
        "while one chat floods, another chat's /help was answered after {early:?} (0.3 s in) and {late:?} (3 s in)"
    );
    let early = early.expect("the other chat was answered within 60 s");
    let late = late.expect("the third chat was answered within 60 s");
    assert!(
        early < Duration::from_secs(2),
        "0.3 s into the flood: {early:?}"
    );
    assert!(
        late < Duration::from_secs(2),
        "3 s into the flood: {late:?}"
    );

    // The flood was dropped as it arrived: a few handled, the rest
    // throttled, and the person told once.
    let mut handled = 0;
    let mut throttled = 0;
    for id in &ids {
        match bot.recorder.wait(*id).await {
            Outcome::Handled => handled += 1,
            Outcome::Throttled => throttled += 1,
            other => panic!("a flooded update ended as {other:?}"),
        }
    }
    eprintln!("of 200 flooded updates, {handled} were handled and {throttled} dropped");
    assert!(handled <= 20, "{handled} handled");
    assert_eq!(handled + throttled, 200);
    let notices = bot
        .fake
        .texts(flooder.id)
        .iter()
        .filter(|t| *t == &English.t("bot-slow-down"))
        .count();
    assert_eq!(notices, 1, "{:?}", bot.fake.texts(flooder.id));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_gets_at_most_one_answer_however_many_commands() {
    let bot = TestBot::start(Backend::Sqlite).await;
    let cy = Person::new(8101, "Cy");
    let mut ids = Vec::new();
    for _ in 0..30 {
        ids.push(bot.fake.send_group_text(-8100, &cy, "/start"));
    }
    for id in ids {
        bot.recorder.wait(id).await;
    }
    assert_eq!(
        bot.fake.texts(-8100).len(),
        1,
        "{:?}",
        bot.fake.texts(-8100)
    );
    // Commands for another bot in the group are not answered at all.
    let other = bot
        .fake
        .send_group_text(-8200, &cy, "/stats@some_other_bot");
    assert_eq!(bot.recorder.wait(other).await, Outcome::Ignored);
    assert!(bot.fake.texts(-8200).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_with_every_queue_full_ends_within_the_unit_timeout() {
    let mut bot = TestBot::start(Backend::Sqlite).await;
    // 60 people at the flood limit each: more than can be answered in the
    // grace period at Telegram's pace.
    let people: Vec<Person> = (0..60).map(|i| Person::new(8300 + i, "Pat")).collect();
    let updates = people
        .iter()
        .flat_map(|p| (0..8).map(move |_| FakeTelegram::text_update(p, "/help")))
        .collect();
    let ids = bot.fake.enqueue_many(updates);
    // Let the bot take them in and start answering.
    assert!(
        bot.fake
            .wait_until(Duration::from_secs(30), |calls| calls
                .iter()
                .filter(|c| c.method == "sendMessage")
                .count()
                >= 30)
            .await
    );
    let took = bot.stop_timed().await;
    let handled = ids
        .iter()
        .filter(|id| bot.recorder.outcome(**id) == Some(Outcome::Handled))
        .count();
    let abandoned = bot.recorder.count(Outcome::Abandoned);
    eprintln!(
        "stop with {} queued updates took {took:?}: {handled} answered, {abandoned} dropped after the grace period",
        ids.len()
    );
    assert!(took < UNIT_STOP_TIMEOUT, "{took:?}");
    assert!(abandoned > 0, "the grace period ended the drain");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_flood_exits_within_the_unit_timeout() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_activity-challenge"))
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
    assert!(wait_until_healthy(&format!("127.0.0.1:{port}")).await);
    assert!(
        fake.wait_until(Duration::from_secs(30), |calls| calls
            .iter()
            .any(|c| c.method == "deleteWebhook"))
            .await
    );
    // One chat flooding and 50 more with their queues full.
    let mut updates: Vec<_> = (0..100)
        .map(|_| FakeTelegram::text_update(&Person::new(8400, "Flo"), "/start"))
        .collect();
    for i in 0..50 {
        let p = Person::new(8401 + i, "Pat");
        updates.extend((0..8).map(|_| FakeTelegram::text_update(&p, "/start")));
    }
    let queued = updates.len();
    fake.enqueue_many(updates);
    assert!(
        fake.wait_until(Duration::from_secs(30), |calls| calls
            .iter()
            .filter(|c| c.method == "sendMessage")
            .count()
            >= 30)
            .await
    );
    let stopped = Instant::now();
    let pid = child.id();
    let Ok((status, log)) =
        tokio::time::timeout(Duration::from_secs(60), stop_with_sigterm(child)).await
    else {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
        panic!("the server did not exit within 60 s of SIGTERM");
    };
    let took = stopped.elapsed();
    eprintln!("SIGTERM with {queued} updates queued: the server exited after {took:?}");
    assert!(status.success(), "{log}");
    assert!(took < UNIT_STOP_TIMEOUT, "{took:?}\n{log}");
    assert!(log.contains("the Telegram bot stopped"), "{log}");
    fake.stop().await;
}
