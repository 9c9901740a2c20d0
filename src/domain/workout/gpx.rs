//! GPX tracks (Garmin Connect, Strava, Komoot, RideWithGPS…), read with
//! georust's `gpx`. A GPX file has no timer, so the moving time is added
//! up from the track: the time between points that follow closely and
//! show movement (a stop at the lights or a pause with the recording on
//! does not count).

use chrono::{DateTime, Utc};

use super::{WorkoutError, WorkoutFormat, WorkoutSession, metres};

/// A gap between two points longer than this is a pause (or lost signal).
const MAX_GAP_SECONDS: f64 = 60.0;
/// Slower than this between two points is standing still (GPS drift).
const MIN_MOVING_SPEED_MS: f64 = 0.5;

pub(super) fn sessions(content: &[u8]) -> Result<Vec<WorkoutSession>, WorkoutError> {
    let document = ::gpx::read(content).map_err(|e| WorkoutError::Corrupt {
        format: WorkoutFormat::Gpx,
        detail: e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect(),
    })?;
    if document.tracks.is_empty() {
        return Err(WorkoutError::NotAnActivity {
            format: WorkoutFormat::Gpx,
            what: if document.routes.is_empty() {
                "waypoints".into()
            } else {
                "route".into()
            },
        });
    }
    let mut sessions = Vec::new();
    let mut any_points = false;
    for track in &document.tracks {
        let mut start: Option<DateTime<Utc>> = None;
        let mut end: Option<DateTime<Utc>> = None;
        let mut moving = 0.0_f64;
        let mut distance = 0.0_f64;
        for segment in &track.segments {
            let mut previous: Option<(DateTime<Utc>, (f64, f64))> = None;
            for point in &segment.points {
                any_points = true;
                let Some(at) = point.time.and_then(utc) else {
                    continue;
                };
                let here = point.point();
                let here = (here.y(), here.x());
                start = Some(start.map_or(at, |s| s.min(at)));
                end = Some(end.map_or(at, |e| e.max(at)));
                if let Some((then, there)) = previous {
                    let dt = (at - then).num_milliseconds() as f64 / 1000.0;
                    let dx = haversine_m(there, here);
                    if dt > 0.0 {
                        distance += dx;
                        if dt <= MAX_GAP_SECONDS && dx / dt >= MIN_MOVING_SPEED_MS {
                            moving += dt;
                        }
                    }
                }
                previous = Some((at, here));
            }
        }
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        sessions.push(WorkoutSession {
            sport: track
                .type_
                .as_deref()
                .map(|t| t.trim().to_ascii_lowercase())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "generic".into()),
            sub_sport: None,
            start,
            moving_seconds: moving.round().min(7.0 * 86_400.0) as u32,
            elapsed_seconds: u32::try_from((end - start).num_seconds()).ok(),
            distance_m: metres(distance),
            avg_heart_rate: None,
        });
    }
    if sessions.is_empty() {
        return Err(if any_points {
            WorkoutError::NoTimes {
                format: WorkoutFormat::Gpx,
            }
        } else {
            WorkoutError::NotAnActivity {
                format: WorkoutFormat::Gpx,
                what: "empty-track".into(),
            }
        });
    }
    Ok(sessions)
}

fn utc(time: ::gpx::Time) -> Option<DateTime<Utc>> {
    let at: time::OffsetDateTime = time.into();
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond())
}

/// The great-circle distance between two (latitude, longitude) points.
fn haversine_m((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    if !a.is_finite() {
        return 0.0;
    }
    let d = 2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin();
    if d.is_finite() { d } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_metres() {
        // One degree of latitude is about 111.2 km.
        let d = haversine_m((60.0, 25.0), (61.0, 25.0));
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
        assert_eq!(haversine_m((60.0, 25.0), (60.0, 25.0)), 0.0);
        assert_eq!(haversine_m((f64::NAN, 0.0), (0.0, 0.0)), 0.0);
    }

    #[test]
    fn a_route_without_times_is_not_a_workout() {
        let route = br#"<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>plan</name><trkseg><trkpt lat="60.1" lon="24.9"/><trkpt lat="60.2" lon="24.9"/></trkseg></trk></gpx>"#;
        assert_eq!(
            sessions(route).unwrap_err(),
            WorkoutError::NoTimes {
                format: WorkoutFormat::Gpx
            }
        );
        let planned = br#"<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><rte><rtept lat="60.1" lon="24.9"/></rte></gpx>"#;
        assert!(matches!(
            sessions(planned).unwrap_err(),
            WorkoutError::NotAnActivity { .. }
        ));
    }
}
