//! Activities: logging and deleting, with the participant's total kept
//! equal to the sum of their activities in the same transaction.

use std::collections::HashMap;
use std::str::FromStr;

use activity_challenge::domain::{CatalogueEntry, DurationMinutes, Points};
use activity_challenge::store::activities::{Activity, NewActivity};
use activity_challenge::store::{Store, StoreError};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::on_both_backends;
use crate::support::{add_guild, catalogue, register};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, d).unwrap()
}

fn minutes(m: u32) -> DurationMinutes {
    DurationMinutes::new(m).unwrap()
}

/// A catalogue entry by Compendium code (12020 is jogging, 7.5 MET).
fn entry(code: &str) -> CatalogueEntry {
    catalogue()
        .entry_by_code(code)
        .cloned()
        .expect("entry in the built-in catalogue")
}

/// An activity typed in by hand, worth `cents` hundredths of a point.
fn hand_built(user_id: i64, cents: i64, date: NaiveDate, key: Option<&str>) -> NewActivity {
    NewActivity {
        user_id,
        activity_type: "Gardening (Moderate)".to_string(),
        compendium_code: None,
        met: None,
        duration: minutes(40),
        points: Points::from_cents(cents),
        description: Some("raked the leaves".to_string()),
        activity_date: date,
        idempotency_key: key.map(str::to_string),
        source: activity_challenge::domain::ActivitySource::Typed,
        workout: None,
        daily_max_points: None,
    }
}

/// A participant of guild "Ants" (created when missing).
async fn participant(store: &Store, telegram_id: i64) -> i64 {
    if store.guild_by_name("Ants").await.is_err() {
        add_guild(store, "Ants", 20).await;
    }
    register(store, telegram_id, "Aino", "Ants").await.id
}

/// The sum of a participant's stored activities.
async fn sum_of_activities(store: &Store, user_id: i64) -> Points {
    store
        .participant_activities(user_id, 0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|a| a.points)
        .sum()
}

async fn total(store: &Store, user_id: i64) -> Points {
    store.participant(user_id).await.unwrap().points
}

on_both_backends! {
    async fn logging_adds_the_points_to_the_total_in_one_go(store: Store) {
        let me = participant(&store, 1).await;
        let jog = store
            .log_activity(NewActivity::from_catalogue(
                me,
                &entry("12020"),
                minutes(45),
                day(1),
                None,
            ))
            .await
            .unwrap();
        assert!(jog.newly_logged);
        assert_eq!(jog.activity.user_id, me);
        assert_eq!(jog.activity.points, Points::from_cents(563));
        assert_eq!(jog.total, Points::from_cents(563));

        let garden = store
            .log_activity(hand_built(me, 400, day(2), None))
            .await
            .unwrap();
        assert!(garden.newly_logged);
        assert_eq!(garden.total, Points::from_cents(963));
        assert_eq!(
            garden.activity.description.as_deref(),
            Some("raked the leaves")
        );
        assert_eq!(garden.activity.duration_minutes, 40);

        assert_eq!(total(&store, me).await, Points::from_cents(963));
        assert_eq!(sum_of_activities(&store, me).await, Points::from_cents(963));
        assert_eq!(store.count_participant_activities(me).await.unwrap(), 2);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
    }
}

on_both_backends! {
    async fn the_same_idempotency_key_logs_once(store: Store) {
        let me = participant(&store, 1).await;
        let new = || {
            NewActivity::from_catalogue(
                me,
                &entry("12020"),
                minutes(45),
                day(3),
                Some("confirm-77".into()),
            )
        };
        let first = store.log_activity(new()).await.unwrap();
        assert!(first.newly_logged);

        let again = store.log_activity(new()).await.unwrap();
        assert!(!again.newly_logged);
        assert_eq!(again.activity, first.activity);
        assert_eq!(again.total, first.total);

        // A different activity under a used key is the repeated confirmation too.
        let other = store
            .log_activity(hand_built(me, 999, day(4), Some("confirm-77")))
            .await
            .unwrap();
        assert!(!other.newly_logged);
        assert_eq!(other.activity, first.activity);

        assert_eq!(store.count_participant_activities(me).await.unwrap(), 1);
        assert_eq!(total(&store, me).await, Points::from_cents(563));

        // Keys belong to one participant: someone else's "confirm-77" is theirs.
        let you = participant(&store, 2).await;
        let yours = store
            .log_activity(hand_built(you, 100, day(3), Some("confirm-77")))
            .await
            .unwrap();
        assert!(yours.newly_logged);
        assert_eq!(yours.total, Points::from_cents(100));
        assert_eq!(total(&store, me).await, Points::from_cents(563));
    }
}

