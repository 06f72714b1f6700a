//! The config hash compose stores on a container (label
//! `com.docker.compose.config-hash`) to tell, on the next `up`, whether the
//! container still matches its service. runcli's hash is taken over the
//! container spec exactly as it is created (env file values included,
//! since they are part of the environment by then) and the image id, so
//! any change that would make a different container changes it.
//!
//! What is left out: the container's name and replica number (replicas of
//! one service share a hash, and scaling does not recreate them) and the
//! hash label itself. The value differs from docker compose's own, which
//! hashes its own model of the service: a container compose created is
//! recreated once by runcli, and the other way round.

use sha2::{Digest, Sha256};

use crate::engine::{ContainerSpec, labels};

/// The hex sha256 of `spec` (without name, number and hash label) and `image_id`.
pub fn config_hash(spec: &ContainerSpec, image_id: &str) -> String {
    let mut canonical = spec.clone();
    canonical.name.clear();
    canonical.labels.remove(labels::CONTAINER_NUMBER);
    canonical.labels.remove(labels::CONFIG_HASH);
    // Serializing plain data with sorted maps cannot fail; fall back to
    // the debug form rather than panic.
    let text = serde_json::to_string(&canonical).unwrap_or_else(|_| format!("{canonical:?}"));
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    hasher.update([0]);
    hasher.update(image_id.as_bytes());
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn spec(number: u32) -> ContainerSpec {
        ContainerSpec {
            name: format!("demo-api-{number}"),
            image: "demo-api".into(),
            env: BTreeMap::from([("A".into(), "1".into())]),
            labels: labels::container_labels("demo", "api", number, false, None),
            ..Default::default()
        }
    }

    #[test]
    fn replicas_share_a_hash_and_any_setting_changes_it() {
        let one = config_hash(&spec(1), "sha256:aa");
        assert_eq!(one.len(), 64);
        assert_eq!(one, config_hash(&spec(2), "sha256:aa"));
        assert_ne!(one, config_hash(&spec(1), "sha256:bb"));
        let mut env = spec(1);
        env.env.insert("A".into(), "2".into());
        assert_ne!(one, config_hash(&env, "sha256:aa"));
        let mut shm = spec(1);
        shm.shm_size = Some(1 << 30);
        assert_ne!(one, config_hash(&shm, "sha256:aa"));
        let mut labelled = spec(1);
        labelled
            .labels
            .insert(labels::CONFIG_HASH.into(), one.clone());
        assert_eq!(one, config_hash(&labelled, "sha256:aa"));
    }
}
