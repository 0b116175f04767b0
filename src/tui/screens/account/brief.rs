//! The Brief section of the Account view: what to know before walking in
//! (`portfolio::brief`), one line per fact under a column of labels. The
//! essential part fits 80×24; lines longer than the width end in `…`
//! (the full text is in the other sections and in `kam brief`).

use super::AccountData;
use crate::domain::Clock;
use crate::domain::text::{fit, width};
use crate::portfolio::brief::Brief;
use crate::strings_brief::lines::{Tone, brief_lines};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the brief of `data` into `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, data: &AccountData, theme: &Theme, clock: &Clock) {
    let brief = Brief::of(data, clock);
    let lines = brief_lines(&brief, false);
    let label_w = lines.iter().map(|l| width(l.label)).max().unwrap_or(0) + 2;
    let rest = usize::from(area.width).saturating_sub(label_w);
    let out: Vec<Line<'static>> = lines
        .iter()
        .take(usize::from(area.height))
        .map(|l| {
            let mut spans = vec![Span::styled(fit(l.label, label_w), theme.header())];
            let mut left = rest;
            for (tone, text) in &l.parts {
                if left == 0 {
                    break;
                }
                let w = width(text);
                let shown = if w > left {
                    fit(text, left)
                } else {
                    crate::domain::text::sanitize(text).into_owned()
                };
                left = left.saturating_sub(w.min(left));
                spans.push(Span::styled(shown, style(*tone, theme)));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(out), area);
}

fn style(tone: Tone, theme: &Theme) -> Style {
    match tone {
        Tone::Plain => Style::new(),
        Tone::Dim => theme.dim(),
        Tone::Warn => theme.warn(),
        Tone::Bad => theme.error(),
        Tone::Good => theme.good(),
    }
}
