//! `bot --participants N`: N simulated participants register and log
//! activities through the real bot, which talks to a built-in fake Bot API
//! on loopback, on a scratch database (created beside the configured
//! PostgreSQL database and dropped afterwards, or a temporary SQLite file).
//! Everyone registers first; then everyone logs at once, and that logging
//! phase is measured on its own as well as the whole run. Prints updates
//! and activities per second and update-handling latency.

// The integration tests' fake, the one copy of it.
#[path = "../../../tests/support/fake_telegram.rs"]
pub(super) mod fake_telegram;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use clap::Args as ClapArgs;
use sea_orm::Database;
use teloxide::types::Update;
use tokio::sync::{Barrier, oneshot};

use activity_challenge::app::App;
use activity_challenge::bot::flood::FloodLimits;
use activity_challenge::bot::{BotOptions, BotService, Outcome, UpdateObserver};
use activity_challenge::config::{Config, DatabaseConfig, DatabaseKind, Secret};
use activity_challenge::domain::{CompetitionDraft, GuildDraft};
use activity_challenge::store::Store;
use fake_telegram::{FakeTelegram, Person, TOKEN};

use crate::memory_kib;

#[derive(Debug, ClapArgs)]
pub(super) struct Args {
    /// Simulated participants, all active at once.
    #[arg(long, default_value_t = 100)]
    participants: u32,
    /// Activities each participant logs after registering.
    #[arg(long, default_value_t = 10)]
    activities: u32,
    /// Pace messages as Telegram requires (one a second per chat) instead of
    /// measuring the server alone.
    #[arg(long)]
    telegram_pacing: bool,
    /// Database connections the bot may hold (default: DATABASE_POOL_SIZE).
    /// On a small machine a few connections handle more updates than many.
    #[arg(long)]
    pool_size: Option<u32>,
}

/// Where each update's handling is waited for.
#[derive(Default)]
pub(super) struct Waiters {
    slots: Mutex<HashMap<i64, Slot>>,
}

enum Slot {
    Waiting(oneshot::Sender<(Outcome, Duration)>),
    Done(Outcome, Duration),
}

impl UpdateObserver for Waiters {
    fn handled(&self, update: &Update, outcome: Outcome, took: Duration) {
        let id = i64::from(update.id.0);
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        match slots.remove(&id) {
            Some(Slot::Waiting(tx)) => {
                let _ = tx.send((outcome, took));
            }
            _ => {
                slots.insert(id, Slot::Done(outcome, took));
            }
        }
    }
}

impl Waiters {
    pub(super) async fn wait(&self, id: i64) -> anyhow::Result<(Outcome, Duration)> {
        let rx = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(Slot::Done(o, d)) = slots.remove(&id) {
                return Ok((o, d));
            }
            let (tx, rx) = oneshot::channel();
            slots.insert(id, Slot::Waiting(tx));
            rx
        };
        tokio::time::timeout(Duration::from_secs(120), rx)
            .await
            .context("an update was not handled within two minutes")?
            .context("the bot stopped")
    }
}

/// Latencies of one kind of step.
#[derive(Default)]
struct Timings {
    /// From queueing the update to the bot having handled it.
    round_trip: Vec<Duration>,
    /// The handler alone.
    handling: Vec<Duration>,
}

struct Participant {
    person: Person,
    fake: Arc<FakeTelegram>,
    waiters: Arc<Waiters>,
    timings: Timings,
}

impl Participant {
    async fn step(&mut self, id: i64) -> anyhow::Result<()> {
        let queued = Instant::now();
        let (outcome, took) = self.waiters.wait(id).await?;
        ensure!(
            outcome == Outcome::Handled,
            "participant {}: an update ended as {outcome:?}",
            self.person.id
        );
        self.timings.round_trip.push(queued.elapsed());
        self.timings.handling.push(took);
        Ok(())
    }

    async fn say(&mut self, text: &str) -> anyhow::Result<()> {
        let id = self.fake.send_text(&self.person, text);
        self.step(id).await
    }

    async fn tap(&mut self, label: &str) -> anyhow::Result<()> {
        let Some((message, data)) = self.fake.find_button(self.person.id, label) else {
            bail!(
                "participant {}: no button {label:?}; the chat shows {:?}",
                self.person.id,
                self.fake.last_shown(self.person.id).map(|m| m.text)
            );
        };
        let id = self
            .fake
            .tap_data(&self.person, self.person.id, message, &data);
        self.step(id).await
    }

    async fn register(&mut self, guild: &str) -> anyhow::Result<()> {
        self.say("/start").await?;
        self.tap("✅ Accept").await?;
        self.tap(guild).await?;
        self.tap("✅ Join").await
    }

