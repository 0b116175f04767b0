//! One visit, complaint or survey read in full (the record detail) and
//! corrected: every field edited, deleted with what happens to its links,
//! a missed or cancelled visit planned again. Every write is one change
//! of the journal (`Portfolio::write`), so `z` takes it back.

use super::complaints::Aged;
use super::edit::{Clash, Edit, saved};
use super::error::found;
use super::journal::{HISTORY_LIMIT, HistoryItem, local_time};
use super::surveys::SurveyRow;
use super::visits::VisitRow;
use super::{Portfolio, Record, Result};
use crate::domain::{
    ChangeKind, Clock, ComplaintInput, Department, FieldError, Problem, SurveyInput, VisitEdit,
    VisitStatus,
};
use crate::store::StoreError;
use chrono::{NaiveDateTime, NaiveTime};

/// Which record: a visit, complaint or survey, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    Visit(i64),
    Complaint(i64),
    Survey(i64),
}

impl RecordRef {
    pub fn id(self) -> i64 {
        match self {
            RecordRef::Visit(id) | RecordRef::Complaint(id) | RecordRef::Survey(id) => id,
        }
    }

    /// Its table, as the journal names it.
    pub fn table(self) -> &'static str {
        match self {
            RecordRef::Visit(_) => "visits",
            RecordRef::Complaint(_) => "complaints",
            RecordRef::Survey(_) => "surveys",
        }
    }

    fn record(self) -> Record {
        match self {
            RecordRef::Visit(_) => Record::Visit,
            RecordRef::Complaint(_) => Record::Complaint,
            RecordRef::Survey(_) => Record::Survey,
        }
    }
}

/// A contact linked to a visit, as the detail names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub department: Department,
    /// Gone from the company.
    pub left: bool,
}

/// What the record is, with what its detail shows beside its row.
#[derive(Debug, Clone)]
pub enum Body {
    Visit {
        row: VisitRow,
        contacts: Vec<Linked>,
    },
    Complaint {
        aged: Box<Aged>,
        details: String,
    },
    Survey(SurveyRow),
}

/// One record in full, for its detail.
#[derive(Debug, Clone)]
pub struct RecordDetail {
    pub record: RecordRef,
    pub account_id: i64,
    pub account_name: String,
    pub body: Body,
    /// Created and last changed, local time to the minute.
    pub created: String,
    pub updated: String,
    /// The changes of the journal that touched it, newest first.
    pub history: Vec<HistoryItem>,
}

impl Portfolio {
    /// A visit, complaint or survey in full, with its history.
    pub fn record_detail(&self, record: RecordRef, clock: &Clock) -> Result<RecordDetail> {
        let id = record.id();
        let (account_id, account_name, body) = match record {
            RecordRef::Visit(_) => {
                let row = self.visit(id)?;
                let contacts = row
                    .contact_ids
                    .iter()
                    .filter_map(|c| self.contact(*c).ok())
                    .map(|c| Linked {
                        id: c.id,
                        name: c.input.name,
                        title: c.input.title,
                        department: c.input.department,
                        left: c.input.left_company,
                    })
                    .collect();
                (
                    row.account_id,
                    row.account_name.clone(),
                    Body::Visit { row, contacts },
                )
            }
            RecordRef::Complaint(_) => {
                let row = self.complaint(id)?;
                let extra = found(Record::Complaint, self.store.complaint_extra(id)?)?;
                let aged = Aged::new(row, clock.now, self.settings());
                (
                    aged.row.account_id,
                    aged.row.account_name.clone(),
                    Body::Complaint {
                        aged: Box::new(aged),
                        details: extra.details,
                    },
                )
            }
            RecordRef::Survey(_) => {
                let row = self.survey(id)?;
                (row.account_id, row.account_name.clone(), Body::Survey(row))
            }
        };
        let (created, updated) = found(
            record.record(),
            self.store.record_stamps(record.table(), id)?,
        )?;
        let history = self
            .account_history(account_id, HISTORY_LIMIT, clock)?
            .into_iter()
            .filter(|item| item.about(record.table(), id))
            .collect();
        Ok(RecordDetail {
            record,
            account_id,
            account_name,
            body,
            created: local_time(&created, clock),
            updated: local_time(&updated, clock),
            history,
        })
    }

    /// A visit as its edit form starts from.
    pub fn visit_edit(&self, id: i64) -> Result<(VisitRow, VisitEdit)> {
        let v = self.visit(id)?;
        let edit = VisitEdit {
            scheduled_at: v.scheduled_at,
            kind: v.kind,
            purpose: v.purpose.clone(),
            contact_ids: v.contact_ids.clone(),
            outcome: v.outcome.clone(),
            next_step: v.next_step.clone(),
            completed_at: v.completed_at,
        };
        Ok((v, edit))
    }

