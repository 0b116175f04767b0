//! Drawing a form: a centered popup with a label and a value per field,
//! the message or hint under a field, scrolled so that the focused field
//! is in view, and the caret where the terminal's input method expects it.

use super::Form;
use super::field::{Field, FieldKind, Value};
use crate::domain::text::{self, fit, width};
use crate::strings::{self, s};
use crate::tui::keymap::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tui_input::Input;

/// The rows of a form's body, each with the index of its field.
type Rows = Vec<(Option<usize>, Line<'static>)>;

/// Where the caret goes: (row of the body, column within the popup).
type Caret = Option<(usize, u16)>;

/// The columns a form's rows are laid out in.
#[derive(Clone, Copy)]
struct Layout {
    /// Cells of the label column (marker and label).
    label_w: u16,
    /// Cells of the value column.
    value_w: u16,
}

impl Layout {
    /// Blank cells that put a row's text under the value column.
    fn pad(self) -> Span<'static> {
        Span::raw(" ".repeat(usize::from(self.label_w) + 1))
    }
}

impl Form {
    /// Draws the form as a centered popup over `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let label_w = self
            .fields
            .iter()
            .map(|f| width(f.label) + 1)
            .max()
            .unwrap_or(8) as u16
            + 2;
        let popup = popup::centered(area, self.width, self.height());
        popup::clear(frame, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(
                format!(" {} ", text::sanitize(&self.title)),
                theme.title(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 3 || inner.width < label_w + 4 {
            return;
        }
        let layout = Layout {
            label_w,
            value_w: inner.width - label_w - 1,
        };
        let (rows, cursor) = self.rows(layout, theme);
        let footer_h = 2u16;
        let body_h = inner.height.saturating_sub(footer_h) as usize;
        let offset = self.scroll(&rows, body_h);
        let visible: Vec<Line> = rows
            .iter()
            .skip(offset)
            .take(body_h)
            .map(|(_, l)| l.clone())
            .collect();
        frame.render_widget(
            Paragraph::new(visible),
            Rect::new(inner.x, inner.y, inner.width, body_h as u16),
        );
        if let Some((row, col)) = cursor
            && row >= offset
            && row < offset + body_h
            && !self.confirm_discard
        {
            frame.set_cursor_position(Position::new(
                inner.x + col,
                inner.y + (row - offset) as u16,
            ));
        }
        frame.render_widget(
            Paragraph::new(vec![Line::raw(""), self.footer(inner.width, theme)]),
            Rect::new(inner.x, inner.y + body_h as u16, inner.width, footer_h),
        );
    }

    /// The rows the popup asks for: the fields, borders and footer, and
    /// room for what shows under the focused field (a hint, or a hint and
    /// the names it offers).
    fn height(&self) -> u16 {
        let under = self
            .fields
            .iter()
            .filter(|f| f.suggest.is_some())
            .map(|f| f.hint.lines().count() + SUGGESTION_ROWS)
            .max()
            .unwrap_or(0)
            .max(3) as u16;
        let fields = self
            .fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::Text { lines, .. } => *lines,
                _ => 1,
            })
            .sum::<u16>();
        fields + 4 + under
    }

