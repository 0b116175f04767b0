//! The Visits screen: the agenda (overdue, today, this week, later) and the
//! accounts due for a visit by their cadence with nothing planned, most
//! overdue first. Closing, rescheduling and scheduling are one key away;
//! the row keys are shared with the visits section of the Account view.

use crate::domain::text::{fit, sanitize};
use crate::domain::visit::AgendaSection;
use crate::domain::{Clock, Tier, VisitKind};
use crate::portfolio::visits::{Due, Section, VisitRow};
use crate::portfolio::{Portfolio, Result};
use crate::strings::{Label, s};
use crate::tui::effect::{Effect, VisitPrefill};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A group of the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Agenda(AgendaSection),
    DueByCadence,
}

impl Group {
    fn title(self) -> &'static str {
        let t = s();
        match self {
            Group::Agenda(AgendaSection::Overdue) => t.agenda_overdue,
            Group::Agenda(AgendaSection::Today) => t.agenda_today,
            Group::Agenda(AgendaSection::ThisWeek) => t.agenda_this_week,
            Group::Agenda(AgendaSection::Later) => t.agenda_later,
            Group::DueByCadence => t.agenda_due,
        }
    }
}

enum Entry {
    Header(Group, usize),
    Nothing,
    Visit(VisitRow),
    Due(Due),
    /// More planned visits in this section than are loaded.
    More(AgendaSection, usize),
}

impl Entry {
    fn selectable(&self) -> bool {
        matches!(self, Entry::Visit(_) | Entry::Due(_) | Entry::More(..))
    }
}

/// How many visits of an agenda section are loaded at first, and how many
/// more each time the "more" line is opened.
pub const AGENDA_PAGE: u32 = 100;

#[derive(Default)]
pub struct VisitsState {
    entries: Vec<Entry>,
    pub list: ListView,
    loaded: bool,
    /// Extra pages opened per agenda section (Overdue, Today, This week,
    /// Later).
    pages: [u32; 4],
}

fn section_index(s: AgendaSection) -> usize {
    match s {
        AgendaSection::Overdue => 0,
        AgendaSection::Today => 1,
        AgendaSection::ThisWeek => 2,
        AgendaSection::Later => 3,
    }
}

impl VisitsState {
    /// How many visits of `section` to load.
    pub fn limit(&self, section: AgendaSection) -> u32 {
        AGENDA_PAGE.saturating_mul(1 + self.pages[section_index(section)])
    }

