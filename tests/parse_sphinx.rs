//! sphinx-build / sphinx-apidoc output: single lines, whole builds folded
//! into progress, and random input that must never panic.

use proptest::prelude::*;
use runcli::parse::sphinx::{BuildProgress, Finished, Level, SphinxLine, Warning, classify};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/parse/sphinx/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn build(name: &str) -> BuildProgress {
    let mut progress = BuildProgress::new();
    for line in fixture(name).lines() {
        progress.push_line(line);
    }
    progress
}

fn warning(line: &str) -> Warning {
    match classify(line) {
        SphinxLine::Warning(w) => w,
        other => panic!("{line:?} gave {other:?}"),
    }
}

#[test]
fn progress_lines() {
    assert_eq!(
        classify("reading sources... [ 50%] api.routes"),
        SphinxLine::Progress {
            phase: "reading sources".into(),
            percent: 50,
            item: "api.routes".into()
        }
    );
    assert_eq!(
        classify("writing output... [100%] modules                                "),
        SphinxLine::Progress {
            phase: "writing output".into(),
            percent: 100,
            item: "modules".into()
        }
    );
    assert_eq!(
        classify("copying static files... done"),
        SphinxLine::Step {
            phase: "copying static files".into(),
            outcome: "done".into()
        }
    );
    assert_eq!(
        classify("dumping search index in English (code: en)... done"),
        SphinxLine::Step {
            phase: "dumping search index in English (code: en)".into(),
            outcome: "done".into()
        }
    );
    assert_eq!(
        classify("writing output... "),
        SphinxLine::Step {
            phase: "writing output".into(),
            outcome: String::new()
        }
    );
    // Not progress: a percentage out of range, prose with dots.
    assert_eq!(
        classify("reading sources... [250%] index"),
        SphinxLine::Other
    );
    assert_eq!(classify("    raise ValueError(...)"), SphinxLine::Other);
    assert_eq!(classify("raise ValueError(...)"), SphinxLine::Other);
    assert_eq!(classify("Running Sphinx v7.2.6"), SphinxLine::Other);
    assert_eq!(classify(""), SphinxLine::Other);
}

#[test]
fn finish_lines_old_and_new() {
    let cases = [
        ("build succeeded.", true, 0),
        ("build succeeded, 1 warning.", true, 1),
        ("build succeeded, 3 warnings.", true, 3),
        ("build finished with problems.", false, 0),
        ("build finished with problems, 2 warnings.", false, 2),
        (
            "build finished with problems, 1 warning (with warnings treated as errors).",
            false,
            1,
        ),
    ];
    for (line, ok, warnings) in cases {
        assert_eq!(
            classify(line),
            SphinxLine::Finished(Finished { ok, warnings }),
            "{line}"
        );
    }
    assert_eq!(
        classify("build succeeded, many warnings."),
        SphinxLine::Other
    );
}

#[test]
fn warning_locations() {
    let w = warning(
        "/path/docs/source/index.rst:12: WARNING: toctree contains reference to nonexisting document 'foo'",
    );
    assert_eq!(w.file.as_deref(), Some("/path/docs/source/index.rst"));
    assert_eq!(w.line, Some(12));
    assert_eq!(w.level, Level::Warning);
    assert_eq!(
        w.message,
        "toctree contains reference to nonexisting document 'foo'"
    );

    let w = warning("/path/docs/source/api.rst:: WARNING: duplicate label");
    assert_eq!(
        (w.file.as_deref(), w.line),
        (Some("/path/docs/source/api.rst"), None)
    );

    let w = warning("WARNING: html_static_path entry '_static' does not exist");
    assert_eq!((w.file, w.line), (None, None));
    assert_eq!(w.message, "html_static_path entry '_static' does not exist");

    let w = warning("/path/index.rst:20: ERROR: Unknown directive type \"automodul\".");
    assert_eq!((w.level, w.line), (Level::Error, Some(20)));

    let w = warning("/path/index.rst:3: CRITICAL: Title level inconsistent:");
    assert_eq!(w.level, Level::Critical);

    let w = warning(
        "/app/api/routes.py:docstring of api.routes.predict:4: WARNING: Unexpected indentation.",
    );
    assert_eq!(w.file.as_deref(), Some("/app/api/routes.py"));
    assert_eq!(
        w.context.as_deref(),
        Some("docstring of api.routes.predict")
    );
    assert_eq!(w.line, Some(4));

    let w = warning("<unknown>:5: WARNING: undefined label: 'x'");
    assert_eq!((w.file, w.line), (None, Some(5)));

    let w = warning(
        "/d/index.rst:9: WARNING: toctree contains reference to nonexisting document 'usage' [toc.not_readable]",
    );
    assert_eq!(w.category.as_deref(), Some("toc.not_readable"));
    assert_eq!(
        w.message,
        "toctree contains reference to nonexisting document 'usage'"
    );

    let w = warning(
        "checking consistency... /d/modules.rst: WARNING: document isn't included in any toctree",
    );
    assert_eq!(w.file.as_deref(), Some("/d/modules.rst"));

    let w = warning("C:\\docs\\index.rst:7: WARNING: Title underline too short.");
    assert_eq!(
        (w.file.as_deref(), w.line),
        (Some("C:\\docs\\index.rst"), Some(7))
    );

    let w = warning("/d/old.rst:4: (SEVERE/4) Title level inconsistent");
    assert_eq!(w.level, Level::Critical);
}

