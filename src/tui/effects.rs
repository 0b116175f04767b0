//! Effects: what a screen asks of the app — a store call, or a popup.
//! `App::run` is the one place the TUI reads or writes the database. A
//! failed store call becomes a message in the status line and leaves the
//! state as it was (an open form keeps what was typed).

use crate::domain::Dimension;
use crate::domain::visit::next_due;
use crate::domain::{
    AccountInput, ComplaintInput, ComplaintStatus, ContactInput, ForwardedTo, SurveyInput,
    VisitClose, VisitInput, VisitStatus,
};
use crate::store::StoreError;
use crate::store::surveys::SurveyQuery;
use crate::strings::{Label, s};
use crate::tui::app::{App, Modal, Page, PickPurpose, Tab};
use crate::tui::forms::visit::VisitPrefill;
use crate::tui::forms::{self, FormPurpose};
use crate::tui::screens::account::{AccountData, AccountView};
use crate::tui::screens::accounts::Need;
use crate::tui::screens::complaints::{Filter, RESOLVED_SHOWN};
use crate::tui::screens::today::{Review, SECTION_ROWS};
use crate::tui::screens::visits::due_by_cadence;
use crate::tui::widgets::picker::Picker;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Reload the data of the tab in front (after switching to it).
    LoadTab,
    LoadAccounts,
    OpenAccount(i64),
    NewAccountForm,
    EditAccountForm(i64),
    SaveAccount {
        id: Option<i64>,
        input: AccountInput,
    },
    /// Ask first; carry out `then` on yes.
    Confirm {
        question: String,
        then: Box<Effect>,
    },
    SetArchived {
        id: i64,
        archived: bool,
        name: String,
    },
    NewContactForm(i64),
    EditContactForm(i64),
    SaveContact {
        account_id: i64,
        id: Option<i64>,
        input: ContactInput,
    },
    DeleteContact {
        id: i64,
        name: String,
    },
    LoadComplaints,
    /// Open an account on its complaints section, with one selected.
    OpenAccountComplaint(i64, i64),
    PickAccountToLogComplaint,
    LogComplaintForm {
        account_id: i64,
        prefill: forms::complaint::Prefill,
    },
    SaveComplaint {
        account_id: i64,
        input: ComplaintInput,
    },
    SetComplaintStatus {
        id: i64,
        to: ComplaintStatus,
        resolution: Option<String>,
    },
    ResolveForm(i64),
    ForwardForm(i64),
    Forward {
        id: i64,
        to: ForwardedTo,
    },
    ComplaintFilterForm,
    ApplyComplaintFilter {
        filter: Filter,
        include_resolved: bool,
    },
    LoadVisits,
    /// Open an account on its visits section, with one selected.
    OpenAccountVisit(i64, i64),
    PickAccountToSchedule,
    ScheduleVisitForm {
        account_id: i64,
        prefill: VisitPrefill,
    },
    /// `past_ok`: the user confirmed a date in the past.
    SaveVisit {
        account_id: i64,
        input: VisitInput,
        past_ok: bool,
    },
    VisitDoneForm(i64),
    SaveVisitDone {
        id: i64,
        close: VisitClose,
    },
    MarkVisitMissed(i64),
    CancelVisit(i64),
    RescheduleForm(i64),
    Reschedule {
        id: i64,
        at: NaiveDateTime,
    },
    LoadSurveys,
    PickAccountForSurvey,
    /// The survey form: a new survey (`id` None) or an edit.
    SurveyForm {
        account_id: i64,
        id: Option<i64>,
    },
    SaveSurvey {
        account_id: i64,
        id: Option<i64>,
        input: SurveyInput,
    },
    /// Open an account on its surveys section, with one selected.
    OpenAccountSurvey(i64, i64),
    /// Open an account on its contacts section, with one selected.
    OpenAccountContact(i64, i64),
    /// Just tell the user something.
    Message(String),
    /// Open a form again and put back what a stopped kam left unsaved.
    RestoreDraft(Box<crate::tui::draft::Draft>),
}

