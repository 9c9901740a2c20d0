//! Scheduled jobs inside `serve`: backups, a weekly verification of the
//! newest backup and an optional weekly `VACUUM ANALYZE`. All are off unless
//! configured. A failed job is logged and written to the audit log; it never
//! stops the server or the other jobs.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::ops::backup::{BackupFormat, BackupRequest, backup, list_backups};
use crate::ops::restore::verify;
use crate::store::Store;
use crate::store::admin_audit::NewAuditEntry;

/// When a job runs: every day, or one day a week, at a local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// `None` for every day.
    pub weekday: Option<Weekday>,
    /// The local time of day.
    pub at: NaiveTime,
}

impl Schedule {
    /// Parses `daily@HH:MM` or `weekly@DAY@HH:MM` (DAY: mon … sun).
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let parts: Vec<&str> = text.trim().split('@').collect();
        let time = |t: &str| {
            NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| format!("{t:?} is not a time of day in the form HH:MM"))
        };
        match parts.as_slice() {
            ["daily", at] => Ok(Schedule {
                weekday: None,
                at: time(at)?,
            }),
            ["weekly", day, at] => Ok(Schedule {
                weekday: Some(
                    day.parse::<Weekday>()
                        .map_err(|_| format!("{day:?} is not a day of the week (mon … sun)"))?,
                ),
                at: time(at)?,
            }),
            _ => Err(format!(
                "{text:?} is not a schedule: use daily@HH:MM or weekly@DAY@HH:MM"
            )),
        }
    }

    /// The latest time at or before `now` that this schedule fires, in `tz`.
    pub fn last_occurrence(&self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let today = now.with_timezone(&tz).date_naive();
        (0..=7u64)
            .filter_map(|back| today.checked_sub_days(Days::new(back)))
            .filter(|day| self.weekday.is_none_or(|w| day.weekday() == w))
            .filter_map(|day| local_instant(day, self.at, tz))
            .find(|at| *at <= now)
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.weekday {
            None => write!(f, "daily@{}", self.at.format("%H:%M")),
            Some(day) => write!(
                f,
                "weekly@{}@{}",
                day.to_string().to_lowercase(),
                self.at.format("%H:%M")
            ),
        }
    }
}

/// `day` at `at` in `tz`; a time skipped by a daylight-saving change
/// becomes the first valid instant after it.
fn local_instant(day: NaiveDate, at: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    let local = day.and_time(at);
    (0..=2)
        .find_map(|hours| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(hours)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// The scheduled jobs: `BACKUP_SCHEDULE`, `BACKUP_VERIFY_SCHEDULE`,
/// `MAINTENANCE_SCHEDULE` and `SCHEDULE_TIME_ZONE`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleConfig {
    /// When to take a backup; off when `None`.
    pub backup: Option<Schedule>,
    /// When to verify the newest backup; off when `None`.
    pub verify: Option<Schedule>,
    /// When to run `VACUUM ANALYZE`; off when `None`.
    pub maintenance: Option<Schedule>,
    /// The time zone of the schedules; the active competition's (else UTC) when `None`.
    pub time_zone: Option<Tz>,
}

impl ScheduleConfig {
    /// Whether any job is scheduled.
    pub fn any(&self) -> bool {
        self.backup.is_some() || self.verify.is_some() || self.maintenance.is_some()
    }
}

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
    /// The audit-log action.
    pub fn action(self) -> &'static str {
        match self {
            Job::Backup => "schedule.backup",
            Job::Verify => "schedule.verify",
            Job::Maintenance => "schedule.vacuum_analyze",
        }
    }
}

/// The running scheduler; [`SchedulerHandle::stop`] ends it.
pub struct SchedulerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SchedulerHandle {
    /// Stops the scheduler, letting a job in progress finish first.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the configured jobs, checking the clock every `tick`. `None`
/// when no job is configured.
pub fn start(
    config: Config,
    store: Store,
    clock: Arc<dyn Clock>,
    tick: Duration,
) -> Option<SchedulerHandle> {
    let schedule = config.schedule.clone();
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
    for (job, s) in &jobs {
        tracing::info!(job = job.action(), schedule = %s, "scheduled job");
    }
    let (stop, mut stopped) = watch::channel(false);
    // Only occurrences after start-up fire: a restart does not repeat the
    // job that ran before it.
    let mut checked = clock.now();
    let task = tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stopped.changed() => break,
            }
            let now = clock.now();
            let tz = time_zone(&store, schedule.time_zone).await;
            for (job, s) in &jobs {
                if s.last_occurrence(now, tz).is_some_and(|at| at > checked) {
                    run_job(*job, &config, &store).await;
                }
            }
            checked = now;
        }
    });
    Some(SchedulerHandle { stop, task })
}

