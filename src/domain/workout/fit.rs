//! FIT files (Garmin, Wahoo, Coros, Suunto, Polar…), read with `fitparser`
//! one message at a time. Only the handful of messages scoring needs are
//! decoded (the file, its sports, sessions and laps, and the developer
//! field descriptions they may use); the per-second records — the track,
//! nearly all of a file — are read past without being decoded or kept.
//! Nothing taken from them depends on the decoder's running timestamps:
//! sessions and laps carry their start times in full.

use chrono::{DateTime, Utc};
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};

use super::{WorkoutError, WorkoutFormat, WorkoutSession, metres, whole_seconds};

/// What the `file_id` message says the file is, and the sessions and laps
/// read so far.
#[derive(Default)]
struct Reading {
    file_type: Option<String>,
    sessions: Vec<WorkoutSession>,
    laps: Vec<WorkoutSession>,
    /// The sport named by a `sport` message, for laps without one.
    sport: Option<(String, Option<String>)>,
}

/// A FIT header says how long it is in its first byte: at least 12 bytes,
/// and no longer than what is left of the file. The parser trusts that
/// byte, so a damaged one is refused here, before the parser reads past
/// the end.
fn check_header(rest: &[u8]) -> Result<(), WorkoutError> {
    let size = usize::from(rest[0]);
    if size < 12 || size > rest.len() {
        return Err(WorkoutError::Corrupt {
            format: WorkoutFormat::Fit,
            detail: format!(
                "the header says it is {size} bytes long, and {} bytes are left",
                rest.len()
            ),
        });
    }
    Ok(())
}

pub(super) fn sessions(content: &[u8]) -> Result<Vec<WorkoutSession>, WorkoutError> {
    let corrupt = |e: fitparser::Error| WorkoutError::Corrupt {
        format: WorkoutFormat::Fit,
        detail: first_line(&e.to_string()),
    };
    let mut processor = FitStreamProcessor::new();
    let mut reading = Reading::default();
    let mut rest = content;
    // Where a file (or the next of chained files) begins, its header comes.
    let mut at_header = true;
    while !rest.is_empty() {
        if at_header {
            check_header(rest)?;
            at_header = false;
        }
        let (next, object) = processor.deserialize_next(rest).map_err(corrupt)?;
        match object {
            FitObject::Crc(_) => {
                processor.reset();
                at_header = true;
            }
            FitObject::DataMessage(message) => {
                let kind = MesgNum::from(message.global_message_number());
                if !matches!(
                    kind,
                    MesgNum::FileId
                        | MesgNum::Sport
                        | MesgNum::Session
                        | MesgNum::Lap
                        | MesgNum::FieldDescription
                        | MesgNum::DeveloperDataId
                ) {
                    rest = next;
                    continue;
                }
                let record = processor.decode_message(message).map_err(corrupt)?;
                match kind {
                    MesgNum::FileId => reading.file_type = text(&record, "type"),
                    MesgNum::Sport => {
                        if let Some(sport) = text(&record, "sport") {
                            reading.sport = Some((sport, text(&record, "sub_sport")));
                        }
                    }
                    MesgNum::Session => {
                        if let Some(s) = session(&record, None) {
                            reading.sessions.push(s);
                        }
                    }
                    MesgNum::Lap => {
                        if let Some(s) = session(&record, reading.sport.clone()) {
                            reading.laps.push(s);
                        }
                    }
                    _ => {}
                }
            }
            FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
        }
        if next.len() >= rest.len() {
            // The parser made no progress: stop rather than loop.
            break;
        }
        rest = next;
    }
    match reading.file_type.as_deref() {
        Some("activity") | None => {}
        Some(other) => {
            return Err(WorkoutError::NotAnActivity {
                format: WorkoutFormat::Fit,
                what: describe_file_type(other),
            });
        }
    }
    let mut sessions = if reading.sessions.is_empty() {
        merge_laps(reading.laps)
    } else {
        reading.sessions
    };
    sessions.retain(|s| s.sport != "transition");
    if sessions.is_empty() {
        return Err(WorkoutError::NotAnActivity {
            format: WorkoutFormat::Fit,
            what: "no-session".into(),
        });
    }
    Ok(sessions)
}

