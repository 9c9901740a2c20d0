//! `activity-challenge-bench bot`: simulated participants through the real bot, end to end.

use std::process::{Command, Stdio};

use sea_orm::{ConnectionTrait, Database, Statement};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge-bench");

#[tokio::test]
async fn bench_bot_reports_throughput_and_latency_and_leaves_no_database_behind() {
    let child = Command::new(BIN)
        .args(["bot", "--participants", "4", "--activities", "2"])
        .env("DATABASE_URL", crate::support::admin_url())
        .env("RUST_LOG", "warn")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let scratch = format!("ac_bench_bot_{}", child.id());
    let out = child.wait_with_output().expect("the benchmark finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("participants:            4"), "{stdout}");
    assert!(stdout.contains("activities logged:       8 ("), "{stdout}");
    assert!(stdout.contains("update round trip:       p50 "), "{stdout}");
    assert!(stdout.contains("update handling:         p50 "), "{stdout}");
    // The logging phase alone: 4 × 2 × 5 updates, after everyone registered.
    assert!(
        stdout.contains("logging phase:           40 updates, 8 activities in"),
        "{stdout}"
    );
    assert!(stdout.contains("logging handling:        p50 "), "{stdout}");
    let memory = stdout
        .lines()
        .find_map(|l| l.strip_prefix("resident memory:"))
        .unwrap_or_else(|| panic!("a memory line: {stdout}"));
    let idle: u64 = memory
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("idle MiB");
    assert!((1..1024).contains(&idle), "{memory}");
    // 4 × (4 registration steps + 2 × 5 logging steps).
    assert!(
        stdout.contains("updates handled:         56 in"),
        "{stdout}"
    );

    let admin = Database::connect(crate::support::admin_url())
        .await
        .unwrap();
    let left = admin
        .query_one_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT datname FROM pg_database WHERE datname = '{scratch}'"),
        ))
        .await
        .unwrap();
    assert!(left.is_none(), "the scratch database {scratch} was dropped");
}
