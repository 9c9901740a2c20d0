//! The server's resident memory against its request rate, with mimalloc's
//! own defaults and with the settings the server makes at start-up
//! (`src/main.rs`), on a fresh demo database per backend.
//!
//! Each run starts the release `activity-challenge serve` next to this
//! binary, waits until it answers, reads its idle resident memory from
//! `/proc`, then sends public API reads and `/healthz` from several
//! connections at once and reads the memory again under and after the load.

use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use super::metrics::scrape;

/// The idle figure the issue of record asks for, per backend.
const TARGET_IDLE_MIB: f64 = 40.0;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Requests per run.
    #[arg(long, default_value_t = 20_000)]
    requests: usize,
    /// Connections sending at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Demo participants in each fresh database.
    #[arg(long, default_value_t = 200)]
    users: u32,
    /// Demo activities in each fresh database.
    #[arg(long, default_value_t = 1500)]
    activities: u32,
    /// Seconds to wait before reading idle memory.
    #[arg(long, default_value_t = 3)]
    settle: u64,
    /// A PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)
    /// to run the PostgreSQL backend on too, in a scratch database created
    /// and dropped with psql.
    #[arg(long)]
    postgres: Option<String>,
}

/// One allocator setting: the environment it is started with.
struct Setting {
    name: &'static str,
    env: &'static [(&'static str, &'static str)],
}

const SETTINGS: [Setting; 2] = [
    Setting {
        name: "mimalloc's defaults",
        env: &[
            ("MIMALLOC_ARENA_EAGER_COMMIT", "2"),
            ("MIMALLOC_PURGE_DELAY", "10"),
        ],
    },
    Setting {
        name: "the server's settings",
        env: &[],
    },
];

struct Figures {
    idle_kib: u64,
    loaded_kib: u64,
    after_kib: u64,
    rate: f64,
}

pub(super) async fn run(args: Args) -> anyhow::Result<()> {
    let server = server_binary()?;
    let scratch = std::env::temp_dir().join(format!("ac-bench-memory-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let mut backends = vec![(
        "SQLite",
        format!("sqlite://{}?mode=rwc", scratch.join("bench.db").display()),
        None,
    )];
    if let Some(server_url) = &args.postgres {
        let name = format!("ac_bench_memory_{}", std::process::id());
        psql(server_url, &format!("CREATE DATABASE {name}"))?;
        let mut url = url::Url::parse(server_url).context("--postgres is not a URL")?;
        url.set_path(&name);
        backends.push((
            "PostgreSQL",
            url.to_string(),
            Some((server_url.clone(), name)),
        ));
    }
    println!(
        "{} requests per run from {} connections; demo database of {} participants, {} activities\n",
        args.requests, args.concurrency, args.users, args.activities
    );
    let mut failed = None;
    for (backend, url, _) in &backends {
        eprintln!("filling the {backend} database…");
        let status = Process::new(&server)
            .args(["migrate", "up"])
            .env("DATABASE_URL", url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            failed = Some(format!("migrate up on {backend} failed"));
            break;
        }
        let status = Process::new(&server)
            .args(["demo-data", "--users", &args.users.to_string()])
            .args(["--activities", &args.activities.to_string()])
            .env("DATABASE_URL", url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            failed = Some(format!("demo-data on {backend} failed"));
            break;
        }
        for setting in &SETTINGS {
            let figures = measure(&server, url, setting, &args).await?;
            let mib = |kib: u64| kib as f64 / 1024.0;
            println!(
                "{backend:<10} {:<22} idle {:>5.1} MiB (target ≤ {TARGET_IDLE_MIB:.0}) · under load {:>5.1} MiB · 3 s after {:>5.1} MiB · {:>6.0} requests/s",
                setting.name,
                mib(figures.idle_kib),
                mib(figures.loaded_kib),
                mib(figures.after_kib),
                figures.rate,
            );
        }
    }
    for (_, _, scratch_db) in &backends {
        if let Some((server_url, name)) = scratch_db {
            psql(
                server_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )?;
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    match failed {
        Some(why) => bail!(why),
        None => Ok(()),
    }
}

/// The server binary built next to this one.
fn server_binary() -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let path = me
        .parent()
        .context("this binary has no directory")?
        .join("activity-challenge");
    if !path.exists() {
        bail!(
            "{} is missing: build it with `cargo build --release` first",
            path.display()
        );
    }
    Ok(path)
}

fn psql(server_url: &str, sql: &str) -> anyhow::Result<()> {
    let status = Process::new("psql")
        .args([server_url, "-qc", sql])
        .stdout(Stdio::null())
        .status()
        .context("cannot run psql (install the postgresql-client package)")?;
    if !status.success() {
        bail!("psql could not run: {sql}");
    }
    Ok(())
}

/// Stops the server when the run ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn measure(
    server: &Path,
    url: &str,
    setting: &Setting,
    args: &Args,
) -> anyhow::Result<Figures> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut command = Process::new(server);
    command
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("MIMALLOC_ARENA_EAGER_COMMIT")
        .env_remove("MIMALLOC_PURGE_DELAY")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (name, value) in setting.env {
        command.env(name, value);
    }
    let child = Server(command.spawn()?);
    let pid = child.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while scrape(&format!("{base}/healthz")).await.is_err() {
        if Instant::now() > deadline {
            bail!("the server did not answer /healthz within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(args.settle)).await;
    let idle_kib = rss_kib(pid)?;

    let paths = [
        "/api/v1/standings",
        "/api/v1/leaderboard",
        "/api/v1/competition",
        "/healthz",
    ];
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let next = next.clone();
        let base = base.clone();
        let total = args.requests;
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return Ok::<(), anyhow::Error>(());
                }
                scrape(&format!("{base}{}", paths[i % paths.len()])).await?;
            }
        }));
    }
    let mut loaded_kib = 0;
    while tasks.iter().any(|t| !t.is_finished()) {
        loaded_kib = loaded_kib.max(rss_kib(pid)?);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for task in tasks {
        task.await??;
    }
    let rate = args.requests as f64 / started.elapsed().as_secs_f64();
    loaded_kib = loaded_kib.max(rss_kib(pid)?);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after_kib = rss_kib(pid)?;
    drop(child);
    Ok(Figures {
        idle_kib,
        loaded_kib,
        after_kib,
        rate,
    })
}

/// `VmRSS` of process `pid`, in KiB.
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .context("cannot read the server's /proc status (the benchmark needs Linux)")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in /proc status")
}
