//! The secrets template: tera compile (with the Jinja checks and the
//! trim/lstrip emulation), then render and env-file checks for targets of
//! the real fixture values plus one of awkward values.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use runcli::secrets::{Compiler, SecretsConfig, Sources, Target, Values};
use runcli_fuzz::{named, show};
use serde_json::json;

const FIXTURE: &str = include_str!("../../tests/fixtures/secrets/secret--template-values.env");
const TARGETS: [&str; 3] = ["api-prod", "frontend-local", "fuzz-awkward"];

fn values() -> &'static Values {
    static VALUES: OnceLock<Values> = OnceLock::new();
    VALUES.get_or_init(|| {
        let fixture = Values::from_json_str(FIXTURE, named("values")).unwrap_or_default();
        let mut targets = fixture.targets().to_vec();
        let awkward = json!({
            "app": "api",
            "env": "prod",
            "text": "a b # c 'q' \"d\" $HOME ${X} \\ \n\r\tend",
            "empty": "",
            "number": 1.5,
            "flag": true,
            "none": null,
            "list": ["x", 2, false],
            "nested": {"k": "v\nw"},
        });
        if let serde_json::Value::Object(vars) = awkward {
            targets.push(Target::new("fuzz-awkward", vars));
        }
        Values::from_targets(targets)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(template) = std::str::from_utf8(data) else {
        return;
    };
    let sources = Sources {
        template_path: "secret--template.env".into(),
        template: template.to_string(),
        values_path: "secret--template-values.env".into(),
        values: values().clone(),
    };
    let root = Path::new("/nonexistent-fuzz-root");
    let config = SecretsConfig::default();
    let compiler = match Compiler::from_sources(root, &config, sources, Some("1.2.3".into())) {
        Ok(compiler) => compiler,
        Err(e) => return show(&e),
    };
    for target in TARGETS {
        match compiler.render(target) {
            Ok(rendered) => {
                let read: Result<Vec<(String, String)>, _> =
                    dotenvy::from_read_iter(rendered.text.as_bytes()).collect();
                assert_eq!(read.ok(), Some(rendered.vars), "read back differs");
            }
            Err(e) => show(&e),
        }
    }
});
