//! The seam to environments: an environment's URL, and pushing, deploying
//! and rolling back. The deploy op supplies the real one; [`NoDelivery`]
//! stands in where it is not available, so a pipeline still runs its tests
//! and stops, clearly, at the first push or deploy.

use futures::future::BoxFuture;

use crate::project::Project;

/// Where a step's output lines go.
pub type StepOut<'a> = &'a mut (dyn FnMut(String) + Send);

/// Pushes, deploys and rollbacks for named environments. Errors are the
/// message a person reads; the pipeline reports them as the step's error.
pub trait Delivery: Send + Sync {
    /// The URL where the environment's API answers, for tier steps with
    /// `against`; `None` leaves the tier's own environment as it is.
    fn url(&self, env: &str) -> Option<String>;

    /// Pushes the images of `version` to the environment's registry.
    fn push<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// Deploys `version` and waits until it answers.
    fn deploy<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// Takes the environment back to the version it ran before.
    fn rollback<'a>(&'a self, env: &'a str, out: StepOut<'a>) -> BoxFuture<'a, Result<(), String>>;
}

/// Where a project's pushes, deploys and rollbacks go, and its
/// environments' URLs. The CLI and the console both take theirs from here,
/// so wiring the deploy op in once serves both.
pub fn project_delivery(_project: &Project) -> Box<dyn Delivery> {
    Box::new(NoDelivery)
}

/// No environments: every push, deploy and rollback fails saying so.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDelivery;

const NOT_AVAILABLE: &str = "deploy is not available in this build of runcli (no environments \
                             can be pushed to or deployed); the steps before this one ran";

impl Delivery for NoDelivery {
    fn url(&self, _env: &str) -> Option<String> {
        None
    }

    fn push<'a>(
        &'a self,
        env: &'a str,
        _version: &'a str,
        _out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move { Err(format!("push {env}: {NOT_AVAILABLE}")) })
    }

    fn deploy<'a>(
        &'a self,
        env: &'a str,
        _version: &'a str,
        _out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move { Err(format!("deploy {env}: {NOT_AVAILABLE}")) })
    }

    fn rollback<'a>(
        &'a self,
        env: &'a str,
        _out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move { Err(format!("rollback {env}: {NOT_AVAILABLE}")) })
    }
}
