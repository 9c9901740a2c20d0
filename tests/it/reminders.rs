//! Reminders and the weekly digest: a reminder is queued at the hour a
//! participant chose in the competition's time zone (also across the
//! changes to and from summer time), once a day, never in the quiet hours
//! and not to those who logged that day, turned reminders off or are test
//! users; the scheduler queues the hourly runs on its clock; in the bot,
//! /settings sets the hour and the digest, the reminder's buttons log the
//! most recent activity again and turn reminders off; the digest tells the
//! week's points, active days, streak, rank and the guild's position; and
//! a participant who had blocked the bot is reachable again when they
//! write to it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::{CompetitionDraft, DurationMinutes};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;

use crate::each_backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{self, Backend, ManualClock, TestDb, add_guild, register, utc};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn me(id: i64, telegram_id: i64) -> Actor {
    Actor::Participant { id, telegram_id }
}

async fn competition(store: &Store, start: &str, end: &str) {
    let draft = CompetitionDraft::parse("Spring", "", start, end, "Europe/Helsinki").unwrap();
    store.create_competition(&draft, true).await.unwrap();
}

async fn log_on(app: &App, user: i64, date: NaiveDate) {
    let entry = app.catalogue.entry_by_code("12028").unwrap();
    app.store
        .log_activity(NewActivity::from_catalogue(
            user,
            entry,
            DurationMinutes::new(30).unwrap(),
            date,
            None,
        ))
        .await
        .unwrap();
}

async fn has_job(store: &Store, key: &str) -> bool {
    store.job_by_key(key).await.unwrap().is_some()
}

async fn reminders_follow_the_local_hour_and_skip_who_logged(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = support::app_for(&db.store);
    add_guild(&db.store, "North", 10).await;
    competition(&db.store, "2026-03-01", "2026-11-30").await;
    let ada = register(&db.store, 501, "Ada", "North").await;
    let bea = register(&db.store, 502, "Bea", "North").await;
    let cid = register(&db.store, 503, "Cid", "North").await;
    let dee = register(&db.store, 504, "Dee", "North").await;
    let tess = register(&db.store, 505, "Tess", "North").await;
    db.store.set_test_user(tess.id, true).await.unwrap();
    for p in [&ada, &bea, &dee, &tess] {
        actions::reminders::set_reminder(&app, &me(p.id, p.telegram_id), p.id, Some(18))
            .await
            .unwrap();
    }
    // Dee turns them off again; Cid never turned them on.
    actions::reminders::set_reminder(&app, &me(dee.id, dee.telegram_id), dee.id, None)
        .await
        .unwrap();
    // An hour in the quiet hours (22-08 by default) is refused.
    for hour in [22, 23, 0, 7] {
        let refused = actions::reminders::set_reminder(
            &app,
            &me(ada.id, ada.telegram_id),
            ada.id,
            Some(hour),
        )
        .await;
        assert!(
            matches!(refused, Err(ActionError::Rejected(_))),
            "{hour}: {refused:?}"
        );
    }
    // Only their own.
    assert!(matches!(
        actions::reminders::set_reminder(&app, &me(bea.id, bea.telegram_id), ada.id, None).await,
        Err(ActionError::Forbidden(_))
    ));
    assert_eq!(
        db.store
            .person_settings(ada.id)
            .await
            .unwrap()
            .reminder_hour,
        Some(18)
    );

    // Bea logged on 28 March, the last Saturday of winter time.
    log_on(&app, bea.id, day("2026-03-28")).await;
    let now = utc("2026-03-01T00:00:00Z");
    // 18:00 in Helsinki is 16:00 UTC in winter…
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-03-28T15:00:00Z"), now)
            .await
            .unwrap(),
        0,
        "17:00 local is nobody's hour"
    );
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-03-28T16:00:00Z"), now)
            .await
            .unwrap(),
        1
    );
    assert!(has_job(&db.store, &format!("reminder:2026-03-28:{}", ada.id)).await);
    for other in [&bea, &cid, &dee, &tess] {
        assert!(!has_job(&db.store, &format!("reminder:2026-03-28:{}", other.id)).await);
    }
    // … and 15:00 UTC from the Sunday the clocks go forward.
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-03-29T16:00:00Z"), now)
            .await
            .unwrap(),
        0,
        "19:00 local in summer time"
    );
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-03-29T15:00:00Z"), now)
            .await
            .unwrap(),
        2,
        "Bea logged on Saturday, not on Sunday"
    );
    // A repeated run adds nothing.
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-03-29T15:00:00Z"), now)
            .await
            .unwrap(),
        0
    );
    // Back to winter time on the last Sunday of October.
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-10-24T15:00:00Z"), now)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-10-25T15:00:00Z"), now)
            .await
            .unwrap(),
        0,
        "17:00 local in winter time"
    );
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-10-25T16:00:00Z"), now)
            .await
            .unwrap(),
        2
    );
    // Nothing after the competition, nothing in the quiet hours.
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-12-01T16:00:00Z"), now)
            .await
            .unwrap(),
        0
    );
    // Someone Telegram cannot reach gets nothing.
    db.store.mark_unreachable(0, ada.id, now).await.unwrap();
    assert_eq!(
        actions::reminders::queue_reminders(&app, utc("2026-10-26T16:00:00Z"), now)
            .await
            .unwrap(),
        1
    );
    assert!(!has_job(&db.store, &format!("reminder:2026-10-26:{}", ada.id)).await);
}

