//! Env file compiler: template + values -> rendered env files.
//!
//! The inputs are the template project's `secret--template.env` (a Jinja
//! template, rendered with tera to the bytes Jinja2 renders) and
//! `secret--template-values.env` (JSON: targets keyed `<app>-<env>`, each an
//! object of variables). Before anything, a project holding only the shipped
//! `.txt` copies of the inputs gets the copy command (`inputs`). For each
//! target the compiler:
//! 1. renders the template as Jinja2 does with the generator's settings
//!    (trim_blocks, lstrip_blocks, StrictUndefined): an undefined variable is
//!    an error naming the target, the variable and the template line; Jinja
//!    spellings with one meaning are translated, and constructs without a
//!    faithful rendering are refused with their line;
//! 2. quotes every printed value for dotenv and parses the result back with
//!    dotenvy, so each variable reads back exactly as its value;
//! 3. writes it (on request) atomically, mode 0600, with a backup of the old
//!    file, refusing paths outside the project and files git could commit.
//!
//! Values never appear in messages, previews or diffs; `Preview::reveal` and
//! `Diff::reveal` hand out one named value at a time.
//!
//! Entry point: [`Compiler`].

pub mod check;
pub mod compile;
pub mod compiler;
pub mod config;
pub mod envfile;
pub mod error;
mod git_guard;
pub mod inputs;
pub mod mask;
pub mod plan;
pub mod report;
mod template;
pub mod values;
pub mod write;

pub use compiler::{Compiler, Rendered, Sources};
pub use config::{SecretEnvironment, SecretOutput, SecretsConfig};
pub use envfile::quote_value;
pub use error::{JinjaIssue, SecretsError};
pub use inputs::check_copied;
pub use mask::{Change, Diff, DiffEntry, Masked, Preview, PreviewEntry, Revealed};
pub use plan::{OutputKind, PlannedOutput};
pub use report::{CheckReport, Warning};
pub use values::{Target, TargetInfo, Values, load_values, read_project_version};
pub use write::{BACKUP_DIR, WriteStatus, WrittenFile};
