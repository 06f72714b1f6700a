//! `runcli keys`: the console's effective key map, one line per action
//! (pane, action, key, description), with runcli.toml's `[keys]` applied.
//! Under `--json`: one `{"pane", "action", "key", "default",
//! "description"}` object per action. Fixed navigation keys are not
//! actions and are not listed (README, "Keys").

use std::process::ExitCode;

use serde_json::json;

use super::output::Output;
use super::table;
use crate::project::Project;

pub fn run(project: &Project, out: Output) -> anyhow::Result<ExitCode> {
    let map = project.manifest.keys.keymap();
    if out.is_json() {
        for (action, key) in map.entries() {
            out.record(&json!({
                "pane": action.scope.name(),
                "action": action.name,
                "key": key.to_string(),
                "default": action.default.to_string(),
                "description": action.description,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[String; 4]> = map
        .entries()
        .map(|(action, key)| {
            let mut description = action.description.to_string();
            if key != action.default {
                description.push_str(&format!(" (default {})", action.default));
            }
            [
                action.scope.name().to_string(),
                action.name.to_string(),
                key.to_string(),
                description,
            ]
        })
        .collect();
    for line in table::columns(&rows) {
        out.say(line);
    }
    Ok(ExitCode::SUCCESS)
}
