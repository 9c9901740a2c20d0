//! Competition dates, seen from the competition's own time zone.

use std::ops::RangeInclusive;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::{Europe, Tz};
use thiserror::Error;

use crate::i18n::Message;
use crate::msg;

/// The zone used when an admin does not pick one.
pub const DEFAULT_TIME_ZONE: Tz = Europe::Helsinki;

/// The days of a competition, both ends inclusive, in one time zone.
///
/// Every "today" is the calendar date in that zone, so a participant in
/// Helsinki logging at 00:30 local time gets the new day even though it is
/// still the previous day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompetitionCalendar {
    start: NaiveDate,
    end: NaiveDate,
    tz: Tz,
}

/// Why a calendar or time zone was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message())]
pub enum CalendarError {
    /// The last day comes before the first.
    EndBeforeStart {
        /// The first day.
        start: NaiveDate,
        /// The last day.
        end: NaiveDate,
    },
    /// Not an IANA time zone name.
    UnknownTimeZone {
        /// The text as given (trimmed).
        input: String,
    },
}

/// Where a competition is, relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Before the first day.
    NotStarted {
        /// The first day.
        starts_on: NaiveDate,
        /// Whole days from today to the first day (1 on the day before).
        days_until: i64,
    },
    /// On one of the competition days.
    Running {
        /// Today's day number, 1 on the first day.
        day: u32,
        /// Number of days in the competition.
        total_days: u32,
        /// Days after today (0 on the last day).
        days_left: u32,
    },
    /// After the last day.
    Finished {
        /// The last day.
        ended_on: NaiveDate,
    },
}

impl Phase {
    /// Whether the competition has ended.
    pub fn is_finished(&self) -> bool {
        matches!(self, Phase::Finished { .. })
    }
}

/// Why an activity cannot be logged for a date. Each message says which
/// dates are possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message())]
pub enum DateRejection {
    /// The date is before the first day.
    BeforeStart {
        /// The first day.
        start: NaiveDate,
    },
    /// The date is after the last day.
    AfterEnd {
        /// The last day.
        end: NaiveDate,
    },
    /// The date has not happened yet.
    InFuture {
        /// Today in the competition's zone.
        today: NaiveDate,
    },
    /// Nothing can be logged before the first day.
    CompetitionNotStarted {
        /// The first day.
        start: NaiveDate,
    },
    /// Nothing can be logged after the last day.
    CompetitionFinished {
        /// The last day.
        end: NaiveDate,
    },
}

impl CalendarError {
    /// What went wrong, in any language.
    pub fn message(&self) -> Message {
        match self {
            CalendarError::EndBeforeStart { start, end } => {
                msg!("err-end-before-start", end = *end, start = *start)
            }
            CalendarError::UnknownTimeZone { input } => {
                msg!("err-time-zone-unknown", input = input)
            }
        }
    }
}

impl DateRejection {
    /// What went wrong and which dates are possible, in any language.
    pub fn message(&self) -> Message {
        match *self {
            DateRejection::BeforeStart { start } => msg!("err-date-before-start", start = start),
            DateRejection::AfterEnd { end } => msg!("err-date-after-end", end = end),
            DateRejection::InFuture { today } => msg!("err-date-in-future", today = today),
            DateRejection::CompetitionNotStarted { start } => {
                msg!("err-competition-not-started", start = start)
            }
            DateRejection::CompetitionFinished { end } => {
                msg!("err-competition-finished", end = end)
            }
        }
    }
}

/// Parses an IANA time zone name such as "Europe/Helsinki" (exact case).
pub fn parse_time_zone(input: &str) -> Result<Tz, CalendarError> {
    let trimmed = input.trim();
    trimmed
        .parse::<Tz>()
        .map_err(|_| CalendarError::UnknownTimeZone {
            input: trimmed.to_owned(),
        })
}

impl CompetitionCalendar {
    /// A calendar from `start` to `end` inclusive; `start` may equal `end`.
    pub fn new(start: NaiveDate, end: NaiveDate, tz: Tz) -> Result<Self, CalendarError> {
        if end < start {
            return Err(CalendarError::EndBeforeStart { start, end });
        }
        Ok(CompetitionCalendar { start, end, tz })
    }

