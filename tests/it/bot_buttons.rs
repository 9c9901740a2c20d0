//! Buttons act only on what their message shows: a button from an older
//! message of any wizard step answers that it has expired and leaves the
//! open wizard as it is; an older review's ✅ Confirm never logs the open
//! wizard's activity, and says truthfully what happened.

use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use activity_challenge::bot::Outcome;
use activity_challenge::i18n::Language::English;

/// A button as one message shows it: (message id, callback data).
type Held = (i64, String);

/// The newest button labelled `label` in `person`'s chat, kept for later.
fn hold(bot: &TestBot, person: &Person, label: &str) -> Held {
    bot.fake
        .find_button(person.id, label)
        .unwrap_or_else(|| panic!("no {label:?} in {:?}", bot.last_text(person)))
}

/// Taps a held button; returns the tap's answer.
async fn tap_held(bot: &TestBot, person: &Person, held: &Held) -> Option<String> {
    let id = bot.fake.tap_data(person, person.id, held.0, &held.1);
    assert_eq!(bot.recorder.wait(id).await, Outcome::Handled);
    bot.fake.callback_answers().last().cloned().flatten()
}

/// Taps a held button from an older message and checks that it expired:
/// the answer says so, its message lost its buttons, and the open step
/// (stored state) did not change.
async fn assert_expired(bot: &TestBot, person: &Person, held: &Held) {
    let before = bot.db.store.dialogue_state(person.id).await.unwrap();
    let answer = tap_held(bot, person, held).await;
    assert_eq!(
        answer.as_deref(),
        Some(English.t("bot-stale-button").as_str()),
        "{held:?}"
    );
    let after = bot.db.store.dialogue_state(person.id).await.unwrap();
    assert_eq!(before, after, "the open step is untouched by {held:?}");
    let old = bot
        .fake
        .shown(person.id)
        .into_iter()
        .find(|m| m.message_id == held.0)
        .expect("the old message is there");
    assert!(old.buttons.is_empty(), "{old:?}");
}

