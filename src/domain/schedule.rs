//! When a recurring job runs: every day, or one day a week, at a local
//! time — `daily@HH:MM` or `weekly@DAY@HH:MM`.

use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

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

    /// The first time after `now` that this schedule fires, in `tz`.
    pub fn next_occurrence(&self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let today = now.with_timezone(&tz).date_naive();
        (0..=8u64)
            .filter_map(|ahead| today.checked_add_days(Days::new(ahead)))
            .filter(|day| self.weekday.is_none_or(|w| day.weekday() == w))
            .filter_map(|day| local_instant(day, self.at, tz))
            .find(|at| *at > now)
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_next_occurrence_is_the_first_after_now_in_local_time() {
        let tz: Tz = "Europe/Helsinki".parse().unwrap();
        let daily = Schedule::parse("daily@03:00").unwrap();
        // 03:00 in Helsinki is 01:00 UTC in winter.
        assert_eq!(
            daily.next_occurrence(utc("2026-12-03T00:59:00Z"), tz),
            Some(utc("2026-12-03T01:00:00Z"))
        );
        assert_eq!(
            daily.next_occurrence(utc("2026-12-03T01:00:00Z"), tz),
            Some(utc("2026-12-04T01:00:00Z"))
        );
        // Thursday 3 December: the next Sunday is the 6th.
        let weekly = Schedule::parse("weekly@sun@03:30").unwrap();
        assert_eq!(
            weekly.next_occurrence(utc("2026-12-03T12:00:00Z"), tz),
            Some(utc("2026-12-06T01:30:00Z"))
        );
        // Just after this Sunday's run: the one a week later.
        assert_eq!(
            weekly.next_occurrence(utc("2026-12-06T01:31:00Z"), tz),
            Some(utc("2026-12-13T01:30:00Z"))
        );
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
