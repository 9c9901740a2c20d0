//! A one-line entry typed to the bot: "running 30", "swim 1h".
#![no_main]

use activity_challenge::domain::parse_quick_entry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let entry = parse_quick_entry(text);
    if let Some(d) = entry.duration {
        assert!((1..=1440).contains(&d.get()));
        assert!(!entry.query.is_empty(), "a duration always leaves a query");
    }
});
