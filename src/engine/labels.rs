//! The labels runcli puts on what it creates: compose's own, so `docker compose
//! ps` / `down` see runcli's containers, plus `io.runcli.*` for runcli itself.

use std::collections::BTreeMap;

/// Compose's project name label.
pub const PROJECT: &str = "com.docker.compose.project";
/// Compose's service name label.
pub const SERVICE: &str = "com.docker.compose.service";
/// Compose's one-off label: "True" for `run`-style containers, "False" otherwise.
pub const ONEOFF: &str = "com.docker.compose.oneoff";
/// Compose's replica number label, from 1.
pub const CONTAINER_NUMBER: &str = "com.docker.compose.container-number";
/// The compose version that created the object; compose warns without it.
pub const VERSION: &str = "com.docker.compose.version";
/// Compose's hash of the service config, used to tell whether to recreate.
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
/// Compose's network name label (the name inside the compose file).
pub const NETWORK: &str = "com.docker.compose.network";
/// Compose's volume name label (the name inside the compose file).
pub const VOLUME: &str = "com.docker.compose.volume";

/// The runcli server profile that started a container.
pub const RUNCLI_PROFILE: &str = "io.runcli.profile";
/// Marks objects runcli created, so it only ever removes its own.
pub const RUNCLI_MANAGED: &str = "io.runcli.managed";

/// The compose version runcli claims: the compose file format it follows.
pub const COMPOSE_VERSION: &str = "2.0.0";

/// Labels for one container of `project`'s `service`.
///
/// `oneoff` containers (test runs, migrations) are the ones `docker compose
/// run` would create; `profile` is the runcli server profile, when any.
pub fn container_labels(
    project: &str,
    service: &str,
    number: u32,
    oneoff: bool,
    profile: Option<&str>,
) -> BTreeMap<String, String> {
    let mut labels = project_labels(project);
    labels.insert(SERVICE.into(), service.into());
    labels.insert(CONTAINER_NUMBER.into(), number.to_string());
    labels.insert(
        ONEOFF.into(),
        if oneoff { "True" } else { "False" }.to_string(),
    );
    if let Some(profile) = profile {
        labels.insert(RUNCLI_PROFILE.into(), profile.into());
    }
    labels
}

/// Labels for a network named `name` in `project`'s compose file.
pub fn network_labels(project: &str, name: &str) -> BTreeMap<String, String> {
    let mut labels = project_labels(project);
    labels.insert(NETWORK.into(), name.into());
    labels
}

/// Labels for a volume named `name` in `project`'s compose file.
pub fn volume_labels(project: &str, name: &str) -> BTreeMap<String, String> {
    let mut labels = project_labels(project);
    labels.insert(VOLUME.into(), name.into());
    labels
}

/// The labels every object of `project` carries.
pub fn project_labels(project: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        (PROJECT.to_string(), project.to_string()),
        (VERSION.to_string(), COMPOSE_VERSION.to_string()),
        (RUNCLI_MANAGED.to_string(), "true".to_string()),
    ])
}

/// The engine filter value that selects `project`'s objects.
pub(crate) fn project_filter(project: &str) -> String {
    format!("{PROJECT}={project}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_labels_carry_compose_and_runcli_keys() {
        let l = container_labels("demo", "api", 2, true, Some("local"));
        assert_eq!(l[PROJECT], "demo");
        assert_eq!(l[SERVICE], "api");
        assert_eq!(l[CONTAINER_NUMBER], "2");
        assert_eq!(l[ONEOFF], "True");
        assert_eq!(l[RUNCLI_PROFILE], "local");
        assert_eq!(l[RUNCLI_MANAGED], "true");
        let plain = container_labels("demo", "db", 1, false, None);
        assert_eq!(plain[ONEOFF], "False");
        assert!(!plain.contains_key(RUNCLI_PROFILE));
    }
}
