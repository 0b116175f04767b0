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

/// Clears `area` for a popup. A wide (CJK) character just left of the area
/// would otherwise still cover the popup's first column, and its border
/// would not be drawn; it is replaced by a space.
pub fn clear(frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A question answered with y or n.
pub fn render_confirm(frame: &mut Frame<'_>, area: Rect, question: &str, theme: &Theme) {
    let text_w = 56usize;
    let mut lines: Vec<Line> = wrap(question, text_w).into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(s().yes_no, theme.key())));
    let popup = centered(area, text_w as u16 + 4, lines.len() as u16 + 2);
    clear(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warn())
        .title(Span::styled(
            sanitize(s().confirm_title).into_owned(),
            theme.warn(),
        ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// A question with a few answers, one key each; Esc skips.
pub fn render_offer(
    frame: &mut Frame<'_>,
    area: Rect,
    question: &str,
    options: &[(char, &str)],
    theme: &Theme,
) {
    let text_w = 56usize;
    let mut lines: Vec<Line> = wrap(question, text_w).into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    for (key, label) in options {
        lines.push(Line::from(vec![
            Span::styled(format!("  {key}  "), theme.key()),
            Span::raw(label.to_string()),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("  Esc  ", theme.key()),
        Span::raw(s().offer_skip),
    ]));
    let popup = centered(area, text_w as u16 + 4, lines.len() as u16 + 2);
    clear(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warn());
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