    /// Every row of the body, and where the caret goes.
    fn rows(&self, layout: Layout, theme: &Theme) -> (Rows, Caret) {
        let mut rows: Rows = Vec::new();
        let mut cursor: Caret = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let label = label_spans(f, focused, layout, theme);
            match &f.kind {
                FieldKind::Text { input, lines, .. } if *lines > 1 => {
                    let (lines, caret) = area_lines(input, *lines, label, focused, layout, theme);
                    if let Some(c) = caret {
                        cursor = Some((rows.len() + c.0, c.1));
                    }
                    rows.extend(lines.into_iter().map(|l| (Some(i), l)));
                }
                _ => {
                    let (value, caret) =
                        self.value_spans(f, focused, usize::from(layout.value_w), theme);
                    if let Some(c) = caret {
                        cursor = Some((rows.len(), layout.label_w + 1 + c));
                    }
                    let mut spans = label;
                    spans.extend(value);
                    rows.push((Some(i), Line::from(spans)));
                }
            }
            let notes = note_lines(f, focused, layout, theme);
            rows.extend(notes.into_iter().map(|l| (Some(i), l)));
            if focused {
                let offered = suggestion_lines(f, layout, theme);
                rows.extend(offered.into_iter().map(|l| (Some(i), l)));
            }
        }
        (rows, cursor)
    }

    /// The first row shown: it keeps every row of the focused field in
    /// view, and moves as little as it can from the last one.
    fn scroll(&self, rows: &Rows, body_h: usize) -> usize {
        let first = rows
            .iter()
            .position(|(f, _)| *f == Some(self.focus))
            .unwrap_or(0);
        let last = rows
            .iter()
            .rposition(|(f, _)| *f == Some(self.focus))
            .unwrap_or(0);
        let mut offset = self.offset.get().min(rows.len().saturating_sub(body_h));
        if first < offset {
            offset = first;
        } else if last >= offset + body_h {
            offset = last + 1 - body_h;
        }
        self.offset.set(offset);
        offset
    }

    /// The line under the body: the discard question, the form's message,
    /// or the keys.
    fn footer(&self, w: u16, theme: &Theme) -> Line<'static> {
        if self.confirm_discard {
            Line::from(Span::styled(s().form_discard, theme.warn()))
        } else if let Some(m) = &self.message {
            Line::from(Span::styled(format!("⚠ {m}"), theme.error()))
        } else {
            crate::tui::widgets::help::hint_bar(Ctx::Form, 0, w, theme)
        }
    }

    /// The spans of a field's value and, when it shows a caret, the caret's
    /// column within the value area.
    fn value_spans(
        &self,
        f: &Field,
        focused: bool,
        w: usize,
        theme: &Theme,
    ) -> (Vec<Span<'static>>, Option<u16>) {
        let value_style = if focused {
            theme.focused()
        } else {
            Style::new()
        };
        match &f.kind {
            FieldKind::Choice { options, selected } => {
                let label = options.get(*selected).cloned().unwrap_or_default();
                let shown = if focused {
                    format!("◀ {} ▶", text::sanitize(&label))
                } else {
                    text::sanitize(&label).into_owned()
                };
                (
                    vec![Span::styled(
                        fit(&shown, w).trim_end().to_string(),
                        value_style,
                    )],
                    None,
                )
            }
            FieldKind::Toggle(on) => {
                let shown = if *on { "[x]" } else { "[ ]" };
                (vec![Span::styled(shown.to_string(), value_style)], None)
            }
            FieldKind::Score(v) => (score_spans(*v, focused, value_style, theme), None),
            FieldKind::MultiChoice {
                options,
                chosen,
                cursor,
            } => (
                multi_choice_spans(options, chosen, *cursor, focused, w, theme),
                None,
            ),
            _ => self.input_spans(f, focused, w, theme),
        }
    }

    /// A typed value, scrolled to its caret, with what a date, time or
    /// amount was read as.
    fn input_spans(
        &self,
        f: &Field,
        focused: bool,
        w: usize,
        theme: &Theme,
    ) -> (Vec<Span<'static>>, Option<u16>) {
        let input = f.input().expect("text-like field has an input");
        let preview = match &f.kind {
            FieldKind::Date { .. } | FieldKind::DateTime { .. } | FieldKind::Time { .. } => {
                match f.parse(self.today) {
                    Ok(Some(Value::Date(d))) => Some(format!("→ {}", strings::day(d))),
                    Ok(Some(Value::DateTime(t))) => Some(format!("→ {}", strings::when(t, true))),
                    Ok(Some(Value::Time(t))) => Some(format!("→ {}", t.format("%H:%M"))),
                    _ => None,
                }
            }
            // what an amount was read as, while it is typed, when that is
            // not what the field shows: `1250000` → ¥125万, `1.2M`
            FieldKind::Money { .. } if focused => match f.parse(self.today) {
                Ok(Some(Value::Int(m))) => {
                    let read = strings::money(m, true);
                    let typed = input.value().trim();
                    (!read.ends_with(typed)).then(|| format!("→ {read}"))
                }
                _ => None,
            },
            _ => None,
        };
        let preview_w = preview.as_deref().map(|p| width(p) + 2).unwrap_or(0);
        let box_w = w.saturating_sub(preview_w).max(4);
        let scroll = input.visual_scroll(box_w);
        let value = text::sanitize(input.value());
        let visible = text::skip_cells(&value, scroll);
        let mut spans = vec![Span::styled(
            fit(visible, box_w),
            if focused {
                theme.focused()
            } else {
                theme.dim().remove_modifier(Modifier::DIM)
            },
        )];
        if let Some(p) = preview {
            spans.push(Span::styled(format!("  {p}"), theme.good()));
        }
        let caret = focused.then(|| (input.visual_cursor().saturating_sub(scroll)) as u16);
        (spans, caret)
    }
}

