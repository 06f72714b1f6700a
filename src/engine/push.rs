//! Tagging an image for a registry and pushing it, with progress.
//!
//! The push carries an `X-Registry-Auth` header with empty (anonymous)
//! credentials, as the docker CLI does for a registry it has no login for.

use bollard::auth::DockerCredentials;
use bollard::query_parameters::{PushImageOptionsBuilder, TagImageOptionsBuilder};
use futures::StreamExt;

use super::client::Engine;
use super::error::EngineError;
use super::pull::{PullProgress, split_reference};

impl Engine {
    /// Gives the local image `source` the extra name `target`
    /// (`REGISTRY/NAME:TAG`), as `docker tag` does.
    pub async fn tag_image(&self, source: &str, target: &str) -> Result<(), EngineError> {
        let (repo, tag) = split_reference(target);
        let options = TagImageOptionsBuilder::new().repo(repo).tag(tag).build();
        self.api()
            .tag_image(source, Some(options))
            .await
            .map_err(|e| self.err(&format!("tag image {source} as {target}"), e))
    }

    /// Pushes `reference` to the registry its name starts with, passing each
    /// progress report to `on_progress`. The engine's own error (the
    /// registry refused, could not be reached) ends the push.
    pub async fn push_image(
        &self,
        reference: &str,
        on_progress: &mut (dyn FnMut(PullProgress) + Send),
    ) -> Result<(), EngineError> {
        let (repo, tag) = split_reference(reference);
        let options = PushImageOptionsBuilder::new().tag(tag).build();
        let mut stream =
            self.api()
                .push_image(repo, Some(options), Some(DockerCredentials::default()));
        while let Some(item) = stream.next().await {
            match item {
                Ok(info) => {
                    let detail = info.progress_detail.unwrap_or_default();
                    let bytes = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
                    on_progress(PullProgress {
                        layer: None,
                        status: info.status.unwrap_or_default(),
                        current: bytes(detail.current),
                        total: bytes(detail.total).filter(|t| *t > 0),
                    });
                }
                Err(e) => return Err(self.err(&format!("push image {reference}"), e)),
            }
        }
        Ok(())
    }
}