/// The configured time zone, else the active competition's, else UTC.
async fn time_zone(store: &Store, configured: Option<Tz>) -> Tz {
    if let Some(tz) = configured {
        return tz;
    }
    match store.active_competition().await {
        Ok(Some(competition)) => competition.time_zone,
        _ => Tz::UTC,
    }
}

/// Runs one job in its own task so that even a panic in it only fails the
/// job; logs and audits the outcome.
pub async fn run_job(job: Job, config: &Config, store: &Store) {
    tracing::info!(job = job.action(), "scheduled job starting");
    let (config_c, store_c) = (config.clone(), store.clone());
    let outcome = tokio::spawn(async move { execute(job, &config_c, &store_c).await }).await;
    let outcome = match outcome {
        Ok(result) => result,
        Err(e) => Err(anyhow::anyhow!("the job stopped unexpectedly: {e}")),
    };
    let (action, details) = match &outcome {
        Ok(details) if job == Job::Backup => {
            // The backup has written its own audit entry, naming the file.
            tracing::info!(job = job.action(), "{details}");
            return;
        }
        Ok(details) => {
            tracing::info!(job = job.action(), "{details}");
            (job.action().to_string(), details.clone())
        }
        Err(e) => {
            tracing::error!(job = job.action(), error = ?e, "scheduled job failed");
            (format!("{}.failed", job.action()), format!("{e:#}"))
        }
    };
    if let Err(e) = store
        .record_audit(NewAuditEntry {
            admin_id: None,
            actor: "scheduler",
            action: &action,
            target: None,
            details: Some(details),
        })
        .await
    {
        tracing::error!(job = job.action(), error = %e, "the audit log could not record a scheduled job");
    }
}

async fn execute(job: Job, config: &Config, store: &Store) -> anyhow::Result<String> {
    match job {
        Job::Backup => {
            let request = BackupRequest {
                dir: config.backup.dir.clone(),
                format: BackupFormat::Plain,
                tables: Vec::new(),
                keep_days: Some(config.backup.keep_days),
                actor: "scheduler".to_string(),
                encrypt_to: config.backup.age_recipient.clone(),
            };
            Ok(backup(&config.database, store, &request).await?.summary())
        }
        Job::Verify => {
            let newest = list_backups(&config.backup.dir)?
                .into_iter()
                .next()
                .map(|(path, _, _)| path)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "there is no backup in {} to verify",
                        config.backup.dir.display()
                    )
                })?;
            let report = verify(
                &config.database,
                store,
                &newest,
                config.backup.age_identity_file.as_deref(),
            )
            .await?;
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
            store.vacuum(false, true, None).await?;
            Ok("VACUUM ANALYZE done on the whole database".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn parses_daily_and_weekly_schedules() {
        let daily = Schedule::parse("daily@02:00").unwrap();
        assert_eq!(
            (daily.weekday, daily.to_string().as_str()),
            (None, "daily@02:00")
        );
        let weekly = Schedule::parse("weekly@sun@03:30").unwrap();
        assert_eq!(weekly.weekday, Some(Weekday::Sun));
        assert_eq!(weekly.to_string(), "weekly@sun@03:30");
        for bad in [
            "daily",
            "daily@25:00",
            "weekly@someday@01:00",
            "hourly@01:00",
            "",
        ] {
            assert!(Schedule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_last_occurrence_follows_the_time_zone() {
        let daily = Schedule::parse("daily@02:00").unwrap();
        let helsinki: Tz = "Europe/Helsinki".parse().unwrap();
        // 02:00 in Helsinki in September is 23:00 UTC the day before.
        assert_eq!(
            daily.last_occurrence(utc("2025-09-02T00:30:00Z"), helsinki),
            Some(utc("2025-09-01T23:00:00Z"))
        );
        assert_eq!(
            daily.last_occurrence(utc("2025-09-01T22:59:00Z"), helsinki),
            Some(utc("2025-08-31T23:00:00Z"))
        );
        // 2025-09-07 is a Sunday.
        let weekly = Schedule::parse("weekly@sun@03:00").unwrap();
        assert_eq!(
            weekly.last_occurrence(utc("2025-09-10T12:00:00Z"), Tz::UTC),
            Some(utc("2025-09-07T03:00:00Z"))
        );
        // 03:30 does not exist in Helsinki on 2025-03-30 (clocks jump 03:00 → 04:00).
        let skipped = Schedule::parse("daily@03:30").unwrap();
        assert_eq!(
            skipped.last_occurrence(utc("2025-03-30T12:00:00Z"), helsinki),
            Some(utc("2025-03-30T01:30:00Z"))
        );
    }
}
