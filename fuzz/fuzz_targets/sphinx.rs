//! sphinx-build / sphinx-apidoc output folded into build progress, both as
//! one chunk and line by line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runcli::parse::sphinx::BuildProgress;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut chunk = BuildProgress::new();
    chunk.push_text(&text);
    let mut lines = BuildProgress::new();
    for line in text.lines() {
        let _ = lines.push_line(line);
    }
    for progress in [chunk, lines] {
        assert!(progress.percent <= 100, "percent past 100");
        let _ = (progress.ok(), progress.errors(), progress.is_done());
    }
});
