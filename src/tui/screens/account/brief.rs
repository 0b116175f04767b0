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
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the brief of `data` into `area`.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    data: &AccountData,
    scroll: &Scroll,
    theme: &Theme,
    clock: &Clock,
) {
    let brief = Brief::of(data, clock);
    let lines = brief_lines(&brief, false);
    let label_w = lines.iter().map(|l| width(l.label)).max().unwrap_or(0) + 2;
    let rest = usize::from(area.width).saturating_sub(label_w);
    let out: Vec<Line<'static>> = lines
        .iter()
        .map(|l| {
            let mut spans = vec![Span::styled(fit(l.label, label_w), theme.header())];
            let mut left = rest;
            for (tone, text) in &l.parts {
                if left == 0 {
                    break;
                }
                let shown = fitted(text, left);
                left = left.saturating_sub(width(&shown));
                spans.push(Span::styled(shown, style(*tone, theme)));
            }
            Line::from(spans)
        })
        .collect();
    let offset = scroll.offset(out.len(), area.height);
    frame.render_widget(Paragraph::new(out).scroll((offset, 0)), area);
}

/// `text` in `w` cells: whole when it fits; a list of labels (`a · b · c`)
/// loses whole items from its end, so no label is shown cut; other text
/// is cut with `…`.
fn fitted(text: &str, w: usize) -> String {
    let clean = crate::domain::text::sanitize(text).into_owned();
    if width(&clean) <= w {
        return clean;
    }
    let items: Vec<&str> = clean.split(" · ").collect();
    if items.len() > 1 {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            let next = if i == 0 {
                (*item).to_string()
            } else {
                format!("{out} · {item}")
            };
            if width(&next) > w {
                break;
            }
            out = next;
        }
        if !out.is_empty() {
            return out;
        }
    }
    fit(&clean, w).trim_end().to_string()
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
