//! Env files, both ways: any value quoted by `quote_value` reads back
//! exactly through dotenvy; the input as a compose `.env` and `env_file`;
//! the input as an existing compiled file that `secrets diff` reads.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use runcli::secrets::{Compiler, SecretsConfig, Sources, Target, Values, quote_value};
use runcli_fuzz::{load, show};

const COMPOSE: &[u8] =
    b"services:\n  a:\n    image: \"img:${A:-x}${B-}\"\n    env_file: [svc.env]\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let line = format!("K={}\n", quote_value(text));
    let read: Result<Vec<(String, String)>, _> = dotenvy::from_read_iter(line.as_bytes()).collect();
    assert_eq!(read.ok(), Some(vec![("K".to_string(), text.to_string())]));

    if let Some(Err(e)) = load(&[("compose.yaml", COMPOSE), (".env", data), ("svc.env", data)]) {
        show(&e);
    }
    existing_file(data);
});

/// `Compiler::diff` parses the file already on disk.
fn existing_file(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join("existing.env"), data).is_err() {
        return;
    }
    let mut vars = serde_json::Map::new();
    vars.insert("a".into(), serde_json::Value::String("x".into()));
    let sources = Sources {
        template_path: "secret--template.env".into(),
        template: "A={{ a }}\n".into(),
        values_path: "secret--template-values.env".into(),
        values: Values::from_targets(vec![Target::new("t", vars)]),
    };
    let compiler = Compiler::from_sources(
        dir.path(),
        &SecretsConfig::default(),
        sources,
        Some("1.0.0".into()),
    );
    match compiler.and_then(|c| c.diff("t", Path::new("existing.env"))) {
        Ok(diff) => drop(diff),
        Err(e) => show(&e),
    }
}
