//! The console and the headless commands run migrations and docs builds
//! through the same ops functions, and neither face keeps its own way of
//! running the tool in a container or of judging its output: read from the
//! faces' sources, so a copy that creeps back in fails here.

use std::path::Path;

/// The ops functions the faces must call. `the_named_ops_functions_exist`
/// names them as items, so a rename fails to compile rather than leaving
/// this test looking for a stale name.
const MIGRATE: &str = "migrations::run(";
const BUILD_DOCS: &str = "docs::build(";

/// What running a tool in a container, or judging its result, looks like:
/// the ops own all of it.
const OPS_ONLY: &[&str] = &[
    "run_tool",
    "ToolRun",
    "run_oneoff",
    "OneOff",
    "ensure_services",
    ".compose(",
    "parse_current",
    "parse_history",
    "BuildProgress::new",
    "push_line",
    ".exists()",
];

/// The file's code without its comments.
fn code(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_named_ops_functions_exist() {
    let _migrate = runcli::ops::migrations::run;
    let _build = runcli::ops::docs::build;
}

#[test]
fn both_faces_call_the_same_migrations_and_docs_functions() {
    let cli_migrate = code("src/cli/migrate.rs");
    let cli_docs = code("src/cli/docs.rs");
    let console = code("src/console/tool_tasks.rs");
    for (face, text) in [("src/cli/migrate.rs", &cli_migrate), ("console", &console)] {
        assert!(
            text.contains("use crate::ops::migrations") && text.contains(MIGRATE),
            "{face} does not call ops::migrations::run"
        );
    }
    for (face, text) in [("src/cli/docs.rs", &cli_docs), ("console", &console)] {
        assert!(
            text.contains("use crate::ops::docs") && text.contains(BUILD_DOCS),
            "{face} does not call ops::docs::build"
        );
    }
}

#[test]
fn neither_face_runs_the_tools_itself() {
    for face in [
        "src/cli/migrate.rs",
        "src/cli/docs.rs",
        "src/console/tool_tasks.rs",
    ] {
        let text = code(face);
        let found: Vec<&&str> = OPS_ONLY.iter().filter(|n| text.contains(**n)).collect();
        assert!(
            found.is_empty(),
            "{face} runs or judges a tool itself ({found:?}); that belongs in src/ops"
        );
    }
}
