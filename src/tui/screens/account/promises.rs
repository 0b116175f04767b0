//! The Promises section of the Account view: what we promised this
//! account, the open ones by due date, then the kept ones. `a` adds, `e`
//! or Enter edits, `x` marks kept or open again, `D`/Delete deletes after
//! a confirmation.

use super::AccountData;
use crate::domain::{Clock, Commitment};
use crate::strings_brief as b;
use crate::tui::effect::{Effect, PromiseEffect};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, TableCell};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct PromisesSection {
    pub list: ListView,
}

impl PromisesSection {
    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let len = data.commitments.len();
        let selected = data.commitments.get(self.list.selected);
        match action {
            _ if self.list.navigate(action, len) => None,
            Action::Add => Some(Effect::Promise(PromiseEffect::Form {
                account_id: data.account.id,
                id: None,
                input: Default::default(),
            })),
            Action::Edit | Action::Open => selected.map(|c| {
                Effect::Promise(PromiseEffect::Form {
                    account_id: c.account_id,
                    id: Some(c.id),
                    input: c.input.clone(),
                })
            }),
            Action::ToggleKept => selected.map(|c| Effect::Promise(PromiseEffect::Toggle(c.id))),
            Action::Delete => selected.map(confirm_delete),
            _ => None,
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        data: &AccountData,
        theme: &Theme,
        clock: &Clock,
    ) {
        let today = clock.today();
        let all = &data.commitments;
        let open = all.iter().filter(|c| c.is_open()).count();
        let late = all
            .iter()
            .filter(|c| c.is_open() && c.days_late(today) > 0)
            .count();
        frame.render_widget(
            Paragraph::new(Line::styled(
                b::promises_summary(open, late, all.len() - open),
                theme.dim(),
            )),
            Rect::new(area.x, area.y, area.width, 1),
        );
        if area.height < 4 {
            return;
        }
        let body = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
        if all.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(b::no_promises(), theme.dim())),
                body,
            );
            return;
        }
        let window = self
            .list
            .window(all.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = all[window].iter().map(|c| cells(c, clock, theme)).collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }
}

/// `D` on a promise: ask first, naming it.
pub fn confirm_delete(c: &Commitment) -> Effect {
    let due = c.input.due_on.map(|d| d.to_string()).unwrap_or_default();
    Effect::Confirm {
        question: b::confirm_delete(&c.input.what, &due),
        then: Box::new(Effect::Promise(PromiseEffect::Delete(c.id))),
    }
}

fn columns() -> [Column; 4] {
    [
        Column::fixed(b::col_due(), table::DATE_WIDTH, 9),
        Column::fixed(
            b::col_state(),
            table::widest([b::state_open(), b::state_kept(), b::state_late()]),
            8,
        ),
        Column::flexible(b::col_what(), 20).prefer(50),
        Column::flexible(b::col_to_whom(), 8).prefer(16),
    ]
}

fn cells(c: &Commitment, clock: &Clock, theme: &Theme) -> Vec<TableCell> {
    let late = c.days_late(clock.today());
    let (state, style) = match (c.is_open(), late) {
        (false, _) => (b::state_kept(), theme.dim()),
        (true, n) if n > 0 => (b::state_late(), theme.error()),
        (true, 0) => (b::state_open(), theme.warn()),
        (true, _) => (b::state_open(), ratatui::style::Style::new()),
    };
    let due = c.input.due_on.map(|d| d.to_string()).unwrap_or_default();
    let text_style = if c.is_open() {
        ratatui::style::Style::new()
    } else {
        theme.dim()
    };
    vec![
        TableCell::styled(due, style),
        TableCell::styled(state, style),
        TableCell::styled(c.input.what.replace('\n', " "), text_style),
        TableCell::styled(c.contact_name.clone().unwrap_or_default(), text_style),
    ]
}
