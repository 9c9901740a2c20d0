//! The competition's own messages to its participants: "starts tomorrow",
//! "N days left" and the final results, each turned on or off by the
//! organisers, all sent at one local hour of the competition's zone.
//!
//! Which of them an hourly run at a local day and hour is due for, the
//! facts each message tells (written out when it is sent, in the person's
//! language) and the key that makes each go to a person once per
//! competition, whatever the runs, restarts or instances.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::field_error::{FieldError, collect};
use crate::msg;

/// The most days before the end the "days left" message may be set to.
pub const MAX_DAYS_LEFT: u8 = 14;

/// How many days after the end the final results may still go out (they
/// wait while entries await review).
pub const RESULTS_WAIT_DAYS: u64 = 14;

/// How many guilds the final results name.
pub const PODIUM: usize = 3;

/// A competition's milestone messages. By default all three are on, at
/// 12:00 local time, "days left" three days before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Milestones {
    /// "Starts tomorrow", on the day before the first day.
    pub starts_tomorrow: bool,
    /// "N days left, today included", on the N-th last day; `None`: not sent.
    pub days_left: Option<u8>,
    /// The final standings, on the day after the last day (later while
    /// entries wait for review).
    pub final_results: bool,
    /// The local hour (0–23) at which they are sent.
    pub hour: u8,
}

impl Default for Milestones {
    fn default() -> Self {
        Milestones {
            starts_tomorrow: true,
            days_left: Some(3),
            final_results: true,
            hour: 12,
        }
    }
}

/// One milestone message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    StartsTomorrow,
    DaysLeft,
    FinalResults,
}

impl MilestoneKind {
    /// Its code in keys, the audit log and the API.
    pub fn code(self) -> &'static str {
        match self {
            MilestoneKind::StartsTomorrow => "starts_tomorrow",
            MilestoneKind::DaysLeft => "days_left",
            MilestoneKind::FinalResults => "final_results",
        }
    }
}

/// The milestone `kind` of competition `competition` to `user`: once per
/// competition, even when its settings change after it went out.
pub fn milestone_key(competition: i64, kind: MilestoneKind, user: i64) -> String {
    format!("milestone:{competition}:{}:{user}", kind.code())
}

/// The milestone settings form's fields, as typed (the admin panel's; the
/// command line and the API fill in the same).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MilestonesForm {
    pub starts_tomorrow: bool,
    /// A number of days, or empty for none.
    pub days_left: String,
    pub final_results: bool,
    /// An hour, `12` or `12:00`.
    pub hour: String,
}

impl Milestones {
    /// The settings as the form shows them.
    pub fn form(&self) -> MilestonesForm {
        MilestonesForm {
            starts_tomorrow: self.starts_tomorrow,
            days_left: self.days_left.map(|d| d.to_string()).unwrap_or_default(),
            final_results: self.final_results,
            hour: self.hour.to_string(),
        }
    }

