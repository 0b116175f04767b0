//! The complaints section of the Account view: the account's open
//! complaints, then its past ones, with the average time to resolve.

use super::AccountData;
use crate::strings::s;
use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::screens::complaints::{cells, columns, row_action};
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, ListView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct ComplaintsSection {
    pub list: ListView,
}

impl ComplaintsSection {
    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let len = data.complaints.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Add => {
                return Some(Effect::LogComplaintForm {
                    account_id: data.account.id,
                    prefill: Default::default(),
                });
            }
            _ => {
                let row = &data.complaints.get(self.list.selected)?.row;
                return row_action(action, row);
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, data: &AccountData, theme: &Theme) {
        let t = s();
        let open = data
            .complaints
            .iter()
            .filter(|c| c.row.status.is_unresolved())
            .count();
        let late = data
            .complaints
            .iter()
            .filter(|c| {
                matches!(
                    c.target,
                    crate::domain::complaint::TargetState::ResolvedLate { .. }
                )
            })
            .count();
        let summary = (t.account_complaints_summary)(
            open,
            data.figures.complaints_total as usize,
            data.avg_resolution_hours,
            late,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(summary, theme.dim())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        if area.height < 4 {
            return;
        }
        let body = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
        if data.complaints.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(t.no_account_complaints, theme.dim())),
                body,
            );
            return;
        }
        let window = self.list.window(
            data.complaints.len(),
            body.height.saturating_sub(1) as usize,
        );
        let selected = self.list.selected.checked_sub(window.start);
        let rows = data.complaints[window]
            .iter()
            .map(|c| cells(c, false, theme))
            .collect();
        table::render(frame, body, &columns(false), rows, selected, theme);
    }
}
