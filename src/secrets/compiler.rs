//! The compiler: template + values -> checked env text per target, plans,
//! previews and diffs. Writing lives in `compile.rs`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::config::SecretsConfig;
use super::envfile::{self, placeholder};
use super::error::{Result, SecretsError};
use super::inputs::check_copied;
use super::mask::{Diff, Preview};
use super::plan::{self, OutputKind, PlannedOutput};
use super::report::Warning;
use super::template::PreparedTemplate;
use super::values::{CLIENT_KEY, Target, TargetInfo, Values, load_values, read_project_version};

/// Standard environments, listed in this order before any other.
const STANDARD_ENVS: [&str; 5] = ["local", "docker", "develop", "staging", "prod"];

/// Template and values given directly, e.g. fetched from a secret manager.
pub struct Sources {
    /// Names the template in messages.
    pub template_path: PathBuf,
    pub template: String,
    /// Names the values in messages.
    pub values_path: PathBuf,
    pub values: Values,
}

/// One target compiled in memory. `Debug` hides the values.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    pub target: String,
    /// The env file, exactly as it would be written.
    pub text: String,
    /// Variables as dotenvy reads them back from `text`, in file order.
    pub vars: Vec<(String, String)>,
    /// Variables of the target the template never reads.
    pub warnings: Vec<Warning>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("target", &self.target)
            .field(
                "keys",
                &self.vars.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

/// Compiles the env files of one project. Cheap to share across threads.
pub struct Compiler {
    root: PathBuf,
    config: SecretsConfig,
    template: PreparedTemplate,
    template_path: PathBuf,
    values_path: PathBuf,
    values: Values,
    version: Option<String>,
}

impl Compiler {
    /// Reads the template and values named by `config` under `project_root`.
    /// `version` is injected into every target as `version`; when `None` it
    /// is read from `<root>/config.json` if that file exists.
    ///
    /// Fails with the copy hint when only the shipped `.txt` inputs exist,
    /// on unreadable files, bad JSON (file:line:col), template syntax
    /// errors and Jinja-only constructs; per-target problems are left to
    /// `check` and `render`.
    pub fn new(
        project_root: &Path,
        config: &SecretsConfig,
        version: Option<String>,
    ) -> Result<Self> {
        check_copied(project_root, config)?;
        let template_path = project_root.join(&config.template);
        let template =
            std::fs::read_to_string(&template_path).map_err(|source| SecretsError::Read {
                path: template_path.clone(),
                source,
            })?;
        let values_path = project_root.join(&config.values);
        let values = load_values(&values_path)?;
        let sources = Sources {
            template_path,
            template,
            values_path,
            values,
        };
        Self::from_sources(project_root, config, sources, version)
    }

    /// Like `new`, with the template and values already in memory.
    pub fn from_sources(
        project_root: &Path,
        config: &SecretsConfig,
        sources: Sources,
        version: Option<String>,
    ) -> Result<Self> {
        let version = match version {
            Some(v) => Some(v),
            None => read_project_version(project_root)?,
        };
        let template = PreparedTemplate::new(&sources.template, &sources.template_path)?;
        Ok(Compiler {
            root: project_root.to_path_buf(),
            config: config.clone(),
            template,
            template_path: sources.template_path,
            values_path: sources.values_path,
            values: sources.values,
            version,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &SecretsConfig {
        &self.config
    }

    pub fn template_path(&self) -> &Path {
        &self.template_path
    }

    pub fn values_path(&self) -> &Path {
        &self.values_path
    }

    /// The injected `version`, if any.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    pub fn values(&self) -> &Values {
        &self.values
    }

    /// Environment names: the standard five first, in pipeline order.
    pub fn environments(&self) -> Vec<String> {
        let mut envs: Vec<String> = self.config.environments.keys().cloned().collect();
        envs.sort_by_key(|e| {
            let rank = STANDARD_ENVS.iter().position(|s| s == e);
            (rank.unwrap_or(STANDARD_ENVS.len()), e.clone())
        });
        envs
    }

    /// Targets of the values file, in file order.
    pub fn targets(&self) -> Vec<TargetInfo> {
        let envs: Vec<String> = self.config.environments.keys().cloned().collect();
        self.values
            .targets()
            .iter()
            .map(|t| TargetInfo::parse_in(t.name(), t.client(), &envs))
            .collect()
    }

    fn target(&self, name: &str) -> Result<&Target> {
        self.values
            .get(name)
            .ok_or_else(|| SecretsError::UnknownTarget {
                target: name.to_string(),
                known_targets: self.values.names(),
            })
    }

    /// The template rendered for one target, values still marked.
    fn render_marked(&self, target: &str) -> Result<(&Target, String)> {
        let entry = self.target(target)?;
        let mut context = entry.vars().clone();
        if let Some(version) = &self.version {
            context.insert("version".to_string(), Value::String(version.clone()));
        }
        if let Some((variable, _)) = context.iter().find(|(_, v)| holds_reserved(v)) {
            return Err(SecretsError::ReservedCharacter {
                target: target.to_string(),
                variable: variable.clone(),
            });
        }
        let text = self.template.render(target, &context)?;
        Ok((entry, text))
    }

    /// The text Jinja2 renders for one target, byte for byte, values in
    /// clear. The env file written is this text with each value quoted for
    /// dotenv (`render`). Never show it unmasked.
    pub fn render_jinja(&self, target: &str) -> Result<String> {
        let (_, text) = self.render_marked(target)?;
        Ok(placeholder::decode(&text))
    }

    /// Renders one target to checked env text; writes nothing.
    pub fn render(&self, target: &str) -> Result<Rendered> {
        let (entry, text) = self.render_marked(target)?;
        let env = envfile::finish(target, &text)?;
        let used = self.template.variables();
        let mut warnings: Vec<Warning> = entry
            .vars()
            .keys()
            .filter(|k| !used.contains(*k) && *k != CLIENT_KEY && *k != "version")
            .map(|k| Warning::UnusedValue {
                variable: k.clone(),
                targets: vec![target.to_string()],
            })
            .collect();
        warnings.extend(envfile::run_on(&text).into_iter().map(|(variable, into)| {
            Warning::ValueRunsOn {
                variable,
                into,
                targets: vec![target.to_string()],
            }
        }));
        Ok(Rendered {
            target: target.to_string(),
            text: env.text,
            vars: env.vars,
            warnings,
        })
    }

    /// The masked variables a target compiles to.
    pub fn preview(&self, target: &str) -> Result<Preview> {
        Ok(Preview::new(target, &self.render(target)?.vars))
    }

    /// Outputs of an environment: those in runcli.toml, then one per client
    /// code name `frontend-<env>-<code>` at `config.code_name_path`.
    pub fn plan(&self, env: &str) -> Result<Vec<PlannedOutput>> {
        let configured =
            self.config
                .environments
                .get(env)
                .ok_or_else(|| SecretsError::UnknownEnvironment {
                    env: env.to_string(),
                    known_envs: self.environments(),
                })?;
        let mut out: Vec<PlannedOutput> = configured
            .outputs
            .iter()
            .map(|o| PlannedOutput {
                target: o.target.clone(),
                path: PathBuf::from(&o.path),
                kind: OutputKind::Configured,
            })
            .collect();
        for info in self.targets() {
            let (Some(code), Some(target_env)) = (&info.code_name, &info.env) else {
                continue;
            };
            if target_env != env || out.iter().any(|o| o.target == info.name) {
                continue;
            }
            out.push(PlannedOutput {
                path: plan::code_name_path(&self.config.code_name_path, env, code),
                target: info.name,
                kind: OutputKind::CodeName,
            });
        }
        Ok(out)
    }

    /// `compile --all`: every target to `<all_dir>/<target>.env`.
    pub fn plan_all(&self) -> Vec<PlannedOutput> {
        self.values
            .targets()
            .iter()
            .map(|t| PlannedOutput {
                target: t.name().to_string(),
                path: Path::new(&self.config.all_dir).join(format!("{}.env", t.name())),
                kind: OutputKind::All,
            })
            .collect()
    }

    /// Where an output is written; refuses unsafe configured paths.
    pub fn resolve(&self, output: &PlannedOutput) -> Result<PathBuf> {
        plan::resolve(
            &self.root,
            &output.path,
            output.kind == OutputKind::Explicit,
        )
    }

    /// Compares what `target` compiles to with the file at `path` (relative
    /// to the project root, or absolute). Values stay masked.
    pub fn diff(&self, target: &str, path: &Path) -> Result<Diff> {
        let rendered = self.render(target)?;
        let abs = self.root.join(path);
        let old = match std::fs::read_to_string(&abs) {
            Ok(text) => Some(
                envfile::parse(&text).map_err(|_| SecretsError::ExistingInvalid {
                    path: path.to_path_buf(),
                    line: first_invalid_line(&text),
                })?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(SecretsError::Read { path: abs, source }),
        };
        Ok(Diff::new(
            target,
            path.to_path_buf(),
            old.as_deref(),
            &rendered.vars,
        ))
    }

    /// Diffs of every output of an environment.
    pub fn diff_env(&self, env: &str) -> Result<Vec<Diff>> {
        self.plan(env)?
            .iter()
            .map(|o| self.diff(&o.target, &o.path))
            .collect()
    }
}

fn holds_reserved(value: &Value) -> bool {
    match value {
        Value::String(s) => placeholder::is_reserved(s),
        Value::Array(items) => items.iter().any(holds_reserved),
        Value::Object(map) => map.values().any(holds_reserved),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// 1-based line of the first logical line dotenvy rejects.
fn first_invalid_line(text: &str) -> usize {
    match envfile::lines::split(text) {
        Err(line) => line,
        Ok(entries) => entries
            .iter()
            .find(|e| !e.is_comment() && envfile::parse(&e.text).is_err())
            .map_or(1, |e| e.line),
    }
}
