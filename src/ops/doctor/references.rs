//! Services that profiles and tiers name must be defined by the compose
//! files they use, or `server up` / `test run` stop at once. Checked only
//! for file sets that loaded (a broken set is already a finding).
//! `[migrations]` and `[docs]` are left out: their built-in defaults name the
//! template's services, and a project without docs would be told so forever.
//! For the same reason `[commands]` is checked only when runcli.toml writes it.

use super::Finding;
use super::compose::LoadedSet;
use crate::project::position::{Seg, locate};
use crate::project::{ManifestSource, Project, ServiceSelection};

/// A service named in runcli.toml, by whom and where.
struct Named<'a> {
    owner: String,
    files: &'a [String],
    service: &'a str,
    key: Vec<Seg<'a>>,
}

pub fn check(project: &Project, sets: &[LoadedSet]) -> Vec<Finding> {
    let text = match &project.manifest_source {
        ManifestSource::File(path) => std::fs::read_to_string(path).ok().map(|t| (path, t)),
        ManifestSource::EmbeddedDefault { .. } => None,
    };
    let commands_written = text
        .as_ref()
        .is_some_and(|(_, text)| locate(text, &["commands".into()]).is_some());
    named(project, commands_written)
        .into_iter()
        .filter_map(|n| {
            let set = sets.iter().find(|s| s.names == n.files)?;
            if set.compose.services.contains_key(n.service) {
                return None;
            }
            let at = text
                .as_ref()
                .map(|(path, text)| match locate(text, &n.key) {
                    Some(pos) => format!("{}:{pos}", path.display()),
                    None => path.display().to_string(),
                });
            let known: Vec<&str> = set.compose.services.keys().map(String::as_str).collect();
            Some(Finding::new(
                at,
                format!(
                    "{} names service `{}`, not defined in {} (services: {})",
                    n.owner,
                    n.service,
                    n.files.join(", "),
                    known.join(", ")
                ),
                "correct the name in runcli.toml, or add the service to the compose files",
            ))
        })
        .collect()
}

fn named(project: &Project, commands_written: bool) -> Vec<Named<'_>> {
    let m = &project.manifest;
    let mut out = Vec::new();
    for (name, p) in &m.profiles {
        let files = m.compose.files_or_default(p.compose_files.as_ref());
        let owner = format!("profile `{name}`");
        if let ServiceSelection::Only(services) = &p.services {
            for (i, service) in services.iter().enumerate() {
                out.push(Named {
                    owner: owner.clone(),
                    files,
                    service,
                    key: vec![
                        "profiles".into(),
                        name.as_str().into(),
                        "services".into(),
                        i.into(),
                    ],
                });
            }
        }
        for (i, step) in p.steps.iter().enumerate() {
            out.push(Named {
                owner: owner.clone(),
                files,
                service: &step.service,
                key: vec![
                    "profiles".into(),
                    name.as_str().into(),
                    "steps".into(),
                    i.into(),
                    "service".into(),
                ],
            });
        }
    }
    for (name, t) in &m.tests.tiers {
        let files = m.compose.files_or_default(t.compose_files.as_ref());
        let owner = format!("tier `{name}`");
        out.push(Named {
            owner: owner.clone(),
            files,
            service: &t.service,
            key: vec!["tests".into(), name.as_str().into(), "service".into()],
        });
        for (i, service) in t.needs.iter().enumerate() {
            out.push(Named {
                owner: owner.clone(),
                files,
                service,
                key: vec![
                    "tests".into(),
                    name.as_str().into(),
                    "needs".into(),
                    i.into(),
                ],
            });
        }
    }
    let commands = m.commands.iter().filter(|_| commands_written);
    for (name, c) in commands {
        for (key, service) in [("service", &c.service), ("exec", &c.exec)] {
            if let Some(service) = service {
                out.push(Named {
                    owner: format!("command `{name}`"),
                    files: &m.compose.files,
                    service,
                    key: vec!["commands".into(), name.as_str().into(), key.into()],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::doctor::compose::load_all;
    use crate::project::Manifest;

    #[test]
    fn an_unknown_service_is_reported_at_its_manifest_line() {
        let dir = tempfile::tempdir().unwrap();
        let src = "[compose]\nfiles = [\"c.yaml\"]\n\n[profiles.web]\nservices = [\"web\", \"wbe\"]\n\n\
                   [tests]\nall = []\n\n[tests.unit]\nservice = \"web\"\nneeds = [\"db\"]\n\
                   commands = [[\"true\"]]\n\n[commands.hi]\nservice = \"wbe\"\n\
                   command = [\"true\"]\n";
        let path = dir.path().join("runcli.toml");
        std::fs::write(&path, src).unwrap();
        std::fs::write(
            dir.path().join("c.yaml"),
            "services:\n  web:\n    image: x\n",
        )
        .unwrap();
        let manifest = Manifest::parse(src, &path).unwrap();
        let project = Project::new(
            dir.path().to_path_buf(),
            manifest,
            ManifestSource::File(path),
        )
        .unwrap();
        let found = check(&project, &load_all(&project).sets);
        let text: Vec<String> = found
            .into_iter()
            .map(|f| f.relative_to(dir.path()).to_string())
            .collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(
            text[0].starts_with("runcli.toml:5:20: profile `web` names service `wbe`"),
            "{text:?}"
        );
        assert!(
            text[1].starts_with("runcli.toml:12:10: tier `unit` names service `db`"),
            "{text:?}"
        );
        assert!(
            text[2].starts_with("runcli.toml:16:11: command `hi` names service `wbe`"),
            "{text:?}"
        );
    }
}
