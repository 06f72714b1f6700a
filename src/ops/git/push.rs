//! Pushing references with the usual credentials, reporting what the
//! remote refused.

use std::cell::RefCell;

use git2::{Config, Cred, CredentialType, ErrorCode, PushOptions, RemoteCallbacks, Repository};

use super::error::GitError;
use super::repo::RemoteInfo;

/// A reference the remote refused and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub reference: String,
    pub reason: String,
}

/// Pushes `refspecs` to `remote`; `Ok` holds what the remote refused (empty
/// when it took everything; every refspec when the push is not a
/// fast-forward), `Err` a connection, credential or transfer failure.
pub fn push(
    repo: &Repository,
    remote: &RemoteInfo,
    refspecs: &[String],
) -> Result<Vec<Rejected>, GitError> {
    let failed = |source| GitError::PushFailed {
        remote: remote.name.clone(),
        url: remote.url.clone(),
        source,
    };
    let mut handle = repo.find_remote(&remote.name).map_err(failed)?;
    let config = repo.config().map_err(failed)?;
    let rejected = RefCell::new(Vec::new());
    {
        let mut callbacks = RemoteCallbacks::new();
        callbacks.credentials(credentials(config));
        callbacks.push_update_reference(|reference, status| {
            if let Some(reason) = status {
                rejected.borrow_mut().push(Rejected {
                    reference: reference.to_string(),
                    reason: reason.to_string(),
                });
            }
            Ok(())
        });
        let mut options = PushOptions::new();
        options.remote_callbacks(callbacks);
        match handle.push(refspecs, Some(&mut options)) {
            Ok(()) => {}
            // libgit2 refuses a non-fast-forward before sending anything.
            Err(e) if e.code() == ErrorCode::NotFastForward => {
                return Ok(refspecs
                    .iter()
                    .map(|spec| Rejected {
                        reference: spec.rsplit(':').next().unwrap_or(spec).to_string(),
                        reason: format!(
                            "not a fast-forward: {remote} has commits this side lacks; \
                             fetch and merge or rebase first ({})",
                            e.message(),
                            remote = remote.name
                        ),
                    })
                    .collect());
            }
            Err(e) => return Err(failed(e)),
        }
    }
    Ok(rejected.into_inner())
}

/// Credentials from the usual places, each tried once so a refused one
/// ends the push instead of looping: a username for ssh URLs without one,
/// the ssh agent, the git credential helper, then the platform default
/// (Kerberos/NTLM).
fn credentials(
    config: Config,
) -> impl FnMut(&str, Option<&str>, CredentialType) -> Result<Cred, git2::Error> {
    let mut tried = CredentialType::empty();
    move |url, username, allowed| {
        let user = username.unwrap_or("git");
        let mut next = |kind: CredentialType| {
            let fresh = allowed.contains(kind) && !tried.contains(kind);
            if fresh {
                tried |= kind;
            }
            fresh
        };
        if next(CredentialType::USERNAME) {
            return Cred::username(user);
        }
        if next(CredentialType::SSH_KEY) {
            return Cred::ssh_key_from_agent(user);
        }
        if next(CredentialType::USER_PASS_PLAINTEXT) {
            return Cred::credential_helper(&config, url, username);
        }
        if next(CredentialType::DEFAULT) {
            return Cred::default();
        }
        Err(git2::Error::from_str(&format!(
            "no credentials accepted for {url}: load a key into ssh-agent (ssh URLs) \
             or configure a git credential helper (https URLs)"
        )))
    }
}
