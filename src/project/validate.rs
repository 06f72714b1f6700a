//! Checks that serde cannot express: references between sections, command
//! placeholders, non-empty commands, sane caps. Each error points at the
//! offending key in runcli.toml.

use std::path::Path;

mod commands;
mod environments;
mod pipeline;

use super::error::{Location, ProjectError};
use super::manifest::Manifest;
use super::migrations::MigrationOp;
use super::name::is_valid_project_name;
use super::placeholder;
use super::position::{Seg, dotted, locate};
use super::profile::ServiceSelection;

struct Checker<'a> {
    src: &'a str,
    path: &'a Path,
}

impl Checker<'_> {
    fn fail(&self, segs: &[Seg<'_>], message: impl std::fmt::Display) -> ProjectError {
        ProjectError::Invalid {
            at: Location {
                path: self.path.to_path_buf(),
                pos: locate(self.src, segs),
            },
            message: format!("{}: {message}", dotted(segs)),
        }
    }

    fn argv(
        &self,
        segs: &[Seg<'_>],
        argv: &[String],
        allowed: &[&str],
    ) -> Result<(), ProjectError> {
        if argv.is_empty() {
            return Err(self.fail(segs, "the command is empty; give at least the program"));
        }
        let names = placeholder::names(argv).map_err(|issue| self.fail(segs, issue))?;
        match names.iter().find(|n| !allowed.contains(&n.as_str())) {
            Some(name) if allowed.is_empty() => Err(self.fail(
                segs,
                format!("unknown placeholder `{{{name}}}`; this command takes none"),
            )),
            Some(name) => Err(self.fail(
                segs,
                format!(
                    "unknown placeholder `{{{name}}}`; known here: {}",
                    allowed.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    fn files(&self, segs: &[Seg<'_>], files: Option<&Vec<String>>) -> Result<(), ProjectError> {
        match files {
            Some(files) if files.is_empty() => Err(self.fail(
                segs,
                "no compose files; list at least one or remove the key to use [compose] files",
            )),
            _ => Ok(()),
        }
    }
}

/// Validates a parsed manifest; `src` and `path` locate the errors.
pub fn check(m: &Manifest, src: &str, path: &Path) -> Result<(), ProjectError> {
    let c = Checker { src, path };
    if let Some(name) = &m.project.name
        && !is_valid_project_name(name)
    {
        return Err(c.fail(
            &["project".into(), "name".into()],
            format!(
                "`{name}` is not a compose project name; use lowercase letters, digits, `_` and \
                 `-`, starting with a letter or digit"
            ),
        ));
    }
    c.files(&["compose".into(), "files".into()], Some(&m.compose.files))?;
    check_profiles(&c, m)?;
    check_tests(&c, m)?;
    check_migrations(&c, m)?;
    commands::check(&c, m)?;
    pipeline::check(&c, m)?;
    environments::check(&c, m)?;
    c.files(
        &["docs".into(), "compose_files".into()],
        m.docs.compose_files.as_ref(),
    )?;
    c.argv(&["docs".into(), "apidoc".into()], &m.docs.apidoc, &[])?;
    c.argv(&["docs".into(), "build".into()], &m.docs.build, &[])?;
    for (key, value) in [
        ("max_lines", m.logs.max_lines as u64),
        ("max_bytes", m.logs.max_bytes),
    ] {
        if value == 0 {
            return Err(c.fail(
                &["logs".into(), key.into()],
                "must be above 0; remove the key to use the default",
            ));
        }
    }
    Ok(())
}

fn check_profiles(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    for (name, p) in &m.profiles {
        let at = |key: &'static str| [Seg::Key("profiles"), Seg::Key(name), Seg::Key(key)];
        c.files(&at("compose_files"), p.compose_files.as_ref())?;
        if let Some(env) = &p.secrets
            && !m.secrets.environments.contains_key(env)
        {
            let known: Vec<&str> = m.secrets.environments.keys().map(String::as_str).collect();
            return Err(c.fail(
                &at("secrets"),
                format!(
                    "no secrets environment `{env}`; known: {}",
                    known.join(", ")
                ),
            ));
        }
        let no_services = p.services == ServiceSelection::Only(Vec::new());
        if no_services && p.steps.is_empty() && p.container.is_none() {
            return Err(c.fail(
                &[Seg::Key("profiles"), Seg::Key(name)],
                "starts nothing; give it `services`, `steps` or a `container`",
            ));
        }
        for (i, step) in p.steps.iter().enumerate() {
            let step_at = |key: &'static str| {
                [
                    Seg::Key("profiles"),
                    Seg::Key(name),
                    Seg::Key("steps"),
                    Seg::Index(i),
                    Seg::Key(key),
                ]
            };
            c.argv(&step_at("command"), &step.command, &[])?;
            if step.serve && i + 1 != p.steps.len() {
                return Err(c.fail(
                    &step_at("serve"),
                    "only the last step may serve; the steps after it would never run",
                ));
            }
        }
    }
    Ok(())
}

fn check_tests(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    for (i, name) in m.tests.all.iter().enumerate() {
        let at = [Seg::Key("tests"), Seg::Key("all"), Seg::Index(i)];
        match m.tests.tiers.get(name) {
            None => {
                let known: Vec<&str> = m.tests.tiers.keys().map(String::as_str).collect();
                let known = if known.is_empty() {
                    "no tiers are defined".to_string()
                } else {
                    format!("known: {}", known.join(", "))
                };
                return Err(c.fail(&at, format!("no test tier `{name}`; {known}")));
            }
            Some(tier) if !tier.args.is_empty() => {
                return Err(c.fail(
                    &at,
                    format!("tier `{name}` needs arguments, so `test run all` cannot run it"),
                ));
            }
            Some(_) => {}
        }
    }
    for (name, tier) in &m.tests.tiers {
        let at = |key: &'static str| [Seg::Key("tests"), Seg::Key(name), Seg::Key(key)];
        c.files(&at("compose_files"), tier.compose_files.as_ref())?;
        if tier.commands.is_empty() {
            return Err(c.fail(&at("commands"), "no commands; give at least one"));
        }
        let known = tier.known_placeholders();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        for (i, argv) in tier.commands.iter().enumerate() {
            let segs = [
                Seg::Key("tests"),
                Seg::Key(name),
                Seg::Key("commands"),
                Seg::Index(i),
            ];
            c.argv(&segs, argv, &known)?;
        }
    }
    Ok(())
}

fn check_migrations(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    let mig = &m.migrations;
    c.files(
        &["migrations".into(), "compose_files".into()],
        mig.compose_files.as_ref(),
    )?;
    let cmds = &mig.commands;
    for (key, argv) in [
        ("current", &cmds.current),
        ("history", &cmds.history),
        ("upgrade", &cmds.upgrade),
        ("downgrade", &cmds.downgrade),
        ("new", &cmds.new),
    ] {
        let segs = [Seg::Key("migrations"), Seg::Key("commands"), Seg::Key(key)];
        c.argv(&segs, argv, MigrationOp::placeholders(key))?;
    }
    Ok(())
}
