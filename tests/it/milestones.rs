//! The competition's milestone messages: "starts tomorrow" the day before
//! the first day (also for a competition scheduled to become active), "N
//! days left" on the N-th last day, the final results the day after the
//! last day but not while entries wait for review — each at the hour the
//! organisers set in the competition's zone (across the change to summer
//! time), once per person however often the hourly run repeats, never to
//! test users or people who blocked the bot, and not when turned off. The
//! scheduler queues them on its clock; the bot tells them in the person's
//! language; organisers set them in the panel, on the command line and in
//! the API, each audited, bad values refused with nothing saved.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::milestones::{Milestones, MilestonesForm};
use activity_challenge::domain::{CompetitionDraft, DurationMinutes};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::reviews::NewFlag;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use reqwest::Method;

use crate::competition_rules::{Frontends, active_id, organiser};
use crate::each_backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{self, Backend, ManualClock, TestDb, add_guild, register, utc};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

async fn create(store: &Store, name: &str, start: &str, end: &str, active: bool) -> i64 {
    let draft = CompetitionDraft::parse(name, "", start, end, "Europe/Helsinki").unwrap();
    store.create_competition(&draft, active).await.unwrap().id
}

async fn log(app: &App, user: i64, date: NaiveDate, minutes: u32) -> i64 {
    let entry = app.catalogue.entry_by_code("12028").unwrap();
    app.store
        .log_activity(NewActivity::from_catalogue(
            user,
            entry,
            DurationMinutes::new(minutes).unwrap(),
            date,
            None,
        ))
        .await
        .unwrap()
        .activity
        .id
}

async fn has_job(store: &Store, key: &str) -> bool {
    store.job_by_key(key).await.unwrap().is_some()
}

async fn queued_by_scheduler(store: &Store) -> usize {
    store
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "milestones.queue")
        .count()
}

fn settings(starts: bool, days: &str, results: bool, hour: &str) -> Milestones {
    Milestones::parse(&MilestonesForm {
        starts_tomorrow: starts,
        days_left: days.to_string(),
        final_results: results,
        hour: hour.to_string(),
    })
    .unwrap()
}

/// The organisers set competition `id`'s milestones to `to`.
async fn set(app: &App, id: i64, to: Milestones) {
    actions::competitions::set_milestones(app, &organiser(), id, to, None)
        .await
        .unwrap();
}

