//! Guilds (create, list, rename, open and close, delete) and competitions
//! (one active at a time, edit, delete, calendar).

use activity_challenge::domain::{CompetitionDraft, GuildDraft};
use activity_challenge::store::{Store, StoreError};
use chrono::NaiveDate;

use crate::on_both_backends;
use crate::support::{add_guild, register};

fn guild(name: &str, members: u32) -> GuildDraft {
    GuildDraft::parse(name, &members.to_string()).expect("valid guild")
}

fn competition(name: &str, start: &str, end: &str, zone: &str) -> CompetitionDraft {
    CompetitionDraft::parse(name, "Move more!", start, end, zone).expect("valid competition")
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn guild_names(store: &Store) -> Vec<(String, bool)> {
    store
        .list_guilds()
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.name, g.active))
        .collect()
}

async fn active_names(store: &Store) -> Vec<String> {
    store
        .active_guilds()
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect()
}

on_both_backends! {
    async fn guilds_are_created_listed_and_found(store: Store) {
        let bees = store.create_guild(&guild("Bees", 12)).await.unwrap();
        assert_eq!(
            (bees.name.as_str(), bees.member_count, bees.active),
            ("Bees", 12, true)
        );
        store.create_guild(&guild("Ants", 30)).await.unwrap();

        assert_eq!(store.guild(bees.id).await.unwrap(), bees);
        assert_eq!(store.guild_by_name("Bees").await.unwrap(), bees);
        assert_eq!(
            guild_names(&store).await,
            [("Ants".to_string(), true), ("Bees".to_string(), true)]
        );
        assert_eq!(active_names(&store).await, ["Ants", "Bees"]);

        assert!(matches!(
            store.guild(bees.id + 100).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.guild_by_name("bees").await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn a_duplicate_guild_name_is_a_conflict(store: Store) {
        store.create_guild(&guild("Ants", 30)).await.unwrap();
        let err = store.create_guild(&guild("Ants", 5)).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.to_string().contains("Ants")),
            "{err:?}"
        );
        let only = store.list_guilds().await.unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].member_count, 30);
    }
}

