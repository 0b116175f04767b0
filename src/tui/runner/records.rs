//! Correcting and deleting records: the edit forms of a visit and a
//! complaint, saving them (merged with what changed meanwhile; a field a
//! rule refuses is marked under it, nothing saved), the question before a
//! delete that names the record and its links, and the delete. The cursor
//! stays on the record (lists reselect by id); after a delete, on the next.

use crate::domain::{ComplaintInput, VisitEdit, VisitStatus};
use crate::portfolio::edit::Edit;
use crate::portfolio::records::RecordRef;
use crate::portfolio::{Error, Result};
use crate::store::StoreError;
use crate::strings::{day, when};
use crate::strings_records as words;
use crate::tui::app::{App, Modal, Page};
use crate::tui::effect::Effect;
use crate::tui::forms::{self, FormPurpose};

impl App {
    pub(super) fn visit_edit_form(&mut self, id: i64) -> Result<()> {
        let (v, edit) = self.portfolio.visit_edit(id)?;
        let mut contacts = self.portfolio.current_contacts(v.account_id, None)?;
        // contacts the visit names who have left stay offered (and chosen)
        for c in &v.contact_ids {
            if !contacts.iter().any(|r| r.contact.id == *c) {
                contacts.extend(
                    self.portfolio
                        .current_contacts(v.account_id, Some(*c))?
                        .into_iter()
                        .filter(|r| r.contact.id == *c),
                );
            }
        }
        let done = v.status == VisitStatus::Done;
        let form =
            forms::visit::build_edit(&v.account_name, &contacts, &edit, done, self.clock.today());
        let contacts = contacts.iter().map(|c| c.contact.id).collect();
        self.modal = Some(Modal::Form {
            form,
            purpose: FormPurpose::VisitEdit {
                id,
                contacts,
                done,
                base: Box::new(edit),
            },
        });
        Ok(())
    }

    pub(super) fn complaint_edit_form(&mut self, id: i64) -> Result<()> {
        let (c, input) = self.portfolio.complaint_input(id)?;
        let contacts = self
            .portfolio
            .current_contacts(c.account_id, c.contact_id)?;
        let form = forms::complaint::build_edit(&contacts, &input, self.clock.today());
        let contacts = contacts.iter().map(|c| c.contact.id).collect();
        self.modal = Some(Modal::Form {
            form,
            purpose: FormPurpose::ComplaintEdit {
                id,
                contacts,
                base: Box::new(input),
            },
        });
        Ok(())
    }

    /// A rule the store refused: marked under its field in the open form,
    /// nothing saved. Any other failure goes on as it was.
    fn under_fields(&mut self, e: Error) -> Result<()> {
        match (e, &mut self.modal) {
            (Error::Store(StoreError::Invalid(errors)), Some(Modal::Form { form, .. })) => {
                form.set_errors(&errors);
                Ok(())
            }
            (e, _) => Err(e),
        }
    }

    pub(super) fn save_visit_edit(
        &mut self,
        id: i64,
        edit: &VisitEdit,
        base: Option<Box<VisitEdit>>,
    ) -> Result<()> {
        let saved = match self
            .portfolio
            .edit_visit(id, base.as_deref(), edit, &self.clock)
        {
            Ok(saved) => saved,
            Err(e) => return self.under_fields(e),
        };
        if let Edit::Clash(clash) = saved {
            let (mine, theirs) = (clash.decide(true), clash.decide(false));
            let again = |(edit, base): (VisitEdit, VisitEdit)| Effect::SaveVisitEdit {
                id,
                edit,
                base: Some(Box::new(base)),
            };
            self.offer_clash(&clash.fields[0], again(mine), again(theirs));
            return Ok(());
        }
        let v = self.portfolio.visit(id)?;
        self.info(words::visit_corrected(&v.account_name));
        self.modal = None;
        self.refresh_after(Some(v.account_id))?;
        self.tabs.visits.select_visit(id);
        Ok(())
    }

    pub(super) fn save_complaint_edit(
        &mut self,
        id: i64,
        input: &ComplaintInput,
        base: Option<Box<ComplaintInput>>,
    ) -> Result<()> {
        let saved = match self
            .portfolio
            .edit_complaint(id, base.as_deref(), input, &self.clock)
        {
            Ok(saved) => saved,
            Err(e) => return self.under_fields(e),
        };
        if let Edit::Clash(clash) = saved {
            let (mine, theirs) = (clash.decide(true), clash.decide(false));
            let again =
                |(input, base): (ComplaintInput, ComplaintInput)| Effect::SaveComplaintEdit {
                    id,
                    input,
                    base: Some(Box::new(base)),
                };
            self.offer_clash(&clash.fields[0], again(mine), again(theirs));
            return Ok(());
        }
        let c = self.portfolio.complaint(id)?;
        self.info(words::complaint_corrected(&c.summary));
        self.modal = None;
        self.refresh_after(Some(c.account_id))?;
        self.tabs.complaints.select_id(id);
        Ok(())
    }

    /// Asks before deleting, naming the record and what becomes of its links.
    pub(super) fn ask_delete(&mut self, record: RecordRef) -> Result<()> {
        let question = match record {
            RecordRef::Visit(id) => {
                let v = self.portfolio.visit(id)?;
                words::confirm_delete_visit(
                    &v.account_name,
                    &when(v.scheduled_at, true),
                    &v.contacts,
                )
            }
            RecordRef::Complaint(id) => {
                let c = self.portfolio.complaint(id)?;
                words::confirm_delete_complaint(&c.summary, &c.account_name)
            }
            RecordRef::Survey(id) => {
                let r = self.portfolio.survey(id)?;
                words::confirm_delete_survey(
                    &r.account_name,
                    &day(r.input.taken_at),
                    r.respondent.as_deref(),
                )
            }
        };
        self.try_run(Effect::Confirm {
            question,
            then: Box::new(Effect::DeleteRecord(record)),
        })
    }

    /// Deletes a record; its detail closes, the lists keep their place
    /// (the next record is selected).
    pub(super) fn delete_record(&mut self, record: RecordRef) -> Result<()> {
        let clock = self.clock;
        let (what, account) = match record {
            RecordRef::Visit(id) => {
                let v = self.portfolio.visit(id)?;
                self.portfolio.delete_visit(id, &clock)?;
                let what = format!(
                    "{} {}",
                    crate::strings::s().rec_visit,
                    when(v.scheduled_at, true)
                );
                (what, v.account_id)
            }
            RecordRef::Complaint(id) => {
                let c = self.portfolio.complaint(id)?;
                self.portfolio.delete_complaint(id, &clock)?;
                (format!("“{}”", c.summary), c.account_id)
            }
            RecordRef::Survey(id) => {
                let r = self.portfolio.survey(id)?;
                self.portfolio.delete_survey(id, &clock)?;
                let what = format!(
                    "{} {}",
                    crate::strings::s().rec_survey,
                    day(r.input.taken_at)
                );
                (what, r.account_id)
            }
        };
        self.info(words::deleted(&what));
        self.pages
            .retain(|p| !matches!(p, Page::Record(v) if v.record() == record));
        self.refresh_after(Some(account))
    }
}
