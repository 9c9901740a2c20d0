//! The bot: stats in the chat — my summary, top 10, guild standings, my guild.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::domain::{Catalogue, parse_duration};
use activity_challenge::store::activities::NewActivity;

async fn give(bot: &TestBot, telegram_id: i64, minutes: &str) {
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
    bot.db
        .store
        .log_activity(NewActivity::from_catalogue(
            p.id,
            entry,
            parse_duration(minutes).unwrap(),
            today,
            None,
        ))
        .await
        .unwrap();
}

async fn shows_ranks_neighbours_and_standings(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(3001, "Ann");
    let bo = Person::new(3002, "<Bo>");
    let cy = Person::new(3003, "Cy");
    bot.register(&ann, "Blue Herons").await;
    bot.register(&bo, "Blue Herons").await;
    bot.register(&cy, "Falcon Club").await;
    give(&bot, 3001, "60").await; // 11.50
    give(&bot, 3002, "30").await; // 5.75
    give(&bot, 3003, "120").await; // 23.00

    bot.say(&ann, "/stats").await;
    let me = bot.last_text(&ann);
    assert!(me.contains("Points: <b>11.50</b>"), "{me}");
    assert!(me.contains("Rank: 2 of 3"), "{me}");
    assert!(me.contains("In Blue Herons: 1 of 2"), "{me}");
    assert!(
        me.contains("Just above: #1 Cy with 23.00 (11.50 ahead)"),
        "{me}"
    );
    assert!(
        me.contains("Just below: #3 &lt;Bo&gt; with 5.75 (5.75 behind)"),
        "{me}"
    );

    bot.tap(&ann, "🏆 Top 10").await;
    let top = bot.last_text(&ann);
    assert!(top.contains("1. Cy (Falcon Club) — 23.00"), "{top}");
    assert!(top.contains("3. &lt;Bo&gt; (Blue Herons) — 5.75"), "{top}");

    bot.tap(&ann, "🏰 Guilds").await;
    let guilds = bot.last_text(&ann);
    // Falcon Club: 23.00 / 55 = 0.4; Blue Herons: 17.25 / 40 = 0.4 (0.43125 → 0.4).
    assert!(
        guilds.contains("Blue Herons — 0.4 · 5.0% (2 of 40)"),
        "{guilds}"
    );
    assert!(
        guilds.contains("Falcon Club — 0.4 · 1.8% (1 of 55)"),
        "{guilds}"
    );

    bot.tap(&ann, "👥 My guild").await;
    let mine = bot.last_text(&ann);
    assert!(mine.contains("Top 10 of Blue Herons"), "{mine}");
    assert!(
        mine.contains("1. Ann — 11.50") && mine.contains("2. &lt;Bo&gt; — 5.75"),
        "{mine}"
    );
    assert!(!mine.contains("Cy"));

    bot.tap(&ann, "👤 Me").await;
    assert!(bot.last_text(&ann).contains("Rank: 2 of 3"));
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    shows_ranks_neighbours_and_standings
);
