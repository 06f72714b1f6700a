//! JUnit XML reports (pytest `--junitxml`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::parse::junit::parse_junit;
use runcli_fuzz::show;

fuzz_target!(|data: &[u8]| {
    match parse_junit(data) {
        Ok(report) => {
            for case in report.cases() {
                let _ = case.full_name();
            }
        }
        Err(e) => show(&e),
    }
});
