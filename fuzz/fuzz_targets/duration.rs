//! A duration as a participant types it: "45", "1h30", "1:30", "90m"...
#![no_main]

use activity_challenge::domain::parse_duration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(d) = parse_duration(text) {
        assert!((1..=1440).contains(&d.get()), "{text:?} gave {}", d.get());
    }
});
