//! Where the headless face writes. With the global `--json`, stdout carries
//! JSON only (one object per line) and every line meant for people goes to
//! stderr, so a script can parse stdout whatever a command says on the way.

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;

/// The output mode of one command run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    /// True under `--json`.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// A line for people: stdout, or stderr under `--json`.
    pub fn say(&self, line: impl Display) {
        if self.json {
            let _ = writeln!(io::stderr(), "{line}");
        } else {
            let _ = writeln!(io::stdout(), "{line}");
        }
    }

    /// One JSON object on its own line of stdout.
    pub fn record<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer(&mut out, value)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// The object a failed `--json` run prints last on stdout; the process's
/// exit code says which kind of failure it was.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    pub error: &'a str,
}
