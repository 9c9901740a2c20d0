//! The real workout files of `tests/data/workouts/`, and the same files
//! moved in time: their dates are years old, so a test of the happy path
//! shifts every timestamp by whole days (which keeps the time of day, and
//! the five-bit offsets of FIT's compressed timestamps, as they were).

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use activity_challenge::domain::workout::read_workout;

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
const FIT_EPOCH: i64 = 631_065_600;

/// The bytes of the real file `name`.
pub fn real_file(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "data",
        "workouts",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every real file's name.
pub fn real_file_names() -> Vec<String> {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "workouts"]
        .iter()
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

/// The file `name` (`bytes`) moved by whole days so that it starts
/// `days_ago` days before today (UTC), at its own time of day.
pub fn moved_to_days_ago(name: &str, bytes: &[u8], days_ago: i64) -> Vec<u8> {
    let workout = read_workout(name, bytes).expect("a workout file");
    let start = workout.sessions[0].start;
    let target_day = (Utc::now() - Duration::days(days_ago)).date_naive();
    let days = (target_day - start.date_naive()).num_days();
    shift(name, bytes, Duration::days(days))
}

/// The file with every timestamp moved by `by`.
pub fn shift(name: &str, bytes: &[u8], by: Duration) -> Vec<u8> {
    if name.ends_with(".fit") {
        shift_fit(bytes, by.num_seconds())
    } else {
        shift_text(bytes, by)
    }
}

/// A GPX or TCX file with every `YYYY-MM-DDTHH:MM:SS` moved by `by`.
pub fn shift_text(bytes: &[u8], by: Duration) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 19 <= chars.len() {
            let candidate: String = chars[i..i + 19].iter().collect();
            if let Ok(t) = NaiveDateTime::parse_from_str(&candidate, "%Y-%m-%dT%H:%M:%S") {
                out.push_str(&(t + by).format("%Y-%m-%dT%H:%M:%S").to_string());
                i += 19;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out.into_bytes()
}

/// `(global message, field)` pairs that hold a moment, besides every
/// message's `timestamp` (field 253): file_id.time_created,
/// session/lap/length.start_time, activity.local_timestamp.
const TIME_FIELDS: [(u16, u8); 5] = [(0, 4), (18, 2), (19, 2), (101, 2), (34, 5)];

/// A local message type's definition: its global number, whether it is
/// big endian, its fields as (number, offset, size), and its length.
type Definition = (u16, bool, Vec<(u8, usize, usize)>, usize);

/// A FIT file with every moment moved by `seconds` (a multiple of 32 keeps
/// compressed timestamps right), its CRC written anew.
pub fn shift_fit(bytes: &[u8], seconds: i64) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let header = usize::from(out[0]);
    let size = u32::from_le_bytes([out[4], out[5], out[6], out[7]]) as usize;
    let end = header + size;
    let mut defs: std::collections::HashMap<u8, Definition> = std::collections::HashMap::new();
    let mut i = header;
    while i < end {
        let h = out[i];
        i += 1;
        if h & 0x80 != 0 {
            // A compressed timestamp header: a data message of local type 0-3.
            let local = (h >> 5) & 0x03;
            let Some((global, big, fields, len)) = defs.get(&local).cloned() else {
                panic!("a data message without a definition at byte {i}");
            };
            shift_fields(&mut out[i..i + len], global, big, &fields, seconds);
            i += len;
        } else if h & 0x40 != 0 {
            let local = h & 0x0F;
            let developer = h & 0x20 != 0;
            let big = out[i + 1] == 1;
            let global = if big {
                u16::from_be_bytes([out[i + 2], out[i + 3]])
            } else {
                u16::from_le_bytes([out[i + 2], out[i + 3]])
            };
            let count = usize::from(out[i + 4]);
            i += 5;
            let mut fields = Vec::new();
            let mut offset = 0;
            for _ in 0..count {
                let (number, size) = (out[i], usize::from(out[i + 1]));
                fields.push((number, offset, size));
                offset += size;
                i += 3;
            }
            if developer {
                let dev = usize::from(out[i]);
                i += 1;
                for _ in 0..dev {
                    offset += usize::from(out[i + 1]);
                    i += 3;
                }
            }
            defs.insert(local, (global, big, fields, offset));
        } else {
            let local = h & 0x0F;
            let Some((global, big, fields, len)) = defs.get(&local).cloned() else {
                panic!("a data message without a definition at byte {i}");
            };
            shift_fields(&mut out[i..i + len], global, big, &fields, seconds);
            i += len;
        }
    }
    let crc = super::fit_writer::crc(&out[..end]);
    out[end..end + 2].copy_from_slice(&crc.to_le_bytes());
    out
}

fn shift_fields(
    data: &mut [u8],
    global: u16,
    big: bool,
    fields: &[(u8, usize, usize)],
    seconds: i64,
) {
    for &(number, offset, size) in fields {
        let is_time = number == 253 || TIME_FIELDS.contains(&(global, number));
        if !is_time || size != 4 {
            continue;
        }
        let raw: [u8; 4] = data[offset..offset + 4].try_into().unwrap();
        let value = if big {
            u32::from_be_bytes(raw)
        } else {
            u32::from_le_bytes(raw)
        };
        // Invalid, or a device's own clock count rather than a date.
        if value == u32::MAX || value < 0x1000_0000 {
            continue;
        }
        let moved = (i64::from(value) + seconds).clamp(0x1000_0000, i64::from(u32::MAX - 1)) as u32;
        let bytes = if big {
            moved.to_be_bytes()
        } else {
            moved.to_le_bytes()
        };
        data[offset..offset + 4].copy_from_slice(&bytes);
    }
}

/// When a FIT timestamp is, for reading test output.
pub fn fit_moment(value: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::from(value) + FIT_EPOCH, 0).unwrap()
}
