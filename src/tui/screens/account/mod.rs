//! The Account view: one account in depth, in sections switched with ←/→.
//! Each section is a file of this folder with its own state, keys and
//! drawing; all read the same `AccountData` (`portfolio::account`),
//! loaded in one go by the app.

pub mod brief;
pub mod complaints;
pub mod contacts;
pub mod history;
pub mod overview;
pub mod promises;
pub mod surveys;
pub mod visits;

use crate::domain::Clock;
use crate::domain::text::sanitize;
use crate::strings::s;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use complaints::ComplaintsSection;
use contacts::ContactsSection;
use history::HistorySection;
use overview::Overview;
use promises::PromisesSection;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use surveys::SurveysSection;
use visits::VisitsSection;

pub use crate::portfolio::account::AccountData;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Brief,
    Contacts,
    Complaints,
    Visits,
    Promises,
    Surveys,
    History,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Overview,
        Section::Brief,
        Section::Contacts,
        Section::Complaints,
        Section::Visits,
        Section::Promises,
        Section::Surveys,
        Section::History,
    ];

    /// Its name on the command line (`kam snapshot --screen account:ID:NAME`).
    pub fn code(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Brief => "brief",
            Section::Contacts => "contacts",
            Section::Complaints => "complaints",
            Section::Visits => "visits",
            Section::Promises => "promises",
            Section::Surveys => "surveys",
            Section::History => "history",
        }
    }

    /// The section of a command-line name.
    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }

    fn title(self) -> &'static str {
        match self {
            Section::Overview => s().sec_overview,
            Section::Brief => crate::strings_brief::sec_brief(),
            Section::Promises => crate::strings_brief::sec_promises(),
            Section::Contacts => s().sec_contacts,
            Section::Complaints => s().sec_complaints,
            Section::Visits => s().sec_visits,
            Section::Surveys => s().sec_surveys,
            Section::History => s().sec_history,
        }
    }
}

pub struct AccountView {
    pub data: AccountData,
    pub section: Section,
    overview: Overview,
    /// The brief scrolls when the window is shorter than it.
    brief: Scroll,
    contacts: ContactsSection,
    complaints: ComplaintsSection,
    visits: VisitsSection,
    promises: PromisesSection,
    surveys: SurveysSection,
    history: HistorySection,
}

impl AccountView {
    pub fn new(data: AccountData) -> AccountView {
        AccountView {
            data,
            section: Section::Overview,
            overview: Overview::default(),
            brief: Scroll::default(),
            contacts: ContactsSection::default(),
            complaints: ComplaintsSection::default(),
            visits: VisitsSection::default(),
            promises: PromisesSection::default(),
            surveys: SurveysSection::default(),
            history: HistorySection::default(),
        }
    }

    pub fn id(&self) -> i64 {
        self.data.account.id
    }

    /// New data after a change; the section stays and each list keeps
    /// the same record selected (by id: a status change reorders them), or
    /// the next one when it is gone.
    pub fn reload(&mut self, data: AccountData) {
        let d = &self.data;
        let complaint = d
            .complaints
            .get(self.complaints.list.selected)
            .map(|c| c.row.id);
        let visit = d.visits.get(self.visits.list.selected).map(|v| v.id);
        let survey = d.surveys.get(self.surveys.list.selected).map(|r| r.id);
        self.data = data;
        self.contacts.list.clamp(self.data.contacts.len());
        self.complaints.list.clamp(self.data.complaints.len());
        self.visits.list.clamp(self.data.visits.len());
        self.promises.list.clamp(self.data.commitments.len());
        self.surveys.list.clamp(self.data.surveys.len());
        let d = &self.data;
        if let Some(i) = complaint.and_then(|id| d.complaints.iter().position(|c| c.row.id == id)) {
            self.complaints.list.selected = i;
        }
        if let Some(i) = visit.and_then(|id| d.visits.iter().position(|v| v.id == id)) {
            self.visits.list.selected = i;
        }
        if let Some(i) = survey.and_then(|id| d.surveys.iter().position(|r| r.id == id)) {
            self.surveys.list.selected = i;
        }
        self.history.forget();
    }

