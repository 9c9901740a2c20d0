//! `metrics`: how long a `/metrics` scrape takes on the configured
//! database, next to postgres_exporter scraping the same database in the
//! same run. Read-only: it neither migrates nor writes.

use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::{Args as ClapArgs, Subcommand};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Route, Server, get};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use activity_challenge::config::{Config, DatabaseKind};
use activity_challenge::metrics::{DEFAULT_CACHE_TTL, Metrics};
use activity_challenge::store::Store;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Time /metrics scrapes (uncached and as deployed) next to postgres_exporter.
    Metrics(Args),
}

#[derive(Debug, ClapArgs)]
pub(super) struct Args {
    /// Scrapes of each kind.
    #[arg(long, default_value_t = 30)]
    scrapes: usize,
    /// A running postgres_exporter to compare with, e.g. http://127.0.0.1:9187/metrics.
    /// Without it, the command starts `--exporter-bin` itself on a free port.
    #[arg(long)]
    exporter_url: Option<String>,
    /// The postgres_exporter binary to start.
    #[arg(long, default_value = "prometheus-postgres-exporter")]
    exporter_bin: PathBuf,
    /// Extra queries for the started exporter (its example queries.yaml adds
    /// pg_stat_user_tables and pg_statio_user_tables, the scope /metrics covers).
    #[arg(
        long,
        default_value = "/usr/share/doc/prometheus-postgres-exporter/examples/queries.yaml"
    )]
    exporter_queries: PathBuf,
}

pub(super) async fn run(config: &Config, command: Command) -> anyhow::Result<()> {
    let Command::Metrics(args) = command;
    if args.scrapes == 0 {
        bail!("--scrapes must be at least 1");
    }
    if config.database.kind != DatabaseKind::Postgres {
        bail!(
            "DATABASE_URL points at SQLite; the comparison with postgres_exporter needs PostgreSQL"
        );
    }
    let store = Store::connect(&config.database).await?;

    // The server's /metrics twice: reading the database on every scrape,
    // and with the default caches as deployed (5 s for health, 60 s for the
    // competition's totals).
    let uncached = serve_metrics(
        store.clone(),
        Metrics::new(config.database.pool_size, Duration::ZERO),
    )
    .await?;
    let cached = serve_metrics(
        store.clone(),
        Metrics::new(config.database.pool_size, DEFAULT_CACHE_TTL),
    )
    .await?;

    let mut exporter = None;
    let exporter_url = match &args.exporter_url {
        Some(url) => url.clone(),
        None => {
            let (child, url) = start_exporter(config, &args)?;
            exporter = Some(ChildGuard(child));
            wait_until_up(&url).await?;
            url
        }
    };

    // Warm both up once (connections, plan caches) before timing.
    scrape(&uncached).await?;
    scrape(&exporter_url).await?;
    scrape(&cached).await?;

    let mut ours = Vec::new();
    let mut ours_cached = Vec::new();
    let mut theirs = Vec::new();
    let mut health_only = Vec::new();
    let (mut our_series, mut their_series) = (0, 0);
    for _ in 0..args.scrapes {
        let (t, body) = scrape(&uncached).await?;
        ours.push(t);
        our_series = series(&body);
        let (t, body) = scrape(&exporter_url).await?;
        theirs.push(t);
        their_series = series(&body);
        let (t, _) = scrape(&cached).await?;
        ours_cached.push(t);
        let started = Instant::now();
        store.database_health().await?;
        health_only.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(exporter);

    println!(
        "database: {} ({} participants, {} activities)",
        config.database.redacted_url(),
        store.count_participants().await?,
        store.count_activities().await?
    );
    println!("{} scrapes each, interleaved\n", args.scrapes);
    println!(
        "{:<38} {:>9} {:>9} {:>9} {:>8}",
        "", "p50 ms", "p95 ms", "max ms", "series"
    );
    for (name, times, n) in [
        (
            "activity-challenge /metrics (no cache)",
            &mut ours,
            Some(our_series),
        ),
        (
            "activity-challenge /metrics (as deployed)",
            &mut ours_cached,
            Some(our_series),
        ),
        ("database health read alone", &mut health_only, None),
        (
            "postgres_exporter /metrics",
            &mut theirs,
            Some(their_series),
        ),
    ] {
        times.sort();
        println!(
            "{:<38} {:>9.1} {:>9.1} {:>9.1} {:>8}",
            name,
            ms(percentile(times, 0.50)),
            ms(percentile(times, 0.95)),
            ms(*times.last().unwrap()),
            n.map_or_else(|| "-".to_string(), |n| n.to_string())
        );
    }
    Ok(())
}

/// Serves `metrics` for `store` on a free loopback port; its URL.
async fn serve_metrics(store: Store, metrics: Metrics) -> anyhow::Result<String> {
    let metrics = Arc::new(metrics);
    let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .context("the benchmark listener has no address")?;
    let route = Route::new().at(
        "/metrics",
        get(poem::endpoint::make(move |_| {
            let (metrics, store) = (metrics.clone(), store.clone());
            async move { metrics.render(&store).await }
        })),
    );
    tokio::spawn(Server::new_with_acceptor(acceptor).run(route));
    Ok(format!("http://{addr}/metrics"))
}

struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_exporter(config: &Config, args: &Args) -> anyhow::Result<(Child, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut dsn = url::Url::parse(config.database.url())?;
    if !dsn.query_pairs().any(|(k, _)| k == "sslmode") {
        dsn.query_pairs_mut().append_pair("sslmode", "disable");
    }
    let mut cmd = Process::new(&args.exporter_bin);
    cmd.arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .env("DATA_SOURCE_NAME", dsn.as_str())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if args.exporter_queries.is_file() {
        cmd.arg(format!(
            "--extend.query-path={}",
            args.exporter_queries.display()
        ));
    }
    let child = cmd.spawn().with_context(|| {
        format!(
            "cannot start {} (install the Debian package prometheus-postgres-exporter, or pass --exporter-url)",
            args.exporter_bin.display()
        )
    })?;
    Ok((child, format!("http://127.0.0.1:{port}/metrics")))
}

async fn wait_until_up(url: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok((_, body)) = scrape(url).await
            && body.contains("pg_up 1")
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("postgres_exporter at {url} did not report pg_up 1 within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One plain HTTP/1.0 GET: the time to the last byte, and the body.
pub(super) async fn scrape(url: &str) -> anyhow::Result<(Duration, String)> {
    let parsed = url::Url::parse(url)?;
    let host = parsed.host_str().context("the URL has no host")?;
    let port = parsed.port_or_known_default().unwrap_or(80);
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect((host, port)).await?;
    stream
        .write_all(
            format!(
                "GET {} HTTP/1.0\r\nHost: {host}\r\nAccept: text/plain\r\n\r\n",
                parsed.path()
            )
            .as_bytes(),
        )
        .await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let elapsed = started.elapsed();
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    if !head.starts_with("HTTP/1.0 200") && !head.starts_with("HTTP/1.1 200") {
        bail!(
            "{url} answered {}",
            head.lines().next().unwrap_or("nothing")
        );
    }
    Ok((elapsed, body.to_string()))
}

fn series(body: &str) -> usize {
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
