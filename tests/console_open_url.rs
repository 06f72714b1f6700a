//! `o` really runs the opener: with `$BROWSER` pointing at a script that
//! writes its argument to a file, opening a URL leaves that file behind
//! and no defunct (zombie) child of this process. Unix only: the opener is a
//! shell script and zombies are read from /proc.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use runcli::console::open_url::open_url;

/// The pids of this process's children that are zombies.
fn zombie_children() -> Vec<u32> {
    let me = std::process::id();
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) S ppid ...": comm may hold spaces, so read after ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.first() == Some(&"Z") && fields.get(1) == Some(&me.to_string().as_str()) {
            out.push(pid);
        }
    }
    out
}

fn write_script(path: &Path, out: &Path) {
    let script = format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", out.display());
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[tokio::test]
async fn opening_runs_browser_with_the_url_and_reaps_it() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("browser.sh");
    let written = dir.path().join("opened.txt");
    write_script(&script, &written);
    // The only test of this binary, so no other thread reads the
    // environment while it changes.
    unsafe { std::env::set_var("BROWSER", format!("{} %s", script.display())) };
    let url = "http://localhost:5001/?a=1&b=2";
    open_url(url).await.unwrap();
    assert_eq!(std::fs::read_to_string(&written).unwrap(), url);
    assert!(zombie_children().is_empty(), "{:?}", zombie_children());

    // An opener that fails is reported, and reaped too.
    unsafe { std::env::set_var("BROWSER", "/bin/false") };
    let err = open_url(url).await.unwrap_err();
    assert!(err.contains("cannot open"), "{err}");
    assert!(zombie_children().is_empty(), "{:?}", zombie_children());
}
