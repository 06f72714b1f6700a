//! What a build needs before the engine is asked: the context folder, the
//! Dockerfile, and the stage `target` names. For compose services (at the
//! compose file's `build` key) and for profile containers (at runcli.toml's).

use std::path::{Component, Path, PathBuf};

use super::{Finding, dockerfile};
use crate::project::compose::locate::key_location;
use crate::project::position::{Seg, locate};
use crate::project::{ComposeProject, ManifestSource, Project};

/// One build to check, with where to point when it is wrong.
struct Build<'a> {
    /// `service `api`` or `profile `notebook``, for messages.
    owner: String,
    context: PathBuf,
    dockerfile: &'a str,
    target: Option<&'a str>,
    /// Where each key is written: (context/build, dockerfile, target).
    at: [Option<String>; 3],
}

/// Builds of the compose services of one loaded file set.
pub fn check_services(files: &[PathBuf], compose: &ComposeProject) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, spec) in &compose.services {
        let Some(b) = &spec.build else { continue };
        let at = |key: &str| {
            key_location(files, &["services", name, "build", key])
                .or_else(|| key_location(files, &["services", name, "build"]))
                .map(|l| l.to_string())
        };
        out.extend(check(&Build {
            owner: format!("service `{name}`"),
            context: b.context.clone(),
            dockerfile: &b.dockerfile,
            target: b.target.as_deref(),
            at: [at("context"), at("dockerfile"), at("target")],
        }));
    }
    out
}

/// Builds of the profiles' standalone containers (runcli.toml).
pub fn check_profiles(project: &Project) -> Vec<Finding> {
    let (manifest_path, text) = match &project.manifest_source {
        ManifestSource::File(path) => (Some(path), std::fs::read_to_string(path).ok()),
        ManifestSource::EmbeddedDefault { .. } => (None, None),
    };
    let mut out = Vec::new();
    for (name, profile) in &project.manifest.profiles {
        let Some(b) = profile.container.as_ref().and_then(|c| c.build.as_ref()) else {
            continue;
        };
        let at = |key: &str| {
            let path = manifest_path?;
            let segs = [
                Seg::Key("profiles"),
                Seg::Key(name),
                Seg::Key("container"),
                Seg::Key("build"),
                Seg::Key(key),
            ];
            let pos = text.as_deref().and_then(|t| locate(t, &segs));
            Some(match pos {
                Some(pos) => format!("{}:{pos}", path.display()),
                None => path.display().to_string(),
            })
        };
        out.extend(check(&Build {
            owner: format!("profile `{name}`"),
            context: project.root.join(&b.context),
            dockerfile: &b.dockerfile,
            target: b.target.as_deref(),
            at: [at("context"), at("dockerfile"), at("target")],
        }));
    }
    out
}

fn check(b: &Build<'_>) -> Option<Finding> {
    let [at_context, at_dockerfile, at_target] = b.at.clone();
    if !b.context.is_dir() {
        return Some(Finding::new(
            at_context,
            format!(
                "{}: build context {} is not a folder",
                b.owner,
                shown(&b.context)
            ),
            "create it, or point `context` at the folder holding the sources",
        ));
    }
    let path = b.context.join(b.dockerfile);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_string(),
                _ => format!("cannot be read: {e}"),
            };
            return Some(Finding::new(
                at_dockerfile,
                format!("{}: Dockerfile {} {why}", b.owner, shown(&path)),
                "create it, or name the right file in `dockerfile` (relative to the context)",
            ));
        }
    };
    let target = b.target?;
    let stages = dockerfile::stages(&text);
    if dockerfile::has_stage(&stages, target) {
        return None;
    }
    let known = if stages.is_empty() {
        "it names none".to_string()
    } else {
        format!("its stages: {}", stages.join(", "))
    };
    Some(Finding::new(
        at_target,
        format!(
            "{}: build target `{target}` is not a stage of {} ({known})",
            b.owner,
            shown(&path)
        ),
        format!("name one of its stages, or add `FROM ... AS {target}` to the Dockerfile"),
    ))
}

/// The path without `.` segments (`root/./Dockerfile` reads as `root/Dockerfile`).
fn shown(path: &Path) -> String {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .collect::<PathBuf>()
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build<'a>(context: &Path, dockerfile: &'a str, target: Option<&'a str>) -> Build<'a> {
        Build {
            owner: "service `api`".into(),
            context: context.to_path_buf(),
            dockerfile,
            target,
            at: [Some("c".into()), Some("d".into()), Some("t".into())],
        }
    }

    #[test]
    fn each_missing_piece_is_reported_where_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM scratch AS base\n").unwrap();
        let missing = check(&build(&dir.path().join("nope"), "Dockerfile", None)).unwrap();
        assert_eq!(missing.at.as_deref(), Some("c"));
        let missing = check(&build(dir.path(), "Dockerfile-api", None)).unwrap();
        assert_eq!(missing.at.as_deref(), Some("d"));
        assert!(missing.problem.contains("Dockerfile-api"), "{missing}");
        let wrong = check(&build(dir.path(), "Dockerfile", Some("api"))).unwrap();
        assert_eq!(wrong.at.as_deref(), Some("t"));
        assert!(wrong.problem.contains("its stages: base"), "{wrong}");
        assert_eq!(check(&build(dir.path(), "Dockerfile", Some("BASE"))), None);
        assert_eq!(check(&build(dir.path(), "Dockerfile", None)), None);
    }
}
