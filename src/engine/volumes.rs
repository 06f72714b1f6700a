//! Named volumes: created with compose's labels, found again by them.

use std::collections::{BTreeMap, HashMap};

use bollard::models::VolumeCreateRequest;
use bollard::query_parameters::{ListVolumesOptionsBuilder, RemoveVolumeOptionsBuilder};

use super::client::Engine;
use super::error::EngineError;
use super::labels;

/// A named volume as runcli sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeInfo {
    /// The engine's name, e.g. `demo_pgdata`.
    pub name: String,
    /// The volume driver, usually `local`.
    pub driver: String,
    /// The name in the compose file (label `com.docker.compose.volume`).
    pub compose_name: Option<String>,
    /// The compose project that owns it.
    pub project: Option<String>,
}

impl Engine {
    /// Creates (or finds) the local volume `name` with `labels`.
    pub async fn create_volume(
        &self,
        name: &str,
        labels: &BTreeMap<String, String>,
    ) -> Result<VolumeInfo, EngineError> {
        let request = VolumeCreateRequest {
            name: Some(name.to_string()),
            driver: Some("local".to_string()),
            labels: Some(labels.clone().into_iter().collect()),
            ..Default::default()
        };
        let v = self
            .api()
            .create_volume(request)
            .await
            .map_err(|e| self.err(&format!("create volume {name}"), e))?;
        Ok(VolumeInfo {
            compose_name: v.labels.get(labels::VOLUME).cloned(),
            project: v.labels.get(labels::PROJECT).cloned(),
            name: v.name,
            driver: v.driver,
        })
    }

    /// The volumes labelled as `project`'s, sorted by name.
    pub async fn project_volumes(&self, project: &str) -> Result<Vec<VolumeInfo>, EngineError> {
        let filters = HashMap::from([("label", vec![labels::project_filter(project)])]);
        let options = ListVolumesOptionsBuilder::new().filters(&filters).build();
        let list = self
            .api()
            .list_volumes(Some(options))
            .await
            .map_err(|e| self.err(&format!("list the volumes of project {project}"), e))?;
        let mut infos: Vec<VolumeInfo> = list
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| VolumeInfo {
                compose_name: v.labels.get(labels::VOLUME).cloned(),
                project: v.labels.get(labels::PROJECT).cloned(),
                name: v.name,
                driver: v.driver,
            })
            .collect();
        infos.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(infos)
    }

    /// Removes a volume; fails while a container uses it.
    pub async fn remove_volume(&self, name: &str) -> Result<(), EngineError> {
        let options = RemoveVolumeOptionsBuilder::new().force(false).build();
        self.api()
            .remove_volume(name, Some(options))
            .await
            .map_err(|e| self.err(&format!("remove volume {name}"), e))
    }
}
