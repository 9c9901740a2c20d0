//! The bot: profile, activity history with deletion, account deletion.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::domain::{Catalogue, FeedbackDraft, parse_duration};
use activity_challenge::store::activities::NewActivity;

async fn log_days(bot: &TestBot, telegram_id: i64, days: u64) {
    let catalogue = Catalogue::builtin();
    let entry = catalogue.entry_by_code("12595").unwrap();
    let p = bot
        .db
        .store
        .participant_by_telegram_id(telegram_id)
        .await
        .unwrap()
        .unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive();
    for d in 0..days {
        bot.db
            .store
            .log_activity(NewActivity::from_catalogue(
                p.id,
                entry,
                parse_duration("60").unwrap(),
                today - chrono::Days::new(d),
                None,
            ))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_pages_and_deleting_an_activity_after_confirmation() {
    let bot = TestBot::start(Backend::Postgres).await;
    let ann = Person::new(4001, "Ann");
    bot.register(&ann, "Blue Herons").await;
    log_days(&bot, 4001, 7).await; // 7 × 11.50 = 80.50

    bot.say(&ann, "/profile").await;
    let profile = bot.last_text(&ann);
    assert!(
        profile.contains("Points: <b>80.50</b>") && profile.contains("Activities logged: 7"),
        "{profile}"
    );

    bot.tap(&ann, "📜 Activity history").await;
    assert!(bot.last_text(&ann).contains("page 1 of 2"));
    assert_eq!(
        bot.last_labels(&ann)[..5],
        ["🗑 1", "🗑 2", "🗑 3", "🗑 4", "🗑 5"]
    );
    bot.tap(&ann, "Older ▶").await;
    assert!(bot.last_text(&ann).contains("page 2 of 2"));
    assert!(bot.last_labels(&ann).contains(&"🗑 2".to_string()));
    assert!(!bot.last_labels(&ann).contains(&"🗑 3".to_string()));

    bot.tap(&ann, "🗑 1").await;
    assert!(bot.last_text(&ann).contains("Delete this activity?"));
    bot.tap(&ann, "↩ Keep it").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(4001)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        7
    );

    bot.tap(&ann, "🗑 1").await;
    let (message, data) = bot.fake.find_button(4001, "🗑 Yes, delete").unwrap();
    bot.tap(&ann, "🗑 Yes, delete").await;
    assert!(
        bot.fake
            .callback_answers()
            .contains(&Some("Deleted. Your total is now 69.00.".into()))
    );
    let p = bot
        .db
        .store
        .participant_by_telegram_id(4001)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), "69.00");
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        6
    );

    // The same confirmation again: already gone, nothing else changes.
    let again = bot.fake.tap_data(&ann, 4001, message, &data);
    bot.recorder.wait(again).await;
    assert!(
        bot.fake
            .callback_answers()
            .contains(&Some("That activity is already gone.".into()))
    );
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        6
    );

    // Someone else's activity id is not deletable.
    let bo = Person::new(4002, "Bo");
    bot.register(&bo, "Falcon Club").await;
    let own = bot
        .db
        .store
        .participant_activities(p.id, 0, 1)
        .await
        .unwrap()[0]
        .id;
    let foreign = bot
        .fake
        .tap_data(&bo, 4002, 1, &format!("pr:delok:{own}:0"));
    bot.recorder.wait(foreign).await;
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        6
    );
    bot.stop().await;
}

async fn deleting_the_account_takes_everything(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let cy = Person::new(4003, "Cy");
    bot.register(&cy, "Falcon Club").await;
    log_days(&bot, 4003, 2).await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(4003)
        .await
        .unwrap()
        .unwrap();
    bot.db
        .store
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(4, 4, 4, "Nice bot, thanks").unwrap(),
        )
        .await
        .unwrap();

    bot.say(&cy, "/profile").await;
    bot.tap(&cy, "🗑 Delete my account").await;
    assert!(bot.last_text(&cy).contains("cannot be undone"));
    bot.tap(&cy, "↩ No, keep my account").await;
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(4003)
            .await
            .unwrap()
            .is_some()
    );

    bot.tap(&cy, "🗑 Delete my account").await;
    bot.tap(&cy, "🗑 Yes, delete everything").await;
    assert!(
        bot.last_text(&cy)
            .contains("with 2 activities and 1 feedback entry"),
        "{}",
        bot.last_text(&cy)
    );
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(4003)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(bot.db.store.count_activities().await.unwrap(), 0);
    assert_eq!(bot.db.store.count_feedback().await.unwrap(), 0);

    // Afterwards the person is a newcomer again.
    bot.say(&cy, "/stats").await;
    assert!(bot.last_text(&cy).contains("not registered yet"));
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    deleting_the_account_takes_everything
);
