//! The bot: logging an activity step by step and by quick entry, with bad
//! input at every step, a double tap, a restart mid-wizard and the window.

use chrono::{Days, NaiveDate, Utc};

use crate::each_backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, add_guild};
use activity_challenge::bot::callback::{Callback, LogButton};
use activity_challenge::bot::flood::FloodLimits;
use activity_challenge::domain::CompetitionDraft;

/// Today where the test competition is (Europe/Helsinki).
fn helsinki_today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

/// Walks to the review of 30 minutes of vigorous running today.
async fn to_review(bot: &TestBot, who: &Person) {
    bot.tap(who, "📝 Log activity").await;
    assert!(bot.last_text(who).contains("Pick a category"));
    bot.tap(who, "Running").await;
    assert!(bot.last_text(who).contains("pick an activity"));
    bot.tap(who, "Running").await;
    assert!(bot.last_text(who).contains("how hard was it?"));
    assert!(
        bot.last_labels(who)
            .contains(&"Vigorous · 11.5 MET".to_string()),
        "{:?}",
        bot.last_labels(who)
    );
    bot.tap(who, "Vigorous · 11.5 MET").await;
    assert!(bot.last_text(who).contains("When did you do it?"));
    bot.tap(who, "Today").await;
    assert!(bot.last_text(who).contains("How long?"));
    bot.tap(who, "30 min").await;
}

