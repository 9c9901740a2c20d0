//! Prometheus metrics: the server's own registry, the families the
//! frontends record into, and the figures read from the database at scrape
//! time.
//!
//! - [`HttpMetrics`]: requests by method, route pattern and status, latency,
//!   requests in flight (recorded by [`HttpMetrics::middleware`]).
//! - [`BotMetrics`]: Telegram updates, handler latency and errors, Bot API
//!   calls and retries.
//! - [`CompetitionCounters`]: activities logged and registrations as they happen.
//! - At scrape time: database health (postgres_exporter's names on
//!   PostgreSQL), the connection pool, and the competition's totals.

pub mod bot;
pub mod bot_status;
mod cache;
pub mod competition;
pub mod database;
pub mod family;
pub mod http;
pub mod job_status;

use std::fmt;
use std::time::{Duration, Instant};

use prometheus::{Encoder as _, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder};

use crate::store::Store;
use crate::store::competitions::Competition;
use crate::store::db_stats::CompetitionFigures;

pub use bot::{BotMetrics, TelegramOutcome, UpdateKind};
pub use bot_status::{BotFailure, BotReport, BotState, BotStatus};
pub use competition::CompetitionCounters;
pub use http::HttpMetrics;
pub use job_status::{JobOutcome, JobReport, JobStatus, JobsReport, RunnerState};

use cache::Cached;
use database::HealthReading;
use family::Families;

pub use crate::config::metrics::DEFAULT_CACHE_TTL;

/// The shortest time the competition's totals are reused (unless caching is
/// off altogether): they count whole tables, which takes a while on a large
/// competition and changes little from one scrape to the next.
pub const MIN_COMPETITION_CACHE_TTL: Duration = Duration::from_secs(60);

/// How long a scrape waits for the database before reporting it down.
pub const DATABASE_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The content type of the Prometheus text format.
pub const TEXT_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

type CompetitionReading = Option<(CompetitionFigures, Option<Competition>)>;

/// The server's metrics: built once in [`App`](crate::app::App) and shared.
pub struct Metrics {
    registry: Registry,
    http: HttpMetrics,
    bot: BotMetrics,
    bot_status: BotStatus,
    job_status: JobStatus,
    competition: CompetitionCounters,
    actions: prometheus::IntCounterVec,
    pool: PoolGauges,
    health: Cached<HealthReading>,
    figures: Cached<CompetitionReading>,
}

#[derive(Clone)]
struct PoolGauges {
    size: IntGauge,
    idle: IntGauge,
    in_use: IntGauge,
    max: IntGauge,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    /// A fresh registry with every family registered. `pool_max` is the
    /// largest number of database connections the pool may open; database
    /// health figures are reused for `cache_ttl` between scrapes, the
    /// competition's totals for at least [`MIN_COMPETITION_CACHE_TTL`]
    /// (a zero `cache_ttl` turns all caching off).
    pub fn new(pool_max: u32, cache_ttl: Duration) -> Metrics {
        Self::build(pool_max, cache_ttl).expect("metric names and labels are valid and unique")
    }