/// The focus marker and the label, right-aligned in the label column.
fn label_spans(f: &Field, focused: bool, layout: Layout, theme: &Theme) -> Vec<Span<'static>> {
    let marker = if focused { "▶" } else { " " };
    let mark = if f.required { s().required_mark } else { "" };
    let label = format!("{}{}", f.label, mark);
    let label_style = if focused {
        theme.focused()
    } else {
        theme.header()
    };
    vec![
        Span::styled(marker.to_string(), theme.focused()),
        Span::styled(
            text::fit_right(&label, usize::from(layout.label_w) - 2),
            label_style,
        ),
        Span::raw("  "),
    ]
}

/// A text area's `lines` rows around the caret, the first one after the
/// `label`; and the caret as (row among these, column in the popup).
fn area_lines(
    input: &Input,
    lines: u16,
    label: Vec<Span<'static>>,
    focused: bool,
    layout: Layout,
    theme: &Theme,
) -> (Vec<Line<'static>>, Option<(usize, u16)>) {
    let value_w = usize::from(layout.value_w);
    let shown = text::sanitize_keep_newlines(input.value());
    let wrapped = area_rows(&shown, value_w);
    let at = wrapped
        .iter()
        .rposition(|(start, _)| *start <= input.cursor())
        .unwrap_or(0);
    let first = at.saturating_sub(usize::from(lines) - 1);
    let style = if focused {
        theme.focused()
    } else {
        Style::new()
    };
    let mut label = Some(label);
    let mut out = Vec::new();
    let mut caret = None;
    for k in 0..usize::from(lines) {
        let text_row = wrapped
            .get(first + k)
            .map(|(_, r)| r.as_str())
            .unwrap_or("");
        let mut line = label.take().unwrap_or_else(|| vec![layout.pad()]);
        line.push(Span::styled(fit(text_row, value_w), style));
        if focused && first + k == at {
            let (start, _) = wrapped[at];
            let before: String = shown
                .chars()
                .skip(start)
                .take(input.cursor() - start)
                .collect();
            caret = Some((k, layout.label_w + 1 + width(&before) as u16));
        }
        out.push(Line::from(line));
    }
    (out, caret)
}

/// What shows under a field: its error, else a remark on its value, else
/// (while it has focus) its hint.
fn note_lines(f: &Field, focused: bool, layout: Layout, theme: &Theme) -> Vec<Line<'static>> {
    let note =
        |text: String, style: Style| Line::from(vec![layout.pad(), Span::styled(text, style)]);
    if let Some(err) = f.error_message() {
        vec![note(format!("⚠ {}", text::sanitize(&err)), theme.error())]
    } else if let Some(advice) = f.advice() {
        vec![note(format!("⚠ {advice}"), theme.warn())]
    } else if focused && !f.hint.is_empty() {
        f.hint
            .lines()
            .map(|hint| note(hint.to_string(), theme.dim()))
            .collect()
    } else {
        Vec::new()
    }
}

/// At most this many rows of suggestions under a field.
const SUGGESTION_ROWS: usize = 2;

/// The names a field offers that match what was typed, under its value in
/// columns of equal width in cells (so that Chinese and Latin names line
/// up), the one in the field marked; the rows that hold the one picked,
/// and how many more there are.
fn suggestion_lines(f: &Field, layout: Layout, theme: &Theme) -> Vec<Line<'static>> {
    let (Some(sg), Some(input)) = (&f.suggest, f.input()) else {
        return Vec::new();
    };
    let text = input.value();
    let matches = sg.matching(sg.filter(text));
    if matches.is_empty() {
        return Vec::new();
    }
    let value_w = usize::from(layout.value_w);
    let name_w = matches
        .iter()
        .map(|n| width(&text::sanitize(n)))
        .max()
        .unwrap_or(1)
        .clamp(1, value_w.saturating_sub(2).max(1));
    let col_w = name_w + 2;
    let per_row = (value_w / col_w).max(1);
    let mut slots = per_row * SUGGESTION_ROWS;
    if matches.len() > slots {
        // room for "+N more" at the end
        let more_w = width(&(s().suggestions_more)(matches.len()));
        slots = slots.saturating_sub(more_w.div_ceil(col_w)).max(1);
    }
    let current = matches
        .iter()
        .position(|n| crate::domain::handover::same_colleague(n, text));
    let start = current.map_or(0, |c| c / slots * slots);
    let shown: Vec<&str> = matches.iter().skip(start).take(slots).copied().collect();
    let more = matches.len() - shown.len();
    let mut lines = Vec::new();
    for (r, row) in shown.chunks(per_row).enumerate() {
        let mut spans = vec![layout.pad()];
        for (k, name) in row.iter().enumerate() {
            let style = if current == Some(start + r * per_row + k) {
                theme.focused().add_modifier(Modifier::REVERSED)
            } else {
                theme.dim()
            };
            spans.push(Span::styled(fit(&text::sanitize(name), name_w), style));
            spans.push(Span::raw("  "));
        }
        lines.push(spans);
    }
    if more > 0
        && let Some(last) = lines.last_mut()
    {
        last.push(Span::styled((s().suggestions_more)(more), theme.dim()));
    }
    lines.into_iter().map(Line::from).collect()
}