    /// The history to load before the History section can draw.
    pub fn wants_history(&self) -> Option<Effect> {
        (self.section == Section::History && !self.history.is_loaded())
            .then(|| Effect::LoadHistory(self.id(), self.history.limit()))
    }

    pub fn set_history(&mut self, items: Vec<crate::portfolio::journal::HistoryItem>) {
        self.history.set(items);
    }

    /// `h`: the History section, of the record selected in this section.
    fn history_of_selected(&mut self) -> Option<Effect> {
        let d = &self.data;
        let only = match self.section {
            Section::Contacts => self
                .contacts
                .selected(d)
                .map(|c| ("contacts", c.contact.id, c.contact.input.name.clone())),
            Section::Complaints => d
                .complaints
                .get(self.complaints.list.selected)
                .map(|a| ("complaints", a.row.id, format!("“{}”", a.row.summary))),
            Section::Visits => d.visits.get(self.visits.list.selected).map(|v| {
                let when = crate::strings::when(v.scheduled_at, true);
                ("visits", v.id, format!("{} {when}", s().rec_visit))
            }),
            _ => return None,
        };
        self.history.only(only);
        self.section = Section::History;
        self.wants_history()
    }

    /// Shows the surveys section with one response selected.
    pub fn show_survey(&mut self, id: i64) {
        self.section = Section::Surveys;
        if let Some(i) = self.data.surveys.iter().position(|r| r.id == id) {
            self.surveys.list.selected = i;
        }
    }

    /// Shows the visits section with one visit selected.
    pub fn show_visit(&mut self, id: i64) {
        self.section = Section::Visits;
        if let Some(i) = self.data.visits.iter().position(|v| v.id == id) {
            self.visits.list.selected = i;
        }
    }

    /// Shows the complaints section with one complaint selected.
    pub fn show_complaint(&mut self, id: i64) {
        self.section = Section::Complaints;
        if let Some(i) = self.data.complaints.iter().position(|c| c.row.id == id) {
            self.complaints.list.selected = i;
        }
    }

    /// Shows a section; the history it must load first, if any.
    pub fn show_section(&mut self, section: Section) -> Option<Effect> {
        self.section = section;
        self.wants_history()
    }

    /// Shows the Promises section, with one promise selected.
    pub fn show_promises(&mut self, id: Option<i64>) {
        self.section = Section::Promises;
        if let Some(id) = id {
            self.select_promise(id);
        }
    }

    /// Shows the Promises section with one promise selected.
    pub fn show_promise(&mut self, id: i64) {
        self.show_promises(Some(id));
    }

    /// Selects a promise by id (after a change to it).
    pub fn select_promise(&mut self, id: i64) {
        if let Some(i) = self.data.commitments.iter().position(|c| c.id == id) {
            self.promises.list.selected = i;
        }
    }

    /// Shows the pre-visit brief.
    pub fn show_brief(&mut self) {
        self.section = Section::Brief;
    }

    /// Shows the contacts section with one contact selected.
    pub fn show_contact(&mut self, id: i64) {
        self.section = Section::Contacts;
        self.select_contact(id);
    }

    /// Selects a contact by id (after adding or editing it).
    pub fn select_contact(&mut self, id: i64) {
        if let Some(i) = self.data.contacts.iter().position(|c| c.contact.id == id) {
            self.contacts.list.selected = i;
        }
    }

