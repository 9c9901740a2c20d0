//! `workouts`: how long reading a workout file takes and how much memory
//! it holds at its peak, for every file in `tests/data/workouts/` (real
//! devices) and for a generated multisport FIT file of about 1 MB. The
//! target: p95 at most 50 ms, memory in proportion to what is kept (a few
//! sessions), not to the file.

use std::alloc::{GlobalAlloc, Layout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use activity_challenge::domain::workout::read_workout;
use chrono::{TimeZone, Utc};

#[path = "../../../tests/support/fit_writer.rs"]
pub(super) mod fit_writer;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// mimalloc, counting live and peak heap bytes while `COUNTING` is on.
pub struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if COUNTING.load(Ordering::Relaxed) && !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(
                layout.size().min(LIVE.load(Ordering::Relaxed)),
                Ordering::Relaxed,
            );
        }
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if COUNTING.load(Ordering::Relaxed) && !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                let less = (layout.size() - new_size).min(LIVE.load(Ordering::Relaxed));
                LIVE.fetch_sub(less, Ordering::Relaxed);
            }
        }
        p
    }
}

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// How many times each file is read.
    #[arg(long, default_value_t = 50)]
    repeat: usize,
    /// The directory of workout files.
    #[arg(long, default_value = "tests/data/workouts")]
    dir: PathBuf,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(super) fn run(args: Args) -> anyhow::Result<()> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&path)?));
    }
    let start = Utc.with_ymd_and_hms(2026, 12, 2, 7, 0, 0).unwrap();
    // Swim, ride and run, six times the usual lengths: one record a second,
    // about 1 MB.
    files.push((
        "generated-triathlon.fit".into(),
        fit_writer::triathlon(start, 6),
    ));
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>12} {:>9}  outcome",
        "file", "bytes", "p50 ms", "p95 ms", "peak heap", "heap/file"
    );
    let mut worst_p95 = 0.0_f64;
    for (name, bytes) in &files {
        let mut times = Vec::with_capacity(args.repeat);
        let mut peak = 0;
        let mut outcome = String::new();
        for _ in 0..args.repeat.max(1) {
            LIVE.store(0, Ordering::Relaxed);
            PEAK.store(0, Ordering::Relaxed);
            COUNTING.store(true, Ordering::Relaxed);
            let started = Instant::now();
            let result = read_workout(name, bytes);
            let took = started.elapsed().as_secs_f64() * 1000.0;
            COUNTING.store(false, Ordering::Relaxed);
            peak = peak.max(PEAK.load(Ordering::Relaxed));
            times.push(took);
            outcome = match result {
                Ok(w) => format!(
                    "{} session(s), {} min",
                    w.sessions.len(),
                    w.sessions.iter().map(|s| s.moving_seconds).sum::<u32>() / 60
                ),
                Err(e) => format!(
                    "refused: {}",
                    e.to_string().chars().take(50).collect::<String>()
                ),
            };
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let p95 = percentile(&times, 0.95);
        worst_p95 = worst_p95.max(p95);
        println!(
            "{:<36} {:>9} {:>9.2} {:>9.2} {:>9.1} KiB {:>8.2}×  {outcome}",
            name,
            bytes.len(),
            percentile(&times, 0.5),
            p95,
            peak as f64 / 1024.0,
            peak as f64 / bytes.len().max(1) as f64,
        );
    }
    println!(
        "worst p95: {worst_p95:.2} ms (target: at most 50 ms); each file read {} times",
        args.repeat
    );
    Ok(())
}
