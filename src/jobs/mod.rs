//! The job runner: the jobs `serve` runs on a schedule — backups, a weekly
//! verification of the newest backup and an optional weekly `VACUUM
//! ANALYZE`. All are off unless configured. Each due occurrence goes into
//! the job queue in the database under its own key, and every instance's
//! worker runs what is due there, so that with several instances each
//! occurrence runs once. Each job is an action done by the scheduler,
//! audited as such; a failed job is recorded as `job.failed`, tried again
//! with backoff and parked after its tries, and never stops the server or
//! the other jobs.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, DurationRound, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::actions::database::{BackupOptions, Maintenance};
use crate::actions::{self, Actor};
use crate::app::App;
use crate::domain::Schedule;
use crate::metrics::JobStatus;
use crate::ops::backup::newest_database_backup;
use crate::store::queue::ClaimedJob;

/// The time, read through this so that tests can move it.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A scheduled job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// A backup into `BACKUP_DIR`, with retention.
    Backup,
    /// A verification of the newest backup in `BACKUP_DIR`.
    Verify,
    /// `VACUUM ANALYZE` of the whole database.
    Maintenance,
    /// Every hour: queue the daily reminders of that local hour.
    Reminders,
    /// Every hour: queue the weekly digests when it is Monday 08:00.
    Digest,
    /// Every hour: queue the competition's milestone messages that are due.
    Milestones,
    /// Every hour: delete the jobs finished long ago.
    QueueCleanup,
}

/// The jobs that run every hour on the hour, whatever is configured.
pub const HOURLY: [Job; 4] = [
    Job::Reminders,
    Job::Digest,
    Job::Milestones,
    Job::QueueCleanup,
];

impl Job {
    /// The job's name, in the log and in `job.failed` records.
    pub fn name(self) -> &'static str {
        match self {
            Job::Backup => "backup",
            Job::Verify => "backup.verify",
            Job::Maintenance => "vacuum_analyze",
            Job::Reminders => "reminders",
            Job::Digest => "digest",
            Job::Milestones => "milestones",
            Job::QueueCleanup => "queue_cleanup",
        }
    }

    /// The job of a name.
    pub fn from_name(name: &str) -> Option<Job> {
        [
            Job::Backup,
            Job::Verify,
            Job::Maintenance,
            Job::Reminders,
            Job::Digest,
            Job::Milestones,
            Job::QueueCleanup,
        ]
        .into_iter()
        .find(|job| job.name() == name)
    }
}

/// The name `/readyz` and the log give the activation of scheduled
/// competitions.
pub const ACTIVATION_JOB: &str = "competition_activation";

/// The running scheduler and task worker; [`SchedulerHandle::stop`] ends it.
pub struct SchedulerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    status: JobStatus,
    jobs: Vec<&'static str>,
}

impl SchedulerHandle {
    /// Stops the scheduler, letting a job in progress finish first.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        for job in self.jobs {
            self.status.remove(job);
        }
    }
}

/// Starts the scheduler and this instance's task worker, checking the
/// clock every `tick`. The scheduler puts each due occurrence of the
/// configured jobs in the queue under a key of its own, so that with
/// several instances each occurrence is there once; the worker runs the
/// queue's due tasks one at a time, whichever instance queued them.
pub fn start(app: Arc<App>, clock: Arc<dyn Clock>, tick: Duration) -> SchedulerHandle {
    let schedule = app.config.schedule.clone();
    let jobs: Vec<(Job, Schedule)> = [
        (Job::Backup, schedule.backup),
        (Job::Verify, schedule.verify),
        (Job::Maintenance, schedule.maintenance),
    ]
    .into_iter()
    .filter_map(|(job, s)| s.map(|s| (job, s)))
    .collect();
    let status = app.metrics.job_status().clone();
    for (job, s) in &jobs {
        tracing::info!(job = job.name(), schedule = %s, "scheduled job");
        status.add(job.name(), s.to_string(), None);
    }
    let names = jobs.iter().map(|(job, _)| job.name()).collect();
    let (stop, mut stopped) = watch::channel(false);
    // Only occurrences after start-up are queued: a restart does not
    // repeat the job that ran before it.
    let mut checked = clock.now();
    // The hourly jobs' occurrences are queued from the current hour on: a
    // restart at 09:00:30 still queues 09:00 (its key is there already if
    // it was queued before the restart).
    let mut hourly_from = on_the_hour(checked);
    let task_status = status.clone();
    let worker = actions::queue::worker_name();
    let task = tokio::spawn(async move {
        let status = task_status;
        let show_next = |now, tz| {
            for (job, s) in &jobs {
                status.due(job.name(), s.next_occurrence(now, tz));
            }
        };
        if !jobs.is_empty() {
            show_next(checked, time_zone(&app, schedule.time_zone).await);
        }
        loop {
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stopped.changed() => break,
            }
            let now = clock.now();
            hourly_from = queue_hourly(&app, hourly_from, now).await;
            if !jobs.is_empty() {
                let tz = time_zone(&app, schedule.time_zone).await;
                let mut queued_all = true;
                for (job, s) in &jobs {
                    if let Some(at) = s.last_occurrence(now, tz).filter(|at| *at > checked) {
                        match actions::queue::schedule_task(&app, job.name(), at, now).await {
                            Ok(true) => tracing::info!(job = job.name(), %at, "job queued"),
                            Ok(false) => {
                                tracing::debug!(job = job.name(), %at, "job queued already")
                            }
                            Err(e) => {
                                queued_all = false;
                                tracing::error!(
                                    job = job.name(),
                                    error = e.log_text(),
                                    "the job could not be queued; trying again"
                                );
                            }
                        }
                    }
                }
                show_next(now, tz);
                if queued_all {
                    checked = now;
                }
            }
            run_due_tasks(&app, clock.as_ref(), &worker, &mut stopped).await;
        }
    });
    SchedulerHandle {
        stop,
        task,
        status,
        jobs: names,
    }
}

