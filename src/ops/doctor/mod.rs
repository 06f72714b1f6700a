//! `doctor`'s checks of a project, each in its own file and each returning
//! [`Finding`]s as data, so the faces decide how to show them. Only the
//! port check touches anything live (it binds sockets); none needs the
//! engine, which the caller asks separately.
//!
//! A check that cannot run because an earlier one failed (no compose
//! project, so no Dockerfiles to look at) stays quiet: the first problem
//! is the one to fix.

pub mod build;
pub mod compose;
pub mod dockerfile;
pub mod git;
pub mod ports;
pub mod references;
pub mod secrets;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use crate::project::Project;

/// One problem: where (`file:line` when known), what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `path` or `path:line[:col]`, relative to the project root.
    pub at: Option<String>,
    pub problem: String,
    /// `None` when `problem` already says how to fix it.
    pub fix: Option<String>,
}

impl Finding {
    pub fn new(at: Option<String>, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Finding {
            at,
            problem: problem.into(),
            fix: Some(fix.into()),
        }
    }

    /// An error whose message already names its place and its fix.
    pub fn from_error(error: &dyn fmt::Display) -> Self {
        Finding {
            at: None,
            problem: error.to_string(),
            fix: None,
        }
    }

    /// Paths under `root` shown relative to it, as the header names the root.
    pub fn relative_to(mut self, root: &Path) -> Self {
        let prefix = format!("{}/", root.display());
        if let Some(at) = &mut self.at {
            *at = at.replace(&prefix, "");
        }
        self.problem = self.problem.replace(&prefix, "");
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "{at}: ")?;
        }
        f.write_str(&self.problem)?;
        if let Some(fix) = &self.fix {
            write!(f, " — {fix}")?;
        }
        Ok(())
    }
}

/// What the caller knows from the engine about the project's own containers.
#[derive(Debug, Clone, Default)]
pub struct EngineFacts {
    /// Host ports the project's running containers publish; `None` when the
    /// engine did not answer, so a taken port cannot be told apart.
    pub own_ports: Option<BTreeSet<u16>>,
}

/// Every check, in the order a person fixes things: compose files and the
/// services runcli.toml names in them, then what they name (build contexts, Dockerfiles), the secrets pair, ports,
/// git. Blocking: reads files, binds sockets, opens the git repository.
pub fn check(project: &Project, facts: &EngineFacts) -> Vec<Finding> {
    let loaded = compose::load_all(project);
    let mut findings = loaded.findings;
    findings.extend(references::check(project, &loaded.sets));
    for set in &loaded.sets {
        findings.extend(build::check_services(&set.files, &set.compose));
    }
    findings.extend(build::check_profiles(project));
    findings.extend(secrets::check(project));
    findings.extend(ports::check(
        &ports::wanted(project, &loaded.sets),
        facts.own_ports.as_ref(),
    ));
    findings.extend(git::check(project));
    let mut seen = BTreeSet::new();
    findings
        .into_iter()
        .map(|f| f.relative_to(&project.root))
        .filter(|f| seen.insert(f.to_string()))
        .collect()
}
