//! Debug builds only: `RUNCLI_DEBUG_PANIC_KEY=~` makes the key `~` panic
//! the console, so a test can prove the terminal comes back from a panic.

use crate::app::{Key, Msg};

const VAR: &str = "RUNCLI_DEBUG_PANIC_KEY";

/// Panics when `msg` is the key the environment asks to panic on.
pub fn on_request(msg: &Msg) {
    let Msg::Key(Key::Char(c)) = msg else {
        return;
    };
    let wanted = std::env::var(VAR).ok().and_then(|v| v.chars().next());
    if wanted == Some(*c) {
        panic!("panic requested with {VAR}={c}");
    }
}
