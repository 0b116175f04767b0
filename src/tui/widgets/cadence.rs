//! A cadence figure as the lists show it: its symbol in front (due soon,
//! overdue, past twice the cadence — readable under `NO_COLOR`) and its
//! style (`Theme::cadence`).

use crate::domain::visit::CadenceState;
use crate::strings_dates::cadence_symbol;
use crate::tui::theme::Theme;
use ratatui::style::Style;

/// `text` with the state's symbol in front; within the cadence (or never
/// visited), a blank of the same width so that the figures line up.
pub fn marked(state: Option<CadenceState>, text: &str) -> String {
    match state.map(cadence_symbol) {
        Some(sym) if !sym.is_empty() => format!("{sym} {text}"),
        _ => format!("  {text}"),
    }
}

/// The style of a cadence figure.
pub fn style(state: Option<CadenceState>, theme: &Theme) -> Style {
    state.map_or(Style::new(), |st| theme.cadence(st))
}

/// The first column of an account due by cadence (Today, Visits): how
/// overdue (`overdue` > 0) or how soon due, marked; never visited says so.
pub fn due_text(overdue: Option<i64>, state: Option<CadenceState>) -> String {
    let t = crate::strings::s();
    match overdue {
        Some(days) if days > 0 => marked(state, &(t.cadence_overdue_short)(days)),
        Some(days) => marked(state, &crate::strings_dates::due_in_short(-days)),
        None => marked(state, t.cadence_never),
    }
}

/// The widest `due_text` can be, for a column's width.
pub fn due_texts() -> Vec<String> {
    let t = crate::strings::s();
    vec![
        marked(
            Some(CadenceState::FarOverdue),
            &(t.cadence_overdue_short)(super::table::MANY_DAYS),
        ),
        marked(
            Some(CadenceState::DueSoon),
            &crate::strings_dates::due_in_short(99),
        ),
        marked(None, t.cadence_never),
    ]
}

/// Cells a marked figure takes beyond its text.
pub const MARK_WIDTH: u16 = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::width;

    #[test]
    fn every_symbol_is_one_cell() {
        for st in [
            CadenceState::DueSoon,
            CadenceState::Overdue,
            CadenceState::FarOverdue,
        ] {
            assert_eq!(width(cadence_symbol(st)), 1, "{st:?}");
            assert_eq!(width(&marked(Some(st), "3d")), 2 + usize::from(MARK_WIDTH));
        }
        assert_eq!(width(&marked(None, "3d")), 2 + usize::from(MARK_WIDTH));
    }
}
