//! Streaks: consecutive days with at least one activity, by the activity's
//! date (the competition's local day). The current streak is still alive
//! on a day with nothing logged yet: it counts up to yesterday until the
//! day is over.

use chrono::{Days, NaiveDate};

/// A participant's current and longest run of active days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streak {
    /// Days in a row up to today, or up to yesterday when nothing is
    /// logged today yet; 0 when neither day has an activity.
    pub current: u32,
    /// The longest run of days in a row.
    pub longest: u32,
}

/// The streak of a person active on `days` (in any order, repeats
/// allowed), as of `today`; days after today do not count.
pub fn streak(days: &[NaiveDate], today: NaiveDate) -> Streak {
    let mut days: Vec<NaiveDate> = days.iter().copied().filter(|d| *d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for day in &days {
        run = match previous {
            Some(p) if p.checked_add_days(Days::new(1)) == Some(*day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let yesterday = today.checked_sub_days(Days::new(1));
    let current = match days.last() {
        Some(last) if *last == today || Some(*last) == yesterday => run,
        _ => 0,
    };
    Streak { current, longest }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn nothing_logged_is_no_streak() {
        assert_eq!(streak(&[], d(10)), Streak::default());
    }

    #[test]
    fn the_current_streak_lives_until_a_whole_day_passes_without_an_activity() {
        let days = [d(5), d(6), d(7), d(7), d(9), d(8)];
        // Logged today (the 9th): five days in a row.
        assert_eq!(
            streak(&days, d(9)),
            Streak {
                current: 5,
                longest: 5
            }
        );
        // The 10th, nothing yet: still alive.
        assert_eq!(streak(&days, d(10)).current, 5);
        // The 11th: the 10th passed empty.
        assert_eq!(
            streak(&days, d(11)),
            Streak {
                current: 0,
                longest: 5
            }
        );
    }

    #[test]
    fn the_longest_is_kept_after_a_break_and_future_days_do_not_count() {
        let days = [d(1), d(2), d(3), d(4), d(6), d(7), d(20)];
        assert_eq!(
            streak(&days, d(7)),
            Streak {
                current: 2,
                longest: 4
            }
        );
        // Month and year boundaries are days like any other.
        let turn = [
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        ];
        assert_eq!(
            streak(&turn, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            Streak {
                current: 2,
                longest: 2
            }
        );
    }
}