    fn build(pool_max: u32, cache_ttl: Duration) -> prometheus::Result<Metrics> {
        let registry = Registry::new();
        let http = HttpMetrics::register(&registry)?;
        let bot = BotMetrics::register(&registry)?;
        let competition = CompetitionCounters::register(&registry)?;
        let actions = prometheus::IntCounterVec::new(
            Opts::new(
                "activity_challenge_actions_total",
                "Actions done through this server (the audit log's actions), by action and kind of actor.",
            ),
            &["action", "actor"],
        )?;
        registry.register(Box::new(actions.clone()))?;

        let build_info = IntGaugeVec::new(
            Opts::new(
                "activity_challenge_build_info",
                "Always 1; the labels say which version of the server runs.",
            ),
            &["version"],
        )?;
        build_info
            .with_label_values(&[env!("CARGO_PKG_VERSION")])
            .set(1);
        registry.register(Box::new(build_info))?;
        let start_time = IntGauge::new(
            "activity_challenge_start_time_seconds",
            "When this server process started (Unix time).",
        )?;
        start_time.set(chrono::Utc::now().timestamp());
        registry.register(Box::new(start_time))?;

        let gauge = |name: &str, help: &str| -> prometheus::Result<IntGauge> {
            let g = IntGauge::new(name, help)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        let pool = PoolGauges {
            size: gauge(
                "activity_challenge_db_pool_connections",
                "Database connections the pool holds open (idle or in use).",
            )?,
            idle: gauge(
                "activity_challenge_db_pool_idle_connections",
                "Open database connections waiting for work.",
            )?,
            in_use: gauge(
                "activity_challenge_db_pool_in_use_connections",
                "Database connections lent out to a request or job right now.",
            )?,
            max: gauge(
                "activity_challenge_db_pool_max_connections",
                "The most database connections the pool may open (DATABASE_POOL_SIZE).",
            )?,
        };
        pool.max.set(i64::from(pool_max));

        Ok(Metrics {
            registry,
            http,
            bot_status: BotStatus::new(bot.clone()),
            job_status: JobStatus::default(),
            bot,
            competition,
            actions,
            pool,
            health: Cached::new(cache_ttl),
            figures: Cached::new(if cache_ttl.is_zero() {
                Duration::ZERO
            } else {
                cache_ttl.max(MIN_COMPETITION_CACHE_TTL)
            }),
        })
    }

    /// HTTP request metrics.
    pub fn http(&self) -> &HttpMetrics {
        &self.http
    }

    /// Telegram bot metrics.
    pub fn bot(&self) -> &BotMetrics {
        &self.bot
    }

    /// The Telegram bot's state (off, starting, up, failing), for `/readyz`.
    pub fn bot_status(&self) -> &BotStatus {
        &self.bot_status
    }

    /// The job runner's state and each job's last run, for `/readyz`.
    pub fn job_status(&self) -> &JobStatus {
        &self.job_status
    }

    /// Activities logged and registrations, as they happen.
    pub fn competition(&self) -> &CompetitionCounters {
        &self.competition
    }

    /// Counts one action done by an actor of this kind (both closed sets).
    pub fn action_done(&self, action: &str, actor_kind: &str) {
        self.actions.with_label_values(&[action, actor_kind]).inc();
    }

    /// How many times an action was done by an actor of this kind.
    pub fn actions_done(&self, action: &str, actor_kind: &str) -> u64 {
        self.actions.with_label_values(&[action, actor_kind]).get()
    }

    /// Everything, in the Prometheus text format. The database is read at
    /// most once per cache period; when it does not answer within
    /// [`DATABASE_READ_TIMEOUT`], the scrape still succeeds and says so
    /// (`pg_up 0`, `activity_challenge_database_up 0`).
    pub async fn render(&self, store: &Store) -> String {
        let pool = store.pool_status();
        self.pool.size.set(i64::from(pool.size));
        self.pool.idle.set(i64::from(pool.idle));
        self.pool.in_use.set(i64::from(pool.in_use()));

        let mut families = Families::default();
        // Two connections, read side by side: the scrape takes as long as the
        // slower of the two reads, not their sum.
        let (health, figures) = tokio::join!(
            self.health.get(|| read_health(store)),
            self.figures.get(|| read_figures(store)),
        );
        database::families(&health, &mut families);
        logging_batch_families(store, &mut families);
        if let Some((figures, active)) = figures.as_ref() {
            self.competition.cover_guilds(
                figures
                    .guild_members
                    .iter()
                    .map(|(guild, _)| guild.as_str()),
            );
            competition::families(figures, active.as_ref(), chrono::Utc::now(), &mut families);
        }

        let mut all = self.registry.gather();
        all.extend(families.into_vec());
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&all, &mut out) {
            tracing::error!(error = %e, "encoding metrics failed");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

async fn read_health(store: &Store) -> HealthReading {
    let postgres = store.backend() == sea_orm::DbBackend::Postgres;
    let started = Instant::now();
    let health = match tokio::time::timeout(DATABASE_READ_TIMEOUT, store.database_health()).await {
        Ok(Ok(health)) => Some(health),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "reading database health for /metrics failed");
            None
        }
        Err(_) => {
            tracing::warn!(
                "reading database health for /metrics took longer than {DATABASE_READ_TIMEOUT:?}"
            );
            None
        }
    };
    HealthReading {
        postgres,
        health,
        seconds: started.elapsed().as_secs_f64(),
    }
}

async fn read_figures(store: &Store) -> CompetitionReading {
    let read = async {
        let figures = store.competition_figures().await?;
        let active = store.active_competition().await?;
        Ok::<_, crate::store::StoreError>((figures, active))
    };
    match tokio::time::timeout(DATABASE_READ_TIMEOUT, read).await {
        Ok(Ok(reading)) => Some(reading),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "reading competition figures for /metrics failed");
            None
        }
        Err(_) => {
            tracing::warn!(
                "reading competition figures for /metrics took longer than {DATABASE_READ_TIMEOUT:?}"
            );
            None
        }
    }
}

/// What the logging writers have done (PostgreSQL, once something was
/// logged): how many statements wrote batches, how many activities they
/// wrote, and how many batches fell back to one-at-a-time writes.
fn logging_batch_families(store: &Store, families: &mut Families) {
    use std::sync::atomic::Ordering::Relaxed;
    let Some(stats) = store.log_batch_stats() else {
        return;
    };
    for (name, help, value) in [
        (
            "activity_challenge_logging_batches_total",
            "Statements that wrote a batch of logged activities together.",
            stats.batches.load(Relaxed),
        ),
        (
            "activity_challenge_logging_batched_activities_total",
            "Activities written by those batch statements.",
            stats.batched.load(Relaxed),
        ),
        (
            "activity_challenge_logging_batch_failures_total",
            "Batches that failed as a whole and were written one activity at a time instead.",
            stats.failed_batches.load(Relaxed),
        ),
    ] {
        families.single(family::Family::counter(name, help), value as f64);
    }
}
