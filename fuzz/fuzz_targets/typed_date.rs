//! A date typed to the bot at the date step.
#![no_main]

use activity_challenge::domain::parse_typed_date;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let _ = parse_typed_date(text, today);
});
