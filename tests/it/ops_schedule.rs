//! Scheduled jobs inside `serve`: a due job runs, a failing job is logged
//! and audited without stopping the others, and the configuration names
//! the variable at fault.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use activity_challenge::app::App;
use activity_challenge::config::Config;
use activity_challenge::domain::Schedule;
use activity_challenge::jobs::{Clock, SchedulerHandle};
use activity_challenge::metrics::{JobOutcome, RunnerState};
use activity_challenge::store::Store;
use chrono::{DateTime, Utc};

use crate::support::cli::{stop_with_sigterm, wait_until_healthy};
use crate::support::{Backend, TestDb};

/// A clock the test moves by hand.
struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    fn at(text: &str) -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc),
        )))
    }

    fn set(&self, text: &str) {
        *self.0.lock().unwrap() = DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

async fn actions(store: &Store) -> Vec<String> {
    let mut found: Vec<String> = store
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.actor == "scheduler")
        .map(|e| e.action)
        .collect();
    found.sort();
    found
}

/// Waits until the scheduler has audited `n` entries (jobs run in the background).
async fn wait_for(store: &Store, n: usize) -> Vec<String> {
    for _ in 0..400 {
        let found = actions(store).await;
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    actions(store).await
}

/// Starts the job runner over `store` with `config`, on `clock`.
fn start(config: Config, store: Store, clock: Arc<ManualClock>, tick: Duration) -> SchedulerHandle {
    start_app(config, store, clock, tick).0
}

/// [`start`], also giving the app, whose job status `/readyz` shows.
fn start_app(
    config: Config,
    store: Store,
    clock: Arc<ManualClock>,
    tick: Duration,
) -> (SchedulerHandle, Arc<App>) {
    let app = Arc::new(App::with_store(
        config,
        store,
        Arc::new(crate::support::catalogue()),
    ));
    (
        activity_challenge::jobs::start(app.clone(), clock, tick),
        app,
    )
}

fn scheduled_config(db: &TestDb, backup_dir: &std::path::Path) -> Config {
    let mut config = db.config();
    config.backup.dir = backup_dir.to_path_buf();
    config.schedule.backup = Some(Schedule::parse("daily@02:00").unwrap());
    config.schedule.maintenance = Some(Schedule::parse("daily@02:00").unwrap());
    config.schedule.time_zone = Some(chrono_tz::Tz::UTC);
    config
}

#[tokio::test]
async fn a_due_backup_and_vacuum_run_and_nothing_runs_before() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let clock = ManualClock::at("2025-09-01T01:59:00Z");
    let handle = start(
        scheduled_config(&db, &backups),
        db.store.clone(),
        clock.clone(),
        Duration::from_millis(20),
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        actions(&db.store).await.is_empty(),
        "nothing is due before 02:00"
    );

    clock.set("2025-09-01T02:00:30Z");
    let found = wait_for(&db.store, 2).await;
    assert_eq!(found, vec!["backup", "db.vacuum"]);
    let files: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("backup-") && n.ends_with(".sqlite.gz"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");

    // Later the same day nothing runs again; the next day it does.
    clock.set("2025-09-01T13:00:00Z");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(actions(&db.store).await.len(), 2);
    clock.set("2025-09-02T02:01:00Z");
    assert_eq!(wait_for(&db.store, 4).await.len(), 4);
    handle.stop().await;
}

#[tokio::test]
async fn a_failing_job_is_audited_and_the_others_go_on() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    // A file where the backup directory should be: every backup fails.
    let not_a_dir = dir.path().join("backups");
    std::fs::write(&not_a_dir, "in the way").unwrap();
    let mut config = scheduled_config(&db, &not_a_dir);
    config.schedule.verify = Some(Schedule::parse("daily@02:00").unwrap());
    let clock = ManualClock::at("2025-09-01T01:59:00Z");
    let (handle, app) = start_app(
        config,
        db.store.clone(),
        clock.clone(),
        Duration::from_millis(20),
    );
    clock.set("2025-09-01T02:00:01Z");
    let found = wait_for(&db.store, 3).await;
    assert_eq!(found, vec!["db.vacuum", "job.failed", "job.failed"]);
    // What /readyz shows: each job's last run, how it went and why not,
    // and when it is next due.
    let report = app.metrics.job_status().report();
    assert_eq!(report.state, RunnerState::Running);
    let job = |name: &str| {
        report
            .jobs
            .iter()
            .find(|j| j.name == name)
            .unwrap_or_else(|| panic!("{name} in {report:?}"))
            .clone()
    };
    let backup = job("backup");
    assert_eq!(backup.last_outcome, Some(JobOutcome::Failed));
    assert!(backup.last_error.unwrap().contains("backups"));
    assert!(backup.last_run_at.is_some());
    let vacuum = job("vacuum_analyze");
    assert_eq!(vacuum.last_outcome, Some(JobOutcome::Ok));
    assert_eq!(vacuum.last_error, None);
    assert_eq!(
        vacuum.next_run_at.map(|t| t.to_rfc3339()),
        Some("2025-09-02T02:00:00+00:00".to_string())
    );
    let failure = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "job.failed" && e.target.as_deref() == Some("backup"))
        .unwrap();
    assert!(failure.details.unwrap().contains("backups"));
    // Each failed job waits for its next try (30 s later), counted.
    let queued = db
        .store
        .job_by_key("backup@2025-09-01T02:00Z")
        .await
        .unwrap()
        .expect("the occurrence is in the queue");
    assert_eq!((queued.state.as_str(), queued.attempts), ("waiting", 1));
    assert!(queued.last_error.unwrap().contains("backups"));
    // The next day the scheduler is still alive: the day's jobs run, and
    // yesterday's failed ones have their second try.
    clock.set("2025-09-02T02:00:01Z");
    let found = wait_for(&db.store, 8).await;
    assert_eq!(
        found.iter().filter(|a| *a == "job.failed").count(),
        6,
        "{found:?}"
    );
    assert_eq!(found.iter().filter(|a| *a == "db.vacuum").count(), 2);
    handle.stop().await;
    assert_eq!(
        app.metrics.job_status().report().state,
        RunnerState::Stopped
    );
}

