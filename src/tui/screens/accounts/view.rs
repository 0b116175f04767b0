//! How the Accounts list is drawn: the summary line (counts, sort,
//! filters, or the search prompt), the table of the rows in the window,
//! and the cells of one account.

use super::AccountsState;
use crate::domain::breadth::Verdict;
use crate::domain::clock::days_between;
use crate::domain::health::Band;
use crate::domain::survey::trend;
use crate::domain::text;
use crate::domain::visit::cadence_state;
use crate::domain::{AccountStatus, AccountSummary, Clock, RelationshipLevel, SortKey, Tier};
use crate::strings::{Label, labelled, s};
use crate::tui::theme::Theme;
use crate::tui::widgets::cadence;
use crate::tui::widgets::table::{self, Column, TableCell};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn sort_title(key: SortKey) -> &'static str {
    let t = s();
    match key {
        SortKey::Name => t.col_name,
        SortKey::Tier => t.col_tier,
        SortKey::Health => t.col_health,
        SortKey::Level => t.col_level,
        SortKey::Status => t.col_status,
        SortKey::Owner => t.col_owner,
        SortKey::Revenue => t.col_revenue,
        SortKey::Profit => t.col_profit,
        SortKey::Breadth => t.col_breadth,
        SortKey::Satisfaction => t.col_satisfaction,
        SortKey::Complaints => t.col_complaints,
        SortKey::LastVisit => t.col_last_visit,
        SortKey::NextVisit => t.col_next_visit,
    }
}

/// The columns, in display order, matching `SortKey::ALL`, each as wide
/// as the widest it holds in the language in effect.
pub fn columns() -> [Column; 13] {
    let t = s();
    let days = table::MANY_DAYS;
    let health = table::widest(["100!", t.none]);
    let breadth = table::widest([format!("{} ⚠", (t.breadth_cell)(9, 99))]);
    let satisfaction = table::widest(t.trend_arrow.iter().map(|a| format!("5{a}")));
    let complaints = table::widest([format!("9 · {}", (t.age_short)(days))]);
    let last_visit = table::widest([(t.days_ago_short)(days), (t.days_ago_short)(-days)])
        .max(table::widest([t.never]))
        + cadence::MARK_WIDTH;
    let next_visit = table::widest([
        (t.overdue_short)(days),
        (t.in_days_short)(days),
        (t.in_days_short)(-days),
        (t.in_days_short)(1),
        t.none.to_string(),
    ]);
    [
        Column::flexible(t.col_name, 20).prefer(26),
        Column::fixed(t.col_tier, table::widest_label(Tier::ALL), 9),
        Column::fixed(t.col_health, health, 8).right(),
        Column::fixed(t.col_level, table::widest_label(RelationshipLevel::ALL), 4),
        Column::fixed(t.col_status, table::widest_label(AccountStatus::ALL), 3),
        Column::fixed(t.col_owner, 10, 2),
        Column::fixed(t.col_revenue, 11, 8).right(),
        Column::fixed(t.col_profit, 11, 6).right(),
        Column::fixed(t.col_breadth, breadth, 5),
        Column::fixed(t.col_satisfaction, satisfaction, 6),
        Column::fixed(t.col_complaints, complaints, 7).right(),
        Column::fixed(t.col_last_visit, last_visit, 7),
        Column::fixed(t.col_next_visit, next_visit, 6),
    ]
}

