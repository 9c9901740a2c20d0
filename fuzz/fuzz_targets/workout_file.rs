//! A workout file sent to the bot: FIT, GPX, TCX or any of them gzipped.
#![no_main]

use activity_challenge::domain::workout::read_workout;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for name in ["a.fit", "a.gpx.gz", "a.tcx"] {
        if let Ok(w) = read_workout(name, bytes) {
            assert!(!w.sessions.is_empty());
            for s in &w.sessions {
                assert!(s.moving_seconds <= 7 * 86_400);
            }
        }
    }
});
