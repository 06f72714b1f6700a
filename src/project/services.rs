//! `[services.NAME]`: per-service settings that are not compose's business.
//! Optional; a project without it gets runcli's defaults for every service.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceSection {
    /// The shell `E` and a bare `runcli exec SERVICE` open, as a command
    /// line (`"bash -l"`); when absent, bash if the container has it, else sh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
}
