//! Unit tests of manifest loading: defaults, merging over the embedded
//! manifest, and parse errors located in the file.
use super::*;

#[test]
fn embedded_manifest_loads_with_every_section() {
    let embedded = Manifest::embedded();
    assert!(embedded.is_ok(), "{:?}", embedded.err());
    let missing = ManifestFile::read("[logs]\n", Path::new("runcli.toml")).map(|f| f.complete());
    assert!(
        matches!(&missing, Ok(Err(names)) if names.len() == 9 && !names.contains(&"logs")),
        "a file with only [logs] lacks the nine others"
    );
}

/// A written section's missing keys take the section type's default:
/// those must say what the embedded file says.
#[test]
fn empty_sections_equal_the_embedded_ones() {
    let src = "[project]\n[compose]\n[migrations]\n[secrets]\n[docs]\n[logs]\n";
    let written = ManifestFile::read(src, Path::new("runcli.toml"));
    let written = match written {
        Ok(written) => written,
        Err(e) => panic!("{e}"),
    };
    let embedded = Manifest::default();
    assert_eq!(written.project, Some(embedded.project));
    assert_eq!(written.compose, Some(embedded.compose));
    assert_eq!(written.migrations, Some(embedded.migrations));
    assert_eq!(written.secrets, Some(embedded.secrets));
    assert_eq!(written.docs, Some(embedded.docs));
    assert_eq!(written.logs, Some(embedded.logs));
}

#[test]
fn default_survives_serialization() {
    let text = toml::to_string(&Manifest::default());
    let text = match text {
        Ok(text) => text,
        Err(e) => panic!("default does not serialize: {e}"),
    };
    let back = Manifest::parse(&text, Path::new("serialized.toml"));
    assert_eq!(back.ok(), Some(Manifest::default()));
}

#[test]
fn services_take_an_optional_shell_and_nothing_else() {
    let parsed = Manifest::parse(
        "[services.db]\nshell = \"bash -l\"\n[services.web]\n",
        Path::new("runcli.toml"),
    );
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => panic!("{e}"),
    };
    let shell = |name: &str| parsed.services.get(name).map(|s| s.shell.clone());
    assert_eq!(shell("db"), Some(Some("bash -l".to_string())));
    assert_eq!(shell("web"), Some(None));
    assert_eq!(Manifest::default().services.len(), 0);
    let typo = Manifest::parse("[services.db]\nshel = \"sh\"\n", Path::new("runcli.toml"));
    assert!(typo.is_err_and(|e| e.to_string().contains("shel")));
}

#[test]
fn empty_manifest_is_the_default() {
    let parsed = Manifest::parse("", Path::new("runcli.toml"));
    assert_eq!(parsed.ok(), Some(Manifest::default()));
}

#[test]
fn a_written_section_replaces_the_default_one() {
    let src = "[profiles.api]\nservices = [\"api\"]\n";
    let parsed = Manifest::parse(src, Path::new("runcli.toml"));
    let profiles: Vec<String> = parsed
        .map(|m| m.profiles.into_keys().collect())
        .unwrap_or_default();
    assert_eq!(profiles, vec!["api".to_string()]);
}

#[test]
fn profile_falls_back_to_project_compose_files() {
    let m = Manifest::default();
    let local = m.profiles.get("local").map(|p| p.compose_files.as_ref());
    let integration = m
        .profiles
        .get("integration")
        .map(|p| p.compose_files.as_ref());
    assert_eq!(
        local.map(|own| m.compose.files_or_default(own).len()),
        Some(1)
    );
    assert_eq!(
        integration.map(|own| m.compose.files_or_default(own).to_vec()),
        Some(m.compose.files.clone())
    );
}
