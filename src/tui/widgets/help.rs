//! The `?` overlay and the one-line hint bar, both generated from the
//! keymap table.

use crate::domain::text::{fit, width};
use crate::strings::s;
use crate::tui::keymap::{self, Action, Ctx};
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The keys of a binding as the user reads them; the screen digits are
/// shown as the range of screens that exist.
fn keys(b: &keymap::Binding, tabs: usize) -> String {
    if b.action == Action::GoTab {
        return if tabs <= 1 {
            "1".to_string()
        } else {
            format!("1-{tabs}")
        };
    }
    keymap::keys_label(b)
}

/// The hint bar: the bindings of `ctx` marked as hints, as many as fit in
/// `width` cells; the help key is always kept, so the rest is one key away.
pub fn hint_bar(ctx: Ctx, tabs: usize, width_cells: u16, theme: &Theme) -> Line<'static> {
    let hints: Vec<(String, &str, bool)> = keymap::bindings_for(ctx)
        .filter(|b| b.hint)
        .map(|b| (keys(b, tabs), b.action.desc(), b.action == Action::Help))
        .collect();
    let cost = |(k, d, _): &(String, &str, bool)| width(k) + 1 + width(d) + 2;
    let reserved: usize = hints.iter().filter(|h| h.2).map(cost).sum();
    let mut used = reserved;
    let mut spans = Vec::new();
    for h in &hints {
        if !h.2 {
            if used + cost(h) > width_cells as usize {
                continue;
            }
            used += cost(h);
        }
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(h.0.clone(), theme.key()));
        spans.push(Span::raw(format!(" {}", h.1)));
    }
    Line::from(spans)
}

/// Every binding that applies in `ctx`, in a centered box (two columns
/// when one does not fit the height).
pub fn render_overlay(frame: &mut Frame<'_>, area: Rect, ctx: Ctx, tabs: usize, theme: &Theme) {
    let rows: Vec<(String, &str)> = keymap::bindings_for(ctx)
        .filter(|b| b.action != Action::GoTab || tabs > 1)
        .map(|b| (keys(b, tabs), b.action.desc()))
        .collect();
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(4) + 2;
    let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(10) + 2;
    let room = area.height.saturating_sub(6).max(1) as usize;
    let columns = if rows.len() > room { 2 } else { 1 };
    let per_column = rows.len().div_ceil(columns);
    let mut lines: Vec<Line> = (0..per_column)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some((k, d)) = rows.get(c * per_column + r) {
                    spans.push(Span::styled(fit(k, key_w), theme.key()));
                    spans.push(Span::raw(fit(d, desc_w)));
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(s().help_footer, theme.dim())));
    let w = (key_w + desc_w) * columns + 2;
    let popup = popup::centered(area, w as u16, lines.len() as u16 + 2);
    popup::clear(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(s().help_title, theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