async fn milestones_go_on_their_days_at_their_hour_once_each(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = support::app_for(&db.store);
    add_guild(&db.store, "North", 10).await;
    add_guild(&db.store, "South", 10).await;
    // March 2027: the clocks go forward on Sunday the 28th.
    let spring = create(&db.store, "Spring", "2027-03-01", "2027-03-31", true).await;
    let ada = register(&db.store, 801, "Ada", "North").await;
    let bea = register(&db.store, 802, "Bea", "South").await;
    let tess = register(&db.store, 803, "Tess", "North").await;
    db.store.set_test_user(tess.id, true).await.unwrap();
    let dee = register(&db.store, 804, "Dee", "South").await;
    db.store
        .mark_unreachable(0, dee.id, utc("2027-02-01T00:00:00Z"))
        .await
        .unwrap();
    let now = utc("2027-02-01T00:00:00Z");
    let key = |kind: &str, user: i64| format!("milestone:{spring}:{kind}:{user}");
    let run = |at: &str| {
        let app = &app;
        let at = utc(at);
        async move {
            actions::milestones::queue_milestones(app, at, now)
                .await
                .unwrap()
        }
    };

    // The day before the first day: from 12:00 in Helsinki (10:00 UTC in
    // winter), to the two real, reachable participants.
    assert_eq!(run("2027-02-28T09:00:00Z").await, 0, "11:00 is too early");
    assert_eq!(run("2027-02-28T10:00:00Z").await, 2);
    assert!(has_job(&db.store, &key("starts_tomorrow", ada.id)).await);
    assert!(has_job(&db.store, &key("starts_tomorrow", bea.id)).await);
    assert!(!has_job(&db.store, &key("starts_tomorrow", tess.id)).await);
    assert!(!has_job(&db.store, &key("starts_tomorrow", dee.id)).await);
    // Later runs that day add nothing, not even an audit entry.
    assert_eq!(run("2027-02-28T11:00:00Z").await, 0);
    assert_eq!(run("2027-02-28T18:00:00Z").await, 0);
    assert_eq!(queued_by_scheduler(&db.store).await, 1);
    assert_eq!(run("2027-03-01T10:00:00Z").await, 0, "it has started");

    // Three days left, today included: the 29th, in summer time, so 12:00
    // in Helsinki is 09:00 UTC.
    log(&app, ada.id, day("2027-03-02"), 90).await;
    assert_eq!(
        run("2027-03-28T09:00:00Z").await,
        0,
        "the 28th is four days before"
    );
    assert_eq!(run("2027-03-29T08:00:00Z").await, 0, "11:00 summer time");
    assert_eq!(run("2027-03-29T09:00:00Z").await, 2);
    assert!(has_job(&db.store, &key("days_left", ada.id)).await);
    assert_eq!(run("2027-03-29T09:00:00Z").await, 0, "the same hour twice");

    // The final results the day after the last day, but not while an entry
    // waits for review; turned off, they do not go; on again, they do.
    let entry = log(&app, bea.id, day("2027-03-31"), 60).await;
    let flag = db
        .store
        .add_flags(&[NewFlag {
            user_id: bea.id,
            activity_id: entry,
            activity: "Running".into(),
            reasons: "long_day".into(),
            detail: String::new(),
        }])
        .await
        .unwrap()[0];
    assert_eq!(run("2027-04-01T09:00:00Z").await, 0, "a review is pending");
    actions::reviews::approve(&app, &organiser(), flag)
        .await
        .unwrap();
    set(&app, spring, settings(true, "3", false, "14")).await;
    assert_eq!(run("2027-04-01T11:00:00Z").await, 0, "turned off");
    set(&app, spring, settings(true, "3", true, "14")).await;
    assert_eq!(
        run("2027-04-01T10:00:00Z").await,
        0,
        "13:00 is before 14:00"
    );
    assert_eq!(run("2027-04-01T11:00:00Z").await, 2);
    assert!(has_job(&db.store, &key("final_results", bea.id)).await);
    // Changing the settings after a milestone went does not send it again.
    set(&app, spring, settings(true, "2", true, "15")).await;
    assert_eq!(run("2027-04-02T12:00:00Z").await, 0);
    // Nothing in the quiet hours (22–08), even on the right day.
    assert_eq!(run("2027-04-03T20:00:00Z").await, 0);

    // A competition scheduled to become active gets its "starts tomorrow",
    // but nothing else until it is active.
    let autumn = create(&db.store, "Autumn", "2027-09-01", "2027-09-30", false).await;
    actions::competitions::schedule(&app, &organiser(), autumn, Some(day("2027-09-01")))
        .await
        .unwrap();
    assert_eq!(run("2027-08-31T09:00:00Z").await, 2);
    assert!(
        has_job(
            &db.store,
            &format!("milestone:{autumn}:starts_tomorrow:{}", ada.id)
        )
        .await
    );
    assert_eq!(run("2027-09-28T09:00:00Z").await, 0, "not active");
    assert_eq!(queued_by_scheduler(&db.store).await, 4);
}

each_backend!(
    #[tokio::test]
    milestones_go_on_their_days_at_their_hour_once_each
);

