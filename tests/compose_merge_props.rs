//! The compose merge rules as properties over generated files: an empty
//! later file changes nothing, a file merged with itself is itself, later
//! single values win, `environment` and `labels` merge by key, `command`
//! is replaced whole and `ports` append, de-duplicated.

use std::collections::BTreeMap;

use proptest::prelude::*;
use runcli::project::ProjectError;
use runcli::project::compose::{ComposeProject, PortSpec, load_compose};

/// What the generator controls of one service.
#[derive(Debug, Clone)]
struct Service {
    image: String,
    command: Option<Vec<String>>,
    environment: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
    ports: Vec<(u16, u16)>,
    restart: Option<String>,
    user: Option<String>,
    working_dir: Option<String>,
}

type File = BTreeMap<String, Service>;

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ._/-]{0,10}"
}

fn service() -> impl Strategy<Value = Service> {
    let word = "[a-z0-9-]{1,6}";
    (
        "[a-z]{1,6}(:[0-9]{1,2})?",
        proptest::option::of(proptest::collection::vec(word, 0..3)),
        proptest::collection::btree_map("[A-E]", text(), 0..4),
        proptest::collection::btree_map("[a-e]", text(), 0..3),
        proptest::collection::vec((8000u16..8004, 1u16..4), 0..4),
        proptest::option::of(prop::sample::select(vec![
            "no",
            "always",
            "unless-stopped",
            "on-failure:3",
        ])),
        proptest::option::of("[a-z0-9]{1,5}"),
        proptest::option::of("/[a-z]{1,5}"),
    )
        .prop_map(
            |(image, command, environment, labels, ports, restart, user, working_dir)| Service {
                image,
                command,
                environment,
                labels,
                ports,
                restart: restart.map(str::to_string),
                user,
                working_dir,
            },
        )
}

/// A few services whose names overlap between generated files.
fn file() -> impl Strategy<Value = File> {
    proptest::collection::btree_map(
        prop::sample::select(vec!["api", "db", "web"]).prop_map(str::to_string),
        service(),
        0..3,
    )
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn yaml(file: &File) -> String {
    if file.is_empty() {
        return "services: {}\n".into();
    }
    let mut out = String::from("services:\n");
    for (name, s) in file {
        out.push_str(&format!("  {name}:\n    image: {}\n", quoted(&s.image)));
        if let Some(command) = &s.command {
            let words: Vec<String> = command.iter().map(|w| quoted(w)).collect();
            out.push_str(&format!("    command: [{}]\n", words.join(", ")));
        }
        for (key, map) in [("environment", &s.environment), ("labels", &s.labels)] {
            if !map.is_empty() {
                out.push_str(&format!("    {key}:\n"));
                for (k, v) in map {
                    out.push_str(&format!("      {k}: {}\n", quoted(v)));
                }
            }
        }
        if !s.ports.is_empty() {
            out.push_str("    ports:\n");
            for (published, target) in &s.ports {
                out.push_str(&format!("      - '{published}:{target}'\n"));
            }
        }
        for (key, value) in [
            ("restart", &s.restart),
            ("user", &s.user),
            ("working_dir", &s.working_dir),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {}\n", quoted(value)));
            }
        }
    }
    out
}

fn load(texts: &[String]) -> Result<ComposeProject, ProjectError> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let names: Vec<String> = (0..texts.len()).map(|i| format!("c{i}.yaml")).collect();
    for (name, text) in names.iter().zip(texts) {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    load_compose(dir.path(), "props", &names, ".env", &|_| None)
}

fn loaded(texts: &[String]) -> ComposeProject {
    load(texts).unwrap_or_else(|e| panic!("{e}\n---\n{}", texts.join("---\n")))
}

fn ports(list: &[(u16, u16)]) -> Vec<PortSpec> {
    let mut out: Vec<PortSpec> = Vec::new();
    for (published, target) in list {
        let spec = PortSpec {
            host_ip: None,
            published: Some(*published),
            target: *target,
            protocol: "tcp".into(),
            host_mode: false,
        };
        if !out.contains(&spec) {
            out.push(spec);
        }
    }
    out
}

/// The merge as the compose spec states it, on the generator's model.
fn merged(base: &File, over: &File) -> File {
    let mut out = base.clone();
    for (name, later) in over {
        let Some(earlier) = out.get_mut(name) else {
            out.insert(name.clone(), later.clone());
            continue;
        };
        earlier.image = later.image.clone();
        if later.command.is_some() {
            earlier.command = later.command.clone();
        }
        earlier.environment.extend(later.environment.clone());
        earlier.labels.extend(later.labels.clone());
        earlier.ports.extend(later.ports.iter().copied());
        for (field, value) in [
            (&mut earlier.restart, &later.restart),
            (&mut earlier.user, &later.user),
            (&mut earlier.working_dir, &later.working_dir),
        ] {
            if value.is_some() {
                *field = value.clone();
            }
        }
    }
    out
}

fn assert_matches(project: &ComposeProject, model: &File) -> Result<(), TestCaseError> {
    let names: Vec<&String> = project.services.keys().collect();
    prop_assert_eq!(names, model.keys().collect::<Vec<_>>());
    for (name, want) in model {
        let got = &project.services[name];
        prop_assert_eq!(got.image.as_ref(), Some(&want.image));
        prop_assert_eq!(&got.command, &want.command);
        prop_assert_eq!(&got.environment, &want.environment);
        prop_assert_eq!(&got.labels, &want.labels);
        prop_assert_eq!(&got.ports, &ports(&want.ports));
        prop_assert_eq!(&got.restart, &want.restart);
        prop_assert_eq!(&got.user, &want.user);
        prop_assert_eq!(&got.working_dir, &want.working_dir);
    }
    Ok(())
}

proptest! {
    // Each case writes and reads a few files.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_file_reads_as_its_model(base in file()) {
        assert_matches(&loaded(&[yaml(&base)]), &base)?;
    }

    #[test]
    fn an_empty_later_file_changes_nothing(base in file()) {
        let alone = loaded(&[yaml(&base)]);
        for empty in ["", "services: {}\n", "{}\n"] {
            prop_assert_eq!(&loaded(&[yaml(&base), empty.to_string()]), &alone);
        }
    }

    #[test]
    fn a_file_merged_with_itself_is_itself(base in file()) {
        let alone = loaded(&[yaml(&base)]);
        prop_assert_eq!(loaded(&[yaml(&base), yaml(&base)]), alone);
    }

    #[test]
    fn later_files_merge_by_the_compose_rules(base in file(), over in file()) {
        let project = loaded(&[yaml(&base), yaml(&over)]);
        assert_matches(&project, &merged(&base, &over))?;
    }

    #[test]
    fn merging_is_associative(a in file(), b in file(), c in file()) {
        let all = loaded(&[yaml(&a), yaml(&b), yaml(&c)]);
        prop_assert_eq!(&all, &loaded(&[yaml(&merged(&a, &b)), yaml(&c)]));
        assert_matches(&all, &merged(&merged(&a, &b), &c))?;
    }
}
