//! The project model: where the project is (discovery), what runcli.toml
//! says about it (manifest, with the template's layout as the embedded
//! default), and `runcli init`.

pub mod command;
pub mod compose;
pub mod discover;
pub mod docs;
pub mod environment;
pub mod error;
pub mod init;
pub mod keys;
pub mod logs;
pub mod manifest;
pub mod migrations;
pub mod name;
pub mod ordered;
pub mod pipeline;
pub mod placeholder;
pub mod position;
pub mod profile;
pub mod root;
pub mod services;
pub mod tier;
mod validate;

pub use command::{ArgsIssue, Place, ProjectCommand};
pub use compose::{ComposeProject, ServiceSpec, load_compose};
pub use discover::{DiscoverOptions, PROJECT_ENV, discover};
pub use docs::DocsSection;
pub use environment::Environment;
pub use error::{LineCol, Location, ProjectError};
pub use init::{InitFile, InitOutcome, InitReport, init};
pub use logs::LogsSection;
pub use manifest::{ComposeSection, EMBEDDED_MANIFEST, MANIFEST_FILE, Manifest, ProjectSection};
pub use migrations::{MigrationCommands, MigrationOp, MigrationsSection};
pub use ordered::Ordered;
pub use pipeline::{PipelineStep, StepKind};
pub use profile::{BuildSpec, ContainerSpec, Health, Profile, RunStep, ServiceSelection};
pub use root::{DefaultReason, ManifestSource, Project, RootSource};
pub use services::ServiceSection;
pub use tier::{LocustSettings, SecretRef, TestTier, TestsSection};
