//! The bot: feedback — three ratings, then a text of 10–2000 characters.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::i18n::Language::English;

async fn collects_ratings_and_a_checked_text(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(5001, "Ann");
    bot.register(&ann, "Blue Herons").await;

    bot.say(&ann, "/feedback").await;
    assert!(bot.last_text(&ann).contains("easy to use"));
    assert_eq!(bot.last_labels(&ann)[..5], ["1", "2", "3", "4", "5"]);
    bot.tap(&ann, "4").await;
    assert!(bot.last_text(&ann).contains("useful"));
    // A typed rating works too; a bad one is refused.
    bot.say(&ann, "9").await;
    assert!(
        bot.fake
            .texts(5001)
            .iter()
            .rev()
            .nth(1)
            .unwrap()
            .starts_with("⚠️")
    );
    bot.say(&ann, "5").await;
    assert!(bot.last_text(&ann).contains("satisfied"));
    bot.tap(&ann, "3").await;
    assert!(bot.last_text(&ann).contains("in your own words"));

    bot.say(&ann, "too short").await;
    assert!(
        bot.last_text(&ann).contains("nothing was saved yet"),
        "{}",
        bot.last_text(&ann)
    );
    let long = "ä".repeat(5000);
    bot.say(&ann, &long).await;
    assert!(bot.last_text(&ann).contains("nothing was saved yet"));
    assert!(bot.last_text(&ann).chars().count() < 4096);
    assert_eq!(bot.db.store.count_feedback().await.unwrap(), 0);

    bot.say(&ann, "Great fun, <but> the & calendar_is *small*")
        .await;
    assert!(bot.last_text(&ann).contains("Thank you!"));
    let stored = bot.db.store.list_feedback(0, 10).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (
            stored[0].ease_of_use,
            stored[0].usefulness,
            stored[0].overall_satisfaction
        ),
        (4, 5, 3)
    );
    assert_eq!(
        stored[0].text_feedback,
        "Great fun, <but> the & calendar_is *small*"
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    collects_ratings_and_a_checked_text
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_leaves_the_feedback_unsaved() {
    let bot = TestBot::start(Backend::Postgres).await;
    let bo = Person::new(5002, "Bo");
    bot.register(&bo, "Blue Herons").await;
    bot.say(&bo, "/feedback").await;
    bot.tap(&bo, "2").await;
    bot.say(&bo, "/cancel").await;
    assert!(bot.last_text(&bo).contains("Cancelled"));
    assert_eq!(bot.db.store.dialogue_state(5002).await.unwrap(), None);
    // The old rating buttons no longer apply.
    bot.tap(&bo, "2").await;
    assert!(
        bot.fake
            .callback_answers()
            .contains(&Some(English.t("bot-stale-button")))
    );
    assert_eq!(bot.db.store.count_feedback().await.unwrap(), 0);
    bot.stop().await;
}
