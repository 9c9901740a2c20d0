//! An organiser's own activity catalogue (CATALOGUE_FILE).
#![no_main]

use activity_challenge::domain::Catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(catalogue) = Catalogue::parse(text) {
        for entry in catalogue.entries() {
            assert!(catalogue.entry_by_code(&entry.code).is_some());
        }
    }
});
