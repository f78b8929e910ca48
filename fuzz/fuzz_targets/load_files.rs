//! Fuzzes the loaders: any bytes as a checklist, a matrix and an assessment must give a value
//! or located diagnostics, never a panic. Run with the nightly toolchain:
//!
//!     cargo +nightly fuzz run load_files -- -max_total_time=60
#![no_main]

use std::sync::OnceLock;

use crimeproof::catalog::{ChecklistSet, Origin, default_matrix, load_checklist, load_matrix};
use libfuzzer_sys::fuzz_target;

fn set() -> &'static ChecklistSet {
    static SET: OnceLock<ChecklistSet> = OnceLock::new();
    SET.get_or_init(|| ChecklistSet::load(&Origin::Bundled).expect("bundled set loads"))
}

fuzz_target!(|data: &[u8]| {
    let located = |d: &[crimeproof::diagnostics::Diagnostic]| {
        assert!(!d.is_empty() && d.iter().all(|d| d.line >= 1 && d.column >= 1));
    };
    if let Err(d) = load_checklist("fuzz.yaml", data, &default_matrix()) {
        located(&d);
    }
    if let Err(d) = load_matrix("matrix.yaml", data) {
        located(&d);
    }
    if let Err(d) = crimeproof::storage::check_assessment("fuzz.yaml", data, set()) {
        located(&d);
    }
});