async fn activities(bot: &TestBot, person: &Person) -> Vec<(String, u16)> {
    let Some(p) = bot
        .db
        .store
        .participant_by_telegram_id(person.id)
        .await
        .unwrap()
    else {
        return Vec::new();
    };
    bot.db
        .store
        .participant_activities(p.id, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.activity_type, a.duration_minutes))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_on_an_older_review_logs_nothing_and_the_open_review_logs_what_it_shows() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let ann = Person::new(9501, "Ann");
    bot.register(&ann, "Blue Herons").await;
    // Review A: moderate running, 30 min.
    bot.say(&ann, "runn 30").await;
    bot.tap(&ann, "Running (Running)").await;
    bot.tap(&ann, "Moderate · 6.5 MET").await;
    bot.tap(&ann, "Today").await;
    assert!(bot.last_text(&ann).contains("Running (Moderate)"));
    let review_a = hold(&bot, &ann, "✅ Confirm");
    // Review B, through /log and a typed activity on its first screen.
    bot.say(&ann, "/log").await;
    bot.say(&ann, "swimm 2h").await;
    bot.tap(&ann, "Swimming (Water sports)").await;
    bot.tap(&ann, "Light · 3.5 MET").await;
    bot.tap(&ann, "Today").await;
    assert!(bot.last_text(&ann).contains("Swimming (Light)"));
    let review_b = hold(&bot, &ann, "✅ Confirm");
    assert_ne!(review_a.0, review_b.0);

    // A's Confirm: nothing is logged, and it says so instead of claiming
    // "already done"; A's message keeps no live Confirm.
    let answer = tap_held(&bot, &ann, &review_a).await.unwrap_or_default();
    assert!(answer.contains("nothing was logged"), "{answer}");
    assert!(activities(&bot, &ann).await.is_empty());
    let a = bot
        .fake
        .shown(ann.id)
        .into_iter()
        .find(|m| m.message_id == review_a.0)
        .unwrap();
    assert!(
        a.text.contains("Running (Moderate)"),
        "A still shows itself: {}",
        a.text
    );
    assert!(a.buttons.is_empty(), "{a:?}");

    // B's Confirm logs exactly B.
    assert_eq!(
        tap_held(&bot, &ann, &review_b).await.as_deref(),
        Some("Logged!")
    );
    assert_eq!(
        activities(&bot, &ann).await,
        [("Swimming (Light)".to_string(), 120)]
    );
    // Tapped again, it is already logged; A is still expired.
    assert_eq!(
        tap_held(&bot, &ann, &review_b).await.as_deref(),
        Some("Already logged.")
    );
    let answer = tap_held(&bot, &ann, &review_a).await.unwrap_or_default();
    assert!(answer.contains("nothing was logged"), "{answer}");
    assert_eq!(activities(&bot, &ann).await.len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_on_a_review_left_open_by_log_or_start_is_not_called_done() {
    let bot = TestBot::start_with(Backend::Sqlite, TestBot::unhurried()).await;
    let bo = Person::new(9502, "Bo");
    bot.register(&bo, "Blue Herons").await;
    for command in ["/log", "/start"] {
        bot.say(&bo, "runn 30").await;
        bot.tap(&bo, "Running (Running)").await;
        bot.tap(&bo, "Moderate · 6.5 MET").await;
        bot.tap(&bo, "Today").await;
        let review = hold(&bot, &bo, "✅ Confirm");
        bot.say(&bo, command).await;
        let answer = tap_held(&bot, &bo, &review).await.unwrap_or_default();
        assert!(!answer.contains("Already"), "{command}: {answer}");
        assert!(answer.contains("nothing was logged"), "{command}: {answer}");
        let shown = bot.fake.shown(bo.id);
        let old = shown.iter().find(|m| m.message_id == review.0).unwrap();
        assert!(old.buttons.is_empty(), "{command}: {old:?}");
    }
    assert!(activities(&bot, &bo).await.is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_duration_button_does_not_review_the_open_wizard() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let cy = Person::new(9503, "Cy");
    bot.register(&cy, "Blue Herons").await;
    // Walking, at the durations.
    bot.say(&cy, "walki").await;
    bot.tap(&cy, "Walking (Walking & hiking)").await;
    bot.tap(&cy, "Moderate · 4.8 MET").await;
    bot.tap(&cy, "Today").await;
    assert!(bot.last_text(&cy).contains("Walking (Moderate)"));
    let walking_120 = hold(&bot, &cy, "120 min");
    // Running, at the durations too.
    bot.say(&cy, "/log").await;
    bot.say(&cy, "runn").await;
    bot.tap(&cy, "Running (Running)").await;
    bot.tap(&cy, "Vigorous · 11.5 MET").await;
    bot.tap(&cy, "Today").await;
    assert!(bot.last_text(&cy).contains("How long?"));

    assert_expired(&bot, &cy, &walking_120).await;
    // The open step is shown again, and still works.
    assert!(
        bot.last_text(&cy).contains("Running (Vigorous)"),
        "{}",
        bot.last_text(&cy)
    );
    bot.tap(&cy, "30 min").await;
    assert!(bot.last_text(&cy).contains("Running (Vigorous)"));
    assert!(bot.last_text(&cy).contains("= 5.75 points"));
    bot.tap(&cy, "✅ Confirm").await;
    assert_eq!(
        activities(&bot, &cy).await,
        [("Running (Vigorous)".to_string(), 30)]
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_buttons_of_every_logging_step_expire() {
    let bot = TestBot::start_with(Backend::Sqlite, TestBot::unhurried()).await;
    let di = Person::new(9504, "Di");
    bot.register(&di, "Blue Herons").await;

    // Category: an older categories message, once an activity is open.
    bot.say(&di, "/log").await;
    let old_category = hold(&bot, &di, "Walking & hiking");
    bot.say(&di, "/log").await;
    bot.tap(&di, "Running").await;
    bot.tap(&di, "Running").await;
    assert!(bot.last_text(&di).contains("how hard was it?"));
    assert_expired(&bot, &di, &old_category).await;

    // Activity and intensity: after going back to the list.
    let old_intensity = hold(&bot, &di, "Moderate · 6.5 MET");
    bot.tap(&di, "↩ Back").await;
    assert!(bot.last_text(&di).contains("pick an activity"));
    assert_expired(&bot, &di, &old_intensity).await;

    // Day: after starting over. (The expired tap showed the open step,
    // the categories, again.)
    bot.tap(&di, "Running").await;
    bot.tap(&di, "Running").await;
    bot.tap(&di, "Vigorous · 11.5 MET").await;
    let old_day = hold(&bot, &di, "Today");
    bot.say(&di, "/log").await;
    assert_expired(&bot, &di, &old_day).await;

    // Change duration: once the review was left for another activity.
    bot.say(&di, "runn 30").await;
    bot.tap(&di, "Running (Running)").await;
    bot.tap(&di, "Moderate · 6.5 MET").await;
    bot.tap(&di, "Today").await;
    let old_change = hold(&bot, &di, "⏱ Change duration");
    let old_cancel = hold(&bot, &di, "✖ Cancel");
    bot.say(&di, "/log").await;
    assert_expired(&bot, &di, &old_change).await;
    // An older review's Cancel does not cancel the wizard open now.
    bot.say(&di, "walki 20").await;
    assert!(bot.last_text(&di).contains("for 20 min"));
    assert_expired(&bot, &di, &old_cancel).await;
    // The offer that is open still works.
    bot.tap(&di, "Walking (Walking & hiking)").await;
    assert!(bot.fake.find_button(di.id, "Moderate · 4.8 MET").is_some());
    assert!(activities(&bot, &di).await.is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_registration_and_feedback_buttons_expire() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let ed = Person::new(9505, "Ed");
    // Registration: Accept on older terms, Join on an older confirmation.
    bot.say(&ed, "/start").await;
    let old_accept = hold(&bot, &ed, "✅ Accept");
    bot.say(&ed, "/cancel").await;
    bot.say(&ed, "/start").await;
    bot.tap(&ed, "✅ Accept").await;
    assert!(bot.last_text(&ed).contains("Pick your guild"));
    assert_expired(&bot, &ed, &old_accept).await;
    bot.tap(&ed, "Falcon Club").await;
    let old_join = hold(&bot, &ed, "✅ Join");
    bot.tap(&ed, "↩ Pick another guild").await;
    assert_expired(&bot, &ed, &old_join).await;
    assert!(
        bot.db
            .store
            .participant_by_telegram_id(ed.id)
            .await
            .unwrap()
            .is_none()
    );
    bot.tap(&ed, "Blue Herons").await;
    bot.tap(&ed, "✅ Join").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(ed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.guild.as_deref(), Some("Blue Herons"));

    // Feedback: a rating from the question before, and an old category
    // button, leave the feedback in progress as it is.
    bot.say(&ed, "/log").await;
    let old_category = hold(&bot, &ed, "Running");
    bot.say(&ed, "/feedback").await;
    let old_rating = hold(&bot, &ed, "3");
    bot.tap(&ed, "4").await;
    assert!(bot.last_text(&ed).contains("(2 of 4)"));
    assert_expired(&bot, &ed, &old_rating).await;
    assert_expired(&bot, &ed, &old_category).await;
    assert!(
        bot.last_text(&ed).contains("(2 of 4)"),
        "{}",
        bot.last_text(&ed)
    );
    bot.tap(&ed, "5").await;
    bot.tap(&ed, "2").await;
    bot.say(&ed, "The calendar could be bigger.").await;
    let stored = bot.db.store.list_feedback(0, 10).await.unwrap();
    assert_eq!(
        (
            stored[0].ease_of_use,
            stored[0].usefulness,
            stored[0].overall_satisfaction
        ),
        (4, 5, 2)
    );
    bot.stop().await;
}