on_both_backends! {
    async fn the_same_activity_without_a_key_or_with_different_keys_logs_twice(store: Store) {
        let me = participant(&store, 1).await;
        let jog = |key: Option<&str>| {
            NewActivity::from_catalogue(
                me,
                &entry("12020"),
                minutes(30),
                day(5),
                key.map(str::to_string),
            )
        };
        assert!(store.log_activity(jog(None)).await.unwrap().newly_logged);
        let second = store.log_activity(jog(None)).await.unwrap();
        assert!(second.newly_logged);
        assert_eq!(second.total, Points::from_cents(750));

        assert!(
            store
                .log_activity(jog(Some("a")))
                .await
                .unwrap()
                .newly_logged
        );
        let fourth = store.log_activity(jog(Some("b"))).await.unwrap();
        assert!(fourth.newly_logged);
        assert_eq!(fourth.total, Points::from_cents(1500));
        assert_eq!(store.count_participant_activities(me).await.unwrap(), 4);
        assert_eq!(
            sum_of_activities(&store, me).await,
            Points::from_cents(1500)
        );
    }
}

on_both_backends! {
    async fn an_idempotency_key_is_at_most_64_characters(store: Store) {
        let me = participant(&store, 1).await;
        let long = "k".repeat(65);
        let err = store
            .log_activity(hand_built(me, 100, day(1), Some(&long)))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Rejected(_)), "{err:?}");
        assert_eq!(store.count_activities().await.unwrap(), 0);
        assert_eq!(total(&store, me).await, Points::ZERO);

        let longest = "k".repeat(64);
        assert!(
            store
                .log_activity(hand_built(me, 100, day(1), Some(&longest)))
                .await
                .unwrap()
                .newly_logged
        );
    }
}

on_both_backends! {
    async fn deleting_an_activity_takes_its_points_off(store: Store) {
        let me = participant(&store, 1).await;
        let jog = store
            .log_activity(NewActivity::from_catalogue(
                me,
                &entry("12020"),
                minutes(45),
                day(1),
                None,
            ))
            .await
            .unwrap();
        let garden = store
            .log_activity(hand_built(me, 400, day(2), None))
            .await
            .unwrap();

        // The participant deletes their own entry.
        let deleted = store
            .delete_activity(jog.activity.id, Some(me))
            .await
            .unwrap();
        assert_eq!(deleted.activity, jog.activity);
        assert_eq!(deleted.total, Points::from_cents(400));
        assert_eq!(total(&store, me).await, Points::from_cents(400));
        assert!(matches!(
            store.activity(jog.activity.id).await,
            Err(StoreError::NotFound(_))
        ));

        // An admin deletes without naming the owner.
        let deleted = store
            .delete_activity(garden.activity.id, None)
            .await
            .unwrap();
        assert_eq!(deleted.total, Points::ZERO);
        assert_eq!(total(&store, me).await, Points::ZERO);
        assert_eq!(store.count_participant_activities(me).await.unwrap(), 0);

        // Deleting twice finds nothing the second time.
        let err = store
            .delete_activity(garden.activity.id, None)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert_eq!(total(&store, me).await, Points::ZERO);
    }
}

on_both_backends! {
    async fn deleting_someone_elses_activity_is_not_found_and_changes_nothing(store: Store) {
        let me = participant(&store, 1).await;
        let you = participant(&store, 2).await;
        let mine = store
            .log_activity(hand_built(me, 725, day(1), None))
            .await
            .unwrap();
        store
            .log_activity(hand_built(you, 100, day(1), None))
            .await
            .unwrap();

        let err = store
            .delete_activity(mine.activity.id, Some(you))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert_eq!(
            store.activity(mine.activity.id).await.unwrap(),
            mine.activity
        );
        assert_eq!(total(&store, me).await, Points::from_cents(725));
        assert_eq!(total(&store, you).await, Points::from_cents(100));
        assert_eq!(store.count_activities().await.unwrap(), 2);
    }
}

on_both_backends! {
    async fn logging_for_a_missing_participant_is_not_found_and_writes_nothing(store: Store) {
        let me = participant(&store, 1).await;
        store
            .log_activity(hand_built(me, 300, day(1), None))
            .await
            .unwrap();
        let missing = me + 1000;
        let err = store
            .log_activity(hand_built(missing, 500, day(1), None))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        let err = store
            .log_activity(hand_built(missing, 500, day(1), Some("k1")))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert_eq!(store.count_activities().await.unwrap(), 1);
        assert_eq!(
            store.count_participant_activities(missing).await.unwrap(),
            0
        );
        assert_eq!(total(&store, me).await, Points::from_cents(300));
    }
}

