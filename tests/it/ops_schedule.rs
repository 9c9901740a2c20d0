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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_take_each_scheduled_backup_once() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let mut config = scheduled_config(&db, &backups);
    config.schedule.maintenance = None;
    let clock = ManualClock::at("2025-09-01T01:59:00Z");
    let first = start(
        config.clone(),
        db.store.clone(),
        clock.clone(),
        Duration::from_millis(20),
    );
    let other_store = Store::connect(&config.database).await.unwrap();
    let second = start(
        config,
        other_store,
        clock.clone(),
        Duration::from_millis(20),
    );
    clock.set("2025-09-01T02:00:30Z");
    assert_eq!(wait_for(&db.store, 1).await, vec!["backup"]);
    // Both instances saw the occurrence; give the second every chance to
    // take it too.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(actions(&db.store).await, vec!["backup"], "taken once");
    let files = std::fs::read_dir(&backups)
        .unwrap()
        .filter(|e| {
            let name = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            name.starts_with("backup-") && !name.ends_with(".json")
        })
        .count();
    assert_eq!(files, 1);
    let job = db
        .store
        .job_by_key("backup@2025-09-01T02:00Z")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((job.state.as_str(), job.attempts), ("done", 1));
    first.stop().await;
    second.stop().await;
}

#[tokio::test]
async fn a_task_of_an_instance_that_died_is_taken_over_and_a_failing_one_parked_with_one_alert() {
    use activity_challenge::actions::queue;
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let db = TestDb::new(backend).await;
        let mut config = db.config();
        config.messages.admin_alert_chat = Some(-100_200);
        let app = App::with_store(
            config,
            db.store.clone(),
            Arc::new(crate::support::catalogue()),
        );
        let t0: DateTime<Utc> = "2025-09-01T02:00:00Z".parse().unwrap();
        assert!(queue::schedule_task(&app, "backup", t0, t0).await.unwrap());
        assert!(
            !queue::schedule_task(&app, "backup", t0, t0).await.unwrap(),
            "the same occurrence again adds nothing"
        );
        // Instance A claims it and dies: nobody else may take it while its
        // lease holds, anyone may after.
        let a = queue::claim_task(&app, "a", t0).await.unwrap().unwrap();
        assert_eq!(a.attempts, 1);
        assert!(
            queue::claim_task(&app, "b", t0 + chrono::Duration::minutes(1))
                .await
                .unwrap()
                .is_none()
        );
        let later = t0 + queue::TASK_LEASE + chrono::Duration::seconds(1);
        let b = queue::claim_task(&app, "b", later).await.unwrap().unwrap();
        assert_eq!((b.id, b.attempts), (a.id, 2));
        assert!(
            !queue::renew_task(&app, &a, "a", later).await.unwrap(),
            "A's lease is gone"
        );
        // B fails it twice more: parked after the third try.
        queue::task_failed(&app, &b, "b", "disk full", later)
            .await
            .unwrap();
        let job = db
            .store
            .job_by_key("backup@2025-09-01T02:00Z")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.state, "waiting");
        let retry_at = job.run_at;
        assert!(
            queue::claim_task(&app, "b", retry_at - chrono::Duration::seconds(1))
                .await
                .unwrap()
                .is_none()
        );
        let c = queue::claim_task(&app, "b", retry_at)
            .await
            .unwrap()
            .unwrap();
        queue::task_failed(&app, &c, "b", "disk full", retry_at)
            .await
            .unwrap();
        let job = db
            .store
            .job_by_key("backup@2025-09-01T02:00Z")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((job.state.as_str(), job.attempts), ("failed", 3));
        assert_eq!(db.store.parked_jobs(10).await.unwrap().len(), 1);
        // One alert for the first failure and one for the parking, however
        // many tries: keyed by the job.
        let counts = db.store.queue_counts().await.unwrap();
        let alerts: i64 = counts
            .iter()
            .filter(|c| c.queue == "message")
            .map(|c| c.jobs)
            .sum();
        assert_eq!(alerts, 2, "{counts:?}");
        assert!(
            db.store
                .job_by_key("alert:failed:backup@2025-09-01T02:00Z")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            db.store
                .job_by_key("alert:parked:backup@2025-09-01T02:00Z")
                .await
                .unwrap()
                .is_some()
        );
        // An organiser puts it back.
        let actor = activity_challenge::actions::Actor::Cli {
            user: "olli".into(),
            host: "office".into(),
        };
        queue::retry_parked(&app, &actor, job.id).await.unwrap();
        assert!(
            queue::retry_parked(&app, &actor, job.id).await.is_err(),
            "not parked now"
        );
        let job = db
            .store
            .job_by_key("backup@2025-09-01T02:00Z")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((job.state.as_str(), job.attempts), ("waiting", 0));
    }
}

/// The hourly clean-up deletes jobs finished more than 30 days ago — but
/// not an announcement's messages (its record of who got it) nor parked
/// jobs (waiting for an organiser) — audited once, and nothing when there
/// is nothing to delete.
async fn finished_jobs_are_pruned_after_thirty_days(backend: Backend) {
    use activity_challenge::domain::queue::QueueName;
    use activity_challenge::store::queue::NewJob;
    let db = TestDb::new(backend).await;
    let app = crate::support::app_for(&db.store);
    let now = Utc::now();
    let job = |key: &str, queue: QueueName| NewJob {
        queue,
        kind: "test".into(),
        key: key.into(),
        payload: "{}".into(),
        chat_id: None,
        user_id: None,
        announcement_id: None,
        run_at: now,
    };
    let jobs = [
        job("old-done", QueueName::Task),
        job("old-unreachable", QueueName::Message),
        job("recent-done", QueueName::Task),
        job("old-parked", QueueName::Task),
        job("waiting", QueueName::Message),
    ];
    assert_eq!(db.store.enqueue_jobs(&jobs, now).await.unwrap(), 5);
    let ago = |days: i64| (now - chrono::Duration::days(days)).to_rfc3339();
    for (key, state, finished) in [
        ("old-done", "done", ago(31)),
        ("old-unreachable", "unreachable", ago(45)),
        ("recent-done", "done", ago(29)),
        ("old-parked", "failed", ago(90)),
    ] {
        sea_orm::ConnectionTrait::execute_unprepared(
            db.store.connection(),
            &format!(
                "UPDATE jobs SET state = '{state}', finished_at = '{finished}' WHERE job_key = '{key}'"
            ),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        activity_challenge::actions::queue::prune_finished(&app, now)
            .await
            .unwrap(),
        2
    );
    for (key, kept) in [
        ("old-done", false),
        ("old-unreachable", false),
        ("recent-done", true),
        ("old-parked", true),
        ("waiting", true),
    ] {
        assert_eq!(
            db.store.job_by_key(key).await.unwrap().is_some(),
            kept,
            "{key}"
        );
    }
    assert_eq!(
        activity_challenge::actions::queue::prune_finished(&app, now)
            .await
            .unwrap(),
        0
    );
    let pruned: Vec<String> = actions(&db.store)
        .await
        .into_iter()
        .filter(|a| a.starts_with("jobs.prune"))
        .collect();
    assert_eq!(pruned.len(), 1, "{pruned:?}");
}

crate::each_backend!(
    #[tokio::test]
    finished_jobs_are_pruned_after_thirty_days
);
