//! Drawing a record in full: a label column as wide as its widest label
//! (in cells, in the language in effect), every value wrapped to the rest
//! with `domain::text::wrap`, then the times and the history.

use super::RecordView;
use crate::domain::complaint::TargetState;
use crate::domain::text::{fit, sanitize, width, wrap};
use crate::domain::{Clock, Dimension, Severity};
use crate::portfolio::complaints::Aged;
use crate::portfolio::records::{Body, Linked, RecordDetail};
use crate::portfolio::surveys::SurveyRow;
use crate::portfolio::visits::VisitRow;
use crate::strings::{Label, day, s, short_age, when};
use crate::strings_records::words;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// One field: its label, its value, how the value is drawn.
type Field = (&'static str, String, Style);

/// Draws the record; returns how far it can scroll and a page's lines.
pub fn render(
    view: &RecordView,
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    _clock: &Clock,
) -> (usize, usize) {
    let d = &view.detail;
    let record = match d.record {
        crate::portfolio::records::RecordRef::Visit(_) => s().rec_visit,
        crate::portfolio::records::RecordRef::Complaint(_) => s().rec_complaint,
        crate::portfolio::records::RecordRef::Survey(_) => s().rec_survey,
    };
    let title = format!(
        " {} › {} ",
        sanitize(&d.account_name),
        crate::strings_records::title(record)
    );
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    let lines = lines(d, usize::from(inner.width.saturating_sub(1)), theme);
    let page = usize::from(inner.height);
    let max = lines.len().saturating_sub(page);
    if max > 0 {
        block = block.title_bottom(
            Line::styled(format!(" {} ", words().scroll_more), theme.dim()).right_aligned(),
        );
    }
    frame.render_widget(block, area);
    let from = view.scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(from).take(page).collect();
    frame.render_widget(
        Paragraph::new(shown),
        Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        ),
    );
    (max, page)
}

/// Every line of the record at `w` cells.
fn lines(d: &RecordDetail, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = s();
    let mut fields: Vec<Field> = vec![(t.f_account, d.account_name.clone(), theme.header())];
    match &d.body {
        Body::Visit { row, contacts } => visit_fields(&mut fields, row, contacts, theme),
        Body::Complaint { aged, details } => complaint_fields(&mut fields, aged, details, theme),
        Body::Survey(r) => survey_fields(&mut fields, r, theme),
    }
    fields.push((t.f_created, d.created.clone(), theme.dim()));
    fields.push((t.f_updated, d.updated.clone(), theme.dim()));
    let label_w = fields
        .iter()
        .map(|(l, _, _)| width(l))
        .max()
        .unwrap_or(8)
        .min(w / 3)
        + 2;
    let value_w = w.saturating_sub(label_w).max(10);
    let mut out = Vec::new();
    for (label, value, style) in fields {
        let value = if value.trim().is_empty() {
            words().none.to_string()
        } else {
            value
        };
        for (i, part) in wrap(&value, value_w).into_iter().enumerate() {
            let head = if i == 0 {
                fit(label, label_w)
            } else {
                " ".repeat(label_w)
            };
            out.push(Line::from(vec![
                Span::styled(head, theme.dim()),
                Span::styled(part, style),
            ]));
        }
    }
    out.push(Line::raw(""));
    history_lines(&mut out, d, w, theme);
    out
}

