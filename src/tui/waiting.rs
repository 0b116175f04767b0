//! While a write waits for another kam's write lock, the dashboard's loop
//! is inside that write and cannot draw. After half a second of waiting
//! the store's busy handler calls this, which writes one line into the
//! status row — "waiting for another kam to finish writing…" — straight
//! to the terminal; the form and the state are untouched, and the next
//! drawing (after the write succeeded or gave up) repaints the whole
//! screen.

use super::app::{MIN_HEIGHT, MIN_WIDTH};
use super::theme::Theme;
use crate::strings::s;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::crossterm::cursor::{RestorePosition, SavePosition};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};
use std::sync::atomic::{AtomicBool, Ordering};

/// The status row shows the waiting line, not what the last drawing left.
static OVERDRAWN: AtomicBool = AtomicBool::new(false);

/// Asks to be told of long waits for the write lock of `file`.
pub(super) fn install(theme: Theme, file: String) {
    crate::portfolio::when_waiting(Some(Box::new(move || say(theme, &file))));
}

/// Stops being told (the terminal is being left).
pub(super) fn uninstall() {
    crate::portfolio::when_waiting(None);
}

/// Whether the screen must be repainted whole before the next drawing;
/// asking clears it.
pub(super) fn overdrawn() -> bool {
    OVERDRAWN.swap(false, Ordering::Relaxed)
}

/// Writes the waiting line into the status row (the row above the hints,
/// as `App::render` lays it out), keeping the cursor where it was.
fn say(theme: Theme, file: &str) {
    let mut backend = CrosstermBackend::new(std::io::stdout());
    let Ok(size) = backend.size() else {
        return;
    };
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return;
    }
    let area = Rect::new(0, size.height - 2, size.width, 1);
    let mut buf = Buffer::empty(area);
    let text = (s().waiting_for_writer)(&crate::domain::text::sanitize(file));
    let text = crate::domain::text::fit(&text, area.width as usize);
    Paragraph::new(Span::styled(text, theme.warn())).render(area, &mut buf);
    let _ = execute!(std::io::stdout(), SavePosition);
    let cells = buf
        .content
        .iter()
        .enumerate()
        .map(|(i, cell)| (area.x + i as u16, area.y, cell));
    let _ = backend.draw(cells);
    let _ = Backend::flush(&mut backend);
    let _ = execute!(std::io::stdout(), RestorePosition);
    OVERDRAWN.store(true, Ordering::Relaxed);
}