/// A session (or lap) message as a session; `None` without a start time.
fn session(
    record: &FitDataRecord,
    sport: Option<(String, Option<String>)>,
) -> Option<WorkoutSession> {
    let start = time(record, "start_time")?;
    let timer = number(record, "total_timer_time").and_then(whole_seconds);
    let elapsed = number(record, "total_elapsed_time").and_then(whole_seconds);
    let (named_sport, named_sub) = match text(record, "sport") {
        Some(s) => (s, text(record, "sub_sport")),
        None => sport.unwrap_or_else(|| ("generic".into(), None)),
    };
    Some(WorkoutSession {
        sport: named_sport,
        sub_sport: named_sub.filter(|s| s != "generic"),
        start,
        moving_seconds: timer.or(elapsed).unwrap_or(0),
        elapsed_seconds: elapsed,
        distance_m: number(record, "total_distance").and_then(metres),
        avg_heart_rate: number(record, "avg_heart_rate")
            .filter(|hr| (20.0..=250.0).contains(hr))
            .map(|hr| hr as u16),
    })
}

/// Laps of one sport after another become one session per sport.
fn merge_laps(laps: Vec<WorkoutSession>) -> Vec<WorkoutSession> {
    let mut sessions: Vec<WorkoutSession> = Vec::new();
    for lap in laps {
        match sessions.last_mut() {
            Some(s) if s.sport == lap.sport && s.sub_sport == lap.sub_sport => {
                s.moving_seconds = s.moving_seconds.saturating_add(lap.moving_seconds);
                s.elapsed_seconds = match (s.elapsed_seconds, lap.elapsed_seconds) {
                    (Some(a), Some(b)) => Some(a.saturating_add(b)),
                    _ => None,
                };
                s.distance_m = match (s.distance_m, lap.distance_m) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
                s.avg_heart_rate = s.avg_heart_rate.or(lap.avg_heart_rate);
            }
            _ => sessions.push(lap),
        }
    }
    sessions
}

fn field<'a>(record: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    record
        .fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn text(record: &FitDataRecord, name: &str) -> Option<String> {
    match field(record, name)? {
        Value::String(s) => Some(s.to_ascii_lowercase()),
        // An enum value the profile does not name.
        Value::Enum(n) => Some(format!("sport_{n}")),
        _ => None,
    }
}

fn number(record: &FitDataRecord, name: &str) -> Option<f64> {
    let value = field(record, name)?.clone();
    if matches!(value, Value::Invalid | Value::String(_) | Value::Array(_)) {
        return None;
    }
    TryInto::<f64>::try_into(value).ok()
}

fn time(record: &FitDataRecord, name: &str) -> Option<DateTime<Utc>> {
    match field(record, name)? {
        // FIT counts from 1989-12-31; a time before 2000 is a device without a clock set.
        Value::Timestamp(t) => Some(t.with_timezone(&Utc)).filter(|t| t.timestamp() > 946_684_800),
        _ => None,
    }
}

/// What a FIT file of another type holds, for the refusal.
/// What a FIT file that is not an activity holds, as the key the message
/// `err-workout-not-an-activity` names it by (an unknown type by its own name).
fn describe_file_type(file_type: &str) -> String {
    match file_type {
        "settings" | "sport" => "settings",
        "course" => "course",
        "workout" | "schedules" | "training_plan" => "planned-workout",
        "monitoring_a" | "monitoring_b" | "monitoring_daily" | "activity_summary" => "monitoring",
        "totals" => "totals",
        "weight" | "blood_pressure" => "health",
        "device" => "device",
        "segment" | "segment_list" => "segments",
        other => other,
    }
    .to_string()
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}