on_both_backends! {
    async fn seven_and_a_half_met_for_45_minutes_is_stored_as_exactly_5_63(store: Store) {
        let me = participant(&store, 1).await;
        let jogging = entry("12020");
        assert_eq!(jogging.met.to_string(), "7.5");
        let logged = store
            .log_activity(NewActivity::from_catalogue(
                me,
                &jogging,
                minutes(45),
                day(1),
                None,
            ))
            .await
            .unwrap();

        let stored: Activity = store.activity(logged.activity.id).await.unwrap();
        assert_eq!(stored.points, Points::from_cents(563));
        assert_eq!(stored.points.to_string(), "5.63");
        assert_eq!(stored.points.value(), Decimal::new(563, 2));
        assert_eq!(stored.met, Some(Decimal::new(75, 1)));
        assert_eq!(stored.duration_minutes, 45);
        assert_eq!(stored.compendium_code.as_deref(), Some("12020"));
        assert_eq!(stored.activity_type, jogging.label());
        assert_eq!(stored.activity_date, day(1));
        assert_eq!(stored, logged.activity);

        let p = store.participant(me).await.unwrap();
        assert_eq!(p.points.value(), Decimal::new(563, 2));
        assert_eq!(p.points.to_string(), "5.63");

        for _ in 0..3 {
            store
                .log_activity(NewActivity::from_catalogue(
                    me,
                    &jogging,
                    minutes(45),
                    day(2),
                    None,
                ))
                .await
                .unwrap();
        }
        assert_eq!(total(&store, me).await.to_string(), "22.52");
    }
}

on_both_backends! {
    async fn concurrent_logging_keeps_the_total_exact(store: Store) {
        let me = participant(&store, 1).await;
        // Even tasks log their own activity; odd ones are repeated
        // confirmations sharing five keys, three tasks per key.
        let planned: Vec<(i64, Option<String>)> = (0..30i64)
            .map(|i| {
                if i % 2 == 0 {
                    (200 + i, None)
                } else {
                    let k = i % 5;
                    (100 + 11 * k, Some(format!("dup-{k}")))
                }
            })
            .collect();
        let handles: Vec<_> = planned
            .iter()
            .cloned()
            .map(|(cents, key)| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .log_activity(hand_built(me, cents, day(6), key.as_deref()))
                        .await
                })
            })
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.expect("task ran").expect("logged"));
        }

        let expected_cents: i64 = (0..30i64)
            .filter(|i| i % 2 == 0)
            .map(|i| 200 + i)
            .sum::<i64>()
            + (0..5i64).map(|k| 100 + 11 * k).sum::<i64>();
        let expected = Points::from_cents(expected_cents);
        assert_eq!(results.iter().filter(|r| r.newly_logged).count(), 20);
        // Every confirmation of a key reports the one activity logged for it.
        let mut by_key: HashMap<String, Vec<i64>> = HashMap::new();
        for ((_, key), result) in planned.iter().zip(&results) {
            if let Some(key) = key {
                by_key
                    .entry(key.clone())
                    .or_default()
                    .push(result.activity.id);
            }
        }
        assert_eq!(by_key.len(), 5);
        for ids in by_key.values() {
            assert_eq!(ids.len(), 3);
            assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        }
        assert_eq!(results.iter().map(|r| r.total).max(), Some(expected));
        assert_eq!(total(&store, me).await, expected);
        assert_eq!(store.count_participant_activities(me).await.unwrap(), 20);
        assert_eq!(sum_of_activities(&store, me).await, expected);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
    }
}

on_both_backends! {
    async fn a_participants_activities_come_newest_first_a_page_at_a_time(store: Store) {
        let me = participant(&store, 1).await;
        let you = participant(&store, 2).await;
        let mut logged = Vec::new();
        for (i, d) in [3, 1, 5, 3, 2, 5, 4].into_iter().enumerate() {
            let a = store
                .log_activity(hand_built(me, 100 + i as i64, day(d), None))
                .await
                .unwrap();
            logged.push(a.activity);
            store
                .log_activity(hand_built(you, 50, day(d), None))
                .await
                .unwrap();
        }
        let mut expected = logged.clone();
        expected.sort_by(|a, b| b.activity_date.cmp(&a.activity_date).then(b.id.cmp(&a.id)));

        let mut paged = Vec::new();
        for offset in [0, 3, 6] {
            let page = store.participant_activities(me, offset, 3).await.unwrap();
            assert_eq!(page.len(), if offset == 6 { 1 } else { 3 });
            paged.extend(page);
        }
        assert_eq!(paged, expected);
        assert_eq!(paged.first().map(|a| a.activity_date), Some(day(5)));
        assert_eq!(paged.last().map(|a| a.activity_date), Some(day(1)));
        assert!(
            store
                .participant_activities(me, 9, 3)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.count_participant_activities(me).await.unwrap(), 7);
        assert_eq!(store.count_activities().await.unwrap(), 14);
    }
}

