//! What a registry holds for an image, as the engine sees it (`GET
//! /distribution/NAME/json`): its digest and the platforms it exists for.
//! `docker stack deploy` asks the same of the manager to pin each service's
//! image to a digest, so every node runs the very image that was pushed.

use super::client::Engine;
use super::error::EngineError;

/// An image in its registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryImage {
    /// `sha256:...`.
    pub digest: String,
    /// (architecture, os) pairs, as Swarm's placement takes them.
    pub platforms: Vec<(String, String)>,
}

impl Engine {
    /// Asks the engine's registry about `image` (anonymously, as pushes do).
    pub async fn registry_image(&self, image: &str) -> Result<RegistryImage, EngineError> {
        let op = format!("look up {image} in its registry");
        let found = self
            .api()
            .inspect_registry_image(image, None)
            .await
            .map_err(|e| self.err(&op, e))?;
        let digest = found.descriptor.digest.ok_or_else(|| EngineError::Api {
            op: op.clone(),
            message: "the registry gave no digest".into(),
        })?;
        let platforms = found
            .platforms
            .into_iter()
            .filter_map(|p| Some((p.architecture?, p.os?)))
            .collect();
        Ok(RegistryImage { digest, platforms })
    }
}
