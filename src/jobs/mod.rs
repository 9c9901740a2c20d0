//! The job runner: the jobs `serve` runs on a schedule — backups, a weekly
//! verification of the newest backup and an optional weekly `VACUUM
//! ANALYZE`. All are off unless configured. Each job is an action done by
//! the scheduler, audited as such; a failed job is logged and recorded as
//! `job.failed`, and never stops the server or the other jobs.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::actions::database::{BackupOptions, Maintenance};
use crate::actions::{self, Actor};
use crate::app::App;
use crate::domain::Schedule;
use crate::metrics::JobStatus;
use crate::ops::backup::newest_database_backup;
use crate::store::audit::NewAuditEntry;

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
}

impl Job {
    /// The job's name, in the log and in `job.failed` records.
    pub fn name(self) -> &'static str {
        match self {
            Job::Backup => "backup",
            Job::Verify => "backup.verify",
            Job::Maintenance => "vacuum_analyze",
        }
    }
}

/// The name `/readyz` and the log give the activation of scheduled
/// competitions.
pub const ACTIVATION_JOB: &str = "competition_activation";

/// The running scheduler; [`SchedulerHandle::stop`] ends it.
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

/// Starts the configured jobs, checking the clock every `tick`. `None`
/// when no job is configured.
pub fn start(app: Arc<App>, clock: Arc<dyn Clock>, tick: Duration) -> Option<SchedulerHandle> {
    let schedule = app.config.schedule.clone();
    if !schedule.any() {
        return None;
    }
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
    // Only occurrences after start-up fire: a restart does not repeat the
    // job that ran before it.
    let mut checked = clock.now();
    let task_status = status.clone();
    let task = tokio::spawn(async move {
        let status = task_status;
        let show_next = |now, tz| {
            for (job, s) in &jobs {
                status.due(job.name(), s.next_occurrence(now, tz));
            }
        };
        show_next(checked, time_zone(&app, schedule.time_zone).await);
        loop {
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stopped.changed() => break,
            }
            let now = clock.now();
            let tz = time_zone(&app, schedule.time_zone).await;
            for (job, s) in &jobs {
                if s.last_occurrence(now, tz).is_some_and(|at| at > checked) {
                    run_job(*job, &app).await;
                }
            }
            show_next(now, tz);
            checked = now;
        }
    });
    Some(SchedulerHandle {
        stop,
        task,
        status,
        jobs: names,
    })
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

/// Runs one job in its own task so that even a panic in it only fails the
/// job. The action audits a success; a failure is logged and recorded here.
pub async fn run_job(job: Job, app: &Arc<App>) {
    tracing::info!(job = job.name(), "scheduled job starting");
    let status = app.metrics.job_status();
    status.begun(job.name());
    let app_c = app.clone();
    let outcome = tokio::spawn(async move { execute(job, &app_c).await }).await;
    let outcome = match outcome {
        Ok(result) => result,
        Err(e) => Err(anyhow::anyhow!("the job stopped unexpectedly: {e}")),
    };
    status.ended(
        job.name(),
        outcome.as_ref().map(|_| ()).map_err(|e| format!("{e:#}")),
    );
    match outcome {
        Ok(summary) => tracing::info!(job = job.name(), "{summary}"),
        Err(e) => {
            tracing::error!(job = job.name(), error = ?e, "scheduled job failed");
            let actor = Actor::Scheduler;
            if let Err(e) = app
                .store
                .record_audit(NewAuditEntry {
                    admin_id: None,
                    actor_kind: actor.kind().as_str(),
                    actor: &actor.name(),
                    action: "job.failed",
                    target: Some(job.name().to_string()),
                    details: Some(format!("{e:#}")),
                    participant_id: None,
                })
                .await
            {
                tracing::error!(job = job.name(), error = %e, "the audit log could not record a failed job");
            }
        }
    }
}

async fn execute(job: Job, app: &App) -> anyhow::Result<String> {
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
    }
}