on_both_backends! {
    async fn sums_that_drift_in_binary_floating_point_stay_exact(store: Store) {
        let me = participant(&store, 1).await;
        let mut ids = Vec::new();
        let mut expected = 0i64;
        // 0.1 + 0.2 != 0.3 in binary floating point; a hundred rounds of it
        // would drift without rounding at every step.
        for round in 0..100 {
            for cents in [10, 20] {
                let logged = store
                    .log_activity(hand_built(me, cents, day(7), None))
                    .await
                    .unwrap();
                expected += cents;
                assert_eq!(logged.total, Points::from_cents(expected), "round {round}");
                ids.push(logged.activity.id);
            }
        }
        assert_eq!(total(&store, me).await, Points::from_cents(3000));
        assert_eq!(
            total(&store, me).await.value(),
            Decimal::from_str("30.00").unwrap()
        );

        // Someone who reached the same total in one go ties exactly: the
        // stored totals are equal, not merely equal after rounding.
        let you = participant(&store, 2).await;
        store
            .log_activity(hand_built(you, 3000, day(7), None))
            .await
            .unwrap();
        let (mine, yours) = (
            store.participant_summary(me).await.unwrap(),
            store.participant_summary(you).await.unwrap(),
        );
        assert_eq!((mine.global_rank, yours.global_rank), (1, 1));
        assert_eq!(
            mine.below.map(|n| (n.user_id, n.gap)),
            Some((you, Points::ZERO))
        );
        assert_eq!(
            store
                .rank_for_points(Points::from_cents(3000))
                .await
                .unwrap(),
            1
        );

        // Amounts whose binary forms are inexact, taken off again.
        for id in ids.iter().step_by(2).take(33) {
            let deleted = store.delete_activity(*id, Some(me)).await.unwrap();
            expected -= 10;
            assert_eq!(deleted.total, Points::from_cents(expected));
        }
        assert_eq!(total(&store, me).await, Points::from_cents(2670));
        assert_eq!(
            sum_of_activities(&store, me).await,
            Points::from_cents(2670)
        );
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
        let them = participant(&store, 3).await;
        store
            .log_activity(hand_built(them, 2670, day(7), None))
            .await
            .unwrap();
        assert_eq!(
            store.participant_summary(them).await.unwrap().global_rank,
            2
        );
        assert_eq!(store.participant_summary(me).await.unwrap().global_rank, 2);
    }
}

on_both_backends! {
    async fn many_participants_logging_at_once_each_get_their_own_answer(store: Store) {
        // Forty participants log ten activities each at the same moment; on
        // PostgreSQL they are written together in batches. Mixed in: every
        // tenth request repeats a key already sent, and some requests are
        // for a participant who does not exist.
        let mut people = Vec::new();
        for i in 0..40 {
            people.push(participant(&store, 100 + i).await);
        }
        let missing = people.iter().max().unwrap() + 1000;
        let mut handles = Vec::new();
        for (p, &id) in people.iter().enumerate() {
            for k in 0..10i64 {
                let key = if k == 9 { "a-0".to_string() } else { format!("a-{k}") };
                let store = store.clone();
                let cents = 100 + p as i64 + k;
                handles.push(tokio::spawn(async move {
                    (id, store.log_activity(hand_built(id, cents, day(3), Some(&key))).await)
                }));
            }
        }
        for k in 0..5 {
            let store = store.clone();
            handles.push(tokio::spawn(async move {
                let key = format!("m-{k}");
                (missing, store.log_activity(hand_built(missing, 500, day(3), Some(&key))).await)
            }));
        }
        let mut new_per_person: HashMap<i64, usize> = HashMap::new();
        let mut repeats = 0;
        for handle in handles {
            let (id, result) = handle.await.expect("task ran");
            if id == missing {
                assert!(matches!(result, Err(StoreError::NotFound(_))), "{result:?}");
                continue;
            }
            let logged = result.expect("logged");
            assert_eq!(logged.activity.user_id, id);
            assert!(logged.total >= logged.activity.points);
            if logged.newly_logged {
                *new_per_person.entry(id).or_default() += 1;
            } else {
                repeats += 1;
            }
        }
        assert_eq!(repeats, 40, "one repeat per participant, answered as already logged");
        for &id in &people {
            assert_eq!(new_per_person[&id], 9);
            assert_eq!(store.count_participant_activities(id).await.unwrap(), 9);
            assert_eq!(total(&store, id).await, sum_of_activities(&store, id).await);
        }
        assert_eq!(store.count_participant_activities(missing).await.unwrap(), 0);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
        assert!(matches!(store.check_rank_counts(false).await.unwrap(), None | Some(0)));
        if store.backend() == sea_orm::DbBackend::Postgres {
            use std::sync::atomic::Ordering::Relaxed;
            let stats = store.log_batch_stats().expect("the writers ran");
            assert_eq!(stats.failed_batches.load(Relaxed), 0);
            assert!(stats.batched.load(Relaxed) >= 1, "activities went through the batches");
        }
    }
}
