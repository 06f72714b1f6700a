//! A table of named entries kept in the order runcli.toml writes them.
//! Profiles, test tiers and commands are listed the way their author
//! arranged them (most used first), not alphabetically; toml hands the keys
//! over in file order (its `preserve_order` feature), and this keeps it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Name to entry, in insertion order. Lookups are linear: these tables hold
/// a handful of entries, read by name a few times per action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ordered<T> {
    entries: Vec<(String, T)>,
}

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered {
            entries: Vec::new(),
        }
    }
}

impl<T> Ordered<T> {
    pub fn new() -> Self {
        Ordered::default()
    }

    /// The entry called `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds `value` at the end, or replaces the entry of that name in
    /// place; returns the value replaced.
    pub fn insert(&mut self, name: String, value: T) -> Option<T> {
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.entries.push((name, value));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Names and entries, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &T)> + ExactSizeIterator {
        self.entries.iter().map(|(n, v)| (n, v))
    }

    /// Names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(n, _)| n)
    }

    /// Entries, in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Names, in order, consuming the table.
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = String> + ExactSizeIterator {
        self.entries.into_iter().map(|(n, _)| n)
    }
}

impl<T> std::ops::Index<&str> for Ordered<T> {
    type Output = T;

    /// Panics when there is no such entry, like a map's index.
    fn index(&self, name: &str) -> &T {
        match self.get(name) {
            Some(value) => value,
            None => panic!("no entry `{name}`"),
        }
    }
}

impl<T> std::ops::Index<&String> for Ordered<T> {
    type Output = T;

    fn index(&self, name: &String) -> &T {
        &self[name.as_str()]
    }
}

impl<T> FromIterator<(String, T)> for Ordered<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut out = Ordered::new();
        for (name, value) in iter {
            out.insert(name, value);
        }
        out
    }
}

impl<'a, T> IntoIterator for &'a Ordered<T> {
    type Item = (&'a String, &'a T);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, T)>, fn(&(String, T)) -> (&String, &T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(n, v)| (n, v))
    }
}

impl<T> IntoIterator for Ordered<T> {
    type Item = (String, T);
    type IntoIter = std::vec::IntoIter<(String, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (name, value) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of named entries")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Ordered::new();
                while let Some(name) = map.next_key::<String>()? {
                    let value = map.next_value::<T>()?;
                    if out.insert(name.clone(), value).is_some() {
                        return Err(de::Error::custom(format!("`{name}` is defined twice")));
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    struct Doc {
        t: Ordered<u32>,
    }

    #[test]
    fn keeps_the_file_order_through_a_round_trip() {
        let src = "[t]\nzeta = 1\nalpha = 2\nmid = 3\n";
        let doc: Doc = match toml::from_str(src) {
            Ok(doc) => doc,
            Err(e) => panic!("{e}"),
        };
        let names: Vec<&str> = doc.t.keys().map(String::as_str).collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
        assert_eq!(doc.t.get("alpha"), Some(&2));
        assert_eq!(doc.t["mid"], 3);
        let text = toml::to_string(&doc).unwrap_or_default();
        let back: Result<Doc, _> = toml::from_str(&text);
        let back: Vec<String> = back.map(|d| d.t.into_keys().collect()).unwrap_or_default();
        assert_eq!(back, ["zeta", "alpha", "mid"]);
    }

    #[test]
    fn insert_replaces_in_place() {
        let mut t: Ordered<u32> = [("b".to_string(), 1), ("a".to_string(), 2)]
            .into_iter()
            .collect();
        assert_eq!(t.insert("b".into(), 5), Some(1));
        let all: Vec<(&String, &u32)> = t.iter().collect();
        assert_eq!(all, [(&"b".to_string(), &5), (&"a".to_string(), &2)]);
    }
}