fn visit_fields(out: &mut Vec<Field>, v: &VisitRow, contacts: &[Linked], theme: &Theme) {
    let t = s();
    let w = words();
    let plain = Style::new();
    out.push((w.when, when(v.scheduled_at, true), plain));
    out.push((t.f_kind, v.kind.label().to_string(), plain));
    out.push((t.f_status, v.status.label().to_string(), theme.header()));
    out.push((t.f_purpose, v.purpose.clone(), plain));
    let linked = if contacts.is_empty() {
        w.no_contacts.to_string()
    } else {
        contacts
            .iter()
            .map(|c| {
                let mut parts = vec![c.name.clone()];
                if !c.title.trim().is_empty() {
                    parts.push(c.title.clone());
                }
                parts.push(c.department.label().to_string());
                if c.left {
                    parts.push(w.left.to_string());
                }
                parts.join(" · ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    out.push((t.f_contacts, linked, plain));
    out.push((t.f_outcome, v.outcome.clone(), plain));
    out.push((t.f_next_step, v.next_step.clone(), plain));
    let done = v.completed_at.map(|at| when(at, true)).unwrap_or_default();
    out.push((w.done_at, done, plain));
}

fn complaint_fields(out: &mut Vec<Field>, a: &Aged, details: &str, theme: &Theme) {
    let t = s();
    let w = words();
    let r = &a.row;
    let plain = Style::new();
    out.push((t.f_summary, r.summary.clone(), theme.header()));
    out.push((t.f_details, details.to_string(), plain));
    out.push((t.f_category, r.category.label().to_string(), plain));
    let severity = match r.severity {
        Severity::Critical => theme.error(),
        Severity::High => theme.warn(),
        _ => plain,
    };
    out.push((t.f_severity, r.severity.label().to_string(), severity));
    out.push((t.f_status, r.status.label().to_string(), theme.header()));
    out.push((
        t.f_contact,
        r.contact_name.clone().unwrap_or_default(),
        plain,
    ));
    out.push((
        t.f_forwarded_to,
        r.forwarded_to
            .map(|f| f.label().to_string())
            .unwrap_or_default(),
        plain,
    ));
    out.push((t.f_opened_at, when(r.opened_at, true), plain));
    out.push((w.age, short_age(a.age), plain));
    let (target, style) = match a.target {
        TargetState::Open { left } => ((t.target_left)(&short_age(left)), plain),
        TargetState::Breached { by } => ((t.target_over)(&short_age(by)), theme.error()),
        TargetState::ResolvedInTime => (t.target_in_time.to_string(), theme.dim()),
        TargetState::ResolvedLate { by } => ((t.target_late)(&short_age(by)), theme.warn()),
    };
    out.push((w.target, target, style));
    out.push((t.f_resolution, r.resolution.clone(), plain));
    let resolved = r.resolved_at.map(|at| when(at, true)).unwrap_or_default();
    out.push((t.f_resolved_at, resolved, plain));
}

fn survey_fields(out: &mut Vec<Field>, r: &SurveyRow, theme: &Theme) {
    let t = s();
    let w = words();
    let plain = Style::new();
    let i = &r.input;
    out.push((t.f_date, day(i.taken_at), plain));
    out.push((
        t.f_respondent,
        r.respondent.clone().unwrap_or_default(),
        plain,
    ));
    out.push((t.f_channel, i.channel.label().to_string(), plain));
    for (dim, score) in Dimension::ALL.iter().zip(i.scores) {
        let (text, style) = match score {
            Some(n) if n <= crate::domain::survey::LOW_SCORE => (n.to_string(), theme.error()),
            Some(n) => (n.to_string(), plain),
            None => (w.not_asked.to_string(), theme.dim()),
        };
        out.push((dim.label(), text, style));
    }
    out.push((t.f_comment, i.comment.clone(), plain));
}

/// The record's changes, newest first: each header, then its lines.
fn history_lines(out: &mut Vec<Line<'static>>, d: &RecordDetail, w: usize, theme: &Theme) {
    let words = words();
    out.push(Line::styled(words.history, theme.header()));
    if d.history.is_empty() {
        out.push(Line::styled(words.no_history, theme.dim()));
        return;
    }
    for item in &d.history {
        for part in wrap(&item.header, w) {
            out.push(Line::styled(part, theme.title()));
        }
        for row in &item.rows {
            for line in &row.lines {
                for part in wrap(line, w.saturating_sub(2).max(10)) {
                    out.push(Line::raw(format!("  {part}")));
                }
            }
        }
    }
}