async fn logs_step_by_step(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(2001, "Ann");
    bot.register(&ann, "Blue Herons").await;
    to_review(&bot, &ann).await;
    let review = bot.last_text(&ann);
    assert!(review.contains("Running (Vigorous)"), "{review}");
    assert!(
        review.contains("11.5 MET × 30 min ÷ 60 = 5.75 points"),
        "{review}"
    );

    bot.tap(&ann, "✅ Confirm").await;
    let shown = bot.fake.shown(2001);
    let confirmation = &shown[shown.len() - 2];
    assert!(
        confirmation.text.contains("Logged!"),
        "{}",
        confirmation.text
    );
    assert!(confirmation.text.contains("+5.75"));
    assert!(
        confirmation
            .text
            .contains("Your total: <b>5.75</b> points, rank 1 of 1")
    );
    assert!(
        confirmation.buttons.is_empty(),
        "the confirmation stays as a record"
    );
    assert!(
        bot.last_labels(&ann)
            .contains(&"📝 Log activity".to_string())
    );

    let p = bot
        .db
        .store
        .participant_by_telegram_id(2001)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), "5.75");
    let acts = bot
        .db
        .store
        .participant_activities(p.id, 0, 10)
        .await
        .unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].activity_type, "Running (Vigorous)");
    assert_eq!(acts[0].duration_minutes, 30);
    assert_eq!(acts[0].compendium_code.as_deref(), Some("12595"));
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    logs_step_by_step
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_tap_on_confirm_logs_once() {
    let bot = TestBot::start(Backend::Postgres).await;
    let bo = Person::new(2002, "Bo");
    bot.register(&bo, "Blue Herons").await;
    to_review(&bot, &bo).await;
    let (message, data) = bot.fake.find_button(2002, "✅ Confirm").unwrap();
    let first = bot.fake.tap_data(&bo, 2002, message, &data);
    let second = bot.fake.tap_data(&bo, 2002, message, &data);
    bot.recorder.wait(first).await;
    bot.recorder.wait(second).await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2002)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        1
    );
    assert_eq!(p.points.to_string(), "5.75");
    let answers = bot.fake.callback_answers();
    assert!(answers.contains(&Some("Logged!".into())));
    assert!(
        answers.contains(&Some("Already logged.".into())),
        "{answers:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_durations_and_dates_are_refused_with_a_reason_and_nothing_is_lost() {
    let bot = TestBot::start(Backend::Postgres).await;
    let cy = Person::new(2003, "Cy");
    bot.register(&cy, "Falcon Club").await;
    bot.tap(&cy, "📝 Log activity").await;
    bot.tap(&cy, "Running").await;
    bot.tap(&cy, "Running").await;
    bot.tap(&cy, "Vigorous · 11.5 MET").await;

    // Dates outside the window, typed.
    let today = helsinki_today();
    let too_early = today - Days::new(30);
    bot.say(&cy, &too_early.to_string()).await;
    assert!(
        bot.fake
            .texts(2003)
            .iter()
            .rev()
            .nth(1)
            .unwrap()
            .contains("activities before that do not count")
    );
    bot.say(&cy, &(today + Days::new(2)).to_string()).await;
    assert!(
        bot.fake
            .texts(2003)
            .iter()
            .rev()
            .nth(1)
            .unwrap()
            .contains("cannot log activities for later dates")
    );
    bot.say(&cy, "someday").await;
    assert!(
        bot.fake
            .texts(2003)
            .iter()
            .rev()
            .nth(1)
            .unwrap()
            .contains("is not a date I understand")
    );
    // A forged calendar button outside the window.
    let (message, data) = bot.fake.find_button(2003, "Today").unwrap();
    let Some(Callback::Log(LogButton::Day { screen, .. })) = Callback::decode(&data) else {
        panic!("{data}");
    };
    let forged = Callback::Log(LogButton::Day {
        screen,
        date: too_early,
    });
    let forged = bot.fake.tap_data(&cy, 2003, message, &forged.encode());
    bot.recorder.wait(forged).await;
    assert!(bot.last_text(&cy).contains("When did you do it?"));
    // The calendar offers only allowed dates.
    let offered: Vec<NaiveDate> = bot
        .fake
        .last_shown(2003)
        .unwrap()
        .buttons
        .into_iter()
        .flatten()
        .filter_map(|(_, data)| match Callback::decode(&data) {
            Some(Callback::Log(LogButton::Day { date, .. })) => Some(date),
            _ => None,
        })
        .collect();
    assert!(offered.contains(&today), "{offered:?}");
    assert!(!offered.contains(&(today + Days::new(1))));
    assert!(!offered.contains(&too_early));

    bot.say(&cy, "yesterday").await;
    assert!(bot.last_text(&cy).contains("How long?"));
    for bad in ["0", "-5", "9999", "abc", "1.5"] {
        bot.say(&cy, bad).await;
        let texts = bot.fake.texts(2003);
        assert!(texts[texts.len() - 2].starts_with("⚠️"), "{bad}: {texts:?}");
        assert!(bot.last_text(&cy).contains("How long?"), "{bad}");
    }
    bot.say(&cy, "1h30").await;
    let review = bot.last_text(&cy);
    assert!(
        review.contains("1 h 30 min") || review.contains("90"),
        "{review}"
    );
    assert!(review.contains("= 17.25 points"), "{review}");
    bot.tap(&cy, "✅ Confirm").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2003)
        .await
        .unwrap()
        .unwrap();
    let acts = bot
        .db
        .store
        .participant_activities(p.id, 0, 10)
        .await
        .unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].activity_date, today - Days::new(1));
    assert_eq!(acts[0].duration_minutes, 90);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quick_entry_offers_matches_and_keeps_the_duration() {
    let bot = TestBot::start(Backend::Postgres).await;
    let di = Person::new(2004, "Di");
    bot.register(&di, "Blue Herons").await;
    // Several activities could be meant: the short list, the duration kept.
    bot.say(&di, "bike 45").await;
    assert!(
        bot.last_text(&di).contains("for 45 min"),
        "{}",
        bot.last_text(&di)
    );
    assert!(
        bot.last_labels(&di)
            .contains(&"Cycling (Cycling)".to_string()),
        "{:?}",
        bot.last_labels(&di)
    );
    // One clearly meant: straight to its review, today, the usual intensity.
    bot.say(&di, "running 45").await;
    assert!(
        bot.last_text(&di)
            .contains("6.5 MET × 45 min ÷ 60 = 4.88 points"),
        "{}",
        bot.last_text(&di)
    );
    bot.tap(&di, "✅ Confirm").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2004)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), "4.88");

    bot.say(&di, "xyzzy plugh").await;
    assert!(bot.last_text(&di).contains("couldn't find an activity"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_logging_resumes_at_the_review() {
    let mut bot = TestBot::start(Backend::Postgres).await;
    let ed = Person::new(2005, "Ed");
    bot.register(&ed, "Blue Herons").await;
    to_review(&bot, &ed).await;
    bot.restart().await;
    // Text where the review's buttons are expected shows the review again.
    bot.say(&ed, "hmm").await;
    assert!(bot.last_text(&ed).contains("Check and confirm"));
    bot.tap(&ed, "✅ Confirm").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2005)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), "5.75");
    bot.stop().await;
}

