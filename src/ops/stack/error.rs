//! What can go wrong while bringing services up or running one-offs.

use crate::engine::EngineError;
use crate::project::ProjectError;

#[derive(Debug, thiserror::Error)]
pub enum StackError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("service `{service}` is not in the compose files ({known})")]
    UnknownService { service: String, known: String },
    #[error("service `{service}` has neither `image` nor `build`; give it one of them")]
    NoImage { service: String },
    #[error(
        "the container name {name} is taken by a container that is not this project's; rename or remove it (`docker rm {name}`), runcli will not touch it"
    )]
    NameTaken { name: String },
    #[error("service `{service}` {what}")]
    NotReady { service: String, what: String },
    #[error("cancelled")]
    Cancelled,
}

impl StackError {
    /// Whether the Docker engine could not be reached (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, StackError::Engine(e) if e.is_unreachable())
    }
}
