//! `alembic current` / `alembic history` output (and flask-migrate's).
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::parse::alembic::{parse_current, parse_history};
use runcli_fuzz::show;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_current(&text) {
        Ok(current) => {
            let _ = current.is_base();
        }
        Err(e) => show(&e),
    }
    match parse_history(&text) {
        Ok(history) => {
            for head in history.heads() {
                let _ = head.down_revision();
            }
        }
        Err(e) => show(&e),
    }
});
