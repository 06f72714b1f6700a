//! locust `--csv` statistics: `_stats.csv` and `_stats_history.csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::parse::locust::{parse_history, parse_stats};
use runcli_fuzz::show;

fuzz_target!(|data: &[u8]| {
    match parse_stats(data) {
        Ok(table) => {
            for row in &table.rows {
                let _ = row.percentile(0.95);
            }
        }
        Err(e) => show(&e),
    }
    if let Err(e) = parse_history(data) {
        show(&e);
    }
});
