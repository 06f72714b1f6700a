//! The template ships its secrets inputs as `secret--template.env.txt` and
//! `secret--template-values.env.txt`, and its README says to copy them. A
//! project where only the `.txt` files exist is not broken, it is one copy
//! away from working: every command that needs the inputs says which files,
//! the copy command, and that the copies must stay out of git.

use std::path::Path;

use super::config::SecretsConfig;
use super::error::{Result, SecretsError};

/// Suffix of the shipped, committed examples.
const SHIPPED: &str = ".txt";

/// Fails with the copy hint when an input is missing but its `.txt` example
/// exists; succeeds otherwise (other problems are reported when reading).
pub fn check_copied(project_root: &Path, config: &SecretsConfig) -> Result<()> {
    let missing: Vec<(String, String)> = [&config.template, &config.values]
        .into_iter()
        .filter(|input| !project_root.join(input).exists())
        .map(|input| (input.clone(), format!("{input}{SHIPPED}")))
        .filter(|(_, shipped)| project_root.join(shipped).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let command = missing
        .iter()
        .map(|(input, shipped)| format!("cp {} {}", quoted(shipped), quoted(input)))
        .collect::<Vec<_>>()
        .join(" && ");
    Err(SecretsError::NotCopied {
        missing: missing.iter().map(|(m, _)| m.clone()).collect(),
        shipped: missing.into_iter().map(|(_, s)| s).collect(),
        command,
    })
}

/// A path as a shell word (the defaults need no quotes).
fn quoted(path: &str) -> String {
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_inputs_with_a_shipped_example_need_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let config = SecretsConfig::default();
        assert!(check_copied(dir.path(), &config).is_ok());
        std::fs::write(dir.path().join("secret--template-values.env.txt"), "{}").unwrap();
        let Err(SecretsError::NotCopied {
            missing, command, ..
        }) = check_copied(dir.path(), &config)
        else {
            panic!("the values copy is missing");
        };
        assert_eq!(missing, ["secret--template-values.env"]);
        assert_eq!(
            command,
            "cp secret--template-values.env.txt secret--template-values.env"
        );
        assert_eq!(quoted("my file's.env"), r"'my file'\''s.env'");
    }
}
