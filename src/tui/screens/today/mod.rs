//! Today: the morning review and kam's home screen. What needs action today
//! and why, in sections each with its count (the review itself is
//! `portfolio::today`). Enter jumps to where a row is acted on; visits can
//! be closed or moved right here. Sync conflicts waiting to be decided come
//! first, each with both values: K keeps the one shown, O takes the other.
//! `view.rs` draws the rows.

mod view;

use crate::domain::Clock;
use crate::portfolio::complaints::Aged;
use crate::portfolio::sync::ShownConflict;
use crate::portfolio::today::{Birthday, LowScore, Review, Scored, lowest};
use crate::portfolio::visits::{Due, VisitRow};
use crate::portfolio::{Portfolio, Result};
use crate::strings::{Label, s};
use crate::tui::effect::{ComplaintPrefill, Effect, VisitPrefill};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::Screen;
use crate::tui::screens::complaints::row_action as complaint_action;
use crate::tui::screens::visits::visit_action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::ListView;
use ratatui::Frame;
use ratatui::layout::Rect;

/// How many rows a section of the screen shows; the rest is counted and
/// one key away (the Visits, Complaints or Accounts screen).
pub const SECTION_ROWS: usize = 20;

/// The sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Shown only while there are conflicts to decide.
    Conflicts,
    Visits,
    Complaints,
    /// Promises due today or overdue.
    Promises,
    AtRisk,
    SingleThreaded,
    DueByCadence,
    LowScores,
    Birthdays,
}

impl Section {
    fn title(self) -> &'static str {
        let t = s();
        match self {
            Section::Conflicts => crate::strings_sync::conflicts_title(),
            Section::Visits => t.today_visits,
            Section::Complaints => t.today_complaints,
            Section::Promises => crate::strings_brief::today_section(),
            Section::AtRisk => t.today_at_risk,
            Section::SingleThreaded => t.today_single_threaded,
            Section::DueByCadence => t.agenda_due,
            Section::LowScores => t.today_low_scores,
            Section::Birthdays => t.today_birthdays,
        }
    }
}

enum Entry {
    Header(Section, usize),
    Calm(Section),
    /// "… and N more" under a section that shows only its first rows.
    More(Section, usize),
    Conflict(Box<ShownConflict>),
    /// Under a conflict: one of its two values, who made it and when
    /// (`true`: the value kept for now).
    ConflictValue(Box<ShownConflict>, bool),
    Visit(VisitRow),
    Complaint(Box<Aged>),
    Promise(Box<crate::domain::Commitment>),
    AtRisk(Box<Scored>),
    Thin(Box<Scored>),
    Due(Due),
    Low(LowScore),
    Birthday(Birthday),
}

impl Entry {
    fn selectable(&self) -> bool {
        !matches!(
            self,
            Entry::Header(..) | Entry::Calm(_) | Entry::More(..) | Entry::ConflictValue(..)
        )
    }
}

#[derive(Default)]
pub struct TodayState {
    entries: Vec<Entry>,
    pub list: ListView,
    /// The sync conflicts to decide, listed before the review.
    conflicts: Vec<ShownConflict>,
    loaded: bool,
    /// No account at all: show how to begin instead.
    empty: bool,
}

impl TodayState {
    /// The sync conflicts the next `set` lists first.
    pub fn set_conflicts(&mut self, conflicts: Vec<ShownConflict>) {
        self.conflicts = conflicts;
    }

