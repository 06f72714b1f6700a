//! Maps errors to DESIGN.md's exit codes.

use std::process::ExitCode;

use crate::engine::EngineError;
use crate::ops::exec::ExecError;
use crate::ops::git::GitError;
use crate::ops::server::ServerError;
use crate::ops::stack::StackError;
use crate::ops::testing::run::TestError;
use crate::project::ProjectError;
use crate::secrets::SecretsError;

/// An operation that ran and failed (a test failed, a container exited
/// non-zero): exit code 1, with the message already printed or given here.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

/// A command line that asks for something the project does not have (an
/// unknown service): exit code 2; the message lists what it has.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// 2 for configuration errors, 3 when the engine is unreachable, 1 otherwise.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    for cause in error.chain() {
        if cause.downcast_ref::<Usage>().is_some() {
            return ExitCode::from(2);
        }
        if let Some(e) = cause.downcast_ref::<EngineError>()
            && e.is_unreachable()
        {
            return ExitCode::from(3);
        }
        if cause.downcast_ref::<ProjectError>().is_some() {
            return ExitCode::from(2);
        }
        if let Some(e) = cause.downcast_ref::<StackError>()
            && e.is_unreachable()
        {
            return ExitCode::from(3);
        }
        if let Some(e) = cause.downcast_ref::<ServerError>() {
            return ExitCode::from(match e {
                _ if e.is_unreachable() => 3,
                ServerError::UnknownProfile { .. }
                | ServerError::Project(_)
                | ServerError::SecretsNotCopied { .. } => 2,
                _ => 1,
            });
        }
        if let Some(e) = cause.downcast_ref::<TestError>() {
            return ExitCode::from(match e {
                _ if e.is_unreachable() => 3,
                TestError::UnknownTier { .. }
                | TestError::Project(_)
                | TestError::Secret { .. } => 2,
                TestError::Stack(_) => 1,
            });
        }
        if let Some(e) = cause.downcast_ref::<ExecError>() {
            return ExitCode::from(match e {
                _ if e.is_unreachable() => 3,
                _ if e.is_usage() => 2,
                _ => 1,
            });
        }
        if let Some(e) = cause.downcast_ref::<GitError>() {
            return ExitCode::from(if e.is_usage() { 2 } else { 1 });
        }
        if let Some(e) = cause.downcast_ref::<SecretsError>() {
            // A write that failed is the operation failing; anything else
            // (template, values, refused path) is the configuration.
            return match e {
                SecretsError::Write { .. } | SecretsError::Backup { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            };
        }
    }
    ExitCode::from(1)
}
