//! The job runner's state as `/readyz` shows it: whether it runs, and for
//! each job its schedule, when it runs next, when it last ran and how that
//! went. The runner writes it; `/readyz` reads it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether the job runner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunnerState {
    /// Not started (commands other than `serve`).
    Off,
    /// Running its jobs.
    Running,
    /// Stopped with the server.
    Stopped,
}

/// How a job's last run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobOutcome {
    Ok,
    Failed,
}

/// One job, as `/readyz` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobReport {
    /// The job's name, as in the log and in `job.failed` audit entries.
    pub name: &'static str,
    /// When it runs: `daily@HH:MM`, `weekly@DAY@HH:MM` or `every 60 s`.
    pub schedule: String,
    /// True while it runs.
    pub running: bool,
    /// When it is next due (for jobs at a time of day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_run_at: Option<DateTime<Utc>>,
    /// When its last run ended; `null` before the first.
    pub last_run_at: Option<DateTime<Utc>>,
    /// How the last run went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_outcome: Option<JobOutcome>,
    /// Why the last run failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// The job runner, as `/readyz` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobsReport {
    pub state: RunnerState,
    /// Since when it is in this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Every job it runs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<JobReport>,
}

/// The job runner's state, shared by the runner and the HTTP server.
#[derive(Debug, Clone)]
pub struct JobStatus {
    inner: Arc<Mutex<JobsReport>>,
}

impl Default for JobStatus {
    fn default() -> Self {
        JobStatus {
            inner: Arc::new(Mutex::new(JobsReport {
                state: RunnerState::Off,
                since: None,
                jobs: Vec::new(),
            })),
        }
    }
}

impl JobStatus {
    fn update(&self, change: impl FnOnce(&mut JobsReport)) {
        change(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// What the runner is doing now.
    pub fn report(&self) -> JobsReport {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The runner starts `job` (named, with its schedule and next run);
    /// the first job added marks the runner as running.
    pub fn add(&self, name: &'static str, schedule: String, next_run_at: Option<DateTime<Utc>>) {
        self.update(|r| {
            if r.state != RunnerState::Running {
                r.state = RunnerState::Running;
                r.since = Some(Utc::now());
            }
            r.jobs.retain(|j| j.name != name);
            r.jobs.push(JobReport {
                name,
                schedule,
                running: false,
                next_run_at,
                last_run_at: None,
                last_outcome: None,
                last_error: None,
            });
        });
    }

    /// `job` is next due at `at`.
    pub fn due(&self, name: &str, at: Option<DateTime<Utc>>) {
        self.update(|r| {
            if let Some(j) = r.jobs.iter_mut().find(|j| j.name == name) {
                j.next_run_at = at;
            }
        });
    }

    /// `job` begins a run.
    pub fn begun(&self, name: &str) {
        self.update(|r| {
            if let Some(j) = r.jobs.iter_mut().find(|j| j.name == name) {
                j.running = true;
            }
        });
    }

    /// `job` ended a run: `Err` with why it failed.
    pub fn ended(&self, name: &str, outcome: Result<(), String>) {
        self.update(|r| {
            if let Some(j) = r.jobs.iter_mut().find(|j| j.name == name) {
                j.running = false;
                j.last_run_at = Some(Utc::now());
                match outcome {
                    Ok(()) => {
                        j.last_outcome = Some(JobOutcome::Ok);
                        j.last_error = None;
                    }
                    Err(e) => {
                        j.last_outcome = Some(JobOutcome::Failed);
                        j.last_error = Some(e);
                    }
                }
            }
        });
    }

    /// `job` is no longer run (the runner stopping it); the last one
    /// stopped marks the runner as stopped.
    pub fn remove(&self, name: &str) {
        self.update(|r| {
            r.jobs.retain(|j| j.name != name);
            if r.jobs.is_empty() && r.state == RunnerState::Running {
                r.state = RunnerState::Stopped;
                r.since = Some(Utc::now());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_shown_from_its_start_to_its_last_run() {
        let status = JobStatus::default();
        assert_eq!(status.report().state, RunnerState::Off);
        status.add("backup", "daily@03:00".into(), None);
        let r = status.report();
        assert_eq!(r.state, RunnerState::Running);
        assert_eq!(r.jobs[0].last_run_at, None);
        status.begun("backup");
        assert!(status.report().jobs[0].running);
        status.ended("backup", Err("pg_dump failed".into()));
        let j = &status.report().jobs[0];
        assert!(!j.running);
        assert_eq!(j.last_outcome, Some(JobOutcome::Failed));
        assert_eq!(j.last_error.as_deref(), Some("pg_dump failed"));
        status.ended("backup", Ok(()));
        let j = &status.report().jobs[0];
        assert_eq!(j.last_outcome, Some(JobOutcome::Ok));
        assert_eq!(j.last_error, None);
        status.remove("backup");
        assert_eq!(status.report().state, RunnerState::Stopped);
        let json = serde_json::to_value(status.report()).unwrap();
        assert_eq!(json["state"], "stopped");
    }
}
