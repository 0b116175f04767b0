//! Colours and styles, in one place. With `NO_COLOR` every style falls back
//! to attributes only (bold, reverse, dim), so nothing depends on colour.

use crate::domain::visit::CadenceState;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Column headers and section titles.
    pub fn header(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row: reverse video works without colour too.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Secondary text: hints, units, departed contacts.
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// The active tab.
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn tab(&self) -> Style {
        Style::new()
    }

    /// Key names in the hint bar and the help overlay.
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The title bar of popups and the app.
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The field being edited in a form: unmistakable without colour.
    pub fn focused(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Negative money, breaches.
    pub fn negative(&self) -> Style {
        self.fg(Color::Red)
    }

    /// Where an account stands against its visit cadence: due soon amber,
    /// overdue red, past twice the cadence a deeper red, bold. The symbol
    /// beside it (`strings_dates::cadence_symbol`) says the same without
    /// colour.
    pub fn cadence(&self, state: CadenceState) -> Style {
        match state {
            CadenceState::Within => Style::new(),
            CadenceState::DueSoon => self.fg(Color::Indexed(214)),
            CadenceState::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            CadenceState::FarOverdue => self
                .fg(Color::Indexed(124))
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }
}
