//! Ranks, neighbours, leaderboards and guild standings.

use std::collections::HashMap;

use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::bulk::BulkParticipant;
use chrono::{NaiveDate, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Statement};

use crate::on_both_backends;
use crate::support::{add_guild, register};

/// Logs an activity worth `cents` for `user_id`.
async fn earn(store: &Store, user_id: i64, cents: i64) {
    store
        .log_activity(NewActivity {
            user_id,
            activity_type: "Swimming (Vigorous)".to_string(),
            compendium_code: None,
            met: None,
            duration: DurationMinutes::new(60).unwrap(),
            points: Points::from_cents(cents),
            description: None,
            activity_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            idempotency_key: None,
            source: activity_challenge::domain::ActivitySource::Typed,
            workout: None,
            daily_max_points: None,
        })
        .await
        .expect("activity logged");
}

/// A participant of `guild` with `whole` points.
async fn with_points(store: &Store, telegram_id: i64, name: &str, guild: &str, whole: i64) -> i64 {
    let id = register(store, telegram_id, name, guild).await.id;
    if whole > 0 {
        earn(store, id, whole * 100).await;
    }
    id
}

/// `RANK() OVER (ORDER BY points DESC)` straight from the database, by user id,
/// optionally within each guild.
async fn oracle_ranks(store: &Store, per_guild: bool) -> HashMap<i64, u64> {
    let sql = if per_guild {
        "SELECT id, RANK() OVER (PARTITION BY guild ORDER BY points DESC) AS r FROM users"
    } else {
        "SELECT id, RANK() OVER (ORDER BY points DESC) AS r FROM users"
    };
    store
        .connection()
        .query_all_raw(Statement::from_string(store.backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            let id: i64 = row.try_get("", "id").unwrap();
            let rank: i64 = row.try_get("", "r").unwrap();
            (id, rank as u64)
        })
        .collect()
}

on_both_backends! {
    async fn ranks_follow_sql_rank_with_ties_globally_and_within_the_guild(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        let ten = with_points(&store, 1, "Ten", "Ants", 10).await;
        let eight = with_points(&store, 2, "Eight", "Ants", 8).await;
        // Reaches 8.00 in several steps: still a tie with the 8 above.
        let other_eight = register(&store, 3, "Other eight", "Ants").await.id;
        for cents in [770, 10, 20] {
            earn(&store, other_eight, cents).await;
        }
        let five = with_points(&store, 4, "Five", "Ants", 5).await;
        let ids = [ten, eight, other_eight, five];

        for (id, rank) in ids.iter().zip([1, 2, 2, 4]) {
            let s = store.participant_summary(*id).await.unwrap();
            assert_eq!(
                (s.global_rank, s.participants),
                (rank, 4),
                "participant {id}"
            );
            assert_eq!(
                (s.guild_rank, s.guild_participants),
                (rank, 4),
                "participant {id}"
            );
        }

        // Someone in another guild between 10 and 8 moves everyone's global
        // rank but no guild rank in Ants.
        let nine = with_points(&store, 5, "Nine", "Bees", 9).await;
        for (id, (global, guild)) in ids.iter().zip([(1, 1), (3, 2), (3, 2), (5, 4)]) {
            let s = store.participant_summary(*id).await.unwrap();
            assert_eq!(
                (s.global_rank, s.participants),
                (global, 5),
                "participant {id}"
            );
            assert_eq!(
                (s.guild_rank, s.guild_participants),
                (guild, 4),
                "participant {id}"
            );
        }
        let s = store.participant_summary(nine).await.unwrap();
        assert_eq!(
            (s.global_rank, s.guild_rank, s.guild_participants),
            (2, 1, 1)
        );

        assert_eq!(
            store
                .rank_for_points(Points::from_cents(800))
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .rank_for_points(Points::from_cents(801))
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .rank_for_points(Points::from_cents(1001))
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.rank_for_points(Points::ZERO).await.unwrap(), 6);
        // What a confirmation shows: "rank X of Y".
        let population = store.count_participants().await.unwrap();
        assert_eq!(
            store.rank_and_population(Points::from_cents(801)).await.unwrap(),
            (3, population)
        );
        assert_eq!(
            store.rank_and_population(Points::ZERO).await.unwrap(),
            (6, population)
        );
    }
}

