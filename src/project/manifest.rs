//! runcli.toml: the project's compose files, server profiles, test tiers,
//! migrations, secrets, docs, log caps and own commands. Every section is optional; a
//! section left out keeps the embedded default (the template's layout), a
//! section written replaces it. Unknown keys are errors, so typos surface.
//!
//! The embedded default is assets/runcli.toml, compiled in and parsed like
//! any project's file: it is the one description of the template's layout,
//! and `runcli init` writes it unchanged. Inside a section that is written,
//! a key left out takes the section type's own default.
//!
//! Named tables (profiles, tiers, commands) keep the file's order: it is
//! the order `server list`, the panes and the palette show them in.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::command::{Place, ProjectCommand};
use super::docs::DocsSection;
use super::environment::Environment;
use super::error::{Location, ProjectError};
use super::keys::KeysSection;
use super::logs::LogsSection;
use super::migrations::MigrationsSection;
use super::ordered::Ordered;
use super::pipeline::{self, PipelineStep};
use super::position::{key_path_at, line_col};
use super::profile::Profile;
use super::services::ServiceSection;
use super::tier::TestsSection;
use super::validate;
use crate::secrets::SecretsConfig;

/// File name of the manifest at the project root.
pub const MANIFEST_FILE: &str = "runcli.toml";

/// The embedded default manifest, commented; `runcli init` writes it.
pub const EMBEDDED_MANIFEST: &str = include_str!("../../assets/runcli.toml");

/// How errors in the embedded manifest name it.
const EMBEDDED_PATH: &str = "assets/runcli.toml (built in)";

/// The whole of runcli.toml, with the embedded default's sections where the
/// file has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub project: ProjectSection,
    pub compose: ComposeSection,
    pub profiles: Ordered<Profile>,
    pub tests: TestsSection,
    pub migrations: MigrationsSection,
    pub secrets: SecretsConfig,
    pub docs: DocsSection,
    pub logs: LogsSection,
    pub commands: Ordered<ProjectCommand>,
    /// `[services.NAME]`; the only section the embedded default leaves out.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, ServiceSection>,
    /// `[keys]`: remaps of the console's actions; none in the embedded default.
    #[serde(skip_serializing_if = "KeysSection::is_empty")]
    pub keys: KeysSection,
    /// `[pipeline.STEP]`: the delivery graph, in the file's order.
    pub pipeline: Ordered<PipelineStep>,
    /// `[environments.NAME]`: deploy targets; none in the embedded default.
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    pub environments: Ordered<Environment>,
}

/// `[project]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectSection {
    /// Compose project name; the root folder's name, compose-style, when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// JSON file holding `{"version": "X.Y.Z"}`, relative to the root.
    pub version_file: String,
}

/// `[compose]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ComposeSection {
    /// Compose files merged in order (like `docker compose -f a -f b`) for
    /// everything that names none of its own: logs, down, tests, docs.
    pub files: Vec<String>,
    /// Dotenv file for `${VAR}` interpolation, relative to the root.
    pub env_file: String,
}

/// runcli.toml as written: the sections it has.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    project: Option<ProjectSection>,
    compose: Option<ComposeSection>,
    profiles: Option<Ordered<Profile>>,
    tests: Option<TestsSection>,
    migrations: Option<MigrationsSection>,
    secrets: Option<SecretsConfig>,
    docs: Option<DocsSection>,
    logs: Option<LogsSection>,
    commands: Option<Ordered<ProjectCommand>>,
    services: Option<BTreeMap<String, ServiceSection>>,
    /// Checked apart from serde, since its errors need the source text.
    keys: Option<toml::Table>,
    pipeline: Option<Ordered<PipelineStep>>,
    environments: Option<Ordered<Environment>>,
}

impl ManifestFile {
    fn read(src: &str, path: &Path) -> Result<ManifestFile, ProjectError> {
        toml::from_str(src).map_err(|e| parse_error(src, path, e))
    }

    /// The written sections, and `base`'s where none is written. Default
    /// commands that start a profile the project does not have are left
    /// out: a project that writes its own profiles has no quick start
    /// unless it writes one. Likewise the default pipeline is kept only
    /// when every tier and command it names is there: a graph with holes
    /// cannot run, so such a project has no pipeline unless it writes one.
    fn over(self, base: Manifest) -> Manifest {
        let profiles = self.profiles.unwrap_or(base.profiles);
        let commands = self.commands.unwrap_or_else(|| {
            base.commands
                .into_iter()
                .filter(|(_, cmd)| match cmd.place() {
                    Some(Place::Profile(p)) => profiles.contains_key(p),
                    _ => true,
                })
                .collect()
        });
        let tests = self.tests.unwrap_or(base.tests);
        let pipeline = self
            .pipeline
            .unwrap_or_else(|| pipeline::default_fitting(base.pipeline, &tests.tiers, &commands));
        Manifest {
            project: self.project.unwrap_or(base.project),
            compose: self.compose.unwrap_or(base.compose),
            profiles,
            tests,
            migrations: self.migrations.unwrap_or(base.migrations),
            secrets: self.secrets.unwrap_or(base.secrets),
            docs: self.docs.unwrap_or(base.docs),
            logs: self.logs.unwrap_or(base.logs),
            commands,
            services: self.services.unwrap_or(base.services),
            keys: base.keys,
            pipeline,
            environments: self.environments.unwrap_or(base.environments),
        }
    }

