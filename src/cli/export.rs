//! `export participants|activities|guild-stats --out FILE`: the panel's
//! CSV exports from the command line, streamed to a file or stdout.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::export::{ExportKind, write_csv};
use crate::store::export_rows::ExportFilter;

#[derive(Debug, ClapArgs)]
pub(super) struct Args {
    /// participants, activities or guild-stats.
    kind: String,
    /// Where to write the CSV ("-" for standard output); missing
    /// directories are created.
    #[arg(long, default_value = "-")]
    out: String,
    /// Only rows from this day on (YYYY-MM-DD).
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// Only rows up to this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// Only this guild.
    #[arg(long)]
    guild: Option<String>,
}

pub(super) async fn run(app: &App, actor: &Actor, args: Args) -> anyhow::Result<()> {
    let kind = ExportKind::parse(&args.kind).with_context(|| {
        format!(
            "{:?} is not an export: use participants, activities or guild-stats",
            args.kind
        )
    })?;
    let filter = ExportFilter {
        guild: args.guild,
        from: args.from,
        to: args.to,
    };
    let started = Instant::now();
    let rows = if args.out == "-" {
        let chunks = actions::exports::open(app, actor, kind, filter).await?;
        write_csv(chunks, &mut tokio::io::stdout()).await?
    } else {
        let out = Path::new(&args.out);
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir)
                .await
                .with_context(|| format!("cannot create the directory {}", dir.display()))?;
        }
        // Written under a temporary name and renamed when complete, so a
        // failed export never leaves a file that looks whole.
        let partial = out.with_extension("csv.partial");
        let mut file = tokio::fs::File::create(&partial)
            .await
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let chunks = actions::exports::open(app, actor, kind, filter).await?;
        let written = write_csv(chunks, &mut file).await;
        drop(file);
        match written {
            Ok(rows) => {
                tokio::fs::rename(&partial, out)
                    .await
                    .with_context(|| format!("cannot write {}", out.display()))?;
                rows
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err(e.context(format!(
                    "the export failed; {} was not written",
                    out.display()
                )));
            }
        }
    };
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "exported {rows} {} rows in {secs:.1} s ({:.0} rows/s){}",
        kind.name(),
        rows as f64 / secs.max(1e-9),
        peak_memory().map_or(String::new(), |kib| format!(
            ", peak memory {:.1} MiB",
            kib as f64 / 1024.0
        ))
    );
    Ok(())
}

/// The process's peak resident memory in KiB, where the system tells it
/// (Linux's `VmHWM`): the export streams, so this stays flat with size.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
