//! The version file (`config.json`): read its `version` and rewrite only
//! that string, in place, so key order, indentation and other keys stay.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::error::GitError;

/// The version file as read, with where its top-level `version` string
/// literal sits in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFile {
    pub path: PathBuf,
    pub text: String,
    /// The decoded value of the top-level `version`.
    pub value: String,
    parsed: Value,
}

impl VersionFile {
    /// Reads `path`; errors say what to fix in the file.
    pub fn read(path: &Path) -> Result<VersionFile, GitError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(GitError::VersionFileMissing {
                    path: path.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(GitError::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let invalid = |message: String| GitError::VersionFileInvalid {
            path: path.to_path_buf(),
            message,
        };
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| invalid(format!("line {} column {}: {e}", e.line(), e.column())))?;
        let value = match parsed.get("version") {
            Some(Value::String(v)) => v.clone(),
            Some(other) => return Err(invalid(format!("version is {other}, not a string"))),
            None => return Err(invalid("no top-level \"version\" key".into())),
        };
        Ok(VersionFile {
            path: path.to_path_buf(),
            text,
            value,
            parsed,
        })
    }

    /// The file's text with the top-level `version` set to `new_value`,
    /// every other byte unchanged; checked by parsing it back.
    pub fn rewritten(&self, new_value: &str) -> Result<String, GitError> {
        let mut expected = self.parsed.clone();
        expected["version"] = Value::String(new_value.to_string());
        let literal =
            serde_json::to_string(new_value).map_err(|e| GitError::VersionFileInvalid {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
        for (start, end) in version_literals(&self.text) {
            let candidate = format!("{}{literal}{}", &self.text[..start], &self.text[end..]);
            if serde_json::from_str::<Value>(&candidate).is_ok_and(|v| v == expected) {
                return Ok(candidate);
            }
        }
        Err(GitError::VersionFileInvalid {
            path: self.path.clone(),
            message: "cannot find the top-level \"version\" string to rewrite in place \
                      (is its key written with escapes?)"
                .into(),
        })
    }
}

/// Byte ranges (quotes included) of every string value that follows a
/// `"version"` key, in order.
fn version_literals(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("\"version\"") {
        let key_end = from + pos + "\"version\"".len();
        from = key_end;
        let mut i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            continue;
        }
        i = skip_ws(bytes, i + 1);
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        if let Some(end) = string_end(bytes, i) {
            found.push((i, end));
        }
    }
    found
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The index just past the closing quote of the string opening at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> VersionFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, text).unwrap();
        VersionFile::read(&path).unwrap()
    }

    #[test]
    fn rewrites_only_the_top_level_version() {
        let text = "{\n    \"meta\": {\"version\": \"1.2.3\"},\n    \"version\" :  \"1.2.3\",\n  \"x\": [1, 2]\n}\n";
        let f = file(text);
        assert_eq!(f.value, "1.2.3");
        assert_eq!(
            f.rewritten("1.2.4").unwrap(),
            "{\n    \"meta\": {\"version\": \"1.2.3\"},\n    \"version\" :  \"1.2.4\",\n  \"x\": [1, 2]\n}\n"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        assert!(matches!(
            VersionFile::read(&path),
            Err(GitError::VersionFileMissing { .. })
        ));
        std::fs::write(&path, "{\"version\": 3}").unwrap();
        let e = VersionFile::read(&path).unwrap_err().to_string();
        assert!(e.contains("not a string"), "{e}");
        std::fs::write(&path, "{\"version\": \"1.2.3\",}").unwrap();
        let e = VersionFile::read(&path).unwrap_err().to_string();
        assert!(e.contains("line 1 column"), "{e}");
    }
}
