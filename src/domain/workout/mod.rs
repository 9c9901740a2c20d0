//! Workout files from watches, bike computers and apps — FIT, GPX and TCX,
//! also gzip-compressed as Strava's bulk export writes them — read into
//! what scoring needs and nothing more: per sport session, the sport, the
//! start, the moving (timer) time, the distance and the average speed and
//! heart rate. The GPS track is read past and never kept.
//!
//! Reading is pure: bytes in, a [`Workout`] or a [`WorkoutError`] out,
//! whatever the bytes are (the parsers are fuzzed).

mod fit;
mod gpx;
pub mod sports;
mod tcx;

use std::fmt;
use std::io::Read as _;

use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

use crate::i18n::Message;
use crate::msg;

pub use sports::{SportMapping, WorkoutSports};

/// The largest file the bot accepts: Telegram lets bots download files of
/// up to 20 MB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The largest size a compressed file may expand to (a guard against
/// archives built to explode).
pub const MAX_EXPANDED_BYTES: usize = 64 * 1024 * 1024;

/// The shortest session that counts as a workout.
pub const MIN_SESSION_SECONDS: u32 = 60;

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkoutFormat {
    Fit,
    Gpx,
    Tcx,
}

impl fmt::Display for WorkoutFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WorkoutFormat::Fit => "FIT",
            WorkoutFormat::Gpx => "GPX",
            WorkoutFormat::Tcx => "TCX",
        })
    }
}

/// One sport of a workout: the whole workout, or one leg of a multisport
/// one (a triathlon's swim, ride and run; transitions are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutSession {
    /// The sport as the file names it, lower case: `running`, `cycling`,
    /// `fitness_equipment`…
    pub sport: String,
    /// The sub-sport, when the file gives one: `indoor_cycling`, `lap_swimming`…
    pub sub_sport: Option<String>,
    /// When it started.
    pub start: DateTime<Utc>,
    /// The moving time: the timer time of a FIT or TCX file (pauses left
    /// out), the time spent moving in a GPX track.
    pub moving_seconds: u32,
    /// From the start to the end, pauses included, when known.
    pub elapsed_seconds: Option<u32>,
    /// The distance covered, in metres.
    pub distance_m: Option<f64>,
    /// The average heart rate, in beats per minute.
    pub avg_heart_rate: Option<u16>,
}

impl WorkoutSession {
    /// The average speed over the moving time, in km/h.
    pub fn avg_speed_kmh(&self) -> Option<f64> {
        let metres = self.distance_m.filter(|d| *d > 0.0)?;
        (self.moving_seconds > 0).then(|| metres / f64::from(self.moving_seconds) * 3.6)
    }
}

/// What a file holds that scoring needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    pub format: WorkoutFormat,
    /// The sessions in order; transitions are left out.
    pub sessions: Vec<WorkoutSession>,
    /// The SHA-256 of the file as sent (compressed or not), in hex: the
    /// same file sent twice is recognised by it.
    pub sha256: String,
}

/// Why a file cannot be logged, in words its sender can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkoutError {
    /// Larger than the bot may download.
    TooLarge { size_mb: f64 },
    /// Not a FIT, GPX or TCX file.
    UnknownFormat,
    /// A workout file that is damaged or cut short; `detail` is the
    /// reader's own words.
    Corrupt {
        format: WorkoutFormat,
        detail: String,
    },
    /// A file of the right format that holds no recorded activity
    /// (settings, a course, monitoring data). `what` names it: `settings`,
    /// `course`, `planned-workout`, `monitoring`, `totals`, `health`,
    /// `device`, `segments`, `waypoints`, `route`, `empty-track`,
    /// `no-session`, `no-activity`, or a FIT file type of its own name.
    NotAnActivity { format: WorkoutFormat, what: String },
    /// A route or track without times.
    NoTimes { format: WorkoutFormat },
}

impl WorkoutError {
    /// What the sender reads: what was wrong and what to send instead.
    pub fn message(&self) -> Message {
        match self {
            WorkoutError::TooLarge { size_mb } => msg!(
                "err-workout-too-large",
                size = format!("{size_mb:.1}"),
                limit = 20u32
            ),
            WorkoutError::UnknownFormat => msg!("err-workout-unknown-format"),
            WorkoutError::Corrupt { format, detail } => msg!(
                "err-workout-corrupt",
                format = format.to_string(),
                detail = detail.as_str()
            ),
            WorkoutError::NotAnActivity { format, what } => msg!(
                "err-workout-not-an-activity",
                format = format.to_string(),
                what = what.as_str()
            ),
            WorkoutError::NoTimes { format } => {
                msg!("err-workout-no-times", format = format.to_string())
            }
        }
    }
}

impl fmt::Display for WorkoutError {
    /// In English, for the CLI and the logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for WorkoutError {}

/// Reads a workout file. `name` (as sent) is only a hint: the content
/// decides the format, and `.gz` files are expanded first.
pub fn read_workout(name: &str, bytes: &[u8]) -> Result<Workout, WorkoutError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(WorkoutError::TooLarge {
            size_mb: bytes.len() as f64 / (1024.0 * 1024.0),
        });
    }
    let sha256 = hex(&Sha256::digest(bytes));
    let expanded;
    let content: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        expanded = gunzip(bytes, name)?;
        &expanded
    } else {
        bytes
    };
    let (format, sessions) = match sniff(content) {
        Some(WorkoutFormat::Fit) => (WorkoutFormat::Fit, fit::sessions(content)?),
        Some(WorkoutFormat::Gpx) => (WorkoutFormat::Gpx, gpx::sessions(content)?),
        Some(WorkoutFormat::Tcx) => (WorkoutFormat::Tcx, tcx::sessions(content)?),
        None => return Err(WorkoutError::UnknownFormat),
    };
    Ok(Workout {
        format,
        sessions,
        sha256,
    })
}

