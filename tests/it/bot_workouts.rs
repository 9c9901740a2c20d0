//! The bot takes a workout file sent as a document: every real file of
//! `tests/data/workouts/` end to end through the fake Bot API (`getFile`
//! and the file download as Telegram serves them) — a card, then one tap
//! logs it; or the refusal, in the person's language, and nothing logged.
//! Also: gzip, a forwarded file, the same file twice, a double tap, a
//! restart with a card open, an older card's buttons, an unknown sport,
//! changing the intensity, dropping, and a file above Telegram's limit.

use chrono::{Duration, Utc};

use crate::each_backend;

use crate::support::Backend;
use crate::support::fake_telegram::Person;
use crate::support::fit_writer::{self, Leg};
use crate::support::telegram_bot::TestBot;
use crate::support::workout_files::{moved_to_days_ago, real_file, real_file_names};
use activity_challenge::domain::ActivitySource;

/// What a real file gives: the words its card shows, or its refusal's.
enum Expect {
    Card(&'static [&'static str]),
    Refused(&'static [&'static str]),
}

/// Every real file, moved to two days ago where its date matters.
fn expectations() -> Vec<(&'static str, bool, Expect)> {
    use Expect::*;
    vec![
        (
            "activity-small-fenix2-run.fit",
            true,
            Card(&["Running (", "47 min", "9.0 km", "→ <b>"]),
        ),
        (
            "sample-activity.fit",
            true,
            Card(&["Cycling (", "178 min", "88.8 km"]),
        ),
        (
            "garmin-edge-500-activity.fit",
            true,
            Card(&["Cycling (", "177 min", "92.6 km"]),
        ),
        (
            "20170518-191602-1740899583.fit",
            true,
            Card(&["Indoor rowing (", "28 min"]),
        ),
        (
            "garmin-fenix-5-bike.fit",
            true,
            Card(&["Cycling (", "1 min"]),
        ),
        (
            "garmin-activity.gpx",
            true,
            Card(&["Running", "91 min", "12.8 km", "GPX file"]),
        ),
        (
            "test.tcx",
            true,
            Card(&["Running", "33 min", "4.7 km", "TCX file"]),
        ),
        (
            "garmin-fenix-5-run.fit",
            true,
            Refused(&["only 57 seconds", "from one minute up"]),
        ),
        (
            "garmin-fenix-5-walk.fit",
            true,
            Refused(&["only 45 seconds"]),
        ),
        (
            "wahoo_example.gpx",
            false,
            Refused(&["only 0 seconds of moving time (2 s in all)"]),
        ),
        (
            "activity-settings-corruptheader.fit",
            false,
            Refused(&["damaged or incomplete", "Export the activity again"]),
        ),
        ("Settings.fit", false, Refused(&["device settings"])),
    ]
}

async fn activities_of(
    bot: &TestBot,
    telegram_id: i64,
) -> Vec<activity_challenge::store::activities::Activity> {
    let p = bot
        .db
        .store
        .participant_by_telegram_id(telegram_id)
        .await
        .unwrap()
        .unwrap();
    bot.db
        .store
        .participant_activities(p.id, 0, 100)
        .await
        .unwrap()
}

/// `person` sends the file; returns once the bot has handled it.
async fn send(bot: &TestBot, person: &Person, name: &str, bytes: &[u8]) {
    let id = bot.fake.send_document(person, name, bytes);
    bot.recorder.wait(id).await;
}

