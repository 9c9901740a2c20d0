//! Reading workout files: every real file in `tests/data/workouts/` (from
//! real devices; see its README), gzip-compressed copies of them, and
//! generated edge cases. What each file holds was read with independent
//! parsers; these tests hold ours to the same figures.

use std::io::Write as _;
use std::path::PathBuf;

use activity_challenge::domain::Catalogue;
use activity_challenge::domain::workout::{
    Workout, WorkoutError, WorkoutFormat, WorkoutSports, read_workout,
};

fn file(name: &str) -> (String, Vec<u8>) {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "data",
        "workouts",
        name,
    ]
    .iter()
    .collect();
    (
        name.to_string(),
        std::fs::read(&path).expect("the test file exists"),
    )
}

fn read(name: &str) -> Result<Workout, WorkoutError> {
    let (name, bytes) = file(name);
    read_workout(&name, &bytes)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn utc(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[test]
fn a_fenix_2_run_reads_as_its_timer_time_and_distance() {
    let w = read("activity-small-fenix2-run.fit").unwrap();
    assert_eq!(w.format, WorkoutFormat::Fit);
    assert_eq!(w.sessions.len(), 1);
    let s = &w.sessions[0];
    assert_eq!(s.sport, "running");
    assert_eq!(s.start, utc("2015-08-15T14:45:08Z"));
    assert_eq!(s.moving_seconds, 2832);
    let km = s.distance_m.unwrap() / 1000.0;
    assert!((km - 9.0).abs() < 0.05, "{km}");
    assert_eq!(w.sha256.len(), 64);
}

#[test]
fn rides_count_the_timer_not_the_pauses() {
    let w = read("sample-activity.fit").unwrap();
    let s = &w.sessions[0];
    assert_eq!(s.sport, "cycling");
    assert_eq!(s.start, utc("2011-06-26T21:18:39Z"));
    assert_eq!(s.moving_seconds, 10_699);
    assert_eq!(s.elapsed_seconds, Some(11_742));
    assert!((s.distance_m.unwrap() / 1000.0 - 88.8).abs() < 0.05);
    assert_eq!(s.avg_heart_rate, Some(166));

    let w = read("garmin-edge-500-activity.fit").unwrap();
    let s = &w.sessions[0];
    assert_eq!(s.start, utc("2011-09-25T13:00:21Z"));
    assert_eq!(s.moving_seconds, 10_641);
    assert_eq!(s.elapsed_seconds, Some(12_691));
    assert!((s.distance_m.unwrap() / 1000.0 - 92.6).abs() < 0.05);
    assert_eq!(s.avg_heart_rate, Some(162));
}

#[test]
fn an_indoor_rower_keeps_its_sub_sport() {
    let w = read("20170518-191602-1740899583.fit").unwrap();
    let s = &w.sessions[0];
    assert_eq!(
        (s.sport.as_str(), s.sub_sport.as_deref()),
        ("fitness_equipment", Some("indoor_rowing"))
    );
    assert_eq!(s.start, utc("2017-05-18T16:37:30Z"));
    assert_eq!(s.moving_seconds, 1707);
    assert_eq!(s.avg_heart_rate, Some(132));
    let catalogue = Catalogue::builtin();
    let entry = WorkoutSports::builtin().entry_for(s, &catalogue).unwrap();
    assert_eq!(entry.activity, "Indoor rowing");
}

#[test]
fn short_fenix_5_workouts_read_with_their_seconds() {
    for (name, sport, seconds) in [
        ("garmin-fenix-5-run.fit", "running", 57),
        ("garmin-fenix-5-walk.fit", "walking", 45),
        ("garmin-fenix-5-bike.fit", "cycling", 60),
    ] {
        let w = read(name).unwrap();
        assert_eq!(w.sessions[0].sport, sport, "{name}");
        assert_eq!(w.sessions[0].moving_seconds, seconds, "{name}");
    }
}

#[test]
fn a_gpx_track_counts_the_time_spent_moving() {
    let w = read("garmin-activity.gpx").unwrap();
    assert_eq!(w.format, WorkoutFormat::Gpx);
    let s = &w.sessions[0];
    assert_eq!(s.sport, "running");
    assert_eq!(s.start, utc("2017-07-29T14:46:35Z"));
    // 14:46:35 to 16:18:13 is 5,498 s from start to end.
    assert_eq!(s.elapsed_seconds, Some(5498));
    // Read independently: about 91 moving minutes over 12.8 km.
    assert!(
        (5400..=5498).contains(&s.moving_seconds),
        "{}",
        s.moving_seconds
    );
    let km = s.distance_m.unwrap() / 1000.0;
    assert!((12.7..12.9).contains(&km), "{km}");

    let w = read("wahoo_example.gpx").unwrap();
    assert_eq!(w.sessions[0].elapsed_seconds, Some(2));
    assert_eq!(
        w.sessions[0].moving_seconds, 0,
        "standing still is not moving"
    );
}

#[test]
fn a_tcx_file_adds_up_its_laps() {
    let w = read("test.tcx").unwrap();
    assert_eq!(w.format, WorkoutFormat::Tcx);
    let s = &w.sessions[0];
    assert_eq!(s.sport, "running");
    assert_eq!(s.start, utc("2012-12-26T21:29:53Z"));
    // 608.47 + 715 + 670 s of timer time, to the second.
    let expected = 608 + 715 + 670;
    assert!(
        (i64::from(s.moving_seconds) - expected).abs() <= 2,
        "{}",
        s.moving_seconds
    );
    assert!(s.distance_m.unwrap() > 4000.0);
    assert!(s.avg_heart_rate.is_some());
}

#[test]
fn files_that_are_not_workouts_say_what_they_are() {
    let e = read("Settings.fit").unwrap_err();
    assert!(
        matches!(&e, WorkoutError::NotAnActivity { what, .. } if what == "settings"),
        "{e:?}"
    );
    assert!(e.to_string().contains("device settings"), "{e}");

    let e = read("activity-settings-corruptheader.fit").unwrap_err();
    assert!(
        matches!(
            e,
            WorkoutError::Corrupt {
                format: WorkoutFormat::Fit,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("Export the activity again"));
}

#[test]
fn gzip_compressed_files_read_the_same_as_plain_ones() {
    for name in [
        "activity-small-fenix2-run.fit",
        "garmin-activity.gpx",
        "test.tcx",
    ] {
        let (_, bytes) = file(name);
        let plain = read_workout(name, &bytes).unwrap();
        let packed = read_workout(&format!("{name}.gz"), &gzip(&bytes)).unwrap();
        assert_eq!(plain.sessions, packed.sessions, "{name}");
        assert_ne!(
            plain.sha256, packed.sha256,
            "the hash is of the file as sent"
        );
    }
}

#[test]
fn truncated_and_damaged_files_are_refused_not_crashed_on() {
    for name in [
        "activity-small-fenix2-run.fit",
        "sample-activity.fit",
        "garmin-activity.gpx",
        "test.tcx",
    ] {
        let (_, bytes) = file(name);
        for cut in [13, 100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 3] {
            // Any answer but a panic; a cut file is never read as whole.
            let result = read_workout(name, &bytes[..cut]);
            if let Ok(w) = &result {
                assert!(!name.ends_with(".fit"), "{name} cut at {cut} read as {w:?}");
            }
        }
        let mut flipped = bytes.clone();
        for i in (20..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5a;
        }
        let _ = read_workout(name, &flipped);
    }
    assert_eq!(
        read_workout("empty.fit", b"").unwrap_err(),
        WorkoutError::UnknownFormat
    );
}

#[test]
fn every_real_file_gives_an_answer() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "workouts"]
        .iter()
        .collect();
    let mut read_ok = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        match read_workout(&name, &bytes) {
            Ok(w) => {
                read_ok += 1;
                assert!(!w.sessions.is_empty(), "{name}");
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
    assert_eq!(read_ok, 10, "ten of the twelve files are workouts");
}

#[test]
fn a_generated_triathlon_gives_one_session_per_sport_without_transitions() {
    let start = utc("2026-12-02T07:00:00Z");
    let bytes = crate::support::fit_writer::triathlon(start, 1);
    let w = read_workout("tri.fit", &bytes).unwrap();
    let sports: Vec<(&str, Option<&str>, u32)> = w
        .sessions
        .iter()
        .map(|s| (s.sport.as_str(), s.sub_sport.as_deref(), s.moving_seconds))
        .collect();
    assert_eq!(
        sports,
        [
            ("swimming", Some("lap_swimming"), 1800),
            ("cycling", None, 4800),
            ("running", None, 3000)
        ]
    );
    assert_eq!(w.sessions[0].start, start);
    assert!((w.sessions[1].distance_m.unwrap() - 40_000.0).abs() < 1.0);
}

#[test]
fn a_generated_course_or_settings_file_is_not_an_activity() {
    let start = utc("2026-12-02T07:00:00Z");
    let legs = [crate::support::fit_writer::Leg {
        sport: 1,
        sub_sport: 0,
        start,
        timer_seconds: 120,
        paused_seconds: 0,
        distance_m: 400.0,
        avg_heart_rate: 120,
    }];
    let e = read_workout("c.fit", &crate::support::fit_writer::activity(&legs, 6)).unwrap_err();
    assert!(e.to_string().contains("a course"), "{e}");
    // A file whose CRC no longer matches its bytes.
    let mut bytes = crate::support::fit_writer::run(start, 30, 5.0);
    let n = bytes.len();
    bytes[n - 1] ^= 0xff;
    assert!(matches!(
        read_workout("bad.fit", &bytes),
        Err(WorkoutError::Corrupt { .. })
    ));
}
