//! Feedback, the points integrity check and repair, and the bot's stored
//! dialogue state.

use std::str::FromStr;

use activity_challenge::domain::{DurationMinutes, FeedbackDraft, Points};
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::integrity::PointsDrift;
use activity_challenge::store::{Store, StoreError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

use crate::on_both_backends;
use crate::support::{add_guild, register};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn draft(ease: u8, usefulness: u8, overall: u8) -> FeedbackDraft {
    FeedbackDraft::new(ease, usefulness, overall, "  Works well on my phone.  ").unwrap()
}

async fn earn(store: &Store, user_id: i64, cents: i64) {
    store
        .log_activity(NewActivity {
            user_id,
            activity_type: "Rowing (Vigorous)".to_string(),
            compendium_code: None,
            met: None,
            duration: DurationMinutes::new(50).unwrap(),
            points: Points::from_cents(cents),
            description: None,
            activity_date: NaiveDate::from_ymd_opt(2025, 9, 2).unwrap(),
            idempotency_key: None,
            source: activity_challenge::domain::ActivitySource::Typed,
            workout: None,
            daily_max_points: None,
        })
        .await
        .expect("activity logged");
}

/// Overwrites a participant's recorded total behind the store's back.
async fn corrupt_total(store: &Store, user_id: i64, points: &str) {
    store
        .connection()
        .execute_unprepared(&format!(
            "UPDATE users SET points = {points} WHERE id = {user_id}"
        ))
        .await
        .expect("raw update");
}

async fn member(store: &Store, telegram_id: i64) -> i64 {
    if store.guild_by_name("Ants").await.is_err() {
        add_guild(store, "Ants", 10).await;
    }
    register(store, telegram_id, "Member", "Ants").await.id
}

on_both_backends! {
    async fn feedback_is_stored_listed_newest_first_and_counted(store: Store) {
        let me = member(&store, 1).await;
        let you = member(&store, 2).await;
        let first = store.submit_feedback(me, &draft(4, 5, 3)).await.unwrap();
        assert_eq!(first.user_id, me);
        assert_eq!(
            (
                first.ease_of_use,
                first.usefulness,
                first.overall_satisfaction
            ),
            (4, 5, 3)
        );
        assert_eq!(first.text_feedback, "Works well on my phone.");
        assert!(!first.reviewed);
        let second = store.submit_feedback(you, &draft(2, 2, 2)).await.unwrap();
        let third = store.submit_feedback(me, &draft(5, 5, 5)).await.unwrap();

        assert_eq!(store.count_feedback().await.unwrap(), 3);
        let all = store.list_feedback(0, 10).await.unwrap();
        assert_eq!(all, [third.clone(), second.clone(), first.clone()]);
        assert_eq!(store.list_feedback(0, 2).await.unwrap(), [third, second]);
        assert_eq!(store.list_feedback(2, 2).await.unwrap(), [first]);
        assert!(store.list_feedback(3, 2).await.unwrap().is_empty());

        let err = store
            .submit_feedback(you + 1000, &draft(3, 3, 3))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert_eq!(store.count_feedback().await.unwrap(), 3);
    }
}

on_both_backends! {
    async fn feedback_averages_have_two_decimals(store: Store) {
        let none = store.feedback_averages().await.unwrap();
        assert_eq!(none.submissions, 0);
        assert_eq!(
            (none.ease_of_use, none.usefulness, none.overall_satisfaction),
            (None, None, None)
        );

        let me = member(&store, 1).await;
        for (e, u, o) in [(4, 5, 3), (5, 4, 2), (3, 2, 3)] {
            store.submit_feedback(me, &draft(e, u, o)).await.unwrap();
        }
        let averages = store.feedback_averages().await.unwrap();
        assert_eq!(averages.submissions, 3);
        // 12 / 3, 11 / 3 = 3.666…, 8 / 3 = 2.666…
        assert_eq!(averages.ease_of_use, Some(dec("4")));
        assert_eq!(averages.usefulness, Some(dec("3.67")));
        assert_eq!(averages.overall_satisfaction, Some(dec("2.67")));
    }
}

on_both_backends! {
    async fn feedback_averages_round_half_up_like_every_other_figure(store: Store) {
        let me = member(&store, 1).await;
        // Eight submissions: 25 / 8 = 3.125, 39 / 8 = 4.875 and 9 / 8 = 1.125,
        // exact in binary, so only the rounding rule decides.
        let mut ratings = vec![(3, 5, 1); 7];
        ratings.push((4, 4, 2));
        for (ease, usefulness, overall) in ratings {
            store
                .submit_feedback(me, &draft(ease, usefulness, overall))
                .await
                .unwrap();
        }
        let averages = store.feedback_averages().await.unwrap();
        let shown = |d: Option<Decimal>| d.map(|d| d.to_string());
        assert_eq!(shown(averages.usefulness), Some("4.88".to_string()));
        assert_eq!(
            shown(averages.ease_of_use),
            Some("3.13".to_string()),
            "3.125 rounds half up"
        );
        assert_eq!(
            shown(averages.overall_satisfaction),
            Some("1.13".to_string()),
            "1.125 rounds half up"
        );
    }
}

on_both_backends! {
    async fn feedback_is_marked_reviewed_and_back(store: Store) {
        let me = member(&store, 1).await;
        let f = store.submit_feedback(me, &draft(4, 4, 4)).await.unwrap();
        let other = store.submit_feedback(me, &draft(1, 1, 1)).await.unwrap();
        let reviewed = store.set_feedback_reviewed(f.id, true).await.unwrap();
        assert!(reviewed.reviewed);
        assert_eq!(reviewed.id, f.id);
        let listed = store.list_feedback(0, 10).await.unwrap();
        assert!(listed.iter().find(|x| x.id == f.id).unwrap().reviewed);
        assert!(!listed.iter().find(|x| x.id == other.id).unwrap().reviewed);
        assert!(
            !store
                .set_feedback_reviewed(f.id, false)
                .await
                .unwrap()
                .reviewed
        );
        assert!(matches!(
            store.set_feedback_reviewed(other.id + 100, true).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn check_points_finds_no_drift_on_consistent_data(store: Store) {
        let empty = store.check_points(false).await.unwrap();
        assert_eq!(
            (empty.participants, empty.drifts.len(), empty.repaired),
            (0, 0, false)
        );

        let a = member(&store, 1).await;
        let b = member(&store, 2).await;
        member(&store, 3).await;
        for cents in [563, 400, 1, 10, 20] {
            earn(&store, a, cents).await;
        }
        earn(&store, b, 12_345).await;
        let report = store.check_points(false).await.unwrap();
        assert_eq!(report.participants, 3);
        assert!(report.drifts.is_empty(), "{:?}", report.drifts);
        assert!(!report.repaired);
        // Repairing consistent data changes nothing and reports no repair.
        let report = store.check_points(true).await.unwrap();
        assert!(report.drifts.is_empty() && !report.repaired);
        assert_eq!(
            store.participant(a).await.unwrap().points,
            Points::from_cents(994)
        );
    }
}

on_both_backends! {
    async fn check_points_reports_corrupted_totals_and_repairs_them_on_request(store: Store) {
        let a = member(&store, 101).await;
        let b = member(&store, 102).await;
        let c = member(&store, 103).await;
        for cents in [563, 400] {
            earn(&store, a, cents).await;
        }
        earn(&store, c, 250).await;
        corrupt_total(&store, a, "99.99").await;
        corrupt_total(&store, b, "5").await;

        let expected = vec![
            PointsDrift {
                user_id: a,
                telegram_id: 101,
                recorded: Points::from_cents(9999),
                actual: Points::from_cents(963),
            },
            PointsDrift {
                user_id: b,
                telegram_id: 102,
                recorded: Points::from_cents(500),
                actual: Points::ZERO,
            },
        ];
        let report = store.check_points(false).await.unwrap();
        assert_eq!(report.participants, 3);
        assert_eq!(report.drifts, expected);
        assert!(!report.repaired);
        // A check without repair leaves the totals alone.
        assert_eq!(
            store.participant(a).await.unwrap().points,
            Points::from_cents(9999)
        );
        assert_eq!(
            store.participant(b).await.unwrap().points,
            Points::from_cents(500)
        );
        assert_eq!(store.check_points(false).await.unwrap().drifts, expected);

        let repaired = store.check_points(true).await.unwrap();
        assert_eq!(repaired.drifts, expected);
        assert!(repaired.repaired);
        assert_eq!(
            store.participant(a).await.unwrap().points,
            Points::from_cents(963)
        );
        assert_eq!(store.participant(b).await.unwrap().points, Points::ZERO);
        assert_eq!(
            store.participant(c).await.unwrap().points,
            Points::from_cents(250)
        );

        let again = store.check_points(false).await.unwrap();
        assert!(again.drifts.is_empty() && !again.repaired, "{again:?}");
        assert_eq!(
            store.recompute_total(a).await.unwrap(),
            Points::from_cents(963)
        );
    }
}

on_both_backends! {
    async fn dialogue_state_is_saved_replaced_read_and_removed(store: Store) {
        let chat = -1_001_234_567_890_i64;
        assert_eq!(store.dialogue_state(chat).await.unwrap(), None);

        store
            .save_dialogue_state(chat, r#"{"step":"pick_activity"}"#)
            .await
            .unwrap();
        assert_eq!(
            store.dialogue_state(chat).await.unwrap().as_deref(),
            Some(r#"{"step":"pick_activity"}"#)
        );

        let replaced = r#"{"step":"duration","activity":"Uinti 🏊","note":"a 'quoted' \"text\""}"#;
        store.save_dialogue_state(chat, replaced).await.unwrap();
        assert_eq!(
            store.dialogue_state(chat).await.unwrap().as_deref(),
            Some(replaced)
        );

        store.save_dialogue_state(42, "other chat").await.unwrap();
        assert!(store.remove_dialogue_state(chat).await.unwrap());
        assert_eq!(store.dialogue_state(chat).await.unwrap(), None);
        assert!(
            !store.remove_dialogue_state(chat).await.unwrap(),
            "nothing left to remove"
        );
        assert_eq!(
            store.dialogue_state(42).await.unwrap().as_deref(),
            Some("other chat")
        );
    }
}
