//! A CSV file of activities to import.
#![no_main]

use std::sync::OnceLock;

use activity_challenge::domain::Catalogue;
use activity_challenge::ops::import::read_rows;
use libfuzzer_sys::fuzz_target;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::builtin)
}

fuzz_target!(|content: &[u8]| {
    if let Ok(read) = read_rows(content, catalogue()) {
        assert!(read.valid() as u64 <= read.records);
    }
});