    pub fn set(&mut self, review: Review) {
        let keep = self.list.selected;
        self.empty = review.accounts == 0 && self.conflicts.is_empty();
        let mut entries = Vec::new();
        if !self.conflicts.is_empty() {
            entries.push(Entry::Header(Section::Conflicts, self.conflicts.len()));
            for c in &self.conflicts {
                entries.push(Entry::Conflict(Box::new(c.clone())));
                entries.push(Entry::ConflictValue(Box::new(c.clone()), true));
                entries.push(Entry::ConflictValue(Box::new(c.clone()), false));
            }
        }
        let totals = review.totals;
        let mut k = 0;
        let mut section = |s: Section, items: Vec<Entry>| {
            let total = totals[k];
            k += 1;
            let shown = items.len();
            entries.push(Entry::Header(s, total));
            if items.is_empty() {
                entries.push(Entry::Calm(s));
            }
            entries.extend(items);
            if total > shown {
                entries.push(Entry::More(s, total - shown));
            }
        };
        section(
            Section::Visits,
            review.visits_due.into_iter().map(Entry::Visit).collect(),
        );
        section(
            Section::Complaints,
            review
                .complaints_breaching
                .into_iter()
                .map(|a| Entry::Complaint(Box::new(a)))
                .collect(),
        );
        section(
            Section::Promises,
            review
                .promises_due
                .into_iter()
                .map(|c| Entry::Promise(Box::new(c)))
                .collect(),
        );
        section(
            Section::AtRisk,
            review
                .at_risk
                .into_iter()
                .map(|s| Entry::AtRisk(Box::new(s)))
                .collect(),
        );
        section(
            Section::SingleThreaded,
            review
                .single_threaded
                .into_iter()
                .map(|s| Entry::Thin(Box::new(s)))
                .collect(),
        );
        section(
            Section::DueByCadence,
            review.due_by_cadence.into_iter().map(Entry::Due).collect(),
        );
        section(
            Section::LowScores,
            review.low_scores.into_iter().map(Entry::Low).collect(),
        );
        section(
            Section::Birthdays,
            review.birthdays.into_iter().map(Entry::Birthday).collect(),
        );
        // a conflict decided: the selection stays among the conflicts left
        let on_conflict = matches!(self.entries.get(keep), Some(Entry::Conflict(_)));
        self.entries = entries;
        self.loaded = true;
        self.list.selected = keep.min(self.entries.len().saturating_sub(1));
        if on_conflict
            && !matches!(
                self.entries.get(self.list.selected),
                Some(Entry::Conflict(_))
            )
            && let Some(last) = self
                .entries
                .iter()
                .rposition(|e| matches!(e, Entry::Conflict(_)))
        {
            self.list.selected = last;
        }
        self.step(0);
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Rows the review shows (headers and calm lines included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn step(&mut self, delta: isize) {
        let entries = &self.entries;
        self.list
            .step(delta, entries.len(), |i| entries[i].selectable());
    }

    /// The selected row's kind, for the keymap: its keys are the row's.
    fn row_context(&self) -> Ctx {
        match self.entries.get(self.list.selected) {
            Some(Entry::Conflict(_)) => Ctx::TodayConflict,
            Some(Entry::Visit(_)) => Ctx::TodayVisit,
            Some(Entry::Complaint(_)) => Ctx::TodayComplaint,
            Some(Entry::Promise(_)) => Ctx::TodayPromise,
            Some(Entry::AtRisk(_) | Entry::Thin(_) | Entry::Due(_)) => Ctx::TodayAccount,
            Some(Entry::Low(_)) => Ctx::TodayLowScore,
            Some(Entry::Birthday(_)) => Ctx::TodayBirthday,
            _ => Ctx::Today,
        }
    }

    /// `]` / `[`: the first row of the next (previous) section that has
    /// one, round from the last to the first, so that every section is a
    /// key away at any height.
    fn jump_section(&mut self, forward: bool) {
        let starts: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                self.entries[i].selectable()
                    && (i == 0 || matches!(self.entries[i - 1], Entry::Header(..)))
            })
            .collect();
        let here = self.list.selected;
        // past the last section to the first, and back (the start of
        // this section first, going back)
        let target = if forward {
            starts.iter().find(|&&i| i > here).or(starts.first())
        } else {
            starts.iter().rev().find(|&&i| i < here).or(starts.last())
        };
        if let Some(&i) = target {
            self.list.selected = i;
        }
    }

    /// The account the selected row is about, if any.
    fn row_account(&self) -> Option<i64> {
        match self.entries.get(self.list.selected)? {
            Entry::Conflict(c) => c.account,
            Entry::Visit(v) => Some(v.account_id),
            Entry::Complaint(a) => Some(a.row.account_id),
            Entry::Promise(c) => Some(c.account_id),
            Entry::AtRisk(sc) | Entry::Thin(sc) => Some(sc.account.id),
            Entry::Due(d) => Some(d.account.account_id),
            Entry::Low(l) => Some(l.account_id),
            Entry::Birthday(b) => Some(b.account_id),
            Entry::Header(..) | Entry::Calm(_) | Entry::More(..) | Entry::ConflictValue(..) => None,
        }
    }

    fn row_action(&self, action: Action) -> Option<Effect> {
        if action == Action::Brief {
            return self.row_account().map(Effect::OpenAccountBrief);
        }
        match self.entries.get(self.list.selected)? {
            Entry::Conflict(c) => conflict_action(action, c),
            Entry::Visit(v) => match action {
                Action::LogComplaint => log_complaint(v.account_id),
                Action::Survey => survey(v.account_id),
                _ => visit_action(action, v),
            },
            Entry::Complaint(a) => match action {
                Action::Schedule => schedule(a.row.account_id, VisitPrefill::default()),
                Action::Survey => survey(a.row.account_id),
                _ => complaint_action(action, &a.row),
            },
            Entry::Promise(c) => promise_action(action, c),
            Entry::AtRisk(sc) | Entry::Thin(sc) => account_action(action, sc.account.id),
            Entry::Due(d) => account_action(action, d.account.account_id),
            Entry::Low(l) => low_score_action(action, l),
            Entry::Birthday(b) => match action {
                Action::Open => Some(Effect::OpenAccountContact(b.account_id, b.contact_id)),
                Action::Schedule => schedule(
                    b.account_id,
                    VisitPrefill {
                        contact_ids: vec![b.contact_id],
                        ..VisitPrefill::default()
                    },
                ),
                Action::Survey => survey(b.account_id),
                _ => None,
            },
            Entry::Header(..) | Entry::Calm(_) | Entry::More(..) | Entry::ConflictValue(..) => None,
        }
    }
}

