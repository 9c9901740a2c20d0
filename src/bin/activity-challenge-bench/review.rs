//! `review`: how often the review queue's flags fire on a realistic honest
//! population (the demo data) and how often they catch generated cheating.
//!
//! Demo data goes into a scratch database; every entry is then checked in
//! the order logged, as the server checks each one as it is written (the
//! person's day and history so far, the competition's latest 2,000
//! entries), with the default thresholds. Then generated cheaters log on
//! top: each pattern many times, counted as caught when its own reason
//! fires on one of its entries.

use std::collections::{HashMap, VecDeque};

use activity_challenge::actions::{self, Actor};
use activity_challenge::app::App;
use activity_challenge::config::{Config, DatabaseConfig};
use activity_challenge::domain::Points;
use activity_challenge::domain::review::{self, FlagContext, FlagEntry, FlagReason, ReviewRules};
use activity_challenge::ops::demo::DemoOptions;
use activity_challenge::ops::progress::Progress;
use anyhow::ensure;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::bot::{drop_scratch, scratch_database};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Demo participants.
    #[arg(long, default_value_t = 10_000)]
    users: u64,
    /// Demo activities (default: five per participant, as `demo-data`'s
    /// defaults).
    #[arg(long)]
    activities: Option<u64>,
    /// Generated cheaters per pattern.
    #[arg(long, default_value_t = 100)]
    cheaters: u32,
    /// Seed of the demo data.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    ensure!(args.users >= 1, "--users must be at least 1");
    let scratch = scratch_database(config).await?;
    let result = bench(config, &args, &scratch.url).await;
    drop_scratch(scratch).await;
    result
}

/// The review checks over a stream of entries, as the server keeps them.
struct Checker {
    rules: ReviewRules,
    closes_at: Option<DateTime<Utc>>,
    day: HashMap<(i64, NaiveDate), u32>,
    same: HashMap<(i64, NaiveDate, String, u16), u32>,
    history: HashMap<i64, VecDeque<Points>>,
    recent: VecDeque<Points>,
    p99: Option<Points>,
    seen: u64,
    /// Whether entries join the competition's distribution (the generated
    /// cheaters are checked one at a time against the honest population,
    /// not against each other).
    feeds_distribution: bool,
}

struct Entry<'a> {
    user: i64,
    kind: &'a str,
    minutes: u16,
    points: Points,
    date: NaiveDate,
    logged_at: DateTime<Utc>,
}

impl Checker {
    fn new(closes_at: Option<DateTime<Utc>>) -> Self {
        Checker {
            rules: ReviewRules::default(),
            closes_at,
            day: HashMap::new(),
            same: HashMap::new(),
            history: HashMap::new(),
            recent: VecDeque::new(),
            p99: None,
            seen: 0,
            feeds_distribution: true,
        }
    }

    fn check(&mut self, e: &Entry<'_>) -> Vec<FlagReason> {
        let day = self.day.entry((e.user, e.date)).or_default();
        *day += u32::from(e.minutes);
        let day_minutes = *day;
        let same = self
            .same
            .entry((e.user, e.date, e.kind.to_owned(), e.minutes))
            .or_default();
        *same += 1;
        let same_on_day = *same;
        let history = self.history.entry(e.user).or_default();
        let mut earlier: Vec<Points> = history.iter().copied().collect();
        // The competition's latest entries, this one included (as the
        // server's query reads them after the insert); refreshed every 50.
        if self.feeds_distribution {
            self.recent.push_back(e.points);
            if self.recent.len() > 2000 {
                self.recent.pop_front();
            }
        }
        if self.feeds_distribution && self.seen.is_multiple_of(50) {
            let mut sorted: Vec<Points> = self.recent.iter().copied().collect();
            sorted.sort();
            self.p99 = review::p99(&sorted);
        }
        self.seen += 1;
        let ctx = FlagContext {
            day_minutes,
            same_on_day,
            usual_points: review::usual_points(&mut earlier),
            p99_points: self.p99,
            closes_at: self.closes_at,
        };
        let entry = FlagEntry {
            kind: e.kind,
            minutes: e.minutes,
            points: e.points,
            date: e.date,
            logged_at: e.logged_at,
        };
        history.push_front(e.points);
        history.truncate(100);
        review::flags(&self.rules, &entry, &ctx)
            .into_iter()
            .map(|f| f.reason)
            .collect()
    }
}

fn points(met: &str, minutes: u16) -> Points {
    let met: Decimal = met.parse().expect("a MET value");
    Points::new(met * Decimal::from(minutes) / Decimal::from(60))
}