    /// A calendar over the two dates in whichever order they come, for
    /// callers that have already validated the order.
    pub(super) fn spanning(a: NaiveDate, b: NaiveDate, tz: Tz) -> Self {
        CompetitionCalendar {
            start: a.min(b),
            end: a.max(b),
            tz,
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// The competition's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The calendar date at `now` in the competition's zone.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.tz).date_naive()
    }

    /// The number of days, counting both ends.
    pub fn total_days(&self) -> u32 {
        days_between(self.start, self.end).saturating_add(1)
    }

    /// Days begun so far: 0 before the start, 1 on the first day, capped at
    /// [`total_days`](Self::total_days) from the last day on.
    pub fn days_elapsed(&self, now: DateTime<Utc>) -> u32 {
        let today = self.today(now);
        if today < self.start {
            0
        } else if today > self.end {
            self.total_days()
        } else {
            days_between(self.start, today).saturating_add(1)
        }
    }

    /// Days still to come after today: total − elapsed.
    pub fn days_left(&self, now: DateTime<Utc>) -> u32 {
        self.total_days().saturating_sub(self.days_elapsed(now))
    }

    /// The moment the competition ends: midnight after its last day, in
    /// its time zone.
    pub fn end_instant(&self) -> DateTime<Utc> {
        self.midnight_before(self.end.succ_opt().unwrap_or(self.end))
    }

    /// The moment it starts: midnight before its first day, in its zone.
    pub fn start_instant(&self) -> DateTime<Utc> {
        self.midnight_before(self.start)
    }

    fn midnight_before(&self, day: NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone as _;
        let local = day.and_time(chrono::NaiveTime::MIN);
        (0..=2)
            .find_map(|h| {
                self.tz
                    .from_local_datetime(&(local + chrono::Duration::hours(h)))
                    .earliest()
            })
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
    }

    /// Seconds from `now` until the competition ends (0 once it has).
    pub fn seconds_left(&self, now: DateTime<Utc>) -> i64 {
        (self.end_instant() - now).num_seconds().max(0)
    }

    /// How long the competition lasts, in seconds (its days in its zone,
    /// so a day with a clock change counts as it is).
    pub fn length_seconds(&self) -> i64 {
        (self.end_instant() - self.start_instant()).num_seconds()
    }

    /// Where the competition is at `now`.
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        let today = self.today(now);
        if today < self.start {
            Phase::NotStarted {
                starts_on: self.start,
                days_until: (self.start - today).num_days(),
            }
        } else if today > self.end {
            Phase::Finished { ended_on: self.end }
        } else {
            Phase::Running {
                day: self.days_elapsed(now),
                total_days: self.total_days(),
                days_left: self.days_left(now),
            }
        }
    }

    /// Whether today (in the zone) is a competition day.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        let today = self.today(now);
        self.start <= today && today <= self.end
    }

    /// The dates an activity can be logged for right now: from the start
    /// up to today. `None` before the start and after the end, when
    /// nothing can be logged (matching [`check_log_date`](Self::check_log_date)).
    pub fn loggable_dates(&self, now: DateTime<Utc>) -> Option<RangeInclusive<NaiveDate>> {
        self.is_open(now)
            .then(|| self.start..=self.today(now).min(self.end))
    }

    /// Whether an activity done on `date` can be logged at `now`.
    pub fn check_log_date(&self, date: NaiveDate, now: DateTime<Utc>) -> Result<(), DateRejection> {
        let today = self.today(now);
        if today < self.start {
            Err(DateRejection::CompetitionNotStarted { start: self.start })
        } else if today > self.end {
            Err(DateRejection::CompetitionFinished { end: self.end })
        } else if date < self.start {
            Err(DateRejection::BeforeStart { start: self.start })
        } else if date > self.end {
            Err(DateRejection::AfterEnd { end: self.end })
        } else if date > today {
            Err(DateRejection::InFuture { today })
        } else {
            Ok(())
        }
    }
}

impl CompetitionCalendar {
    /// Whether an organiser may add or move an entry to `date` at `now`:
    /// inside the window and not in the future, as for participants, but
    /// also after the competition has ended (to correct it before the
    /// results are final).
    pub fn check_correction_date(
        &self,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), DateRejection> {
        match self.check_log_date(date, now) {
            Err(DateRejection::CompetitionFinished { .. })
                if date >= self.start && date <= self.end =>
            {
                Ok(())
            }
            other => other,
        }
    }
}

/// A date as a participant types it: `today`/`tänään`, `yesterday`/`eilen`, `2026-12-03`
/// or `3.12.2026` (also `3.12.` for this year); `None` when it is none of
/// these. Whether it may be logged is the calendar's to say.
pub fn parse_typed_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lowered = text.trim().to_lowercase();
    match lowered.as_str() {
        "today" | "tänään" | "tanaan" => Some(today),
        "yesterday" | "eilen" => today.checked_sub_days(chrono::Days::new(1)),
        other => NaiveDate::parse_from_str(other, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(other, "%d.%m.%Y"))
            .ok()
            .or_else(|| {
                let short = other.strip_suffix('.')?;
                NaiveDate::parse_from_str(&format!("{short}.{}", today.format("%Y")), "%d.%m.%Y")
                    .ok()
            }),
    }
}