impl Effect {
    /// Archiving asks first; bringing back does not.
    pub fn archive(id: i64, name: &str, is_archived: bool, archive: bool) -> Effect {
        let t = s();
        match (archive, is_archived) {
            (true, false) => Effect::Confirm {
                question: (t.confirm_archive)(name),
                then: Box::new(Effect::SetArchived {
                    id,
                    archived: true,
                    name: name.to_string(),
                }),
            },
            (false, true) => Effect::SetArchived {
                id,
                archived: false,
                name: name.to_string(),
            },
            (true, true) => Effect::Message(t.already_archived.to_string()),
            (false, false) => Effect::Message(t.not_archived.to_string()),
        }
    }
}

impl App {
    /// Carries out an effect; errors go to the status line. With
    /// `KAM_TRACE` set, each effect's time goes to stderr (for profiling).
    pub fn run(&mut self, effect: Effect) {
        let trace = std::env::var_os("KAM_TRACE").is_some();
        let name = trace.then(|| format!("{effect:?}").chars().take(60).collect::<String>());
        let start = std::time::Instant::now();
        if let Err(e) = self.try_run(effect) {
            self.error(e);
        }
        self.settle();
        if let Some(name) = name {
            eprintln!(
                "kam trace: {:>8.2} ms  {name}",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    fn form(&mut self, form: crate::tui::widgets::form::Form, purpose: FormPurpose) {
        self.modal = Some(Modal::Form { form, purpose });
    }

    fn try_run(&mut self, effect: Effect) -> Result<(), StoreError> {
        let t = s();
        match effect {
            Effect::LoadTab => self.load_if_stale(self.tab)?,
            Effect::LoadAccounts => self.load_accounts()?,
            Effect::OpenAccount(id) => self.open_account(id)?,
            Effect::NewAccountForm => self.form(
                forms::account::build(None, &self.settings, self.clock.today()),
                FormPurpose::Account { id: None },
            ),
            Effect::EditAccountForm(id) => match self.store.get_account(id)? {
                Some(account) => self.form(
                    forms::account::build(Some(&account), &self.settings, self.clock.today()),
                    FormPurpose::Account { id: Some(id) },
                ),
                None => self.error(t.account_missing),
            },
            Effect::SaveAccount { id, input } => {
                let saved = match id {
                    Some(id) => {
                        self.store.update_account(id, &input, &self.clock)?;
                        self.info((t.saved_account)(&input.name));
                        id
                    }
                    None => {
                        let id = self.store.add_account(&input, &self.clock)?;
                        self.info((t.added_account)(&input.name));
                        id
                    }
                };
                self.modal = None;
                self.refresh_after(Some(saved))?;
                self.accounts.select_id(saved);
            }
            Effect::Confirm { question, then } => {
                let back = self.modal.take().map(Box::new);
                self.modal = Some(Modal::Confirm {
                    question,
                    then: *then,
                    back,
                });
            }
            Effect::SetArchived { id, archived, name } => {
                self.store.set_account_archived(id, archived, &self.clock)?;
                self.info(if archived {
                    (t.archived_account)(&name)
                } else {
                    (t.unarchived_account)(&name)
                });
                self.refresh_after(Some(id))?;
            }
            Effect::NewContactForm(account_id) => match self.store.get_account(account_id)? {
                Some(account) => self.form(
                    forms::contact::build(
                        None,
                        &account.input.name,
                        &account.input.owner,
                        self.clock.today(),
                    ),
                    FormPurpose::Contact {
                        account_id,
                        id: None,
                    },
                ),
                None => self.error(t.account_missing),
            },
            Effect::EditContactForm(id) => match self.store.get_contact(id)? {
                Some(contact) => self.form(
                    forms::contact::build(Some(&contact), "", "", self.clock.today()),
                    FormPurpose::Contact {
                        account_id: contact.account_id,
                        id: Some(id),
                    },
                ),
                None => self.error(t.contact_missing),
            },
            Effect::SaveContact {
                account_id,
                id,
                input,
            } => {
                let saved = match id {
                    Some(id) => {
                        self.store.update_contact(id, &input, &self.clock)?;
                        self.info((t.saved_contact)(&input.name));
                        id
                    }
                    None => {
                        let id = self.store.add_contact(account_id, &input, &self.clock)?;
                        self.info((t.added_contact)(&input.name));
                        id
                    }
                };
                self.modal = None;
                self.refresh_after(Some(account_id))?;
                if let Some(view) = self.account_view() {
                    view.select_contact(saved);
                }
            }
            Effect::DeleteContact { id, name } => {
                self.store.delete_contact(id)?;
                self.info((t.deleted_contact)(&name));
                self.refresh()?;
            }
            Effect::LoadComplaints => self.load_complaints()?,
            Effect::OpenAccountComplaint(account_id, complaint_id) => {
                self.open_account(account_id)?;
                if let Some(view) = self.account_view() {
                    view.show_complaint(complaint_id);
                }
            }
            Effect::PickAccountToLogComplaint => {
                let names = self.store.account_choices()?;
                self.modal = Some(Modal::Picker {
                    picker: Picker::new(t.pick_account, names),
                    purpose: PickPurpose::LogComplaint,
                });
            }
            Effect::LogComplaintForm {
                account_id,
                prefill,
            } => match self.store.get_account(account_id)? {
                Some(account) => {
                    let contacts: Vec<_> = self
                        .store
                        .contacts_of(account_id)?
                        .into_iter()
                        .filter(|c| !c.contact.input.left_company)
                        .collect();
                    let form = forms::complaint::build_log(
                        &account.input.name,
                        &contacts,
                        &prefill,
                        self.clock.now,
                    );
                    self.form(
                        form,
                        FormPurpose::Complaint {
                            account_id,
                            contacts: contacts.iter().map(|c| c.contact.id).collect(),
                        },
                    );
                }
                None => self.error(t.account_missing),
            },
            Effect::SaveComplaint { account_id, input } => {
                let id = self.store.add_complaint(account_id, &input, &self.clock)?;
                self.info((t.logged_complaint)(&input.summary));
                self.modal = None;
                self.refresh_after(Some(account_id))?;
                self.complaints.select_id(id);
                if let Some(view) = self.account_view() {
                    view.show_complaint(id);
                }
            }
            Effect::SetComplaintStatus { id, to, resolution } => {
                let Some(c) = self.store.get_complaint(id)? else {
                    self.error(t.complaint_missing);
                    return Ok(());
                };
                self.store
                    .set_complaint_status(id, to, resolution.as_deref(), &self.clock)?;
                self.info((t.complaint_moved)(&c.summary, to.label()));
                self.modal = None;
                self.refresh()?;
            }
            Effect::ResolveForm(id) => match self.store.get_complaint(id)? {
                Some(c)
                    if !crate::domain::complaint::can_move(c.status, ComplaintStatus::Resolved) =>
                {
                    self.error((t.complaint_cannot)(
                        c.status.label(),
                        ComplaintStatus::Resolved.label(),
                    ));
                }
                Some(c) => self.form(
                    forms::complaint::build_resolve(&c.summary, self.clock.today()),
                    FormPurpose::Resolve { id },
                ),
                None => self.error(t.complaint_missing),
            },
            Effect::ForwardForm(id) => match self.store.get_complaint(id)? {
                Some(c) => self.form(
                    forms::complaint::build_forward(&c.summary, c.forwarded_to, self.clock.today()),
                    FormPurpose::Forward { id },
                ),
                None => self.error(t.complaint_missing),
            },
            Effect::Forward { id, to } => {
                let Some(c) = self.store.get_complaint(id)? else {
                    self.error(t.complaint_missing);
                    return Ok(());
                };
                self.store.forward_complaint(id, to, &self.clock)?;
                self.info((t.complaint_forwarded)(&c.summary, to.label()));
                self.modal = None;
                self.refresh()?;
            }
            Effect::ComplaintFilterForm => {
                let account = self
                    .complaints
                    .selected()
                    .map(|a| (a.row.account_id, a.row.account_name.clone()));
                let form = forms::complaint::build_filter(
                    &self.complaints.filter,
                    self.complaints.include_resolved,
                    account.as_ref().map(|(_, n)| n.as_str()),
                    self.clock.today(),
                );
                self.form(form, FormPurpose::ComplaintFilter { account });
            }
            Effect::ApplyComplaintFilter {
                filter,
                include_resolved,
            } => {
                self.modal = None;
                self.complaints.set_filter(filter);
                if include_resolved != self.complaints.include_resolved {
                    self.complaints.include_resolved = include_resolved;
                    self.load_complaints()?;
                }
            }
            Effect::LoadVisits => self.load_visits()?,
            Effect::OpenAccountVisit(account_id, visit_id) => {
                self.open_account(account_id)?;
                if let Some(view) = self.account_view() {
                    view.show_visit(visit_id);
                }
            }
            Effect::PickAccountToSchedule => {
                let names = self.store.account_choices()?;
                self.modal = Some(Modal::Picker {
                    picker: Picker::new(t.pick_account, names),
                    purpose: PickPurpose::ScheduleVisit,
                });
            }
            Effect::ScheduleVisitForm {
                account_id,
                prefill,
            } => match self.store.get_account(account_id)? {
                Some(account) => {
                    let contacts: Vec<_> = self
                        .store
                        .contacts_of(account_id)?
                        .into_iter()
                        .filter(|c| !c.contact.input.left_company)
                        .collect();
                    let form = forms::visit::build_schedule(
                        &account.input.name,
                        &contacts,
                        &prefill,
                        self.clock.today(),
                    );
                    self.form(
                        form,
                        FormPurpose::Visit {
                            account_id,
                            contacts: contacts.iter().map(|c| c.contact.id).collect(),
                        },
                    );
                }
                None => self.error(t.account_missing),
            },
            Effect::SaveVisit {
                account_id,
                input,
                past_ok,
            } => {
                let when = crate::strings::when(input.scheduled_at, true);
                if input.scheduled_at < self.clock.now && !past_ok {
                    // ask, and come back to the form on "no"
                    let back = self.modal.take().map(Box::new);
                    self.modal = Some(Modal::Confirm {
                        question: (t.confirm_past_visit)(&when),
                        then: Effect::SaveVisit {
                            account_id,
                            input,
                            past_ok: true,
                        },
                        back,
                    });
                    return Ok(());
                }
                let id = self.store.add_visit(account_id, &input, &self.clock)?;
                let name = self
                    .store
                    .get_account(account_id)?
                    .map(|a| a.input.name)
                    .unwrap_or_default();
                self.info((t.scheduled_visit)(&name, &when));
                self.modal = None;
                self.refresh_after(Some(account_id))?;
                self.visits.select_visit(id);
                if let Some(view) = self.account_view() {
                    view.show_visit(id);
                }
                if past_ok {
                    // a past visit: log what came of it
                    return self.try_run(Effect::VisitDoneForm(id));
                }
            }
            Effect::VisitDoneForm(id) => match self.store.get_visit(id)? {
                Some(v) if v.status != VisitStatus::Planned => self.error(t.visit_not_planned),
                Some(v) => self.form(
                    forms::visit::build_done(&v, self.clock.today()),
                    FormPurpose::VisitDone { id },
                ),
                None => self.error(t.visit_missing),
            },
            Effect::SaveVisitDone { id, close } => {
                let Some(v) = self.store.get_visit(id)? else {
                    self.error(t.visit_missing);
                    return Ok(());
                };
                self.store.close_visit(id, &close, &self.clock)?;
                self.info((t.visit_done)(&v.account_name));
                self.modal = None;
                self.refresh()?;
                // propose the next one at the account's cadence
                let cadence = self
                    .store
                    .get_account(v.account_id)?
                    .map_or(14, |a| a.input.visit_cadence_days);
                let today = self.clock.today();
                let prefill = VisitPrefill {
                    date: Some(next_due(Some(today), cadence, today)),
                    time: Some(v.scheduled_at.time()),
                    kind: v.kind,
                    purpose: close.next_step.clone(),
                    contact_ids: v.contact_ids.clone(),
                    title: Some((t.form_next_visit)(cadence)),
                };
                self.try_run(Effect::ScheduleVisitForm {
                    account_id: v.account_id,
                    prefill,
                })?;
            }
            Effect::MarkVisitMissed(id) => {
                let Some(v) = self.store.get_visit(id)? else {
                    self.error(t.visit_missing);
                    return Ok(());
                };
                let close = VisitClose {
                    status: VisitStatus::Missed,
                    outcome: String::new(),
                    next_step: String::new(),
                };
                self.store.close_visit(id, &close, &self.clock)?;
                self.info((t.visit_missed)(&v.account_name));
                self.refresh()?;
                let prefill = VisitPrefill {
                    date: None,
                    time: Some(v.scheduled_at.time()),
                    kind: v.kind,
                    purpose: v.purpose.clone(),
                    contact_ids: v.contact_ids.clone(),
                    title: Some(t.form_missed_again.to_string()),
                };
                self.try_run(Effect::ScheduleVisitForm {
                    account_id: v.account_id,
                    prefill,
                })?;
            }
            Effect::CancelVisit(id) => {
                let Some(v) = self.store.get_visit(id)? else {
                    self.error(t.visit_missing);
                    return Ok(());
                };
                let close = VisitClose {
                    status: VisitStatus::Cancelled,
                    outcome: String::new(),
                    next_step: String::new(),
                };
                self.store.close_visit(id, &close, &self.clock)?;
                self.info((t.visit_cancelled)(&v.account_name));
                self.refresh()?;
            }
            Effect::RescheduleForm(id) => match self.store.get_visit(id)? {
                Some(v) if v.status != VisitStatus::Planned => self.error(t.visit_not_planned),
                Some(v) => self.form(
                    forms::visit::build_reschedule(&v, self.clock.today()),
                    FormPurpose::Reschedule { id },
                ),
                None => self.error(t.visit_missing),
            },
            Effect::Reschedule { id, at } => {
                self.store.reschedule_visit(id, at, &self.clock)?;
                self.info((t.visit_rescheduled)(&crate::strings::when(at, true)));
                self.modal = None;
                self.refresh()?;
                self.visits.select_visit(id);
            }
            Effect::LoadSurveys => self.load_surveys()?,
            Effect::PickAccountForSurvey => {
                let names = self.store.account_choices()?;
                self.modal = Some(Modal::Picker {
                    picker: Picker::new(t.pick_account, names),
                    purpose: PickPurpose::Survey,
                });
            }
            Effect::SurveyForm { account_id, id } => {
                let Some(account) = self.store.get_account(account_id)? else {
                    self.error(t.account_missing);
                    return Ok(());
                };
                let existing = match id {
                    Some(id) => match self.store.get_survey(id)? {
                        Some(r) => Some(r.input),
                        None => {
                            self.error(t.survey_missing);
                            return Ok(());
                        }
                    },
                    None => None,
                };
                // current contacts, and a departed respondent of an old survey
                let contacts: Vec<_> = self
                    .store
                    .contacts_of(account_id)?
                    .into_iter()
                    .filter(|c| {
                        !c.contact.input.left_company
                            || existing.as_ref().and_then(|e| e.contact_id) == Some(c.contact.id)
                    })
                    .collect();
                let form = forms::survey::build(
                    &account.input.name,
                    &contacts,
                    existing.as_ref(),
                    self.clock.today(),
                );
                self.form(
                    form,
                    FormPurpose::Survey {
                        account_id,
                        id,
                        contacts: contacts.iter().map(|c| c.contact.id).collect(),
                    },
                );
            }
            Effect::SaveSurvey {
                account_id,
                id,
                input,
            } => {
                let saved = match id {
                    Some(id) => {
                        self.store.update_survey(id, &input, &self.clock)?;
                        id
                    }
                    None => self.store.add_survey(account_id, &input, &self.clock)?,
                };
                let name = self
                    .store
                    .get_account(account_id)?
                    .map(|a| a.input.name)
                    .unwrap_or_default();
                self.info((t.saved_survey)(&name));
                self.modal = None;
                self.refresh_after(Some(account_id))?;
                self.surveys.select_id(saved);
                if let Some(view) = self.account_view() {
                    view.show_survey(saved);
                }
                if id.is_none()
                    && let Some((dim, score)) = input.lowest()
                {
                    self.offer_follow_up(account_id, &input, dim, score);
                }
            }
            Effect::OpenAccountSurvey(account_id, survey_id) => {
                self.open_account(account_id)?;
                if let Some(view) = self.account_view() {
                    view.show_survey(survey_id);
                }
            }
            Effect::OpenAccountContact(account_id, contact_id) => {
                self.open_account(account_id)?;
                if let Some(view) = self.account_view() {
                    view.show_contact(contact_id);
                }
            }
            Effect::Message(text) => self.info(text),
            Effect::RestoreDraft(draft) => {
                if let Some(open) = draft.purpose.reopen() {
                    self.try_run(open)?;
                }
                match &mut self.modal {
                    Some(Modal::Form { form, purpose })
                        if purpose.reopen() == draft.purpose.reopen() =>
                    {
                        form.restore(&draft.values);
                        self.info(t.draft_restored);
                    }
                    // the account or record is gone, or the form could not open
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn load_today(&mut self) -> Result<(), StoreError> {
        self.mark_fresh(Tab::Today);
        let review = Review::load(&self.store, &self.clock, &self.settings, SECTION_ROWS)?;
        self.today.set(review);
        Ok(())
    }

    /// After a low score: a complaint prefilled from the lowest dimension,
    /// or a follow-up visit, one key each.
    fn offer_follow_up(&mut self, account_id: i64, input: &SurveyInput, dim: Dimension, score: u8) {
        let t = s();
        let complaint = Effect::LogComplaintForm {
            account_id,
            prefill: forms::complaint::Prefill {
                contact_id: input.contact_id,
                category: Some(dim.complaint_category()),
                summary: (t.low_score_summary)(dim.label(), score),
            },
        };
        let visit = Effect::ScheduleVisitForm {
            account_id,
            prefill: VisitPrefill {
                purpose: (t.low_score_purpose)(dim.label(), score),
                contact_ids: input.contact_id.into_iter().collect(),
                ..VisitPrefill::default()
            },
        };
        self.modal = Some(Modal::Offer {
            question: (t.offer_low_score)(dim.label(), score),
            options: vec![
                ('c', t.offer_complaint, complaint),
                ('v', t.offer_visit, visit),
            ],
        });
    }

    fn load_surveys(&mut self) -> Result<(), StoreError> {
        self.mark_fresh(Tab::Surveys);
        let rows = self.store.list_surveys(SurveyQuery {
            account_id: self.surveys.account.as_ref().map(|(id, _)| *id),
            low_only: self.surveys.low_only,
            limit: self.surveys.limit(),
        })?;
        self.surveys.set_rows(rows);
        Ok(())
    }

    fn load_visits(&mut self) -> Result<(), StoreError> {
        self.mark_fresh(Tab::Visits);
        let mut sections = Vec::new();
        for (section, from, to) in crate::domain::visit::agenda_bounds(self.clock.now) {
            let limit = self.visits.limit(section);
            let visits = self.store.planned_visits_in(from, to, limit)?;
            // counted only when the section has more than is loaded
            let total = if visits.len() < limit as usize {
                visits.len()
            } else {
                self.store.count_planned_in(from, to)?
            };
            sections.push(crate::tui::screens::visits::Section {
                section,
                visits,
                total,
            });
        }
        self.store.refresh_health(self.clock.now)?;
        let (due, _) = self
            .store
            .accounts_due_by_cadence(self.clock.today(), usize::MAX)?;
        let due = due_by_cadence(due, &self.clock);
        self.visits.set(sections, due);
        Ok(())
    }

    fn load_accounts(&mut self) -> Result<(), StoreError> {
        self.mark_fresh(Tab::Accounts);
        self.accounts.reload();
        self.sync_accounts().map(|_| ())
    }

    /// Loads what the Accounts list needs to draw: its order after a
    /// change of sort or filter, the names for a search, the figures of
    /// the rows near the window. Returns whether it loaded anything.
    pub fn sync_accounts(&mut self) -> Result<bool, StoreError> {
        let mut loaded = false;
        let mut reread = false;
        loop {
            match self.accounts.need() {
                Need::Order(query) => {
                    self.store.refresh_health(self.clock.now)?;
                    let order = self.store.account_order(&query)?;
                    let total = self.store.count_accounts(query.archived)?;
                    let total = usize::try_from(total).unwrap_or(usize::MAX);
                    self.accounts.set_order(query, order, total);
                }
                Need::Names => {
                    let names = self
                        .store
                        .account_search_forms(self.accounts.query.archived)?;
                    self.accounts.set_names(names);
                }
                Need::Rows(ids) => {
                    self.store.refresh_health(self.clock.now)?;
                    let rows = self.store.summaries_of(&ids, self.clock.now)?;
                    let gone = rows.len() < ids.len();
                    self.accounts.add_rows(rows);
                    if !gone || reread {
                        return Ok(true);
                    }
                    // deleted since the order was read (another kam): read
                    // the order again, once
                    self.accounts.reorder();
                    reread = true;
                }
                Need::Nothing => return Ok(loaded),
            }
            loaded = true;
        }
    }

    fn load_complaints(&mut self) -> Result<(), StoreError> {
        self.mark_fresh(Tab::Complaints);
        let resolved = if self.complaints.include_resolved {
            RESOLVED_SHOWN
        } else {
            0
        };
        let keys = self.store.complaint_keys(resolved)?;
        self.complaints.set_keys(keys, &self.clock, &self.settings);
        self.sync_complaints()?;
        Ok(())
    }

    /// Reads the complaints the Complaints list is about to draw; true
    /// when it read any.
    pub fn sync_complaints(&mut self) -> Result<bool, StoreError> {
        let wanted = self.complaints.wanted();
        if wanted.is_empty() {
            return Ok(false);
        }
        let rows = self.store.complaints_by_ids(&wanted)?;
        self.complaints.add_rows(rows, &self.clock, &self.settings);
        Ok(true)
    }

    fn open_account(&mut self, id: i64) -> Result<(), StoreError> {
        match AccountData::load(&self.store, id, &self.clock, &self.settings)? {
            Some(data) => {
                self.pages.clear();
                self.pages.push(Page::Account(AccountView::new(data)));
            }
            None => self.error(s().account_missing),
        }
        Ok(())
    }

    /// Reloads what may show a change: the tab in front and an open page.
    fn refresh(&mut self) -> Result<(), StoreError> {
        self.refresh_after(None)
    }

    /// After a write: the screen in front and the open account are
    /// reloaded now, the other screens when they come to the front. Told
    /// which account `changed`, the Accounts list patches that one row
    /// instead of reloading every account (a survey saved from the list at
    /// 5,000 accounts: 42 ms → a few).
    fn refresh_after(&mut self, changed: Option<i64>) -> Result<(), StoreError> {
        self.fresh = [None; 5];
        if let Some(id) = changed
            && self.accounts.is_loaded()
        {
            self.store.refresh_health(self.clock.now)?;
            let row = self
                .store
                .account_summary(id, self.clock.now)?
                .filter(|r| r.archived == self.accounts.query.archived);
            self.accounts.changed(id, row);
            self.sync_accounts()?;
            self.mark_fresh(Tab::Accounts);
        }
        if self.pages.is_empty() {
            self.load_if_stale(self.tab)?;
        }
        let open = self.pages.last().map(|Page::Account(view)| view.id());
        if let Some(id) = open {
            match AccountData::load(&self.store, id, &self.clock, &self.settings)? {
                Some(data) => {
                    if let Some(view) = self.account_view() {
                        view.reload(data);
                    }
                }
                None => {
                    self.pages.pop();
                }
            }
        }
        Ok(())
    }

    fn mark_fresh(&mut self, tab: Tab) {
        self.fresh[tab.index()] = Some(self.clock.now);
    }

    /// Loads a tab's data unless it was loaded less than a minute ago and
    /// nothing changed since (ages and targets move with the clock).
    fn load_if_stale(&mut self, tab: Tab) -> Result<(), StoreError> {
        let recent = self.fresh[tab.index()]
            .is_some_and(|at| self.clock.now - at < chrono::Duration::seconds(60));
        if recent {
            return Ok(());
        }
        match tab {
            Tab::Today => self.load_today(),
            Tab::Accounts => self.load_accounts(),
            Tab::Complaints => self.load_complaints(),
            Tab::Visits => self.load_visits(),
            Tab::Surveys => self.load_surveys(),
        }
    }
}
