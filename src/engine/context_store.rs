//! Reads the docker CLI's own files: `config.json` for the current context and
//! the context store (`contexts/meta/<sha256(name)>/meta.json`,
//! `contexts/tls/<sha256(name)>/docker/`) for a named context's endpoint.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error::EngineError;

/// The docker endpoint of a named context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContextEndpoint {
    pub host: String,
    pub skip_tls_verify: bool,
    /// The folder with ca.pem / cert.pem / key.pem, when the context stores TLS material.
    pub tls_dir: Option<PathBuf>,
}

/// The `currentContext` of `<dir>/config.json`; `None` when the file or the key is absent.
pub(crate) fn current_context(dir: &Path) -> Result<Option<String>, EngineError> {
    let path = dir.join("config.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(config_error(&path, e.to_string(), FIX_CONFIG)),
    };
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        config_error(
            &path,
            format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
            FIX_CONFIG,
        )
    })?;
    Ok(json
        .get("currentContext")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .map(str::to_string))
}

/// The folder name the docker CLI gives a context: the hex sha256 of its name.
pub(crate) fn context_id(name: &str) -> String {
    hex::encode(Sha256::digest(name.as_bytes()))
}

/// Loads the docker endpoint of context `name` from the store under `dir`.
pub(crate) fn load_context(dir: &Path, name: &str) -> Result<ContextEndpoint, EngineError> {
    let id = context_id(name);
    let path = dir
        .join("contexts")
        .join("meta")
        .join(&id)
        .join("meta.json");
    let missing_hint = format!(
        "Run `docker context ls` to see the contexts, then `docker context use NAME`, or set DOCKER_HOST. (Context \"{name}\" is looked up in {}.)",
        dir.join("contexts").display()
    );
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(config_error(
                &path,
                format!("docker context \"{name}\" does not exist"),
                &missing_hint,
            ));
        }
        Err(e) => return Err(config_error(&path, e.to_string(), &missing_hint)),
    };
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        config_error(
            &path,
            format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
            "Recreate the context with `docker context create`.",
        )
    })?;
    let docker = json.get("Endpoints").and_then(|eps| eps.get("docker"));
    let host = docker
        .and_then(|d| d.get("Host"))
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            config_error(
                &path,
                format!("docker context \"{name}\" has no Endpoints.docker.Host"),
                "Recreate it with `docker context create NAME --docker host=...`.",
            )
        })?
        .to_string();
    let skip_tls_verify = docker
        .and_then(|d| d.get("SkipTLSVerify"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let tls_dir = dir.join("contexts").join("tls").join(&id).join("docker");
    let has_tls = ["ca.pem", "cert.pem", "key.pem"]
        .iter()
        .any(|f| tls_dir.join(f).is_file());
    Ok(ContextEndpoint {
        host,
        skip_tls_verify,
        tls_dir: has_tls.then_some(tls_dir),
    })
}

const FIX_CONFIG: &str = "Fix or remove the file, or set DOCKER_HOST to bypass it.";

fn config_error(path: &Path, reason: String, hint: &str) -> EngineError {
    EngineError::Config {
        path: path.to_path_buf(),
        reason,
        hint: hint.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_id_is_sha256_hex_of_name() {
        // sha256("default"), as the docker CLI names the folder.
        assert_eq!(
            context_id("default"),
            "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }
}
