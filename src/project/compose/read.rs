//! Typed reads of merged compose nodes. Every failure names the service,
//! the key and the `file:line:col` the value came from.

use std::collections::BTreeMap;
use std::str::FromStr;

use super::interpolate::Lookup;
use super::node::{Entry, Kind, Node, Origin};
use crate::project::error::ProjectError;

/// Reads values of one service (or of the top level when `service` is `None`).
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub service: Option<&'a str>,
}

impl<'a> Reader<'a> {
    pub fn service(name: &'a str) -> Reader<'a> {
        Reader {
            service: Some(name),
        }
    }

    pub fn top() -> Reader<'static> {
        Reader { service: None }
    }

    pub fn invalid(&self, node: &Node, message: impl Into<String>) -> ProjectError {
        ProjectError::ComposeInvalid {
            at: node.at.location(),
            service: self.service.map(str::to_string),
            message: message.into(),
        }
    }

    /// An error pointing at a key rather than its value.
    pub fn invalid_at(&self, at: &Origin, message: impl Into<String>) -> ProjectError {
        ProjectError::ComposeInvalid {
            at: at.location(),
            service: self.service.map(str::to_string),
            message: message.into(),
        }
    }

    /// A single value as text (numbers and booleans as written).
    pub fn string(&self, node: &Node, what: &str) -> Result<String, ProjectError> {
        match &node.kind {
            Kind::Scalar(text) => Ok(text.clone()),
            _ => Err(self.invalid(
                node,
                format!(
                    "`{what}` takes a single value, this is {}",
                    node.kind_name()
                ),
            )),
        }
    }

    /// `key` of a mapping node as text; absent or null is `None`.
    pub fn opt_string(&self, parent: &Node, key: &str) -> Result<Option<String>, ProjectError> {
        match parent.get(key) {
            None => Ok(None),
            Some(node) if node.is_null() => Ok(None),
            Some(node) => self.string(node, key).map(Some),
        }
    }

    pub fn number<T: FromStr>(&self, node: &Node, what: &str) -> Result<T, ProjectError> {
        let text = self.string(node, what)?;
        text.trim().parse().map_err(|_| {
            self.invalid(
                node,
                format!("`{what}` must be a whole number in range, not `{text}`"),
            )
        })
    }

    /// YAML and compose booleans (`true`, `yes`, `on`, ... any case).
    pub fn boolean(&self, node: &Node, what: &str) -> Result<bool, ProjectError> {
        let text = self.string(node, what)?;
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" => Ok(true),
            "false" | "no" | "n" | "off" => Ok(false),
            _ => Err(self.invalid(
                node,
                format!("`{what}` must be true or false, not `{text}`"),
            )),
        }
    }

    /// A mapping's entries; null is an empty mapping.
    pub fn map<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [Entry], ProjectError> {
        match &node.kind {
            Kind::Map(entries) => Ok(entries),
            Kind::Null => Ok(&[]),
            _ => Err(self.invalid(
                node,
                format!("`{what}` takes a mapping, this is {}", node.kind_name()),
            )),
        }
    }

    /// A list's items; null is an empty list.
    pub fn seq<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [Node], ProjectError> {
        match &node.kind {
            Kind::Seq(items) => Ok(items),
            Kind::Null => Ok(&[]),
            _ => Err(self.invalid(
                node,
                format!("`{what}` takes a list, this is {}", node.kind_name()),
            )),
        }
    }

    /// A list of single values.
    pub fn strings(&self, node: &Node, what: &str) -> Result<Vec<String>, ProjectError> {
        self.seq(node, what)?
            .iter()
            .map(|item| self.string(item, what))
            .collect()
    }

    /// A normalized `KEY: VALUE` mapping. A null value is looked up when
    /// `lookup` is given (environment, build args) and left out if unset.
    pub fn key_values(
        &self,
        node: &Node,
        what: &str,
        lookup: Option<Lookup<'_>>,
    ) -> Result<Vec<(String, Option<String>)>, ProjectError> {
        let mut out = Vec::new();
        for entry in self.map(node, what)? {
            let value = match (&entry.value.kind, lookup) {
                (Kind::Null, Some(lookup)) => lookup(&entry.key),
                (Kind::Null, None) => Some(String::new()),
                _ => Some(self.string(&entry.value, &format!("{what}.{}", entry.key))?),
            };
            out.push((entry.key.clone(), value));
        }
        Ok(out)
    }

    /// [`Reader::key_values`] without the unset ones.
    pub fn string_map(
        &self,
        node: &Node,
        what: &str,
        lookup: Option<Lookup<'_>>,
    ) -> Result<BTreeMap<String, String>, ProjectError> {
        Ok(self
            .key_values(node, what, lookup)?
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect())
    }
}