/// The format the content is in: a FIT header carries `.FIT` at byte 8;
/// XML files are told apart by their root element.
fn sniff(content: &[u8]) -> Option<WorkoutFormat> {
    if content.len() >= 12 && &content[8..12] == b".FIT" {
        return Some(WorkoutFormat::Fit);
    }
    let head = &content[..content.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    if text.contains("<TrainingCenterDatabase") {
        Some(WorkoutFormat::Tcx)
    } else if text.contains("<gpx") {
        Some(WorkoutFormat::Gpx)
    } else {
        None
    }
}

/// Expands a gzip file, refusing one that expands beyond the limit.
fn gunzip(bytes: &[u8], name: &str) -> Result<Vec<u8>, WorkoutError> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::GzDecoder::new(bytes).take(MAX_EXPANDED_BYTES as u64 + 1);
    let inner = name
        .strip_suffix(".gz")
        .and_then(|n| n.rsplit('.').next())
        .map(str::to_ascii_uppercase);
    let format = match inner.as_deref() {
        Some("GPX") => WorkoutFormat::Gpx,
        Some("TCX") => WorkoutFormat::Tcx,
        _ => WorkoutFormat::Fit,
    };
    decoder
        .read_to_end(&mut out)
        .map_err(|e| WorkoutError::Corrupt {
            format,
            detail: format!("the gzip compression is damaged: {e}"),
        })?;
    if out.len() > MAX_EXPANDED_BYTES {
        return Err(WorkoutError::TooLarge {
            size_mb: out.len() as f64 / (1024.0 * 1024.0),
        });
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds as a whole number, refusing what no workout lasts (negative,
/// not a number, longer than a week).
fn whole_seconds(seconds: f64) -> Option<u32> {
    (seconds.is_finite() && (0.0..=7.0 * 86_400.0).contains(&seconds))
        .then(|| seconds.round() as u32)
}

/// A distance in metres, when it is one.
fn metres(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0 && value < 10_000_000.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: a FIT header whose size byte runs past the end of
    /// the file made the parser panic; it is a damaged file.
    #[test]
    fn a_header_longer_than_the_file_is_a_damaged_file_not_a_panic() {
        let bytes: &[u8] = &[
            239, 187, 191, 7, 205, 21, 0, 0, 46, 70, 73, 84, 169, 30, 64, 0, 0, 0, 0, 7, 3, 4, 140,
            4, 4, 134, 7, 4, 134, 1, 2, 132, 2, 2, 132, 5, 2, 132, 0, 1, 0, 0, 201, 225, 48, 235,
            225, 8, 160, 51, 255, 255, 255, 255, 1, 0, 137, 10, 255, 255, 4, 65, 0, 0, 49, 0, 2, 0,
            2, 132, 1, 1, 2, 1, 154, 1, 14, 16, 238, 7, 205, 21, 0, 0, 46, 70, 73, 84, 169, 30, 64,
            0, 0, 0, 0, 7, 3, 4, 140, 4, 4, 134, 7, 4, 134, 1, 2, 132, 2, 2, 132, 255, 66, 0, 0,
            21, 0, 6, 253, 4, 134, 3, 4, 134, 15, 4, 134, 0, 1, 0, 1, 1, 0, 5,
        ];
        for name in ["a.fit", "a.gpx.gz", "a.tcx"] {
            assert!(
                matches!(read_workout(name, bytes), Err(WorkoutError::Corrupt { .. })),
                "{name}"
            );
        }
        // The same header byte on an otherwise short file.
        let mut short = bytes[..20].to_vec();
        short[0] = 14;
        assert!(read_workout("b.fit", &short).is_err());
    }

    #[test]
    fn the_content_decides_the_format() {
        let mut fit = vec![14u8, 0x10, 0, 0, 0, 0, 0, 0];
        fit.extend_from_slice(b".FIT");
        assert_eq!(sniff(&fit), Some(WorkoutFormat::Fit));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><gpx version=\"1.1\">"),
            Some(WorkoutFormat::Gpx)
        );
        assert_eq!(
            sniff(b"<?xml version='1.0'?>\n<TrainingCenterDatabase xmlns=\"x\">"),
            Some(WorkoutFormat::Tcx)
        );
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn anything_else_is_refused_with_what_to_send() {
        let e = read_workout("photo.jpg", b"\xff\xd8\xff\xe0 not a workout").unwrap_err();
        assert_eq!(e, WorkoutError::UnknownFormat);
        assert!(e.to_string().contains("FIT, GPX or TCX"));
        let huge = vec![0u8; MAX_FILE_BYTES + 1];
        assert!(matches!(
            read_workout("big.fit", &huge),
            Err(WorkoutError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_damaged_gzip_is_corrupt_not_a_crash() {
        let e = read_workout("x.gpx.gz", &[0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap_err();
        assert!(matches!(
            e,
            WorkoutError::Corrupt {
                format: WorkoutFormat::Gpx,
                ..
            }
        ));
    }
}
