//! The layer rules of DESIGN.md, enforced by `cargo test`: `src/ops` (the
//! operations both faces share) names nothing from `src/app` (the
//! console's state), `src/domain` names nothing else of the crate, bollard
//! is used only in `src/engine` and ratatui only in `src/ui` and
//! `src/term.rs`. Each failure names the file and line to fix.
//!
//! The scan reads source text, not the compiler's view: comments are
//! skipped, and a path counts wherever it appears in code (a `use` line, a
//! grouped `use crate::{app, ..}`, an inline `crate::app::X`, or a
//! `super::super::app` that climbs back to the crate root).

use std::path::{Path, PathBuf};

/// A rule broken at `file:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Breach {
    file: String,
    line: usize,
    what: String,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.what)
    }
}

/// Every `.rs` file under `dir`, sorted, relative to the crate root.
fn rust_files(root: &Path, dir: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join(dir), &mut out);
    let mut rel: Vec<PathBuf> = out
        .into_iter()
        .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    rel.sort();
    rel
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The source with comments, string and char literals blanked out (their
/// newlines kept, so line numbers stay true): only code is scanned.
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let prev = src[..i].chars().next_back();
        let skip = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or(rest.len(), |n| n + 4)
        } else if rest.starts_with('"') {
            string_len(rest)
        } else if let Some(len) = raw_string_len(rest).filter(|_| !prev.is_some_and(is_ident)) {
            len
        } else if rest.starts_with('\'') {
            char_literal_len(rest)
        } else {
            0
        };
        if skip > 0 {
            out.push(' ');
            out.extend(rest[..skip].chars().filter(|&c| c == '\n'));
            i += skip;
            continue;
        }
        let ch = rest.chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Length of the `"..."` literal at the start of `s`, escapes included.
fn string_len(s: &str) -> usize {
    let mut escaped = false;
    for (at, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return at + 1,
            _ => {}
        }
    }
    s.len()
}

/// Length of the `r"..."` / `r#"..."#` literal at the start of `s`, if any.
fn raw_string_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("br").or_else(|| s.strip_prefix('r'))?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    let body = body[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close).map_or(body.len(), |n| n + close.len());
    Some(s.len() - body.len() + end)
}

