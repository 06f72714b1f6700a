//! Networks: the per-project network compose creates, found again by label.

use std::collections::{BTreeMap, HashMap};

use bollard::models::NetworkCreateRequest;
use bollard::query_parameters::ListNetworksOptionsBuilder;

use super::client::Engine;
use super::error::EngineError;
use super::labels;

/// A network as runcli sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInfo {
    /// The engine's id.
    pub id: String,
    /// The engine's name, e.g. `demo_default`.
    pub name: String,
    /// The name in the compose file (label `com.docker.compose.network`).
    pub compose_name: Option<String>,
    /// The compose project that owns it.
    pub project: Option<String>,
}

impl Engine {
    /// Creates a bridge network `name` with `labels` and returns its id.
    ///
    /// When a network of that name exists already and belongs to the same
    /// project (or neither has a project label), its id is returned: older
    /// engines would otherwise create a second network of the same name.
    pub async fn create_network(
        &self,
        name: &str,
        labels: &BTreeMap<String, String>,
    ) -> Result<String, EngineError> {
        let op = format!("create network {name}");
        match self.api().inspect_network(name, None).await {
            Ok(existing) => {
                let theirs = existing
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(labels::PROJECT));
                if theirs != labels.get(labels::PROJECT) {
                    return Err(EngineError::Conflict {
                        op,
                        message: format!(
                            "a network named {name} exists but belongs to project {}; remove it with `docker network rm {name}` or choose another project name",
                            theirs.map_or("(none)", String::as_str)
                        ),
                    });
                }
                return Ok(existing.id.unwrap_or_default());
            }
            Err(e) => match self.err(&op, e) {
                EngineError::NotFound { .. } => {}
                other => return Err(other),
            },
        }
        let request = NetworkCreateRequest {
            name: name.to_string(),
            driver: Some("bridge".to_string()),
            labels: Some(labels.clone().into_iter().collect()),
            ..Default::default()
        };
        let created = self
            .api()
            .create_network(request)
            .await
            .map_err(|e| self.err(&op, e))?;
        Ok(created.id)
    }

    /// Removes a network by name or id.
    pub async fn remove_network(&self, name: &str) -> Result<(), EngineError> {
        self.api()
            .remove_network(name)
            .await
            .map_err(|e| self.err(&format!("remove network {name}"), e))
    }

    /// The networks labelled as `project`'s, sorted by name.
    pub async fn project_networks(&self, project: &str) -> Result<Vec<NetworkInfo>, EngineError> {
        let filters = HashMap::from([("label", vec![labels::project_filter(project)])]);
        let options = ListNetworksOptionsBuilder::new().filters(&filters).build();
        let list = self
            .api()
            .list_networks(Some(options))
            .await
            .map_err(|e| self.err(&format!("list the networks of project {project}"), e))?;
        let mut infos: Vec<NetworkInfo> = list
            .into_iter()
            .map(|n| {
                let labels = n.labels.unwrap_or_default();
                NetworkInfo {
                    id: n.id.unwrap_or_default(),
                    name: n.name.unwrap_or_default(),
                    compose_name: labels.get(labels::NETWORK).cloned(),
                    project: labels.get(labels::PROJECT).cloned(),
                }
            })
            .collect();
        infos.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(infos)
    }
}
