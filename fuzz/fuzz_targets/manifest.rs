//! runcli.toml: `Manifest::parse` (TOML, then validation with positions).
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::project::Manifest;
use runcli_fuzz::{named, show};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Manifest::parse(text, named("runcli.toml")) {
        show(&e);
    }
});
