//! A participant's day-by-day progress: points logged each day, the running
//! total and the global rank at the end of each day.
//!
//! Activities count on their activity date (the day they were done, not the
//! day they were logged), so the rank of a past day is the rank as the data
//! stands now: an activity logged late for Monday moves Monday's ranks too.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Points;

/// One day of a participant's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayProgress {
    /// The day.
    pub date: NaiveDate,
    /// Points from activities done that day.
    pub points: Points,
    /// Points from every activity done up to and including that day.
    pub total: Points,
    /// Global rank at the end of the day (`RANK()`: 1 + those with more).
    pub rank: u64,
}

/// Builds the progress of `me` over `days` (ascending).
///
/// `before` holds every participant's points from activities done before
/// the first day, in cents; `daily` every participant's points per day
/// inside the window, as `(user, day, cents)`.
pub fn daily_progress(
    me: i64,
    days: &[NaiveDate],
    before: &HashMap<i64, i64>,
    daily: &[(i64, NaiveDate, i64)],
) -> Vec<DayProgress> {
    let mut totals = before.clone();
    let mut by_day: HashMap<NaiveDate, Vec<(i64, i64)>> = HashMap::new();
    for &(user, day, cents) in daily {
        by_day.entry(day).or_default().push((user, cents));
    }
    days.iter()
        .map(|day| {
            let mut mine_today = 0;
            for &(user, cents) in by_day.get(day).map(Vec::as_slice).unwrap_or_default() {
                *totals.entry(user).or_default() += cents;
                if user == me {
                    mine_today += cents;
                }
            }
            let mine = totals.get(&me).copied().unwrap_or_default();
            let above = totals.values().filter(|&&t| t > mine).count() as u64;
            DayProgress {
                date: *day,
                points: Points::from_cents(mine_today),
                total: Points::from_cents(mine),
                rank: above + 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn ranks_follow_running_totals_with_shared_ranks_for_ties() {
        let before = HashMap::from([(1, 500), (2, 1000)]);
        let daily = vec![
            (1, d(2), 600),
            (3, d(2), 1100),
            (2, d(3), 100),
            (1, d(3), 0),
        ];
        let got = daily_progress(1, &[d(1), d(2), d(3)], &before, &daily);
        let got: Vec<_> = got
            .iter()
            .map(|p| (p.date, p.points.cents(), p.total.cents(), p.rank))
            .collect();
        assert_eq!(
            got,
            vec![
                // Day 1: me 5.00, user 2 has 10.00.
                (d(1), 0, 500, 2),
                // Day 2: me 11.00, user 3 11.00 (tie), user 2 10.00.
                (d(2), 600, 1100, 1),
                // Day 3: user 2 reaches 11.00 too: a three-way tie.
                (d(3), 0, 1100, 1),
            ]
        );
    }

    #[test]
    fn a_newcomer_without_points_ranks_below_everyone_with_points() {
        let before = HashMap::from([(2, 100), (3, 200)]);
        let got = daily_progress(9, &[d(5)], &before, &[]);
        assert_eq!(got[0].rank, 3);
        assert_eq!(got[0].total, Points::ZERO);
    }
}
