//! `[docs]`: Sphinx API stubs and the HTML build, run in a container.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocsSection {
    /// Service whose container runs Sphinx (it binds `docs/`).
    pub service: String,
    /// Compose files; `[compose] files` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_files: Option<Vec<String>>,
    pub env: BTreeMap<String, String>,
    /// Writes the API stubs (`runcli docs build --apidoc`).
    pub apidoc: Vec<String>,
    /// Builds the HTML.
    pub build: Vec<String>,
    /// The built entry page, relative to the root.
    pub index: String,
}

impl Default for DocsSection {
    fn default() -> Self {
        let argv = |s: &[&str]| s.iter().map(|a| a.to_string()).collect();
        DocsSection {
            service: "host".into(),
            compose_files: None,
            env: BTreeMap::new(),
            apidoc: argv(&["sphinx-apidoc", "-o", "docs/source", "."]),
            build: argv(&["sphinx-build", "-M", "html", "docs/source", "docs/build"]),
            index: "docs/build/html/index.html".into(),
        }
    }
}
