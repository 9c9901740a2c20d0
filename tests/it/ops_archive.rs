//! `archive`: old activities copied to the archive table and verified,
//! optionally removed from the live table with totals kept right.

use std::process::{Command, Output};

use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::ops::archive::{Cutoff, archive};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use chrono::NaiveDate;
use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{ConnectionTrait, Statement};

use crate::on_both_backends;
use crate::support::{Backend, TestDb, add_guild, catalogue, register};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, d).unwrap()
}

async fn log(store: &Store, user: i64, minutes: u32, date: NaiveDate) -> Points {
    let entry = catalogue().entry_by_code("12020").cloned().unwrap();
    store
        .log_activity(NewActivity::from_catalogue(
            user,
            &entry,
            DurationMinutes::new(minutes).unwrap(),
            date,
            None,
        ))
        .await
        .unwrap()
        .activity
        .points
}

async fn count(store: &Store, sql: &str) -> i64 {
    let row = store
        .connection()
        .query_one_raw(Statement::from_string(store.backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn total(store: &Store, user: i64) -> Points {
    store.participant(user).await.unwrap().points
}

/// Two participants with activities on 1, 2, 10 and 11 September.
async fn season(store: &Store) -> (i64, i64, Points, Points) {
    add_guild(store, "Athene", 50).await;
    let a = register(store, 101, "Aino", "Athene").await.id;
    let b = register(store, 102, "Bertta", "Athene").await.id;
    let old_a = log(store, a, 45, day(1)).await + log(store, a, 30, day(2)).await;
    let old_b = log(store, b, 60, day(2)).await;
    log(store, a, 20, day(10)).await;
    log(store, b, 25, day(11)).await;
    (a, b, old_a, old_b)
}

on_both_backends! {
    async fn archiving_copies_verifies_and_deletes_with_totals_kept_right(store: Store) {
        let (a, b, old_a, old_b) = season(&store).await;
        let (a_before, b_before) = (total(&store, a).await, total(&store, b).await);

        // Copy only: the live table and the totals stay as they were.
        let outcome = store.archive_activities("activities_archive", day(5), false).await.unwrap();
        assert_eq!((outcome.matching, outcome.copied, outcome.deleted), (3, 3, 0));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 3);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities").await, 5);
        assert_eq!(total(&store, a).await, a_before);

        // Again: nothing is copied twice.
        let outcome = store.archive_activities("activities_archive", day(5), false).await.unwrap();
        assert_eq!((outcome.matching, outcome.copied), (3, 0));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 3);

        // With delete: the old rows leave, their points leave the totals.
        let outcome = store.archive_activities("activities_archive", day(5), true).await.unwrap();
        assert_eq!((outcome.matching, outcome.copied, outcome.deleted), (3, 0, 3));
        assert_eq!(outcome.points_moved, old_a + old_b);
        assert_eq!(outcome.participants, 2);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities").await, 2);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 3);
        assert_eq!(total(&store, a).await, a_before - old_a);
        assert_eq!(total(&store, b).await, b_before - old_b);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
        assert!(matches!(store.check_rank_counts(false).await.unwrap(), None | Some(0)));

        // Nothing left to archive: a no-op.
        let outcome = store.archive_activities("activities_archive", day(5), true).await.unwrap();
        assert_eq!((outcome.matching, outcome.deleted), (0, 0));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 3);

        // Deleting a participant deletes their archived rows too.
        store.connection().execute_unprepared(&format!("DELETE FROM users WHERE id = {a}")).await.unwrap();
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 1);
    }
}

on_both_backends! {
    async fn a_named_archive_table_is_created_and_bad_names_are_refused(store: Store) {
        let (a, _, old_a, _) = season(&store).await;
        let before = total(&store, a).await;
        let outcome = store.archive_activities("activities_archive_2025", day(5), true).await.unwrap();
        assert_eq!((outcome.copied, outcome.deleted), (3, 3));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive_2025").await, 3);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 0);
        assert_eq!(total(&store, a).await, before - old_a);
        for bad in ["activities", "x; DROP TABLE users", "Archive"] {
            assert!(store.archive_activities(bad, day(20), true).await.is_err(), "{bad}");
        }
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities").await, 2);
    }
}

on_both_backends! {
    async fn a_competition_is_archived_only_after_it_has_ended(store: Store) {
        season(&store).await;
        crate::support::add_running_competition(&store, 3, 3).await;
        let id = store.active_competition().await.unwrap().unwrap().id;
        let err = archive(&store, Cutoff::Competition(id), "activities_archive", true).await.unwrap_err();
        assert!(err.to_string().contains("after it has ended"), "{err}");
        assert_eq!(count(&store, "SELECT COUNT(*) FROM activities_archive").await, 0);
    }
}

on_both_backends! {
    async fn the_archive_migration_goes_down_and_up_again(store: Store) {
        let manager = SchemaManager::new(store.connection());
        assert!(manager.has_table("activities_archive").await.unwrap());
        // Roll back the archive migration and every later one.
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
        let position = names
            .iter()
            .position(|n| n == "m20261125_000003_activities_archive")
            .unwrap();
        Migrator::down(store.connection(), Some((names.len() - position) as u32))
            .await
            .unwrap();
        assert!(!manager.has_table("activities_archive").await.unwrap());
        assert!(manager.has_table("activities").await.unwrap());
        Migrator::up(store.connection(), None).await.unwrap();
        assert!(manager.has_table("activities_archive").await.unwrap());
    }
}

fn run(url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .output()
        .expect("binary runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn the_command_archives_deletes_and_advises_vacuum() {
    let db = TestDb::new(Backend::Postgres).await;
    let (_, _, old_a, old_b) = season(&db.store).await;
    let out = run(&db.url, &["archive", "--before", "2025-09-05"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(
            "3 activities dated before 2025-09-05 are in activities_archive (3 copied now"
        ),
        "{}",
        text(&out)
    );
    let out = run(&db.url, &["archive", "--before", "2025-09-05", "--delete"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "deleted 3 activities from activities; {} points",
            old_a + old_b
        )),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("db vacuum --full activities"),
        "{}",
        text(&out)
    );
    let out = run(&db.url, &["points", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&db.url, &["archive"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(count(&db.store, "SELECT COUNT(*) FROM activities").await, 2);
}
