//! Which entries an organiser should look at before trusting them: more
//! hours in a day than anyone plausibly does, points far above both the
//! person's own entries and the competition's, the same entry over and
//! over on one day, and entries for days long past logged just before the
//! competition closes.
//!
//! The thresholds are per competition (kept with its scoring rules);
//! everything here is computed from what the caller gathers about the
//! entry, the person's day and history, and the competition.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::points::Points;

/// A competition's review thresholds. The defaults flag what honest
/// people practically never log. By default a flagged entry counts until
/// an organiser rejects it; with [`FlaggedEntries::AfterApproval`] it
/// counts only once an organiser approves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewRules {
    /// A person's day with more hours than this is flagged.
    pub max_hours_per_day: u16,
    /// An entry worth more than this many times the person's usual entry
    /// (the median of their earlier ones) and more than the competition's
    /// 99th percentile is flagged.
    pub points_factor: u16,
    /// The same activity with the same duration this many times on one day
    /// is flagged.
    pub repeats_per_day: u16,
    /// An entry for a day at least this many days before it was logged…
    pub backdated_days: u16,
    /// …logged within this many hours of the competition's close is
    /// flagged.
    pub closing_hours: u16,
    /// Whether a flagged entry's points count while it waits for review.
    pub flagged_entries: FlaggedEntries,
}

/// Whether a flagged entry's points count while it waits for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FlaggedEntries {
    /// They count until an organiser rejects the entry (the default).
    #[default]
    #[serde(rename = "until_reviewed")]
    CountUntilReviewed,
    /// They count only once an organiser approves the entry; until then
    /// the entry is kept with no points, and its points wait with its flag.
    #[serde(rename = "after_approval")]
    CountAfterApproval,
}

impl FlaggedEntries {
    /// The code shown in forms, the command line and the API.
    pub fn code(self) -> &'static str {
        match self {
            FlaggedEntries::CountUntilReviewed => "until_reviewed",
            FlaggedEntries::CountAfterApproval => "after_approval",
        }
    }

    /// The setting written as `text` (its code, any case, `-` for `_`);
    /// empty is the default.
    pub fn parse(text: &str) -> Option<FlaggedEntries> {
        let text = text.trim().to_lowercase().replace('-', "_");
        if text.is_empty() {
            return Some(FlaggedEntries::default());
        }
        [
            FlaggedEntries::CountUntilReviewed,
            FlaggedEntries::CountAfterApproval,
        ]
        .into_iter()
        .find(|f| f.code() == text)
    }

    /// Whether a flagged entry waits for approval before it counts.
    pub fn withheld(self) -> bool {
        self == FlaggedEntries::CountAfterApproval
    }
}

/// The review thresholds' field names with their allowed ranges, in the
/// order the form shows them.
pub const THRESHOLDS: [(&str, u16, u16); 5] = [
    ("max_hours_per_day", 1, 24),
    ("points_factor", 2, 100),
    ("repeats_per_day", 2, 100),
    ("backdated_days", 1, 365),
    ("closing_hours", 1, 720),
];

impl Default for ReviewRules {
    fn default() -> Self {
        ReviewRules {
            max_hours_per_day: 12,
            points_factor: 4,
            repeats_per_day: 3,
            backdated_days: 3,
            closing_hours: 48,
            flagged_entries: FlaggedEntries::CountUntilReviewed,
        }
    }
}

impl ReviewRules {
    /// Whether these are the defaults (left out of the stored rules).
    pub fn is_default(&self) -> bool {
        *self == ReviewRules::default()
    }

    /// The threshold named `field` (one of [`THRESHOLDS`]).
    pub fn threshold(&self, field: &str) -> Option<u16> {
        match field {
            "max_hours_per_day" => Some(self.max_hours_per_day),
            "points_factor" => Some(self.points_factor),
            "repeats_per_day" => Some(self.repeats_per_day),
            "backdated_days" => Some(self.backdated_days),
            "closing_hours" => Some(self.closing_hours),
            _ => None,
        }
    }

    /// Sets the threshold named `field` (one of [`THRESHOLDS`]).
    pub fn set_threshold(&mut self, field: &str, value: u16) {
        match field {
            "max_hours_per_day" => self.max_hours_per_day = value,
            "points_factor" => self.points_factor = value,
            "repeats_per_day" => self.repeats_per_day = value,
            "backdated_days" => self.backdated_days = value,
            "closing_hours" => self.closing_hours = value,
            _ => {}
        }
    }

