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
                Ok(message) => Ok(ContainerEvent {
                    action: message.action.unwrap_or_default(),
                    id: message.actor.and_then(|a| a.id).unwrap_or_default(),
                }),
                Err(e) => Err(engine.err("follow the engine's events", e)),
            })
    }
}