async fn bench(config: &Config, args: &Args, url: &str) -> anyhow::Result<()> {
    let mut config = config.clone();
    config.database = DatabaseConfig::from_url(url)?;
    config.bot_token = None;
    let app = App::build(config).await?;
    let activities = args.activities.unwrap_or(args.users * 5);
    eprintln!(
        "Generating {} participants and {activities} activities...",
        args.users
    );
    actions::database::demo_data(
        &app,
        &Actor::cli(),
        &DemoOptions {
            users: args.users,
            activities,
            seed: args.seed,
        },
        &Progress::hidden(args.users + activities),
    )
    .await?;
    let competition = app
        .store
        .active_competition()
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo data made no competition"))?;
    let closes_at = competition.calendar().end_instant();
    let entries = app.store.entries_in_logging_order().await?;
    let mut checker = Checker::new(Some(closes_at));
    let mut by_reason: HashMap<FlagReason, u64> = HashMap::new();
    let mut flagged = 0u64;
    let mut people = std::collections::HashSet::new();
    let mut flagged_people = std::collections::HashSet::new();
    for row in &entries {
        people.insert(row.user_id);
        let reasons = checker.check(&Entry {
            user: row.user_id,
            kind: &row.activity_type,
            minutes: u16::try_from(row.duration).unwrap_or(u16::MAX),
            points: Points::new(row.points),
            date: row.activity_date,
            logged_at: row.created_at,
        });
        if !reasons.is_empty() {
            flagged += 1;
            flagged_people.insert(row.user_id);
        }
        for r in reasons {
            *by_reason.entry(r).or_default() += 1;
        }
    }
    let total = entries.len() as u64;
    println!(
        "Honest demo data ({} participants, {total} entries, {} logging):",
        args.users,
        people.len()
    );
    println!(
        "  flagged entries: {flagged} / {total} = {:.3}% false positives",
        100.0 * flagged as f64 / total.max(1) as f64
    );
    println!(
        "  flagged people:  {} / {} = {:.3}%",
        flagged_people.len(),
        people.len(),
        100.0 * flagged_people.len() as f64 / people.len().max(1) as f64
    );
    for r in FlagReason::ALL {
        println!(
            "    {:<15} {}",
            r.code(),
            by_reason.get(&r).copied().unwrap_or(0)
        );
    }

    // Cheaters, each with an ordinary history first (a 30-minute walk on
    // ten earlier days), then their pattern on the last day before the
    // close, each measured against the honest population alone.
    let last_day = (closes_at - Duration::hours(1)).date_naive();
    let late = closes_at - Duration::hours(10);
    let mut caught: HashMap<FlagReason, u32> = HashMap::new();
    let mut next_user = -1i64;
    checker.feeds_distribution = false;
    for pattern in FlagReason::ALL {
        for _ in 0..args.cheaters {
            let user = next_user;
            next_user -= 1;
            for d in 1..=10u64 {
                let date = last_day - Days::new(10 + d);
                checker.check(&Entry {
                    user,
                    kind: "Walking",
                    minutes: 30,
                    points: points("3.5", 30),
                    date,
                    logged_at: date.and_hms_opt(18, 0, 0).expect("valid").and_utc(),
                });
            }
            let evening = last_day.and_hms_opt(18, 0, 0).expect("valid").and_utc();
            let cheat: Vec<Entry<'_>> = match pattern {
                // Sixteen hours of running on one day.
                FlagReason::LongDay => (0..4)
                    .map(|i| Entry {
                        user,
                        kind: if i % 2 == 0 { "Running" } else { "Cycling" },
                        minutes: 240,
                        points: points("8", 240),
                        date: last_day,
                        logged_at: evening,
                    })
                    .collect(),
                // Ten hours of vigorous running in one entry.
                FlagReason::OutlierPoints => vec![Entry {
                    user,
                    kind: "Running",
                    minutes: 600,
                    points: points("11", 600),
                    date: last_day,
                    logged_at: evening,
                }],
                // The same walk six times.
                FlagReason::Repeated => (0..6)
                    .map(|_| Entry {
                        user,
                        kind: "Walking",
                        minutes: 30,
                        points: points("3.5", 30),
                        date: last_day,
                        logged_at: evening,
                    })
                    .collect(),
                // A week of forgotten days, logged ten hours before the close.
                FlagReason::LateBackdated => (4..9u64)
                    .map(|d| Entry {
                        user,
                        kind: "Cycling",
                        minutes: 45,
                        points: points("6.8", 45),
                        date: last_day - Days::new(d),
                        logged_at: late,
                    })
                    .collect(),
            };
            let mut hit = false;
            for e in &cheat {
                hit |= checker.check(e).contains(&pattern);
            }
            if hit {
                *caught.entry(pattern).or_default() += 1;
            }
        }
    }
    println!("Generated cheating ({} per pattern):", args.cheaters);
    let mut all = 0;
    for r in FlagReason::ALL {
        let n = caught.get(&r).copied().unwrap_or(0);
        all += n;
        println!(
            "    {:<15} caught {n} / {} = {:.1}%",
            r.code(),
            args.cheaters,
            100.0 * f64::from(n) / f64::from(args.cheaters.max(1))
        );
    }
    let episodes = args.cheaters * FlagReason::ALL.len() as u32;
    println!(
        "  detection rate: {all} / {episodes} = {:.1}%",
        100.0 * f64::from(all) / f64::from(episodes.max(1))
    );
    Ok(())
}
