//! Progress for long jobs: a bar on a terminal, a line every tenth of the
//! way otherwise (logs, CI), so a long job never looks stuck.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

/// A job's progress towards a known total.
pub struct Progress {
    bar: Option<ProgressBar>,
    label: String,
    total: u64,
    done: AtomicU64,
    started: Instant,
    quiet: bool,
}

impl Progress {
    /// Progress towards `total` units of `label` (e.g. "rows").
    pub fn new(total: u64, label: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} {msg} ({per_sec}, ETA {eta})")
                    .expect("static template")
                    .progress_chars("=> "),
            );
            bar.set_message(label.to_string());
            bar
        });
        Progress {
            bar,
            label: label.to_string(),
            total,
            done: AtomicU64::new(0),
            started: Instant::now(),
            quiet: false,
        }
    }

    /// Progress that reports nothing (tests, embedding).
    pub fn hidden(total: u64) -> Progress {
        Progress {
            quiet: true,
            ..Progress::new(total, "")
        }
        .without_bar()
    }

    fn without_bar(mut self) -> Progress {
        self.bar = None;
        self
    }

    /// Records `n` more units done.
    pub fn inc(&self, n: u64) {
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        let after = before + n;
        if let Some(bar) = &self.bar {
            bar.inc(n);
        } else if !self.quiet && self.total > 0 {
            let step = (self.total / 10).max(1);
            if before / step != after / step {
                let secs = self.started.elapsed().as_secs_f64().max(1e-9);
                eprintln!(
                    "  {:>3}%  {after}/{} {}  ({:.0}/s)",
                    (after * 100 / self.total).min(100),
                    self.total,
                    self.label,
                    after as f64 / secs
                );
            }
        }
    }

    /// Ends the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