/// The five points of a score, the chosen one marked, and its label.
fn score_spans(
    v: Option<u8>,
    focused: bool,
    value_style: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let scale = s().score_labels;
    let mut spans = Vec::new();
    for n in 1..=5u8 {
        let on = v == Some(n);
        let style = match (on, focused) {
            (true, true) => theme.focused().add_modifier(Modifier::REVERSED),
            (true, false) => theme.header(),
            (false, _) => theme.dim(),
        };
        let mark = if on {
            format!("[{n}]")
        } else {
            format!(" {n} ")
        };
        spans.push(Span::styled(mark, style));
    }
    let label = match v {
        Some(n) => scale[usize::from(n) - 1],
        None => s().not_asked,
    };
    spans.push(Span::styled(format!("  {label}"), value_style));
    spans
}

/// The options of a multi-choice field that fit in `w` cells, from one
/// that keeps the cursor in view; `‹`/`›` say that more are off-side.
fn multi_choice_spans(
    options: &[String],
    chosen: &[bool],
    cursor: usize,
    focused: bool,
    w: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    if options.is_empty() {
        return vec![Span::styled(s().none.to_string(), theme.dim())];
    }
    let item = |i: usize| {
        let mark = if chosen[i] { "[x]" } else { "[ ]" };
        format!("{mark} {}", text::sanitize(&options[i]))
    };
    let mut start = 0;
    while start < cursor && (start..=cursor).map(|i| width(&item(i)) + 2).sum::<usize>() > w {
        start += 1;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    if start > 0 {
        spans.push(Span::styled("‹ ", theme.dim()));
        used += 2;
    }
    for (i, is_chosen) in chosen.iter().enumerate().skip(start) {
        let label = item(i);
        let lw = width(&label) + 2;
        if used + lw > w && i > start {
            spans.push(Span::styled("›", theme.dim()));
            break;
        }
        let style = if focused && i == cursor {
            theme.focused().add_modifier(Modifier::REVERSED)
        } else if *is_chosen {
            theme.header()
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("  "));
        used += lw;
    }
    spans
}

/// A text area's value wrapped to `w` cells (breaking anywhere, keeping
/// newlines): each row with the index (in chars) it starts at.
fn area_rows(value: &str, w: usize) -> Vec<(usize, String)> {
    let mut rows = vec![(0, String::new())];
    let mut row_w = 0;
    for (i, c) in value.chars().enumerate() {
        if c == '\n' {
            rows.push((i + 1, String::new()));
            row_w = 0;
            continue;
        }
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if row_w + cw > w {
            rows.push((i, String::new()));
            row_w = 0;
        }
        if let Some((_, row)) = rows.last_mut() {
            row.push(c);
        }
        row_w += cw;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_area_wraps_by_cells_and_keeps_its_newlines() {
        assert_eq!(
            area_rows("交货需要\nabc", 4),
            [
                (0, "交货".to_string()),
                (2, "需要".to_string()),
                (5, "abc".to_string())
            ]
        );
        assert_eq!(area_rows("", 4), [(0, String::new())]);
        assert_eq!(area_rows("ab\n", 4), [(0, "ab".into()), (3, String::new())]);
    }

    #[test]
    fn skipping_cells_never_splits_a_wide_character() {
        assert_eq!(text::skip_cells("交货abc", 2), "货abc");
        assert_eq!(text::skip_cells("交货abc", 3), "abc");
        assert_eq!(text::skip_cells("ab", 5), "");
        assert_eq!(text::skip_cells("ab", 0), "ab");
    }
}
