//! `import activities`: every row checked, every problem named by line,
//! all-or-nothing writes that keep participants' totals right.

use std::path::Path;
use std::process::{Command, Output};

use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::ops::import::{DateRules, apply_import, plan_import};
use activity_challenge::ops::progress::Progress;
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use chrono::NaiveDate;

use crate::on_both_backends;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, catalogue, register};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");
const HEADER: &str = "user_id,activity_type,duration,points,activity_date,description\n";

/// Jogging in the built-in catalogue: its label and the points for `minutes`.
fn jogging(minutes: u32) -> (String, Points) {
    let entry = catalogue().entry_by_code("12020").cloned().unwrap();
    let points = Points::for_activity(entry.met, DurationMinutes::new(minutes).unwrap());
    (entry.label(), points)
}

fn row(user: i64, minutes: u32, date: &str) -> String {
    let (label, points) = jogging(minutes);
    format!("{user},{label},{minutes},{points},{date},\"imported, from paper\"\n")
}

/// The rules for moving historical data: any past date, no competition.
fn historical() -> DateRules {
    DateRules {
        rules: Default::default(),
        competition: None,
        allow_outside_window: true,
        now: chrono::Utc::now(),
    }
}

async fn two_participants(store: &Store) -> (i64, i64) {
    add_guild(store, "Athene", 50).await;
    let a = register(store, 101, "Aino", "Athene").await.id;
    let b = register(store, 102, "Bertta", "Athene").await.id;
    (a, b)
}

async fn total(store: &Store, user: i64) -> Points {
    store.participant(user).await.unwrap().points
}

on_both_backends! {
    async fn a_clean_file_imports_every_row_and_totals_follow(store: Store) {
        let (a, b) = two_participants(&store).await;
        let csv = format!(
            "{HEADER}{}{}{}",
            row(a, 45, "2025-09-01"),
            row(a, 30, "2025-09-02"),
            row(b, 60, "2025-09-01")
        );
        let plan = plan_import(&store, &catalogue(), csv.as_bytes(), &historical()).await.unwrap();
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        let written = apply_import(&store, &plan, &Progress::hidden(3)).await.unwrap();
        assert_eq!((written.activities, written.participants), (3, 2));
        let expected_a = jogging(45).1 + jogging(30).1;
        assert_eq!(total(&store, a).await, expected_a);
        assert_eq!(total(&store, b).await, jogging(60).1);
        assert_eq!(written.points, expected_a + jogging(60).1);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
        let listed = store.participant_activities(a, 0, 10).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].description.as_deref(), Some("imported, from paper"));
        assert_eq!(listed[0].compendium_code.as_deref(), Some("12020"));

        // Logging goes on normally after an import (the id sequence is ahead).
        let entry = catalogue().entry_by_code("12020").cloned().unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 9, 3).unwrap();
        store
            .log_activity(NewActivity::from_catalogue(b, &entry, DurationMinutes::new(20).unwrap(), day, None))
            .await
            .unwrap();
        assert_eq!(store.count_activities().await.unwrap(), 4);

        // The same file again: every row is already stored, nothing is written.
        let again = plan_import(&store, &catalogue(), csv.as_bytes(), &historical()).await.unwrap();
        assert_eq!(again.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![2, 3, 4]);
        assert!(again.problems[0].message.contains("already stored"));
        assert!(apply_import(&store, &again, &Progress::hidden(0)).await.is_err());
        assert_eq!(store.count_activities().await.unwrap(), 4);
    }
}

on_both_backends! {
    async fn every_bad_row_is_named_by_line_and_nothing_is_written(store: Store) {
        let (a, _) = two_participants(&store).await;
        let (label, points) = jogging(45);
        let csv = format!(
            "{HEADER}{}\
             999999,{label},45,{points},2025-09-01,\n\
             {a},{label},45,{points},2025-13-01,\n\
             {a},{label},0,0.00,2025-09-01,\n\
             {a},{label},1441,{points},2025-09-01,\n\
             {a},Underwater chess (Vigorous),45,{points},2025-09-01,\n\
             {a},{label},45,99.99,2025-09-01,\n\
             {}\
             {a},{label},45\n\
             {}",
            row(a, 45, "2025-09-01"),
            row(a, 45, "2025-09-01"),
            row(a, 50, "2025-09-05"),
        );
        let plan = plan_import(&store, &catalogue(), csv.as_bytes(), &historical()).await.unwrap();
        let lines: Vec<u64> = plan.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 9, 10], "{:?}", plan.problems);
        let message = |line: u64| {
            plan.problems.iter().find(|p| p.line == line).unwrap().message.clone()
        };
        assert!(message(3).contains("not a participant"), "{}", message(3));
        assert!(message(4).contains("YYYY-MM-DD"), "{}", message(4));
        assert!(message(5).contains("from 1 to 1440"), "{}", message(5));
        assert!(message(6).contains("from 1 to 1440"), "{}", message(6));
        assert!(message(7).contains("not in the catalogue"), "{}", message(7));
        assert!(message(8).contains(&format!("gives {points}")), "{}", message(8));
        assert_eq!(message(9), "duplicate of line 2");
        assert!(message(10).contains("malformed"), "{}", message(10));
        assert_eq!(plan.rows.len(), 2, "the valid rows are still checked");

        let refused = apply_import(&store, &plan, &Progress::hidden(0)).await.unwrap_err();
        assert!(refused.to_string().contains("3, 4, 5, 6, 7, 8, 9, 10"), "{refused}");
        assert_eq!(store.count_activities().await.unwrap(), 0);
        assert_eq!(total(&store, a).await, Points::ZERO);
    }
}