async fn window_bot(start_offset: i64, end_offset: i64) -> TestBot {
    let db = TestDb::new(Backend::Postgres).await;
    add_guild(&db.store, "Blue Herons", 10).await;
    // The competition counts days in UTC.
    let today = chrono::Utc::now().date_naive();
    let draft = CompetitionDraft::parse(
        "Spring Challenge",
        "",
        &(today + chrono::Duration::days(start_offset)).to_string(),
        &(today + chrono::Duration::days(end_offset)).to_string(),
        "UTC",
    )
    .unwrap();
    db.store.create_competition(&draft, true).await.unwrap();
    TestBot::on(db, Vec::new(), FloodLimits::default()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_the_window_the_bot_says_when_it_opens_or_that_it_closed() {
    let bot = window_bot(5, 20).await;
    let fi = Person::new(2006, "Fi");
    bot.register(&fi, "Blue Herons").await;
    bot.tap(&fi, "📝 Log activity").await;
    assert!(
        bot.last_text(&fi).contains("Spring Challenge starts on"),
        "{}",
        bot.last_text(&fi)
    );
    assert!(bot.last_text(&fi).contains("in 5 days"));
    bot.stop().await;

    let bot = window_bot(-20, -2).await;
    // Registration is closed after the end.
    bot.say(&fi, "/start").await;
    assert!(
        bot.last_text(&fi).contains("registration is closed"),
        "{}",
        bot.last_text(&fi)
    );
    crate::support::register(&bot.db.store, 2006, "Fi", "Blue Herons").await;
    bot.say(&fi, "/log").await;
    assert!(
        bot.last_text(&fi).contains("Spring Challenge ended on"),
        "{}",
        bot.last_text(&fi)
    );
    bot.say(&fi, "swim 30").await;
    assert!(bot.last_text(&fi).contains("ended on"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clear_typed_entry_is_reviewed_at_once_and_all_of_it_can_change() {
    let bot = TestBot::start_with(
        Backend::Postgres,
        FloodLimits {
            burst: 1000,
            per_second: 1000.0,
            ..FloodLimits::default()
        },
    )
    .await;
    let eva = Person::new(2010, "Eva");
    bot.register(&eva, "Blue Herons").await;
    bot.say(&eva, "swim 1h").await;
    let review = bot.last_text(&eva);
    assert!(
        review.contains("Swimming (Moderate)") && review.contains("6.0 MET × 60 min"),
        "{review}"
    );
    bot.tap(&eva, "💪 Change intensity").await;
    bot.tap(&eva, "Vigorous · 7.0 MET").await;
    let review = bot.last_text(&eva);
    assert!(
        review.contains("Swimming (Vigorous)") && review.contains("60 min"),
        "{review}"
    );
    bot.tap(&eva, "📅 Change date").await;
    assert!(bot.last_text(&eva).contains("When did you do it?"));
    bot.say(&eva, "yesterday").await;
    assert!(bot.last_text(&eva).contains("Check and confirm"));
    bot.tap(&eva, "🔄 Change activity").await;
    bot.say(&eva, "runn").await;
    bot.tap(&eva, "Running (Running)").await;
    bot.tap(&eva, "Vigorous · 11.5 MET").await;
    let review = bot.last_text(&eva);
    assert!(
        review.contains("Running (Vigorous)") && review.contains("11.5 MET × 60 min"),
        "{review}"
    );
    bot.tap(&eva, "✅ Confirm").await;
    let p = bot
        .db
        .store
        .participant_by_telegram_id(eva.id)
        .await
        .unwrap()
        .unwrap();
    let acts = bot
        .db
        .store
        .participant_activities(p.id, 0, 10)
        .await
        .unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].activity_type, "Running (Vigorous)");
    assert_eq!(acts[0].duration_minutes, 60);
    assert_eq!(acts[0].activity_date, helsinki_today() - Days::new(1));

    // Her usual intensity of running is now vigorous; no duration typed:
    // the durations for today.
    bot.say(&eva, "running").await;
    let text = bot.last_text(&eva);
    assert!(
        text.contains("Running (Vigorous)") && text.contains("How long?"),
        "{text}"
    );
    bot.tap(&eva, "30 min").await;
    bot.tap(&eva, "✅ Confirm").await;
    assert_eq!(
        bot.db
            .store
            .participant_activities(p.id, 0, 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // In Finnish words, in Finnish.
    let aino = Person::speaking(2011, "Aino", "fi");
    activity_challenge_register(&bot, &aino).await;
    bot.say(&aino, "juoksu 30").await;
    let review = bot.last_text(&aino);
    assert!(
        review.contains("Tarkista ja vahvista") && review.contains("Juoksu (Reipas)"),
        "{review}"
    );
    assert!(
        bot.last_labels(&aino)
            .contains(&"📅 Vaihda päivä".to_string())
    );
    bot.stop().await;
}

async fn activity_challenge_register(bot: &TestBot, who: &Person) {
    crate::support::register(&bot.db.store, who.id, &who.first_name, "Blue Herons").await;
}

/// The competition's scoring rules in *How points work*, and in the
/// confirmation: what the daily maximum left out; a too short entry is
/// refused with the reason.
async fn the_competitions_rules_are_shown_and_applied(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let app = crate::support::app_for(&bot.db.store);
    let id = bot.db.store.active_competition().await.unwrap().unwrap().id;
    let rules = activity_challenge::domain::CompetitionRules {
        min_minutes: Some(20),
        daily_max_points: Some(activity_challenge::domain::Points::from_cents(800)),
        ..Default::default()
    };
    activity_challenge::actions::competitions::set_rules(
        &app,
        &activity_challenge::actions::Actor::System,
        id,
        rules,
        None,
    )
    .await
    .unwrap();
    let ann = Person::new(2301, "Ann");
    bot.register(&ann, "Blue Herons").await;
    bot.tap(&ann, "❓ How points work").await;
    let info = bot.last_text(&ann);
    assert!(info.contains("Rules of Test Challenge"), "{info}");
    assert!(
        info.contains("Entries shorter than 20 minutes do not count."),
        "{info}"
    );
    assert!(
        info.contains("At most 8.00 points per person per day"),
        "{info}"
    );
    bot.tap(&ann, "🏠 Menu").await;

    // 5.75 points, then 5.75 more of which 2.25 fit under the 8.00.
    for (counted, note) in [
        ("+5.75", None),
        ("+2.25", Some("3.50 points were not counted")),
    ] {
        to_review(&bot, &ann).await;
        bot.tap(&ann, "✅ Confirm").await;
        let shown = bot.fake.shown(2301);
        let confirmation = &shown[shown.len() - 2].text;
        assert!(confirmation.contains(counted), "{confirmation}");
        match note {
            Some(note) => assert!(confirmation.contains(note), "{confirmation}"),
            None => assert!(!confirmation.contains("not counted"), "{confirmation}"),
        }
    }
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2301)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), "8.00");

    // Ten minutes is below the competition's minimum: refused, not logged.
    // A clear typed entry goes straight to its review for today.
    bot.say(&ann, "running 10").await;
    assert!(bot.last_text(&ann).contains("Check and confirm"));
    bot.tap(&ann, "✅ Confirm").await;
    let refused = bot.last_text(&ann);
    assert!(refused.contains("shorter than 20 minutes"), "{refused}");
    let p = bot
        .db
        .store
        .participant_by_telegram_id(2301)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bot.db
            .store
            .count_participant_activities(p.id)
            .await
            .unwrap(),
        2
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    the_competitions_rules_are_shown_and_applied
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recent_activity_is_logged_again_in_two_taps() {
    let bot = TestBot::start(Backend::Postgres).await;
    let fay = Person::new(2012, "Fay");
    bot.register(&fay, "Blue Herons").await;
    assert!(
        !bot.last_labels(&fay).iter().any(|l| l.starts_with("🔁")),
        "nothing logged yet, nothing to repeat"
    );
    for typed in [
        "running 30",
        "swim 45",
        "running 30",
        "yoga 20",
        "running 40",
    ] {
        bot.say(&fay, typed).await;
        bot.tap(&fay, "✅ Confirm").await;
    }
    // Newest first, each at its most usual duration.
    let repeats: Vec<String> = bot
        .last_labels(&fay)
        .into_iter()
        .filter(|l| l.starts_with("🔁"))
        .collect();
    assert_eq!(
        repeats,
        ["🔁 Running 30 min", "🔁 Yoga 20 min", "🔁 Swimming 45 min"]
    );
    let updates_before = bot.fake.calls_of("answerCallbackQuery").len();
    bot.tap(&fay, "🔁 Running 30 min").await;
    let review = bot.last_text(&fay);
    assert!(
        review.contains("Running (Moderate)") && review.contains("30 min"),
        "{review}"
    );
    bot.tap(&fay, "✅ Confirm").await;
    assert_eq!(
        bot.fake.calls_of("answerCallbackQuery").len() - updates_before,
        2,
        "two taps"
    );
    let p = bot
        .db
        .store
        .participant_by_telegram_id(fay.id)
        .await
        .unwrap()
        .unwrap();
    let acts = bot
        .db
        .store
        .participant_activities(p.id, 0, 10)
        .await
        .unwrap();
    assert_eq!(acts.len(), 6);
    assert_eq!(acts[0].activity_type, "Running (Moderate)");
    assert_eq!(acts[0].activity_date, helsinki_today());
    bot.stop().await;
}
