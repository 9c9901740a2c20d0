//! Logging from a workout file: the card a participant confirms, what is
//! refused and why, and the entries logged — each marked as from a file,
//! never twice — on both backends.

use activity_challenge::actions::workouts::{log_card, read_card};
use activity_challenge::actions::{ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::ActivitySource;
use activity_challenge::store::participants::Participant;
use chrono::{Duration, Utc};

use crate::each_backend;
use crate::support::fit_writer::{self, Leg};
use crate::support::{Backend, TestDb, add_guild, add_running_competition, app_for, register};

struct Setup {
    _db: TestDb,
    app: App,
    me: Participant,
    actor: Actor,
}

async fn setup(backend: Backend) -> Setup {
    let db = TestDb::new(backend).await;
    add_guild(&db.store, "Runners", 10).await;
    add_running_competition(&db.store, 5, 5).await;
    let me = register(&db.store, 501, "Aino", "Runners").await;
    let app = app_for(&db.store);
    let actor = Actor::Participant {
        id: me.id,
        telegram_id: me.telegram_id,
    };
    Setup {
        _db: db,
        app,
        me,
        actor,
    }
}

fn two_hours_ago() -> chrono::DateTime<Utc> {
    let t = Utc::now() - Duration::hours(2);
    chrono::DateTime::from_timestamp(t.timestamp(), 0).unwrap()
}

fn refusal(result: Result<impl std::fmt::Debug, ActionError>) -> String {
    match result {
        Err(e @ (ActionError::Rejected(_) | ActionError::Conflict(_))) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn a_run_from_a_watch_is_logged_once(backend: Backend) {
    let s = setup(backend).await;
    let start = two_hours_ago();
    let file = fit_writer::run(start, 47, 9.0);
    let card = read_card(&s.app, &s.me, "run.fit", &file).await.unwrap();
    assert_eq!(card.entries.len(), 1);
    let entry = &card.entries[0];
    assert_eq!(entry.sport, "running");
    assert_eq!(entry.minutes, 47);
    assert_eq!(entry.distance_m, Some(9000));
    // 9 km in 47 minutes is 11.5 km/h: the vigorous band.
    let chosen = entry.entry(&s.app).unwrap();
    assert_eq!(chosen.label(), "Running (Vigorous)");
    let points = entry.points(&s.app, &Default::default()).unwrap();
    assert_eq!(points.to_string(), "9.01");

    let logged = log_card(&s.app, &s.actor, &s.me, &card).await.unwrap();
    assert_eq!(logged.len(), 1);
    let a = &logged[0].activity;
    assert_eq!(a.source, ActivitySource::File);
    assert_eq!(a.started_at, Some(start));
    assert_eq!(a.distance_m, Some(9000));
    assert_eq!(logged[0].total, points);

    // The same file again, and the same confirmation tapped twice.
    let again = refusal(read_card(&s.app, &s.me, "run.fit", &file).await);
    assert!(again.contains("already logged"), "{again}");
    let twice = refusal(log_card(&s.app, &s.actor, &s.me, &card).await);
    assert!(twice.contains("already logged"), "{twice}");
    // The same workout exported by another app (a TCX with the same start
    // and length) is the same workout.
    let tcx = format!(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>{t}</Id><Lap StartTime="{t}"><TotalTimeSeconds>2830</TotalTimeSeconds><DistanceMeters>9000</DistanceMeters></Lap></Activity></Activities></TrainingCenterDatabase>"#,
        t = (start + Duration::seconds(20)).to_rfc3339()
    );
    let other = refusal(read_card(&s.app, &s.me, "run.tcx", tcx.as_bytes()).await);
    assert!(other.contains("already logged"), "{other}");
    let me = s.app.store.participant(s.me.id).await.unwrap();
    assert_eq!(me.points, points, "nothing was counted twice");
}

each_backend!(
    #[tokio::test]
    a_run_from_a_watch_is_logged_once
);

async fn a_triathlon_logs_each_sport_in_one_go(backend: Backend) {
    let s = setup(backend).await;
    let file = fit_writer::triathlon(Utc::now() - Duration::hours(4), 1);
    let card = read_card(&s.app, &s.me, "tri.fit", &file).await.unwrap();
    let sports: Vec<_> = card.entries.iter().map(|e| e.sport.as_str()).collect();
    assert_eq!(sports, ["swimming/lap_swimming", "cycling", "running"]);
    assert!(card.complete());
    let logged = log_card(&s.app, &s.actor, &s.me, &card).await.unwrap();
    assert_eq!(logged.len(), 3);
    let total: i64 = logged.iter().map(|l| l.activity.points.cents()).sum();
    let me = s.app.store.participant(s.me.id).await.unwrap();
    assert_eq!(me.points.cents(), total);
}

each_backend!(
    #[tokio::test]
    a_triathlon_logs_each_sport_in_one_go
);

async fn every_refusal_says_why_and_logs_nothing(backend: Backend) {
    let s = setup(backend).await;
    let data = |name: &str| {
        std::fs::read(
            [
                env!("CARGO_MANIFEST_DIR"),
                "tests",
                "data",
                "workouts",
                name,
            ]
            .iter()
            .collect::<std::path::PathBuf>(),
        )
        .unwrap()
    };
    // A real run from 2015: outside the competition, said with its date.
    let old = refusal(
        read_card(
            &s.app,
            &s.me,
            "run.fit",
            &data("activity-small-fenix2-run.fit"),
        )
        .await,
    );
    assert!(
        old.contains("2015-08-15") && old.contains("Test Challenge"),
        "{old}"
    );
    // Shorter than a minute.
    let short = refusal(read_card(&s.app, &s.me, "x.fit", &data("garmin-fenix-5-run.fit")).await);
    assert!(short.contains("57 seconds"), "{short}");
    // Not a workout, damaged, or not a file of ours at all.
    let settings = refusal(read_card(&s.app, &s.me, "Settings.fit", &data("Settings.fit")).await);
    assert!(settings.contains("device settings"), "{settings}");
    let corrupt = refusal(
        read_card(
            &s.app,
            &s.me,
            "a.fit",
            &data("activity-settings-corruptheader.fit"),
        )
        .await,
    );
    assert!(corrupt.contains("damaged"), "{corrupt}");
    let other = refusal(read_card(&s.app, &s.me, "cat.jpg", b"\xff\xd8\xff\xe0JFIF").await);
    assert!(other.contains("FIT, GPX or TCX"), "{other}");
    // Tomorrow's workout is not logged today.
    let future = fit_writer::run(Utc::now() + Duration::hours(30), 30, 5.0);
    let later = refusal(read_card(&s.app, &s.me, "f.fit", &future).await);
    assert!(later.contains("today"), "{later}");

    let me = s.app.store.participant(s.me.id).await.unwrap();
    assert_eq!(me.points.cents(), 0);
    assert_eq!(s.app.store.count_activities().await.unwrap(), 0);
}

each_backend!(
    #[tokio::test]
    every_refusal_says_why_and_logs_nothing
);

async fn an_unknown_sport_waits_for_the_person_to_pick(backend: Backend) {
    let s = setup(backend).await;
    let file = fit_writer::activity(
        &[Leg {
            sport: 200,
            sub_sport: 0,
            start: two_hours_ago(),
            timer_seconds: 1800,
            paused_seconds: 0,
            distance_m: 0.0,
            avg_heart_rate: 120,
        }],
        4,
    );
    let mut card = read_card(&s.app, &s.me, "x.fit", &file).await.unwrap();
    assert!(!card.complete());
    assert_eq!(card.entries[0].minutes, 30);
    let refused = log_card(&s.app, &s.actor, &s.me, &card).await.unwrap_err();
    assert!(matches!(refused, ActionError::Invalid(_)), "{refused:?}");
    // The person picks Yoga; the date and duration were already filled in.
    card.entries[0].code = Some("02175".into());
    let logged = log_card(&s.app, &s.actor, &s.me, &card).await.unwrap();
    assert_eq!(logged[0].activity.activity_type, "Yoga (Light)");
}

each_backend!(
    #[tokio::test]
    an_unknown_sport_waits_for_the_person_to_pick
);

async fn nobody_logs_a_file_for_someone_else(backend: Backend) {
    let s = setup(backend).await;
    let other = register(&s.app.store, 502, "Väinö", "Runners").await;
    let card = read_card(
        &s.app,
        &other,
        "run.fit",
        &fit_writer::run(two_hours_ago(), 30, 5.0),
    )
    .await
    .unwrap();
    let refused = log_card(&s.app, &s.actor, &other, &card).await.unwrap_err();
    assert!(matches!(refused, ActionError::Forbidden(_)));
}

each_backend!(
    #[tokio::test]
    nobody_logs_a_file_for_someone_else
);
