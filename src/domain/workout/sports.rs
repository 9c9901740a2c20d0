//! From a workout's sport to a catalogue entry: `data/workout-sports.csv`
//! maps a file's sport and sub-sport to Compendium codes, with the
//! intensity chosen from the average speed or heart rate where the
//! Compendium tells them apart.

use super::WorkoutSession;
use crate::domain::{Catalogue, CatalogueEntry};

/// The built-in mapping.
const BUILTIN: &str = include_str!("../../../data/workout-sports.csv");

/// One row of the mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct SportMapping {
    pub sport: String,
    /// `None` matches any sub-sport.
    pub sub_sport: Option<String>,
    /// The Compendium code of the catalogue entry.
    pub code: String,
    /// Taken when the average moving speed reaches this (km/h).
    pub from_kmh: Option<f64>,
    /// Taken when the average heart rate reaches this.
    pub from_bpm: Option<u16>,
}

/// The mapping in use.
#[derive(Debug, Clone)]
pub struct WorkoutSports {
    rows: Vec<SportMapping>,
}

impl WorkoutSports {
    /// The built-in mapping.
    pub fn builtin() -> WorkoutSports {
        WorkoutSports::parse(BUILTIN).expect("the built-in sport mapping is valid")
    }

    /// Reads a mapping; lines starting with `#` are comments. An error
    /// names the line.
    pub fn parse(text: &str) -> Result<WorkoutSports, String> {
        let mut rows = Vec::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                if line != "sport,sub_sport,code,from_kmh,from_bpm" {
                    return Err(format!(
                        "line {}: the header must be sport,sub_sport,code,from_kmh,from_bpm",
                        i + 1
                    ));
                }
                header_seen = true;
                continue;
            }
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let [sport, sub_sport, code, kmh, bpm] = cells[..] else {
                return Err(format!("line {}: expected 5 cells", i + 1));
            };
            if sport.is_empty() || code.is_empty() {
                return Err(format!("line {}: sport and code are required", i + 1));
            }
            let from_kmh = match kmh {
                "" => None,
                k => Some(
                    k.parse::<f64>()
                        .ok()
                        .filter(|k| k.is_finite() && *k >= 0.0)
                        .ok_or_else(|| format!("line {}: {k:?} is not a speed", i + 1))?,
                ),
            };
            let from_bpm = match bpm {
                "" => None,
                b => Some(
                    b.parse::<u16>()
                        .map_err(|_| format!("line {}: {b:?} is not a heart rate", i + 1))?,
                ),
            };
            rows.push(SportMapping {
                sport: sport.to_ascii_lowercase(),
                sub_sport: (!sub_sport.is_empty()).then(|| sub_sport.to_ascii_lowercase()),
                code: code.to_string(),
                from_kmh,
                from_bpm,
            });
        }
        Ok(WorkoutSports { rows })
    }

    /// Every row, in file order.
    pub fn rows(&self) -> &[SportMapping] {
        &self.rows
    }

    /// The catalogue entry for a session, or `None` when its sport is not
    /// mapped (or maps to codes the catalogue in use does not have): then
    /// the person picks the activity.
    pub fn entry_for<'c>(
        &self,
        session: &WorkoutSession,
        catalogue: &'c Catalogue,
    ) -> Option<&'c CatalogueEntry> {
        let exact: Vec<&SportMapping> = self
            .rows
            .iter()
            .filter(|r| r.sport == session.sport && r.sub_sport == session.sub_sport)
            .collect();
        let candidates = if exact.is_empty() {
            self.rows
                .iter()
                .filter(|r| r.sport == session.sport && r.sub_sport.is_none())
                .collect()
        } else {
            exact
        };
        let speed = session.avg_speed_kmh();
        let heart = session.avg_heart_rate;
        // The band reached: the highest threshold met, else the base row.
        let reached = |r: &&&SportMapping| match (r.from_kmh, r.from_bpm) {
            (None, None) => true,
            (Some(k), _) => speed.is_some_and(|s| s >= k),
            (None, Some(b)) => heart.is_some_and(|h| h >= b),
        };
        let rank = |r: &SportMapping| (r.from_kmh.unwrap_or(0.0), r.from_bpm.unwrap_or(0));
        candidates
            .iter()
            .filter(reached)
            .max_by(|a, b| {
                rank(a)
                    .partial_cmp(&rank(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .and_then(|r| catalogue.entry_by_code(&r.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn session(
        sport: &str,
        sub: Option<&str>,
        km: f64,
        minutes: u32,
        hr: Option<u16>,
    ) -> WorkoutSession {
        WorkoutSession {
            sport: sport.into(),
            sub_sport: sub.map(String::from),
            start: chrono::Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
            moving_seconds: minutes * 60,
            elapsed_seconds: None,
            distance_m: (km > 0.0).then_some(km * 1000.0),
            avg_heart_rate: hr,
        }
    }

    #[test]
    fn every_code_is_in_the_built_in_catalogue() {
        let catalogue = Catalogue::builtin();
        for row in WorkoutSports::builtin().rows() {
            assert!(
                catalogue.entry_by_code(&row.code).is_some(),
                "{row:?} names a code the catalogue lacks"
            );
        }
    }

    #[test]
    fn speed_picks_the_intensity_where_the_compendium_tells_them_apart() {
        let (sports, catalogue) = (WorkoutSports::builtin(), Catalogue::builtin());
        let code = |s: &WorkoutSession| sports.entry_for(s, &catalogue).map(|e| e.code.clone());
        // 9.0 km in 47 minutes is 11.5 km/h.
        assert_eq!(
            code(&session("running", None, 9.0, 47, None)).as_deref(),
            Some("12595")
        );
        assert_eq!(
            code(&session("running", None, 4.0, 45, None)).as_deref(),
            Some("12026")
        );
        assert_eq!(
            code(&session("running", None, 6.0, 50, None)).as_deref(),
            Some("12029")
        );
        // No distance (a treadmill without a foot pod): the base row.
        assert_eq!(
            code(&session("running", None, 0.0, 30, None)).as_deref(),
            Some("12026")
        );
        assert_eq!(
            code(&session("cycling", None, 88.8, 178, None)).as_deref(),
            Some("01014")
        );
        assert_eq!(
            code(&session("cycling", None, 10.0, 60, None)).as_deref(),
            Some("01252")
        );
        assert_eq!(
            code(&session(
                "cycling",
                Some("indoor_cycling"),
                0.0,
                45,
                Some(160)
            ))
            .as_deref(),
            Some("01236")
        );
        assert_eq!(
            code(&session(
                "fitness_equipment",
                Some("indoor_rowing"),
                0.0,
                28,
                Some(132)
            ))
            .as_deref(),
            Some("02071")
        );
        // An unknown sub-sport falls back to the sport's rows.
        assert_eq!(
            code(&session("running", Some("street"), 9.0, 47, None)).as_deref(),
            Some("12595")
        );
        assert_eq!(code(&session("sky_diving", None, 0.0, 10, None)), None);
    }

    #[test]
    fn a_bad_mapping_names_its_line() {
        assert!(WorkoutSports::parse("nope").unwrap_err().contains("line 1"));
        let e =
            WorkoutSports::parse("sport,sub_sport,code,from_kmh,from_bpm\nrunning,,12028,fast,")
                .unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
