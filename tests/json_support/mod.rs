//! Reads a `--json` run's stdout as the contract says it is: every line one
//! JSON object, nothing else (no blank line, no stray byte).
#![allow(dead_code)]

use serde_json::Value;

/// Every stdout line parsed as a JSON object; panics (with the whole output)
/// on the first line that is not one.
pub fn json_lines(out: &std::process::Output) -> Vec<Value> {
    let stdout = std::str::from_utf8(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not UTF-8 ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        stdout.is_empty() || stdout.ends_with('\n'),
        "stdout ends mid-line: {stdout:?}"
    );
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "a stdout line is not JSON ({e}): {line:?}\nstdout:\n{stdout}\nstderr:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            assert!(value.is_object(), "not an object: {line}");
            value
        })
        .collect()
}

/// The objects whose `field` is `value` (`"event"`, `"kind"`).
pub fn with<'a>(objects: &'a [Value], field: &str, value: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o[field] == value).collect()
}

/// Panics unless `object` has every one of `fields` (null allowed).
pub fn assert_fields(object: &Value, fields: &[&str]) {
    for field in fields {
        assert!(
            object.get(field).is_some(),
            "field `{field}` missing from {object}"
        );
    }
}

/// The last line of stderr.
pub fn last_stderr_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}
