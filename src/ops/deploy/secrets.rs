//! The environment's secrets, compiled in memory: every output of the
//! secrets environment rendered and read back as variables, never written
//! to a file here or on a node. Also where the deployed API answers when
//! the environment names no URL: the values file's `api_host`.

use crate::project::Project;
use crate::secrets::Compiler;

/// Compiled variables (a later output wins) and the values' `api_host`.
pub struct CompiledSecrets {
    pub vars: Vec<(String, String)>,
    pub api_host: Option<String>,
}

/// Compiles `env` of the project's secrets with `version` as the template's
/// `version` (the one deployed, which `--version` may set apart from
/// config.json's). Blocking: reads the template and values files.
pub fn compile(project: &Project, env: &str, version: &str) -> Result<CompiledSecrets, String> {
    let compiler = Compiler::new(
        &project.root,
        &project.manifest.secrets,
        Some(version.to_string()),
    )
    .map_err(|e| e.to_string())?;
    let plan = compiler.plan(env).map_err(|e| e.to_string())?;
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut api_host = None;
    for output in &plan {
        let rendered = compiler.render(&output.target).map_err(|e| e.to_string())?;
        for (key, value) in rendered.vars {
            vars.retain(|(k, _)| *k != key);
            vars.push((key, value));
        }
        if api_host.is_none() {
            api_host = compiler
                .values()
                .get(&output.target)
                .and_then(|t| t.vars().get("api_host"))
                .and_then(|v| v.as_str())
                .map(with_scheme);
        }
    }
    Ok(CompiledSecrets { vars, api_host })
}

/// `api_host` as the values file writes it, often without a scheme:
/// then https, as a deployed API is served.
fn with_scheme(host: &str) -> String {
    if host.contains("://") {
        host.to_string()
    } else {
        format!("https://{host}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_host_without_a_scheme_is_served_over_https() {
        assert_eq!(with_scheme("api.example"), "https://api.example");
        assert_eq!(with_scheme("http://10.0.0.1:8080"), "http://10.0.0.1:8080");
    }
}
