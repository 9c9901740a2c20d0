//! Participants: registration, lookup, moves, test-user marking, deletion.

use activity_challenge::domain::{DurationMinutes, FeedbackDraft, Points};
use activity_challenge::store::StoreError;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::{NewParticipant, Registration};
use chrono::NaiveDate;

use crate::on_both_backends;
use crate::support::{add_guild, register};

fn newcomer(telegram_id: i64, first_name: &str, guild: &str) -> NewParticipant {
    NewParticipant {
        telegram_id,
        username: Some(format!("tg{telegram_id}")),
        first_name: first_name.to_string(),
        last_name: Some("Virtanen".to_string()),
        guild: guild.to_string(),
        is_test_user: false,
    }
}

fn activity_worth(user_id: i64, cents: i64) -> NewActivity {
    NewActivity {
        user_id,
        activity_type: "Walking (Moderate)".to_string(),
        compendium_code: None,
        met: None,
        duration: DurationMinutes::new(30).unwrap(),
        points: Points::from_cents(cents),
        description: None,
        activity_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
        idempotency_key: None,
        source: activity_challenge::domain::ActivitySource::Typed,
        workout: None,
        daily_max_points: None,
    }
}

fn feedback() -> FeedbackDraft {
    FeedbackDraft::new(4, 5, 3, "Easy to use, thanks!").unwrap()
}

on_both_backends! {
    async fn registering_creates_a_participant_with_no_points(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let registration = store
            .register_participant(newcomer(1001, "Aino", "Ants"))
            .await
            .unwrap();
        let Registration::Created(p) = registration else {
            panic!("expected a new participant, got {registration:?}");
        };
        assert_eq!(p.telegram_id, 1001);
        assert_eq!(p.username.as_deref(), Some("tg1001"));
        assert_eq!(p.first_name, "Aino");
        assert_eq!(p.display_name(), "Aino Virtanen");
        assert_eq!(p.guild.as_deref(), Some("Ants"));
        assert_eq!(p.points, Points::ZERO);
        assert!(!p.is_test_user);
        assert_eq!(store.participant(p.id).await.unwrap(), p);
        assert_eq!(store.count_participants().await.unwrap(), 1);

        // Telegram gives empty strings for missing names; they are stored as none.
        let mut new = newcomer(1002, "Eetu", "Ants");
        new.username = Some(String::new());
        new.last_name = Some(String::new());
        let q = store
            .register_participant(new)
            .await
            .unwrap()
            .participant()
            .clone();
        assert_eq!(
            (q.username.as_deref(), q.last_name.as_deref()),
            (None, None)
        );
        assert_eq!(q.display_name(), "Eetu");
    }
}

on_both_backends! {
    async fn registering_again_returns_the_existing_participant_unchanged(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        let first = register(&store, 2001, "Sofia", "Ants").await;
        store
            .log_activity(activity_worth(first.id, 350))
            .await
            .unwrap();
        let before = store.participant(first.id).await.unwrap();

        // Same Telegram account, different details: nothing changes.
        let again = store
            .register_participant(newcomer(2001, "Someone Else", "Bees"))
            .await
            .unwrap();
        assert_eq!(again, Registration::AlreadyRegistered(before.clone()));
        assert_eq!(store.participant(first.id).await.unwrap(), before);
        assert_eq!(before.first_name, "Sofia");
        assert_eq!(before.guild.as_deref(), Some("Ants"));
        assert_eq!(before.points, Points::from_cents(350));
        assert_eq!(store.count_participants().await.unwrap(), 1);
    }
}

on_both_backends! {
    async fn simultaneous_registrations_of_one_account_create_one_participant(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let handles: Vec<_> = (0..10)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .register_participant(newcomer(2500, &format!("Tap {i}"), "Ants"))
                        .await
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for handle in handles {
            outcomes.push(handle.await.expect("task ran").expect("registered"));
        }
        let created: Vec<_> = outcomes
            .iter()
            .filter(|r| matches!(r, Registration::Created(_)))
            .collect();
        assert_eq!(created.len(), 1, "{outcomes:?}");
        let winner = created[0].participant();
        assert!(outcomes.iter().all(|r| r.participant() == winner));
        assert_eq!(store.count_participants().await.unwrap(), 1);
    }
}

on_both_backends! {
    async fn registering_with_an_unknown_guild_is_not_found(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let err = store
            .register_participant(newcomer(3001, "Leo", "Wasps"))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::NotFound(m) if m.to_string().contains("Wasps")),
            "{err:?}"
        );
        assert_eq!(store.count_participants().await.unwrap(), 0);
        assert_eq!(store.participant_by_telegram_id(3001).await.unwrap(), None);
    }
}

on_both_backends! {
    async fn registering_with_an_inactive_guild_is_rejected(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let ants = store.guild_by_name("Ants").await.unwrap();
        store.set_guild_active(ants.id, false).await.unwrap();
        let err = store
            .register_participant(newcomer(4001, "Helmi", "Ants"))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Rejected(m) if m.to_string().contains("Ants")),
            "{err:?}"
        );
        assert_eq!(store.count_participants().await.unwrap(), 0);

        // Reopened, the same person can join.
        store.set_guild_active(ants.id, true).await.unwrap();
        let created = store
            .register_participant(newcomer(4001, "Helmi", "Ants"))
            .await
            .unwrap();
        assert!(matches!(created, Registration::Created(_)));
    }
}

