//! The secrets pair (template + values): when both are there, every target
//! is rendered through the compiler's own check; when they are missing, say
//! how to get them (the template ships `.txt` copies to start from).

use super::Finding;
use crate::ops::secrets::compiler;
use crate::project::Project;

pub fn check(project: &Project) -> Vec<Finding> {
    let config = &project.manifest.secrets;
    let names = [config.template.as_str(), config.values.as_str()];
    let missing: Vec<&str> = names
        .into_iter()
        .filter(|name| !project.root.join(name).exists())
        .collect();
    if missing.is_empty() {
        return render_all(project);
    }
    let needed_by = users(project);
    let mut out = Vec::new();
    let mut without_copy = Vec::new();
    for name in &missing {
        let copy = format!("{name}.txt");
        if project.root.join(&copy).is_file() {
            out.push(Finding::new(
                Some((*name).to_string()),
                "the secrets file is missing, but its template copy is there",
                format!("copy it: `cp {copy} {name}`, then fill in the real values"),
            ));
        } else {
            without_copy.push(*name);
        }
    }
    // Neither file and nothing that compiles secrets: the project has none.
    if without_copy.is_empty() || (missing.len() == names.len() && needed_by.is_none()) {
        return out;
    }
    let why = needed_by
        .map(|who| format!(" ({who} needs compiled secrets)"))
        .unwrap_or_default();
    let (noun, it) = match without_copy.len() {
        1 => ("file", "it"),
        _ => ("files", "them"),
    };
    out.push(Finding::new(
        None,
        format!("missing secrets {noun}: {}{why}", without_copy.join(", ")),
        format!(
            "create {it} (the template ships `.txt` copies to start from; [secrets] in \
             runcli.toml names the files)"
        ),
    ));
    out
}

/// Every target rendered and read back; each error is one finding.
fn render_all(project: &Project) -> Vec<Finding> {
    match compiler(project) {
        Ok(compiler) => compiler
            .check()
            .errors
            .iter()
            .map(|e| Finding::from_error(e))
            .collect(),
        Err(e) => vec![Finding::from_error(&e)],
    }
}

/// The first profile or tier that needs compiled secrets, if any.
fn users(project: &Project) -> Option<String> {
    let m = &project.manifest;
    let profile = m
        .profiles
        .iter()
        .find(|(_, p)| p.secrets.is_some())
        .map(|(name, _)| format!("profile `{name}`"));
    profile.or_else(|| {
        m.tests
            .tiers
            .iter()
            .find(|(_, t)| !t.env_from_secrets.is_empty())
            .map(|(name, _)| format!("tier `{name}`"))
    })
}

/// The env files the secrets environments write, relative to the root,
/// each once.
pub fn outputs(project: &Project) -> Vec<String> {
    let mut paths: Vec<String> = project
        .manifest
        .secrets
        .environments
        .values()
        .flat_map(|env| &env.outputs)
        .map(|o| o.path.clone())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}