on_both_backends! {
    async fn renaming_a_guild_takes_its_members_along(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        let a = register(&store, 1, "Aino", "Ants").await;
        let b = register(&store, 2, "Eetu", "Ants").await;
        let c = register(&store, 3, "Sofia", "Bees").await;
        let ants = store.guild_by_name("Ants").await.unwrap();

        let renamed = store
            .update_guild(ants.id, &guild("Red Ants", 25), None)
            .await
            .unwrap();
        assert_eq!(
            (renamed.id, renamed.name.as_str(), renamed.member_count),
            (ants.id, "Red Ants", 25)
        );
        for id in [a.id, b.id] {
            assert_eq!(
                store.participant(id).await.unwrap().guild.as_deref(),
                Some("Red Ants")
            );
        }
        assert_eq!(
            store.participant(c.id).await.unwrap().guild.as_deref(),
            Some("Bees")
        );
        assert_eq!(
            store.guild_leaderboard("Red Ants", 10).await.unwrap().len(),
            2
        );
        assert!(
            store
                .guild_leaderboard("Ants", 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            store.guild_by_name("Ants").await,
            Err(StoreError::NotFound(_))
        ));

        // Taking another guild's name is a conflict and changes nothing.
        let err = store
            .update_guild(ants.id, &guild("Bees", 3), None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.to_string().contains("Bees")),
            "{err:?}"
        );
        assert_eq!(store.guild(ants.id).await.unwrap(), renamed);
        assert_eq!(
            store.participant(a.id).await.unwrap().guild.as_deref(),
            Some("Red Ants")
        );

        // Only the size changes.
        let resized = store
            .update_guild(ants.id, &guild("Red Ants", 40), None)
            .await
            .unwrap();
        assert_eq!(resized.member_count, 40);
        assert!(matches!(
            store.update_guild(ants.id + 100, &guild("X", 1), None).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn closed_guilds_are_hidden_from_registration_until_reopened(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        add_guild(&store, "Cats", 10).await;
        let member = register(&store, 1, "Aino", "Ants").await;
        let ants = store.guild_by_name("Ants").await.unwrap();

        let closed = store.set_guild_active(ants.id, false).await.unwrap();
        assert!(!closed.active);
        assert_eq!(active_names(&store).await, ["Bees", "Cats"]);
        // Listed after the active ones; members stay.
        assert_eq!(
            guild_names(&store).await,
            [
                ("Bees".to_string(), true),
                ("Cats".to_string(), true),
                ("Ants".to_string(), false)
            ]
        );
        assert_eq!(
            store.participant(member.id).await.unwrap().guild.as_deref(),
            Some("Ants")
        );
        // Closed for registration only: it still competes.
        assert!(
            store
                .guild_standings()
                .await
                .unwrap()
                .iter()
                .any(|s| s.name == "Ants")
        );

        assert!(store.set_guild_active(ants.id, true).await.unwrap().active);
        assert_eq!(active_names(&store).await, ["Ants", "Bees", "Cats"]);
        assert!(matches!(
            store.set_guild_active(ants.id + 100, false).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn only_a_guild_without_members_can_be_deleted(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Empty", 10).await;
        register(&store, 1, "Aino", "Ants").await;
        let ants = store.guild_by_name("Ants").await.unwrap();
        let empty = store.guild_by_name("Empty").await.unwrap();

        let err = store.delete_guild(ants.id).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.to_string().contains("1 members")),
            "{err:?}"
        );
        assert_eq!(store.guild(ants.id).await.unwrap(), ants);

        assert_eq!(store.delete_guild(empty.id).await.unwrap(), empty);
        assert!(matches!(
            store.guild(empty.id).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(active_names(&store).await, ["Ants"]);
        assert!(matches!(
            store.delete_guild(empty.id).await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn one_competition_is_active_at_a_time(store: Store) {
        assert_eq!(store.active_competition().await.unwrap(), None);
        let spring = store
            .create_competition(
                &competition("Spring", "2025-03-01", "2025-03-31", "Europe/Helsinki"),
                true,
            )
            .await
            .unwrap();
        assert!(spring.is_active);
        assert_eq!(
            store.active_competition().await.unwrap(),
            Some(spring.clone())
        );

        // Creating and activating another one retires the first.
        let autumn = store
            .create_competition(
                &competition("Autumn", "2025-09-01", "2025-09-30", "Europe/Helsinki"),
                true,
            )
            .await
            .unwrap();
        assert_eq!(
            store.active_competition().await.unwrap().map(|c| c.id),
            Some(autumn.id)
        );
        assert!(!store.competition(spring.id).await.unwrap().is_active);

        // A draft does not touch the active one.
        let winter = store
            .create_competition(
                &competition("Winter", "2025-12-01", "2025-12-31", "Europe/Helsinki"),
                false,
            )
            .await
            .unwrap();
        assert!(!winter.is_active);
        assert_eq!(
            store.active_competition().await.unwrap().map(|c| c.id),
            Some(autumn.id)
        );

        let activated = store.activate_competition(spring.id).await.unwrap();
        assert!(activated.is_active);
        let active: Vec<i64> = store
            .list_competitions()
            .await
            .unwrap()
            .into_iter()
            .filter(|c| c.is_active)
            .map(|c| c.id)
            .collect();
        assert_eq!(active, [spring.id]);
        // Activating the active one keeps it active.
        assert!(
            store
                .activate_competition(spring.id)
                .await
                .unwrap()
                .is_active
        );
        assert_eq!(
            store.active_competition().await.unwrap().map(|c| c.id),
            Some(spring.id)
        );
        assert!(matches!(
            store.activate_competition(winter.id + 100).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            store.active_competition().await.unwrap().map(|c| c.id),
            Some(spring.id)
        );
    }
}

on_both_backends! {
    async fn competitions_are_updated_listed_and_deleted(store: Store) {
        let a = store
            .create_competition(
                &competition("Spring", "2025-03-01", "2025-03-31", "Europe/Helsinki"),
                true,
            )
            .await
            .unwrap();
        let b = store
            .create_competition(
                &competition("Autumn", "2025-09-01", "2025-09-30", "UTC"),
                false,
            )
            .await
            .unwrap();
        let names = |list: Vec<activity_challenge::store::competitions::Competition>| {
            list.into_iter().map(|c| c.name).collect::<Vec<_>>()
        };
        // Newest (latest start) first.
        assert_eq!(
            names(store.list_competitions().await.unwrap()),
            ["Autumn", "Spring"]
        );

        let edited = store
            .update_competition(
                a.id,
                &competition("Big Spring", "2026-04-01", "2026-05-15", "America/New_York"),
                None,
            )
            .await
            .unwrap();
        assert_eq!(edited.name, "Big Spring");
        assert_eq!(edited.description, "Move more!");
        assert_eq!(
            (edited.start_date, edited.end_date),
            (date("2026-04-01"), date("2026-05-15"))
        );
        assert_eq!(edited.time_zone, chrono_tz::America::New_York);
        assert!(edited.is_active, "editing keeps it active");
        assert_eq!(store.competition(a.id).await.unwrap(), edited);
        assert_eq!(
            names(store.list_competitions().await.unwrap()),
            ["Big Spring", "Autumn"]
        );

        assert_eq!(store.delete_competition(b.id).await.unwrap(), b);
        assert!(matches!(
            store.competition(b.id).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            names(store.list_competitions().await.unwrap()),
            ["Big Spring"]
        );
        assert!(matches!(
            store.delete_competition(b.id).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store
                .update_competition(b.id, &competition("X", "2025-01-01", "2025-01-02", "UTC"), None)
                .await,
            Err(StoreError::NotFound(_))
        ));
    }
}

on_both_backends! {
    async fn the_calendar_round_trips_dates_and_zone(store: Store) {
        for (start, end, zone) in [
            ("2025-09-01", "2025-09-30", "Europe/Helsinki"),
            ("2024-02-29", "2024-02-29", "Asia/Kathmandu"),
            ("2025-12-24", "2026-01-06", "America/St_Johns"),
            ("2025-03-30", "2025-10-26", "Pacific/Chatham"),
        ] {
            let draft = competition("Calendar", start, end, zone);
            let created = store.create_competition(&draft, false).await.unwrap();
            let read = store.competition(created.id).await.unwrap();
            assert_eq!(read, created);
            let calendar = read.calendar();
            assert_eq!(calendar.start(), date(start));
            assert_eq!(calendar.end(), date(end));
            assert_eq!(calendar.time_zone().name(), zone);
            assert_eq!(calendar.total_days(), draft.calendar().total_days());
        }
        assert_eq!(store.list_competitions().await.unwrap().len(), 4);
    }
}
