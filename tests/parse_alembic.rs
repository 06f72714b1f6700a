//! Output of `flask db current|history` and `alembic current|history`,
//! plain and verbose, including failures and random input.

use proptest::prelude::*;
use runcli::parse::alembic::{AlembicErrorKind, Revision, parse_current, parse_history};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/parse/alembic/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn rev<'a>(entries: &'a [Revision], id: &str) -> &'a Revision {
    entries
        .iter()
        .find(|r| r.revision == id)
        .unwrap_or_else(|| panic!("no revision {id}"))
}

#[test]
fn current_at_head_skips_log_lines() {
    let current = parse_current(&fixture("flask_db_current_head.txt")).expect("valid");
    assert_eq!(current.revisions, ["5e6f7a8b9c0d"]);
    assert!(current.is_head);
    assert!(!current.is_base());
}

#[test]
fn current_behind_head() {
    let current = parse_current(&fixture("flask_db_current_behind.txt")).expect("valid");
    assert_eq!(current.revisions, ["a1b2c3d4e5f6"]);
    assert!(!current.is_head);
}

#[test]
fn current_with_only_log_lines_or_nothing_is_base() {
    for text in [
        fixture("flask_db_current_base.txt"),
        String::new(),
        "\n\n".into(),
    ] {
        let current = parse_current(&text).expect("valid");
        assert!(current.is_base(), "{text:?}");
        assert!(!current.is_head);
    }
}

#[test]
fn current_with_two_heads() {
    let current = parse_current(&fixture("alembic_current_two_heads.txt")).expect("valid");
    assert_eq!(current.revisions, ["3f1e2d4c5b6a", "8a9b0c1d2e3f"]);
    assert!(current.is_head);
}

#[test]
fn current_verbose() {
    let current = parse_current(&fixture("alembic_current_verbose.txt")).expect("valid");
    assert_eq!(current.revisions, ["5e6f7a8b9c0d"]);
    assert!(current.is_head);
}

#[test]
fn current_effective_head_and_tree_markers() {
    let current = parse_current("ae1027a6acf (effective head) (branchpoint)\n").expect("valid");
    assert_eq!(current.revisions, ["ae1027a6acf"]);
    assert!(current.is_head);
}

#[test]
fn failed_current_is_an_error_on_the_first_unexpected_line() {
    let text = fixture("flask_db_current_db_down.txt");
    let err = parse_current(&text)
        .expect_err("traceback")
        .with_path("flask db current");
    assert_eq!(err.line(), 1);
    match &err.kind {
        AlembicErrorKind::Unrecognized { text, .. } => {
            assert_eq!(text, "Traceback (most recent call last):")
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().starts_with("flask db current:1:"), "{err}");

    // Log lines before the failure do not shift the line number.
    let with_logs =
        format!("INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n{text}");
    assert_eq!(parse_current(&with_logs).expect_err("traceback").line(), 2);
}

#[test]
fn logged_error_is_a_failure_not_base() {
    let err =
        parse_current(&fixture("flask_db_current_unknown_revision.txt")).expect_err("logged error");
    assert_eq!(err.line(), 3);
    match &err.kind {
        AlembicErrorKind::Failed { message } => {
            assert!(message.contains("Can't locate revision identified by 'deadbeef0000'"))
        }
        other => panic!("unexpected {other:?}"),
    }
    // Warnings stay chatter.
    let current = parse_current("WARNI [alembic.env] No changes\nab12 (head)\n").expect("valid");
    assert_eq!(current.revisions, ["ab12"]);
    let basic =
        parse_current("INFO:alembic.runtime.migration:Context impl SQLiteImpl.\n").expect("valid");
    assert!(basic.is_base());
}

#[test]
fn current_rejects_history_lines_and_trailing_text() {
    let err = parse_current("a1b2 -> c3d4, x\n").expect_err("history line");
    assert_eq!((err.line(), err.column()), (1, Some(5)));
    let err = parse_current("ok\nc3d4 (head) extra\n").expect_err("trailing");
    assert_eq!(err.line(), 2);
    assert_eq!(err.column(), Some("c3d4 (head)".len() + 1));
}

#[test]
fn history_chain() {
    let history = parse_history(&fixture("flask_db_history.txt")).expect("valid");
    let ids: Vec<_> = history
        .entries
        .iter()
        .map(|r| r.revision.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "5e6f7a8b9c0d",
            "c3d4e5f6a7b8",
            "a1b2c3d4e5f6",
            "9f8e7d6c5b4a"
        ]
    );
    let head = &history.entries[0];
    assert!(head.is_head);
    assert_eq!(head.down_revision(), Some("c3d4e5f6a7b8"));
    assert_eq!(head.message, "add predictions index");
    let base = &history.entries[3];
    assert_eq!(base.down_revision(), None);
    assert_eq!(base.message, "add users table");
    assert!(!base.is_head);
    assert_eq!(history.heads().count(), 1);
    assert!(history.entries.iter().all(|r| r.path.is_none()));
}

#[test]
fn history_indicate_current() {
    let history = parse_history(&fixture("alembic_history_indicate_current.txt")).expect("valid");
    assert_eq!(history.entries.len(), 4);
    let current: Vec<_> = history.entries.iter().filter(|r| r.is_current).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].revision, "c3d4e5f6a7b8");
    assert_eq!(current[0].message, "add predictions table");
}