/// The start of the hour `at` is in.
pub fn on_the_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(chrono::Duration::hours(1)).unwrap_or(at)
}

/// How many past hours the hourly jobs catch up on (a long task held the
/// runner past an hour's start); older ones are stale and left out.
const HOURLY_CATCH_UP: chrono::Duration = chrono::Duration::hours(2);

/// Queues the hourly jobs' occurrences from `from` up to `now` (none more
/// than [`HOURLY_CATCH_UP`] old); returns the next occurrence still to
/// queue (the first that failed is tried again next time).
async fn queue_hourly(app: &App, from: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let mut at = from.max(on_the_hour(now) - HOURLY_CATCH_UP);
    while at <= now {
        for job in HOURLY {
            if let Err(e) = actions::queue::schedule_task(app, job.name(), at, now).await {
                tracing::error!(
                    job = job.name(),
                    error = e.log_text(),
                    "the hourly job could not be queued; trying again"
                );
                return at;
            }
        }
        at += chrono::Duration::hours(1);
    }
    at
}

/// The occurrence a scheduled task's key names (`reminders@2026-12-03T09:00Z`).
fn occurrence_of(key: &str) -> Option<DateTime<Utc>> {
    let (_, at) = key.rsplit_once('@')?;
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%MZ")
        .ok()
        .map(|at| at.and_utc())
}

/// Runs the queue's due tasks one after another until none is due or the
/// runner stops.
async fn run_due_tasks(
    app: &Arc<App>,
    clock: &dyn Clock,
    worker: &str,
    stopped: &mut watch::Receiver<bool>,
) {
    while !*stopped.borrow() {
        let claimed = match actions::queue::claim_task(app, worker, clock.now()).await {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = e.log_text(), "the job queue could not be read");
                return;
            }
        };
        run_task(app, clock, worker, claimed).await;
    }
}

/// Makes each scheduled draft competition the active one when its day
/// comes (in its own time zone), checking every `tick`. Always runs: a
/// schedule set in the panel needs no configuration.
pub fn start_activations(app: Arc<App>, tick: Duration) -> SchedulerHandle {
    let status = app.metrics.job_status().clone();
    status.add(ACTIVATION_JOB, format!("every {} s", tick.as_secs()), None);
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            activate_due(&app).await;
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stopped.changed() => break,
            }
        }
    });
    SchedulerHandle {
        stop,
        task,
        status,
        jobs: vec![ACTIVATION_JOB],
    }
}

/// Activates what is due now; a failure is logged and tried again next time.
pub async fn activate_due(app: &App) {
    let status = app.metrics.job_status();
    status.begun(ACTIVATION_JOB);
    let outcome = match actions::competitions::activate_due(app, &Actor::Scheduler).await {
        Ok(Some(c)) => {
            tracing::info!(competition = %c.name, "scheduled competition activated");
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            tracing::error!(
                error = e.log_text(),
                "activating a scheduled competition failed"
            );
            Err(e.log_text())
        }
    };
    status.ended(ACTIVATION_JOB, outcome);
}