    pub fn set(&mut self, sections: Vec<Section>, due: Vec<Due>) {
        let keep = self.selected_key();
        self.entries = Vec::new();
        for sec in sections {
            self.entries
                .push(Entry::Header(Group::Agenda(sec.section), sec.total));
            if sec.total == 0 {
                self.entries.push(Entry::Nothing);
            }
            let more = sec.total.saturating_sub(sec.visits.len());
            self.entries
                .extend(sec.visits.into_iter().map(Entry::Visit));
            if more > 0 {
                self.entries.push(Entry::More(sec.section, more));
            }
        }
        self.entries
            .push(Entry::Header(Group::DueByCadence, due.len()));
        if due.is_empty() {
            self.entries.push(Entry::Nothing);
        }
        self.entries.extend(due.into_iter().map(Entry::Due));
        self.loaded = true;
        self.list.clamp(self.entries.len());
        match keep {
            Some(key) => self.select_key(key),
            None => self.step(0),
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// What is selected, to find it again after a reload.
    fn selected_key(&self) -> Option<(bool, i64)> {
        match self.entries.get(self.list.selected)? {
            Entry::Visit(v) => Some((true, v.id)),
            Entry::Due(d) => Some((false, d.account.account_id)),
            _ => None,
        }
    }

    fn select_key(&mut self, key: (bool, i64)) {
        let found = self.entries.iter().position(|e| match (e, key) {
            (Entry::Visit(v), (true, id)) => v.id == id,
            (Entry::Due(d), (false, id)) => d.account.account_id == id,
            _ => false,
        });
        match found {
            Some(i) => self.list.selected = i,
            None => self.step(0),
        }
    }

    pub fn select_visit(&mut self, id: i64) {
        self.select_key((true, id));
    }

    /// Moves by `delta` rows, skipping headers; stays put if nothing is
    /// selectable that way.
    fn step(&mut self, delta: isize) {
        let entries = &self.entries;
        self.list
            .step(delta, entries.len(), |i| entries[i].selectable());
    }

    pub fn selected_visit(&self) -> Option<&VisitRow> {
        match self.entries.get(self.list.selected)? {
            Entry::Visit(v) => Some(v),
            _ => None,
        }
    }
}

impl Screen for VisitsState {
    fn title(&self) -> &'static str {
        s().tab_visits
    }

    fn context(&self) -> Ctx {
        Ctx::Visits
    }

    fn load(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<()> {
        let sections = portfolio.agenda(clock.now, |section| self.limit(section))?;
        let due = portfolio.due_by_cadence(clock)?;
        self.set(sections, due);
        Ok(())
    }

    fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            _ if self
                .list
                .navigate_rows(action, self.entries.len(), |i| self.entries[i].selectable()) => {}
            _ => match self.entries.get(self.list.selected) {
                Some(Entry::Visit(v)) => return visit_action(action, v),
                Some(Entry::More(section, _)) if action == Action::Open => {
                    self.pages[section_index(*section)] += 1;
                    return Some(Effect::LoadVisits);
                }
                Some(Entry::Due(d)) => {
                    let id = d.account.account_id;
                    return match action {
                        Action::Open | Action::OpenAccountOf => Some(Effect::OpenAccount(id)),
                        Action::Schedule => Some(Effect::ScheduleVisitForm {
                            account_id: id,
                            prefill: VisitPrefill::default(),
                        }),
                        _ => None,
                    };
                }
                _ if action == Action::Schedule => return Some(Effect::PickAccountToSchedule),
                _ => {}
            },
        }
        None
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        let widths = table::layout(&columns(), area.width);
        let header: Vec<Span> = columns()
            .iter()
            .zip(&widths)
            .filter_map(|(c, w)| {
                w.map(|w| Span::styled(fit(c.title, w as usize) + " ", theme.header()))
            })
            .collect();
        frame.render_widget(
            Paragraph::new(Line::from(header)),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let body = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        );
        let window = self.list.window(self.entries.len(), body.height as usize);
        let lines: Vec<Line> = self.entries[window.clone()]
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let selected = window.start + k == self.list.selected;
                self.entry_line(e, &widths, selected, clock, theme)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
    }
}

impl VisitsState {
    fn entry_line(
        &self,
        e: &Entry,
        widths: &[Option<u16>],
        selected: bool,
        clock: &Clock,
        theme: &Theme,
    ) -> Line<'static> {
        let t = s();
        match e {
            Entry::Header(g, n) => {
                let style = match g {
                    Group::Agenda(AgendaSection::Overdue) if *n > 0 => theme.error(),
                    Group::DueByCadence if *n > 0 => theme.warn(),
                    _ => theme.title(),
                };
                Line::styled(crate::strings::aside(g.title(), &n.to_string()), style)
            }
            Entry::Nothing => Line::styled(format!("  {}", t.agenda_nothing), theme.dim()),
            Entry::More(_, n) => {
                let style = if selected {
                    theme.selected()
                } else {
                    theme.dim()
                };
                Line::styled(format!("  {}", (t.agenda_more)(*n, AGENDA_PAGE)), style)
            }
            Entry::Visit(v) => {
                let overdue = crate::domain::visit::is_overdue(v.scheduled_at, clock.now);
                let cells = [
                    (
                        when(v, clock),
                        if overdue { theme.error() } else { Style::new() },
                    ),
                    (v.account_name.clone(), Style::new()),
                    (v.kind.label().to_string(), Style::new()),
                    (crate::strings::listed(&v.contacts), Style::new()),
                    (v.purpose.clone(), Style::new()),
                ];
                row_line(&cells, widths, selected, theme)
            }
            Entry::Due(d) => {
                let when = crate::tui::widgets::cadence::due_text(d.overdue, d.state);
                // never visited: the first column says so already
                let last = d
                    .account
                    .last_done
                    .map(|l| (t.last_visit_on)(&l.to_string()));
                // the last visit and the cadence take the contacts' and the
                // purpose's room together, each whole or left out
                let mut widths = widths.to_vec();
                let rest = match (
                    widths.get(3).copied().flatten(),
                    widths.get(4).copied().flatten(),
                ) {
                    (Some(a), Some(b)) => Some(a + 1 + b),
                    (a, b) => a.or(b),
                };
                widths.truncate(3);
                widths.push(rest);
                let about: Vec<String> = last
                    .into_iter()
                    .chain([(t.cadence_every)(d.account.cadence_days)])
                    .collect();
                let style = d.state.map_or(theme.warn(), |st| theme.cadence(st));
                let cells = [
                    (when, style),
                    (d.account.name.clone(), Style::new()),
                    (d.account.tier.label().to_string(), Style::new()),
                    (
                        table::fit_parts(&about, None, rest.map_or(0, usize::from)),
                        theme.dim(),
                    ),
                ];
                row_line(&cells, &widths, selected, theme)
            }
        }
    }
}

