//! Merging normalized compose files in order, by the compose spec's rules:
//! mappings merge by key, lists append, single values are replaced;
//! `command`, `entrypoint` and `healthcheck.test` are replaced whole;
//! `KEY=VALUE` attributes (environment, labels, build args) merge by key,
//! a later bare `KEY` included; `!reset` drops a value, `!override`
//! replaces it. Lists with unique keys (ports, volumes, env_file, aliases)
//! are de-duplicated when they are read, once their entries are parsed.

use super::node::{Entry, Kind, MergeTag, Node};
use crate::project::error::ProjectError;

/// Merges a later file into what the earlier ones built.
pub fn merge_files(base: &mut Node, over: Node) -> Result<(), ProjectError> {
    let mut path = Vec::new();
    merge_value(base, over, &mut path)
}

fn merge_value(base: &mut Node, over: Node, path: &mut Vec<String>) -> Result<(), ProjectError> {
    match (&mut base.kind, over.kind) {
        (_, Kind::Null) => Ok(()),
        (Kind::Map(entries), Kind::Map(more)) => merge_map(entries, more, path),
        (Kind::Seq(items), Kind::Seq(more)) => {
            items.extend(more.into_iter().map(cleaned));
            Ok(())
        }
        (Kind::Map(_) | Kind::Seq(_), kind) => {
            let over = Node::new(kind, over.at);
            let service = match path.as_slice() {
                [top, name, ..] if top == "services" => Some(name.clone()),
                _ => None,
            };
            Err(ProjectError::ComposeInvalid {
                at: over.at.location(),
                service,
                message: format!(
                    "`{}` is {} in an earlier compose file and {} here, which do not merge; \
                     write both the same way (or tag this one !override)",
                    path.join("."),
                    base.kind_name(),
                    over.kind_name()
                ),
            })
        }
        (_, kind) => {
            *base = cleaned(Node::new(kind, over.at));
            Ok(())
        }
    }
}

fn merge_map(
    entries: &mut Vec<Entry>,
    more: Vec<Entry>,
    path: &mut Vec<String>,
) -> Result<(), ProjectError> {
    for entry in more {
        if entry.value.tag == Some(MergeTag::Reset) {
            entries.retain(|e| e.key != entry.key);
            continue;
        }
        let Some(existing) = entries.iter_mut().find(|e| e.key == entry.key) else {
            entries.push(Entry {
                value: cleaned(entry.value),
                ..entry
            });
            continue;
        };
        path.push(entry.key);
        let replace = entry.value.tag == Some(MergeTag::Override) || replaced_whole(path);
        if replace {
            existing.value = cleaned(entry.value);
        } else {
            merge_value(&mut existing.value, entry.value, path)?;
        }
        path.pop();
    }
    Ok(())
}

/// Paths whose later value replaces the earlier one, even a null one.
fn replaced_whole(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        p.as_slice(),
        ["services", _, "command" | "entrypoint"]
            | ["services", _, "healthcheck", "test"]
            | ["services", _, "environment" | "labels", _]
            | ["services", _, "build", "args", _]
            | ["networks" | "volumes", _, "labels", _]
    )
}

/// A value taken as it is: `!reset` entries inside it are dropped and its
/// merge tags have done their work.
fn cleaned(mut node: Node) -> Node {
    clean(&mut node);
    node
}

fn clean(node: &mut Node) {
    node.tag = None;
    match &mut node.kind {
        Kind::Map(entries) => {
            entries.retain(|e| e.value.tag != Some(MergeTag::Reset));
            for entry in entries.iter_mut() {
                clean(&mut entry.value);
            }
        }
        Kind::Seq(items) => {
            items.retain(|i| i.tag != Some(MergeTag::Reset));
            items.iter_mut().for_each(clean);
        }
        Kind::Null | Kind::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::compose::{normalize::normalize, yaml::parse};
    use std::path::Path;

    fn doc(src: &str) -> Node {
        let mut node = parse(src, Path::new("c.yaml")).unwrap_or_else(|e| panic!("{e}"));
        normalize(&mut node).unwrap_or_else(|e| panic!("{e}"));
        node
    }

    fn merged(a: &str, b: &str) -> Node {
        let mut base = doc(a);
        merge_files(&mut base, doc(b)).unwrap_or_else(|e| panic!("{e}"));
        base
    }

    fn at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Node> {
        path.iter().try_fold(node, |n, k| n.get(k))
    }

    fn texts(node: Option<&Node>) -> Vec<String> {
        match node.map(|n| &n.kind) {
            Some(Kind::Seq(items)) => items
                .iter()
                .map(|i| i.scalar().unwrap_or("?").to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn scalars_override_lists_append_commands_replace() {
        let m = merged(
            "services:\n  a:\n    image: x\n    command: [echo, foo]\n    ports: ['1:1']\n",
            "services:\n  a:\n    image: y\n    command: [echo, bar]\n    ports: ['2:2']\n",
        );
        let a = at(&m, &["services", "a"]);
        assert_eq!(
            a.and_then(|a| a.get("image")).and_then(Node::scalar),
            Some("y")
        );
        assert_eq!(texts(a.and_then(|a| a.get("command"))), ["echo", "bar"]);
        assert_eq!(texts(a.and_then(|a| a.get("ports"))), ["1:1", "2:2"]);
    }

    #[test]
    fn reset_and_override_tags() {
        let m = merged(
            "services:\n  a:\n    ports: ['1:1']\n    environment: {A: '1', B: '2'}\n    env_file: [x.env]\n",
            "services:\n  a:\n    ports: !override ['2:2']\n    environment:\n      A: !reset null\n    env_file: !reset []\n",
        );
        let a = at(&m, &["services", "a"]);
        assert_eq!(texts(a.and_then(|a| a.get("ports"))), ["2:2"]);
        let env = a.and_then(|a| a.get("environment"));
        assert!(env.and_then(|e| e.get("A")).is_none());
        assert!(env.and_then(|e| e.get("B")).is_some());
        assert!(a.and_then(|a| a.get("env_file")).is_none());
    }

    #[test]
    fn list_and_map_forms_merge_by_key() {
        let m = merged(
            "services:\n  a:\n    environment: [A=1, B=2]\n    depends_on:\n      db: {condition: service_healthy}\n",
            "services:\n  a:\n    environment: {B: 3, C: null}\n    depends_on: [db, cache]\n",
        );
        let env = at(&m, &["services", "a", "environment"]);
        assert_eq!(
            env.and_then(|e| e.get("A")).and_then(Node::scalar),
            Some("1")
        );
        assert_eq!(
            env.and_then(|e| e.get("B")).and_then(Node::scalar),
            Some("3")
        );
        assert!(env.and_then(|e| e.get("C")).is_some_and(Node::is_null));
        let dep = at(&m, &["services", "a", "depends_on", "db", "condition"]);
        // The later list form means service_started, as in compose.
        assert_eq!(dep.and_then(Node::scalar), Some("service_started"));
        assert!(at(&m, &["services", "a", "depends_on", "cache"]).is_some());
    }

    #[test]
    fn mapping_against_list_is_an_error_in_the_later_file() {
        let mut base = doc("services:\n  a:\n    healthcheck: {retries: 3}\n");
        let err = merge_files(&mut base, doc("services:\n  a:\n    healthcheck: [x]\n"));
        let text = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("c.yaml:3:18"), "{text}");
        assert!(text.contains("service `a`"), "{text}");
    }
}