on_both_backends! {
    async fn neighbours_above_and_below_walk_the_leaderboard_through_ties(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        let ten = with_points(&store, 1, "Ten", "Ants", 10).await;
        let eight = with_points(&store, 2, "Eight", "Bees", 8).await;
        let other_eight = with_points(&store, 3, "Other eight", "Ants", 8).await;
        let five = with_points(&store, 4, "Five", "Bees", 5).await;

        let neighbours = |s: &activity_challenge::store::standings::ParticipantSummary| {
            (
                s.above.as_ref().map(|n| (n.user_id, n.rank, n.gap)),
                s.below.as_ref().map(|n| (n.user_id, n.rank, n.gap)),
            )
        };
        let p = |cents| Points::from_cents(cents);

        let top = store.participant_summary(ten).await.unwrap();
        assert_eq!(neighbours(&top), (None, Some((eight, 2, p(200)))));
        let below = top.below.as_ref().unwrap();
        assert_eq!(
            (
                below.first_name.as_str(),
                below.guild.as_deref(),
                below.points
            ),
            ("Eight", Some("Bees"), p(800))
        );

        let s = store.participant_summary(eight).await.unwrap();
        assert_eq!(
            neighbours(&s),
            (Some((ten, 1, p(200))), Some((other_eight, 2, p(0))))
        );

        let s = store.participant_summary(other_eight).await.unwrap();
        assert_eq!(
            neighbours(&s),
            (Some((eight, 2, p(0))), Some((five, 4, p(300))))
        );

        let last = store.participant_summary(five).await.unwrap();
        assert_eq!(neighbours(&last), (Some((other_eight, 2, p(300))), None));

        // Someone with the leaderboard to themselves has nobody around them.
        for id in [ten, eight, other_eight] {
            store.delete_participant(id).await.unwrap();
        }
        let alone = store.participant_summary(five).await.unwrap();
        assert_eq!((alone.global_rank, alone.participants), (1, 1));
        assert_eq!(neighbours(&alone), (None, None));
    }
}

on_both_backends! {
    async fn leaderboards_rank_exactly_as_sql_rank_on_random_data(store: Store) {
        let guilds = ["Ants", "Bees", "Cats"];
        for g in guilds {
            add_guild(&store, g, 80).await;
        }
        // 200 participants with few distinct totals: many ties, some zeros.
        let mut rng = SmallRng::seed_from_u64(20_251_125);
        let choices = [0, 0, 150, 275, 300, 300, 1000, 1250, 4999, 5000];
        let rows: Vec<BulkParticipant> = (0..200)
            .map(|i| BulkParticipant {
                telegram_id: 10_000 + i,
                username: Some(format!("p{i}")),
                first_name: format!("P{i}"),
                last_name: None,
                guild: Some(guilds[rng.random_range(0..guilds.len())].to_string()),
                points: Points::from_cents(choices[rng.random_range(0..choices.len())]),
                is_test_user: false,
                created_at: Utc::now(),
            })
            .collect();
        let mut loader = store.bulk_loader().await.unwrap();
        loader.participants(&rows).await.unwrap();
        loader.commit().await.unwrap();

        let global = oracle_ranks(&store, false).await;
        let in_guild = oracle_ranks(&store, true).await;
        assert_eq!(global.len(), 200);

        let board = store.leaderboard(200).await.unwrap();
        assert_eq!(board.len(), 200);
        for entry in &board {
            assert_eq!(entry.rank, global[&entry.user_id], "user {}", entry.user_id);
        }
        // Best first, ties in registration order.
        assert!(board.windows(2).all(|w| w[0].points > w[1].points
            || (w[0].points == w[1].points && w[0].user_id < w[1].user_id)));
        assert!(
            board.windows(2).any(|w| w[0].rank == w[1].rank),
            "the data has ties"
        );

        let top = store.leaderboard(25).await.unwrap();
        assert_eq!(top, board[..25].to_vec());

        for g in guilds {
            let board = store.guild_leaderboard(g, 200).await.unwrap();
            let members = rows
                .iter()
                .filter(|r| r.guild.as_deref() == Some(g))
                .count();
            assert_eq!(board.len(), members);
            for entry in &board {
                assert_eq!(entry.guild.as_deref(), Some(g));
                assert_eq!(
                    entry.rank, in_guild[&entry.user_id],
                    "user {} in {g}",
                    entry.user_id
                );
            }
            assert_eq!(
                store.guild_leaderboard(g, 5).await.unwrap(),
                board[..5].to_vec()
            );
        }

        // The summary screen agrees with the oracle too.
        for entry in board.iter().step_by(17) {
            let s = store.participant_summary(entry.user_id).await.unwrap();
            assert_eq!(s.global_rank, global[&entry.user_id]);
            assert_eq!(s.guild_rank, in_guild[&entry.user_id]);
            assert_eq!(s.participants, 200);
        }
    }
}