/// `Tue 11-24 09:00`; today's visits show only the time.
fn when(v: &VisitRow, clock: &Clock) -> String {
    if v.scheduled_at.date() == clock.today() {
        format!("{} {}", s().today, v.scheduled_at.format("%H:%M"))
    } else {
        crate::strings::when(v.scheduled_at, false)
    }
}

/// The columns of the agenda. A visit's row holds its time, account,
/// kind, contacts and purpose; an account due by cadence holds how
/// overdue it is, its name, tier, last visit and cadence in the same
/// columns.
pub fn columns() -> [Column; 5] {
    let t = s();
    let mut texts = crate::tui::widgets::cadence::due_texts();
    texts.push(format!("{} 23:59", t.today));
    let when = table::when_width(false).max(table::widest(texts));
    let kind = table::widest_label(VisitKind::ALL).max(table::widest_label(Tier::ALL));
    [
        Column::fixed(t.col_when, when, 9),
        Column::flexible(t.col_account, 12).prefer(24),
        Column::fixed(t.col_kind, kind, 5),
        Column::flexible(t.col_contacts, 8).prefer(20),
        Column::flexible(t.col_purpose, 10).prefer(24),
    ]
}

fn row_line(
    cells: &[(String, Style)],
    widths: &[Option<u16>],
    selected: bool,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::new();
    for ((text, style), w) in cells.iter().zip(widths) {
        if let Some(w) = w {
            let style = if selected {
                style.patch(theme.selected())
            } else {
                *style
            };
            spans.push(Span::styled(fit(&sanitize(text), *w as usize), style));
            spans.push(Span::styled(
                " ",
                if selected {
                    theme.selected()
                } else {
                    Style::new()
                },
            ));
        }
    }
    Line::from(spans)
}

/// The keys that act on one visit, shared by every visit list.
pub fn visit_action(action: Action, v: &VisitRow) -> Option<Effect> {
    let planned = v.status == crate::domain::VisitStatus::Planned;
    let done = v.status == crate::domain::VisitStatus::Done;
    let record = crate::portfolio::records::RecordRef::Visit(v.id);
    match action {
        Action::Open => Some(Effect::OpenRecord(record)),
        Action::OpenAccountOf => Some(Effect::OpenAccountVisit(v.account_id, v.id)),
        Action::Edit => Some(Effect::EditVisitForm(v.id)),
        Action::Delete => Some(Effect::AskDelete(record)),
        Action::Schedule => Some(Effect::ScheduleVisitForm {
            account_id: v.account_id,
            prefill: VisitPrefill::default(),
        }),
        Action::Survey => Some(Effect::SurveyForm {
            account_id: v.account_id,
            id: None,
        }),
        Action::MarkDone if planned => Some(Effect::VisitDoneForm(v.id)),
        Action::MarkMissed if planned => Some(Effect::MarkVisitMissed(v.id)),
        Action::CancelVisit if planned => Some(Effect::Confirm {
            question: (s().confirm_cancel_visit)(&v.account_name, &when_plain(v)),
            then: Box::new(Effect::CancelVisit(v.id)),
        }),
        // a missed or cancelled visit is planned again
        Action::Reschedule if !done => Some(Effect::RescheduleForm(v.id)),
        Action::Reschedule => Some(Effect::Message(
            crate::strings_records::cannot_move_done().to_string(),
        )),
        Action::Promise => Some(Effect::Promise(
            crate::tui::effect::PromiseEffect::FromVisit(v.id),
        )),
        Action::MarkDone | Action::MarkMissed | Action::CancelVisit => {
            Some(Effect::Message(s().visit_not_planned.to_string()))
        }
        _ => None,
    }
}

fn when_plain(v: &VisitRow) -> String {
    crate::strings::when(v.scheduled_at, true)
}
