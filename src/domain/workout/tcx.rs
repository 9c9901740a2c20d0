//! TCX files (Garmin Training Center, Polar Flow, Strava's older exports),
//! read as a stream with `quick-xml`: each `Activity` is a session, its
//! laps' `TotalTimeSeconds` (the timer, pauses left out) and
//! `DistanceMeters` add up; track points are read past. A multisport file
//! has one `Activity` per sport; transitions are not activities.

use chrono::{DateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{WorkoutError, WorkoutFormat, WorkoutSession, metres, whole_seconds};

#[derive(Default)]
struct Activity {
    sport: String,
    start: Option<DateTime<Utc>>,
    seconds: f64,
    distance: f64,
    /// Heart rate × seconds, for a time-weighted average.
    heart_beats: f64,
    heart_seconds: f64,
}

#[derive(Default)]
struct Lap {
    seconds: Option<f64>,
    distance: Option<f64>,
    heart_rate: Option<f64>,
}

pub(super) fn sessions(content: &[u8]) -> Result<Vec<WorkoutSession>, WorkoutError> {
    let corrupt = |detail: String| WorkoutError::Corrupt {
        format: WorkoutFormat::Tcx,
        detail,
    };
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut activity: Option<Activity> = None;
    let mut lap: Option<Lap> = None;
    let mut sessions = Vec::new();
    let mut has_courses = false;
    let mut has_activities = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"Courses" => has_courses = true,
                    b"Activity" => {
                        has_activities = true;
                        activity = Some(Activity {
                            sport: attribute(&e, b"Sport")
                                .map(|s| s.trim().to_ascii_lowercase())
                                .filter(|s| !s.is_empty())
                                .unwrap_or_else(|| "generic".into()),
                            ..Activity::default()
                        });
                    }
                    b"Lap" if activity.is_some() => {
                        if let (Some(a), Some(start)) = (
                            activity.as_mut(),
                            attribute(&e, b"StartTime").and_then(|t| parse_time(&t)),
                        ) {
                            a.start = Some(a.start.map_or(start, |s| s.min(start)));
                        }
                        lap = Some(Lap::default());
                    }
                    _ => {}
                }
                path.push(name);
            }
            Event::End(_) => {
                let closed = path.pop().unwrap_or_default();
                match closed.as_slice() {
                    b"Lap" => {
                        if let (Some(a), Some(l)) = (activity.as_mut(), lap.take()) {
                            let seconds = l.seconds.unwrap_or(0.0);
                            a.seconds += seconds;
                            a.distance += l.distance.unwrap_or(0.0);
                            if let Some(hr) = l.heart_rate {
                                a.heart_beats += hr * seconds;
                                a.heart_seconds += seconds;
                            }
                        }
                    }
                    b"Activity" => {
                        if let Some(a) = activity.take()
                            && let Some(s) = finish(a)
                        {
                            sessions.push(s);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                // Only the lap's own figures: a track point has its own
                // DistanceMeters and HeartRateBpm, which are read past.
                let n = path.len();
                let parent = n.checked_sub(2).map(|i| path[i].as_slice());
                let grandparent = n.checked_sub(3).map(|i| path[i].as_slice());
                let Some(current) = path.last().map(Vec::as_slice) else {
                    continue;
                };
                let Some(l) = lap.as_mut() else {
                    continue;
                };
                let text = t
                    .unescape()
                    .map_err(|e| corrupt(format!("bad text: {e}")))?;
                let value = text.trim().parse::<f64>().ok();
                match (grandparent, parent, current) {
                    (_, Some(b"Lap"), b"TotalTimeSeconds") => l.seconds = value,
                    (_, Some(b"Lap"), b"DistanceMeters") => l.distance = value,
                    (Some(b"Lap"), Some(b"AverageHeartRateBpm"), b"Value") => l.heart_rate = value,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if sessions.is_empty() {
        return Err(if has_courses && !has_activities {
            WorkoutError::NotAnActivity {
                format: WorkoutFormat::Tcx,
                what: "course".into(),
            }
        } else if has_activities {
            WorkoutError::NoTimes {
                format: WorkoutFormat::Tcx,
            }
        } else {
            WorkoutError::NotAnActivity {
                format: WorkoutFormat::Tcx,
                what: "no-activity".into(),
            }
        });
    }
    Ok(sessions)
}

fn finish(a: Activity) -> Option<WorkoutSession> {
    let start = a.start?;
    if a.sport == "transition" {
        return None;
    }
    Some(WorkoutSession {
        sport: match a.sport.as_str() {
            "biking" => "cycling".into(),
            _ => a.sport,
        },
        sub_sport: None,
        start,
        moving_seconds: whole_seconds(a.seconds).unwrap_or(0),
        elapsed_seconds: None,
        distance_m: metres(a.distance),
        avg_heart_rate: (a.heart_seconds > 0.0)
            .then(|| a.heart_beats / a.heart_seconds)
            .filter(|hr| (20.0..=250.0).contains(hr))
            .map(|hr| hr.round() as u16),
    })
}

fn attribute(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| t.timestamp() > 946_684_800)
}