#[test]
fn apidoc_lines() {
    assert_eq!(
        classify("Creating file docs/source/api.rst."),
        SphinxLine::Created {
            file: "docs/source/api.rst".into()
        }
    );
    assert_eq!(
        classify("File docs/source/modules.rst already exists, skipping."),
        SphinxLine::Kept {
            file: "docs/source/modules.rst".into()
        }
    );
    let apidoc = build("apidoc.txt");
    assert_eq!(
        apidoc.created,
        [
            "docs/source/api.rst",
            "docs/source/db.rst",
            "docs/source/tests.unit_tests.rst"
        ]
    );
}

#[test]
fn succeeded_build_with_warnings() {
    let b = build("build_succeeded_with_warnings.txt");
    assert_eq!(
        b.finished,
        Some(Finished {
            ok: true,
            warnings: 4
        })
    );
    assert_eq!(b.ok(), Some(true));
    assert!(b.is_done());
    assert_eq!(b.percent, 100);
    // Every warning the summary counts was seen.
    assert_eq!(b.warnings.len(), 4);
    assert_eq!(b.errors(), 0);
    let files: Vec<_> = b
        .warnings
        .iter()
        .filter_map(|w| w.file.as_deref())
        .collect();
    assert_eq!(
        files,
        [
            "/app/api/routes.py",
            "/app/api/routes.py",
            "/app/docs/source/modules.rst",
            "/app/docs/source/index.rst"
        ]
    );
}

#[test]
fn build_with_problems() {
    let b = build("build_finished_with_problems.txt");
    assert_eq!(b.ok(), Some(false));
    assert_eq!(
        b.finished.map(|f| f.warnings),
        Some(b.warnings.len() as u32)
    );
    assert_eq!(b.errors(), 1);
    assert_eq!(b.aborted, None);
}

#[test]
fn aborted_build_takes_its_reason_from_the_next_line() {
    let b = build("build_extension_error.txt");
    assert_eq!(b.ok(), Some(false));
    assert!(b.is_done());
    assert_eq!(
        b.aborted.as_deref(),
        Some(
            "Could not import extension sphinx_rtd_theme (exception: No module named 'sphinx_rtd_theme')"
        )
    );
    assert_eq!(b.warnings.len(), 1);
    assert_eq!(b.finished, None);
}

#[test]
fn overall_percent_runs_through_reading_then_writing() {
    let mut b = BuildProgress::new();
    let mut seen = Vec::new();
    for line in fixture("build_succeeded_with_warnings.txt").lines() {
        b.push_line(line);
        seen.push(b.percent);
        if line.starts_with("reading sources... [100%]") {
            assert_eq!(b.percent, 50);
        }
        if line.starts_with("writing output... [ 50%]") {
            assert_eq!(b.percent, 75);
        }
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(b.percent, 100);
    // Not done before the summary line.
    let mut partial = BuildProgress::new();
    partial.push_text("reading sources... [ 50%] api\n");
    assert_eq!(partial.percent, 25);
    assert_eq!(partial.item.as_deref(), Some("api"));
    assert!(!partial.is_done());
    assert_eq!(partial.ok(), None);
}

#[test]
fn terminal_colours_and_redraws() {
    let text = fixture("build_tty_colour.txt");
    let first = text.lines().nth(1).expect("fixture");
    assert_eq!(
        classify(first),
        SphinxLine::Progress {
            phase: "reading sources".into(),
            percent: 100,
            item: "index".into()
        }
    );
    let mut b = BuildProgress::new();
    b.push_text(&text);
    assert_eq!(
        b.finished,
        Some(Finished {
            ok: true,
            warnings: 1
        })
    );
    assert_eq!(b.warnings.len(), 1);
    assert_eq!(b.warnings[0].message, "Title underline too short.");
}

proptest! {
    #[test]
    fn random_text_never_panics(text in "\\PC*") {
        let _ = classify(&text);
        let mut b = BuildProgress::new();
        b.push_text(&text);
        prop_assert!(b.percent <= 100);
    }

    #[test]
    fn sphinx_like_text_never_panics(
        text in "([a-z ]|\\.\\.\\. |\\[|\\]|%|[0-9]|: |WARNING: |ERROR: |build succeeded|, |\u{1b}\\[|\r|\n){0,60}"
    ) {
        let _ = classify(&text);
        let mut b = BuildProgress::new();
        b.push_text(&text);
        prop_assert!(b.percent <= 100);
    }

    #[test]
    fn truncated_fixture_lines_never_panic(which in 0..4usize, cut in any::<prop::sample::Index>()) {
        let name = ["build_succeeded_with_warnings.txt", "build_finished_with_problems.txt",
            "build_tty_colour.txt", "apidoc.txt"][which];
        let text = fixture(name);
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let end = ends[cut.index(ends.len())];
        let mut b = BuildProgress::new();
        b.push_text(&text[..end]);
        prop_assert!(b.percent <= 100);
    }
}

#[test]
fn every_kind_of_line_serializes_with_its_kind() {
    let lines = [
        ("reading sources... [ 50%] index", "progress"),
        ("copying static files... done", "step"),
        ("/d/index.rst:3: WARNING: x", "warning"),
        ("build succeeded.", "finished"),
        ("Creating file docs/source/api.rst.", "created"),
        (
            "File docs/source/modules.rst already exists, skipping.",
            "kept",
        ),
        ("Extension error:", "aborted"),
        ("Running Sphinx v7.2.6", "other"),
    ];
    for (line, kind) in lines {
        let json = serde_json::to_value(classify(line)).expect("serializable");
        assert_eq!(json["kind"], kind, "{line}");
    }
    let json = serde_json::to_value(build("build_succeeded_with_warnings.txt")).expect("ok");
    assert_eq!(json["percent"], 100);
    assert_eq!(json["warnings"][0]["level"], "warning");
}