    async fn log(&mut self) -> anyhow::Result<()> {
        // The whole wizard (five updates), so that figures stay comparable
        // with earlier runs: a part of a name offers the matches.
        self.say("runn 30").await?;
        self.tap("Running (Running)").await?;
        self.tap("Vigorous · 11.5 MET").await?;
        self.tap("Today").await?;
        self.tap("✅ Confirm").await
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A scratch database: its URL and how to drop it afterwards.
pub(super) struct Scratch {
    pub(super) url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<std::path::PathBuf>,
}

pub(super) async fn scratch_database(config: &Config) -> anyhow::Result<Scratch> {
    let name = format!("ac_bench_bot_{}", std::process::id());
    match config.database.kind {
        DatabaseKind::Postgres => {
            let admin = Store::from_connection(
                Database::connect(config.database.url())
                    .await
                    .context("connecting to PostgreSQL to create the scratch database")?,
            );
            admin
                .create_database(&name)
                .await
                .context("creating the scratch database (the role needs CREATEDB)")?;
            admin.close().await;
            let mut url = url::Url::parse(config.database.url())?;
            url.set_path(&name);
            // TLS to a database on this machine only adds cost to every query.
            let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            if loopback && !url.query_pairs().any(|(k, _)| k == "sslmode") {
                url.query_pairs_mut().append_pair("sslmode", "disable");
            }
            Ok(Scratch {
                url: url.to_string(),
                admin_url: Some(config.database.url().to_string()),
                name,
                _dir: None,
            })
        }
        DatabaseKind::Sqlite => {
            let dir = std::env::temp_dir().join(&name);
            std::fs::create_dir_all(&dir)?;
            Ok(Scratch {
                url: format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()),
                admin_url: None,
                name,
                _dir: Some(dir),
            })
        }
    }
}

pub(super) async fn drop_scratch(scratch: Scratch) {
    if let Some(admin_url) = scratch.admin_url
        && let Ok(admin) = Database::connect(admin_url).await
    {
        let admin = Store::from_connection(admin);
        let _ = admin.drop_database(&scratch.name).await;
        admin.close().await;
    }
    if let Some(dir) = scratch._dir {
        let _ = std::fs::remove_dir_all(dir);
    }
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    ensure!(args.participants >= 1, "--participants must be at least 1");
    let scratch = scratch_database(config).await?;
    let result = bench(config, &args, &scratch.url).await;
    drop_scratch(scratch).await;
    result
}

async fn bench(config: &Config, args: &Args, url: &str) -> anyhow::Result<()> {
    let fake = Arc::new(FakeTelegram::start().await);
    let mut config = config.clone();
    let mut database = DatabaseConfig::from_url(url)?;
    database.pool_size = args.pool_size.unwrap_or(config.database.pool_size).max(1);
    database.connect_timeout = config.database.connect_timeout;
    config.database = database;
    config.bot_token = Some(Secret::new(TOKEN));
    config.telegram_api_url = url::Url::parse(&fake.api_url())?;
    config.bot_webhook = None;
    let app = Arc::new(App::build(config).await?);
    let store = &app.store;
    let guilds = ["Blue Herons", "Falcon Club"];
    for g in guilds {
        store
            .create_guild(
                &GuildDraft::parse(g, &args.participants.to_string())
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?,
            )
            .await?;
    }
    running_competition(store).await?;

    let waiters = Arc::new(Waiters::default());
    // Unpaced, messages go out directly: teloxide's throttle would hold each
    // one until its next quarter-second tick even with limits out of reach.
    let sending_limits = args
        .telegram_pacing
        .then_some(activity_challenge::bot::telegram::LIMITS);
    let service = BotService::start(
        app.clone(),
        BotOptions {
            polling_timeout: Duration::from_secs(1),
            flood: FloodLimits {
                burst: 1000,
                per_second: 1000.0,
                ..FloodLimits::default()
            },
            observer: Some(waiters.clone()),
            sending_limits,
            ..BotOptions::default()
        },
    )
    .context("the bot did not start")?;

    eprintln!(
        "{} participants register, then each logs {} activities ({}, {} connections, {})...",
        args.participants,
        args.activities,
        app.config.database.redacted_url(),
        app.config.database.pool_size,
        if args.telegram_pacing {
            "paced as Telegram requires"
        } else {
            "no Telegram pacing"
        }
    );
    fake.stop_recording_calls();
    let rss_idle = memory_kib("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    // Everyone waits at the barrier after registering; the last to arrive
    // starts the logging phase's clock.
    let registered = Arc::new(Barrier::new(args.participants as usize));
    let logging_started: Arc<Mutex<Option<Instant>>> = Arc::default();
    let mut tasks = Vec::new();
    for i in 0..args.participants {
        let mut p = Participant {
            person: Person::new(10_000_000 + i64::from(i), &format!("Bench {i}")),
            fake: fake.clone(),
            waiters: waiters.clone(),
            timings: Timings::default(),
        };
        let guild = guilds[i as usize % guilds.len()];
        let activities = args.activities;
        let registered = registered.clone();
        let logging_started = logging_started.clone();
        tasks.push(tokio::spawn(async move {
            // A participant that fails to register still arrives at the
            // barrier, so that the others are not kept waiting.
            let outcome = p.register(guild).await;
            if registered.wait().await.is_leader() {
                *logging_started.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
            }
            outcome?;
            let registering = std::mem::take(&mut p.timings);
            for _ in 0..activities {
                p.log().await?;
            }
            anyhow::Ok((registering, p.timings))
        }));
    }
    let mut round_trip = Vec::new();
    let mut handling = Vec::new();
    let mut log_handling = Vec::new();
    let mut log_updates = 0usize;
    let mut failures = Vec::new();
    for task in tasks {
        match task.await? {
            Ok((registering, logging)) => {
                log_updates += logging.round_trip.len();
                round_trip.extend(registering.round_trip);
                round_trip.extend(logging.round_trip);
                handling.extend(registering.handling);
                log_handling.extend(logging.handling.iter().copied());
                handling.extend(logging.handling);
            }
            Err(e) => failures.push(e),
        }
    }
    let elapsed = started.elapsed();
    let logging_elapsed = logging_started
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .map(|at| at.elapsed())
        .unwrap_or(elapsed);
    service.stop().await;
    if let Some(e) = failures.into_iter().next() {
        return Err(e.context("a simulated participant failed"));
    }

    let logged = store.count_activities().await?;
    let expected = u64::from(args.participants) * u64::from(args.activities);
    ensure!(
        logged == expected,
        "{logged} activities are in the database, {expected} were confirmed"
    );
    ensure!(
        store.count_participants().await? == u64::from(args.participants),
        "not every participant was registered"
    );
    round_trip.sort();
    handling.sort();
    log_handling.sort();
    let updates = round_trip.len();
    println!("participants:            {}", args.participants);
    println!(
        "updates handled:         {updates} in {:.2} s ({:.0}/s)",
        elapsed.as_secs_f64(),
        updates as f64 / elapsed.as_secs_f64()
    );
    println!(
        "activities logged:       {logged} ({:.1}/s over the whole run)",
        logged as f64 / elapsed.as_secs_f64()
    );
    println!(
        "logging phase:           {log_updates} updates, {logged} activities in {:.2} s ({:.0} updates/s, {:.1} activities/s)",
        logging_elapsed.as_secs_f64(),
        log_updates as f64 / logging_elapsed.as_secs_f64(),
        logged as f64 / logging_elapsed.as_secs_f64()
    );
    println!(
        "update round trip:       p50 {}, p95 {}, max {} (queued → getUpdates → handled)",
        ms(percentile(&round_trip, 50.0)),
        ms(percentile(&round_trip, 95.0)),
        ms(round_trip.last().copied().unwrap_or_default())
    );
    println!(
        "update handling:         p50 {}, p95 {} (in the handler, Bot API calls included)",
        ms(percentile(&handling, 50.0)),
        ms(percentile(&handling, 95.0))
    );
    println!(
        "logging handling:        p50 {}, p95 {} (the logging phase's updates)",
        ms(percentile(&log_handling, 50.0)),
        ms(percentile(&log_handling, 95.0))
    );
    println!(
        "resident memory:         {} MiB idle (bot started), {} MiB after the run, {} MiB at the peak \
         (this process: the server's bot and store, plus the fake Bot API and the simulated participants)",
        rss_idle / 1024,
        memory_kib("VmRSS:").unwrap_or(0) / 1024,
        memory_kib("VmHWM:").unwrap_or(0) / 1024
    );
    if let Ok(fake) = Arc::try_unwrap(fake) {
        fake.stop().await;
    }
    if let Ok(app) = Arc::try_unwrap(app) {
        app.store.close().await;
    }
    Ok(())
}

/// The benchmarks' competition: active, a week behind and ahead of today.
pub(crate) async fn running_competition(store: &Store) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let draft = CompetitionDraft::parse(
        "Benchmark Challenge",
        "",
        &(today - chrono::Days::new(7)).to_string(),
        &(today + chrono::Days::new(7)).to_string(),
        "UTC",
    )
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    store.create_competition(&draft, true).await?;
    Ok(())
}