    /// The thresholds that are out of range, by field name.
    pub fn out_of_range(&self) -> Vec<&'static str> {
        THRESHOLDS
            .iter()
            .filter(|(field, min, max)| {
                self.threshold(field)
                    .is_some_and(|v| !(*min..=*max).contains(&v))
            })
            .map(|(field, _, _)| *field)
            .collect()
    }
}

/// Why an entry is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagReason {
    /// The person's day holds more hours than the threshold.
    LongDay,
    /// Far more points than the person's usual entry and the competition's.
    OutlierPoints,
    /// The same entry many times on one day.
    Repeated,
    /// A day long past, logged just before the close.
    LateBackdated,
}

impl FlagReason {
    /// Every reason, in the order they are shown.
    pub const ALL: [FlagReason; 4] = [
        FlagReason::LongDay,
        FlagReason::OutlierPoints,
        FlagReason::Repeated,
        FlagReason::LateBackdated,
    ];

    /// The code stored and shown in the API and CLI.
    pub fn code(self) -> &'static str {
        match self {
            FlagReason::LongDay => "long_day",
            FlagReason::OutlierPoints => "outlier_points",
            FlagReason::Repeated => "repeated",
            FlagReason::LateBackdated => "late_backdated",
        }
    }

    /// The reason stored as `code`.
    pub fn from_code(code: &str) -> Option<FlagReason> {
        FlagReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One reason with what made it fire, in plain words for organisers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub reason: FlagReason,
    pub detail: String,
}

/// The entry being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagEntry<'a> {
    /// The activity's name (or Compendium code).
    pub kind: &'a str,
    pub minutes: u16,
    pub points: Points,
    /// The day it was done.
    pub date: NaiveDate,
    /// When it was logged.
    pub logged_at: DateTime<Utc>,
}

/// What is known around the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagContext {
    /// The person's minutes on the entry's day, this entry included.
    pub day_minutes: u32,
    /// How many of the person's entries on that day have the same activity
    /// and duration, this one included.
    pub same_on_day: u32,
    /// The median points of the person's earlier entries, when they have
    /// at least [`MIN_HISTORY`] of them.
    pub usual_points: Option<Points>,
    /// The competition's 99th percentile of points per entry, when it has
    /// at least [`MIN_DISTRIBUTION`] entries.
    pub p99_points: Option<Points>,
    /// When the competition closes for logging (the end of its last day).
    pub closes_at: Option<DateTime<Utc>>,
}

/// The fewest earlier entries a person needs for "their usual entry".
pub const MIN_HISTORY: usize = 5;
/// The fewest entries a competition needs for its percentile to count.
pub const MIN_DISTRIBUTION: usize = 100;

/// Every reason `entry` is flagged under `rules`, in [`FlagReason::ALL`]
/// order; empty for an ordinary entry.
pub fn flags(rules: &ReviewRules, entry: &FlagEntry<'_>, ctx: &FlagContext) -> Vec<Flag> {
    let mut out = Vec::new();
    let max_minutes = u32::from(rules.max_hours_per_day) * 60;
    if ctx.day_minutes > max_minutes {
        out.push(Flag {
            reason: FlagReason::LongDay,
            detail: format!(
                "{} h {} min on {} (more than {} h)",
                ctx.day_minutes / 60,
                ctx.day_minutes % 60,
                entry.date,
                rules.max_hours_per_day
            ),
        });
    }
    if let Some(p99) = ctx.p99_points {
        let factor = Decimal::from(rules.points_factor);
        // Without a history of their own, the entry is measured against the
        // competition's alone, with the same margin.
        let (above_own, usual) = match ctx.usual_points {
            Some(usual) => (entry.points.value() > usual.value() * factor, usual),
            None => (entry.points.value() > p99.value() * factor, p99),
        };
        if above_own && entry.points > p99 {
            out.push(Flag {
                reason: FlagReason::OutlierPoints,
                detail: format!(
                    "{} points (usual {}, competition's 99th percentile {})",
                    entry.points, usual, p99
                ),
            });
        }
    }
    if ctx.same_on_day >= u32::from(rules.repeats_per_day) {
        out.push(Flag {
            reason: FlagReason::Repeated,
            detail: format!(
                "{} × {} {} min on {}",
                ctx.same_on_day, entry.kind, entry.minutes, entry.date
            ),
        });
    }
    if let Some(closes) = ctx.closes_at {
        let days_back = (entry.logged_at.date_naive() - entry.date).num_days();
        let hours_left = (closes - entry.logged_at).num_hours();
        if days_back >= i64::from(rules.backdated_days)
            && (0..i64::from(rules.closing_hours)).contains(&hours_left)
        {
            out.push(Flag {
                reason: FlagReason::LateBackdated,
                detail: format!(
                    "for {}, logged {} days later, {} h before the close",
                    entry.date, days_back, hours_left
                ),
            });
        }
    }
    out
}

