//! The compose document as runcli reads it: a YAML tree whose every node
//! remembers the file and `line:col` it came from, so that an error found
//! after several files were merged still points at the right file.

use std::path::Path;
use std::sync::Arc;

use crate::project::error::{LineCol, Location};

/// Where a node was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<Path>,
    pub pos: LineCol,
}

impl Origin {
    pub fn location(&self) -> Location {
        Location {
            path: self.file.to_path_buf(),
            pos: Some(self.pos),
        }
    }
}

/// Compose's merge tags: `!reset` drops a value an earlier file set,
/// `!override` replaces it instead of merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeTag {
    Reset,
    Override,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub at: Origin,
    pub tag: Option<MergeTag>,
}

/// Scalars keep their source text: compose turns numbers and booleans back
/// into strings (environment values, labels) and parses others on demand.
#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key of a mapping, in document order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_at: Origin,
    pub value: Node,
}

impl Node {
    pub fn new(kind: Kind, at: Origin) -> Node {
        Node {
            kind,
            at,
            tag: None,
        }
    }

    /// How a person would name this node's type in a message.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Scalar(_) => "a single value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn entries_mut(&mut self) -> Option<&mut Vec<Entry>> {
        match &mut self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries_mut()?
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.value)
    }

    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }
}

/// Sets `key` in a mapping's entries: replaces the value in place (keeping
/// the first position, as compose does for repeated keys) or appends.
pub fn upsert(entries: &mut Vec<Entry>, entry: Entry) {
    match entries.iter_mut().find(|e| e.key == entry.key) {
        Some(existing) => existing.value = entry.value,
        None => entries.push(entry),
    }
}
