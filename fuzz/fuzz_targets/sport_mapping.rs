//! The mapping from a workout's sport to the catalogue.
#![no_main]

use activity_challenge::domain::workout::WorkoutSports;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = WorkoutSports::parse(text);
});
