//! A visit, complaint or survey read in full: a page pushed over the
//! screen it was opened from (a tab or the Account view), so that Esc goes
//! back there with the cursor where it was. Every field wrapped, nothing
//! cut, then its created/updated times and its history from the journal;
//! it scrolls (j/k, PgUp/PgDn). The record's keys act here too: `e`
//! corrects it, `d` (a visit: `D`) deletes it, the status keys move it,
//! `A` opens its account. `view.rs` composes and draws the lines.

mod view;

use crate::domain::{Clock, ComplaintStatus};
use crate::portfolio::records::{Body, RecordDetail, RecordRef};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::complaints::row_action;
use crate::tui::screens::visits::visit_action;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::cell::Cell;

pub struct RecordView {
    pub detail: RecordDetail,
    /// The first line shown.
    scroll: usize,
    /// How far it can scroll, as of the last drawing (the only thing a
    /// drawing writes: it alone knows the width the lines wrap to).
    max_scroll: Cell<usize>,
    /// Lines in a page, as of the last drawing.
    page: Cell<usize>,
}

impl RecordView {
    pub fn new(detail: RecordDetail) -> RecordView {
        RecordView {
            detail,
            scroll: 0,
            max_scroll: Cell::new(usize::MAX),
            page: Cell::new(10),
        }
    }

    pub fn record(&self) -> RecordRef {
        self.detail.record
    }

    /// New data after a change; the scroll stays.
    pub fn reload(&mut self, detail: RecordDetail) {
        self.detail = detail;
    }

    pub fn context(&self) -> Ctx {
        match self.detail.body {
            Body::Visit { .. } => Ctx::VisitRecord,
            Body::Complaint { .. } => Ctx::ComplaintRecord,
            Body::Survey(_) => Ctx::SurveyRecord,
        }
    }

    /// The scroll position (tests).
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll.get();
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let page = self.page.get().max(1) as isize;
        match action {
            Action::Down => self.scroll_by(1),
            Action::Up => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(page - 1),
            Action::PageUp => self.scroll_by(1 - page),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.max_scroll.get(),
            _ => return self.record_action(action),
        }
        None
    }

    /// The keys that act on the record itself.
    fn record_action(&self, action: Action) -> Option<Effect> {
        let d = &self.detail;
        let record = d.record;
        match (&d.body, action) {
            (_, Action::Delete) => Some(Effect::AskDelete(record)),
            (Body::Visit { row, .. }, Action::OpenAccountOf) => {
                Some(Effect::OpenAccountVisit(row.account_id, row.id))
            }
            (Body::Complaint { aged, .. }, Action::OpenAccountOf) => Some(
                Effect::OpenAccountComplaint(aged.row.account_id, aged.row.id),
            ),
            (Body::Survey(r), Action::OpenAccountOf) => {
                Some(Effect::OpenAccountSurvey(r.account_id, r.id))
            }
            (Body::Survey(r), Action::Edit) => Some(Effect::SurveyForm {
                account_id: r.account_id,
                id: Some(r.id),
            }),
            // Enter would open this very record again
            (_, Action::Open) => None,
            (Body::Visit { row, .. }, _) => visit_action(action, row),
            (Body::Complaint { aged, .. }, _) => row_action(action, &aged.row),
            (Body::Survey(_), _) => None,
        }
    }

    /// The complaint's status, if it is one (tests).
    pub fn complaint_status(&self) -> Option<ComplaintStatus> {
        match &self.detail.body {
            Body::Complaint { aged, .. } => Some(aged.row.status),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        let (max, page) = view::render(self, frame, area, theme, clock);
        self.max_scroll.set(max);
        self.page.set(page);
    }
}