/// Length of the char literal at the start of `s`, or 0 for a lifetime.
fn char_literal_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    match chars.next() {
        Some((_, '\\')) => s.get(3..).and_then(|t| t.find('\'')).map_or(0, |n| n + 4),
        Some((_, _)) => match chars.next() {
            Some((at, '\'')) => at + 1,
            _ => 0,
        },
        None => 0,
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte offsets where `word` starts as a whole path segment (not inside a
/// longer identifier: `crate::apply` is not `crate::app`).
fn find_segment(code: &str, word: &str) -> Vec<usize> {
    code.match_indices(word)
        .filter(|(at, _)| {
            let before = code[..*at].chars().next_back();
            let after = code[at + word.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(at, _)| at)
        .collect()
}

fn line_of(code: &str, at: usize) -> usize {
    code[..at].matches('\n').count() + 1
}

/// Removes all whitespace, so `crate :: { app` reads as `crate::{app`.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Lines where `code` names the crate-root module `module`: `crate::module`,
/// an item of a grouped `crate::{..}`, or `super::` climbed `depth` times.
fn names_crate_module(code: &str, module: &str, depth: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    for at in find_segment(code, module) {
        let head = squeeze(&code[..at]);
        let climbed = "super::".repeat(depth);
        let direct = head.ends_with("crate::") || (depth > 0 && head.ends_with(&climbed));
        if direct || in_crate_group(&head) {
            lines.push(line_of(code, at));
        }
    }
    lines
}

/// Whether the text before a segment leaves it as a top-level item of an
/// open `crate::{ .. }` group.
fn in_crate_group(head: &str) -> bool {
    let Some(open) = head.rfind("crate::{") else {
        return false;
    };
    let inside = &head[open + "crate::{".len()..];
    let mut depth = 0i32;
    for c in inside.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return false,
            '}' => depth -= 1,
            _ => {}
        }
    }
    depth == 0 && (inside.is_empty() || inside.ends_with(','))
}

/// How many `super::` reach the crate root from the module in `file`
/// (`src/ops/mod.rs` is one, `src/ops/a.rs` two, `src/ops/a/b.rs` three).
fn depth_of(file: &Path) -> usize {
    let parts: Vec<_> = file.iter().skip(1).collect();
    let last_is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
    if last_is_mod {
        parts.len() - 1
    } else {
        parts.len()
    }
}

/// Every place `file`'s source names the crate's `module`.
fn scan_module_use(file: &Path, src: &str, module: &str) -> Vec<Breach> {
    let code = code_only(src);
    names_crate_module(&code, module, depth_of(file))
        .into_iter()
        .map(|line| Breach {
            file: file.display().to_string(),
            line,
            what: format!("names crate::{module}"),
        })
        .collect()
}

/// Every place `src` names the external crate `name` as a path.
fn scan_extern_use(file: &Path, src: &str, name: &str) -> Vec<Breach> {
    let code = code_only(src);
    find_segment(&code, name)
        .into_iter()
        .filter(|&at| {
            let rest = squeeze(&code[at + name.len()..]);
            let head = squeeze(&code[..at]);
            rest.starts_with("::") || head.ends_with("use") || head.ends_with("externcrate")
        })
        .map(|at| Breach {
            file: file.display().to_string(),
            line: line_of(&code, at),
            what: format!("uses {name}::"),
        })
        .collect()
}

fn report(breaches: &[Breach], rule: &str) {
    let lines: Vec<String> = breaches.iter().map(ToString::to_string).collect();
    assert!(breaches.is_empty(), "{rule}:\n  {}", lines.join("\n  "));
}

fn read(root: &Path, file: &Path) -> String {
    std::fs::read_to_string(root.join(file)).unwrap()
}

#[test]
fn ops_names_nothing_from_app() {
    let root = crate_root();
    let files = rust_files(&root, "src/ops");
    assert!(files.len() > 10, "src/ops should hold the operations");
    let breaches: Vec<Breach> = files
        .iter()
        .flat_map(|f| scan_module_use(f, &read(&root, f), "app"))
        .collect();
    report(
        &breaches,
        "src/ops must not depend on the console's state in src/app; move the type to ops or domain",
    );
}

#[test]
fn domain_names_no_other_layer() {
    let root = crate_root();
    let layers = ["app", "cli", "console", "engine", "ops", "project", "ui"];
    let breaches: Vec<Breach> = rust_files(&root, "src/domain")
        .iter()
        .flat_map(|f| {
            let src = read(&root, f);
            layers
                .iter()
                .flat_map(|m| scan_module_use(f, &src, m))
                .collect::<Vec<_>>()
        })
        .collect();
    report(
        &breaches,
        "src/domain is plain shared data below every layer",
    );
}

#[test]
fn bollard_only_in_engine_and_ratatui_only_in_ui_and_term() {
    let root = crate_root();
    let mut breaches = Vec::new();
    for file in rust_files(&root, "src") {
        let src = read(&root, &file);
        if !file.starts_with("src/engine") {
            breaches.extend(scan_extern_use(&file, &src, "bollard"));
        }
        if !file.starts_with("src/ui") && file != Path::new("src/term.rs") {
            breaches.extend(scan_extern_use(&file, &src, "ratatui"));
        }
    }
    report(
        &breaches,
        "bollard belongs in src/engine, ratatui in src/ui and src/term.rs",
    );
}

// The scanner itself: each rule must catch what it is meant to catch, or
// the tests above would pass on anything.

fn ops_breaches(path: &str, src: &str) -> Vec<usize> {
    scan_module_use(Path::new(path), src, "app")
        .into_iter()
        .map(|b| b.line)
        .collect()
}

#[test]
fn scanner_finds_every_spelling_of_an_app_path() {
    let src = "use std::fmt;\n\
               use crate::app::LogLine;\n\
               use crate::{\n    engine::Engine,\n    app::Model,\n};\n\
               fn f(x: Vec<crate::app::LogLine>) {}\n\
               use crate :: app;\n";
    assert_eq!(ops_breaches("src/ops/a.rs", src), vec![2, 5, 7, 8]);
}

#[test]
fn scanner_follows_super_to_the_crate_root() {
    let src = "use super::super::app::Msg;\n";
    assert_eq!(ops_breaches("src/ops/a.rs", src), vec![1]);
    // One level deeper, the same path is `crate::ops::app`: not the console.
    assert_eq!(ops_breaches("src/ops/a/b.rs", src), Vec::<usize>::new());
    assert_eq!(
        ops_breaches("src/ops/a/b.rs", "use super::super::super::app;\n"),
        vec![1]
    );
    assert_eq!(ops_breaches("src/ops/mod.rs", "use super::app;\n"), vec![1]);
}

#[test]
fn scanner_ignores_comments_strings_and_longer_names() {
    let src = "//! Unlike crate::app, this module is shared.\n\
               /* crate::app::Model */\n\
               use crate::apply::x;\n\
               use crate::ops::app_state;\n\
               use crate::{engine::{self, app}};\n\
               let s = \"crate::app\";\n\
               let r = r#\"crate::app \"quoted\" \"#;\n\
               let q = '\"'; let e = '\\''; fn g<'a>(x: &'a str) {}\n\
               use crate::app::Model;\n";
    // Only the last line is code naming the console, and scanning resumes
    // after every literal.
    assert_eq!(ops_breaches("src/ops/a.rs", src), vec![9]);
}

#[test]
fn scanner_names_file_and_line_of_a_foreign_crate() {
    let src = "use std::io;\n\n// bollard:: in a comment is fine\nuse bollard::Docker;\nfn f() -> ::bollard::Docker {}\nuse bollard;\n";
    let found = scan_extern_use(Path::new("src/cli/x.rs"), src, "bollard");
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "src/cli/x.rs:4: uses bollard::",
            "src/cli/x.rs:5: uses bollard::",
            "src/cli/x.rs:6: uses bollard::",
        ]
    );
    assert!(scan_extern_use(Path::new("src/cli/x.rs"), "use bollardx::Y;\n", "bollard").is_empty());
}
