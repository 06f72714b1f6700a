//! Pulling images from a registry, with per-layer progress.
//!
//! Many machines have no registry in reach (offline CI, air-gapped hosts), so
//! a pull that cannot reach one says so plainly and names the ways out:
//! build the image locally, `docker load` it, or fix the network or mirror.

use bollard::errors::Error as BollardError;
use bollard::models::CreateImageInfo;
use bollard::query_parameters::CreateImageOptionsBuilder;
use futures::StreamExt;

use super::client::Engine;
use super::error::EngineError;

/// One progress report of a pull, as the engine sends them per layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullProgress {
    /// The layer id; for whole-image lines ("Pulling from ...", "Digest: ...")
    /// the engine puts the tag here, and some lines carry none.
    pub layer: Option<String>,
    /// The engine's status: "Pulling fs layer", "Downloading", "Pull complete", ...
    pub status: String,
    /// Bytes done of this layer's current step, when the engine says.
    pub current: Option<u64>,
    /// This layer's size, when the engine says.
    pub total: Option<u64>,
}

impl Engine {
    /// Pulls `reference` (`name`, `name:tag`, `registry:port/name:tag` or
    /// `name@sha256:...`; no tag means `latest`), passing each progress
    /// report to `on_progress`.
    ///
    /// When no registry answers, the error says so, names the image and
    /// what to do instead.
    pub async fn pull_image(
        &self,
        reference: &str,
        on_progress: &mut (dyn FnMut(PullProgress) + Send),
    ) -> Result<(), EngineError> {
        let (name, tag) = split_reference(reference);
        let options = CreateImageOptionsBuilder::new()
            .from_image(name)
            .tag(tag)
            .build();
        let mut stream = self.api().create_image(Some(options), None, None);
        while let Some(item) = stream.next().await {
            match item {
                Ok(info) => on_progress(to_progress(info)),
                Err(e) => return Err(self.pull_error(reference, e)),
            }
        }
        Ok(())
    }

    /// Makes sure the engine has `reference`: returns `false` at once when it
    /// does (no registry is asked), else pulls it and returns `true`.
    pub async fn ensure_image(
        &self,
        reference: &str,
        on_progress: &mut (dyn FnMut(PullProgress) + Send),
    ) -> Result<bool, EngineError> {
        if self.image_exists(reference).await? {
            return Ok(false);
        }
        self.pull_image(reference, on_progress).await?;
        Ok(true)
    }

    /// Words a failed pull so the user knows whether the registry, the name
    /// or the engine is at fault.
    fn pull_error(&self, reference: &str, err: BollardError) -> EngineError {
        let op = format!("pull image {reference}");
        match self.err(&op, err) {
            EngineError::Api { message, .. } | EngineError::NotFound { message, .. }
                if registry_unreachable(&message) =>
            {
                EngineError::Api {
                    op,
                    message: format!(
                        "the registry could not be reached ({}). Build {reference} locally \
                         (docker build -t {reference} .), load it from an archive with \
                         `docker load -i FILE`, or check the network, proxy and registry \
                         mirror (registry-mirrors in the engine's daemon.json)",
                        strip_status(&message)
                    ),
                }
            }
            EngineError::NotFound { message, .. } => EngineError::NotFound {
                op,
                message: format!(
                    "{message}. Check the image name and tag, or run `docker login` \
                     for a private registry"
                ),
            },
            other => other,
        }
    }
}

/// Splits a reference into the engine's `fromImage` and `tag` parameters,
/// as the docker CLI does: a digest goes in `tag`, and no tag means `latest`
/// (an empty tag would pull every tag of the repository).
pub(super) fn split_reference(reference: &str) -> (&str, &str) {
    if let Some((name, digest)) = reference.split_once('@') {
        return (name, digest);
    }
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[last_slash..].rfind(':') {
        Some(colon) => {
            let at = last_slash + colon;
            (&reference[..at], &reference[at + 1..])
        }
        None => (reference, "latest"),
    }
}

fn to_progress(info: CreateImageInfo) -> PullProgress {
    let detail = info.progress_detail.unwrap_or_default();
    let bytes = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
    PullProgress {
        layer: info.id.filter(|id| !id.is_empty()),
        status: info.status.unwrap_or_default(),
        current: bytes(detail.current),
        total: bytes(detail.total).filter(|t| *t > 0),
    }
}

/// Whether the engine's pull error means it got no answer from the registry
/// (DNS, refused, timed out), as opposed to a refusal from one that answered.
fn registry_unreachable(message: &str) -> bool {
    const SIGNS: &[&str] = &[
        "dial tcp",
        "no such host",
        "connection refused",
        "i/o timeout",
        "network is unreachable",
        "no route to host",
        "tls handshake timeout",
        "client.timeout exceeded",
        "temporary failure in name resolution",
        "server misbehaving",
        "connection reset by peer",
    ];
    let lower = message.to_ascii_lowercase();
    SIGNS.iter().any(|sign| lower.contains(sign))
}

/// The engine's message without the " (HTTP 500)" the error mapping adds.
fn strip_status(message: &str) -> &str {
    match message.rfind(" (HTTP ") {
        Some(at) if message.ends_with(')') => &message[..at],
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::ProgressDetail;

    #[test]
    fn references_split_like_the_docker_cli() {
        assert_eq!(split_reference("busybox"), ("busybox", "latest"));
        assert_eq!(split_reference("busybox:1.36"), ("busybox", "1.36"));
        assert_eq!(
            split_reference("127.0.0.1:1/nothing:latest"),
            ("127.0.0.1:1/nothing", "latest")
        );
        assert_eq!(
            split_reference("registry.local:5000/team/api"),
            ("registry.local:5000/team/api", "latest")
        );
        assert_eq!(
            split_reference("python@sha256:abc"),
            ("python", "sha256:abc")
        );
    }

    #[test]
    fn progress_carries_layer_status_and_bytes() {
        let p = to_progress(CreateImageInfo {
            id: Some("a3ed95caeb02".into()),
            status: Some("Downloading".into()),
            progress_detail: Some(ProgressDetail {
                current: Some(1024),
                total: Some(4096),
            }),
            ..Default::default()
        });
        assert_eq!(p.layer.as_deref(), Some("a3ed95caeb02"));
        assert_eq!(p.status, "Downloading");
        assert_eq!((p.current, p.total), (Some(1024), Some(4096)));
        let bare = to_progress(CreateImageInfo {
            status: Some("Digest: sha256:1".into()),
            progress_detail: Some(ProgressDetail {
                current: None,
                total: Some(0),
            }),
            ..Default::default()
        });
        assert_eq!((bare.layer, bare.current, bare.total), (None, None, None));
    }

    #[test]
    fn unreachable_registries_are_told_apart_from_refusals() {
        assert!(registry_unreachable(
            "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host (HTTP 500)"
        ));
        assert!(registry_unreachable(
            "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"
        ));
        assert!(!registry_unreachable(
            "pull access denied for nothing, repository does not exist or may require 'docker login'"
        ));
        assert_eq!(strip_status("boom (HTTP 500)"), "boom");
        assert_eq!(strip_status("boom"), "boom");
    }
}
