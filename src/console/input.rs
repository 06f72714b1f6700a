//! Terminal events to app messages.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::{Key, Msg, Target};

/// Lines one wheel notch scrolls.
const WHEEL_LINES: i32 = 3;

/// The message for a terminal event, if the console reacts to it.
/// `hit` says what is drawn at a column and row (`ui::hit::target`).
pub fn to_msg(event: Event, hit: impl Fn(u16, u16) -> Option<Target>) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => to_key(key).map(Msg::Key),
        Event::Mouse(mouse) => {
            let at = || hit(mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::ScrollUp => Some(Msg::Wheel {
                    target: at(),
                    delta: -WHEEL_LINES,
                }),
                MouseEventKind::ScrollDown => Some(Msg::Wheel {
                    target: at(),
                    delta: WHEEL_LINES,
                }),
                MouseEventKind::Down(MouseButton::Left) => at().map(Msg::Click),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

fn to_key(key: KeyEvent) -> Option<Key> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Key::CtrlC),
            KeyCode::Char('u') => Some(Key::CtrlU),
            KeyCode::Char('w') => Some(Key::CtrlW),
            KeyCode::Char('a') => Some(Key::CtrlA),
            KeyCode::Char('e') => Some(Key::CtrlE),
            KeyCode::Char(c) if c.is_ascii_lowercase() => Some(Key::Ctrl(c)),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::F(n) => Key::F(n),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        _ => return None,
    })
}
