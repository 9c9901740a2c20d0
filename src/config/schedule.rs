//! The scheduled jobs' settings.

use chrono_tz::Tz;

use crate::domain::Schedule;

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
