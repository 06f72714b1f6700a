//! The Secrets pane: environments on the left; on the right, what
//! compiling the selected one would change, by key, with masked values. A
//! value is shown only for the row the user reveals with `r`.

/// Made by the snapshot operation; re-exported so
/// `app::secrets_pane::{EnvSecrets, SecretsSnapshot}` keep naming them.
pub use crate::ops::secrets::{EnvSecrets, SecretsSnapshot};

/// Which side takes j/k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsFocus {
    Envs,
    Vars,
}

/// State of the Secrets pane.
#[derive(Debug, Clone)]
pub struct SecretsPane {
    pub snapshot: Option<SecretsSnapshot>,
    /// Why the inputs could not be read at all.
    pub load_error: Option<String>,
    pub selected_env: usize,
    pub focus: SecretsFocus,
    /// Index into the selected environment's rows (all outputs' keys).
    pub selected_row: usize,
    /// The row whose value is shown unmasked, by output and key.
    pub revealed: Option<(usize, String)>,
    /// A load or compile is running.
    pub busy: bool,
}

impl Default for SecretsPane {
    fn default() -> Self {
        SecretsPane {
            snapshot: None,
            load_error: None,
            selected_env: 0,
            focus: SecretsFocus::Envs,
            selected_row: 0,
            revealed: None,
            busy: false,
        }
    }
}

impl SecretsPane {
    pub fn env(&self) -> Option<&EnvSecrets> {
        self.snapshot.as_ref()?.envs.get(self.selected_env)
    }

    /// Rows of the selected environment: (output index, key).
    pub fn rows(&self) -> Vec<(usize, &str)> {
        let Some(env) = self.env() else {
            return Vec::new();
        };
        env.diffs
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.entries.iter().map(move |e| (i, e.key.as_str())))
            .collect()
    }

    /// The selected row, if any.
    pub fn selected(&self) -> Option<(usize, String)> {
        self.rows()
            .get(self.selected_row)
            .map(|(i, k)| (*i, k.to_string()))
    }
}
