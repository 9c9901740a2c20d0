//! The rank counts that PostgreSQL keeps in step with `users`: whatever
//! writes to the table, ranks and guild totals stay what a recount gives.

use activity_challenge::domain::{DurationMinutes, GuildDraft, Points};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, Statement};

use crate::on_both_backends;
use crate::support::{Backend, TestDb, add_guild, register};

fn activity(user_id: i64, cents: i64) -> NewActivity {
    NewActivity {
        user_id,
        activity_type: "Running (Vigorous)".to_string(),
        compendium_code: None,
        met: None,
        duration: DurationMinutes::new(30).unwrap(),
        points: Points::from_cents(cents),
        description: None,
        activity_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        idempotency_key: None,
        source: activity_challenge::domain::ActivitySource::Typed,
        workout: None,
        daily_max_points: None,
    }
}

/// Every participant's global and guild rank, recounted with `RANK()`,
/// against what the store says.
async fn assert_ranks_match_a_recount(store: &Store) {
    let rows = store
        .connection()
        .query_all_raw(Statement::from_string(
            store.backend(),
            "SELECT id, RANK() OVER (ORDER BY points DESC) AS g, \
                    RANK() OVER (PARTITION BY guild ORDER BY points DESC) AS r, \
                    COUNT(*) OVER (PARTITION BY guild) AS m FROM users",
        ))
        .await
        .unwrap();
    for row in rows {
        let id: i64 = row.try_get("", "id").unwrap();
        let global: i64 = row.try_get("", "g").unwrap();
        let guild: i64 = row.try_get("", "r").unwrap();
        let members: i64 = row.try_get("", "m").unwrap();
        let summary = store.participant_summary(id).await.unwrap();
        assert_eq!(summary.global_rank, global as u64, "global rank of #{id}");
        if summary.participant.guild.is_some() {
            assert_eq!(summary.guild_rank, guild as u64, "guild rank of #{id}");
            assert_eq!(
                summary.guild_participants, members as u64,
                "guild size of #{id}"
            );
        }
    }
    assert_eq!(
        store.check_rank_counts(false).await.unwrap().unwrap_or(0),
        0
    );
}

on_both_backends! {
    async fn ranks_stay_exact_through_every_kind_of_write(store: Store) {
        add_guild(&store, "North", 20).await;
        add_guild(&store, "South", 20).await;
        let mut rng = SmallRng::seed_from_u64(7);
        let mut ids = Vec::new();
        for i in 0..40 {
            let guild = if i % 2 == 0 { "North" } else { "South" };
            ids.push(register(&store, 1000 + i, &format!("P{i}"), guild).await.id);
        }
        let mut logged = Vec::new();
        for _ in 0..150 {
            let id = ids[rng.random_range(0..ids.len())];
            // Few distinct amounts, so ties are common.
            let cents = [50, 100, 250, 563, 1000][rng.random_range(0..5)];
            logged.push(store.log_activity(activity(id, cents)).await.unwrap().activity.id);
        }
        assert_ranks_match_a_recount(&store).await;

        for id in logged.iter().step_by(7) {
            store.delete_activity(*id, None).await.unwrap();
        }
        store.move_participant(ids[0], "South").await.unwrap();
        let north = store.guild_by_name("North").await.unwrap();
        store.update_guild(north.id, &GuildDraft::parse("Northern Lights", "25").unwrap(), None).await.unwrap();
        store.delete_participant(ids[1]).await.unwrap();
        assert_ranks_match_a_recount(&store).await;

        // The operations guide's own SQL, written by hand, is counted too.
        store
            .connection()
            .execute_unprepared("DELETE FROM users WHERE first_name LIKE 'P1%'")
            .await
            .unwrap();
        assert_ranks_match_a_recount(&store).await;
        let standings = store.guild_standings().await.unwrap();
        let registered: u64 = standings.iter().map(|s| s.registered).sum();
        assert_eq!(registered, store.count_participants().await.unwrap());
    }
}

#[tokio::test]
async fn drifted_rank_counts_are_found_and_rebuilt() {
    let db = TestDb::new(Backend::Postgres).await;
    let store = &db.store;
    add_guild(store, "North", 10).await;
    for i in 0..10 {
        let id = register(store, 50 + i, "N", "North").await.id;
        store
            .log_activity(activity(id, 100 * (i + 1)))
            .await
            .unwrap();
    }
    assert_eq!(store.check_rank_counts(false).await.unwrap(), Some(0));
    store
        .connection()
        .execute_unprepared("UPDATE rank_buckets SET n = n + 3 WHERE scope = '' AND bucket = 5")
        .await
        .unwrap();
    store
        .connection()
        .execute_unprepared("DELETE FROM guild_totals WHERE stripe = 1")
        .await
        .unwrap();
    let found = store.check_rank_counts(false).await.unwrap().unwrap();
    assert!(found >= 2, "{found}");
    assert_eq!(store.check_rank_counts(true).await.unwrap(), Some(found));
    assert_eq!(store.check_rank_counts(false).await.unwrap(), Some(0));
    assert_ranks_match_a_recount(store).await;
}

#[tokio::test]
async fn sqlite_keeps_no_rank_counts() {
    let db = TestDb::new(Backend::Sqlite).await;
    assert_eq!(db.store.check_rank_counts(true).await.unwrap(), None);
}

on_both_backends! {
    async fn ranks_are_exact_on_both_sides_of_every_level_of_the_counts(store: Store) {
        // Totals either side of a cent, a whole point and a hundred points,
        // with ties, written by hand and then moved by logging.
        add_guild(&store, "North", 40).await;
        add_guild(&store, "South", 40).await;
        let totals = [
            "0", "0", "0.01", "0.99", "1", "99.98", "99.99", "99.99", "100", "100.01", "100.99",
            "101", "199.99", "200", "200", "250.5", "999.99", "1000", "1099.99", "12345.67",
        ];
        let mut ids = Vec::new();
        for (i, total) in totals.iter().enumerate() {
            let guild = if i % 3 == 0 { "North" } else { "South" };
            let id = register(&store, 3000 + i as i64, &format!("T{i}"), guild).await.id;
            store
                .connection()
                .execute_unprepared(&format!("UPDATE users SET points = {total} WHERE id = {id}"))
                .await
                .unwrap();
            ids.push(id);
        }
        assert_ranks_match_a_recount(&store).await;
        // Across the boundaries by logging: +0.01, +1 and +100 points.
        for (n, &id) in ids.iter().enumerate() {
            let cents = [1, 100, 10_000][n % 3];
            let mut new = activity(id, cents);
            new.idempotency_key = Some(format!("cross-{n}"));
            store.log_activity(new).await.unwrap();
        }
        assert_ranks_match_a_recount(&store).await;
    }
}
