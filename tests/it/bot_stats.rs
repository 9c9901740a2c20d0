//! The bot: stats in the chat — my summary, top 10, guild standings, my guild.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::domain::{Catalogue, parse_duration};
use activity_challenge::store::activities::NewActivity;

async fn give(bot: &TestBot, telegram_id: i64, minutes: &str) {
    give_on(bot, telegram_id, minutes, 0).await;
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

/// `person` registered through the store with `minutes` of vigorous running
/// (11.5 MET) logged today.
async fn with_points(bot: &TestBot, person: &Person, guild: &str, minutes: &str) {
    crate::support::register(&bot.db.store, person.id, &person.first_name, guild).await;
    if minutes != "0" {
        give(bot, person.id, minutes).await;
    }
}

async fn ties_are_shown_as_ties(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    // Nine ahead (200 … 120 min), three level at rank 10 (100 min = 19.17),
    // two behind, one without points.
    for (i, minutes) in [200, 190, 180, 170, 160, 150, 140, 130, 120]
        .iter()
        .enumerate()
    {
        let p = Person::new(3100 + i as i64, &format!("Lead{i}"));
        with_points(&bot, &p, "Blue Herons", &minutes.to_string()).await;
    }
    let noora = Person::new(3110, "Noora");
    let vaino = Person::new(3111, "Väinö");
    let isla = Person::new(3112, "Isla");
    for p in [&noora, &vaino, &isla] {
        with_points(&bot, p, "Falcon Club", "100").await;
    }
    with_points(&bot, &Person::new(3113, "Behind"), "Falcon Club", "60").await;
    with_points(&bot, &Person::new(3114, "Further"), "Falcon Club", "30").await;
    let zero = Person::new(3115, "Zed");
    with_points(&bot, &zero, "Falcon Club", "0").await;

    // The top 10 has everyone tied at the cut, sharing the rank.
    bot.say(&vaino, "/stats").await;
    bot.tap(&vaino, "🏆 Top 10").await;
    let top = bot.last_text(&vaino);
    for name in ["Noora", "Väinö", "Isla"] {
        assert!(
            top.contains(&format!("=10. {name} (Falcon Club) — 19.17")),
            "{name}: {top}"
        );
    }
    assert!(top.contains("9. Lead8 (Blue Herons) — 23.00"), "{top}");
    assert!(!top.contains("Behind"), "{top}");

    // A tied participant is level with the others, and their neighbours
    // are the nearest with more and fewer points.
    bot.tap(&vaino, "👤 Me").await;
    let me = bot.last_text(&vaino);
    assert!(me.contains("Rank: 10 of 15, level with"), "{me}");
    assert!(me.contains("Noora") && me.contains("Isla"), "{me}");
    assert!(
        me.contains("Just above: #9 Lead8 with 23.00 (3.83 ahead)"),
        "{me}"
    );
    assert!(
        me.contains("Just below: #13 Behind with 11.50 (7.67 behind)"),
        "{me}"
    );
    assert!(
        !me.contains("0.00 ahead") && !me.contains("0.00 behind"),
        "{me}"
    );

    // Someone without points is not told they are 0.00 behind someone.
    bot.say(&zero, "/stats").await;
    let mine = bot.last_text(&zero);
    assert!(
        mine.contains("Just above: #14 Further with 5.75 (5.75 ahead)"),
        "{mine}"
    );
    assert!(!mine.contains("(0.00 "), "{mine}");
    assert!(mine.contains("Log an activity to start climbing"), "{mine}");

    // A guild's top 10 also shares ranks.
    bot.tap(&vaino, "👥 My guild").await;
    let guild = bot.last_text(&vaino);
    assert!(guild.contains("=1. Noora — 19.17"), "{guild}");
    assert!(guild.contains("4. Behind — 11.50"), "{guild}");
    assert!(!guild.contains("Zed"), "{guild}");
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    ties_are_shown_as_ties
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_standings_cap_participation_and_keep_a_closed_guild() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    crate::support::add_guild(&bot.db.store, "Tiny Team", 2).await;
    crate::support::add_guild(&bot.db.store, "Old Guild", 10).await;
    for i in 0..3 {
        let p = Person::new(3200 + i, &format!("Tiny{i}"));
        with_points(&bot, &p, "Tiny Team", "30").await;
    }
    let olga = Person::new(3210, "Olga");
    with_points(&bot, &olga, "Old Guild", "30").await;
    let old = bot.db.store.guild_by_name("Old Guild").await.unwrap();
    bot.db.store.set_guild_active(old.id, false).await.unwrap();

    bot.say(&olga, "/stats").await;
    bot.tap(&olga, "🏰 Guilds").await;
    let standings = bot.last_text(&olga);
    assert!(
        standings.contains("Tiny Team — 8.6 · 100.0% (3 active, guild size set to 2)"),
        "{standings}"
    );
    assert!(!standings.contains("150"), "{standings}");
    // A closed guild takes no new members but keeps competing.
    assert!(standings.contains("Old Guild — 0.6"), "{standings}");
    // Their own ranks still show.
    bot.tap(&olga, "👤 Me").await;
    assert!(bot.last_text(&olga).contains("In Old Guild: 1 of 1"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_cannot_flip_or_blank_a_leaderboard_line() {
    let bot = TestBot::start_with(Backend::Sqlite, TestBot::unhurried()).await;
    let eve = Person::new(3301, "\u{202E}Eve");
    let blank = Person::new(3302, "\u{200B}\u{200B}");
    let sara = Person::new(3303, "שרה");
    with_points(&bot, &eve, "Blue Herons", "60").await;
    with_points(&bot, &blank, "Blue Herons", "30").await;
    with_points(&bot, &sara, "Blue Herons", "20").await;
    bot.say(&eve, "/stats").await;
    bot.tap(&eve, "🏆 Top 10").await;
    let top = bot.last_text(&eve);
    assert!(top.contains("1. Eve (Blue Herons) — 11.50"), "{top:?}");
    assert!(top.contains("2. (no name) (Blue Herons) — 5.75"), "{top:?}");
    assert!(
        top.contains("3. \u{2068}שרה\u{2069} (Blue Herons) — 3.83"),
        "{top:?}"
    );
    assert!(
        !top.contains('\u{202E}') && !top.contains('\u{200B}'),
        "{top:?}"
    );
    bot.stop().await;
}

/// Logs `minutes` of one activity for `telegram_id`, `days_ago` days ago
/// (in the competition's zone).
async fn give_on(bot: &TestBot, telegram_id: i64, minutes: &str, days_ago: u64) {
    let catalogue = Catalogue::builtin();
    let entry = catalogue.entry_by_code("12595").unwrap();
    let p = bot
        .db
        .store
        .participant_by_telegram_id(telegram_id)
        .await
        .unwrap()
        .unwrap();
    let day = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
        - chrono::Days::new(days_ago);
    bot.db
        .store
        .log_activity(NewActivity::from_catalogue(
            p.id,
            entry,
            parse_duration(minutes).unwrap(),
            day,
            None,
        ))
        .await
        .unwrap();
}

/// Days in a row: in the stats, still alive on a day with nothing logged
/// yet, and counted on the confirmation of the day's first entry.
async fn streaks_are_shown_in_the_stats_and_when_logging(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(3011, "Ann");
    let bo = Person::new(3012, "Bo");
    bot.register(&ann, "Blue Herons").await;
    bot.register(&bo, "Blue Herons").await;
    // Ann: five days ago, then the day before yesterday and yesterday.
    for ago in [5, 2, 1] {
        give_on(&bot, 3011, "30", ago).await;
    }
    // Bo: three days ago only.
    give_on(&bot, 3012, "30", 3).await;

    bot.say(&ann, "/stats").await;
    let me = bot.last_text(&ann);
    assert!(
        me.contains("🔥 Streak: 2 days in a row (your longest: 2)"),
        "{me}"
    );
    bot.say(&bo, "/stats").await;
    let bos = bot.last_text(&bo);
    assert!(
        bos.contains(
            "🔥 No streak right now: log an activity today to start one (your longest: 1)"
        ),
        "{bos}"
    );

    // Ann logs today: three days in a row, said on the confirmation.
    bot.say(&ann, "running 30").await;
    bot.tap(&ann, "✅ Confirm").await;
    let texts = bot.fake.texts(3011);
    let confirmation = texts.iter().rev().find(|t| t.contains("Logged!")).unwrap();
    assert!(
        confirmation.contains("🔥 3 days in a row!"),
        "{confirmation}"
    );
    // A second entry the same day does not lengthen it.
    bot.say(&ann, "/stats").await;
    assert!(
        bot.last_text(&ann)
            .contains("🔥 Streak: 3 days in a row (your longest: 3)"),
        "{}",
        bot.last_text(&ann)
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test]
    streaks_are_shown_in_the_stats_and_when_logging
);
