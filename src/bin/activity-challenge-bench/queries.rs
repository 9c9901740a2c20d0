//! `queries`: our queries next to the replaced bot's, on the same
//! database in the same run, with p50/p95 latencies.
//!
//! Run it on a big demo database (`demo-data --users 1000000 --activities
//! 5000000`). It logs activities to measure logging and deletes them again
//! at the end, so the data is as it was.

use std::time::{Duration, Instant};

use chrono::Utc;
use rust_decimal::Decimal;

use activity_challenge::config::Config;
use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use sea_orm::{DbErr, FromQueryResult, Statement};

use crate::legacy;
use crate::memory_kib;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Samples of each of our read queries.
    #[arg(long, default_value_t = 200)]
    samples: u64,
    /// Samples of each of the old queries (they take seconds each at a million participants).
    #[arg(long, default_value_t = 5)]
    legacy_samples: u64,
    /// Participants logging at the same time.
    #[arg(long, default_value_t = 100)]
    concurrency: u64,
    /// Activities each of them logs back to back, for throughput.
    #[arg(long, default_value_t = 10)]
    per_participant: u64,
    /// Activities a second offered by all of them together, for latency.
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    /// How long the paced logging runs, in seconds.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
}

/// How the participants log.
#[derive(Debug, Clone, Copy)]
enum Load {
    /// Each at `rate / participants` a second, on a fixed schedule.
    Paced { rate: u64, seconds: u64 },
    /// Each `per_participant` times, the next as soon as the last is confirmed.
    BackToBack { per_participant: u64 },
}

/// What a logging run measured.
struct LoadRun {
    timings: Timings,
    logged: Vec<i64>,
    wall: Duration,
    peak_rss_kib: u64,
}

impl LoadRun {
    fn throughput(&self) -> f64 {
        self.timings.0.len() as f64 / self.wall.as_secs_f64()
    }
}

/// Every participant in `ids` logs at once under `load`, through our
/// logging or (with `old`) the replaced bot's two separate writes. A paced
/// request's latency counts from when it was due, so falling behind shows.
async fn log_load(
    store: &Store,
    ids: &[i64],
    load: Load,
    old: bool,
    today: chrono::NaiveDate,
) -> anyhow::Result<LoadRun> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, &user_id) in ids.iter().enumerate() {
        let store = store.clone();
        let participants = ids.len() as u64;
        tasks.push(tokio::spawn(async move {
            let (count, period) = match load {
                Load::Paced { rate, seconds } => {
                    let each = (rate as f64 / participants as f64).max(0.001);
                    (
                        (each * seconds as f64).ceil() as u64,
                        Some(Duration::from_secs_f64(1.0 / each)),
                    )
                }
                Load::BackToBack { per_participant } => (per_participant, None),
            };
            // Spread the participants' first requests over one period.
            let offset = period.map_or(Duration::ZERO, |p| {
                p.mul_f64(n as f64 / participants as f64)
            });
            let mut timings = Vec::new();
            let mut logged = Vec::new();
            for k in 0..count {
                let due = match period {
                    Some(p) => {
                        let due = started + offset + p * k as u32;
                        tokio::time::sleep_until(due.into()).await;
                        due
                    }
                    None => Instant::now(),
                };
                let id = if old {
                    legacy::log_activity(&store, user_id, Decimal::new(563, 2), today).await?
                } else {
                    let activity = NewActivity {
                        user_id,
                        activity_type: "Running (Vigorous)".to_string(),
                        compendium_code: None,
                        met: None,
                        duration: DurationMinutes::new(30).expect("valid"),
                        points: Points::from_cents(563),
                        description: Some("benchmark".into()),
                        activity_date: today,
                        idempotency_key: Some(format!(
                            "bench-{n}-{k}-{}",
                            Utc::now().timestamp_micros()
                        )),
                        source: activity_challenge::domain::ActivitySource::Typed,
                        workout: None,
                        daily_max_points: None,
                    };
                    store.log_activity(activity).await?.activity.id
                };
                timings.push(due.elapsed());
                logged.push(id);
            }
            anyhow::Ok((timings, logged))
        }));
    }
    let mut timings = Vec::new();
    let mut logged = Vec::new();
    let mut peak_rss_kib = 0;
    for task in tasks {
        let (t, l) = task.await??;
        timings.extend(t);
        logged.extend(l);
        peak_rss_kib = peak_rss_kib.max(memory_kib("VmRSS:").unwrap_or(0));
    }
    Ok(LoadRun {
        timings: Timings(timings),
        logged,
        wall: started.elapsed(),
        peak_rss_kib,
    })
}