fn schedule(account_id: i64, prefill: VisitPrefill) -> Option<Effect> {
    Some(Effect::ScheduleVisitForm {
        account_id,
        prefill,
    })
}

fn survey(account_id: i64) -> Option<Effect> {
    Some(Effect::SurveyForm {
        account_id,
        id: None,
    })
}

fn log_complaint(account_id: i64) -> Option<Effect> {
    Some(Effect::LogComplaintForm {
        account_id,
        prefill: ComplaintPrefill::default(),
    })
}

/// A sync conflict: keep the value shown, or take the other laptop's.
fn conflict_action(action: Action, c: &ShownConflict) -> Option<Effect> {
    match action {
        Action::KeepShown => Some(Effect::DecideConflict {
            id: c.id,
            take_other: false,
            about: conflict_about(c),
        }),
        Action::TakeOther if c.can_take => Some(Effect::DecideConflict {
            id: c.id,
            take_other: true,
            about: conflict_about(c),
        }),
        Action::TakeOther => Some(Effect::Message(
            crate::strings_sync::cannot_take().to_string(),
        )),
        Action::Open => c.account.map(Effect::OpenAccount),
        _ => None,
    }
}

/// A promise due: keep it, open it on its account, correct it.
fn promise_action(action: Action, c: &crate::domain::Commitment) -> Option<Effect> {
    use crate::tui::effect::PromiseEffect;
    match action {
        Action::ToggleKept => Some(Effect::Promise(PromiseEffect::Toggle(c.id))),
        Action::Open => Some(Effect::Promise(PromiseEffect::OpenAccount(
            c.account_id,
            Some(c.id),
        ))),
        Action::Edit => Some(Effect::Promise(PromiseEffect::Form {
            account_id: c.account_id,
            id: Some(c.id),
            input: c.input.clone(),
        })),
        Action::Schedule => schedule(c.account_id, VisitPrefill::default()),
        Action::Survey => survey(c.account_id),
        _ => None,
    }
}

/// An account that needs attention: visit it, widen its ties, ask it.
fn account_action(action: Action, id: i64) -> Option<Effect> {
    match action {
        Action::Open => Some(Effect::OpenAccount(id)),
        Action::Schedule => schedule(id, VisitPrefill::default()),
        Action::AddContact => Some(Effect::NewContactForm(id)),
        Action::Survey => survey(id),
        Action::LogComplaint => log_complaint(id),
        _ => None,
    }
}

/// A low score: a complaint or a follow-up visit about its dimension.
fn low_score_action(action: Action, l: &LowScore) -> Option<Effect> {
    let (dim, score) = lowest(l);
    match action {
        Action::Open => Some(Effect::OpenRecord(
            crate::portfolio::records::RecordRef::Survey(l.survey_id),
        )),
        Action::LogComplaint => Some(Effect::LogComplaintForm {
            account_id: l.account_id,
            prefill: ComplaintPrefill {
                contact_id: l.respondent_id,
                category: Some(dim.complaint_category()),
                summary: (s().low_score_summary)(dim.label(), score),
            },
        }),
        Action::Schedule => schedule(
            l.account_id,
            VisitPrefill {
                purpose: (s().low_score_purpose)(dim.label(), score),
                contact_ids: l.respondent_id.into_iter().collect(),
                follow_up: true,
                ..VisitPrefill::default()
            },
        ),
        Action::Survey => survey(l.account_id),
        Action::OpenAccountOf => Some(Effect::OpenAccountSurvey(l.account_id, l.survey_id)),
        _ => None,
    }
}

/// What a decided conflict was about, for the status line.
fn conflict_about(c: &ShownConflict) -> String {
    if c.field.is_empty() {
        c.subject.clone()
    } else {
        format!("{} · {}", c.subject, c.field)
    }
}

impl Screen for TodayState {
    fn title(&self) -> &'static str {
        s().tab_today
    }

    fn context(&self) -> Ctx {
        self.row_context()
    }

    fn load(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<()> {
        let review = portfolio.today(clock, SECTION_ROWS)?;
        self.conflicts = portfolio.shown_conflicts(clock)?;
        self.set(review);
        Ok(())
    }

    fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            _ if self
                .list
                .navigate_rows(action, self.entries.len(), |i| self.entries[i].selectable()) => {}
            Action::NextSection => self.jump_section(true),
            Action::PrevSection => self.jump_section(false),
            _ => return self.row_action(action),
        }
        None
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        view::render(self, frame, area, theme, clock);
    }
}
