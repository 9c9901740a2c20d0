//! A button's payload as Telegram sends it back (anyone can send any).
#![no_main]

use activity_challenge::bot::callback::Callback;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Some(callback) = Callback::decode(data) {
        let encoded = callback.encode();
        assert!(encoded.len() <= 64, "{encoded:?} is over Telegram's 64 bytes");
        assert_eq!(Callback::decode(&encoded), Some(callback), "{data:?}");
    }
});