async fn every_real_file_is_logged_or_refused_with_why(backend: Backend) {
    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let ann = Person::new(3001, "Ann");
    bot.register(&ann, "Blue Herons").await;
    let expected = expectations();
    let names: Vec<&str> = expected.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(
        real_file_names(),
        {
            let mut n: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            n.sort();
            n
        },
        "every real file is tested"
    );
    let mut logged = 0;
    for (name, moved, expect) in expected {
        let original = real_file(name);
        let bytes = if moved {
            moved_to_days_ago(name, &original, 2)
        } else {
            original
        };
        let downloads = bot.fake.calls_of("downloadFile").len();
        send(&bot, &ann, name, &bytes).await;
        assert_eq!(
            bot.fake.calls_of("downloadFile").len(),
            downloads + 1,
            "{name} was downloaded"
        );
        let text = bot.last_text(&ann);
        match expect {
            Expect::Card(words) => {
                for w in words {
                    assert!(text.contains(w), "{name}: {w:?} not in {text}");
                }
                assert!(
                    bot.last_labels(&ann).contains(&"✅ Log it".to_string()),
                    "{name}: {:?}",
                    bot.last_labels(&ann)
                );
                bot.tap(&ann, "✅ Log it").await;
                logged += 1;
                let shown = bot.fake.shown(ann.id);
                let record = &shown[shown.len() - 2];
                assert!(record.text.contains("Logged!"), "{name}: {}", record.text);
                assert!(record.buttons.is_empty(), "the card stays as a record");
                let acts = activities_of(&bot, ann.id).await;
                assert_eq!(acts.len(), logged, "{name}");
                assert_eq!(acts[0].source, ActivitySource::File, "{name}");
                assert!(acts[0].started_at.is_some(), "{name}");
            }
            Expect::Refused(words) => {
                assert!(text.starts_with("⚠️"), "{name}: {text}");
                for w in words {
                    assert!(text.contains(w), "{name}: {w:?} not in {text}");
                }
                assert_eq!(activities_of(&bot, ann.id).await.len(), logged, "{name}");
            }
        }
    }
    assert_eq!(logged, 7);

    // A real run at its own date (2015): refused with the date and the window.
    send(
        &bot,
        &ann,
        "run.fit",
        &real_file("activity-small-fenix2-run.fit"),
    )
    .await;
    let text = bot.last_text(&ann);
    assert!(
        text.contains("recorded on 2015-08-15") && text.contains("Test Challenge"),
        "{text}"
    );
    // Not a workout file at all.
    send(&bot, &ann, "photo.jpg", b"\xff\xd8\xff\xe0 JFIF").await;
    assert!(bot.last_text(&ann).contains("FIT, GPX or TCX"));
    assert_eq!(activities_of(&bot, ann.id).await.len(), 7);
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    every_real_file_is_logged_or_refused_with_why
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_workout_twice_and_a_double_tap_log_once() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let bo = Person::new(3002, "Bo");
    bot.register(&bo, "Blue Herons").await;
    let tcx = moved_to_days_ago("test.tcx", &real_file("test.tcx"), 1);
    // Gzip-compressed, as Strava's bulk export writes it.
    let packed = {
        use std::io::Write as _;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&tcx).unwrap();
        e.finish().unwrap()
    };
    send(&bot, &bo, "run.tcx.gz", &packed).await;
    assert!(
        bot.last_text(&bo).contains("33 min"),
        "{}",
        bot.last_text(&bo)
    );
    let (message, data) = bot.fake.find_button(bo.id, "✅ Log it").unwrap();
    let first = bot.fake.tap_data(&bo, bo.id, message, &data);
    let second = bot.fake.tap_data(&bo, bo.id, message, &data);
    bot.recorder.wait(first).await;
    bot.recorder.wait(second).await;
    assert_eq!(
        activities_of(&bot, bo.id).await.len(),
        1,
        "a double tap logs once"
    );

    // The same file again, and the same workout exported plain.
    send(&bot, &bo, "run.tcx.gz", &packed).await;
    let again = bot.last_text(&bo);
    assert!(again.contains("already logged"), "{again}");
    assert!(!again.contains("Log it"));
    send(&bot, &bo, "run.tcx", &tcx).await;
    assert!(bot.last_text(&bo).contains("already logged"));
    assert_eq!(activities_of(&bot, bo.id).await.len(), 1);

    // Forwarded from another chat: the same as sent.
    let fit = moved_to_days_ago(
        "activity-small-fenix2-run.fit",
        &real_file("activity-small-fenix2-run.fit"),
        1,
    );
    let friend = Person::new(3999, "Friend");
    let id = bot
        .fake
        .forward_document(&bo, &friend, "Morning_Run.fit", &fit);
    bot.recorder.wait(id).await;
    assert!(
        bot.last_text(&bo).contains("47 min"),
        "{}",
        bot.last_text(&bo)
    );
    bot.tap(&bo, "✅ Log it").await;
    assert_eq!(activities_of(&bot, bo.id).await.len(), 2);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_survives_a_restart_and_an_older_card_does_nothing() {
    let mut bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let cy = Person::new(3003, "Cy");
    bot.register(&cy, "Falcon Club").await;
    let older = fit_writer::run(Utc::now() - Duration::hours(30), 25, 4.0);
    send(&bot, &cy, "a.fit", &older).await;
    let (old_message, old_log) = bot.fake.find_button(cy.id, "✅ Log it").unwrap();
    let newer = moved_to_days_ago("garmin-activity.gpx", &real_file("garmin-activity.gpx"), 1);
    send(&bot, &cy, "b.gpx", &newer).await;
    bot.restart().await;

    // The older card's button: expired, nothing logged, the open card shown again.
    let id = bot.fake.tap_data(&cy, cy.id, old_message, &old_log);
    bot.recorder.wait(id).await;
    assert!(activities_of(&bot, cy.id).await.is_empty());
    assert!(
        bot.fake
            .callback_answers()
            .last()
            .unwrap()
            .as_deref()
            .unwrap_or("")
            .contains("older message"),
    );
    assert!(
        bot.last_text(&cy).contains("GPX file"),
        "{}",
        bot.last_text(&cy)
    );

    // The open card, after the restart: one tap logs it.
    bot.tap(&cy, "✅ Log it").await;
    let acts = activities_of(&bot, cy.id).await;
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].activity_type.split(' ').next(), Some("Running"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_sport_is_picked_and_the_intensity_changed() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let di = Person::new(3004, "Di");
    bot.register(&di, "Blue Herons").await;
    let file = fit_writer::activity(
        &[Leg {
            sport: 200,
            sub_sport: 0,
            start: Utc::now() - Duration::hours(26),
            timer_seconds: 1800,
            paused_seconds: 0,
            distance_m: 0.0,
            avg_heart_rate: 110,
        }],
        4,
    );
    send(&bot, &di, "x.fit", &file).await;
    let card = bot.last_text(&di);
    assert!(card.contains("❓") && card.contains("30 min"), "{card}");
    assert!(!bot.last_labels(&di).contains(&"✅ Log it".to_string()));
    let pick = bot
        .last_labels(&di)
        .into_iter()
        .find(|l| l.starts_with("❓ Pick the activity"))
        .unwrap();
    bot.tap(&di, &pick).await;
    assert!(
        bot.last_text(&di).contains("30 min"),
        "{}",
        bot.last_text(&di)
    );
    // Typed, not browsed.
    bot.say(&di, "yoga").await;
    bot.tap(&di, "Yoga (Fitness & gym)").await;
    bot.tap(&di, "Light · 2.3 MET").await;
    let card = bot.last_text(&di);
    assert!(card.contains("Yoga (Light) · 30 min"), "{card}");
    assert!(card.contains("1.15"), "{card}");

    bot.tap(&di, "💪 Change intensity").await;
    bot.tap(&di, "Moderate · 4.0 MET").await;
    assert!(bot.last_text(&di).contains("Yoga (Moderate)"));
    bot.tap(&di, "✅ Log it").await;
    let acts = activities_of(&bot, di.id).await;
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].activity_type, "Yoga (Moderate)");
    assert_eq!(acts[0].duration_minutes, 30);

    // Dropped: nothing logged.
    send(
        &bot,
        &di,
        "run.fit",
        &fit_writer::run(Utc::now() - Duration::hours(28), 40, 7.0),
    )
    .await;
    bot.tap(&di, "🗑 Drop").await;
    assert_eq!(activities_of(&bot, di.id).await.len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_above_the_limit_is_refused_before_it_is_downloaded() {
    let bot = TestBot::start_with(Backend::Sqlite, TestBot::unhurried()).await;
    let ed = Person::new(3005, "Ed");
    bot.register(&ed, "Blue Herons").await;
    let id = bot
        .fake
        .send_document_of_size(&ed, "export.zip", 25 * 1024 * 1024);
    bot.recorder.wait(id).await;
    let text = bot.last_text(&ed);
    assert!(
        text.contains("25.0 MB") && text.contains("up to 20 MB"),
        "{text}"
    );
    assert!(bot.fake.calls_of("getFile").is_empty());
    assert!(bot.fake.calls_of("downloadFile").is_empty());
    // Someone not registered is asked to register first.
    let stranger = Person::new(3006, "Stranger");
    send(
        &bot,
        &stranger,
        "run.fit",
        &fit_writer::run(Utc::now(), 30, 5.0),
    )
    .await;
    assert!(bot.last_text(&stranger).contains("not registered"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_finnish_the_card_and_the_refusals_are_finnish() {
    let bot = TestBot::start_with(Backend::Postgres, TestBot::unhurried()).await;
    let aino = Person::speaking(3007, "Aino", "fi");
    bot.say(&aino, "/start").await;
    bot.tap(&aino, "✅ Hyväksyn").await;
    bot.tap(&aino, "Blue Herons").await;
    bot.tap(&aino, "✅ Liity").await;
    send(
        &bot,
        &aino,
        "a.fit",
        &real_file("activity-settings-corruptheader.fit"),
    )
    .await;
    let text = bot.last_text(&aino);
    assert!(text.contains("vioittunut"), "{text}");
    send(&bot, &aino, "s.fit", &real_file("Settings.fit")).await;
    assert!(bot.last_text(&aino).starts_with("⚠️"));
    send(
        &bot,
        &aino,
        "r.fit",
        &real_file("activity-small-fenix2-run.fit"),
    )
    .await;
    assert!(
        bot.last_text(&aino).contains("15.8.2015"),
        "{}",
        bot.last_text(&aino)
    );
    let run = moved_to_days_ago(
        "activity-small-fenix2-run.fit",
        &real_file("activity-small-fenix2-run.fit"),
        1,
    );
    send(&bot, &aino, "r.fit", &run).await;
    let card = bot.last_text(&aino);
    assert!(
        card.contains("Juoksu (") && card.contains("9,0 km"),
        "{card}"
    );
    assert!(card.contains("pistettä"), "{card}");
    bot.tap(&aino, "✅ Kirjaa").await;
    let shown = bot.fake.shown(aino.id);
    assert!(shown[shown.len() - 2].text.contains("Kirjattu!"));
    send(&bot, &aino, "r.fit", &run).await;
    assert!(
        bot.last_text(&aino).contains("jo kirjattu"),
        "{}",
        bot.last_text(&aino)
    );
    assert_eq!(activities_of(&bot, aino.id).await.len(), 1);
    bot.stop().await;
}
