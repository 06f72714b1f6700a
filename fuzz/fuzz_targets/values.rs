//! The secrets values file (JSON of targets): `Values::from_json_str`, and
//! the target names read as `<app>-<env>[-<code name>]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::secrets::Values;
use runcli_fuzz::{named, show};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Values::from_json_str(text, named("secret--template-values.env")) {
        Ok(values) => {
            for target in values.targets() {
                let _ = target.info();
                let _ = target.variable_names();
            }
        }
        Err(e) => show(&e),
    }
});
