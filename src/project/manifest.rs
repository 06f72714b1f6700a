//! runcli.toml: the project's compose files, server profiles, test tiers,
//! migrations, secrets, docs and log caps. Every section is optional; a
//! section left out keeps the embedded default (the template's layout), a
//! section written replaces it. Unknown keys are errors, so typos surface.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::docs::DocsSection;
use super::error::{Location, ProjectError};
use super::logs::LogsSection;
use super::migrations::MigrationsSection;
use super::position::{key_path_at, line_col};
use super::profile::Profile;
use super::template;
use super::tier::TestsSection;
use super::validate;
use crate::secrets::SecretsConfig;

/// File name of the manifest at the project root.
pub const MANIFEST_FILE: &str = "runcli.toml";

/// The embedded default manifest, commented; `runcli init` writes it.
pub const EMBEDDED_MANIFEST: &str = include_str!("../../assets/runcli.toml");

/// The whole of runcli.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Manifest {
    pub project: ProjectSection,
    pub compose: ComposeSection,
    pub profiles: BTreeMap<String, Profile>,
    pub tests: TestsSection,
    pub migrations: MigrationsSection,
    pub secrets: SecretsConfig,
    pub docs: DocsSection,
    pub logs: LogsSection,
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

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            project: ProjectSection::default(),
            compose: ComposeSection::default(),
            profiles: template::profiles(),
            tests: template::tests(),
            migrations: MigrationsSection::default(),
            secrets: SecretsConfig::default(),
            docs: DocsSection::default(),
            logs: LogsSection::default(),
        }
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
    /// Parses and validates manifest text; `path` is only used in messages.
    pub fn parse(src: &str, path: &Path) -> Result<Manifest, ProjectError> {
        let manifest: Manifest = toml::from_str(src).map_err(|e| parse_error(src, path, e))?;
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
mod tests {
    use super::*;

    #[test]
    fn embedded_manifest_equals_default() {
        let parsed = Manifest::parse(EMBEDDED_MANIFEST, Path::new("assets/runcli.toml"));
        match parsed {
            Ok(parsed) => assert_eq!(parsed, Manifest::default()),
            Err(e) => panic!("embedded manifest does not parse: {e}"),
        }
    }

    #[test]
    fn default_survives_serialization() {
        let text = toml::to_string(&Manifest::default());
        let text = match text {
            Ok(text) => text,
            Err(e) => panic!("default does not serialize: {e}"),
        };
        let back = Manifest::parse(&text, Path::new("serialized.toml"));
        assert_eq!(back.ok(), Some(Manifest::default()));
    }

    #[test]
    fn empty_manifest_is_the_default() {
        let parsed = Manifest::parse("", Path::new("runcli.toml"));
        assert_eq!(parsed.ok(), Some(Manifest::default()));
    }

    #[test]
    fn a_written_section_replaces_the_default_one() {
        let src = "[profiles.api]\nservices = [\"api\"]\n";
        let parsed = Manifest::parse(src, Path::new("runcli.toml"));
        let profiles: Vec<String> = parsed
            .map(|m| m.profiles.into_keys().collect())
            .unwrap_or_default();
        assert_eq!(profiles, vec!["api".to_string()]);
    }

    #[test]
    fn profile_falls_back_to_project_compose_files() {
        let m = Manifest::default();
        let local = m.profiles.get("local").map(|p| p.compose_files.as_ref());
        let integration = m
            .profiles
            .get("integration")
            .map(|p| p.compose_files.as_ref());
        assert_eq!(
            local.map(|own| m.compose.files_or_default(own).len()),
            Some(1)
        );
        assert_eq!(
            integration.map(|own| m.compose.files_or_default(own).to_vec()),
            Some(m.compose.files.clone())
        );
    }
}
