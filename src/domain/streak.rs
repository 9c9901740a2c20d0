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

/// One place in the streak leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreakPlace {
    /// `RANK()`-style: equal streaks share a rank.
    pub rank: u64,
    pub user_id: i64,
    /// The current streak, in days.
    pub days: u32,
}

/// The longest current streaks as of `today` of the people active on the
/// given days: those within the first `ranks` ranks (everyone tied at the
/// cut is in), longest first, ties by id. Nobody without a current streak.
pub fn streak_leaders(
    people: &[(i64, Vec<NaiveDate>)],
    today: NaiveDate,
    ranks: u64,
) -> Vec<StreakPlace> {
    let mut all: Vec<(i64, u32)> = people
        .iter()
        .map(|(user, days)| (*user, streak(days, today).current))
        .filter(|(_, days)| *days > 0)
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut places = Vec::new();
    for (i, (user_id, days)) in all.into_iter().enumerate() {
        let rank = match places.last() {
            Some(StreakPlace { rank, days: d, .. }) if *d == days => *rank,
            _ => i as u64 + 1,
        };
        if rank > ranks {
            break;
        }
        places.push(StreakPlace {
            rank,
            user_id,
            days,
        });
    }
    places
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_streak_leaderboard_ranks_current_streaks_with_ties() {
        let people = vec![
            (1, vec![d(8), d(9), d(10)]),
            (2, vec![d(9)]),
            (3, vec![d(1), d(2), d(3), d(4)]),
            (4, vec![d(9), d(10)]),
            (5, vec![d(8), d(9)]),
        ];
        let board = streak_leaders(&people, d(10), 2);
        let got: Vec<(u64, i64, u32)> = board.iter().map(|p| (p.rank, p.user_id, p.days)).collect();
        assert_eq!(
            got,
            vec![(1, 1, 3), (2, 4, 2), (2, 5, 2)],
            "a broken streak is not in"
        );
    }
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
