//! Git: the project should be a repository (version bumps and tags need
//! one), and git must not track the env files the secrets compile writes.
//! A dirty tree is not a problem; the header says it.

use std::path::Path;

use git2::Repository;

use super::{Finding, secrets};
use crate::project::Project;

pub fn check(project: &Project) -> Vec<Finding> {
    let Ok(repo) = Repository::discover(&project.root) else {
        return vec![Finding::new(
            None,
            "the project is not in a git repository",
            "run `git init` in the project root (version bumps, tags and the Git pane need one)",
        )];
    };
    let (Some(workdir), Ok(index)) = (repo.workdir(), repo.index()) else {
        return Vec::new();
    };
    let Some(prefix) = relative(workdir, &project.root) else {
        return Vec::new();
    };
    secrets::outputs(project)
        .into_iter()
        .filter(|path| index.get_path(&prefix.join(path), 0).is_some())
        .map(|path| {
            Finding::new(
                Some(path.clone()),
                "git tracks this compiled secrets file, so its values reach every clone",
                format!("run `git rm --cached {path}` and add `{path}` to .gitignore"),
            )
        })
        .collect()
}

/// `root` relative to the work tree, both resolved (symlinks, `..`).
fn relative(workdir: &Path, root: &Path) -> Option<std::path::PathBuf> {
    let workdir = workdir.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    root.strip_prefix(workdir).ok().map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Manifest, ManifestSource};

    #[test]
    fn a_tracked_output_is_a_problem_and_no_repository_is_one_too() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("app");
        std::fs::create_dir(&root).unwrap();
        let manifest = Manifest::default();
        let source = ManifestSource::File(root.join("runcli.toml"));
        let project = Project::new(root.clone(), manifest, source).unwrap();
        let none = check(&project);
        assert!(
            none.iter()
                .any(|f| f.problem.contains("not in a git repository")),
            "{none:?}"
        );

        let repo = Repository::init(dir.path()).unwrap();
        std::fs::write(root.join("integration.env"), "A=1\n").unwrap();
        assert!(check(&project).is_empty());
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("app/integration.env")).unwrap();
        index.write().unwrap();
        let found = check(&project);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].at.as_deref(), Some("integration.env"));
    }
}
