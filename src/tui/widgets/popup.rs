//! Popups drawn over a screen: placement and the yes/no confirmation.

use crate::domain::text::{sanitize, wrap};
use crate::strings::s;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// A rectangle at most `w`×`h`, centered in `area` and never outside it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(1);
    let h = h.min(area.height.saturating_sub(2)).max(1);
    Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

/// A question answered with y or n.
pub fn render_confirm(frame: &mut Frame<'_>, area: Rect, question: &str, theme: &Theme) {
    let text_w = 56usize;
    let mut lines: Vec<Line> = wrap(question, text_w).into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(s().yes_no, theme.key())));
    let popup = centered(area, text_w as u16 + 4, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warn())
        .title(Span::styled(
            sanitize(s().confirm_title).into_owned(),
            theme.warn(),
        ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
