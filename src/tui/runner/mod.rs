//! Carrying out effects: each one calls the portfolio (a read model or a
//! use case) and puts the result into screen state. This is the one place
//! the TUI reads or writes the database. A failure becomes a message in
//! the status line and leaves the state as it was (an open form keeps what
//! was typed). `forms.rs` opens forms; `writes.rs` saves what they hold.

mod forms;
mod promises;
mod records;
mod writes;

use crate::portfolio::records::RecordRef;
use crate::portfolio::{Error, Result};
use crate::tui::app::{App, Modal, Page, Tab};
use crate::tui::effect::Effect;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::record::RecordView;

impl App {
    /// Carries out an effect; errors go to the status line. With
    /// `KAM_TRACE` set, each effect's time goes to stderr (for profiling).
    pub fn run(&mut self, effect: Effect) {
        let trace = std::env::var_os("KAM_TRACE").is_some();
        let name = trace.then(|| format!("{effect:?}").chars().take(60).collect::<String>());
        let start = std::time::Instant::now();
        if let Err(e) = self.try_run(effect) {
            self.error(e.said());
        }
        self.settle();
        if let Some(name) = name {
            eprintln!(
                "kam trace: {:>8.2} ms  {name}",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    pub(super) fn try_run(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::LoadTab => self.load_if_stale(self.tab),
            Effect::LoadAccounts => self.load(Tab::Accounts),
            Effect::LoadComplaints => self.load(Tab::Complaints),
            Effect::LoadVisits => self.load(Tab::Visits),
            Effect::LoadSurveys => self.load(Tab::Surveys),
            Effect::OpenAccount(id) => self.open_account(id),
            Effect::OpenAccountComplaint(account, id) => {
                self.open_then(account, |v| v.show_complaint(id))
            }
            Effect::OpenAccountVisit(account, id) => self.open_then(account, |v| v.show_visit(id)),
            Effect::OpenAccountSurvey(account, id) => {
                self.open_then(account, |v| v.show_survey(id))
            }
            Effect::OpenAccountContact(account, id) => {
                self.open_then(account, |v| v.show_contact(id))
            }
            Effect::OpenAccountBrief(account) => self.open_then(account, AccountView::show_brief),
            Effect::Confirm { question, then } => {
                let back = self.modal.take().map(Box::new);
                self.modal = Some(Modal::Confirm {
                    question,
                    then: *then,
                    back,
                });
                Ok(())
            }
            Effect::LoadHistory(id, limit) => self.load_history(id, limit),
            Effect::Promise(p) => self.promise(p),
            Effect::OpenRecord(record) => self.open_record(record),
            Effect::AskDelete(record) => self.ask_delete(record),
            Effect::Message(text) => {
                self.info(text);
                Ok(())
            }
            Effect::DiscardDraft(file) => {
                if let Some(file) = file {
                    crate::tui::draft::remove(&file);
                }
                self.info(crate::strings::s().draft_discarded);
                Ok(())
            }
            Effect::DraftDone(file) => {
                crate::tui::draft::remove(&file);
                Ok(())
            }
            Effect::ApplyComplaintFilter {
                filter,
                include_resolved,
            } => self.apply_complaint_filter(filter, include_resolved),
            form @ (Effect::NewAccountForm
            | Effect::EditAccountForm(_)
            | Effect::NewContactForm(_)
            | Effect::EditContactForm(_)
            | Effect::PickAccountToLogComplaint
            | Effect::LogComplaintForm { .. }
            | Effect::ResolveForm(_)
            | Effect::ForwardForm(_)
            | Effect::ComplaintFilterForm
            | Effect::PickAccountToSchedule
            | Effect::ScheduleVisitForm { .. }
            | Effect::VisitDoneForm(_)
            | Effect::RescheduleForm(_)
            | Effect::PickAccountForSurvey
            | Effect::SurveyForm { .. }
            | Effect::EditVisitForm(_)
            | Effect::EditComplaintForm(_)
            | Effect::HandoverForm { .. }) => self.open_form(form),
            write => self.write(write),
        }
    }

    /// Opens an account's page, then `then` on its view.
    fn open_then(&mut self, id: i64, then: impl FnOnce(&mut AccountView)) -> Result<()> {
        self.open_account(id)?;
        if let Some(view) = self.account_view() {
            then(view);
        }
        Ok(())
    }

    fn load_history(&mut self, id: i64, limit: u32) -> Result<()> {
        let items = self.portfolio.account_history(id, limit, &self.clock)?;
        if let Some(view) = self.account_view()
            && view.id() == id
        {
            view.set_history(items);
        }
        Ok(())
    }

    fn open_account(&mut self, id: i64) -> Result<()> {
        match self.portfolio.account_view(id, &self.clock)? {
            Some(data) => {
                self.pages.clear();
                self.pages.push(Page::Account(AccountView::new(data)));
                Ok(())
            }
            None => Err(Error::Gone(crate::portfolio::Record::Account)),
        }
    }

    /// Reloads what may show a change: the tab in front and an open page.
    pub(super) fn refresh(&mut self) -> Result<()> {
        self.refresh_after(None)
    }

    /// After a write: the screen in front and the open account are
    /// reloaded now, the other screens when they come to the front. Told
    /// which account `changed`, the Accounts list patches that one row
    /// instead of reloading every account (a survey saved from the list at
    /// 5,000 accounts: 42 ms → a few).
    pub(super) fn refresh_after(&mut self, changed: Option<i64>) -> Result<()> {
        self.fresh = [None; Tab::COUNT];
        if let Some(id) = changed
            && self.tabs.accounts.is_loaded()
        {
            self.tabs.accounts.patch(&self.portfolio, &self.clock, id)?;
            self.mark_fresh(Tab::Accounts);
        }
        if self.pages.is_empty() {
            self.load_if_stale(self.tab)?;
        }
        self.refresh_pages()?;
        Ok(())
    }

    /// Reloads every open page: an account view (its selections kept by
    /// id), a record in full; a page whose record is gone is closed.
    fn refresh_pages(&mut self) -> Result<()> {
        let mut i = 0;
        while i < self.pages.len() {
            let keep = match &mut self.pages[i] {
                Page::Account(view) => match self.portfolio.account_view(view.id(), &self.clock)? {
                    Some(data) => {
                        view.reload(data);
                        if let Some(Effect::LoadHistory(id, limit)) = view.wants_history() {
                            let items = self.portfolio.account_history(id, limit, &self.clock)?;
                            view.set_history(items);
                        }
                        true
                    }
                    None => false,
                },
                Page::Record(view) => {
                    match self.portfolio.record_detail(view.record(), &self.clock) {
                        Ok(detail) => {
                            view.reload(detail);
                            true
                        }
                        Err(Error::Gone(_)) => false,
                        Err(e) => return Err(e),
                    }
                }
            };
            if keep {
                i += 1;
            } else {
                self.pages.remove(i);
            }
        }
        Ok(())
    }

    /// Opens a record in full over what is in front.
    fn open_record(&mut self, record: RecordRef) -> Result<()> {
        let detail = self.portfolio.record_detail(record, &self.clock)?;
        self.pages.push(Page::Record(RecordView::new(detail)));
        Ok(())
    }

    fn mark_fresh(&mut self, tab: Tab) {
        self.fresh[tab.index()] = Some(self.clock.now);
    }

    /// Loads a tab's data now.
    fn load(&mut self, tab: Tab) -> Result<()> {
        self.mark_fresh(tab);
        // another kam may have synced meanwhile
        self.open_conflicts = self.portfolio.open_conflict_count()?;
        self.tabs.screen_mut(tab).load(&self.portfolio, &self.clock)
    }

    /// Loads a tab's data unless it was loaded less than a minute ago and
    /// nothing changed since (ages and targets move with the clock).
    fn load_if_stale(&mut self, tab: Tab) -> Result<()> {
        let recent = self.fresh[tab.index()]
            .is_some_and(|at| self.clock.now - at < chrono::Duration::seconds(60));
        if recent {
            return Ok(());
        }
        self.load(tab)
    }
}
