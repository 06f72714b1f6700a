//! Every set of compose files the manifest names (`[compose] files`, each
//! profile's and each tier's own) read with the loader `server up` uses, so
//! doctor finds exactly what a start would trip over: YAML syntax, unknown
//! keys, interpolation, merge, missing `env_file`s, dependency cycles.

use std::path::PathBuf;

use super::Finding;
use crate::project::{ComposeProject, ManifestSource, Project, ProjectError};

/// One set of files that loaded.
#[derive(Debug, Clone)]
pub struct LoadedSet {
    /// As runcli.toml names them.
    pub names: Vec<String>,
    /// Absolute, in merge order.
    pub files: Vec<PathBuf>,
    pub compose: ComposeProject,
}

/// The sets that loaded, and a finding for each that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sets: Vec<LoadedSet>,
    pub findings: Vec<Finding>,
}

/// Each distinct file list once, with the first that uses it (for messages).
pub fn file_sets(project: &Project) -> Vec<(Option<&Vec<String>>, String)> {
    let m = &project.manifest;
    let mut sets: Vec<(Option<&Vec<String>>, String)> = vec![(None, "[compose] files".to_string())];
    let own = m
        .profiles
        .iter()
        .map(|(name, p)| (p.compose_files.as_ref(), format!("profile `{name}`")))
        .chain(
            m.tests
                .tiers
                .iter()
                .map(|(name, t)| (t.compose_files.as_ref(), format!("tier `{name}`"))),
        )
        .chain([
            (
                m.migrations.compose_files.as_ref(),
                "[migrations]".to_string(),
            ),
            (m.docs.compose_files.as_ref(), "[docs]".to_string()),
        ]);
    for (files, user) in own {
        let Some(files) = files else { continue };
        if files == &m.compose.files || sets.iter().any(|(f, _)| *f == Some(files)) {
            continue;
        }
        sets.push((Some(files), user));
    }
    sets
}

/// Loads every set; interpolation reads the process environment and the
/// project's `.env`, as `server up` does.
pub fn load_all(project: &Project) -> Loaded {
    let mut loaded = Loaded::default();
    let embedded = matches!(
        project.manifest_source,
        ManifestSource::EmbeddedDefault { .. }
    );
    for (own, user) in file_sets(project) {
        match project.compose(own) {
            Ok(compose) => loaded.sets.push(LoadedSet {
                names: project.manifest.compose.files_or_default(own).to_vec(),
                files: project.compose_paths(own),
                compose,
            }),
            Err(e) => loaded.findings.push(finding(&e, &user, embedded)),
        }
    }
    loaded
}

fn finding(error: &ProjectError, user: &str, embedded: bool) -> Finding {
    match error {
        ProjectError::Io { path, source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            let (whose, fix) = if embedded {
                (
                    "runcli's built-in manifest",
                    "create it, or write a runcli.toml (`runcli init`) that names your files",
                )
            } else {
                (
                    "runcli.toml",
                    "create it, or take it out of that list in runcli.toml",
                )
            };
            Finding::new(
                Some(path.display().to_string()),
                format!("compose file missing (named by {user} in {whose})"),
                fix,
            )
        }
        other => Finding::from_error(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Manifest;

    fn project(dir: &std::path::Path, manifest: &str) -> Project {
        let manifest = Manifest::parse(manifest, &dir.join("runcli.toml")).unwrap();
        let source = ManifestSource::File(dir.join("runcli.toml"));
        Project::new(dir.to_path_buf(), manifest, source).unwrap()
    }

    const MANIFEST: &str = "[compose]\nfiles = [\"a.yaml\"]\n\n\
        [profiles.one]\nservices = \"all\"\n\n\
        [profiles.two]\nservices = \"all\"\ncompose_files = [\"a.yaml\", \"b.yaml\"]\n\n\
        [profiles.three]\nservices = \"all\"\ncompose_files = [\"a.yaml\"]\n";

    #[test]
    fn each_distinct_list_is_loaded_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path(), MANIFEST);
        let users: Vec<String> = file_sets(&p).into_iter().map(|(_, u)| u).collect();
        assert_eq!(users, vec!["[compose] files", "profile `two`"]);
    }

    #[test]
    fn a_missing_file_names_its_user() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "services:\n  x:\n    image: x\n").unwrap();
        let loaded = load_all(&project(dir.path(), MANIFEST));
        assert_eq!(loaded.sets.len(), 1);
        let text: Vec<String> = loaded.findings.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(text[0].contains("b.yaml: compose file missing"), "{text:?}");
        assert!(text[0].contains("profile `two`"), "{text:?}");
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "services:\n  x:\n    imag: x\n").unwrap();
        let loaded = load_all(&project(dir.path(), MANIFEST));
        assert!(loaded.sets.is_empty());
        let text = loaded.findings[0].to_string();
        assert!(text.contains("a.yaml:3:"), "{text}");
    }
}
