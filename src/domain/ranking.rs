//! Guild standings and SQL-style ranking.

use std::ops::Deref;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::points::Points;

/// SQL `RANK()` over a slice already sorted best first: equal keys share a
/// rank and the following rank skips (10, 8, 8, 5 → 1, 2, 2, 4).
pub fn rank_positions<T, K: PartialEq>(sorted_desc: &[T], key: impl Fn(&T) -> K) -> Vec<u64> {
    let mut ranks: Vec<u64> = Vec::with_capacity(sorted_desc.len());
    let mut previous: Option<K> = None;
    for (index, item) in sorted_desc.iter().enumerate() {
        let k = key(item);
        let position = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        let rank = match (&previous, ranks.last()) {
            (Some(p), Some(&last)) if *p == k => last,
            _ => position,
        };
        ranks.push(rank);
        previous = Some(k);
    }
    ranks
}

/// The raw figures for one guild, as aggregated from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildTotals {
    /// The guild's name.
    pub name: String,
    /// The member count the admin configured (the guild's real size).
    pub configured_members: u32,
    /// How many participants have registered for the guild.
    pub registered: u64,
    /// How many registered participants have logged at least one activity.
    pub active_members: u64,
    /// All points logged by the guild's participants.
    pub total_points: Points,
}

/// What ranks the guilds: a competition's rule.
///
/// - `Average` (the default): points per configured member.
/// - `Composite`: a score of 0–100 that also weighs participation:
///   `points` × (the guild's average ÷ the best guild's average) +
///   `participation` × (members with points ÷ configured members, at most
///   1), the weights in percent adding up to 100. The best guild's average
///   earns the whole points share, a guild where every configured member
///   has points the whole participation share; both parts are taken as
///   shown (average one decimal, participation one decimal of a percent)
///   and the score is rounded half up to one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GuildScore {
    #[default]
    Average,
    Composite {
        /// The weight of points per member, in percent.
        points: u8,
        /// The weight of participation, in percent.
        participation: u8,
    },
}

impl GuildScore {
    /// Whether guilds are ranked by their average (the default).
    pub fn is_average(&self) -> bool {
        *self == GuildScore::Average
    }

    /// The weights of points per member and of participation, in percent
    /// (100 and 0 for the average).
    pub fn weights(&self) -> (u8, u8) {
        match *self {
            GuildScore::Average => (100, 0),
            GuildScore::Composite {
                points,
                participation,
            } => (points, participation),
        }
    }

    /// `average` or `composite`, as the forms, the command line and the
    /// API name it.
    pub fn kind(&self) -> &'static str {
        match self {
            GuildScore::Average => "average",
            GuildScore::Composite { .. } => "composite",
        }
    }
}

/// The guild standings together with the rule that ranked them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GuildTable {
    /// The rule the standings are ranked by.
    pub score: GuildScore,
    /// Best first.
    pub guilds: Vec<GuildStanding>,
}

impl Deref for GuildTable {
    type Target = [GuildStanding];

    fn deref(&self) -> &[GuildStanding] {
        &self.guilds
    }
}

impl IntoIterator for GuildTable {
    type Item = GuildStanding;
    type IntoIter = std::vec::IntoIter<GuildStanding>;

    fn into_iter(self) -> Self::IntoIter {
        self.guilds.into_iter()
    }
}

impl<'a> IntoIterator for &'a GuildTable {
    type Item = &'a GuildStanding;
    type IntoIter = std::slice::Iter<'a, GuildStanding>;

    fn into_iter(self) -> Self::IntoIter {
        self.guilds.iter()
    }
}

