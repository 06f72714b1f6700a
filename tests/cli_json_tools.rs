//! `runcli migrate` and `runcli docs build` with `--json` on a real engine,
//! on the busybox tools of tests/migrate_cli.rs and tests/docs_build.rs:
//! stdout is JSON only, the outcome comes as one object, and a command that
//! fails exits 1 with the error object last.

mod common;
mod json_support;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};
use json_support::{assert_fields, json_lines, with};

/// Sphinx as tests/docs_build.rs fakes it; `docs/verdict` picks the ending.
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

[migrations]
service = "api"
db_service = "db"

[migrations.commands]
current = ["sh", "-c", "cat /state/rev 2>/dev/null || true"]
history = ["sh", "-c", "echo 'r1 -> r2 (head), add users'; echo '<base> -> r1, initial'"]
upgrade = ["sh", "-c", "if [ \"$0\" = bad ]; then echo no such revision >&2; exit 4; fi; if [ \"$0\" = head ]; then echo r2 > /state/rev; else echo $0 > /state/rev; fi", "{{revision}}"]
downgrade = ["sh", "-c", "echo r1 > /state/rev", "{{revision}}"]
new = ["sh", "-c", "echo new revision: $0", "{{message}}"]

[docs]
service = "host"
build = ["sh", "-c", "{build}"]
index = "docs/build/html/index.html"
"#
    )
}

const COMPOSE: &str = r#"services:
  db:
    build: .
    command: ["sh", "-c", "touch /ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 60
  api:
    build: .
    command: ["sh", "-c", "sleep 600"]
    volumes:
      - state:/state
  host:
    build: .
    working_dir: /work
    volumes:
      - ./docs:/work/docs
volumes:
  state:
"#;

#[tokio::test]
async fn migrate_and_docs_build_print_json_only() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("jsontools");
    let mut guard = ProjectGuard::new(&engine, &name);
    for service in ["db", "api", "host"] {
        guard.images.push(format!("{name}-{service}"));
    }
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/source")).unwrap();
    std::fs::write(dir.path().join("docs/verdict"), "ok").unwrap();

    let base = runcli(dir.path(), &["--json", "migrate", "current"]);
    assert_eq!(base.status.code(), Some(0), "{}", text(&base));
    let last = json_lines(&base).pop().unwrap();
    assert_eq!(last["event"], "current");
    assert_fields(&last, &["revisions", "is_head", "base"]);
    assert_eq!(last["base"], true);

    let up = runcli(dir.path(), &["--json", "migrate", "upgrade"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    assert_eq!(json_lines(&up).pop().unwrap()["event"], "applied");

    let current = runcli(dir.path(), &["migrate", "current", "--json"]);
    let objects = json_lines(&current);
    assert!(
        with(&objects, "event", "line")
            .iter()
            .any(|l| l["line"] == "r2" && l["stream"] == "stdout"),
        "{objects:?}"
    );
    let last = objects.last().unwrap();
    assert_eq!(last["revisions"], serde_json::json!(["r2"]));
    assert_eq!(last["base"], false);

    let history = runcli(dir.path(), &["--json", "migrate", "history"]);
    assert_eq!(history.status.code(), Some(0), "{}", text(&history));
    let last = json_lines(&history).pop().unwrap();
    assert_eq!(last["event"], "history");
    assert_eq!(last["heads"], serde_json::json!(["r2"]));
    let entries = last["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{last}");
    assert_fields(&entries[0], &["revision", "down_revisions", "is_head"]);
    assert_eq!(entries[0]["revision"], "r2");

    // A migration command that fails: exit 1, JSON to the end.
    let bad = runcli(dir.path(), &["--json", "migrate", "upgrade", "bad"]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    let objects = json_lines(&bad);
    assert!(
        with(&objects, "event", "line")
            .iter()
            .any(|l| l["line"] == "no such revision" && l["stream"] == "stderr"),
        "{objects:?}"
    );
    let error = objects.last().unwrap()["error"].as_str().unwrap();
    assert!(error.contains("exited with code 4"), "{error}");

    let docs = runcli(dir.path(), &["--json", "docs", "build"]);
    assert_eq!(docs.status.code(), Some(0), "{}", text(&docs));
    let objects = json_lines(&docs);
    assert_eq!(with(&objects, "event", "started")[0]["step"], "build");
    let percents: Vec<u64> = with(&objects, "event", "progress")
        .iter()
        .filter_map(|p| p["percent"].as_u64())
        .collect();
    assert!(percents.contains(&100), "{objects:?}");
    assert!(percents.windows(2).all(|w| w[0] < w[1]), "{percents:?}");
    let warnings = with(&objects, "event", "warning");
    assert_eq!(warnings.len(), 1, "{objects:?}");
    assert_fields(
        warnings[0],
        &["file", "line", "context", "level", "category", "message"],
    );
    assert_eq!(warnings[0]["file"], "/work/docs/source/index.rst");
    assert_eq!(warnings[0]["line"], 12);
    assert_eq!(warnings[0]["level"], "warning");
    let built = objects.last().unwrap();
    assert_eq!(built["event"], "built");
    assert!(
        built["index"]
            .as_str()
            .is_some_and(|i| i.ends_with("index.html")),
        "{built}"
    );
    assert_eq!(built["warnings"], 1);

    // Sphinx's own verdict of failure: exit 1, the warnings still as
    // objects, the error object last.
    std::fs::write(dir.path().join("docs/verdict"), "problems").unwrap();
    let failed = runcli(dir.path(), &["docs", "build", "--json"]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    let objects = json_lines(&failed);
    assert_eq!(with(&objects, "event", "warning").len(), 1);
    let error = objects.last().unwrap()["error"].as_str().unwrap();
    assert!(error.contains("Sphinx reports the build failed"), "{error}");
    drop(guard);
}
