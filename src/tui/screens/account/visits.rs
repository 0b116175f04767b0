//! The visits section of the Account view: planned visits first, then the
//! past ones; days since the last done visit and the cadence status.

use super::AccountData;
use crate::domain::clock::days_between;
use crate::domain::{Clock, VisitKind, VisitStatus};
use crate::portfolio::visits::VisitRow;
use crate::strings::{Label, s};
use crate::tui::effect::{Effect, VisitPrefill};
use crate::tui::keymap::Action;
use crate::tui::screens::visits::visit_action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, TableCell};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct VisitsSection {
    pub list: ListView,
}

impl VisitsSection {
    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let len = data.visits.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Schedule => {
                return Some(Effect::ScheduleVisitForm {
                    account_id: data.account.id,
                    prefill: VisitPrefill::default(),
                });
            }
            _ => return visit_action(action, data.visits.get(self.list.selected)?),
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
        let cadence = data.account.input.visit_cadence_days;
        let summary = match data.figures.last_done_visit {
            None => format!("{} · {}", t.cadence_never, (t.cadence_every)(cadence)),
            Some(last) => {
                let days = days_between(last.date(), clock.today());
                let due_in = i64::from(cadence) - days;
                let status = if due_in < 0 {
                    (t.cadence_overdue)(-due_in)
                } else {
                    (t.cadence_due_in)(due_in)
                };
                let state = crate::domain::visit::cadence_state(
                    Some(last.date()),
                    cadence,
                    clock.today(),
                    data.due_soon_days,
                );
                let status = match state {
                    Some(crate::domain::visit::CadenceState::Within) | None => status,
                    _ => crate::tui::widgets::cadence::marked(state, &status),
                };
                let on = crate::strings::aside(
                    &last.format("%Y-%m-%d").to_string(),
                    &(t.days_ago)(days),
                );
                format!(
                    "{} {on} · {status} · {}",
                    t.fig_last_visit,
                    (t.cadence_every)(cadence)
                )
            }
        };
        frame.render_widget(
            Paragraph::new(Line::styled(summary, theme.dim())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        if area.height < 4 {
            return;
        }
        let body = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
        if data.visits.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(t.no_account_visits, theme.dim())),
                body,
            );
            return;
        }
        let window = self
            .list
            .window(data.visits.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = data.visits[window]
            .iter()
            .map(|v| cells(v, clock, theme))
            .collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }
}

/// The columns of an account's visits.
pub fn columns() -> [Column; 6] {
    let t = s();
    [
        Column::fixed(t.col_when, table::DATE_TIME_WIDTH, 9),
        Column::fixed(t.col_kind, table::widest_label(VisitKind::ALL), 5),
        Column::fixed(t.col_status, table::widest_label(VisitStatus::ALL), 8),
        Column::flexible(t.col_contacts, 8).prefer(18),
        Column::flexible(t.col_purpose, 10).prefer(24),
        Column::flexible(t.col_outcome, 10).prefer(30),
    ]
}

fn cells(v: &VisitRow, clock: &Clock, theme: &Theme) -> Vec<TableCell> {
    let planned = v.status == VisitStatus::Planned;
    let base = if planned { Style::new() } else { theme.dim() };
    let when_style = if planned && crate::domain::visit::is_overdue(v.scheduled_at, clock.now) {
        theme.error()
    } else {
        base
    };
    let status_style = match v.status {
        VisitStatus::Planned => theme.header(),
        VisitStatus::Missed => theme.warn(),
        _ => base,
    };
    let outcome = if v.next_step.is_empty() {
        v.outcome.clone()
    } else {
        format!("{} → {}", v.outcome, v.next_step)
    };
    vec![
        TableCell::styled(
            v.scheduled_at.format("%Y-%m-%d %H:%M").to_string(),
            when_style,
        ),
        TableCell::styled(v.kind.label(), base),
        TableCell::styled(v.status.label(), status_style),
        TableCell::styled(crate::strings::listed(&v.contacts), base),
        TableCell::styled(v.purpose.clone(), base),
        TableCell::styled(outcome, base),
    ]
}