/// The configured time zone, else the active competition's, else UTC.
async fn time_zone(app: &App, configured: Option<Tz>) -> Tz {
    if let Some(tz) = configured {
        return tz;
    }
    match app.store.active_competition().await {
        Ok(Some(competition)) => competition.time_zone,
        _ => Tz::UTC,
    }
}

/// Runs one claimed task in a task of its own, so that even a panic in it
/// only fails the job, renewing its lease while it runs. The action
/// audits a success; a failure is recorded, tried again later or parked,
/// and the organisers' chat hears of it.
pub async fn run_task(app: &Arc<App>, clock: &dyn Clock, worker: &str, claimed: ClaimedJob) {
    let Some(job) = Job::from_name(&claimed.kind) else {
        let error = format!("no such job: {}", claimed.kind);
        if let Err(e) =
            actions::queue::task_failed(app, &claimed, worker, &error, clock.now()).await
        {
            tracing::error!(error = e.log_text(), "a failed job could not be recorded");
        }
        return;
    };
    tracing::info!(job = job.name(), key = %claimed.job_key, attempt = claimed.attempts, "job starting");
    let status = app.metrics.job_status();
    status.begun(job.name());
    let app_c = app.clone();
    let now = clock.now();
    let at = occurrence_of(&claimed.job_key).unwrap_or_else(|| on_the_hour(now));
    let mut running = tokio::spawn(async move { execute(job, &app_c, at, now).await });
    let outcome = loop {
        tokio::select! {
            outcome = &mut running => break outcome,
            _ = tokio::time::sleep(actions::queue::TASK_RENEW_EVERY) => {
                match actions::queue::renew_task(app, &claimed, worker, clock.now()).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job = job.name(), "the job's lease was taken over by another instance"),
                    Err(e) => tracing::warn!(job = job.name(), error = e.log_text(), "the job's lease could not be renewed"),
                }
            }
        }
    };
    let outcome = match outcome {
        Ok(result) => result,
        Err(e) => Err(anyhow::anyhow!("the job stopped unexpectedly: {e}")),
    };
    status.ended(
        job.name(),
        outcome.as_ref().map(|_| ()).map_err(|e| format!("{e:#}")),
    );
    let now = clock.now();
    let recorded = match outcome {
        Ok(summary) => {
            tracing::info!(job = job.name(), "{summary}");
            actions::queue::job_done(app, &claimed, worker, now).await
        }
        Err(e) => {
            tracing::error!(job = job.name(), error = ?e, "scheduled job failed");
            actions::queue::task_failed(app, &claimed, worker, &format!("{e:#}"), now).await
        }
    };
    if let Err(e) = recorded {
        tracing::error!(
            job = job.name(),
            error = e.log_text(),
            "the job's outcome could not be recorded; its lease runs out and it is run again"
        );
    }
}

/// Runs `job`'s occurrence `at`, at `now` by the scheduler's clock.
async fn execute(
    job: Job,
    app: &App,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let actor = Actor::Scheduler;
    match job {
        Job::Backup => Ok(
            actions::database::backup(app, &actor, BackupOptions::default())
                .await?
                .summary(),
        ),
        Job::Verify => {
            let dir = &app.config.backup.dir;
            let newest = newest_database_backup(dir)?;
            let report = actions::database::verify(app, &actor, &newest).await?;
            if report.ok() {
                Ok(format!("backup verified: {}", newest.display()))
            } else {
                anyhow::bail!(
                    "the backup {} failed verification: {}",
                    newest.display(),
                    report.problems.join("; ")
                )
            }
        }
        Job::Maintenance => {
            actions::database::maintain(
                app,
                &actor,
                Maintenance::Vacuum {
                    full: false,
                    analyze: true,
                },
                None,
                false,
            )
            .await?;
            Ok("VACUUM ANALYZE done on the whole database".to_string())
        }
        Job::Reminders => {
            let queued = actions::reminders::queue_reminders(app, at, now).await?;
            Ok(format!("{queued} reminders queued for {at}"))
        }
        Job::Digest => {
            let queued = actions::reminders::queue_digests(app, at, now).await?;
            Ok(format!("{queued} weekly digests queued for {at}"))
        }
        Job::Milestones => {
            let queued = actions::milestones::queue_milestones(app, at, now).await?;
            Ok(format!("{queued} milestone messages queued for {at}"))
        }
        Job::QueueCleanup => {
            let deleted = actions::queue::prune_finished(app, now).await?;
            Ok(format!("{deleted} finished jobs deleted"))
        }
    }
}