on_both_backends! {
    async fn guild_standings_average_over_configured_members(store: Store) {
        for (name, members) in [
            ("Alpha", 4),
            ("Bravo", 10),
            ("Charlie", 3),
            ("Delta", 8),
            ("Echo", 5),
            ("Foxtrot", 2),
            ("Golf", 5),
        ] {
            add_guild(&store, name, members).await;
        }
        let mut tg = 0;
        let mut join = |guild: &'static str, cents: i64| {
            tg += 1;
            (tg, guild, cents)
        };
        let people = [
            join("Alpha", 1000),
            join("Alpha", 0),
            join("Bravo", 2500),
            join("Bravo", 500),
            join("Bravo", 0),
            join("Charlie", 1000),
            join("Delta", 1200),
            join("Delta", 800),
            join("Foxtrot", 10_000),
            join("Golf", 1025),
        ];
        for (telegram_id, guild, cents) in people {
            let id = register(&store, telegram_id, "Member", guild).await.id;
            if cents > 0 {
                earn(&store, id, cents).await;
            }
        }
        // A guild closed for registration still competes: it keeps its place.
        let foxtrot = store.guild_by_name("Foxtrot").await.unwrap();
        store.set_guild_active(foxtrot.id, false).await.unwrap();

        let standings = store.guild_standings().await.unwrap();
        let table: Vec<String> = standings
            .iter()
            .map(|s| {
                format!(
                    "{} {}: {} members, {} registered, {} active, total {}, average {}, participation {}",
                    s.rank,
                    s.name,
                    s.configured_members,
                    s.registered,
                    s.active_members,
                    s.total_points,
                    s.average,
                    s.participation
                )
            })
            .collect();
        assert_eq!(
            table,
            [
                "1 Foxtrot: 2 members, 1 registered, 1 active, total 100.00, average 50.0, participation 0.5000",
                // 10 ÷ 3 = 3.33…, shown as 3.3.
                "2 Charlie: 3 members, 1 registered, 1 active, total 10.00, average 3.3, participation 0.3333",
                "3 Bravo: 10 members, 3 registered, 2 active, total 30.00, average 3.0, participation 0.2000",
                // Equal averages share a rank; the larger total is listed first.
                "4 Delta: 8 members, 2 registered, 2 active, total 20.00, average 2.5, participation 0.2500",
                "4 Alpha: 4 members, 2 registered, 1 active, total 10.00, average 2.5, participation 0.2500",
                // 10.25 ÷ 5 = 2.05 rounds half up to 2.1.
                "6 Golf: 5 members, 1 registered, 1 active, total 10.25, average 2.1, participation 0.2000",
                "7 Echo: 5 members, 0 registered, 0 active, total 0.00, average 0.0, participation 0.0000",
            ]
        );
        assert_eq!(standings[1].participation_percent(), Decimal::new(333, 1));
    }
}

on_both_backends! {
    async fn top_ranks_keep_everyone_tied_at_the_cut_and_count_the_overflow(store: Store) {
        add_guild(&store, "Ants", 10).await;
        add_guild(&store, "Bees", 10).await;
        // 9 ahead, then 4 level at rank 10, one behind, one without points.
        for i in 0..9 {
            with_points(&store, 100 + i, "Lead", "Ants", 50 - i).await;
        }
        for i in 0..4 {
            with_points(&store, 200 + i, "Level", "Bees", 30).await;
        }
        with_points(&store, 300, "Behind", "Bees", 10).await;
        let zero = with_points(&store, 301, "Zero", "Bees", 0).await;

        let top = store.top_ranks(None, 10, 20).await.unwrap();
        let ranks: Vec<u64> = top.entries.iter().map(|e| e.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10]);
        assert_eq!(top.more_level, 0);

        // Too many level at the cut for the rows allowed: the rest are counted.
        let top = store.top_ranks(None, 10, 11).await.unwrap();
        assert_eq!(top.entries.len(), 11);
        assert_eq!(top.more_level, 2);

        // Within a guild; nobody without points.
        let bees = store.top_ranks(Some("Bees"), 10, 20).await.unwrap();
        let ranks: Vec<u64> = bees.entries.iter().map(|e| e.rank).collect();
        assert_eq!(ranks, [1, 1, 1, 1, 5]);
        assert!(bees.entries.iter().all(|e| e.user_id != zero));

        // Level with three others; the strict neighbours skip the tie.
        let level = store.participant_by_telegram_id(201).await.unwrap().unwrap();
        let s = store.participant_summary(level.id).await.unwrap();
        assert_eq!(s.level_with, 3);
        assert_eq!(s.global_rank, 10);
        let ahead = s.ahead.unwrap();
        assert_eq!((ahead.rank, ahead.points), (9, Points::from_cents(4200)));
        let behind = s.behind.unwrap();
        assert_eq!((behind.rank, behind.points), (14, Points::from_cents(1000)));
        // Without points: level with nobody else, nobody behind.
        let s = store.participant_summary(zero).await.unwrap();
        assert_eq!((s.level_with, s.behind.is_none()), (0, true));
        assert_eq!(s.ahead.unwrap().points, Points::from_cents(1000));
    }
}
