//! `announce --recipients N`: an announcement to N participants through
//! the job queue and the bot's sender, against the built-in fake Bot API on
//! a scratch database. First with the overall limit raised
//! (`--fast-rate`, default 1,000 a second), printing messages per second
//! and this process's CPU time and memory (the fake Bot API runs in the
//! same process and is counted too); then at Telegram's real limit of 30 a
//! second for `--paced` messages, printing the rate achieved (target: at
//! least 29 a second).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};
use chrono::Utc;

use activity_challenge::actions::Actor;
use activity_challenge::actions::announcements::{self, Draft};
use activity_challenge::app::App;
use activity_challenge::bot::{BotOptions, BotService};
use activity_challenge::config::{Config, DatabaseConfig, Secret};
use activity_challenge::domain::GuildDraft;
use activity_challenge::domain::Points;
use activity_challenge::domain::announcement::Audience;
use activity_challenge::store::bulk::BulkParticipant;

use crate::bot::fake_telegram::{FakeTelegram, TOKEN};
use crate::bot::{drop_scratch, scratch_database};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Participants the fast announcement goes to.
    #[arg(long, default_value_t = 10_000)]
    recipients: u32,
    /// The overall limit for the fast run (messages a second).
    #[arg(long, default_value_t = 1_000)]
    fast_rate: u32,
    /// Messages of the run at Telegram's limit of 30 a second (0 skips it).
    #[arg(long, default_value_t = 900)]
    paced: u32,
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    ensure!(args.recipients >= 1, "--recipients must be at least 1");
    ensure!(
        args.paced <= args.recipients,
        "--paced may be at most --recipients"
    );
    let scratch = scratch_database(config).await?;
    let result = bench(config, &args, &scratch.url).await;
    drop_scratch(scratch).await;
    result
}

/// This process's CPU time (user + system), from `/proc/self/stat`.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

async fn app_at(
    config: &Config,
    url: &str,
    fake: &FakeTelegram,
    rate: u32,
) -> anyhow::Result<Arc<App>> {
    let mut config = config.clone();
    let mut database = DatabaseConfig::from_url(url)?;
    database.connect_timeout = config.database.connect_timeout;
    database.pool_size = config.database.pool_size;
    config.database = database;
    config.bot_token = Some(Secret::new(TOKEN));
    config.telegram_api_url = url::Url::parse(&fake.api_url())?;
    config.bot_webhook = None;
    config.messages.per_second = rate;
    Ok(Arc::new(App::build(config).await?))
}

async fn bench(config: &Config, args: &Args, url: &str) -> anyhow::Result<()> {
    let fake = FakeTelegram::start().await;
    let app = app_at(config, url, &fake, args.fast_rate).await?;
    let store = &app.store;
    store
        .create_guild(
            &GuildDraft::parse("Blue Herons", &args.recipients.to_string())
                .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        )
        .await?;
    store
        .create_guild(
            &GuildDraft::parse("Paced", &args.paced.max(1).to_string())
                .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        )
        .await?;
    let mut loader = store.bulk_loader().await?;
    let now = Utc::now();
    let rows: Vec<BulkParticipant> = (0..args.recipients)
        .map(|i| BulkParticipant {
            telegram_id: 7_000_000 + i64::from(i),
            username: None,
            first_name: format!("P{i}"),
            last_name: None,
            guild: Some(
                if i < args.paced {
                    "Paced"
                } else {
                    "Blue Herons"
                }
                .to_string(),
            ),
            points: Points::ZERO,
            is_test_user: false,
            created_at: now,
        })
        .collect();
    for chunk in rows.chunks(5_000) {
        loader.participants(chunk).await?;
    }
    loader.commit().await?;
    let actor = Actor::Cli {
        user: "bench".into(),
        host: "bench".into(),
    };
    eprintln!(
        "{} participants on {}; sending to all of them at up to {} a second...",
        args.recipients,
        app.config.database.redacted_url(),
        args.fast_rate
    );
    let (rate, cpu, rss) = send_and_wait(&app, &fake, &actor, Audience::Everyone, "Fast").await?;
    println!(
        "announcement to {} participants, limit {}/s: {:.0} messages/s; CPU {:.1} s ({:.2} ms a message, fake Bot API included); resident memory {} MiB, peak {} MiB",
        args.recipients,
        args.fast_rate,
        rate,
        cpu,
        cpu * 1000.0 / f64::from(args.recipients),
        rss.0 / 1024,
        rss.1 / 1024
    );
    if args.paced > 0 {
        let paced = app_at(config, url, &fake, 30).await?;
        eprintln!(
            "{} messages at Telegram's limit of 30 a second...",
            args.paced
        );
        let (rate, _, _) = send_and_wait(
            &paced,
            &fake,
            &actor,
            Audience::Guild("Paced".into()),
            "Paced",
        )
        .await?;
        println!(
            "announcement to {} participants at Telegram's limit of 30/s: {:.2} messages/s achieved (target ≥ 29/s)",
            args.paced, rate
        );
    }
    fake.stop().await;
    Ok(())
}

/// Sends one announcement through a running sender and waits until every
/// message is out: messages a second from the first to the last, CPU
/// seconds, and (now, peak) resident memory in KiB.
async fn send_and_wait(
    app: &Arc<App>,
    fake: &FakeTelegram,
    actor: &Actor,
    audience: Audience,
    body: &str,
) -> anyhow::Result<(f64, f64, (u64, u64))> {
    let service = BotService::start(
        app.clone(),
        BotOptions {
            polling_timeout: Duration::from_secs(1),
            ..BotOptions::default()
        },
    )
    .context("the bot did not start")?;
    let sent = announcements::send(
        app,
        actor,
        &Draft {
            body: body.to_string(),
            audience,
        },
    )
    .await?;
    let cpu_before = cpu_seconds().unwrap_or(0.0);
    let started = Instant::now();
    let total = i64::from(sent.recipients);
    loop {
        let (_, p) = announcements::status(app, actor, sent.id).await?;
        if p.finished() {
            ensure!(p.sent == total, "not every message was delivered: {p:?}");
            break;
        }
        ensure!(
            started.elapsed() < Duration::from_secs(3_600),
            "not done in an hour: {p:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // From the first delivery to the last, where the fake Bot API saw them.
    let mut at: Vec<Instant> = fake
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.text() == Some(body))
        .map(|c| c.at)
        .collect();
    at.sort();
    let elapsed = match (at.first(), at.last()) {
        (Some(first), Some(last)) => (*last - *first).max(Duration::from_millis(1)),
        _ => started.elapsed(),
    };
    let cpu = cpu_seconds().unwrap_or(0.0) - cpu_before;
    let rss = (
        crate::memory_kib("VmRSS:").unwrap_or(0),
        crate::memory_kib("VmHWM:").unwrap_or(0),
    );
    service.stop().await;
    Ok((
        (at.len().max(2) - 1) as f64 / elapsed.as_secs_f64(),
        cpu,
        rss,
    ))
}