/// Latency percentiles of a set of timings.
struct Timings(Vec<Duration>);

impl Timings {
    fn percentile(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        let mut sorted = self.0.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index].as_secs_f64() * 1000.0
    }
}

async fn time<F, Fut, T>(n: u64, mut f: F) -> anyhow::Result<Timings>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let started = Instant::now();
        f(i).await?;
        out.push(started.elapsed());
    }
    Ok(Timings(out))
}

fn row(name: &str, ours: &Timings, old: Option<&Timings>) {
    let (o50, o95) = old.map_or((f64::NAN, f64::NAN), |t| {
        (t.percentile(0.5), t.percentile(0.95))
    });
    let speedup = if o50.is_nan() {
        String::from("—")
    } else {
        format!("{:.0}×", o50 / ours.percentile(0.5))
    };
    println!(
        "{name:<38} {:>9.2} {:>9.2}   {:>10.2} {:>10.2}   {speedup:>8}",
        ours.percentile(0.5),
        ours.percentile(0.95),
        o50,
        o95
    );
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    // Enough connections for the load, within PostgreSQL's default
    // max_connections of 100 (which other clients share).
    let mut database = config.database.clone();
    database.pool_size = database.pool_size.max(args.concurrency.min(40) as u32);
    let store = Store::connect(&database).await?;
    let participants = store.count_participants().await?;
    anyhow::ensure!(
        participants >= args.concurrency,
        "the database has {participants} participants; fill it first, e.g. `activity-challenge demo-data --users 1000000 --activities 5000000`"
    );
    let rss_idle = memory_kib("VmRSS:");
    let ids = sample_participant_ids(&store, args.samples.max(args.concurrency)).await?;
    println!(
        "{participants} participants, {} activities, {} (pool of {}).",
        store.count_activities().await?,
        database.redacted_url(),
        database.pool_size
    );
    println!();
    println!(
        "{:<38} {:>9} {:>9}   {:>10} {:>10}   {:>8}",
        "operation (ms)", "ours p50", "ours p95", "old p50", "old p95", "p50 gain"
    );

    // Warm both paths once, so the first sample does not pay for cold caches alone.
    store.participant_summary(ids[0]).await?;
    let ours = time(args.samples, |i| {
        let store = store.clone();
        let id = ids[i as usize % ids.len()];
        async move { Ok(store.participant_summary(id).await?) }
    })
    .await?;
    let old = time(args.legacy_samples, |i| {
        let store = store.clone();
        let id = ids[i as usize % ids.len()];
        async move { Ok(legacy::personal_summary(&store, id).await?) }
    })
    .await?;
    row(
        "personal summary (ranks, neighbours)",
        &ours,
        (args.legacy_samples > 0).then_some(&old),
    );

    // The same answer both ways.
    for &id in ids.iter().take(args.legacy_samples.min(3) as usize) {
        let ours = store.participant_summary(id).await?;
        if let Some(old) = legacy::personal_summary(&store, id).await? {
            anyhow::ensure!(
                ours.global_rank == old.global_rank as u64
                    && ours.guild_rank == old.guild_rank as u64,
                "rank mismatch for participant #{id}: ours {}/{}, recount {}/{}",
                ours.global_rank,
                ours.guild_rank,
                old.global_rank,
                old.guild_rank
            );
        }
    }

    let ours = time(args.samples, |_| {
        let store = store.clone();
        async move { Ok(store.guild_standings().await?) }
    })
    .await?;
    let old = time(args.legacy_samples.max(1) * 4, |_| {
        let store = store.clone();
        async move { Ok(legacy::guild_standings(&store).await?) }
    })
    .await?;
    row("guild standings", &ours, Some(&old));

    let ours = time(args.samples, |_| {
        let store = store.clone();
        async move { Ok(store.leaderboard(10).await?) }
    })
    .await?;
    let old = time(args.legacy_samples, |_| {
        let store = store.clone();
        async move { Ok(legacy::top(&store, 10).await?) }
    })
    .await?;
    row(
        "top-10 leaderboard",
        &ours,
        (args.legacy_samples > 0).then_some(&old),
    );

    let guild = store.participant(ids[0]).await?.guild;
    if let Some(guild) = guild {
        let ours = time(args.samples, |_| {
            let store = store.clone();
            let guild = guild.clone();
            async move { Ok(store.guild_leaderboard(&guild, 10).await?) }
        })
        .await?;
        row("guild top-10 leaderboard", &ours, None);
    }

    // Logging, two ways, ours and the old two separate writes under the
    // same load. First at a steady offered rate (what a busy evening looks
    // like: `concurrency` participants, `rate` activities a second between
    // them), where latency is the time to a durable confirmation; then
    // everyone back to back with no pause, which measures throughput (and
    // there latency is mostly waiting in line, by Little's law).
    let participants_logging: Vec<i64> = ids
        .iter()
        .take(args.concurrency as usize)
        .copied()
        .collect();
    let today = Utc::now().date_naive();
    let mut logged = Vec::new();
    let mut peak_under_load = 0;
    let paced = Load::Paced {
        rate: args.rate,
        seconds: args.seconds,
    };
    let ours_paced = log_load(&store, &participants_logging, paced, false, today).await?;
    let old_paced = log_load(&store, &participants_logging, paced, true, today).await?;
    let saturated = Load::BackToBack {
        per_participant: args.per_participant,
    };
    let ours_saturated = log_load(&store, &participants_logging, saturated, false, today).await?;

    // Visible at once: the rank after the last commit equals a recount.
    let check_id = ids[0];
    let summary = store.participant_summary(check_id).await?;
    let recount = legacy::personal_summary(&store, check_id).await?;
    let exact = recount.is_some_and(|r| {
        r.global_rank as u64 == summary.global_rank && r.guild_rank as u64 == summary.guild_rank
    });
    let old_saturated = log_load(&store, &participants_logging, saturated, true, today).await?;
    for run in [&ours_paced, &old_paced, &ours_saturated, &old_saturated] {
        logged.extend(run.logged.iter().copied());
        peak_under_load = peak_under_load.max(run.peak_rss_kib);
    }
    row(
        &format!(
            "log an activity ({} people, {}/s)",
            args.concurrency, args.rate
        ),
        &ours_paced.timings,
        Some(&old_paced.timings),
    );
    row(
        &format!("log an activity ({} back to back)", args.concurrency),
        &ours_saturated.timings,
        Some(&old_saturated.timings),
    );
    println!();
    println!(
        "Logging at {}/s offered: ours kept up at {:.0}/s, the old writes at {:.0}/s.",
        args.rate,
        ours_paced.throughput(),
        old_paced.throughput()
    );
    println!(
        "Logging back to back: ours {:.0} activities/s, the old writes {:.0}/s; ranks after the last commit {} a full recount.",
        ours_saturated.throughput(),
        old_saturated.throughput(),
        if exact { "equal" } else { "DIFFER from" }
    );

    // Put the data back as it was.
    for id in logged {
        store.delete_activity(id, None).await?;
    }
    let drift = store.check_rank_counts(false).await?;
    println!(
        "Resident memory of this process: {} MiB idle, {} MiB under the logging load (peak {} MiB).",
        rss_idle.unwrap_or(0) / 1024,
        peak_under_load / 1024,
        memory_kib("VmHWM:").unwrap_or(0) / 1024
    );
    if let Some(n) = drift {
        println!(
            "Rank counts after the run: {}.",
            if n == 0 {
                "equal to a recount".to_string()
            } else {
                format!("{n} rows differ")
            }
        );
    }
    println!("The benchmark's activities were deleted again; totals are as before.");
    Ok(())
}

/// Participant ids spread evenly over the id range.
async fn sample_participant_ids(store: &Store, n: u64) -> Result<Vec<i64>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    #[derive(FromQueryResult)]
    struct Bounds {
        lo: Option<i64>,
        hi: Option<i64>,
    }
    let db = store.connection();
    let backend = store.backend();
    let bounds = Bounds::find_by_statement(Statement::from_string(
        backend,
        "SELECT MIN(id) AS lo, MAX(id) AS hi FROM users",
    ))
    .one(db)
    .await?;
    let (Some(lo), Some(hi)) = bounds.map_or((None, None), |b| (b.lo, b.hi)) else {
        return Ok(Vec::new());
    };
    let mut ids = Vec::with_capacity(n as usize);
    let mut probe = lo;
    let step = ((hi - lo) / n.max(1) as i64).max(1);
    while ids.len() < n as usize && probe <= hi {
        if let Some(row) = Id::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id FROM users WHERE id >= $1 ORDER BY id LIMIT 1",
            [probe.into()],
        ))
        .one(db)
        .await?
        {
            ids.push(row.id);
        }
        probe += step;
    }
    Ok(ids)
}
