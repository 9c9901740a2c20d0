//! The bot: registration (terms → guild → confirm), commands, private chats only.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::i18n::Language::English;

async fn registers_through_terms_guild_and_confirm(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(1001, "Ann");

    bot.say(&ann, "/start").await;
    assert!(bot.last_text(&ann).contains("Terms of participation"));
    assert_eq!(bot.last_labels(&ann), ["✅ Accept", "❌ Decline"]);

    bot.tap(&ann, "✅ Accept").await;
    assert!(bot.last_text(&ann).contains("Pick your guild"));
    let labels = bot.last_labels(&ann);
    assert!(
        labels.contains(&"Blue Herons".to_string()) && labels.contains(&"Falcon Club".to_string()),
        "{labels:?}"
    );

    bot.tap(&ann, "Falcon Club").await;
    assert!(
        bot.last_text(&ann)
            .contains("You are joining <b>Falcon Club</b>")
    );
    bot.tap(&ann, "✅ Join").await;
    assert!(
        bot.last_text(&ann)
            .contains("Welcome to <b>Falcon Club</b>")
    );
    assert!(
        bot.last_labels(&ann)
            .contains(&"📝 Log activity".to_string())
    );

    let p = bot
        .db
        .store
        .participant_by_telegram_id(1001)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.guild.as_deref(), Some("Falcon Club"));
    assert_eq!(p.first_name, "Ann");
    assert_eq!(p.username.as_deref(), Some("user1001"));
    // The dialogue ended with the registration.
    assert_eq!(bot.db.store.dialogue_state(1001).await.unwrap(), None);

    // Already registered: /start is the menu, nothing new is created.
    bot.say(&ann, "/start").await;
    assert!(bot.last_text(&ann).contains("Welcome back, Ann"));
    assert_eq!(bot.db.store.count_participants().await.unwrap(), 1);

    // The commands were registered with Telegram.
    let commands = bot.fake.calls_of("setMyCommands");
    let names: Vec<&str> = commands[0].body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "start", "log", "stats", "profile", "mydata", "feedback", "settings", "language",
            "help", "cancel"
        ]
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    registers_through_terms_guild_and_confirm
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_or_going_elsewhere_registers_nobody() {
    let bot = TestBot::start(Backend::Postgres).await;
    let bo = Person::new(1002, "Bo");

    bot.say(&bo, "/log").await;
    assert!(bot.last_text(&bo).contains("not registered yet"));
    bot.say(&bo, "/stats").await;
    assert!(bot.last_text(&bo).contains("not registered yet"));
    bot.say(&bo, "swim 30").await;
    assert!(bot.last_text(&bo).contains("not registered yet"));

    bot.say(&bo, "/start").await;
    // Text where a button is expected: a hint, and the step again.
    bot.say(&bo, "yes please").await;
    let texts = bot.fake.texts(1002);
    assert!(
        texts[texts.len() - 2].contains("use the buttons"),
        "{texts:?}"
    );
    assert!(bot.last_text(&bo).contains("Terms of participation"));

    bot.tap(&bo, "❌ Decline").await;
    assert!(bot.last_text(&bo).contains("register any time"));
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(1002)
            .await
            .unwrap()
            .is_none()
    );

    // A button from the old guild list, after declining, is out of date.
    let id = bot.fake.tap_data(&bo, 1002, 1, "reg:ok");
    bot.recorder.wait(id).await;
    assert!(
        bot.fake
            .callback_answers()
            .iter()
            .any(|a| a.as_deref() == Some(English.t("bot-stale-button").as_str()))
    );
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(1002)
            .await
            .unwrap()
            .is_none()
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_full_of_markup_are_shown_escaped_and_stored_as_given() {
    let bot = TestBot::start(Backend::Postgres).await;
    let mut odd = Person::new(1003, "<b>Bob</b> & _*[x]*_ 🏊");
    odd.last_name = Some("`O'Neil` <i>".into());
    bot.register(&odd, "Blue Herons").await;
    let welcome = bot.last_text(&odd);
    assert!(
        welcome.contains("&lt;b&gt;Bob&lt;/b&gt; &amp; _*[x]*_ 🏊"),
        "{welcome}"
    );
    let p = bot
        .db
        .store
        .participant_by_telegram_id(1003)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.first_name, "<b>Bob</b> & _*[x]*_ 🏊");
    assert_eq!(p.last_name.as_deref(), Some("`O'Neil` <i>"));

    bot.tap(&odd, "👤 Profile").await;
    assert!(
        bot.last_text(&odd)
            .contains("&lt;b&gt;Bob&lt;/b&gt; &amp; _*[x]*_ 🏊 `O'Neil` &lt;i&gt;")
    );
    // Every message went out in HTML mode, so the escaping is the right one.
    assert!(
        bot.fake
            .calls_of("sendMessage")
            .iter()
            .all(|c| c.body["parse_mode"] == "HTML")
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_get_one_polite_line_at_most() {
    let bot = TestBot::start(Backend::Postgres).await;
    let cy = Person::new(1004, "Cy");
    bot.recorder
        .wait(bot.fake.send_group_text(-500, &cy, "hello everyone"))
        .await;
    bot.recorder
        .wait(
            bot.fake
                .send_group_text(-500, &cy, "/start@activity_challenge_bot"),
        )
        .await;
    let texts = bot.fake.texts(-500);
    assert_eq!(
        texts,
        ["I only work in private chats. Message me directly to take part."]
    );
    let tap = bot.fake.tap_data(&cy, -500, 77, "reg:start");
    bot.recorder.wait(tap).await;
    assert_eq!(bot.fake.texts(-500).len(), 1);
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(1004)
            .await
            .unwrap()
            .is_none()
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_registration_resumes_there() {
    let mut bot = TestBot::start(Backend::Postgres).await;
    let di = Person::new(1005, "Di");
    bot.say(&di, "/start").await;
    bot.tap(&di, "✅ Accept").await;
    assert!(bot.db.store.dialogue_state(1005).await.unwrap().is_some());

    bot.restart().await;
    // The guild list from before the restart still works.
    bot.tap(&di, "Blue Herons").await;
    assert!(
        bot.last_text(&di)
            .contains("You are joining <b>Blue Herons</b>")
    );
    bot.tap(&di, "✅ Join").await;
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(1005)
            .await
            .unwrap()
            .is_some()
    );
    bot.stop().await;
}

/// The bot's work shows in /metrics: updates by kind, handler timings,
/// Telegram requests by method and outcome, registrations by guild.
#[tokio::test]
async fn conversations_are_counted_in_the_metrics() {
    let bot = TestBot::start(Backend::Sqlite).await;
    let ann = Person::new(2001, "Ann");
    bot.register(&ann, "Falcon Club").await;
    let text = bot.app.metrics.render(&bot.app.store).await;
    let value = |needle: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(needle))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{needle} missing from:\n{text}"))
    };
    assert!(value("activity_challenge_bot_updates_total{kind=\"message\"}") >= 1.0);
    assert!(value("activity_challenge_bot_updates_total{kind=\"callback_query\"}") >= 2.0);
    assert!(value("activity_challenge_bot_handler_duration_seconds_count") >= 3.0);
    assert!(
        value("activity_challenge_telegram_requests_total{method=\"sendMessage\",outcome=\"ok\"}")
            >= 1.0
    );
    assert_eq!(
        value("activity_challenge_registrations_total{guild=\"Falcon Club\"}"),
        1.0
    );
    bot.stop().await;
}
