//! `[environments]` checks: each environment's own values, and a secrets
//! environment that `[secrets]` defines.

use super::Checker;
use crate::project::error::ProjectError;
use crate::project::manifest::Manifest;
use crate::project::position::Seg;

pub(super) fn check(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    for (name, env) in &m.environments {
        env.check()
            .map_err(|issue| c.fail(&issue.segs(name), issue.message))?;
        if let Some(secrets) = &env.secrets
            && !m.secrets.environments.contains_key(secrets)
        {
            let known: Vec<&str> = m.secrets.environments.keys().map(String::as_str).collect();
            return Err(c.fail(
                &[
                    Seg::Key("environments"),
                    Seg::Key(name),
                    Seg::Key("secrets"),
                ],
                format!(
                    "no secrets environment `{secrets}`; known: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
