//! Up to four compose files merged in order: the input is split at YAML
//! document markers (`\n---\n`), the later parts live in a subfolder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli_fuzz::{load, show};

const NAMES: [&str; 4] = [
    "compose.yaml",
    "over/one.yaml",
    "over/two.yaml",
    "three.yaml",
];

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while parts.len() < NAMES.len() - 1 {
        let Some(at) = rest.windows(5).position(|w| w == b"\n---\n") else {
            break;
        };
        parts.push(&rest[..at + 1]);
        rest = &rest[at + 5..];
    }
    parts.push(rest);
    let files: Vec<(&str, &[u8])> = NAMES.iter().copied().zip(parts).collect();
    if let Some(Err(e)) = load(&files) {
        show(&e);
    }
});
