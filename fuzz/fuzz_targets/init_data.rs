//! Telegram Mini App initData, as sent to /api/v1/me.
#![no_main]

use activity_challenge::domain::init_data::validate_init_data;
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi";

fuzz_target!(|text: &str| {
    let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap();
    // Forged data never validates (the fuzzer cannot find an HMAC).
    let _ = validate_init_data(text, TOKEN, now, 86_400);
});