#[test]
fn history_branches_and_merges() {
    let history = parse_history(&fixture("alembic_history_branches.txt")).expect("valid");
    let e = &history.entries;
    let merge = rev(e, "4d5e6f7a8b9c");
    assert!(merge.is_head && merge.is_mergepoint);
    assert_eq!(merge.down_revisions, ["3f1e2d4c5b6a", "8a9b0c1d2e3f"]);
    assert_eq!(merge.message, "merge feature store into main");
    let labelled = rev(e, "8a9b0c1d2e3f");
    assert_eq!(labelled.branch_labels, ["features"]);
    assert!(!labelled.is_head);
    let fork = rev(e, "1a2b3c4d5e6f");
    assert!(fork.is_branchpoint && !fork.is_mergepoint);
    assert!(fork.branch_labels.is_empty());
}

#[test]
fn history_verbose_matches_plain_history() {
    let verbose = parse_history(&fixture("alembic_history_verbose.txt")).expect("valid");
    let plain = parse_history(&fixture("alembic_history_branches.txt")).expect("valid");
    assert_eq!(verbose.entries.len(), plain.entries.len());
    for (v, p) in verbose.entries.iter().zip(&plain.entries) {
        assert_eq!(v.revision, p.revision);
        assert_eq!(v.down_revisions, p.down_revisions, "{}", v.revision);
        assert_eq!(v.message, p.message, "{}", v.revision);
        assert_eq!(v.branch_labels, p.branch_labels, "{}", v.revision);
        assert_eq!(
            (v.is_head, v.is_branchpoint, v.is_mergepoint),
            (p.is_head, p.is_branchpoint, p.is_mergepoint),
            "{}",
            v.revision
        );
        assert!(v.path.as_deref().is_some_and(|p| p.ends_with(".py")));
    }
    let base = rev(&verbose.entries, "0f1e2d3c4b5a");
    assert_eq!(base.created.as_deref(), Some("2024-04-30 12:00:00.000000"));
    assert_eq!(
        base.path.as_deref(),
        Some("/app/migrations/versions/0f1e2d3c4b5a_initial_schema.py")
    );
}

#[test]
fn history_dependencies_labels_and_empty_messages() {
    let text = "a1b2, c3d4 (e5f6) -> 0a0b (core, api) (head), \n<base> -> a1b2\n";
    let history = parse_history(text).expect("valid");
    let top = &history.entries[0];
    assert_eq!(top.down_revisions, ["a1b2", "c3d4"]);
    assert_eq!(top.dependencies, ["e5f6"]);
    assert_eq!(top.branch_labels, ["core", "api"]);
    assert!(top.is_head);
    assert_eq!(top.message, "");
    assert_eq!(history.entries[1].message, "");
    // A message may itself contain arrows and parentheses.
    let odd = parse_history("<base> -> a1b2, rename a -> b (again)\n").expect("valid");
    assert_eq!(odd.entries[0].message, "rename a -> b (again)");
}

#[test]
fn history_unrecognized_line_reports_its_number() {
    let err = parse_history(&fixture("alembic_history_bad_line.txt")).expect_err("bad line");
    assert_eq!(err.line(), 3);
    assert!(
        err.to_string().contains("FAILED: Can't locate revision"),
        "{err}"
    );
}

#[test]
fn history_bad_revision_ids_and_unknown_verbose_fields() {
    let err = parse_history("a1 b2 -> c3, x\n").expect_err("space in id");
    assert!(
        matches!(err.kind, AlembicErrorKind::BadRevision { .. }),
        "{err:?}"
    );
    let err = parse_history("Rev: c3\nParent: a1\nOwner: me\n").expect_err("field");
    assert_eq!(err.line(), 3);
    let err = parse_history("Rev: c3 (head) (mystery)\n").expect_err("marker");
    assert_eq!(
        (err.line(), err.column()),
        (1, Some("Rev: c3 (head) ".len() + 1))
    );
    let err = parse_history("Rev: c3\nParent: a1\n\n    msg\nstray text\n").expect_err("stray");
    assert_eq!(err.line(), 5);
}

#[test]
fn windows_line_endings_are_accepted() {
    let text = fixture("flask_db_history.txt").replace('\n', "\r\n");
    assert_eq!(parse_history(&text).expect("crlf").entries.len(), 4);
}

const FIXTURES: &[&str] = &[
    "flask_db_current_head.txt",
    "alembic_current_verbose.txt",
    "flask_db_history.txt",
    "alembic_history_branches.txt",
    "alembic_history_verbose.txt",
    "alembic_history_indicate_current.txt",
];

#[test]
fn every_truncation_of_every_fixture_is_ok_or_err() {
    for name in FIXTURES {
        let text = fixture(name);
        for (end, _) in text.char_indices() {
            let _ = parse_current(&text[..end]);
            let _ = parse_history(&text[..end]);
        }
    }
}

proptest! {
    #[test]
    fn random_text_never_panics(text in "\\PC*") {
        let _ = parse_current(&text);
        let _ = parse_history(&text);
    }

    #[test]
    fn alembic_like_text_never_panics(text in "([a-f0-9<>(), :\\-]|Rev: |Parent: |head|\n|    ){0,80}") {
        let _ = parse_current(&text);
        let _ = parse_history(&text);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..8),
    ) {
        let mut chars: Vec<char> = fixture(FIXTURES[which]).chars().collect();
        for (at, c) in edits {
            let i = at.index(chars.len());
            chars[i] = c;
        }
        let text: String = chars.into_iter().collect();
        let _ = parse_current(&text);
        let _ = parse_history(&text);
    }
}
