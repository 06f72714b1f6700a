//! The engine's event stream for one project's containers: the console
//! listens to it instead of polling the container list.

use std::collections::HashMap;

use bollard::query_parameters::EventsOptionsBuilder;
use futures::{Stream, StreamExt};

use super::client::Engine;
use super::error::EngineError;
use super::labels::PROJECT;

/// Something happened to one of the project's containers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerEvent {
    /// What happened: `create`, `start`, `die`, `destroy`, `health_status: healthy`, ...
    pub action: String,
    /// The container's id.
    pub id: String,
    /// The exit code a `die` event carries (137 for a SIGKILL).
    pub exit_code: Option<i64>,
}

impl Engine {
    /// Streams container events of `project` as they happen. The stream
    /// ends with an error when the connection to the engine drops, which is
    /// how callers learn the engine went away.
    pub fn project_events(
        &self,
        project: &str,
    ) -> impl Stream<Item = Result<ContainerEvent, EngineError>> + Send + use<> {
        let filters = HashMap::from([
            ("type", vec!["container".to_string()]),
            ("label", vec![format!("{PROJECT}={project}")]),
        ]);
        let options = EventsOptionsBuilder::new().filters(&filters).build();
        let engine = self.clone();
        self.api()
            .events(Some(options))
            .map(move |item| match item {
                Ok(message) => {
                    let actor = message.actor.unwrap_or_default();
                    let exit_code = actor
                        .attributes
                        .as_ref()
                        .and_then(|a| a.get("exitCode"))
                        .and_then(|c| c.parse().ok());
                    Ok(ContainerEvent {
                        action: message.action.unwrap_or_default(),
                        id: actor.id.unwrap_or_default(),
                        exit_code,
                    })
                }
                Err(e) => Err(engine.err("follow the engine's events", e)),
            })
    }
}