/// Whole days from `a` to `b` (`a` ≤ `b`), saturating.
fn days_between(a: NaiveDate, b: NaiveDate) -> u32 {
    u32::try_from((b - a).num_days()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// A week in March 2025 around the spring DST change (30 March).
    fn march() -> CompetitionCalendar {
        CompetitionCalendar::new(date("2025-03-26"), date("2025-04-01"), DEFAULT_TIME_ZONE).unwrap()
    }

    #[test]
    fn the_competition_ends_at_midnight_in_its_zone() {
        // The week of March 2025 in Helsinki: the clocks go forward on the 30th.
        let c = march();
        assert_eq!(c.end_instant(), utc("2025-04-01T21:00:00Z"));
        assert_eq!(c.start_instant(), utc("2025-03-25T22:00:00Z"));
        assert_eq!(c.length_seconds(), 7 * 86_400 - 3600);
        assert_eq!(c.seconds_left(utc("2025-04-01T20:00:00Z")), 3600);
        assert_eq!(c.seconds_left(utc("2025-04-05T00:00:00Z")), 0);
    }

    #[test]
    fn typed_dates_read_as_people_write_them() {
        let today = date("2026-12-03");
        assert_eq!(parse_typed_date(" Today ", today), Some(today));
        assert_eq!(
            parse_typed_date("yesterday", today),
            Some(date("2026-12-02"))
        );
        assert_eq!(
            parse_typed_date("2026-12-01", today),
            Some(date("2026-12-01"))
        );
        assert_eq!(
            parse_typed_date("1.12.2026", today),
            Some(date("2026-12-01"))
        );
        assert_eq!(parse_typed_date("1.12.", today), Some(date("2026-12-01")));
        assert_eq!(parse_typed_date("soon", today), None);
        assert_eq!(parse_typed_date("31.2.2026", today), None);
    }

    #[test]
    fn new_checks_order() {
        assert!(CompetitionCalendar::new(date("2025-01-01"), date("2025-01-01"), Tz::UTC).is_ok());
        let err = CompetitionCalendar::new(date("2025-01-02"), date("2025-01-01"), Tz::UTC);
        assert_eq!(
            err,
            Err(CalendarError::EndBeforeStart {
                start: date("2025-01-02"),
                end: date("2025-01-01")
            })
        );
        let cal = CompetitionCalendar::spanning(date("2025-01-02"), date("2025-01-01"), Tz::UTC);
        assert_eq!(
            (cal.start(), cal.end()),
            (date("2025-01-01"), date("2025-01-02"))
        );
        assert_eq!(cal.time_zone(), Tz::UTC);
    }

    #[test]
    fn parses_time_zones() {
        assert_eq!(parse_time_zone(" Europe/Helsinki "), Ok(Europe::Helsinki));
        assert_eq!(parse_time_zone("UTC"), Ok(Tz::UTC));
        let err = parse_time_zone("Mars/Olympus").unwrap_err();
        assert!(err.to_string().contains("\"Europe/Helsinki\""));
        assert!(parse_time_zone("").is_err());
    }

    #[test]
    fn today_uses_the_competition_zone() {
        let cal =
            CompetitionCalendar::new(date("2025-01-01"), date("2025-01-31"), DEFAULT_TIME_ZONE)
                .unwrap();
        assert_eq!(cal.today(utc("2025-01-01T23:30:00Z")), date("2025-01-02"));
        assert_eq!(cal.today(utc("2025-01-01T21:59:59Z")), date("2025-01-01"));
        assert_eq!(cal.today(utc("2025-01-01T22:00:00Z")), date("2025-01-02"));
    }

    #[test]
    fn counts_days_inclusively() {
        let cal = march();
        assert_eq!(cal.total_days(), 7);
        // 23:59 local on the day before the start (UTC+2 in March).
        let eve = utc("2025-03-25T21:59:00Z");
        assert_eq!(cal.days_elapsed(eve), 0);
        assert_eq!(cal.days_left(eve), 7);
        assert_eq!(
            cal.phase(eve),
            Phase::NotStarted {
                starts_on: date("2025-03-26"),
                days_until: 1
            }
        );
        assert!(!cal.is_open(eve));
        // 00:00 local on the first day.
        let first = utc("2025-03-25T22:00:00Z");
        assert_eq!(cal.days_elapsed(first), 1);
        assert_eq!(
            cal.phase(first),
            Phase::Running {
                day: 1,
                total_days: 7,
                days_left: 6
            }
        );
        assert!(cal.is_open(first));
    }

    #[test]
    fn spring_dst_change_day() {
        let cal = march();
        // 2025-03-30 00:30 local is 22:30 UTC the day before (still UTC+2).
        assert_eq!(cal.today(utc("2025-03-29T22:30:00Z")), date("2025-03-30"));
        assert_eq!(cal.days_elapsed(utc("2025-03-29T22:30:00Z")), 5);
        // After the change the offset is UTC+3: 23:59 local is 20:59 UTC.
        assert_eq!(cal.today(utc("2025-03-30T20:59:00Z")), date("2025-03-30"));
        assert_eq!(cal.today(utc("2025-03-30T21:00:00Z")), date("2025-03-31"));
    }

    #[test]
    fn autumn_dst_change_day() {
        let cal =
            CompetitionCalendar::new(date("2025-10-20"), date("2025-10-26"), DEFAULT_TIME_ZONE)
                .unwrap();
        // The last day lasts 25 hours: 21:00 UTC on the 25th to 22:00 UTC on the 26th.
        assert_eq!(cal.today(utc("2025-10-25T21:00:00Z")), date("2025-10-26"));
        let last_minute = utc("2025-10-26T21:59:00Z");
        assert_eq!(
            cal.phase(last_minute),
            Phase::Running {
                day: 7,
                total_days: 7,
                days_left: 0
            }
        );
        assert!(cal.check_log_date(date("2025-10-26"), last_minute).is_ok());
        let after = utc("2025-10-26T22:00:00Z");
        assert_eq!(
            cal.phase(after),
            Phase::Finished {
                ended_on: date("2025-10-26")
            }
        );
        assert_eq!(cal.days_elapsed(after), 7);
        assert_eq!(cal.days_left(after), 0);
        assert_eq!(cal.loggable_dates(after), None);
    }

    #[test]
    fn loggable_dates_grow_with_today() {
        let cal = march();
        assert_eq!(cal.loggable_dates(utc("2025-03-25T12:00:00Z")), None);
        assert_eq!(
            cal.loggable_dates(utc("2025-03-26T12:00:00Z")),
            Some(date("2025-03-26")..=date("2025-03-26"))
        );
        assert_eq!(
            cal.loggable_dates(utc("2025-03-31T21:30:00Z")),
            Some(date("2025-03-26")..=date("2025-04-01"))
        );
    }

    #[test]
    fn check_log_date_rejections() {
        let cal = march();
        let now = utc("2025-03-28T10:00:00Z");
        assert_eq!(cal.check_log_date(date("2025-03-26"), now), Ok(()));
        assert_eq!(cal.check_log_date(date("2025-03-28"), now), Ok(()));
        assert_eq!(
            cal.check_log_date(date("2025-03-25"), now),
            Err(DateRejection::BeforeStart {
                start: date("2025-03-26")
            })
        );
        assert_eq!(
            cal.check_log_date(date("2025-03-29"), now),
            Err(DateRejection::InFuture {
                today: date("2025-03-28")
            })
        );
        assert_eq!(
            cal.check_log_date(date("2025-04-02"), now),
            Err(DateRejection::AfterEnd {
                end: date("2025-04-01")
            })
        );
        assert_eq!(
            cal.check_log_date(date("2025-03-26"), utc("2025-03-25T21:59:00Z")),
            Err(DateRejection::CompetitionNotStarted {
                start: date("2025-03-26")
            })
        );
        assert_eq!(
            cal.check_log_date(date("2025-04-01"), utc("2025-04-01T21:00:00Z")),
            Err(DateRejection::CompetitionFinished {
                end: date("2025-04-01")
            })
        );
        let msg = DateRejection::BeforeStart {
            start: date("2025-03-26"),
        }
        .to_string();
        assert!(msg.contains("Pick a date between 2025-03-26 and today"));
    }

    mod properties {
        use super::super::*;
        use super::{date, march};
        use chrono::{Duration, TimeZone};
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn check_log_date_agrees_with_loggable_dates(
                offset_minutes in -20_000i64..20_000,
                day_offset in -10i64..20,
            ) {
                let cal = march();
                let now = Utc.with_ymd_and_hms(2025, 3, 26, 0, 0, 0).unwrap() + Duration::minutes(offset_minutes);
                let day = date("2025-03-26") + Duration::days(day_offset);
                let allowed = cal.loggable_dates(now).is_some_and(|r| r.contains(&day));
                prop_assert_eq!(cal.check_log_date(day, now).is_ok(), allowed);
                prop_assert_eq!(cal.days_elapsed(now) + cal.days_left(now), cal.total_days());
            }
        }
    }

    #[test]
    fn utc_zone_has_no_offset() {
        let cal =
            CompetitionCalendar::new(date("2025-01-01"), date("2025-01-02"), Tz::UTC).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 1, 1, 23, 59, 59).unwrap();
        assert_eq!(cal.today(now), date("2025-01-01"));
    }
}
