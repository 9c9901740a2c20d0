//! `export participants|activities|guild-stats|feedback|audit-log --out
//! FILE`: the panel's exports from the command line, as CSV (plain or for
//! Excel) or an Excel workbook, streamed to a file or stdout.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args as ClapArgs;

use crate::actions::{self, Actor};
use crate::app::App;
use crate::ops::export::{EXPORT_NAMES, ExportFormat, ExportKind, Separator, write_csv};
use crate::store::export_rows::ExportFilter;

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// CSV (see --separator and --bom).
    Csv,
    /// An Excel workbook: numbers as numbers, dates as dates.
    Xlsx,
}

/// How CSV cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SeparatorArg {
    /// Commas and decimal points (RFC 4180; Excel in English).
    Comma,
    /// Semicolons and decimal commas (Excel in Finnish and other languages
    /// with a decimal comma).
    Semicolon,
}

#[derive(Debug, ClapArgs)]
pub(super) struct Args {
    /// participants, activities, archived-activities, guild-stats, feedback
    /// or audit-log.
    kind: String,
    /// Where to write the file ("-" for standard output); missing
    /// directories are created.
    #[arg(long, default_value = "-")]
    out: String,
    /// csv or xlsx (default: from --out's extension, else csv).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// For CSV: comma (default) or semicolon, which also writes decimals
    /// with a comma, as Finnish Excel expects.
    #[arg(long, value_enum, default_value = "comma")]
    separator: SeparatorArg,
    /// For CSV: start with a byte-order mark, so Excel reads ä and ö right.
    #[arg(long)]
    bom: bool,
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
    let kind = ExportKind::parse(&args.kind)
        .with_context(|| format!("“{}” is not an export: use {EXPORT_NAMES}", args.kind))?;
    let filter = ExportFilter {
        guild: args.guild,
        from: args.from,
        to: args.to,
        ..ExportFilter::default()
    };
    let xlsx = match args.format {
        Some(f) => f == Format::Xlsx,
        None => args.out.ends_with(".xlsx"),
    };
    let format = if xlsx {
        ExportFormat::Xlsx {
            time_zone: actions::exports::display_zone(app).await,
        }
    } else {
        ExportFormat::Csv {
            separator: match args.separator {
                SeparatorArg::Comma => Separator::Comma,
                SeparatorArg::Semicolon => Separator::Semicolon,
            },
            bom: args.bom,
        }
    };
    let started = Instant::now();
    let rows = if args.out == "-" {
        let chunks = actions::exports::open(app, actor, kind, filter, format).await?;
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
        let partial = out.with_extension(format!("{}.partial", format.extension()));
        let mut file = tokio::fs::File::create(&partial)
            .await
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let chunks = actions::exports::open(app, actor, kind, filter, format).await?;
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
    if xlsx {
        eprintln!(
            "exported {} as an Excel workbook in {secs:.1} s",
            kind.name()
        );
        return Ok(());
    }
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