    /// Reads the form; every problem is reported by its field.
    pub fn parse(form: &MilestonesForm) -> Result<Milestones, Vec<FieldError>> {
        let mut errors = Vec::new();
        let days = form.days_left.trim();
        let days_left = if days.is_empty() || days == "0" || days.eq_ignore_ascii_case("off") {
            None
        } else {
            match days.parse::<u8>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new(
                        "days_left",
                        msg!("err-milestone-days", text = days, max = MAX_DAYS_LEFT),
                    ));
                    None
                }
            }
        };
        let text = form.hour.trim();
        let hour = text
            .strip_suffix(":00")
            .unwrap_or(text)
            .trim()
            .parse::<u8>()
            .unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    "hour",
                    msg!("err-milestone-hour", text = text),
                ));
                Milestones::default().hour
            });
        let settings = Milestones {
            starts_tomorrow: form.starts_tomorrow,
            days_left,
            final_results: form.final_results,
            hour,
        };
        match settings.check() {
            Ok(settings) if errors.is_empty() => Ok(settings),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Checks settings from any frontend: the hour 0–23, the days 1–14.
    pub fn check(self) -> Result<Milestones, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.hour > 23 {
            errors.push(FieldError::new(
                "hour",
                msg!("err-milestone-hour", text = self.hour.to_string()),
            ));
        }
        if let Some(d) = self.days_left
            && !(1..=MAX_DAYS_LEFT).contains(&d)
        {
            errors.push(FieldError::new(
                "days_left",
                msg!(
                    "err-milestone-days",
                    text = d.to_string(),
                    max = MAX_DAYS_LEFT
                ),
            ));
        }
        collect(self, errors)
    }

    /// A one-line description for the audit log (English, fixed form).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.starts_tomorrow {
            parts.push("starts tomorrow".to_string());
        }
        if let Some(d) = self.days_left {
            parts.push(format!("{d} days left"));
        }
        if self.final_results {
            parts.push("final results".to_string());
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            format!("{} at {:02}:00", parts.join(", "), self.hour)
        }
    }

    /// The day the "days left" message goes: the N-th last day, if the
    /// competition has that many days.
    pub fn days_left_day(&self, start: NaiveDate, end: NaiveDate) -> Option<NaiveDate> {
        let n = self.days_left?;
        let day = end.checked_sub_days(Days::new(u64::from(n).saturating_sub(1)))?;
        (day >= start).then_some(day)
    }

    /// The milestones an hourly run on local `day` at local `hour` is due
    /// for, for a competition from `start` to `end`: each on its day from
    /// the set hour on (a run missed at that hour is made up later that
    /// day); the final results on any day of the fortnight after the end.
    /// The caller keeps the quiet hours and holds the results back while
    /// entries wait for review; the keys make each go once.
    pub fn due(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        day: NaiveDate,
        hour: u8,
    ) -> Vec<MilestoneKind> {
        let mut due = Vec::new();
        if hour < self.hour {
            return due;
        }
        if self.starts_tomorrow && day.succ_opt() == Some(start) {
            due.push(MilestoneKind::StartsTomorrow);
        }
        if self.days_left_day(start, end) == Some(day) {
            due.push(MilestoneKind::DaysLeft);
        }
        if self.final_results
            && day > end
            && end
                .checked_add_days(Days::new(RESULTS_WAIT_DAYS))
                .is_some_and(|last| day <= last)
        {
            due.push(MilestoneKind::FinalResults);
        }
        due
    }
}

/// Where a person stands, as a milestone message tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Their points, in hundredths.
    pub points_cents: i64,
    /// Their rank among the participants, and how many there are.
    pub rank: u64,
    pub participants: u64,
    /// Their guild's place among the guilds, if they have one.
    pub guild: Option<GuildPlace>,
}

/// A guild's place in the standings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildPlace {
    pub name: String,
    pub rank: u64,
    pub guilds: u64,
}

/// A guild at the top of the final standings, with its score as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodiumGuild {
    pub rank: u64,
    pub name: String,
    /// What guilds are ranked by (points per member or the composite
    /// score), in tenths.
    pub score_tenths: i64,
}

impl PodiumGuild {
    /// The score with its one decimal.
    pub fn score(&self) -> Decimal {
        Decimal::new(self.score_tenths, 1)
    }
}

