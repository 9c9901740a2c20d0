//! The rules of the messages a participant chooses to get: the daily
//! reminder at an hour of their choice (never in the quiet hours), and
//! the weekly digest on Monday morning. Which local hour an hourly run
//! stands for, which week a digest covers, and the unique keys that make
//! each message go once however often a run is repeated.

use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// The hours in which no reminder is sent: from `start` up to `end`
/// (local time), across midnight when `start > end`; none when equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: u8,
    pub end: u8,
}

/// 22–08: nothing in the evening or at night.
pub const DEFAULT_QUIET_HOURS: QuietHours = QuietHours { start: 22, end: 8 };

/// The hour (local time) of the weekly digest on Mondays.
pub const DIGEST_HOUR: u32 = 8;

impl Default for QuietHours {
    fn default() -> Self {
        DEFAULT_QUIET_HOURS
    }
}

impl QuietHours {
    /// No quiet hours at all.
    pub const NONE: QuietHours = QuietHours { start: 0, end: 0 };

    /// Reads `22-08` (from 22:00 to 08:00) or `off`.
    pub fn parse(text: &str) -> Result<QuietHours, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("none") {
            return Ok(QuietHours::NONE);
        }
        let (start, end) = text
            .split_once('-')
            .ok_or_else(|| format!("{text:?} is not two hours joined by a dash"))?;
        let hour = |s: &str| {
            s.trim()
                .parse::<u8>()
                .ok()
                .filter(|h| *h <= 23)
                .ok_or_else(|| format!("{:?} is not an hour from 0 to 23", s.trim()))
        };
        let (start, end) = (hour(start)?, hour(end)?);
        if start == end {
            return Err(format!(
                "{text:?} starts and ends at the same hour; use off for no quiet hours"
            ));
        }
        Ok(QuietHours { start, end })
    }

    /// True when the hour `hour` (0–23, the whole hour from hour:00) is quiet.
    pub fn contains(self, hour: u8) -> bool {
        match self.start.cmp(&self.end) {
            std::cmp::Ordering::Equal => false,
            std::cmp::Ordering::Less => (self.start..self.end).contains(&hour),
            std::cmp::Ordering::Greater => hour >= self.start || hour < self.end,
        }
    }

    /// The hours a reminder may be set for, in order.
    pub fn allowed_hours(self) -> Vec<u8> {
        (0..24).filter(|h| !self.contains(*h)).collect()
    }
}

impl fmt::Display for QuietHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "off")
        } else {
            write!(f, "{:02}-{:02}", self.start, self.end)
        }
    }
}

/// The local day and hour that an hourly run at `at` stands for in `tz`.
pub fn local_hour(at: DateTime<Utc>, tz: Tz) -> (NaiveDate, u8) {
    let local = at.with_timezone(&tz);
    (local.date_naive(), local.hour() as u8)
}

/// The Monday–Sunday week a digest sent at `at` covers: the week before,
/// when `at` is on a Monday at [`DIGEST_HOUR`] local time.
pub fn digest_week(at: DateTime<Utc>, tz: Tz) -> Option<(NaiveDate, NaiveDate)> {
    let local = at.with_timezone(&tz);
    if local.weekday() != Weekday::Mon || local.hour() != DIGEST_HOUR {
        return None;
    }
    let monday = local.date_naive().checked_sub_days(Days::new(7))?;
    Some((monday, monday.checked_add_days(Days::new(6))?))
}

/// The reminder of `day` to `user`: once a day, even when the clock goes
/// back and a local hour comes twice.
pub fn reminder_key(day: NaiveDate, user: i64) -> String {
    format!("reminder:{day}:{user}")
}

/// The digest of the week starting `monday` to `user`, by ISO week
/// (`digest:2026-W49:7`).
pub fn digest_key(monday: NaiveDate, user: i64) -> String {
    let week = monday.iso_week();
    format!("digest:{}-W{:02}:{user}", week.year(), week.week())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Helsinki;

    #[test]
    fn quiet_hours_parse_and_wrap_past_midnight() {
        let q = QuietHours::parse("22-08").unwrap();
        assert_eq!(q, DEFAULT_QUIET_HOURS);
        assert!(q.contains(22) && q.contains(23) && q.contains(0) && q.contains(7));
        assert!(!q.contains(8) && !q.contains(21) && !q.contains(12));
        let day = QuietHours::parse(" 1 - 5 ").unwrap();
        assert!(day.contains(1) && day.contains(4) && !day.contains(5) && !day.contains(0));
        assert_eq!(QuietHours::parse("off").unwrap(), QuietHours::NONE);
        assert!(QuietHours::NONE.allowed_hours().len() == 24);
        assert_eq!(q.allowed_hours(), (8..22).collect::<Vec<u8>>());
        assert_eq!(q.to_string(), "22-08");
        for bad in ["22", "22-24", "a-b", "8-8", "-3-4"] {
            assert!(QuietHours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_local_hour_follows_summer_time() {
        // 06:00 UTC is 08:00 in Helsinki in winter and 09:00 in summer.
        let winter = Utc.with_ymd_and_hms(2026, 3, 28, 6, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 3, 29, 6, 0, 0).unwrap();
        assert_eq!(local_hour(winter, Helsinki).1, 8);
        assert_eq!(local_hour(summer, Helsinki).1, 9);
    }

    #[test]
    fn a_digest_covers_the_week_before_monday_morning() {
        // Monday 7 December 2026, 08:00 in Helsinki is 06:00 UTC.
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).unwrap();
        let week = digest_week(at, Helsinki).unwrap();
        assert_eq!(week.0, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(week.1, NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(digest_key(week.0, 7), "digest:2026-W49:7");
        assert!(digest_week(at + chrono::Duration::hours(1), Helsinki).is_none());
        assert!(digest_week(at - chrono::Duration::days(1), Helsinki).is_none());
    }
}