#[test]
fn schedules_are_off_by_default_and_bad_values_name_the_variable() {
    let vars = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let config = Config::from_vars(&vars(&[])).unwrap();
    assert!(!config.schedule.any());
    let config = Config::from_vars(&vars(&[("BACKUP_SCHEDULE", "daily@02:00")])).unwrap();
    assert_eq!(
        config.schedule.backup,
        Some(Schedule::parse("daily@02:00").unwrap())
    );
    assert_eq!(
        config.schedule.verify,
        Some(Schedule::parse("weekly@sun@04:00").unwrap())
    );
    let config = Config::from_vars(&vars(&[
        ("BACKUP_SCHEDULE", "daily@02:00"),
        ("BACKUP_VERIFY_SCHEDULE", "off"),
        ("MAINTENANCE_SCHEDULE", "weekly@sun@03:00"),
        ("SCHEDULE_TIME_ZONE", "Europe/Helsinki"),
    ]))
    .unwrap();
    assert_eq!(config.schedule.verify, None);
    assert!(config.schedule.maintenance.is_some());
    for (var, value) in [
        ("BACKUP_SCHEDULE", "every night"),
        ("BACKUP_VERIFY_SCHEDULE", "weekly@funday@01:00"),
        ("MAINTENANCE_SCHEDULE", "daily@24:61"),
        ("SCHEDULE_TIME_ZONE", "Mars/Olympus"),
    ] {
        let err = Config::from_vars(&vars(&[(var, value)])).unwrap_err();
        assert_eq!(err.variable, var);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_starts_the_scheduler_and_stops_it_with_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_activity-challenge"))
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.path().join("a.db").display()),
        )
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("BACKUP_SCHEDULE", "daily@02:00")
        .env("MAINTENANCE_SCHEDULE", "weekly@sun@03:00")
        .env("SCHEDULE_TIME_ZONE", "Europe/Helsinki")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    assert!(
        wait_until_healthy(&format!("127.0.0.1:{port}")).await,
        "the HTTP server answers"
    );
    // /readyz shows the job runner with every job and when it is due; the
    // activation of scheduled competitions always runs.
    let mut jobs = serde_json::Value::Null;
    for _ in 0..50 {
        let ready: serde_json::Value = reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        jobs = ready["parts"]["jobs"].clone();
        let due = jobs["jobs"]
            .as_array()
            .is_some_and(|js| js.iter().any(|j| j["next_run_at"].is_string()));
        if due {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(jobs["state"], "running", "{jobs}");
    let mut names: Vec<&str> = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "backup",
            "backup.verify",
            "competition_activation",
            "vacuum_analyze"
        ],
        "{jobs}"
    );
    let backup = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "backup")
        .unwrap();
    assert_eq!(backup["schedule"], "daily@02:00");
    // 02:00 in Helsinki: within the next day, on the hour.
    let next: DateTime<Utc> = backup["next_run_at"].as_str().unwrap().parse().unwrap();
    let ahead = next - Utc::now();
    assert!(
        ahead > chrono::Duration::zero() && ahead <= chrono::Duration::hours(25),
        "{backup}"
    );
    assert_eq!(next.timestamp() % 3600, 0, "{backup}");
    let (status, log) = stop_with_sigterm(child).await;
    assert!(status.success(), "{log}");
    assert!(
        log.contains("scheduled job") && log.contains("daily@02:00"),
        "{log}"
    );
    assert!(log.contains("weekly@sun@04:00"), "{log}");
    assert!(log.contains("weekly@sun@03:00"), "{log}");
    assert!(log.contains("stopped"), "{log}");
}
