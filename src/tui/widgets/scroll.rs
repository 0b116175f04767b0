//! A page of text taller than its area, scrolled by the movement keys:
//! the offset, and the furthest the last drawing allowed (so that a key
//! never scrolls past the end and then seems dead on the way back).

use crate::tui::keymap::Action;
use std::cell::Cell;

#[derive(Default)]
pub struct Scroll {
    offset: u16,
    max: Cell<u16>,
}

impl Scroll {
    /// A movement key; false when `action` is not one.
    pub fn update(&mut self, action: Action) -> bool {
        let max = self.max.get();
        self.offset = match action {
            Action::Down => self.offset.saturating_add(1).min(max),
            Action::Up => self.offset.saturating_sub(1),
            Action::PageDown => self.offset.saturating_add(10).min(max),
            Action::PageUp => self.offset.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        };
        true
    }

    /// The offset to draw `lines` lines at in `height` rows (remembering
    /// how far they can go).
    pub fn offset(&self, lines: usize, height: u16) -> u16 {
        let max = u16::try_from(lines)
            .unwrap_or(u16::MAX)
            .saturating_sub(height);
        self.max.set(max);
        self.offset.min(max)
    }
}