    /// Corrects a visit, merged with what changed since its form opened
    /// on `base`. A date before the account existed — before the earliest
    /// day kam knows it by, created or recorded — is refused under the
    /// date field.
    pub fn edit_visit(
        &mut self,
        id: i64,
        base: Option<&VisitEdit>,
        edit: &VisitEdit,
        clock: &Clock,
    ) -> Result<Edit<VisitEdit>> {
        let (v, now) = self.visit_edit(id)?;
        let edit = match base {
            None => edit.clone(),
            Some(base) => match self.merged("visits", base, edit, now) {
                Ok(merged) => merged,
                Err(clash) => return Ok(Edit::Clash(Box::new(clash))),
            },
        };
        if let Some(since) = self.store.account_known_since(v.account_id)? {
            let mut errors = edit.done_on_problems(clock.now, since.and_time(NaiveTime::MIN));
            if edit.scheduled_at.date() < since {
                errors.push(FieldError::new(
                    "scheduled_at",
                    Problem::BeforeAccount { since },
                ));
            }
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors).into());
            }
        }
        saved(
            self.write(ChangeKind::VisitEdit, v.account_name, clock, |w| {
                w.update_visit(id, &edit, clock).map(|()| id)
            }),
        )
    }

    /// Deletes a visit; its contacts stay, unlinked from it.
    pub fn delete_visit(&mut self, id: i64, clock: &Clock) -> Result<()> {
        let v = self.visit(id)?;
        self.write(ChangeKind::VisitDelete, v.account_name, clock, |w| {
            w.delete_visit(id)
        })
    }

    /// Moves a visit to `at`: a planned one is rescheduled, a missed or
    /// cancelled one planned again. A done visit is corrected with `e`.
    pub fn move_visit(&mut self, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
        let v = self.visit(id)?;
        match v.status {
            VisitStatus::Planned => self.reschedule_visit(id, at, clock),
            VisitStatus::Missed | VisitStatus::Cancelled => {
                self.write(ChangeKind::VisitReplan, v.account_name, clock, |w| {
                    w.replan_visit(id, at, clock)
                })
            }
            VisitStatus::Done => Err(super::Error::NotPlanned),
        }
    }

    /// Corrects what was logged of a complaint, merged with what changed
    /// since its form opened on `base`.
    pub fn edit_complaint(
        &mut self,
        id: i64,
        base: Option<&ComplaintInput>,
        input: &ComplaintInput,
        clock: &Clock,
    ) -> Result<Edit<ComplaintInput>> {
        let (c, now) = self.complaint_input(id)?;
        let input = match base {
            None => input.clone(),
            Some(base) => match self.merged("complaints", base, input, now) {
                Ok(merged) => merged,
                Err(clash) => return Ok(Edit::Clash(Box::new(clash))),
            },
        };
        let subject = format!("{} · {}", c.account_name, input.summary);
        saved(self.write(ChangeKind::ComplaintEdit, subject, clock, |w| {
            w.update_complaint(id, &input, clock).map(|()| id)
        }))
    }

    /// A complaint and what was logged of it, as its edit form starts.
    pub fn complaint_input(
        &self,
        id: i64,
    ) -> Result<(super::complaints::ComplaintRow, ComplaintInput)> {
        let c = self.complaint(id)?;
        let extra = found(Record::Complaint, self.store.complaint_extra(id)?)?;
        let input = ComplaintInput {
            contact_id: c.contact_id,
            opened_at: c.opened_at,
            category: c.category,
            severity: c.severity,
            summary: c.summary.clone(),
            details: extra.details,
            forwarded_to: c.forwarded_to,
        };
        Ok((c, input))
    }

    /// Deletes a complaint (nothing refers to one).
    pub fn delete_complaint(&mut self, id: i64, clock: &Clock) -> Result<()> {
        let c = self.complaint(id)?;
        let subject = format!("{} · {}", c.account_name, c.summary);
        self.write(ChangeKind::ComplaintDelete, subject, clock, |w| {
            w.delete_complaint(id)
        })
    }

    /// A survey edit (`mine`, typed over `base`) merged with the response
    /// as stored now: the input to save, or the clash to decide.
    pub fn merge_survey(
        &self,
        id: i64,
        base: &SurveyInput,
        mine: &SurveyInput,
    ) -> Result<std::result::Result<SurveyInput, Box<Clash<SurveyInput>>>> {
        let theirs = self.survey(id)?.input;
        Ok(self.merged("surveys", base, mine, theirs).map_err(Box::new))
    }

    /// Deletes a survey response (nothing refers to one).
    pub fn delete_survey(&mut self, id: i64, clock: &Clock) -> Result<()> {
        let r = self.survey(id)?;
        self.write(ChangeKind::SurveyDelete, r.account_name, clock, |w| {
            w.delete_survey(id)
        })
    }
}
