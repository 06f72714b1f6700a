//! YAML text to a [`Node`] tree with positions. saphyr does the parsing
//! (maintained, YAML 1.2, `line:col` on every node and in every syntax
//! error, duplicate keys rejected); this module adds what compose layers on
//! top: merge keys (`<<: *anchor`) and the `!reset` / `!override` tags.

use std::path::Path;
use std::sync::Arc;

use saphyr::{MarkedYaml, Scalar, ScalarStyle, Tag, YamlData, YamlLoader};
use saphyr_parser::{Marker, Parser};

use super::node::{Entry, Kind, MergeTag, Node, Origin, upsert};
use crate::project::error::{LineCol, Location, ProjectError};

/// Parses one compose file. An empty file is an empty mapping.
pub fn parse(src: &str, file: &Path) -> Result<Node, ProjectError> {
    let file: Arc<Path> = Arc::from(file);
    let mut loader: YamlLoader<'_, MarkedYaml<'_>> = YamlLoader::default();
    // Keep scalars as written: compose turns them back into strings anyway.
    loader.early_parse(false);
    let mut parser = Parser::new_from_str(src);
    let loaded = parser.load(&mut loader, true);
    let error = loaded.err().or_else(|| loader.error().cloned());
    if let Some(e) = error {
        return Err(ProjectError::ComposeSyntax {
            at: location(&file, e.marker()),
            message: format!("invalid YAML: {}", e.info()),
        });
    }
    let mut docs = loader.into_documents().into_iter();
    let Some(doc) = docs.next() else {
        return Ok(Node::new(
            Kind::Map(Vec::new()),
            origin(&file, &Marker::default()),
        ));
    };
    if let Some(extra) = docs.next() {
        return Err(ProjectError::ComposeSyntax {
            at: location(&file, &extra.span.start),
            message: "a compose file holds one YAML document, this is a second one".into(),
        });
    }
    if matches!(doc.data, YamlData::BadValue) {
        return Ok(Node::new(
            Kind::Map(Vec::new()),
            origin(&file, &doc.span.start),
        ));
    }
    convert(&doc, &file)
}

fn origin(file: &Arc<Path>, marker: &Marker) -> Origin {
    Origin {
        file: Arc::clone(file),
        pos: LineCol {
            line: marker.line().max(1),
            col: marker.col() + 1,
        },
    }
}

fn location(file: &Arc<Path>, marker: &Marker) -> Location {
    origin(file, marker).location()
}

fn syntax(at: &Origin, message: String) -> ProjectError {
    ProjectError::ComposeSyntax {
        at: at.location(),
        message,
    }
}

fn convert(yaml: &MarkedYaml<'_>, file: &Arc<Path>) -> Result<Node, ProjectError> {
    let at = origin(file, &yaml.span.start);
    match &yaml.data {
        YamlData::Representation(text, style, tag) => {
            let tag = tag.as_ref().map(|t| t.as_ref());
            let merge = merge_tag(tag, &at)?;
            let as_string = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
            let plain = *style == ScalarStyle::Plain;
            let kind = if plain && !as_string && is_null(text) {
                Kind::Null
            } else {
                Kind::Scalar(text.to_string())
            };
            Ok(Node {
                kind,
                at,
                tag: merge,
            })
        }
        YamlData::Value(scalar) => Ok(Node::new(scalar_kind(scalar), at)),
        YamlData::Sequence(items) => {
            let items = items
                .iter()
                .map(|item| convert(item, file))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Node::new(Kind::Seq(items), at))
        }
        YamlData::Mapping(mapping) => {
            let mut entries = Vec::new();
            let mut merged = Vec::new();
            for (key, value) in mapping {
                let key_at = origin(file, &key.span.start);
                let Some(name) = key_text(key) else {
                    return Err(syntax(
                        &key_at,
                        "a mapping key must be a single value, not a list or mapping".into(),
                    ));
                };
                let value = convert(value, file)?;
                if name == "<<" && is_plain(key) {
                    merged.push(value);
                } else {
                    entries.push(Entry {
                        key: name,
                        key_at,
                        value,
                    });
                }
            }
            apply_merge_keys(&mut entries, merged)?;
            Ok(Node::new(Kind::Map(entries), at))
        }
        YamlData::Tagged(tag, inner) => {
            let mut node = convert(inner, file)?;
            node.tag = merge_tag(Some(tag.as_ref()), &at)?;
            Ok(node)
        }
        YamlData::Alias(_) | YamlData::BadValue => Err(syntax(
            &at,
            "invalid YAML value (an alias to an unknown anchor?)".into(),
        )),
    }
}