on_both_backends! {
    async fn a_file_without_the_header_is_refused(store: Store) {
        let (a, _) = two_participants(&store).await;
        let csv = row(a, 45, "2025-09-01");
        let err = plan_import(&store, &catalogue(), csv.as_bytes(), &historical()).await.unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let err = plan_import(&store, &catalogue(), b"", &historical()).await.unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
        let err = plan_import(&store, &catalogue(), b"user_id,activity_type,duration,points,activity_date,colour\n", &historical())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}

fn run(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
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
async fn the_command_checks_with_dry_run_then_imports_all_or_nothing() {
    let db = TestDb::new(Backend::Postgres).await;
    let (a, b) = two_participants(&db.store).await;
    add_running_competition(&db.store, 10, 10).await;
    let day = |ago: u64| (crate::support::today() - chrono::Days::new(ago)).to_string();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{HEADER}{}{}",
            row(a, 45, &day(2)),
            row(b, 45, "2025-02-30")
        ),
    )
    .unwrap();
    let url = db.url.as_str();
    let bad_path = bad.to_str().unwrap();

    let out = run(
        dir.path(),
        url,
        &["import", "activities", bad_path, "--dry-run"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("line 3: activity_date \"2025-02-30\""),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("nothing was written"), "{}", text(&out));
    let out = run(dir.path(), url, &["import", "activities", bad_path]);
    assert!(!out.status.success());
    assert!(text(&out).contains("line(s) 3"), "{}", text(&out));
    assert_eq!(db.store.count_activities().await.unwrap(), 0);

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("{HEADER}{}{}", row(a, 45, &day(2)), row(b, 45, &day(1))),
    )
    .unwrap();
    let good_path = good.to_str().unwrap();
    let out = run(
        dir.path(),
        url,
        &["import", "activities", good_path, "--dry-run"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("2 activities for 2 participants would be imported"),
        "{}",
        text(&out)
    );
    assert_eq!(db.store.count_activities().await.unwrap(), 0);
    let out = run(dir.path(), url, &["import", "activities", good_path]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("imported 2 activities for 2 participants"),
        "{}",
        text(&out)
    );
    assert_eq!(db.store.count_activities().await.unwrap(), 2);
    assert_eq!(total(&db.store, b).await, jogging(45).1);
    assert_eq!(db.store.check_rank_counts(false).await.unwrap(), Some(0));
}

#[tokio::test]
async fn imported_dates_follow_the_rules_of_logging_unless_allowed_outside_the_window() {
    let db = TestDb::new(Backend::Postgres).await;
    let (a, b) = two_participants(&db.store).await;
    let dir = tempfile::tempdir().unwrap();
    let url = db.url.as_str();
    let today = crate::support::today();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let file = dir.path().join("activities.csv");
    let path = file.to_str().unwrap();

    // Without a competition there is no window to be inside of.
    std::fs::write(&file, format!("{HEADER}{}", row(a, 45, &day(-2)))).unwrap();
    let out = run(dir.path(), url, &["import", "activities", path]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no active competition")
            && text(&out).contains("--allow-outside-window"),
        "{}",
        text(&out)
    );

    // A competition from 5 days ago to 5 days ahead: a date before it and
    // a future date inside it are refused by line, as logging refuses them.
    add_running_competition(&db.store, 5, 5).await;
    std::fs::write(
        &file,
        format!(
            "{HEADER}{}{}{}",
            row(a, 45, &day(-1)),
            row(a, 30, &day(-40)),
            row(b, 60, &day(2))
        ),
    )
    .unwrap();
    let out = run(dir.path(), url, &["import", "activities", path]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(
        said.contains(&format!(
            "line 3: activity_date {} is outside the competition \"Test Challenge\"",
            day(-40)
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "line 4: activity_date {} is in the future",
            day(2)
        )),
        "{said}"
    );
    assert!(said.contains("line(s) 3, 4"), "{said}");
    assert_eq!(db.store.count_activities().await.unwrap(), 0);

    // --allow-outside-window takes the historical row, never the future one.
    let out = run(
        dir.path(),
        url,
        &["import", "activities", path, "--allow-outside-window"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("line(s) 4"), "{}", text(&out));
    std::fs::write(
        &file,
        format!("{HEADER}{}{}", row(a, 45, &day(-1)), row(a, 30, &day(-40))),
    )
    .unwrap();
    let out = run(
        dir.path(),
        url,
        &["import", "activities", path, "--allow-outside-window"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(db.store.count_activities().await.unwrap(), 2);
    assert_eq!(total(&db.store, a).await, jogging(45).1 + jogging(30).1);
    // The audit log says the window was set aside, and for how many rows.
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "import.activities")
        .expect("the import is audited");
    assert!(
        entry
            .details
            .as_deref()
            .is_some_and(|d| d.contains("--allow-outside-window: 1 dated outside")),
        "{:?}",
        entry.details
    );
}
