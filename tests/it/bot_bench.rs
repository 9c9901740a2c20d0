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

#[tokio::test]
async fn bench_taps_counts_what_each_way_of_logging_takes_in_the_real_bot() {
    let out = Command::new(BIN)
        .arg("taps")
        .env("DATABASE_URL", crate::support::admin_url())
        .env("RUST_LOG", "warn")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (first words of the row, taps, updates)
    for (row, taps, updates) in [
        ("every step by buttons (📝 Log activity)", "7", "7"),
        ("typed entry with one clear match", "1", "2"),
        ("repeated activity (🔁 on the menu)", "2", "2"),
        ("pinned activity (📌 on the menu)", "2", "2"),
        ("workout file (FIT sent as a document)", "1", "2"),
        ("the replaced bot", "—", "7"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row:?}: {stdout}"));
        let figures: Vec<&str> = line[row.len()..].split_whitespace().take(2).collect();
        assert_eq!(figures, [taps, updates], "{line}");
    }
}