/// The median of `points` (the lower middle for an even count), or `None`
/// when there are fewer than [`MIN_HISTORY`].
pub fn usual_points(points: &mut [Points]) -> Option<Points> {
    if points.len() < MIN_HISTORY {
        return None;
    }
    points.sort();
    Some(points[(points.len() - 1) / 2])
}

/// The 99th percentile (nearest rank) of `points`, already sorted
/// ascending, or `None` when there are fewer than [`MIN_DISTRIBUTION`].
pub fn p99(sorted: &[Points]) -> Option<Points> {
    if sorted.len() < MIN_DISTRIBUTION {
        return None;
    }
    let rank = (sorted.len() * 99).div_ceil(100);
    Some(sorted[rank - 1])
}

/// The reasons as stored: codes joined by commas.
pub fn codes(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.reason.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// The details as stored: one line per reason.
pub fn details(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.detail.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn p(x: i64) -> Points {
        Points::new(Decimal::from(x))
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn entry(points: i64, date: NaiveDate, logged_day: u32, hour: u32) -> FlagEntry<'static> {
        FlagEntry {
            kind: "Running",
            minutes: 60,
            points: p(points),
            date,
            logged_at: Utc
                .with_ymd_and_hms(2027, 3, logged_day, hour, 0, 0)
                .unwrap(),
        }
    }

    fn ordinary() -> FlagContext {
        FlagContext {
            day_minutes: 60,
            same_on_day: 1,
            usual_points: Some(p(5)),
            p99_points: Some(p(20)),
            closes_at: Some(Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap()),
        }
    }

    fn reasons(f: Vec<Flag>) -> Vec<FlagReason> {
        f.into_iter().map(|f| f.reason).collect()
    }

    #[test]
    fn an_ordinary_entry_is_not_flagged() {
        let r = ReviewRules::default();
        assert!(flags(&r, &entry(8, day(10), 10, 18), &ordinary()).is_empty());
    }

    #[test]
    fn a_day_longer_than_the_threshold_is_flagged_and_one_at_it_is_not() {
        let r = ReviewRules::default();
        let at = FlagContext {
            day_minutes: 12 * 60,
            ..ordinary()
        };
        assert!(flags(&r, &entry(8, day(10), 10, 18), &at).is_empty());
        let over = FlagContext {
            day_minutes: 12 * 60 + 1,
            ..ordinary()
        };
        let f = flags(&r, &entry(8, day(10), 10, 18), &over);
        assert_eq!(reasons(f.clone()), [FlagReason::LongDay]);
        assert_eq!(f[0].detail, "12 h 1 min on 2027-03-10 (more than 12 h)");
    }

    #[test]
    fn points_must_be_far_above_both_the_person_and_the_competition() {
        let r = ReviewRules::default();
        // 21 > 4 × 5 and > 20: flagged.
        assert_eq!(
            reasons(flags(&r, &entry(21, day(10), 10, 18), &ordinary())),
            [FlagReason::OutlierPoints]
        );
        // Far above the person, not above the competition: no.
        assert!(flags(&r, &entry(19, day(10), 10, 18), &ordinary()).is_empty());
        // Above the competition, but usual for a strong person: no.
        let strong = FlagContext {
            usual_points: Some(p(15)),
            ..ordinary()
        };
        assert!(flags(&r, &entry(30, day(10), 10, 18), &strong).is_empty());
        // Without a history, four times the competition's percentile.
        let new = FlagContext {
            usual_points: None,
            ..ordinary()
        };
        assert!(flags(&r, &entry(80, day(10), 10, 18), &new).is_empty());
        assert_eq!(
            reasons(flags(&r, &entry(81, day(10), 10, 18), &new)),
            [FlagReason::OutlierPoints]
        );
        // Without a distribution, nothing to compare with.
        let empty = FlagContext {
            p99_points: None,
            ..ordinary()
        };
        assert!(flags(&r, &entry(500, day(10), 10, 18), &empty).is_empty());
    }

    #[test]
    fn the_same_entry_many_times_on_a_day_is_flagged() {
        let r = ReviewRules::default();
        let twice = FlagContext {
            same_on_day: 2,
            ..ordinary()
        };
        assert!(flags(&r, &entry(8, day(10), 10, 18), &twice).is_empty());
        let thrice = FlagContext {
            same_on_day: 3,
            ..ordinary()
        };
        let f = flags(&r, &entry(8, day(10), 10, 18), &thrice);
        assert_eq!(reasons(f.clone()), [FlagReason::Repeated]);
        assert_eq!(f[0].detail, "3 × Running 60 min on 2027-03-10");
    }

    #[test]
    fn an_old_day_logged_just_before_the_close_is_flagged() {
        let r = ReviewRules::default();
        // Closes 2027-04-01 00:00; logged 2027-03-31 12:00, 12 h before.
        let late = |date| FlagEntry {
            logged_at: Utc.with_ymd_and_hms(2027, 3, 31, 12, 0, 0).unwrap(),
            ..entry(8, date, 31, 12)
        };
        assert_eq!(
            reasons(flags(&r, &late(day(20)), &ordinary())),
            [FlagReason::LateBackdated]
        );
        // Yesterday's entry logged late: normal.
        assert!(flags(&r, &late(day(30)), &ordinary()).is_empty());
        // An old day logged mid-competition: normal.
        assert!(flags(&r, &entry(8, day(1), 10, 18), &ordinary()).is_empty());
    }

    #[test]
    fn reasons_combine_in_order_and_are_stored_as_codes() {
        let r = ReviewRules::default();
        let ctx = FlagContext {
            day_minutes: 20 * 60,
            same_on_day: 5,
            ..ordinary()
        };
        let f = flags(&r, &entry(50, day(10), 10, 18), &ctx);
        assert_eq!(codes(&f), "long_day,outlier_points,repeated");
        assert_eq!(details(&f).lines().count(), 3);
        for reason in FlagReason::ALL {
            assert_eq!(FlagReason::from_code(reason.code()), Some(reason));
        }
    }

    #[test]
    fn the_median_and_percentile_need_enough_entries() {
        assert_eq!(usual_points(&mut [p(1), p(2), p(3), p(4)]), None);
        assert_eq!(
            usual_points(&mut [p(9), p(1), p(5), p(3), p(7), p(2)]),
            Some(p(3))
        );
        let sorted: Vec<Points> = (1..=200).map(p).collect();
        assert_eq!(p99(&sorted), Some(p(198)));
        assert_eq!(p99(&sorted[..99]), None);
    }

    #[test]
    fn default_thresholds_are_in_range_and_left_out_of_json() {
        assert!(ReviewRules::default().out_of_range().is_empty());
        assert!(ReviewRules::default().is_default());
        let bad = ReviewRules {
            max_hours_per_day: 25,
            ..ReviewRules::default()
        };
        assert_eq!(bad.out_of_range(), ["max_hours_per_day"]);
        let zero = ReviewRules {
            closing_hours: 0,
            points_factor: 1,
            ..ReviewRules::default()
        };
        assert_eq!(zero.out_of_range(), ["points_factor", "closing_hours"]);
    }

    #[test]
    fn the_flagged_entries_setting_reads_its_codes_and_stays_out_of_json_by_default() {
        assert_eq!(
            FlaggedEntries::parse(""),
            Some(FlaggedEntries::CountUntilReviewed)
        );
        assert_eq!(
            FlaggedEntries::parse(" After-Approval "),
            Some(FlaggedEntries::CountAfterApproval)
        );
        assert_eq!(FlaggedEntries::parse("later"), None);
        let held = ReviewRules {
            flagged_entries: FlaggedEntries::CountAfterApproval,
            ..ReviewRules::default()
        };
        assert!(!held.is_default());
        let json = serde_json::to_string(&held).unwrap();
        assert!(
            json.contains(r#""flagged_entries":"after_approval""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ReviewRules>(&json).unwrap(), held);
        assert_eq!(
            serde_json::from_str::<ReviewRules>(r#"{"points_factor":6}"#)
                .unwrap()
                .flagged_entries,
            FlaggedEntries::CountUntilReviewed
        );
    }
}
