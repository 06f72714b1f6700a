//! Packs a build context folder into the tar the engine's build API takes,
//! leaving out what `.dockerignore` excludes, as the docker CLI does.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tar::{Builder, EntryType, Header, HeaderMode};
use walkdir::WalkDir;

use super::dockerignore::DockerIgnore;
use super::error::EngineError;

/// The tar name of a Dockerfile that lives outside the context folder.
const OUTSIDE_DOCKERFILE: &str = ".runcli.Dockerfile";

/// A context folder ready to pack.
#[derive(Debug, Clone)]
pub(crate) struct ContextPlan {
    root: PathBuf,
    ignore: DockerIgnore,
    /// The Dockerfile's name inside the tar, as the build request names it.
    pub dockerfile_name: String,
    /// A Dockerfile outside the context, added under [`OUTSIDE_DOCKERFILE`].
    outside_dockerfile: Option<PathBuf>,
}

impl ContextPlan {
    /// Reads `.dockerignore` and locates `dockerfile` (relative to the context,
    /// or absolute).
    pub(crate) fn new(context_dir: &Path, dockerfile: &str) -> Result<Self, EngineError> {
        if !context_dir.is_dir() {
            return Err(context_error(
                context_dir,
                "the build context is not a folder; check the service's build.context",
            ));
        }
        let ignore_path = context_dir.join(".dockerignore");
        let mut ignore = match std::fs::read_to_string(&ignore_path) {
            Ok(text) => DockerIgnore::parse(&text).map_err(|e| EngineError::Context {
                path: ignore_path.clone(),
                reason: format!("line {}: {}", e.line, e.reason),
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => DockerIgnore::default(),
            Err(e) => return Err(context_error(&ignore_path, &e.to_string())),
        };
        let dockerfile_path = context_dir.join(dockerfile);
        if !dockerfile_path.is_file() {
            return Err(context_error(
                &dockerfile_path,
                "no Dockerfile here; check the service's build.dockerfile",
            ));
        }
        let (dockerfile_name, outside_dockerfile) =
            match relative_inside(context_dir, &dockerfile_path) {
                Some(rel) => (rel, None),
                None => (OUTSIDE_DOCKERFILE.to_string(), Some(dockerfile_path)),
            };
        ignore.keep(&dockerfile_name);
        ignore.keep(".dockerignore");
        Ok(ContextPlan {
            root: context_dir.to_path_buf(),
            ignore,
            dockerfile_name,
            outside_dockerfile,
        })
    }

    /// Writes the tar to `out`; blocking file IO, so run it off the async runtime.
    pub(crate) fn write_tar<W: Write>(&self, out: W) -> Result<(), EngineError> {
        let mut tar = Builder::new(out);
        let mut walk = WalkDir::new(&self.root)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&self.root).to_path_buf();
                EngineError::Context {
                    path,
                    reason: e.to_string(),
                }
            })?;
            let Some(rel) = relative_inside(&self.root, entry.path()) else {
                continue;
            };
            let is_dir = entry.file_type().is_dir();
            if self.ignore.excludes(&rel) {
                if is_dir && !self.ignore.may_reinclude_under(&rel) {
                    walk.skip_current_dir();
                }
                continue;
            }
            self.append(&mut tar, entry.path(), &rel)?;
        }
        if let Some(outside) = &self.outside_dockerfile {
            self.append(&mut tar, outside, OUTSIDE_DOCKERFILE)?;
        }
        tar.into_inner()
            .and_then(|mut out| out.flush())
            .map_err(|e| context_error(&self.root, &e.to_string()))
    }

    /// Appends one file, folder or symlink, owned by root as the docker CLI sends it.
    fn append<W: Write>(
        &self,
        tar: &mut Builder<W>,
        path: &Path,
        name: &str,
    ) -> Result<(), EngineError> {
        let fail = |e: io::Error| context_error(path, &e.to_string());
        let meta = std::fs::symlink_metadata(path).map_err(fail)?;
        let mut header = Header::new_gnu();
        header.set_metadata_in_mode(&meta, HeaderMode::Complete);
        header.set_uid(0);
        header.set_gid(0);
        header.set_username("").map_err(fail)?;
        header.set_groupname("").map_err(fail)?;
        let kind = meta.file_type();
        if kind.is_file() {
            let file = File::open(path).map_err(fail)?;
            tar.append_data(&mut header, name, file).map_err(fail)
        } else if kind.is_dir() {
            header.set_entry_type(EntryType::Directory);
            header.set_size(0);
            tar.append_data(&mut header, name, io::empty())
                .map_err(fail)
        } else if kind.is_symlink() {
            let target = std::fs::read_link(path).map_err(fail)?;
            header.set_size(0);
            tar.append_link(&mut header, name, &target).map_err(fail)
        } else {
            // Sockets, fifos and devices cannot be copied into an image.
            Ok(())
        }
    }
}

/// `path` relative to `root`, `/`-separated, when it lies inside `root`.
fn relative_inside(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for comp in rel.components() {
        match comp {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn context_error(path: &Path, reason: &str) -> EngineError {
    EngineError::Context {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(plan: &ContextPlan) -> Vec<String> {
        let mut buf = Vec::new();
        plan.write_tar(&mut buf).unwrap_or_else(|e| panic!("{e}"));
        let mut archive = tar::Archive::new(&buf[..]);
        let mut out = Vec::new();
        for entry in archive.entries().unwrap_or_else(|e| panic!("{e}")) {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(entry.header().uid().ok(), Some(0));
            out.push(
                entry
                    .path()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .display()
                    .to_string(),
            );
        }
        out
    }

    #[test]
    fn dockerignore_excludes_and_dockerfile_is_kept() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join("Dockerfile"), "FROM scratch\n")?;
        std::fs::write(
            root.join(".dockerignore"),
            "secret.txt\nbuild\nDockerfile\n*.log\n!keep.log\n",
        )?;
        std::fs::write(root.join("secret.txt"), "s")?;
        std::fs::write(root.join("app.py"), "print()")?;
        std::fs::write(root.join("a.log"), "")?;
        std::fs::write(root.join("keep.log"), "")?;
        std::fs::create_dir_all(root.join("build/deep"))?;
        std::fs::write(root.join("build/deep/x"), "")?;
        std::fs::create_dir_all(root.join("src"))?;
        std::fs::write(root.join("src/secret.txt"), "nested is not anchored")?;
        let plan = ContextPlan::new(root, "Dockerfile").map_err(io::Error::other)?;
        assert_eq!(plan.dockerfile_name, "Dockerfile");
        let got = names(&plan);
        for want in [
            ".dockerignore",
            "Dockerfile",
            "app.py",
            "keep.log",
            "src",
            "src/secret.txt",
        ] {
            assert!(
                got.iter().any(|n| n.trim_end_matches('/') == want),
                "{want} missing from {got:?}"
            );
        }
        for gone in ["secret.txt", "a.log", "build", "build/deep/x"] {
            assert!(
                !got.iter().any(|n| n.trim_end_matches('/') == gone),
                "{gone} in {got:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn missing_dockerfile_names_the_path() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let err = ContextPlan::new(dir.path(), "Dockerfile.dev").err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("Dockerfile.dev"), "{msg}");
        Ok(())
    }
}
