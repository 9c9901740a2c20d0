//! Validating what an admin types when creating a competition.
//!
//! Guild and feedback forms live in `guild.rs` and `feedback.rs`; they are
//! re-exported here with [`FieldError`] so all form drafts are reachable as
//! `domain::competition::*`.

use chrono::NaiveDate;
use chrono_tz::Tz;

pub use super::feedback::{FeedbackDraft, parse_rating};
pub use super::field_error::FieldError;
pub use super::guild::GuildDraft;

use super::calendar::{CompetitionCalendar, parse_time_zone};
use super::field_error::check_length;
use crate::i18n::Message;
use crate::msg;

/// A validated competition form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetitionDraft {
    /// 1–100 characters, trimmed.
    pub name: String,
    /// At most 2000 characters, trimmed; may be empty.
    pub description: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, on or after `start`.
    pub end: NaiveDate,
    /// The zone whose calendar defines each day.
    pub time_zone: Tz,
}

impl CompetitionDraft {
    /// Validates every field and returns all problems at once, so the admin
    /// can fix the whole form in one go. Field names in errors: "name",
    /// "description", "start", "end", "time_zone".
    pub fn parse(
        name: &str,
        description: &str,
        start: &str,
        end: &str,
        time_zone: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = name.trim();
        let description = description.trim();
        errors.extend(check_length(
            "name",
            msg!("label-competition-name"),
            name,
            1,
            100,
        ));
        errors.extend(check_length(
            "description",
            msg!("label-description"),
            description,
            0,
            2000,
        ));
        let start = parse_date("start", msg!("label-start-date"), start)
            .map_err(|e| errors.push(e))
            .ok();
        let end = parse_date("end", msg!("label-end-date"), end)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errors.push(FieldError::new(
                    "end",
                    msg!("err-end-before-start", end = e, start = s),
                ));
            } else if (e - s).num_days() >= MAX_DAYS {
                errors.push(FieldError::new(
                    "end",
                    msg!(
                        "err-competition-too-long",
                        days = (e - s).num_days() + 1,
                        max = MAX_DAYS
                    ),
                ));
            }
        }
        let time_zone = parse_zone(time_zone).map_err(|e| errors.push(e)).ok();
        match (start, end, time_zone) {
            (Some(start), Some(end), Some(time_zone)) if errors.is_empty() => {
                Ok(CompetitionDraft {
                    name: name.to_owned(),
                    description: description.to_owned(),
                    start,
                    end,
                    time_zone,
                })
            }
            // Every missing value pushed an error above.
            _ => Err(errors),
        }
    }

    /// The competition's calendar. The draft's dates are already ordered
    /// by [`parse`](Self::parse); should the public fields have been
    /// changed so that `end` is before `start`, the calendar spans the two
    /// dates in order instead of failing.
    pub fn calendar(&self) -> CompetitionCalendar {
        CompetitionCalendar::spanning(self.start, self.end, self.time_zone)
    }
}

/// The longest competition, in days: a year.
pub const MAX_DAYS: i64 = 366;

/// The years a competition's dates may fall in: a typing slip such as
/// 0025 or 2205 is refused instead of saved.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a strict YYYY-MM-DD date.
fn parse_date(field: &'static str, label: Message, input: &str) -> Result<NaiveDate, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            field,
            msg!("err-date-required", label = label),
        ));
    }
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(FieldError::new(
            field,
            msg!("err-date-format", label = label, text = text),
        ));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            msg!(
                "err-date-not-in-calendar",
                label = label.clone(),
                text = text
            ),
        )
    })?;
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(FieldError::new(
            field,
            msg!(
                "err-date-years",
                label = label,
                text = text,
                first = YEARS.start().to_string(),
                last = YEARS.end().to_string()
            ),
        ));
    }
    Ok(date)
}

fn parse_zone(input: &str) -> Result<Tz, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new("time_zone", msg!("err-time-zone-required")));
    }
    parse_time_zone(input).map_err(|e| FieldError::new("time_zone", e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn accepts_a_valid_form() {
        let draft = CompetitionDraft::parse(
            "  Autumn Challenge ",
            " Move more! ",
            "2025-09-01",
            " 2025-09-30 ",
            "Europe/Helsinki",
        )
        .unwrap();
        assert_eq!(draft.name, "Autumn Challenge");
        assert_eq!(draft.description, "Move more!");
        assert_eq!(draft.time_zone, chrono_tz::Europe::Helsinki);
        let calendar = draft.calendar();
        assert_eq!(calendar.total_days(), 30);
        assert_eq!(calendar.start(), draft.start);
    }

    #[test]
    fn single_day_and_empty_description_are_fine() {
        let draft = CompetitionDraft::parse("Day", "", "2025-09-01", "2025-09-01", "UTC").unwrap();
        assert_eq!(draft.calendar().total_days(), 1);
    }

    #[test]
    fn collects_every_problem() {
        let errors = CompetitionDraft::parse(
            "   ",
            &"x".repeat(2001),
            "1.9.2025",
            "2025-02-30",
            "Helsinki",
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            ["name", "description", "start", "end", "time_zone"]
        );
        assert!(errors[0].message.to_string().contains("required"));
        assert!(errors[1].message.to_string().contains("you wrote 2001"));
        assert!(errors[2].message.to_string().contains("YYYY-MM-DD"));
        assert!(errors[3].message.to_string().contains("does not exist"));
        assert!(errors[4].message.to_string().contains("Europe/Helsinki"));
    }

    #[test]
    fn refuses_end_before_start_and_long_names() {
        let errors =
            CompetitionDraft::parse(&"n".repeat(101), "", "2025-09-30", "2025-09-01", "UTC")
                .unwrap_err();
        assert_eq!(fields(&errors), ["name", "end"]);
        assert!(
            errors[1]
                .message
                .to_string()
                .contains("before the start date 2025-09-30")
        );
        let ok = CompetitionDraft::parse(&"ä".repeat(100), "", "2025-09-01", "2025-09-01", "UTC");
        assert!(ok.is_ok());
    }

    #[test]
    fn refuses_far_years_and_year_long_slips() {
        let errors =
            CompetitionDraft::parse("N", "", "0001-01-01", "9999-12-31", "UTC").unwrap_err();
        assert_eq!(fields(&errors), ["start", "end"]);
        assert!(
            errors[0].message.to_string().contains("2000–2100"),
            "{}",
            errors[0]
        );
        let errors =
            CompetitionDraft::parse("N", "", "2025-09-01", "2026-09-30", "UTC").unwrap_err();
        assert!(
            errors[0].message.to_string().contains("at most 366"),
            "{}",
            errors[0]
        );
        assert!(CompetitionDraft::parse("N", "", "2025-09-01", "2026-09-01", "UTC").is_ok());
    }

    #[test]
    fn requires_dates_and_zone() {
        let errors = CompetitionDraft::parse("N", "", "", " ", "").unwrap_err();
        assert_eq!(fields(&errors), ["start", "end", "time_zone"]);
        assert!(
            errors
                .iter()
                .all(|e| e.message.to_string().contains("required"))
        );
    }

    #[test]
    fn calendar_orders_tampered_dates() {
        let mut draft =
            CompetitionDraft::parse("N", "", "2025-09-01", "2025-09-02", "UTC").unwrap();
        std::mem::swap(&mut draft.start, &mut draft.end);
        assert_eq!(draft.calendar().total_days(), 2);
    }
}