on_both_backends! {
    async fn participants_are_found_by_telegram_id(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let p = register(&store, 5001, "Elias", "Ants").await;
        let other = register(&store, 5002, "Olivia", "Ants").await;
        assert_eq!(
            store.participant_by_telegram_id(5001).await.unwrap(),
            Some(p.clone())
        );
        assert_eq!(
            store.participant_by_telegram_id(5002).await.unwrap(),
            Some(other)
        );
        assert_eq!(store.participant_by_telegram_id(5003).await.unwrap(), None);
        assert!(matches!(
            store.participant(p.id + 1000).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn moving_a_participant_keeps_their_points(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        add_guild(&store, "Closed", 10).await;
        let p = register(&store, 6001, "Väinö", "Ants").await;
        store
            .log_activity(activity_worth(p.id, 1234))
            .await
            .unwrap();

        let moved = store.move_participant(p.id, "Bees").await.unwrap();
        assert_eq!(moved.guild.as_deref(), Some("Bees"));
        assert_eq!(moved.points, Points::from_cents(1234));
        assert_eq!(store.participant(p.id).await.unwrap(), moved);
        let summary = store.participant_summary(p.id).await.unwrap();
        assert_eq!((summary.guild_rank, summary.guild_participants), (1, 1));

        // An admin may move someone into a guild closed for registration.
        let closed = store.guild_by_name("Closed").await.unwrap();
        store.set_guild_active(closed.id, false).await.unwrap();
        assert_eq!(
            store
                .move_participant(p.id, "Closed")
                .await
                .unwrap()
                .guild
                .as_deref(),
            Some("Closed")
        );

        let err = store.move_participant(p.id, "Nowhere").await.unwrap_err();
        assert!(
            matches!(&err, StoreError::NotFound(m) if m.to_string().contains("Nowhere")),
            "{err:?}"
        );
        assert_eq!(
            store.participant(p.id).await.unwrap().guild.as_deref(),
            Some("Closed")
        );
        assert!(matches!(
            store.move_participant(p.id + 1000, "Ants").await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn participants_are_marked_and_unmarked_as_test_users(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let p = register(&store, 7001, "Aada", "Ants").await;
        let marked = store.set_test_user(p.id, true).await.unwrap();
        assert!(marked.is_test_user);
        assert!(store.participant(p.id).await.unwrap().is_test_user);
        let unmarked = store.set_test_user(p.id, false).await.unwrap();
        assert!(!unmarked.is_test_user);
        assert!(!store.participant(p.id).await.unwrap().is_test_user);
        assert!(matches!(
            store.set_test_user(p.id + 1000, true).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn deleting_a_participant_takes_their_activities_and_feedback_along(store: Store) {
        add_guild(&store, "Ants", 10).await;
        let leaving = register(&store, 8001, "Onni", "Ants").await;
        let staying = register(&store, 8002, "Lilja", "Ants").await;
        for cents in [100, 200, 300] {
            store
                .log_activity(activity_worth(leaving.id, cents))
                .await
                .unwrap();
        }
        store
            .submit_feedback(leaving.id, &feedback())
            .await
            .unwrap();
        store
            .submit_feedback(leaving.id, &feedback())
            .await
            .unwrap();
        store
            .log_activity(activity_worth(staying.id, 450))
            .await
            .unwrap();
        store
            .submit_feedback(staying.id, &feedback())
            .await
            .unwrap();

        let deleted = store.delete_participant(leaving.id).await.unwrap();
        assert_eq!(deleted.participant.id, leaving.id);
        assert_eq!(deleted.participant.points, Points::from_cents(600));
        assert_eq!((deleted.activities, deleted.feedback), (3, 2));

        assert!(matches!(
            store.participant(leaving.id).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.participant_by_telegram_id(8001).await.unwrap(), None);
        assert_eq!(
            store
                .count_participant_activities(leaving.id)
                .await
                .unwrap(),
            0
        );
        assert_eq!(store.count_activities().await.unwrap(), 1);
        assert_eq!(store.count_feedback().await.unwrap(), 1);
        assert!(
            store
                .list_feedback(0, 10)
                .await
                .unwrap()
                .iter()
                .all(|f| f.user_id == staying.id)
        );
        assert_eq!(
            store.participant(staying.id).await.unwrap().points,
            Points::from_cents(450)
        );
        assert_eq!(store.count_participants().await.unwrap(), 1);

        assert!(matches!(
            store.delete_participant(leaving.id).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn participants_are_counted(store: Store) {
        add_guild(&store, "Ants", 10).await;
        assert_eq!(store.count_participants().await.unwrap(), 0);
        for id in 1..=5 {
            register(&store, 9000 + id, "Juho", "Ants").await;
        }
        // A repeated registration is not a new participant.
        register(&store, 9001, "Juho", "Ants").await;
        assert_eq!(store.count_participants().await.unwrap(), 5);
        let p = store
            .participant_by_telegram_id(9003)
            .await
            .unwrap()
            .unwrap();
        store.delete_participant(p.id).await.unwrap();
        assert_eq!(store.count_participants().await.unwrap(), 4);
    }
}
