//! One compose file through the whole loader: YAML, interpolation, the
//! subset check, normalisation and the service specs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli_fuzz::{load, show};

fuzz_target!(|data: &[u8]| {
    if let Some(Err(e)) = load(&[("compose.yaml", data)]) {
        show(&e);
    }
});