/// One row of the guild leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildStanding {
    /// `RANK()` on the displayed score.
    pub rank: u64,
    /// The guild's name.
    pub name: String,
    /// The member count the admin configured.
    pub configured_members: u32,
    /// How many participants have registered.
    pub registered: u64,
    /// How many have logged at least one activity.
    pub active_members: u64,
    /// All points logged by the guild.
    pub total_points: Points,
    /// Total ÷ configured members, one decimal, half up. Dividing by the
    /// configured size rather than by registrations keeps a small keen
    /// subset of a big guild from outranking a fully engaged small guild.
    pub average: Decimal,
    /// Active ÷ configured members as a fraction with four decimals (may
    /// exceed 1 if more people joined than were configured).
    pub participation: Decimal,
    /// What the guilds are ranked by, one decimal: the average itself, or
    /// the composite score of 0–100 (see [`GuildScore`]).
    pub score: Decimal,
}

impl GuildStanding {
    /// Participation as a percentage with one decimal, e.g. 62.5.
    pub fn participation_percent(&self) -> Decimal {
        (self.participation * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
    }

    /// Whether more members have points than the guild's configured size
    /// (organisers set the size below the real number).
    pub fn more_active_than_configured(&self) -> bool {
        self.active_members > u64::from(self.configured_members)
    }

    /// Participation as people read it: at most 100 %, since a guild
    /// cannot take part more than fully. Where more members are active
    /// than configured ([`more_active_than_configured`](Self::more_active_than_configured)),
    /// say so beside it.
    pub fn participation_capped_percent(&self) -> Decimal {
        let mut percent = self.participation_percent().min(Decimal::ONE_HUNDRED);
        percent.rescale(1);
        percent
    }
}

/// Builds the leaderboard: computes averages, participation and the score
/// by `rule`, sorts by score (desc), average (desc), total (desc), name
/// (asc), and ranks by the score as displayed, so guilds showing the same
/// score share a rank. With the average rule the score is the average.
///
/// A guild configured with 0 members gets an average and participation of
/// 0 rather than a division error.
pub fn guild_standings(totals: Vec<GuildTotals>, rule: GuildScore) -> Vec<GuildStanding> {
    let mut standings: Vec<GuildStanding> = totals
        .into_iter()
        .map(|t| {
            let members = Decimal::from(t.configured_members);
            let average = ratio(t.total_points.value(), members, 1);
            GuildStanding {
                rank: 0,
                score: average,
                average,
                participation: ratio(Decimal::from(t.active_members), members, 4),
                name: t.name,
                configured_members: t.configured_members,
                registered: t.registered,
                active_members: t.active_members,
                total_points: t.total_points,
            }
        })
        .collect();
    if let GuildScore::Composite {
        points,
        participation,
    } = rule
    {
        let best = standings
            .iter()
            .map(|s| s.average)
            .max()
            .unwrap_or(Decimal::ZERO);
        for s in &mut standings {
            let relative = s.average.checked_div(best).unwrap_or(Decimal::ZERO);
            let taking_part = s.participation_capped_percent() / Decimal::ONE_HUNDRED;
            let mut score = (Decimal::from(points) * relative
                + Decimal::from(participation) * taking_part)
                .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
            score.rescale(1);
            s.score = score;
        }
    }
    standings.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.average.cmp(&a.average))
            .then_with(|| b.total_points.cmp(&a.total_points))
            .then_with(|| a.name.cmp(&b.name))
    });
    let ranks = rank_positions(&standings, |s| s.score);
    for (standing, rank) in standings.iter_mut().zip(ranks) {
        standing.rank = rank;
    }
    standings
}

/// Points per configured member, one decimal rounded half up, as guild
/// averages are shown (0 for a guild configured with no members).
pub fn average_per_member(total: Points, configured_members: u32) -> Decimal {
    ratio(total.value(), Decimal::from(configured_members), 1)
}

