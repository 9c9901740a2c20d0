//! Favourites and inline search in the bot: pinning an entry from the
//! history puts its activity first in the menu's quick-log buttons (then
//! the recent ones, four at most), one tap opens the review and a second
//! logs it; unpinning takes it off; a pin or unpin button of an older
//! history message answers with a notice; a fourth pin is refused. Typing
//! "@bot swim" in any chat answers an inline query with catalogue matches
//! in the person's language, and the most logged activities for an empty
//! query; a flood of queries is cut like any other.

use crate::each_backend;
use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::bot::Outcome;

fn quick(labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter(|l| l.starts_with("🔁") || l.starts_with("📌 ") && l.ends_with(" min"))
        .cloned()
        .collect()
}

async fn participant_id(bot: &TestBot, who: &Person) -> i64 {
    bot.db
        .store
        .participant_by_telegram_id(who.id)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn last_notice(bot: &TestBot) -> String {
    bot.fake
        .callback_answers()
        .last()
        .cloned()
        .flatten()
        .unwrap_or_default()
}

async fn pinned_come_first_and_unpinning_takes_them_off(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(3101, "Fay");
    bot.register(&fay, "Blue Herons").await;
    for typed in ["running 30", "swim 45", "yoga 20", "hike 60"] {
        bot.say(&fay, typed).await;
        bot.tap(&fay, "✅ Confirm").await;
    }
    let me = participant_id(&bot, &fay).await;
    assert_eq!(
        quick(&bot.last_labels(&fay)),
        ["🔁 Hiking 60 min", "🔁 Yoga 20 min", "🔁 Swimming 45 min"]
    );

    // The history, newest first: 1 Hiking, 2 Yoga, 3 Swimming, 4 Running.
    bot.say(&fay, "/profile").await;
    bot.tap(&fay, "📜 Activity history").await;
    let labels = bot.last_labels(&fay);
    for pin in ["📌 1", "📌 2", "📌 3", "📌 4"] {
        assert!(labels.contains(&pin.to_string()), "{labels:?}");
    }
    bot.tap(&fay, "📌 4").await;
    assert!(
        last_notice(&bot).contains("Running (Moderate) 30 min is pinned"),
        "{:?}",
        bot.fake.callback_answers()
    );
    let history = bot.last_text(&fay);
    assert!(history.contains("Running (Moderate) — 30 min"), "{history}");
    assert!(bot.last_labels(&fay).contains(&"📌✖ 4".to_string()));

    // First in the menu; the recent ones follow, Running not twice.
    bot.tap(&fay, "🏠 Menu").await;
    assert_eq!(
        quick(&bot.last_labels(&fay)),
        [
            "📌 Running 30 min",
            "🔁 Hiking 60 min",
            "🔁 Yoga 20 min",
            "🔁 Swimming 45 min"
        ]
    );
    // One tap shows the review for today, a second logs it.
    let taps = bot.fake.calls_of("answerCallbackQuery").len();
    bot.tap(&fay, "📌 Running 30 min").await;
    let review = bot.last_text(&fay);
    assert!(
        review.contains("Running (Moderate)") && review.contains("30 min"),
        "{review}"
    );
    bot.tap(&fay, "✅ Confirm").await;
    assert_eq!(bot.fake.calls_of("answerCallbackQuery").len() - taps, 2);
    let logged = bot
        .db
        .store
        .participant_activities(me, 0, 10)
        .await
        .unwrap();
    assert_eq!(logged.len(), 5);
    assert_eq!(logged[0].activity_type, "Running (Moderate)");
    assert_eq!(logged[0].duration_minutes, 30);

    // Three pins at most: the menu shows them and one recent activity.
    bot.say(&fay, "/profile").await;
    bot.tap(&fay, "📜 Activity history").await;
    // 1 Running (new), 2 Hiking, 3 Yoga, 4 Swimming, 5 Running.
    bot.tap(&fay, "📌 2").await;
    bot.tap(&fay, "📌 3").await;
    bot.tap(&fay, "📌 4").await;
    assert!(
        last_notice(&bot).contains("You can pin up to 3 activities"),
        "{:?}",
        bot.fake.callback_answers()
    );
    assert_eq!(bot.db.store.favourites(me).await.unwrap().len(), 3);
    bot.tap(&fay, "🏠 Menu").await;
    assert_eq!(
        quick(&bot.last_labels(&fay)),
        [
            "📌 Running 30 min",
            "📌 Hiking 60 min",
            "📌 Yoga 20 min",
            "🔁 Swimming 45 min"
        ]
    );

    // Unpinning: both Running entries offer it; one tap does it.
    bot.say(&fay, "/profile").await;
    bot.tap(&fay, "📜 Activity history").await;
    let labels = bot.last_labels(&fay);
    assert!(
        labels.contains(&"📌✖ 1".to_string()) && labels.contains(&"📌✖ 5".to_string()),
        "{labels:?}"
    );
    let history_message = bot.fake.last_shown(fay.id).unwrap().message_id;
    let unpin_data = bot
        .fake
        .find_button(fay.id, "📌✖ 1")
        .map(|(_, data)| data)
        .unwrap();
    bot.tap(&fay, "📌✖ 1").await;
    assert!(
        last_notice(&bot).contains("Running (Moderate) is no longer pinned"),
        "{:?}",
        bot.fake.callback_answers()
    );
    let codes: Vec<String> = bot
        .db
        .store
        .favourites(me)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.compendium_code)
        .collect();
    assert_eq!(codes.len(), 2, "{codes:?}");

    // The same unpin button again (an older message): a notice, no error.
    let id = bot
        .fake
        .tap_data(&fay, fay.id, history_message, &unpin_data);
    assert_eq!(bot.recorder.wait(id).await, Outcome::Handled);
    assert!(
        last_notice(&bot).contains("not pinned any more"),
        "{:?}",
        bot.fake.callback_answers()
    );
    // A pin button for an entry deleted since, or someone else's: gone.
    let bo = Person::new(3102, "Bo");
    bot.register(&bo, "Blue Herons").await;
    bot.say(&bo, "running 45").await;
    bot.tap(&bo, "✅ Confirm").await;
    let bos_entry = bot
        .db
        .store
        .participant_activities(participant_id(&bot, &bo).await, 0, 1)
        .await
        .unwrap()[0]
        .id;
    for data in [
        "pr:pin:987654321:0".to_string(),
        format!("pr:pin:{bos_entry}:0"),
    ] {
        let id = bot.fake.tap_data(&fay, fay.id, history_message, &data);
        assert_eq!(bot.recorder.wait(id).await, Outcome::Handled);
        assert!(
            last_notice(&bot).contains("already gone"),
            "{data}: {:?}",
            bot.fake.callback_answers()
        );
    }
    assert_eq!(bot.db.store.favourites(me).await.unwrap().len(), 2);
    assert!(
        bot.db
            .store
            .favourites(participant_id(&bot, &bo).await)
            .await
            .unwrap()
            .is_empty()
    );
    bot.tap(&fay, "🏠 Menu").await;
    assert_eq!(
        quick(&bot.last_labels(&fay))[..2],
        ["📌 Hiking 60 min", "📌 Yoga 20 min"]
    );

    // Each pin and unpin is in the audit log.
    let actions = bot.db.store.audit_actions().await.unwrap();
    assert!(
        actions.iter().any(|a| a == "favourite.pin")
            && actions.iter().any(|a| a == "favourite.unpin"),
        "{actions:?}"
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    pinned_come_first_and_unpinning_takes_them_off
);

/// The answers to inline queries received so far (`inline_query_id`,
/// results).
fn inline_answers(bot: &TestBot) -> Vec<serde_json::Value> {
    bot.fake
        .calls_of("answerInlineQuery")
        .into_iter()
        .map(|c| c.body)
        .collect()
}

async fn inline_queries_list_catalogue_matches(backend: Backend) {
    let bot = TestBot::start(backend).await;
    // Someone who logged yoga twice: the empty query lists it first.
    let fay = Person::new(3201, "Fay");
    bot.register(&fay, "Blue Herons").await;
    for _ in 0..2 {
        bot.say(&fay, "yoga 20").await;
        bot.tap(&fay, "✅ Confirm").await;
    }

    // A person the bot has never met, in English.
    let eve = Person::speaking(3202, "Eve", "en");
    let id = bot.fake.send_inline_query(&eve, "swim");
    assert_eq!(bot.recorder.wait(id).await, Outcome::Handled);
    let answers = inline_answers(&bot);
    assert_eq!(answers.len(), 1);
    let answer = &answers[0];
    assert!(
        answer["inline_query_id"]
            .as_str()
            .unwrap()
            .starts_with("iq")
    );
    let results = answer["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 50, "{answer}");
    let first = &results[0];
    assert_eq!(first["type"], "article");
    let title = first["title"].as_str().unwrap();
    assert!(title.starts_with("Swimming ("), "{answer}");
    let text = first["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(
        text.starts_with(&format!("{title} · ")) && text.contains(" MET"),
        "{text}"
    );
    assert!(
        text.contains("@activity_challenge_bot") && text.contains("swimming 30"),
        "{text}"
    );
    assert!(
        first["description"].as_str().unwrap().contains("MET"),
        "{first}"
    );
    // Every result is a swimming entry, each id unique.
    let ids: std::collections::BTreeSet<&str> =
        results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), results.len());

    // Finnish from the Telegram app, and the Finnish word.
    let aino = Person::speaking(3203, "Aino", "fi");
    let id = bot.fake.send_inline_query(&aino, "uinti");
    bot.recorder.wait(id).await;
    let answer = inline_answers(&bot).pop().unwrap();
    let first = &answer["results"][0];
    assert!(
        first["title"].as_str().unwrap().starts_with("Uinti ("),
        "{answer}"
    );
    assert!(
        first["input_message_content"]["message_text"]
            .as_str()
            .unwrap()
            .contains("Kirjaa se botissa @activity_challenge_bot"),
        "{answer}"
    );

    // The language chosen in the bot wins over the app's.
    bot.db.store.set_bot_language(eve.id, "fi").await.unwrap();
    let id = bot.fake.send_inline_query(&eve, "swim");
    bot.recorder.wait(id).await;
    let answer = inline_answers(&bot).pop().unwrap();
    assert!(
        answer["results"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Uinti ("),
        "{answer}"
    );

    // Nothing typed: the activities logged most often, then everyday ones.
    let id = bot.fake.send_inline_query(&fay, "");
    bot.recorder.wait(id).await;
    let answer = inline_answers(&bot).pop().unwrap();
    let results = answer["results"].as_array().unwrap();
    assert!(results.len() >= 5, "{answer}");
    assert!(
        results[0]["title"].as_str().unwrap().starts_with("Yoga ("),
        "{answer}"
    );

    // Nothing matches: an empty answer, not an error.
    let id = bot.fake.send_inline_query(&fay, "zzzqqq");
    assert_eq!(bot.recorder.wait(id).await, Outcome::Handled);
    let answer = inline_answers(&bot).pop().unwrap();
    assert_eq!(answer["results"].as_array().unwrap().len(), 0, "{answer}");

    // A flood of queries from one person is cut like their messages.
    let before = inline_answers(&bot).len();
    let ids: Vec<i64> = (0..40)
        .map(|i| bot.fake.send_inline_query(&aino, &format!("run{i}")))
        .collect();
    let mut throttled = 0;
    for id in ids {
        if bot.recorder.wait(id).await == Outcome::Throttled {
            throttled += 1;
        }
    }
    assert!(throttled > 0, "some of 40 queries at once are dropped");
    assert_eq!(inline_answers(&bot).len() - before, 40 - throttled);
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    inline_queries_list_catalogue_matches
);
