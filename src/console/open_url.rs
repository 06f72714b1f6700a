//! Opens a URL in the user's browser. The opener runs as a child of the
//! console that a task waits for, so it never lingers as a zombie (a
//! fire-and-forget spawn would leave one per `o` until the console exits).

use std::process::Stdio;

use tokio::process::Command;

/// The commands to try, in order: each entry of `$BROWSER` (colon
/// separated, as the `BROWSER` convention and Python's `webbrowser` read
/// it; `%s` stands for the URL, else the URL is appended), then the
/// platform's opener.
pub fn candidates(url: &str, browser: Option<&str>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = browser
        .unwrap_or_default()
        .split(':')
        .filter(|entry| !entry.trim().is_empty())
        .filter_map(|entry| {
            let mut words = shell_words::split(entry).ok()?;
            if entry.contains("%s") {
                for word in &mut words {
                    *word = word.replace("%s", url);
                }
            } else {
                words.push(url.to_string());
            }
            (!words.is_empty()).then_some(words)
        })
        .collect();
    out.push(platform_opener(url));
    out
}

fn platform_opener(url: &str) -> Vec<String> {
    let words: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out.push(url.to_string());
    out
}

/// Opens `url` with the first candidate that starts, and waits for it to
/// exit (reaping it). An opener that exits non-zero is an error, so the
/// status line can say the browser did not come up.
pub async fn open_url(url: &str) -> Result<(), String> {
    let browser = std::env::var("BROWSER").ok();
    let mut last = String::from("no opener found");
    for words in candidates(url, browser.as_deref()) {
        let Some((program, args)) = words.split_first() else {
            continue;
        };
        let spawned = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(false)
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                last = format!("{program}: {e}");
                continue;
            }
        };
        return match child.wait().await {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("cannot open {url}: {program} exited with {status}")),
            Err(e) => Err(format!("cannot open {url}: {program}: {e}")),
        };
    }
    Err(format!("cannot open {url}: {last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_entries_come_first_with_the_url_in_place_of_percent_s() {
        let url = "http://localhost:5001/";
        let got = candidates(url, Some("firefox --new-tab %s::/opt/my browser"));
        assert_eq!(got[0], ["firefox", "--new-tab", url]);
        assert_eq!(got[1], ["/opt/my", "browser", url]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].last().map(String::as_str), Some(url));
        assert_eq!(candidates(url, None).len(), 1);
    }
}