/// `numerator ÷ denominator` rounded half up to `dp` decimals, 0 when the
/// denominator is 0.
fn ratio(numerator: Decimal, denominator: Decimal, dp: u32) -> Decimal {
    let mut value = numerator
        .checked_div(denominator)
        .unwrap_or(Decimal::ZERO)
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    value.rescale(dp);
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ranked(totals: Vec<GuildTotals>) -> Vec<GuildStanding> {
        guild_standings(totals, GuildScore::Average)
    }

    fn totals(name: &str, members: u32, active: u64, cents: i64) -> GuildTotals {
        GuildTotals {
            name: name.to_owned(),
            configured_members: members,
            registered: active,
            active_members: active,
            total_points: Points::from_cents(cents),
        }
    }

    #[test]
    fn rank_positions_match_sql_rank() {
        assert_eq!(rank_positions(&[10, 8, 8, 5], |v| *v), [1, 2, 2, 4]);
        assert_eq!(rank_positions(&[7, 7, 7], |v| *v), [1, 1, 1]);
        assert_eq!(rank_positions(&[3, 2, 1], |v| *v), [1, 2, 3]);
        assert!(rank_positions(&[] as &[i32], |v| *v).is_empty());
    }

    #[test]
    fn computes_average_and_participation() {
        let standings = ranked(vec![totals("A", 8, 5, 10_025)]);
        let a = &standings[0];
        // 100.25 / 8 = 12.53125 → 12.5; 5 / 8 = 0.625.
        assert_eq!(a.average, dec("12.5"));
        assert_eq!(a.participation, dec("0.6250"));
        assert_eq!(a.participation.to_string(), "0.6250");
        assert_eq!(a.participation_percent(), dec("62.5"));
        assert_eq!(a.rank, 1);
    }

    #[test]
    fn average_per_member_rounds_half_up_to_one_decimal() {
        assert_eq!(
            average_per_member(Points::from_cents(2_500), 100).to_string(),
            "0.3"
        );
        assert_eq!(
            average_per_member(Points::from_cents(1_000), 4).to_string(),
            "2.5"
        );
        assert_eq!(
            average_per_member(Points::from_cents(1_000), 0).to_string(),
            "0.0"
        );
    }

    #[test]
    fn rounds_half_up() {
        // 0.25 / 1 → 0.3; 2 / 3 → 0.6667 → 66.7 %.
        let s = ranked(vec![totals("A", 1, 1, 25), totals("B", 3, 2, 0)]);
        assert_eq!(s[0].average, dec("0.3"));
        assert_eq!(s[1].participation, dec("0.6667"));
        assert_eq!(s[1].participation_percent(), dec("66.7"));
    }

    #[test]
    fn sorts_and_ranks_by_displayed_average() {
        let standings = ranked(vec![
            totals("Zeta", 10, 10, 10_000),  // 10.0, total 100
            totals("Alpha", 20, 10, 20_000), // 10.0, total 200
            totals("Beta", 10, 10, 10_000),  // 10.0, total 100
            totals("Top", 1, 1, 1_500),      // 15.0
            totals("Near", 100, 1, 100_400), // 10.04 → 10.0 as displayed
            totals("Low", 10, 0, 500),       // 0.5
        ]);
        let order: Vec<(&str, u64)> = standings
            .iter()
            .map(|s| (s.name.as_str(), s.rank))
            .collect();
        assert_eq!(
            order,
            [
                ("Top", 1),
                ("Near", 2),
                ("Alpha", 2),
                ("Beta", 2),
                ("Zeta", 2),
                ("Low", 6)
            ]
        );
    }

    #[test]
    fn participation_is_capped_at_100_percent_and_flagged() {
        let s = ranked(vec![totals("Over", 9, 16, 100), totals("Full", 4, 4, 100)]);
        let over = s.iter().find(|g| g.name == "Over").unwrap();
        assert_eq!(over.participation_percent(), dec("177.8"));
        assert_eq!(over.participation_capped_percent().to_string(), "100.0");
        assert!(over.more_active_than_configured());
        let full = s.iter().find(|g| g.name == "Full").unwrap();
        assert_eq!(full.participation_capped_percent().to_string(), "100.0");
        assert!(!full.more_active_than_configured());
    }

    #[test]
    fn zero_members_do_not_divide_by_zero() {
        let s = ranked(vec![totals("Empty", 0, 0, 500)]);
        assert_eq!(s[0].average, Decimal::ZERO);
        assert_eq!(s[0].participation_percent(), Decimal::ZERO);
    }

    #[test]
    fn the_average_is_the_score_by_default() {
        let s = ranked(vec![totals("A", 8, 5, 10_025), totals("B", 2, 2, 500)]);
        assert!(s.iter().all(|g| g.score == g.average));
        assert_eq!(GuildScore::default(), GuildScore::Average);
        assert_eq!(GuildScore::Average.weights(), (100, 0));
    }

    #[test]
    fn a_composite_score_weighs_participation() {
        // Few keen members: average 20.0, 2 of 10 active (20 %).
        // Everyone a little: average 12.0, 10 of 10 active (100 %).
        let guilds = || {
            vec![
                totals("Keen", 10, 2, 20_000),
                totals("Everyone", 10, 10, 12_000),
            ]
        };
        let by_average = ranked(guilds());
        assert_eq!(by_average[0].name, "Keen");
        let rule = GuildScore::Composite {
            points: 70,
            participation: 30,
        };
        let s = guild_standings(guilds(), rule);
        // Keen: 70 × 20/20 + 30 × 0.2 = 76.0.
        // Everyone: 70 × 12/20 + 30 × 1 = 42 + 30 = 72.0.
        assert_eq!(
            (s[0].name.as_str(), s[0].score.to_string(), s[0].rank),
            ("Keen", "76.0".into(), 1)
        );
        assert_eq!(s[1].score.to_string(), "72.0");
        // Participation weighing more turns the order around:
        // Keen 50 + 50 × 0.2 = 60.0, Everyone 30 + 50 = 80.0.
        let s = guild_standings(
            guilds(),
            GuildScore::Composite {
                points: 50,
                participation: 50,
            },
        );
        let order: Vec<_> = s
            .iter()
            .map(|g| (g.name.as_str(), g.score.to_string(), g.rank))
            .collect();
        assert_eq!(
            order,
            [("Everyone", "80.0".into(), 1), ("Keen", "60.0".into(), 2)]
        );
    }

    #[test]
    fn composite_scores_cap_participation_tie_and_survive_no_points() {
        let rule = GuildScore::Composite {
            points: 60,
            participation: 40,
        };
        // Over: 16 active of 10 configured counts as 100 %, like Full.
        let s = guild_standings(
            vec![
                totals("Over", 10, 16, 1_000),
                totals("Full", 10, 10, 1_000),
                totals("Idle", 10, 0, 0),
            ],
            rule,
        );
        let order: Vec<_> = s
            .iter()
            .map(|g| (g.name.as_str(), g.score.to_string(), g.rank))
            .collect();
        assert_eq!(
            order,
            [
                ("Full", "100.0".into(), 1),
                ("Over", "100.0".into(), 1),
                ("Idle", "0.0".into(), 3)
            ]
        );
        // No points anywhere: the points share is 0 for everyone.
        let s = guild_standings(vec![totals("A", 4, 0, 0), totals("B", 0, 0, 0)], rule);
        assert!(s.iter().all(|g| g.score == Decimal::ZERO && g.rank == 1));
        // Scores round half up to one decimal: 60 × 1/3 = 20.0, 40 × 1/3 → 33.3 % → 13.32.
        let s = guild_standings(
            vec![totals("Top", 1, 1, 300), totals("Third", 3, 1, 300)],
            rule,
        );
        assert_eq!(s[1].average.to_string(), "1.0");
        assert_eq!(s[1].score.to_string(), "33.3");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn ranks_are_sql_rank(mut values in proptest::collection::vec(0u8..5, 0..30)) {
                values.sort_by(|a, b| b.cmp(a));
                let ranks = rank_positions(&values, |v| *v);
                for (i, v) in values.iter().enumerate() {
                    let better = values.iter().filter(|w| *w > v).count() as u64;
                    prop_assert_eq!(ranks[i], better + 1);
                }
            }
        }
    }
}
