//! Recomputing a competition's points under its current rules: every entry
//! worked out again as if it had been logged under them, in the order the
//! entries were logged, so that the daily maximum falls where it would
//! have. What changes, for whom, and how the guild standings would move.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::points::{Met, Points};
use super::ranking::{GuildScore, GuildStanding, GuildTotals, guild_standings};
use super::rules::{CompetitionRules, EntryFacts, within_daily_max};

/// One logged entry, as the recompute needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEntry {
    pub id: i64,
    pub user_id: i64,
    pub date: NaiveDate,
    /// The catalogue category of its Compendium code, when known.
    pub category: Option<String>,
    pub code: Option<String>,
    /// The MET it was logged with; `None` for an organiser's correction
    /// with points of its own, which keeps them.
    pub met: Option<Met>,
    pub minutes: u16,
    /// Its points now.
    pub points: Points,
}

/// An entry whose points change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryChange {
    pub id: i64,
    pub user_id: i64,
    pub before: Points,
    pub after: Points,
}

/// The points every entry would have under `rules`, for the entries whose
/// points differ from what they have. `entries` may come in any order; they
/// are worked through per person and day in the order they were logged
/// (by id). An entry the rules now leave out (excluded, too short) earns
/// nothing but stays, as the person logged it in good faith; one without a
/// MET keeps its points and counts toward the day's maximum.
pub fn recompute(rules: &CompetitionRules, entries: &[LoggedEntry]) -> Vec<EntryChange> {
    let mut order: Vec<&LoggedEntry> = entries.iter().collect();
    order.sort_by_key(|e| (e.user_id, e.date, e.id));
    let mut changes = Vec::new();
    let mut day: Option<(i64, NaiveDate)> = None;
    let mut already = Points::ZERO;
    for e in order {
        if day != Some((e.user_id, e.date)) {
            day = Some((e.user_id, e.date));
            already = Points::ZERO;
        }
        let after = match e.met {
            None => e.points,
            Some(met) => {
                let facts = EntryFacts {
                    category: e.category.as_deref(),
                    code: e.code.as_deref(),
                    met: Some(met),
                    plain_points: e.points,
                    minutes: e.minutes,
                    date: e.date,
                };
                match rules.score(&facts) {
                    Ok(scored) => within_daily_max(rules.daily_max_points, scored.points, already),
                    Err(_) => Points::ZERO,
                }
            }
        };
        already += after;
        if after != e.points {
            changes.push(EntryChange {
                id: e.id,
                user_id: e.user_id,
                before: e.points,
                after,
            });
        }
    }
    changes
}

/// How much each participant's total moves: participant id → change.
pub fn total_changes(changes: &[EntryChange]) -> BTreeMap<i64, Points> {
    let mut totals: BTreeMap<i64, Points> = BTreeMap::new();
    for c in changes {
        let t = totals.entry(c.user_id).or_insert(Points::ZERO);
        *t = *t + c.after - c.before;
    }
    totals.retain(|_, d| *d != Points::ZERO);
    totals
}

/// A participant whose total changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTotal {
    pub guild: Option<String>,
    pub before: Points,
    pub after: Points,
}

/// The guild standings as they would be once participants' totals move as
/// given: each guild's points follow, and so does whether a member counts
/// as active (has points). They are ranked by `rule`, the competition's.
pub fn standings_after(
    standings: &[GuildStanding],
    members: &HashMap<i64, MemberTotal>,
    rule: GuildScore,
) -> Vec<GuildStanding> {
    let totals = standings
        .iter()
        .map(|g| {
            let mut total = g.total_points;
            let mut active = g.active_members as i64;
            for m in members
                .values()
                .filter(|m| m.guild.as_deref() == Some(&g.name))
            {
                total = total + m.after - m.before;
                active += i64::from(m.after > Points::ZERO) - i64::from(m.before > Points::ZERO);
            }
            GuildTotals {
                name: g.name.clone(),
                configured_members: g.configured_members,
                registered: g.registered,
                active_members: active.max(0) as u64,
                total_points: total,
            }
        })
        .collect();
    guild_standings(totals, rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn met(v: i64) -> Option<Met> {
        Some(Met::new(Decimal::from(v)).unwrap())
    }

    fn entry(id: i64, user: i64, day: u32, minutes: u16, points: &str) -> LoggedEntry {
        LoggedEntry {
            id,
            user_id: user,
            date: NaiveDate::from_ymd_opt(2027, 3, day).unwrap(),
            category: Some("Running".into()),
            code: Some("12050".into()),
            met: met(6),
            minutes,
            points: Points::new(points.parse().unwrap()),
        }
    }

    fn p(v: &str) -> Points {
        Points::new(v.parse().unwrap())
    }

    #[test]
    fn no_rules_change_nothing_that_was_logged_without_them() {
        let entries = [entry(1, 1, 1, 60, "6.00"), entry(2, 1, 1, 90, "9.00")];
        assert!(recompute(&CompetitionRules::default(), &entries).is_empty());
    }

    #[test]
    fn the_daily_maximum_falls_on_the_entries_logged_last() {
        let rules = CompetitionRules {
            daily_max_points: Some(p("10")),
            ..Default::default()
        };
        // Logged out of order in the list; id 2 was logged before id 3.
        let entries = [
            entry(3, 1, 1, 60, "6.00"),
            entry(2, 1, 1, 60, "6.00"),
            entry(4, 1, 2, 60, "6.00"),
        ];
        let changes = recompute(&rules, &entries);
        assert_eq!(
            changes,
            [EntryChange {
                id: 3,
                user_id: 1,
                before: p("6.00"),
                after: p("4.00")
            }]
        );
        assert_eq!(total_changes(&changes)[&1], p("-2.00"));
    }

    #[test]
    fn excluded_and_short_entries_earn_nothing_and_corrections_keep_theirs() {
        let rules = CompetitionRules {
            min_minutes: Some(20),
            excluded: vec!["Walking".into()],
            ..Default::default()
        };
        let mut walk = entry(1, 1, 1, 60, "3.50");
        walk.category = Some("Walking".into());
        let short = entry(2, 1, 1, 10, "1.00");
        let mut correction = entry(3, 1, 1, 1, "5.00");
        correction.met = None;
        let changes = recompute(&rules, &[walk, short, correction]);
        let after: Vec<(i64, Points)> = changes.iter().map(|c| (c.id, c.after)).collect();
        assert_eq!(after, [(1, Points::ZERO), (2, Points::ZERO)]);
    }

    #[test]
    fn standings_follow_the_moved_totals() {
        let standing = |name: &str, total: &str, active: u64| GuildStanding {
            rank: 1,
            name: name.into(),
            configured_members: 2,
            registered: 2,
            active_members: active,
            total_points: p(total),
            average: Decimal::ZERO,
            participation: Decimal::ZERO,
            score: Decimal::ZERO,
        };
        let before = [standing("A", "10.00", 1), standing("B", "8.00", 2)];
        let members = HashMap::from([(
            7,
            MemberTotal {
                guild: Some("A".into()),
                before: p("10.00"),
                after: Points::ZERO,
            },
        )]);
        let after = standings_after(&before, &members, GuildScore::Average);
        assert_eq!(after[0].name, "B");
        let a = after.iter().find(|g| g.name == "A").unwrap();
        assert_eq!(
            (a.total_points, a.active_members, a.rank),
            (Points::ZERO, 0, 2)
        );
    }
}