each_backend!(
    #[tokio::test]
    reminders_follow_the_local_hour_and_skip_who_logged
);

async fn the_scheduler_queues_the_hour_on_its_clock(backend: Backend) {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "North", 10).await;
    competition(&db.store, "2026-03-01", "2026-11-30").await;
    let ada = register(&db.store, 601, "Ada", "North").await;
    let app = Arc::new(App::with_store(
        db.config(),
        db.store.clone(),
        Arc::new(support::catalogue()),
    ));
    actions::reminders::set_reminder(&app, &me(ada.id, ada.telegram_id), ada.id, Some(18))
        .await
        .unwrap();
    // Started a little after the hour: that hour is still queued.
    let clock = Arc::new(ManualClock(Mutex::new(utc("2026-03-29T14:00:20Z"))));
    let handle =
        activity_challenge::jobs::start(app.clone(), clock.clone(), Duration::from_millis(20));
    let key = format!("reminder:2026-03-29:{}", ada.id);
    let mut found = false;
    for step in 0..200 {
        if step == 10 {
            *clock.0.lock().unwrap() = utc("2026-03-29T15:00:05Z");
        }
        if has_job(&db.store, &key).await {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(found, "18:00 in Helsinki (summer time) queued the reminder");
    assert!(has_job(&db.store, "reminders@2026-03-29T14:00Z").await);
    assert!(has_job(&db.store, "digest@2026-03-29T15:00Z").await);
    handle.stop().await;
}

each_backend!(
    #[tokio::test]
    the_scheduler_queues_the_hour_on_its_clock
);

/// The next moment `hour`:00 in Helsinki after now, `days` days on.
fn helsinki_hour(days: u64, hour: u32) -> DateTime<Utc> {
    let date = Utc::now().with_timezone(&Helsinki).date_naive() + Days::new(days);
    Helsinki
        .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

async fn the_reminder_buttons_log_and_turn_it_off(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(7101, "Fay");
    bot.register(&fay, "Blue Herons").await;
    bot.say(&fay, "running 30").await;
    bot.tap(&fay, "✅ Confirm").await;

    bot.say(&fay, "/settings").await;
    assert!(
        bot.last_text(&fay).contains("Daily reminder: off"),
        "{}",
        bot.last_text(&fay)
    );
    bot.tap(&fay, "⏰ Set the reminder time").await;
    let hours = bot.last_labels(&fay);
    assert!(hours.contains(&"18:00".to_string()), "{hours:?}");
    assert!(
        !hours.contains(&"23:00".to_string()),
        "quiet hours are not offered: {hours:?}"
    );
    bot.tap(&fay, "18:00").await;
    assert!(
        bot.last_text(&fay).contains("every day at 18:00"),
        "{}",
        bot.last_text(&fay)
    );
    let id = bot
        .db
        .store
        .participant_by_telegram_id(fay.id)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        bot.db
            .store
            .person_settings(id)
            .await
            .unwrap()
            .reminder_hour,
        Some(18)
    );

    // Tomorrow at 18:00 she has logged nothing for that day.
    let queued = actions::reminders::queue_reminders(&bot.app, helsinki_hour(1, 18), Utc::now())
        .await
        .unwrap();
    assert_eq!(queued, 1);
    let arrived = bot
        .fake
        .wait_until(Duration::from_secs(20), |calls| {
            calls.iter().any(|c| {
                c.chat_id() == Some(fay.id)
                    && c.text()
                        .is_some_and(|t| t.contains("Nothing logged today yet"))
            })
        })
        .await;
    assert!(arrived, "{:?}", bot.fake.texts(fay.id));
    assert_eq!(
        bot.last_labels(&fay),
        ["🔁 Running 30 min", "🔕 Turn reminders off"]
    );
    // One tap opens the review of Running 30 min for today; Confirm logs it.
    bot.tap(&fay, "🔁 Running 30 min").await;
    assert!(
        bot.last_text(&fay).contains("Running"),
        "{}",
        bot.last_text(&fay)
    );
    bot.tap(&fay, "✅ Confirm").await;
    assert_eq!(
        bot.db.store.count_participant_activities(id).await.unwrap(),
        2
    );
    // Off from the reminder itself.
    bot.tap(&fay, "🔕 Turn reminders off").await;
    assert_eq!(
        bot.db
            .store
            .person_settings(id)
            .await
            .unwrap()
            .reminder_hour,
        None
    );
    // The reminder message itself now shows the settings.
    let shown = bot.fake.shown(fay.id);
    assert!(
        shown.iter().any(|m| m.text.contains("Daily reminder: off")
            && m.labels()
                .contains(&"📅 Turn the weekly summary off".to_string())),
        "{shown:?}"
    );

    // The digest off and on again.
    bot.tap(&fay, "📅 Turn the weekly summary off").await;
    assert!(
        !bot.db
            .store
            .person_settings(id)
            .await
            .unwrap()
            .weekly_digest
    );
    bot.tap(&fay, "📅 Turn the weekly summary on").await;
    assert!(
        bot.db
            .store
            .person_settings(id)
            .await
            .unwrap()
            .weekly_digest
    );

    // Blocked the bot, then wrote to it again: reachable.
    bot.db
        .store
        .mark_unreachable(0, id, Utc::now())
        .await
        .unwrap();
    assert!(bot.db.store.person_settings(id).await.unwrap().unreachable);
    bot.say(&fay, "/settings").await;
    assert!(!bot.db.store.person_settings(id).await.unwrap().unreachable);
    bot.stop().await;
}

each_backend!(
    #[tokio::test]
    the_reminder_buttons_log_and_turn_it_off
);

async fn the_weekly_digest_tells_the_week(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(7201, "Fay");
    let gus = Person::new(7202, "Gus");
    bot.register(&fay, "Blue Herons").await;
    bot.register(&gus, "Falcon Club").await;
    bot.say(&fay, "running 30").await;
    bot.tap(&fay, "✅ Confirm").await;
    // Gus turned the digest off.
    bot.say(&gus, "/settings").await;
    bot.tap(&gus, "📅 Turn the weekly summary off").await;

    // The coming Monday, 08:00 in Helsinki: the week before holds today.
    let today = Utc::now().with_timezone(&Helsinki).date_naive();
    let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
    let monday = helsinki_hour(ahead, 8);
    // Gus and his guild were ahead before that week (two hours of running
    // the day before it began); Fay overtakes them in it (ten more hours
    // today).
    let week_start = today + Days::new(ahead) - Days::new(7);
    let gus_id = bot
        .db
        .store
        .participant_by_telegram_id(gus.id)
        .await
        .unwrap()
        .unwrap()
        .id;
    let entry = bot.app.catalogue.entry_by_code("12028").unwrap();
    bot.db
        .store
        .log_activity(NewActivity::from_catalogue(
            gus_id,
            entry,
            DurationMinutes::new(120).unwrap(),
            week_start - Days::new(1),
            None,
        ))
        .await
        .unwrap();
    let fay_id = bot
        .db
        .store
        .participant_by_telegram_id(fay.id)
        .await
        .unwrap()
        .unwrap()
        .id;
    bot.db
        .store
        .log_activity(NewActivity::from_catalogue(
            fay_id,
            entry,
            DurationMinutes::new(600).unwrap(),
            today,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        actions::reminders::queue_digests(
            &bot.app,
            monday - chrono::Duration::hours(1),
            Utc::now()
        )
        .await
        .unwrap(),
        0,
        "only at 08:00"
    );
    assert_eq!(
        actions::reminders::queue_digests(&bot.app, monday, Utc::now())
            .await
            .unwrap(),
        1
    );
    let arrived = bot
        .fake
        .wait_until(Duration::from_secs(20), |calls| {
            calls.iter().any(|c| {
                c.chat_id() == Some(fay.id) && c.text().is_some_and(|t| t.contains("Your week"))
            })
        })
        .await;
    assert!(arrived, "{:?}", bot.fake.texts(fay.id));
    let digest = bot
        .fake
        .texts(fay.id)
        .into_iter()
        .find(|t| t.contains("Your week"))
        .unwrap();
    let streak = if today.weekday() == chrono::Weekday::Sun {
        "1 day"
    } else {
        "0 days"
    };
    for part in [
        "Points: 68.25",
        "Active days: 1 of 7",
        &format!("Current streak: {streak}"),
        "Your rank: 1 (a week before: 2)",
        "Blue Herons: place 1 (a week before: 2)",
    ] {
        assert!(digest.contains(part), "{part} in {digest}");
    }
    assert!(
        !bot.fake
            .texts(gus.id)
            .iter()
            .any(|t| t.contains("Your week")),
        "Gus turned it off"
    );
    // Once per week however often it runs.
    assert_eq!(
        actions::reminders::queue_digests(&bot.app, monday, Utc::now())
            .await
            .unwrap(),
        0
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test]
    the_weekly_digest_tells_the_week
);

async fn the_streak_leaderboard_hides_test_users_and_names(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(7301, "Fay");
    let gus = Person::new(7302, "Gus");
    let tim = Person::new(7303, "Tim");
    for (who, guild) in [
        (&fay, "Blue Herons"),
        (&gus, "Falcon Club"),
        (&tim, "Falcon Club"),
    ] {
        bot.register(who, guild).await;
        bot.say(who, "running 30").await;
        bot.tap(who, "✅ Confirm").await;
    }
    bot.say(&gus, "/profile").await;
    bot.tap(&gus, "🕶 Appear as anonymous in lists").await;
    let tim_id = bot
        .db
        .store
        .participant_by_telegram_id(tim.id)
        .await
        .unwrap()
        .unwrap()
        .id;
    bot.db.store.set_test_user(tim_id, true).await.unwrap();

    bot.say(&fay, "/stats").await;
    bot.tap(&fay, "🔥 Streaks").await;
    let text = bot.last_text(&fay);
    assert!(text.contains("1. Fay (Blue Herons) — 1 day"), "{text}");
    assert!(
        text.contains("1. anonymous (Falcon Club) — 1 day"),
        "{text}"
    );
    assert!(!text.contains("Tim") && !text.contains("Gus"), "{text}");
    bot.stop().await;
}

each_backend!(
    #[tokio::test]
    the_streak_leaderboard_hides_test_users_and_names
);

async fn the_public_api_lists_the_longest_streaks(backend: Backend) {
    use crate::api_public::log;
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "Tietokilta", 10).await;
    support::add_running_competition(&db.store, 5, 10).await;
    let aino = register(&db.store, 1101, "Aino", "Tietokilta").await;
    let bo = register(&db.store, 1102, "Bo", "Tietokilta").await;
    let tess = register(&db.store, 1103, "Tess", "Tietokilta").await;
    db.store.set_public_anonymous(bo.id, true).await.unwrap();
    db.store.set_test_user(tess.id, true).await.unwrap();
    for days_ago in [0, 1] {
        log(&db.store, aino.id, 30, days_ago).await;
    }
    log(&db.store, bo.id, 30, 1).await;
    for days_ago in [0, 1, 2, 3] {
        log(&db.store, tess.id, 30, days_ago).await;
    }
    let server = support::TestServer::start(db.config()).await;
    let resp = server.get("/api/v1/streaks").await;
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{body}");
    assert_eq!(items[0]["first_name"], "Aino");
    assert_eq!(items[0]["days"], 2);
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(items[1]["first_name"], "");
    assert_eq!(items[1]["anonymous"], true);
    assert_eq!(items[1]["days"], 1);
    server.stop().await;
}

each_backend!(
    #[tokio::test]
    the_public_api_lists_the_longest_streaks
);
