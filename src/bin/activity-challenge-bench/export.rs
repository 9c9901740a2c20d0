//! `export`: times the streamed activities export against `psql
//! \copy` of the same rows, and reports the export's peak memory. Reads
//! only: nothing is written to the database.

use std::time::Instant;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use activity_challenge::config::{Config, DatabaseKind};
use activity_challenge::ops::export::{ExportKind, csv_stream, write_csv};
use activity_challenge::store::Store;
use activity_challenge::store::export_rows::{ACTIVITY_EXPORT_SQL, ExportFilter};

use crate::memory_kib;

#[derive(Debug, ClapArgs)]
pub(super) struct Args {
    /// Keep the two CSV files in this directory (default: a temporary one, removed afterwards).
    #[arg(long)]
    keep_in: Option<std::path::PathBuf>,
}

pub(super) async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    let store = Store::connect(&config.database).await?;
    let temp = tempfile_dir()?;
    let dir = args.keep_in.clone().unwrap_or_else(|| temp.clone());
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let ours = dir.join("activities-export.csv");
    let theirs = dir.join("activities-psql.csv");

    let started = Instant::now();
    let mut file = tokio::fs::File::create(&ours).await?;
    let chunks = csv_stream(
        store.clone(),
        ExportKind::Activities,
        ExportFilter::default(),
    );
    let rows = write_csv(chunks, &mut file).await?;
    let export_secs = started.elapsed().as_secs_f64();
    let peak_kib = memory_kib("VmHWM:");
    println!(
        "export:     {rows} rows in {export_secs:.2} s = {:.0} rows/s, {} bytes, peak memory {}",
        rows as f64 / export_secs.max(1e-9),
        std::fs::metadata(&ours)?.len(),
        peak_kib.map_or("unknown".into(), |k| format!(
            "{:.1} MiB",
            k as f64 / 1024.0
        )),
    );

    if config.database.kind == DatabaseKind::Postgres {
        let started = Instant::now();
        let status = std::process::Command::new("psql")
            .arg(config.database.url())
            .arg("-q")
            .arg("-c")
            .arg(format!(
                "\\copy ({ACTIVITY_EXPORT_SQL} ORDER BY a.id) TO '{}' CSV HEADER",
                theirs.display()
            ))
            .status()
            .context("psql could not be run: install the PostgreSQL client")?;
        anyhow::ensure!(status.success(), "psql \\copy failed ({status})");
        let psql_secs = started.elapsed().as_secs_f64();
        println!(
            "psql \\copy: {rows} rows in {psql_secs:.2} s = {:.0} rows/s, {} bytes",
            rows as f64 / psql_secs.max(1e-9),
            std::fs::metadata(&theirs)?.len(),
        );
        println!(
            "the export runs at {:.0} % of psql's speed",
            psql_secs / export_secs.max(1e-9) * 100.0
        );
    } else {
        println!("psql \\copy: not compared (the database is SQLite)");
    }
    if args.keep_in.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    store.close().await;
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("activity-challenge-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