async fn the_scheduler_queues_the_milestones_on_its_clock(backend: Backend) {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "North", 10).await;
    create(&db.store, "Spring", "2027-03-01", "2027-03-31", true).await;
    let ada = register(&db.store, 811, "Ada", "North").await;
    let app = Arc::new(App::with_store(
        db.config(),
        db.store.clone(),
        Arc::new(support::catalogue()),
    ));
    let spring = active_id(&app).await;
    // Started at 12:00:20 in Helsinki the day before the start.
    let clock = Arc::new(ManualClock(Mutex::new(utc("2027-02-28T10:00:20Z"))));
    let handle =
        activity_challenge::jobs::start(app.clone(), clock.clone(), Duration::from_millis(20));
    let key = format!("milestone:{spring}:starts_tomorrow:{}", ada.id);
    let mut found = false;
    for _ in 0..200 {
        if has_job(&db.store, &key).await {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(found, "the hourly run queued the message");
    assert!(has_job(&db.store, "milestones@2027-02-28T10:00Z").await);
    handle.stop().await;
}

each_backend!(
    #[tokio::test]
    the_scheduler_queues_the_milestones_on_its_clock
);

/// `hour`:00 in Helsinki, `days` days from today (negative: before).
fn helsinki(days: i64, hour: u32) -> DateTime<Utc> {
    let today = Utc::now().with_timezone(&Helsinki).date_naive();
    let date = if days >= 0 {
        today + Days::new(days as u64)
    } else {
        today - Days::new(days.unsigned_abs())
    };
    Helsinki
        .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

async fn the_bot_tells_the_milestones_in_each_persons_language(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(7401, "Fay");
    let gus = Person::new(7402, "Gus");
    bot.register(&fay, "Blue Herons").await;
    bot.register(&gus, "Falcon Club").await;
    bot.db.store.set_bot_language(gus.id, "fi").await.unwrap();
    bot.say(&fay, "running 30").await;
    bot.tap(&fay, "✅ Confirm").await;
    let app = &bot.app;
    let id = active_id(app).await;
    // The competition runs from about ten days ago to ten days ahead: the
    // "days left" message is set to go today.
    let end = app.store.competition(id).await.unwrap().end_date;
    let today = helsinki(0, 12).with_timezone(&Helsinki).date_naive();
    let days = ((end - today).num_days() + 1).to_string();
    set(app, id, settings(true, &days, true, "12")).await;
    let queued = actions::milestones::queue_milestones(app, helsinki(0, 12), Utc::now())
        .await
        .unwrap();
    assert_eq!(queued, 2);
    let arrived = bot
        .fake
        .wait_until(Duration::from_secs(20), |calls| {
            let has = |id: i64, text: &str| {
                calls
                    .iter()
                    .any(|c| c.chat_id() == Some(id) && c.text().is_some_and(|t| t.contains(text)))
            };
            has(fay.id, &format!("{days} days left"))
                && has(gus.id, &format!("{days} päivää jäljellä"))
        })
        .await;
    assert!(
        arrived,
        "{:?} {:?}",
        bot.fake.texts(fay.id),
        bot.fake.texts(gus.id)
    );
    let text = |person: &Person, part: &str| {
        bot.fake
            .texts(person.id)
            .into_iter()
            .find(|t| t.contains(part))
            .unwrap()
    };
    let days_left = text(&fay, "days left");
    for part in [
        format!("{days} days left in Test Challenge, today included.").as_str(),
        "points, rank 1 of 2.",
        "Your guild Blue Herons: place 1 of 2.",
    ] {
        assert!(days_left.contains(part), "{part} in {days_left}");
    }
    let finnish = text(&gus, "päivää jäljellä");
    assert!(
        finnish.contains("Sinä: 0,00 pistettä, sija 2/2."),
        "{finnish}"
    );

    // The competition ended yesterday: the final results go today.
    let c = app.store.competition(id).await.unwrap();
    let yesterday = helsinki(-1, 12).with_timezone(&Helsinki).date_naive();
    let draft = CompetitionDraft::parse(
        &c.name,
        "",
        &c.start_date.to_string(),
        &yesterday.to_string(),
        "Europe/Helsinki",
    )
    .unwrap();
    app.store
        .update_competition(id, &draft, None)
        .await
        .unwrap();
    let queued = actions::milestones::queue_milestones(app, helsinki(0, 12), Utc::now())
        .await
        .unwrap();
    assert_eq!(queued, 2);
    let arrived = bot
        .fake
        .wait_until(Duration::from_secs(20), |calls| {
            calls
                .iter()
                .filter(|c| c.text().is_some_and(|t| t.contains("🏆")))
                .count()
                == 2
        })
        .await;
    assert!(arrived, "{:?}", bot.fake.texts(fay.id));
    let results = text(&fay, "🏆");
    for part in [
        "Test Challenge has ended.",
        "1. Blue Herons",
        "2. Falcon Club",
        "points, rank 1 of 2.",
        "Thank you for taking part!",
    ] {
        assert!(results.contains(part), "{part} in {results}");
    }
    let finnish = text(&gus, "🏆");
    assert!(finnish.contains("on päättynyt"), "{finnish}");
    assert!(finnish.contains("Kiitos osallistumisesta!"), "{finnish}");
    bot.stop().await;
}

each_backend!(
    #[tokio::test]
    the_bot_tells_the_milestones_in_each_persons_language
);

async fn organisers_set_the_milestones_in_the_panel_the_cli_and_the_api(backend: Backend) {
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;
    let id = active_id(f.app()).await;
    let path = format!("/admin/competitions/{id}/milestones");
    let audited = || async {
        f.app()
            .store
            .list_audit(&Default::default(), 0, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "competition.milestones")
            .filter_map(|e| e.details)
            .collect::<Vec<_>>()
    };

    // The panel: the defaults shown; a bad number of days and an hour in
    // the quiet hours are refused by their fields, nothing saved.
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body.contains(r#"<section id="milestones">"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"name="starts_tomorrow" value="on" checked"#)
    );
    assert!(
        page.body
            .contains(r#"<option value="12" selected>12:00</option>"#)
    );
    assert!(
        !page.body.contains(r#"<option value="23""#),
        "quiet hours not offered"
    );
    let page = f
        .panel
        .post(
            &path,
            &[("days_left_on", "on"), ("days_left", "30"), ("hour", "12")],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains(r#"id="days_left-error""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("from 1 to 14"), "{}", page.body);
    let page = f
        .panel
        .post(&path, &[("starts_tomorrow", "on"), ("hour", "23")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("quiet hours"), "{}", page.body);
    assert!(audited().await.is_empty());
    assert_eq!(
        f.app().store.competition(id).await.unwrap().milestones,
        Milestones::default()
    );
    // Unticked boxes turn messages off.
    let page = f
        .panel
        .post(
            &path,
            &[("final_results", "on"), ("days_left", "5"), ("hour", "17")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let set = f.app().store.competition(id).await.unwrap().milestones;
    assert_eq!(set, settings(false, "", true, "17"));
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body
            .contains(r#"<option value="17" selected>17:00</option>"#)
    );
    assert!(page.body.contains(r#"name="starts_tomorrow" value="on">"#));
    // Saving the scoring rules leaves them be.
    assert_eq!(
        f.panel
            .post(
                &format!("/admin/competitions/{id}/rules"),
                &[("min_minutes", "5")]
            )
            .await
            .status,
        303
    );
    assert_eq!(f.app().store.competition(id).await.unwrap().milestones, set);

    // The command line: an option left out is kept; a bad one names its flag.
    let cli = |args: &[&str]| {
        let app = f.app();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            activity_challenge::cli::run_args(app, &organiser(), &args).await
        }
    };
    let id_text = id.to_string();
    cli(&[
        "competition",
        "milestones",
        "set",
        &id_text,
        "--days-left",
        "2",
        "--starts-tomorrow",
        "on",
    ])
    .await
    .unwrap();
    let now = f.app().store.competition(id).await.unwrap().milestones;
    assert_eq!(now, settings(true, "2", true, "17"));
    let refused = cli(&["competition", "milestones", "set", &id_text, "--hour", "7"])
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("--hour"), "{refused}");
    let refused = cli(&[
        "competition",
        "milestones",
        "set",
        &id_text,
        "--final-results",
        "maybe",
    ])
    .await
    .unwrap_err();
    assert!(refused.to_string().contains("on or off"), "{refused}");
    cli(&["competition", "milestones", "show", &id_text])
        .await
        .unwrap();
    assert_eq!(f.app().store.competition(id).await.unwrap().milestones, now);

    // The API: read back; a field left out kept; a bad one a 422 naming it.
    let api_path = format!("/admin/competitions/{id}/milestones");
    let (status, body) = f.api(Method::GET, &api_path, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["days_left"], 2);
    assert_eq!(body["hour"], 17);
    assert!(body["days_left_on"].is_string(), "{body}");
    let (status, body) = f
        .api(Method::PUT, &api_path, Some(r#"{"days_left":0,"hour":9}"#))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["days_left"], serde_json::Value::Null);
    assert_eq!(body["starts_tomorrow"], true);
    let (status, body) = f.api(Method::PUT, &api_path, Some(r#"{"hour":24}"#)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("hour"), "{body}");
    let (status, body) = f
        .api(Method::PUT, &api_path, Some(r#"{"hour":10,"version":1}"#))
        .await;
    assert_eq!(status, 409, "{body}");
    let last = f.app().store.competition(id).await.unwrap().milestones;
    assert_eq!(last, settings(true, "", true, "9"));

    // Each change once in the audit log, before and after.
    let entries = audited().await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(
        entries
            .iter()
            .any(|d| d == "starts tomorrow, 2 days left, final results at 17:00 → starts tomorrow, final results at 09:00"),
        "{entries:?}"
    );
    // Participants cannot.
    let refused = actions::competitions::set_milestones(
        f.app(),
        &Actor::Participant {
            id: 1,
            telegram_id: 1,
        },
        id,
        Milestones::default(),
        None,
    )
    .await;
    assert!(
        matches!(refused, Err(ActionError::Forbidden(_))),
        "{refused:?}"
    );
}

each_backend!(
    #[tokio::test]
    organisers_set_the_milestones_in_the_panel_the_cli_and_the_api
);
