//! The `/` search prompt a list screen narrows itself with: the text typed
//! and whether it is being typed. `/` always starts a new search; Enter
//! keeps it (the list stays narrowed), Esc clears it.

use crate::domain::text::{self, clean_input};
use crate::strings::s;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use tui_input::{Input, InputRequest};

#[derive(Default)]
pub struct SearchBox {
    input: Input,
    /// The prompt has the keyboard.
    pub typing: bool,
}

impl SearchBox {
    /// `/`: a new search, from nothing.
    pub fn start(&mut self) {
        self.input.reset();
        self.typing = true;
    }

    /// Enter: the text stays, the keyboard goes back to the list.
    pub fn accept(&mut self) {
        self.typing = false;
    }

    /// Esc: no search at all.
    pub fn clear(&mut self) {
        self.typing = false;
        self.input.reset();
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// A key typed into the prompt; true when the text changed.
    pub fn key(&mut self, ev: KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let request = match ev.code {
            KeyCode::Char(c) if !ctrl && !text::is_hostile(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            _ => return false,
        };
        self.input.handle(request).is_some_and(|m| m.value)
    }

    /// Pasted text, cleaned of line breaks and control characters.
    pub fn paste(&mut self, pasted: &str) {
        for c in clean_input(pasted, false).chars() {
            self.input.handle(InputRequest::InsertChar(c));
        }
    }

    /// The prompt and the text typed, for the line above a list.
    pub fn spans(&self, theme: &Theme) -> [Span<'static>; 2] {
        [
            Span::styled(s().search_prompt, theme.key()),
            Span::raw(text::sanitize(self.input.value()).into_owned()),
        ]
    }

    /// Puts the terminal's cursor where the next character goes, on the
    /// line `line` that shows `spans`.
    pub fn place_cursor(&self, frame: &mut Frame<'_>, line: Rect) {
        let prompt_w = text::width(s().search_prompt) as u16;
        let caret = self.input.visual_cursor() as u16;
        frame.set_cursor_position(Position::new(
            (line.x + prompt_w + caret).min(line.right().saturating_sub(1)),
            line.y,
        ));
    }
}