impl AccountsState {
    /// The line above the table: counts, sort and filters, or the prompt.
    fn summary_line(&self, theme: &Theme) -> Line<'static> {
        let t = s();
        if self.search.typing {
            let [prompt, typed] = self.search.spans(theme);
            return Line::from(vec![
                prompt,
                typed,
                Span::styled(
                    format!("   {}", (t.accounts_count)(self.shown.len(), self.total)),
                    theme.dim(),
                ),
            ]);
        }
        let q = &self.query;
        let mut parts = vec![(t.accounts_count)(self.shown.len(), self.total)];
        if q.archived {
            parts[0] = crate::strings::aside(&parts[0], t.archived_view);
        }
        if let Some(k) = q.sort {
            let arrow = if q.descending { "↓" } else { "↑" };
            parts.push(format!("{} {} {arrow}", t.sorted_by, sort_title(k)));
        }
        parts.push(labelled(t.filter_tier, q.tier.map_or(t.all, |x| x.label())));
        parts.push(labelled(
            t.filter_status,
            q.status.map_or(t.all, |x| x.label()),
        ));
        if q.single_threaded_key {
            parts.push(t.filter_thin.to_string());
        }
        if !self.search.value().is_empty() {
            parts.push(labelled(
                t.search_label,
                &format!("“{}”", text::sanitize(self.search.value())),
            ));
        }
        Line::from(Span::styled(parts.join("  ·  "), theme.dim()))
    }

    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        if area.height < 3 {
            return;
        }
        let top = Rect::new(area.x, area.y, area.width, 1);
        frame.render_widget(Paragraph::new(self.summary_line(theme)), top);
        if self.search.typing {
            self.search.place_cursor(frame, top);
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.loaded.is_some() && self.total == 0 {
            self.render_empty(frame, body, theme);
            return;
        }
        if self.shown.is_empty() {
            let msg = vec![
                Line::raw(""),
                Line::styled(s().no_match, theme.header()),
                Line::styled(s().no_match_hint, theme.dim()),
            ];
            frame.render_widget(Paragraph::new(msg).alignment(Alignment::Center), body);
            return;
        }
        let window = self
            .list
            .window(self.shown.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = self.shown[window]
            .iter()
            .map(|&id| match self.rows.draw(id) {
                Some(a) => self.row_cells(a, clock, theme),
                None => vec![TableCell::styled("…", theme.dim())],
            })
            .collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }

    fn render_empty(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        if self.query.archived {
            let lines = vec![Line::raw(""), Line::styled(s().no_archived, theme.dim())];
            frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
        } else {
            render_welcome(frame, area, theme);
        }
    }

    fn row_cells(&self, a: &AccountSummary, clock: &Clock, theme: &Theme) -> Vec<TableCell> {
        let t = s();
        let today = clock.today();
        let tier_style = match a.tier {
            Tier::Key => theme.header(),
            _ => ratatui::style::Style::new(),
        };
        let status_style = match a.status {
            AccountStatus::AtRisk => theme.warn(),
            AccountStatus::Lost => theme.dim(),
            _ => ratatui::style::Style::new(),
        };
        let money = |m: i64| {
            let style = if m < 0 {
                theme.negative()
            } else {
                ratatui::style::Style::new()
            };
            TableCell::styled(crate::strings::money(m, false), style)
        };
        let complaints = match (a.open_complaints, a.oldest_open_complaint) {
            (0, _) => TableCell::styled("0", theme.dim()),
            (n, Some(oldest)) => TableCell::styled(
                format!(
                    "{n} · {}",
                    (s().age_short)(days_between(oldest.date(), today).max(0))
                ),
                theme.warn(),
            ),
            (n, None) => TableCell::new(n.to_string()),
        };
        let last = match a.last_done_visit {
            None => TableCell::styled(cadence::marked(None, t.never), theme.dim()),
            Some(d) => {
                let days = days_between(d, today);
                let cadence_days = a.visit_cadence_days;
                let warn = self.due_soon.days(cadence_days);
                let state = cadence_state(Some(d), cadence_days, today, warn);
                TableCell::styled(
                    cadence::marked(state, &(t.days_ago_short)(days)),
                    cadence::style(state, theme),
                )
            }
        };
        let next = match a.next_planned_visit {
            None => TableCell::styled(t.none, theme.dim()),
            Some(when) if when < clock.now && when.date() < today => TableCell::styled(
                (t.overdue_short)(days_between(when.date(), today)),
                theme.error(),
            ),
            Some(when) => TableCell::new((t.in_days_short)(days_between(today, when.date()))),
        };
        vec![
            match self.found_via(a.id) {
                Some((_, contact)) => TableCell::new(format!("{} · {contact}", a.name)),
                None => TableCell::new(a.name.clone()),
            },
            TableCell::styled(a.tier.label(), tier_style),
            health_cell(a.health, theme),
            TableCell::new(a.relationship_level.label()),
            TableCell::styled(a.status.label(), status_style),
            TableCell::new(a.owner.clone()),
            money(a.annual_revenue),
            money(a.annual_profit),
            self.breadth_cell(a, theme),
            satisfaction_cell(a, theme),
            complaints,
            last,
            next,
        ]
    }
}

impl AccountsState {
    /// `3d 5t ⚠`: departments reached, current ties, and a warning sign
    /// when the account rests on one person.
    fn breadth_cell(&self, a: &AccountSummary, theme: &Theme) -> TableCell {
        let b = &a.breadth;
        let verdict = b.verdict(&self.thresholds);
        let (mark, style) = match verdict {
            Verdict::SingleThreaded => (" ⚠", theme.warn()),
            Verdict::Narrow => ("", ratatui::style::Style::new()),
            Verdict::Broad => (" ✓", theme.good()),
        };
        TableCell::styled(
            format!("{}{mark}", (s().breadth_cell)(b.departments, b.ties)),
            style,
        )
    }
}

/// What an empty portfolio shows: what kam is for and how to begin.
pub fn render_welcome(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let t = s();
    let mut lines = vec![
        Line::raw(""),
        Line::styled(t.empty_title, theme.header()),
        Line::raw(""),
    ];
    // wrapped to the window, in cells (a Chinese line is twice as wide)
    let w = usize::from(area.width.saturating_sub(2)).max(1);
    lines.extend(
        t.empty_lines
            .iter()
            .flat_map(|l| text::wrap(l, w))
            .map(Line::raw),
    );
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// The health score with its band: colour, and a mark that reads without
/// colour (`!` at risk, `~` watch).
pub fn health_cell(score: Option<u32>, theme: &Theme) -> TableCell {
    match score {
        None => TableCell::styled(s().none, theme.dim()),
        Some(score) => {
            let (mark, style) = match Band::of(score) {
                Band::AtRisk => ("!", theme.error()),
                Band::Watch => ("~", theme.warn()),
                Band::Healthy => (" ", theme.good()),
            };
            TableCell::styled(format!("{score}{mark}"), style)
        }
    }
}

/// `4↑`: the latest overall score and its trend against the ones before.
fn satisfaction_cell(a: &AccountSummary, theme: &Theme) -> TableCell {
    let t = s();
    match a.recent_overall.first() {
        None => TableCell::styled(t.none, theme.dim()),
        Some(&latest) => {
            let arrow = trend(&a.recent_overall).map_or("", |tr| t.trend_arrow[tr as usize]);
            let style = match latest {
                1..=2 => theme.error(),
                4..=5 => theme.good(),
                _ => ratatui::style::Style::new(),
            };
            TableCell::styled(format!("{latest}{arrow}"), style)
        }
    }
}