    /// The keymap context of the section in front.
    pub fn context(&self) -> Ctx {
        match self.section {
            Section::Overview => Ctx::AccountOverview,
            Section::Brief => Ctx::AccountBrief,
            Section::Promises => Ctx::AccountPromises,
            Section::Contacts => Ctx::AccountContacts,
            Section::Complaints => Ctx::AccountComplaints,
            Section::Visits => Ctx::AccountVisits,
            Section::Surveys => Ctx::AccountSurveys,
            Section::History => Ctx::AccountHistory,
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let i = Section::ALL
            .iter()
            .position(|x| *x == self.section)
            .unwrap_or(0);
        let n = Section::ALL.len();
        match action {
            Action::NextSection => {
                self.section = Section::ALL[(i + 1) % n];
                self.wants_history()
            }
            Action::PrevSection => {
                self.section = Section::ALL[(i + n - 1) % n];
                self.wants_history()
            }
            Action::History if self.section != Section::History => self.history_of_selected(),
            Action::EditAccount => Some(Effect::EditAccountForm(self.id())),
            Action::Survey => Some(Effect::SurveyForm {
                account_id: self.id(),
                id: None,
            }),
            Action::Schedule if self.section != Section::Visits => {
                Some(Effect::ScheduleVisitForm {
                    account_id: self.id(),
                    prefill: Default::default(),
                })
            }
            _ => match self.section {
                Section::Overview => self.overview.update(action, &self.data),
                Section::Brief => {
                    self.brief.update(action);
                    None
                }
                Section::Promises => self.promises.update(action, &self.data),
                Section::Contacts => self.contacts.update(action, &self.data),
                Section::Complaints => self.complaints.update(action, &self.data),
                Section::Visits => self.visits.update(action, &self.data),
                Section::Surveys => self.surveys.update(action, &self.data),
                Section::History => {
                    self.history.update(action);
                    self.wants_history()
                }
            },
        }
    }

    /// The sections in a line of `width` cells, with the ←/→ hint when it
    /// fits, closer together when they would not fit otherwise.
    fn section_bar(&self, theme: &Theme, width: usize) -> Line<'static> {
        let bar = |sep: &'static str, pad: &str, hint: bool| {
            let mut spans = Vec::new();
            for (i, sec) in Section::ALL.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(sep, theme.dim()));
                }
                let style = if *sec == self.section {
                    theme.tab_active()
                } else {
                    theme.tab()
                };
                spans.push(Span::styled(format!("{pad}{}{pad}", sec.title()), style));
            }
            if hint {
                spans.push(Span::styled(
                    format!("   {}", s().sections_hint),
                    theme.dim(),
                ));
            }
            Line::from(spans)
        };
        [(" │ ", " ", true), (" │ ", " ", false), ("│", " ", false)]
            .into_iter()
            .map(|(sep, pad, hint)| bar(sep, pad, hint))
            .find(|line| line.width() <= width)
            .unwrap_or_else(|| bar("│", "", false))
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        let t = s();
        let a = &self.data.account;
        let mut title = vec![Span::styled(
            format!(" {} ", sanitize(&a.input.name)),
            theme.title(),
        )];
        if a.archived_at.is_some() {
            title.push(Span::styled(
                format!(" {} ", t.archived_banner),
                theme.warn(),
            ));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Line::from(title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 3 {
            return;
        }
        frame.render_widget(
            Paragraph::new(self.section_bar(theme, usize::from(inner.width))),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let body = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
        match self.section {
            Section::Overview => self.overview.render(frame, body, &self.data, theme, clock),
            Section::Brief => brief::render(frame, body, &self.data, &self.brief, theme, clock),
            Section::Promises => self.promises.render(frame, body, &self.data, theme, clock),
            Section::Contacts => self.contacts.render(frame, body, &self.data, theme, clock),
            Section::Complaints => self.complaints.render(frame, body, &self.data, theme),
            Section::Visits => self.visits.render(frame, body, &self.data, theme, clock),
            Section::Surveys => self.surveys.render(frame, body, &self.data, theme, clock),
            Section::History => self.history.render(frame, body, theme),
        }
    }
}
