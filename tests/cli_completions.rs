//! `runcli completions SHELL` and `runcli man` print scripts and a man page
//! that know the binary's own subcommands and flags.

use std::process::{Command, Output};

fn runcli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runcli"))
        .args(args)
        .env_remove("RUNCLI_PROJECT")
        .output()
        .expect("run runcli")
}

#[test]
fn every_shell_gets_a_script_that_knows_the_subcommands() {
    for (shell, marker) in [
        ("bash", "_runcli()"),
        ("zsh", "#compdef runcli"),
        ("fish", "complete -c runcli"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = runcli(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(script.contains(marker), "{shell} script lacks {marker}");
        for word in ["logs", "server", "follow", "json", "timeout"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = runcli(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_man_page_is_roff_with_the_subcommands() {
    let out = runcli(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let page = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        page.starts_with(".ie") || page.contains(".TH runcli"),
        "{page}"
    );
    assert!(page.contains(".TH runcli 1"), "{page}");
    for word in ["logs", "server", "completions", "\\-\\-json"] {
        assert!(page.contains(word), "man page lacks {word}");
    }
}
