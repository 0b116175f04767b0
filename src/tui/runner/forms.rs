//! Opening forms and pickers: each reads what the form shows through the
//! portfolio and puts the form up as the popup.

use crate::portfolio::Result;
use crate::strings::s;
use crate::tui::app::{App, Modal, PickPurpose};
use crate::tui::effect::{ComplaintPrefill, Effect, VisitPrefill};
use crate::tui::forms::{self, FormPurpose};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::picker::Picker;

impl App {
    /// Puts up the form or picker an effect asks for.
    pub(super) fn open_form(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::NewAccountForm => self.account_form(None),
            Effect::EditAccountForm(id) => self.account_form(Some(id)),
            Effect::NewContactForm(account_id) => self.new_contact_form(account_id),
            Effect::EditContactForm(id) => self.edit_contact_form(id),
            Effect::PickAccountToLogComplaint => self.picker(PickPurpose::LogComplaint),
            Effect::LogComplaintForm {
                account_id,
                prefill,
            } => self.complaint_form(account_id, &prefill),
            Effect::ResolveForm(id) => self.resolve_form(id),
            Effect::ForwardForm(id) => self.forward_form(id),
            Effect::ComplaintFilterForm => {
                self.complaint_filter_form();
                Ok(())
            }
            Effect::PickAccountToSchedule => self.picker(PickPurpose::ScheduleVisit),
            Effect::ScheduleVisitForm {
                account_id,
                prefill,
            } => self.visit_form(account_id, &prefill),
            Effect::VisitDoneForm(id) => self.visit_done_form(id),
            Effect::RescheduleForm(id) => self.reschedule_form(id),
            Effect::PickAccountForSurvey => self.picker(PickPurpose::Survey),
            Effect::SurveyForm { account_id, id } => self.survey_form(account_id, id),
            Effect::EditVisitForm(id) => self.visit_edit_form(id),
            Effect::EditComplaintForm(id) => self.complaint_edit_form(id),
            Effect::HandoverForm {
                from,
                selected,
                shown,
            } => self.handover_form(&from, selected, shown),
            other => unreachable!("not a form: {other:?}"),
        }
    }

    fn form(&mut self, form: Form, purpose: FormPurpose) -> Result<()> {
        self.modal = Some(Modal::Form { form, purpose });
        Ok(())
    }

    fn picker(&mut self, purpose: PickPurpose) -> Result<()> {
        let names = self.portfolio.account_choices()?;
        self.modal = Some(Modal::Picker {
            picker: Picker::new(s().pick_account, names),
            purpose,
        });
        Ok(())
    }

    fn account_form(&mut self, id: Option<i64>) -> Result<()> {
        let account = id.map(|id| self.portfolio.account(id)).transpose()?;
        let mut form = forms::account::build(
            account.as_ref(),
            self.portfolio.settings(),
            self.clock.today(),
        );
        let colleagues = self.portfolio.colleagues()?;
        form.offer("owner", &colleagues);
        form.offer("backup_owner", &colleagues);
        let base = account.map(|a| Box::new(a.input));
        self.form(form, FormPurpose::Account { id, base })
    }

    fn new_contact_form(&mut self, account_id: i64) -> Result<()> {
        let account = self.portfolio.account(account_id)?;
        let mut form = forms::contact::build(
            None,
            &account.input.name,
            &account.input.owner,
            self.clock.today(),
        );
        form.offer("our_side", &self.portfolio.colleagues()?);
        self.form(
            form,
            FormPurpose::Contact {
                account_id,
                id: None,
                base: None,
            },
        )
    }

    fn edit_contact_form(&mut self, id: i64) -> Result<()> {
        let contact = self.portfolio.contact(id)?;
        let mut form = forms::contact::build(Some(&contact), "", "", self.clock.today());
        form.offer("our_side", &self.portfolio.colleagues()?);
        self.form(
            form,
            FormPurpose::Contact {
                account_id: contact.account_id,
                id: Some(id),
                base: Some(Box::new(contact.input.clone())),
            },
        )
    }

    fn complaint_form(&mut self, account_id: i64, prefill: &ComplaintPrefill) -> Result<()> {
        let account = self.portfolio.account(account_id)?;
        let contacts = self.portfolio.current_contacts(account_id, None)?;
        let form =
            forms::complaint::build_log(&account.input.name, &contacts, prefill, self.clock.now);
        let contacts = contacts.iter().map(|c| c.contact.id).collect();
        self.form(
            form,
            FormPurpose::Complaint {
                account_id,
                contacts,
            },
        )
    }

    fn resolve_form(&mut self, id: i64) -> Result<()> {
        let c = self.portfolio.resolvable_complaint(id)?;
        let form = forms::complaint::build_resolve(&c.summary, self.clock.today());
        self.form(form, FormPurpose::Resolve { id })
    }

    fn forward_form(&mut self, id: i64) -> Result<()> {
        let c = self.portfolio.complaint(id)?;
        let form = forms::complaint::build_forward(&c.summary, c.forwarded_to, self.clock.today());
        self.form(form, FormPurpose::Forward { id })
    }

    fn complaint_filter_form(&mut self) {
        let complaints = &self.tabs.complaints;
        let account = complaints
            .selected()
            .map(|a| (a.row.account_id, a.row.account_name.clone()));
        let form = forms::complaint::build_filter(
            &complaints.filter,
            complaints.include_resolved,
            account.as_ref().map(|(_, n)| n.as_str()),
            self.clock.today(),
        );
        self.modal = Some(Modal::Form {
            form,
            purpose: FormPurpose::ComplaintFilter { account },
        });
    }

    fn visit_form(&mut self, account_id: i64, prefill: &VisitPrefill) -> Result<()> {
        let account = self.portfolio.account(account_id)?;
        let proposed;
        let prefill = if prefill.follow_up && prefill.date.is_none() {
            let at = self.portfolio.follow_up_visit_at(account_id, &self.clock)?;
            proposed = VisitPrefill {
                date: Some(at.date()),
                time: Some(at.time()),
                ..prefill.clone()
            };
            &proposed
        } else {
            prefill
        };
        let contacts = self.portfolio.current_contacts(account_id, None)?;
        let form = forms::visit::build_schedule(
            &account.input.name,
            &contacts,
            prefill,
            self.clock.today(),
        );
        let contacts = contacts.iter().map(|c| c.contact.id).collect();
        self.form(
            form,
            FormPurpose::Visit {
                account_id,
                contacts,
            },
        )
    }

    fn visit_done_form(&mut self, id: i64) -> Result<()> {
        let v = self.portfolio.planned_visit(id)?;
        let since = self.portfolio.done_on_floor(&v, &self.clock)?;
        // done on: now (a visit just logged in the past starts at its time)
        let form = forms::visit::build_done(&v, self.clock.now, self.clock.today());
        let since = Some(since);
        self.form(form, FormPurpose::VisitDone { id, since })
    }

    fn reschedule_form(&mut self, id: i64) -> Result<()> {
        // a missed or cancelled visit is planned again at the new date
        let v = self.portfolio.visit(id)?;
        if v.status == crate::domain::VisitStatus::Done {
            return Err(crate::portfolio::Error::NotPlanned);
        }
        let form = forms::visit::build_reschedule(&v, self.clock.today());
        self.form(form, FormPurpose::Reschedule { id })
    }

    fn handover_form(
        &mut self,
        from: &str,
        selected: Option<(i64, String)>,
        shown: Vec<i64>,
    ) -> Result<()> {
        let colleagues = self.portfolio.colleagues()?;
        let form = forms::handover::build(
            from,
            selected.as_ref().map(|(id, name)| (*id, name.as_str())),
            &shown,
            &colleagues,
            self.clock.today(),
        );
        self.form(
            form,
            FormPurpose::Handover {
                selected: selected.map(|(id, _)| id),
                shown,
            },
        )
    }

    fn survey_form(&mut self, account_id: i64, id: Option<i64>) -> Result<()> {
        let account = self.portfolio.account(account_id)?;
        let existing = id.map(|id| self.portfolio.survey(id)).transpose()?;
        let existing = existing.map(|r| r.input);
        // current contacts, and a departed respondent of an old survey
        let respondent = existing.as_ref().and_then(|e| e.contact_id);
        let contacts = self.portfolio.current_contacts(account_id, respondent)?;
        let form = forms::survey::build(
            &account.input.name,
            &contacts,
            existing.as_ref(),
            self.clock.today(),
        );
        let contacts = contacts.iter().map(|c| c.contact.id).collect();
        self.form(
            form,
            FormPurpose::Survey {
                account_id,
                id,
                contacts,
                base: existing.map(Box::new),
            },
        )
    }
}