/// YAML merge keys: entries of the merged mappings fill in keys the mapping
/// does not set itself; with a list of mappings, the first one wins.
fn apply_merge_keys(entries: &mut Vec<Entry>, merged: Vec<Node>) -> Result<(), ProjectError> {
    for value in merged {
        let sources = match value.kind {
            Kind::Seq(items) => items,
            _ => vec![value],
        };
        for source in sources {
            if !matches!(source.kind, Kind::Map(_)) {
                return Err(syntax(
                    &source.at,
                    format!("`<<` merges mappings, this is {}", source.kind_name()),
                ));
            }
            let Kind::Map(from) = source.kind else {
                continue;
            };
            for entry in from {
                if !entries.iter().any(|e| e.key == entry.key) {
                    upsert(entries, entry);
                }
            }
        }
    }
    Ok(())
}

fn merge_tag(tag: Option<&Tag>, at: &Origin) -> Result<Option<MergeTag>, ProjectError> {
    let Some(tag) = tag else { return Ok(None) };
    if tag.is_yaml_core_schema() {
        return Ok(None);
    }
    match (tag.handle.as_str(), tag.suffix.as_str()) {
        ("!", "reset") => Ok(Some(MergeTag::Reset)),
        ("!", "override") => Ok(Some(MergeTag::Override)),
        _ => Err(syntax(
            at,
            format!(
                "YAML tag `{tag}` is not supported; compose files may use !reset and !override"
            ),
        )),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn is_plain(key: &MarkedYaml<'_>) -> bool {
    matches!(
        key.data,
        YamlData::Representation(_, ScalarStyle::Plain, _) | YamlData::Value(_)
    )
}

fn key_text(key: &MarkedYaml<'_>) -> Option<String> {
    match &key.data {
        YamlData::Representation(text, _, _) => Some(text.to_string()),
        YamlData::Value(scalar) => match scalar_kind(scalar) {
            Kind::Scalar(text) => Some(text),
            _ => Some("null".into()),
        },
        _ => None,
    }
}

fn scalar_kind(scalar: &Scalar<'_>) -> Kind {
    match scalar {
        Scalar::Null => Kind::Null,
        Scalar::Boolean(b) => Kind::Scalar(b.to_string()),
        Scalar::Integer(i) => Kind::Scalar(i.to_string()),
        Scalar::FloatingPoint(f) => Kind::Scalar(f.to_string()),
        Scalar::String(s) => Kind::Scalar(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(src: &str) -> Node {
        match parse(src, Path::new("c.yaml")) {
            Ok(node) => node,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn positions_are_one_based() {
        let doc = parse_ok("services:\n  db:\n    image: postgres\n");
        let db = doc.get("services").and_then(|s| s.entry("db"));
        let image = db.and_then(|db| db.value.get("image"));
        assert_eq!(db.map(|e| e.key_at.pos), Some(LineCol { line: 2, col: 3 }));
        assert_eq!(image.map(|n| n.at.pos), Some(LineCol { line: 3, col: 12 }));
        assert_eq!(image.and_then(Node::scalar), Some("postgres"));
    }

    #[test]
    fn merge_keys_fill_in_missing_keys_only() {
        let doc = parse_ok("x-base: &base\n  a: 1\n  b: 2\nsvc:\n  <<: *base\n  b: 3\n");
        let svc = doc.get("svc");
        assert_eq!(
            svc.and_then(|s| s.get("a")).and_then(Node::scalar),
            Some("1")
        );
        assert_eq!(
            svc.and_then(|s| s.get("b")).and_then(Node::scalar),
            Some("3")
        );
    }

    #[test]
    fn tags_and_nulls() {
        let doc = parse_ok("a: !reset []\nb: !override\n  - x\nc: ~\nd: 'null'\ne: !!str null\n");
        assert_eq!(doc.get("a").and_then(|n| n.tag), Some(MergeTag::Reset));
        assert_eq!(doc.get("b").and_then(|n| n.tag), Some(MergeTag::Override));
        assert!(doc.get("c").is_some_and(Node::is_null));
        assert_eq!(doc.get("d").and_then(Node::scalar), Some("null"));
        assert_eq!(doc.get("e").and_then(Node::scalar), Some("null"));
        let custom = parse("a: !custom 1\n", Path::new("c.yaml"));
        assert!(matches!(custom, Err(ProjectError::ComposeSyntax { .. })));
    }

    #[test]
    fn duplicate_keys_are_syntax_errors() {
        let err = parse("a: 1\na: 2\n", Path::new("c.yaml")).err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.starts_with("c.yaml:2:1: "), "{text}");
    }
}
