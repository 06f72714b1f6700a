//! The seam to environments: an environment's URL, and pushing, deploying
//! and rolling back. The deploy op supplies the real one
//! ([`super::swarm_delivery::SwarmDelivery`]); tests give their own.

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
/// environments' URLs: its `[environments]` on Docker Swarm. The CLI and
/// the console both take theirs from here.
pub fn project_delivery(project: &Project) -> Box<dyn Delivery> {
    Box::new(super::swarm_delivery::SwarmDelivery::new(project))
}