    /// Every section, or the names of those missing.
    fn complete(self) -> Result<Manifest, Vec<&'static str>> {
        let present = [
            ("project", self.project.is_some()),
            ("compose", self.compose.is_some()),
            ("profiles", self.profiles.is_some()),
            ("tests", self.tests.is_some()),
            ("migrations", self.migrations.is_some()),
            ("secrets", self.secrets.is_some()),
            ("docs", self.docs.is_some()),
            ("logs", self.logs.is_some()),
            ("commands", self.commands.is_some()),
            ("pipeline", self.pipeline.is_some()),
        ];
        match self {
            ManifestFile {
                project: Some(project),
                compose: Some(compose),
                profiles: Some(profiles),
                tests: Some(tests),
                migrations: Some(migrations),
                secrets: Some(secrets),
                docs: Some(docs),
                logs: Some(logs),
                commands: Some(commands),
                services,
                keys: _,
                pipeline: Some(pipeline),
                environments,
            } => Ok(Manifest {
                project,
                compose,
                profiles,
                tests,
                migrations,
                secrets,
                docs,
                logs,
                commands,
                services: services.unwrap_or_default(),
                keys: KeysSection::default(),
                pipeline,
                environments: environments.unwrap_or_default(),
            }),
            _ => Err(present
                .iter()
                .filter(|(_, there)| !there)
                .map(|(name, _)| *name)
                .collect()),
        }
    }
}

impl Default for Manifest {
    /// The embedded default. [`Manifest::embedded`] says why should it ever
    /// not load (a test makes sure it does); this stand-in then has each
    /// section type's own default and no profiles, tiers or commands.
    fn default() -> Self {
        Manifest::embedded().unwrap_or_else(|_| Manifest {
            project: ProjectSection::default(),
            compose: ComposeSection::default(),
            profiles: Ordered::new(),
            tests: TestsSection::default(),
            migrations: MigrationsSection::default(),
            secrets: SecretsConfig::default(),
            docs: DocsSection::default(),
            logs: LogsSection::default(),
            commands: Ordered::new(),
            services: BTreeMap::new(),
            keys: KeysSection::default(),
            pipeline: Ordered::new(),
            environments: Ordered::new(),
        })
    }
}

impl Default for ProjectSection {
    fn default() -> Self {
        ProjectSection {
            name: None,
            version_file: "config.json".into(),
        }
    }
}

impl Default for ComposeSection {
    fn default() -> Self {
        ComposeSection {
            files: vec![
                "docker-compose.yaml".into(),
                "docker-compose.integration.yaml".into(),
            ],
            env_file: ".env".into(),
        }
    }
}

impl ComposeSection {
    /// A section's own compose files, else the project-wide list.
    pub fn files_or_default<'a>(&'a self, own: Option<&'a Vec<String>>) -> &'a [String] {
        own.map_or(&self.files, |files| files)
    }
}

impl Manifest {
    /// The embedded default manifest, parsed and validated; every section
    /// must be written in it, since it is what a project's file falls back on.
    pub fn embedded() -> Result<Manifest, ProjectError> {
        let path = Path::new(EMBEDDED_PATH);
        let manifest = ManifestFile::read(EMBEDDED_MANIFEST, path)?
            .complete()
            .map_err(|missing| ProjectError::Invalid {
                at: Location {
                    path: path.to_path_buf(),
                    pos: None,
                },
                message: format!("sections missing: [{}]", missing.join("], [")),
            })?;
        validate::check(&manifest, EMBEDDED_MANIFEST, path)?;
        Ok(manifest)
    }

    /// Parses and validates manifest text; `path` is only used in messages.
    pub fn parse(src: &str, path: &Path) -> Result<Manifest, ProjectError> {
        let mut written = ManifestFile::read(src, path)?;
        let keys = written.keys.take();
        let mut manifest = written.over(Manifest::embedded()?);
        if let Some(table) = keys {
            manifest.keys = KeysSection::read(&table, src, path)?;
        }
        validate::check(&manifest, src, path)?;
        Ok(manifest)
    }

    /// Reads, parses and validates the manifest at `path`.
    pub fn load(path: &Path) -> Result<Manifest, ProjectError> {
        let src = std::fs::read_to_string(path).map_err(|source| ProjectError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
        Manifest::parse(&src, path)
    }
}

fn parse_error(src: &str, path: &Path, error: toml::de::Error) -> ProjectError {
    let pos = error.span().map(|span| line_col(src, span.start));
    let message = if let Some(span) = error.span() {
        match key_path_at(src, span.start) {
            Some(key) => format!("{key}: {}", error.message()),
            None => error.message().to_string(),
        }
    } else {
        // Without a span, the plain rendering names the key path instead.
        let mut plain = error;
        plain.set_input(None);
        plain.to_string().trim().replace('\n', " ")
    };
    ProjectError::Parse {
        at: Location {
            path: path.to_path_buf(),
            pos,
        },
        message,
    }
}

#[cfg(test)]
#[path = "manifest_tests.rs"]
mod tests;
