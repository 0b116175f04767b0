//! The contacts & breadth section of the Account view: the verdict and what
//! to do about it, the coverage grid (their departments × seniority), and
//! the contacts with who holds each tie and when it was last touched.
//! Contacts who left the company are listed apart, dimmed, never counted.

use super::AccountData;
use crate::domain::Clock;
use crate::domain::breadth::{GridCell, Verdict};
use crate::domain::clock::days_between;
use crate::domain::contact::email_looks_wrong;
use crate::domain::{BuyingRole, Department, Seniority};
use crate::portfolio::contacts::ContactRow;
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, TableCell};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of one grid column.
const CELL_W: usize = 7;

#[derive(Default)]
pub struct ContactsSection {
    /// Selection over `AccountData::contacts` (current first, then departed).
    pub list: ListView,
}

impl ContactsSection {
    pub fn selected<'a>(&self, data: &'a AccountData) -> Option<&'a ContactRow> {
        data.contacts.get(self.list.selected)
    }

    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let len = data.contacts.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Add => return Some(Effect::NewContactForm(data.account.id)),
            Action::Open | Action::Edit => {
                return self
                    .selected(data)
                    .map(|c| Effect::EditContactForm(c.contact.id));
            }
            Action::Delete => {
                let c = self.selected(data)?;
                return Some(Effect::Confirm {
                    question: (s().confirm_delete_contact)(&c.contact.input.name),
                    then: Box::new(Effect::DeleteContact {
                        id: c.contact.id,
                        name: c.contact.input.name.clone(),
                    }),
                });
            }
            _ => {}
        }
        None
    }

    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        data: &AccountData,
        theme: &Theme,
        clock: &Clock,
    ) {
        let t = s();
        let b = &data.breadth;
        let mut lines = Vec::new();
        let (sign, style) = match b.verdict {
            Verdict::SingleThreaded => ("⚠ ", theme.warn()),
            Verdict::Narrow => ("• ", theme.header()),
            Verdict::Broad => ("✓ ", theme.good()),
        };
        lines.push(Line::from(vec![
            Span::styled(sign, style),
            Span::styled((t.breadth_message)(b), style),
        ]));
        lines.push(Line::styled((t.breadth_figures)(b), theme.dim()));
        lines.push(Line::raw(""));
        lines.extend(grid_lines(&b.grid, theme));
        lines.push(Line::styled(t.grid_legend, theme.dim()));
        let top = lines.len() as u16 + 1;
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(area.x, area.y, area.width, top.min(area.height)),
        );
        if area.height <= top + 2 {
            return;
        }
        let body = Rect::new(area.x, area.y + top, area.width, area.height - top);
        if data.contacts.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(t.no_contacts, theme.dim())),
                body,
            );
            return;
        }
        let window = self
            .list
            .window(data.contacts.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = data.contacts[window]
            .iter()
            .map(|c| contact_cells(c, clock, theme))
            .collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }
}

/// The coverage grid: one row per seniority level, one column per
/// department; a cell says `ties·strongest`, coloured by the strongest tie
/// (the digits carry the meaning without colour).
fn grid_lines(grid: &[[GridCell; 3]], theme: &Theme) -> Vec<Line<'static>> {
    let t = s();
    // wide enough for every level and department name, and a cell's `9·5`
    let label_w = 10.max(table::widest_label(Seniority::ALL) as usize + 1);
    let cell_w = CELL_W.max(table::widest(t.department_short) as usize + 1);
    let mut header = vec![Span::raw(" ".repeat(label_w))];
    for d in Department::ALL {
        header.push(Span::styled(
            crate::domain::text::fit(t.department_short[*d as usize], cell_w),
            theme.header(),
        ));
    }
    let mut lines = vec![Line::from(header)];
    for (l, level) in Seniority::ALL.iter().enumerate() {
        let mut spans = vec![Span::styled(
            crate::domain::text::fit(level.label(), label_w),
            theme.header(),
        )];
        for row in grid {
            let cell = row[l];
            let (text, style) = if cell.ties == 0 {
                ("·".to_string(), theme.dim())
            } else {
                let style = match cell.strongest {
                    4..=5 => theme.good(),
                    3 => Style::new(),
                    _ => theme.warn(),
                };
                (format!("{}·{}", cell.ties, cell.strongest), style)
            };
            spans.push(Span::styled(crate::domain::text::fit(&text, cell_w), style));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The columns of the contacts table.
pub fn columns() -> [Column; 10] {
    let t = s();
    let role = table::widest_label(BuyingRole::ALL).max(table::widest([t.none]));
    let last_touch = table::widest([
        format!("2026-12-31 · {}", (t.age_short)(table::MANY_DAYS)),
        t.never.to_string(),
    ]);
    [
        Column::flexible(t.col_name, 10).prefer(16),
        Column::fixed(t.col_title, 14, 3),
        Column::fixed(t.col_department, table::widest_label(Department::ALL), 8),
        Column::fixed(t.col_seniority, table::widest_label(Seniority::ALL), 6),
        Column::fixed(t.col_role, role, 1),
        Column::fixed(t.col_tie, 1, 9).right(),
        Column::fixed(t.col_held_by, 12, 7),
        Column::fixed(t.col_last_touch, last_touch, 5),
        Column::fixed(t.col_phone, 18, 0),
        Column::fixed(t.col_email, 24, 0),
    ]
}

fn contact_cells(row: &ContactRow, clock: &Clock, theme: &Theme) -> Vec<TableCell> {
    let t = s();
    let c = &row.contact.input;
    let base = if c.left_company {
        theme.dim()
    } else {
        Style::new()
    };
    let cell = |text: String| TableCell::styled(text, base);
    let name = if c.left_company {
        format!("{} {}", c.name, t.left_mark)
    } else {
        c.name.clone()
    };
    let tie_style = match (c.left_company, c.tie_strength) {
        (true, _) => theme.dim(),
        (_, 4..=5) => theme.good(),
        (_, 1..=2) => theme.warn(),
        _ => Style::new(),
    };
    let last_touch = match row.last_touch {
        None => TableCell::styled(t.never, theme.dim()),
        Some(when) => {
            let days = days_between(when.date(), clock.today());
            cell(format!(
                "{} · {}",
                when.format("%Y-%m-%d"),
                (t.age_short)(days)
            ))
        }
    };
    let email = if email_looks_wrong(&c.email) {
        TableCell::styled(format!("⚠ {}", c.email), theme.warn())
    } else {
        cell(c.email.clone())
    };
    vec![
        cell(name),
        cell(c.title.clone()),
        cell(c.department.label().to_string()),
        cell(c.seniority.label().to_string()),
        cell(c.buying_role.map_or(t.none, |r| r.label()).to_string()),
        TableCell::styled(c.tie_strength.to_string(), tie_style),
        cell(c.our_side.clone()),
        last_touch,
        cell(c.phone.clone()),
        email,
    ]
}
