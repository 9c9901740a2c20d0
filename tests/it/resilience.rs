//! Load with nothing lost: hundreds of participants logging and deleting at
//! once, bounded in time; afterwards every total is exactly the sum of the
//! participant's activities, the rank counts equal a recount, and no
//! request failed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::store::activities::NewActivity;
use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::support::{Backend, TestDb, add_guild, register};

const PARTICIPANTS: i64 = 500;
const RUN_FOR: Duration = Duration::from_secs(4);

#[tokio::test]
async fn five_hundred_participants_logging_and_deleting_lose_nothing() {
    let db = TestDb::new(Backend::Postgres).await;
    let store = db.store.clone();
    for g in ["North", "South", "East", "West"] {
        add_guild(&store, g, 150).await;
    }
    let mut ids = Vec::new();
    for i in 0..PARTICIPANTS {
        let guild = ["North", "South", "East", "West"][(i % 4) as usize];
        ids.push(
            register(&store, 10_000 + i, &format!("P{i}"), guild)
                .await
                .id,
        );
    }

    let logged = Arc::new(AtomicU64::new(0));
    let deleted = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + RUN_FOR;
    let mut tasks = Vec::new();
    for (n, &user_id) in ids.iter().enumerate() {
        let store = store.clone();
        let (logged, deleted) = (logged.clone(), deleted.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = SmallRng::seed_from_u64(n as u64);
            let mut mine: Vec<i64> = Vec::new();
            let mut k = 0;
            while Instant::now() < deadline {
                if mine.is_empty() || rng.random_bool(0.7) {
                    let activity = NewActivity {
                        user_id,
                        activity_type: "Cycling (Moderate)".to_string(),
                        compendium_code: None,
                        met: None,
                        duration: DurationMinutes::new(rng.random_range(1..=120)).unwrap(),
                        points: Points::from_cents(rng.random_range(1..=2000)),
                        description: None,
                        activity_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                        idempotency_key: Some(format!("load-{n}-{k}")),
                        source: activity_challenge::domain::ActivitySource::Typed,
                        workout: None,
                        daily_max_points: None,
                    };
                    k += 1;
                    let done = store
                        .log_activity(activity)
                        .await
                        .expect("logging never fails under load");
                    mine.push(done.activity.id);
                    logged.fetch_add(1, Ordering::Relaxed);
                } else {
                    let id = mine.swap_remove(rng.random_range(0..mine.len()));
                    store
                        .delete_activity(id, Some(user_id))
                        .await
                        .expect("deleting never fails under load");
                    deleted.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("no participant's task failed");
    }
    let (logged, deleted) = (
        logged.load(Ordering::Relaxed),
        deleted.load(Ordering::Relaxed),
    );
    assert!(
        logged > PARTICIPANTS as u64,
        "the load ran: {logged} logged"
    );

    let report = store.check_points(false).await.unwrap();
    assert_eq!(report.participants, PARTICIPANTS as u64);
    assert!(
        report.drifts.is_empty(),
        "totals drifted: {:?}",
        &report.drifts[..report.drifts.len().min(5)]
    );
    assert_eq!(store.count_activities().await.unwrap(), logged - deleted);
    assert_eq!(store.check_rank_counts(false).await.unwrap(), Some(0));
    let standings = store.guild_standings().await.unwrap();
    assert_eq!(
        standings.iter().map(|s| s.registered).sum::<u64>(),
        PARTICIPANTS as u64
    );
}

#[tokio::test]
async fn two_server_instances_sharing_a_database_log_each_confirmation_once() {
    // Two stores with pools of their own stand for two server instances.
    // Every confirmation reaches both at once (a double tap spread by a
    // load balancer), and each instance batches what it receives.
    let db = TestDb::new(Backend::Postgres).await;
    let first = db.store.clone();
    let second = activity_challenge::store::Store::connect(&db.config().database)
        .await
        .expect("second instance connects");
    add_guild(&first, "North", 100).await;
    add_guild(&first, "South", 100).await;
    let mut ids = Vec::new();
    for i in 0..200i64 {
        let guild = if i % 2 == 0 { "North" } else { "South" };
        ids.push(
            register(&first, 20_000 + i, &format!("Q{i}"), guild)
                .await
                .id,
        );
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut tasks = Vec::new();
    for (n, &user_id) in ids.iter().enumerate() {
        let (a, b) = (first.clone(), second.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = SmallRng::seed_from_u64(1000 + n as u64);
            let mut confirmed = 0u64;
            let mut k = 0;
            while Instant::now() < deadline {
                let activity = NewActivity {
                    user_id,
                    activity_type: "Rowing (Moderate)".to_string(),
                    compendium_code: None,
                    met: None,
                    duration: DurationMinutes::new(30).unwrap(),
                    points: Points::from_cents(rng.random_range(1..=3000)),
                    description: None,
                    activity_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                    idempotency_key: Some(format!("twice-{n}-{k}")),
                    source: activity_challenge::domain::ActivitySource::Typed,
                    workout: None,
                    daily_max_points: None,
                };
                k += 1;
                let (x, y) =
                    tokio::join!(a.log_activity(activity.clone()), b.log_activity(activity));
                let (x, y) = (
                    x.expect("first instance logs"),
                    y.expect("second instance logs"),
                );
                assert_eq!(
                    x.activity.id, y.activity.id,
                    "both answer with the one activity"
                );
                assert!(
                    x.newly_logged != y.newly_logged,
                    "exactly one of them wrote it"
                );
                confirmed += 1;
            }
            confirmed
        }));
    }
    let mut confirmed = 0;
    for task in tasks {
        confirmed += task.await.expect("no participant's task failed");
    }
    assert!(confirmed > 200, "the load ran: {confirmed} confirmations");
    assert_eq!(first.count_activities().await.unwrap(), confirmed);
    let report = first.check_points(false).await.unwrap();
    assert!(
        report.drifts.is_empty(),
        "totals drifted: {:?}",
        &report.drifts[..report.drifts.len().min(5)]
    );
    assert_eq!(first.check_rank_counts(false).await.unwrap(), Some(0));
    second.close().await;
}
