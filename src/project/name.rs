//! Compose project names: what `docker compose` would call a project, so
//! that its `ps`/`down` see runcli's containers as the same project.

/// Compose's normalization of a folder name: lowercase, keep only
/// `[a-z0-9_-]`, drop leading `_`/`-`. `None` when nothing is left.
pub fn normalize_project_name(folder: &str) -> Option<String> {
    let kept: String = folder
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    let trimmed = kept.trim_start_matches(['_', '-']);
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether `name` is a project name compose accepts: `[a-z0-9][a-z0-9_-]*`.
pub fn is_valid_project_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_compose_names() {
        assert_eq!(
            normalize_project_name("My Model.Server_2"),
            Some("mymodelserver_2".into())
        );
        assert_eq!(normalize_project_name("__Tmp-x"), Some("tmp-x".into()));
        assert_eq!(normalize_project_name("äö .."), None);
        assert!(is_valid_project_name("model-server_2"));
        assert!(!is_valid_project_name("-x"));
        assert!(!is_valid_project_name("Model"));
        assert!(!is_valid_project_name(""));
    }
}
