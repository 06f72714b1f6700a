//! Terminal enter and restore.
//!
//! Every way out of the console goes through `restore()`: the guard's drop
//! on normal exit and on error, the panic hook, and the signal handlers of
//! the event loop. Restoring twice is harmless, so every path may call it.

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal type the console draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in the console's raw, alternate-screen state.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Tui,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Switches to raw mode and the alternate screen with mouse capture, and
/// installs the panic hook that undoes it.
pub fn enter() -> io::Result<TerminalGuard> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    let mut terminal = match Terminal::new(CrosstermBackend::new(stdout)) {
        Ok(t) => t,
        Err(e) => {
            restore();
            return Err(e);
        }
    };
    terminal.hide_cursor()?;
    terminal.clear()?;
    Ok(TerminalGuard { terminal })
}

/// Puts the terminal back in cooked mode on the main screen. Safe to call
/// more than once and from a panic hook.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// Gives the terminal back (main screen, cooked mode, cursor shown) to a
/// program that draws itself, such as a shell; [`resume`] takes it back.
pub fn suspend() {
    restore();
}

/// Takes the terminal back after [`suspend`]: raw mode, the alternate
/// screen, mouse capture when `mouse`, and a cleared screen so the next
/// draw repaints every cell.
///
/// Not `Terminal::clear`: it asks the terminal for the cursor position,
/// and that answer is lost when the event reader was just dropped (its
/// wake-up is still pending). A blank frame on the cleared screen leaves
/// ratatui's buffers in step with it instead.
pub fn resume(guard: &mut TerminalGuard, mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen, Clear(ClearType::All))?;
    if mouse {
        execute!(stdout, EnableMouseCapture)?;
    }
    guard.terminal.hide_cursor()?;
    guard.terminal.draw(|_| {})?;
    Ok(())
}

/// Raw mode on the main screen, for an interactive exec session: keys go
/// to the container's TTY unchanged (Ctrl-C included). Undone on drop, also
/// when a panic unwinds through the session.
pub struct RawMode(());

/// Puts the terminal in raw mode until the returned guard is dropped.
pub fn raw_mode() -> io::Result<RawMode> {
    enable_raw_mode()?;
    Ok(RawMode(()))
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = disable_raw_mode();
    }
}

/// Turns mouse capture on or off, so the user can select text with the mouse.
pub fn set_mouse_capture(on: bool) -> io::Result<()> {
    let mut stdout = io::stdout();
    if on {
        execute!(stdout, EnableMouseCapture)
    } else {
        execute!(stdout, DisableMouseCapture)
    }
}

/// The OSC 52 sequence that asks the terminal to put `text` on the
/// system clipboard: `ESC ] 52 ; c ; BASE64 BEL`. The terminal, not this
/// machine, owns the clipboard, so it works over ssh and needs no X or
/// Wayland here; terminals that do not support it ignore it.
pub fn osc52(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = Vec::with_capacity(encoded.len() + 8);
    out.extend_from_slice(b"\x1b]52;c;");
    out.extend_from_slice(encoded.as_bytes());
    out.push(0x07);
    out
}

/// Copies `text` to the clipboard with OSC 52 on the console's terminal.
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout();
    stdout.write_all(&osc52(text))?;
    stdout.flush()
}

fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let drawing = ACTIVE.load(Ordering::SeqCst);
            restore();
            previous(info);
            if drawing {
                // A panic in any task ends the console: drawing on would
                // scribble over a terminal no longer set up for it.
                tracing::error!("console ended by a panic: {info}");
                std::process::exit(101);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_wraps_the_base64_text_in_esc_52_c_and_bel() {
        let bytes = osc52("http://localhost:5001/");
        assert_eq!(
            bytes,
            b"\x1b]52;c;aHR0cDovL2xvY2FsaG9zdDo1MDAxLw==\x07".to_vec()
        );
        assert_eq!(osc52(""), b"\x1b]52;c;\x07".to_vec());
    }
}
