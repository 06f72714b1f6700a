//! Docs builds on a real engine with a busybox "Sphinx" that prints what
//! sphinx-build prints and writes the index into the bound docs folder:
//! apidoc runs only when asked, warnings come out with file and line, and a
//! build Sphinx reports as failed is failed (the CLI exits 1 and the op the
//! console runs says so) even though the command exited 0 and the index
//! exists.

mod common;

use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};
use runcli::ops::docs::{self, DocsEvent, DocsFailure, DocsStep};
use runcli::project::{DiscoverOptions, discover};

/// `docs/verdict` picks how the build ends: `ok` or `problems`.
const BUILD: &str = r#"v=$(cat docs/verdict)
mkdir -p docs/build/html
echo 'Running Sphinx v7.2.6'
for p in 25 50 75 100; do printf 'reading sources... [%3d%%] page%s\n' $p $p; done
echo '/work/docs/source/index.rst:12: WARNING: toctree contains reference to nonexisting document'
for p in 50 100; do printf 'writing output... [%3d%%] page%s\n' $p $p; done
echo '<html/>' > docs/build/html/index.html
if [ "$v" = problems ]; then
  echo 'build finished with problems, 1 warning (with warnings treated as errors).'
else
  echo 'build succeeded, 1 warning.'
fi"#;

fn manifest(name: &str) -> String {
    let build = BUILD
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[docs]
service = "host"
apidoc = ["sh", "-c", "echo 'Creating file docs/source/api.rst.'; touch docs/apidoc-ran"]
build = ["sh", "-c", "{build}"]
index = "docs/build/html/index.html"
"#
    )
}

const COMPOSE: &str = r#"services:
  host:
    build: .
    working_dir: /work
    volumes:
      - ./docs:/work/docs
"#;

fn set_verdict(dir: &Path, verdict: &str) {
    std::fs::write(dir.join("docs/verdict"), verdict).unwrap();
}

#[tokio::test]
async fn apidoc_on_request_warnings_and_sphinx_verdict_for_both_faces() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("docs");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-host"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/source")).unwrap();
    set_verdict(dir.path(), "ok");
    let apidoc_ran = dir.path().join("docs/apidoc-ran");

    let plain = runcli(dir.path(), &["docs", "build"]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    assert!(!apidoc_ran.exists(), "apidoc ran unasked: {}", text(&plain));
    assert!(
        text(&plain)
            .contains("warning: /work/docs/source/index.rst:12: toctree contains reference"),
        "{}",
        text(&plain)
    );
    assert!(
        text(&plain).contains("built ") && text(&plain).contains("index.html"),
        "{}",
        text(&plain)
    );
    assert!(
        text(&plain).contains("[100%] writing output"),
        "progress by tenths: {}",
        text(&plain)
    );

    let with_apidoc = runcli(dir.path(), &["docs", "build", "--apidoc"]);
    assert_eq!(with_apidoc.status.code(), Some(0), "{}", text(&with_apidoc));
    assert!(apidoc_ran.exists(), "{}", text(&with_apidoc));

    set_verdict(dir.path(), "problems");
    let failed = runcli(dir.path(), &["docs", "build"]);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "Sphinx said it failed: {}",
        text(&failed)
    );
    assert!(
        text(&failed).contains("Sphinx reports the build failed"),
        "{}",
        text(&failed)
    );

    // The op the Docs pane runs, on the same failed build.
    let project = discover(&DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .unwrap();
    let mut steps = Vec::new();
    let mut percents = Vec::new();
    let mut emit = |event: DocsEvent<'_>| match event {
        DocsEvent::Started { step, .. } => steps.push(step),
        DocsEvent::Line { percent, .. } => percents.push(percent),
        DocsEvent::Progress(_) => {}
    };
    let report = docs::build(&engine, &project, true, &mut emit)
        .await
        .unwrap();
    assert_eq!(steps, vec![DocsStep::Apidoc, DocsStep::Build]);
    assert!(
        percents.windows(2).all(|w| w[0] <= w[1]) && percents.last() == Some(&100),
        "{percents:?}"
    );
    assert!(
        dir.path().join("docs/build/html/index.html").exists(),
        "the index is there, and still the build failed"
    );
    assert!(
        matches!(report.built, Err(DocsFailure::Sphinx { .. })),
        "{:?}",
        report.built
    );
    assert_eq!(report.progress.warnings.len(), 1, "{:?}", report.progress);
    assert_eq!(report.progress.created, vec!["docs/source/api.rst"]);
}
