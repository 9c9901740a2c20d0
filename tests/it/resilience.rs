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