/// What a milestone message tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "milestone", rename_all = "snake_case")]
pub enum MilestoneMessage {
    StartsTomorrow {
        competition: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    DaysLeft {
        competition: String,
        days: u8,
        end: NaiveDate,
        standing: Standing,
    },
    FinalResults {
        competition: String,
        podium: Vec<PodiumGuild>,
        standing: Standing,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn form(starts: bool, days: &str, results: bool, hour: &str) -> MilestonesForm {
        MilestonesForm {
            starts_tomorrow: starts,
            days_left: days.to_string(),
            final_results: results,
            hour: hour.to_string(),
        }
    }

    #[test]
    fn each_milestone_is_due_on_its_day_from_its_hour() {
        let m = Milestones::default();
        let (start, end) = (d("2027-03-01"), d("2027-03-31"));
        assert!(m.due(start, end, d("2027-02-28"), 11).is_empty());
        assert_eq!(
            m.due(start, end, d("2027-02-28"), 12),
            [MilestoneKind::StartsTomorrow]
        );
        assert_eq!(
            m.due(start, end, d("2027-02-28"), 20),
            [MilestoneKind::StartsTomorrow]
        );
        assert!(m.due(start, end, d("2027-03-01"), 12).is_empty());
        // Three days left, today included: the 29th, 30th and 31st.
        assert_eq!(
            m.due(start, end, d("2027-03-29"), 12),
            [MilestoneKind::DaysLeft]
        );
        assert!(m.due(start, end, d("2027-03-28"), 12).is_empty());
        assert!(m.due(start, end, d("2027-03-31"), 23).is_empty());
        assert_eq!(
            m.due(start, end, d("2027-04-01"), 12),
            [MilestoneKind::FinalResults]
        );
        assert_eq!(
            m.due(start, end, d("2027-04-14"), 12),
            [MilestoneKind::FinalResults]
        );
        assert!(m.due(start, end, d("2027-04-15"), 12).is_empty());
        let off = Milestones {
            starts_tomorrow: false,
            days_left: None,
            final_results: false,
            hour: 9,
        };
        for day in ["2027-02-28", "2027-03-29", "2027-04-01"] {
            assert!(off.due(start, end, d(day), 12).is_empty(), "{day}");
        }
    }

    #[test]
    fn days_left_needs_that_many_days() {
        let m = Milestones {
            days_left: Some(5),
            ..Milestones::default()
        };
        assert_eq!(
            m.days_left_day(d("2027-03-01"), d("2027-03-05")),
            Some(d("2027-03-01"))
        );
        assert_eq!(m.days_left_day(d("2027-03-02"), d("2027-03-05")), None);
        let last = Milestones {
            days_left: Some(1),
            ..Milestones::default()
        };
        assert_eq!(
            last.days_left_day(d("2027-03-01"), d("2027-03-05")),
            Some(d("2027-03-05"))
        );
    }

    #[test]
    fn the_form_reads_and_refuses() {
        assert_eq!(
            Milestones::parse(&form(true, "3", true, "12")).unwrap(),
            Milestones::default()
        );
        let m = Milestones::parse(&form(false, "", true, " 9:00 ")).unwrap();
        assert_eq!(m.days_left, None);
        assert_eq!(m.hour, 9);
        assert!(!m.starts_tomorrow);
        assert_eq!(
            Milestones::parse(&form(true, "off", true, "7"))
                .unwrap()
                .days_left,
            None
        );
        let errors = Milestones::parse(&form(true, "15", true, "24")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["hour", "days_left"]);
        let errors = Milestones::parse(&form(true, "three", true, "noon")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["days_left", "hour"]);
        assert_eq!(Milestones::default().form(), form(true, "3", true, "12"));
    }

    #[test]
    fn keys_and_descriptions() {
        assert_eq!(
            milestone_key(4, MilestoneKind::DaysLeft, 17),
            "milestone:4:days_left:17"
        );
        assert_eq!(
            Milestones::default().describe(),
            "starts tomorrow, 3 days left, final results at 12:00"
        );
        let none = Milestones {
            starts_tomorrow: false,
            days_left: None,
            final_results: false,
            hour: 12,
        };
        assert_eq!(none.describe(), "none");
        // Stored settings from before a field existed take its default.
        let stored: Milestones = serde_json::from_str(r#"{"hour":10}"#).unwrap();
        assert_eq!(stored.hour, 10);
        assert!(stored.starts_tomorrow && stored.final_results);
        let stored: Milestones = serde_json::from_str("{}").unwrap();
        assert_eq!(stored, Milestones::default());
    }
}
