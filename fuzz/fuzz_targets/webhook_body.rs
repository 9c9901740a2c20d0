//! A body posted to the bot's webhook route.
#![no_main]

use activity_challenge::bot::webhook::parse_update;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = parse_update(body);
});
