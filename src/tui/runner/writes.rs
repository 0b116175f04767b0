//! Saving: each effect calls one use case of the portfolio, says what it
//! did in the status line, closes the form, reloads what shows the change
//! and selects the record; some then offer what comes next (the next
//! visit, a follow-up to a low score).

use crate::domain::{
    AccountInput, ComplaintInput, ComplaintStatus, ContactInput, ForwardedTo, SurveyInput,
    VisitClose, VisitInput, VisitStatus,
};
use crate::portfolio::Result;
use crate::portfolio::complaints::Filter;
use crate::portfolio::edit::{ClashField, Edit};
use crate::portfolio::surveys::FollowUp;
use crate::portfolio::visits::{Because, Proposal};
use crate::strings::{Label, s, when};
use crate::tui::app::{App, Choice, Modal};
use crate::tui::draft::Draft;
use crate::tui::effect::{ComplaintPrefill, Effect, VisitPrefill};
use chrono::NaiveDateTime;

impl App {
    /// Carries out an effect that writes.
    pub(super) fn write(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::SaveAccount { id, input, base } => self.save_account(id, &input, base),
            Effect::SetArchived { id, archived, name } => self.set_archived(id, archived, &name),
            Effect::SaveContact {
                account_id,
                id,
                input,
                base,
            } => self.save_contact(account_id, id, &input, base),
            Effect::DeleteContact { id, name } => {
                self.portfolio.delete_contact(id, &self.clock)?;
                self.info((s().deleted_contact)(&name));
                self.refresh()
            }
            Effect::SaveComplaint { account_id, input } => self.save_complaint(account_id, &input),
            Effect::SetComplaintStatus { id, to, resolution } => {
                self.move_complaint(id, to, resolution.as_deref())
            }
            Effect::Forward { id, to } => self.forward(id, to),
            Effect::SaveVisit {
                account_id,
                input,
                past_ok,
            } => self.save_visit(account_id, input, past_ok),
            Effect::SaveVisitDone { id, close } => self.close_visit(id, &close),
            Effect::MarkVisitMissed(id) => self.close_visit(id, &closed(VisitStatus::Missed)),
            Effect::CancelVisit(id) => self.close_visit(id, &closed(VisitStatus::Cancelled)),
            Effect::Reschedule { id, at } => self.reschedule(id, at),
            Effect::SaveSurvey {
                account_id,
                id,
                input,
                base,
            } => self.save_survey(account_id, id, &input, base),
            Effect::Handover { from, to, accounts } => {
                self.handover(&from, &to, accounts.as_deref())
            }
            Effect::DecideConflict {
                id,
                take_other,
                about,
            } => {
                self.portfolio
                    .decide_conflict(id, take_other, &self.clock)?;
                self.info(crate::strings_sync::conflict_decided(take_other, &about));
                if self.tabs.accounts.is_loaded() {
                    self.tabs.accounts.reload();
                }
                self.refresh()
            }
            Effect::SaveVisitEdit { id, edit, base } => self.save_visit_edit(id, &edit, base),
            Effect::SaveComplaintEdit { id, input, base } => {
                self.save_complaint_edit(id, &input, base)
            }
            Effect::DeleteRecord(record) => self.delete_record(record),
            Effect::Undo => self.reverse(false),
            Effect::Redo => self.reverse(true),
            other => unreachable!("not a write: {other:?}"),
        }
    }

    /// Undoes this kam's latest change (or, `redo`, puts back the latest
    /// undo) and reloads everything shown: it may touch any screen.
    fn reverse(&mut self, redo: bool) -> Result<()> {
        let t = s();
        let done = if redo {
            self.portfolio.redo(&self.clock)?
        } else {
            self.portfolio.undo(&self.clock)?
        };
        match done {
            Some(change) if redo => self.info((t.redone)(&change.said())),
            Some(change) => self.info((t.undone)(&change.said())),
            None if redo => self.info(t.nothing_to_redo),
            None => self.info(t.nothing_to_undo),
        }
        if self.tabs.accounts.is_loaded() {
            self.tabs.accounts.reload();
        }
        self.refresh()
    }

    /// Hands over and says what moved and how many key accounts rest on
    /// one person now (Today lists them); every screen may show it.
    fn handover(&mut self, from: &str, to: &str, accounts: Option<&[i64]>) -> Result<()> {
        let done = self.portfolio.handover(from, to, accounts, &self.clock)?;
        let thin = done.single_threaded.len();
        self.info((s().handed_over)(&done.moved, &done.from, &done.to, thin));
        self.modal = None;
        if self.tabs.accounts.is_loaded() {
            self.tabs.accounts.reload();
        }
        self.refresh()
    }

    fn save_account(
        &mut self,
        id: Option<i64>,
        input: &AccountInput,
        base: Option<Box<AccountInput>>,
    ) -> Result<()> {
        let t = s();
        let saved = match self
            .portfolio
            .save_account(id, base.as_deref(), input, &self.clock)?
        {
            Edit::Saved(saved) => saved,
            Edit::Clash(clash) => {
                let (mine, theirs) = (clash.decide(true), clash.decide(false));
                let again = |(input, base): (AccountInput, AccountInput)| Effect::SaveAccount {
                    id,
                    input,
                    base: Some(Box::new(base)),
                };
                self.offer_clash(&clash.fields[0], again(mine), again(theirs));
                return Ok(());
            }
        };
        self.info(if id.is_none() {
            (t.added_account)(&input.name)
        } else {
            (t.saved_account)(&input.name)
        });
        self.modal = None;
        self.refresh_after(Some(saved))?;
        self.tabs.accounts.select_id(saved);
        Ok(())
    }

    /// A field both this form and someone else changed: keep which? Esc
    /// goes back to the form.
    pub(super) fn offer_clash(&mut self, f: &ClashField, mine: Effect, theirs: Effect) {
        let t = s();
        let back = self.modal.take().map(Box::new);
        self.modal = Some(Modal::Offer {
            question: (t.clash_question)(&f.label, &f.mine, &f.theirs),
            options: vec![
                ('m', t.clash_mine, Choice::Run(mine)),
                ('t', t.clash_theirs, Choice::Run(theirs)),
            ],
            back,
        });
    }

    fn set_archived(&mut self, id: i64, archived: bool, name: &str) -> Result<()> {
        let t = s();
        self.portfolio.set_archived(id, archived, &self.clock)?;
        self.info(if archived {
            (t.archived_account)(name)
        } else {
            (t.unarchived_account)(name)
        });
        self.refresh_after(Some(id))
    }

    fn save_contact(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: &ContactInput,
        base: Option<Box<ContactInput>>,
    ) -> Result<()> {
        let t = s();
        let saved = match self.portfolio.save_contact(
            account_id,
            id,
            base.as_deref(),
            input,
            &self.clock,
        )? {
            Edit::Saved(saved) => saved,
            Edit::Clash(clash) => {
                let (mine, theirs) = (clash.decide(true), clash.decide(false));
                let again = |(input, base): (ContactInput, ContactInput)| Effect::SaveContact {
                    account_id,
                    id,
                    input,
                    base: Some(Box::new(base)),
                };
                self.offer_clash(&clash.fields[0], again(mine), again(theirs));
                return Ok(());
            }
        };
        self.info(match id {
            Some(_) => (t.saved_contact)(&input.name),
            None => (t.added_contact)(&input.name),
        });
        self.modal = None;
        self.refresh_after(Some(account_id))?;
        if let Some(view) = self.account_view() {
            view.select_contact(saved);
        }
        Ok(())
    }

    fn save_complaint(&mut self, account_id: i64, input: &ComplaintInput) -> Result<()> {
        let id = self
            .portfolio
            .log_complaint(account_id, input, &self.clock)?;
        self.info((s().logged_complaint)(&input.summary));
        self.modal = None;
        self.refresh_after(Some(account_id))?;
        self.tabs.complaints.select_id(id);
        if let Some(view) = self.account_view() {
            view.show_complaint(id);
        }
        Ok(())
    }

    fn move_complaint(
        &mut self,
        id: i64,
        to: ComplaintStatus,
        resolution: Option<&str>,
    ) -> Result<()> {
        let moved = self
            .portfolio
            .move_complaint(id, to, resolution, &self.clock)?;
        self.info((s().complaint_moved)(&moved.summary, moved.to.label()));
        self.modal = None;
        self.refresh()
    }

    fn forward(&mut self, id: i64, to: ForwardedTo) -> Result<()> {
        let summary = self.portfolio.forward_complaint(id, to, &self.clock)?;
        self.info((s().complaint_forwarded)(&summary, to.label()));
        self.modal = None;
        self.refresh()
    }

    pub(super) fn apply_complaint_filter(
        &mut self,
        filter: Filter,
        include_resolved: bool,
    ) -> Result<()> {
        self.modal = None;
        let complaints = &mut self.tabs.complaints;
        complaints.set_filter(filter);
        if include_resolved != complaints.include_resolved {
            complaints.include_resolved = include_resolved;
            return self.load(crate::tui::app::Tab::Complaints);
        }
        Ok(())
    }

    /// `past_ok`: the user confirmed a time in the past; then what came of
    /// the visit is asked next.
    fn save_visit(&mut self, account_id: i64, input: VisitInput, past_ok: bool) -> Result<()> {
        let at = when(input.scheduled_at, true);
        if input.scheduled_at < self.clock.now && !past_ok {
            // ask, and come back to the form on "no"
            let back = self.modal.take().map(Box::new);
            self.modal = Some(Modal::Confirm {
                question: (s().confirm_past_visit)(&at),
                then: Effect::SaveVisit {
                    account_id,
                    input,
                    past_ok: true,
                },
                back,
            });
            return Ok(());
        }
        let id = self
            .portfolio
            .schedule_visit(account_id, &input, &self.clock)?;
        let name = self
            .portfolio
            .account(account_id)
            .map(|a| a.input.name)
            .unwrap_or_default();
        self.info((s().scheduled_visit)(&name, &at));
        self.modal = None;
        self.refresh_after(Some(account_id))?;
        self.tabs.visits.select_visit(id);
        if let Some(view) = self.account_view() {
            view.show_visit(id);
        }
        if past_ok {
            self.try_run(Effect::VisitDoneForm(id))?;
            // logged after it happened: done on its own time
            if let Some(Modal::Form { form, .. }) = &mut self.modal {
                let at = input.scheduled_at.format("%Y-%m-%d %H:%M").to_string();
                form.restore(&[("done_at".to_string(), at)]);
            }
        }
        Ok(())
    }

    /// Closes a visit; a done or missed one opens the form of the next.
    fn close_visit(&mut self, id: i64, close: &VisitClose) -> Result<()> {
        let t = s();
        let closed = self.portfolio.close_visit(id, close, &self.clock)?;
        let name = &closed.visit.account_name;
        self.info(match close.status {
            VisitStatus::Done => (t.visit_done)(name),
            VisitStatus::Missed => (t.visit_missed)(name),
            _ => (t.visit_cancelled)(name),
        });
        if close.status == VisitStatus::Done {
            self.modal = None;
        }
        self.refresh()?;
        match closed.next {
            Some(next) => self.try_run(Effect::ScheduleVisitForm {
                account_id: next.account_id,
                prefill: proposed(next),
            }),
            None => Ok(()),
        }
    }

    /// Moves a planned visit, or plans a missed or cancelled one again.
    fn reschedule(&mut self, id: i64, at: NaiveDateTime) -> Result<()> {
        let was = self.portfolio.visit(id)?.status;
        self.portfolio.move_visit(id, at, &self.clock)?;
        self.info(if was == VisitStatus::Planned {
            (s().visit_rescheduled)(&when(at, true))
        } else {
            crate::strings_records::visit_replanned(&when(at, true))
        });
        self.modal = None;
        self.refresh()?;
        self.tabs.visits.select_visit(id);
        Ok(())
    }

    /// Saves a survey; an edit is merged with what changed since its form
    /// opened (`base`), a field both changed put to the user.
    fn save_survey(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: &SurveyInput,
        base: Option<Box<SurveyInput>>,
    ) -> Result<()> {
        let input = match (id, base) {
            (Some(id), Some(base)) => match self.portfolio.merge_survey(id, &base, input)? {
                Ok(merged) => merged,
                Err(clash) => {
                    let (mine, theirs) = (clash.decide(true), clash.decide(false));
                    let again = |(input, base): (SurveyInput, SurveyInput)| Effect::SaveSurvey {
                        account_id,
                        id: Some(id),
                        input,
                        base: Some(Box::new(base)),
                    };
                    self.offer_clash(&clash.fields[0], again(mine), again(theirs));
                    return Ok(());
                }
            },
            _ => input.clone(),
        };
        let input = &input;
        let saved = self
            .portfolio
            .save_survey(account_id, id, input, &self.clock)?;
        self.info((s().saved_survey)(&saved.account_name));
        self.modal = None;
        self.refresh_after(Some(account_id))?;
        self.tabs.surveys.select_id(saved.id);
        if let Some(view) = self.account_view() {
            view.show_survey(saved.id);
        }
        if let Some(follow_up) = saved.follow_up {
            self.offer_follow_up(follow_up);
        }
        Ok(())
    }

    /// After a low score: a complaint prefilled from the lowest dimension,
    /// or a follow-up visit, one key each.
    fn offer_follow_up(&mut self, f: FollowUp) {
        let t = s();
        let (dim, score) = (f.dimension.label(), f.score);
        let complaint = Effect::LogComplaintForm {
            account_id: f.account_id,
            prefill: ComplaintPrefill {
                contact_id: f.contact_id,
                category: Some(f.dimension.complaint_category()),
                summary: (t.low_score_summary)(dim, score),
            },
        };
        let visit = Effect::ScheduleVisitForm {
            account_id: f.account_id,
            // a date and time proposed: `v` then Ctrl-S schedules it
            prefill: VisitPrefill {
                date: Some(f.visit_at.date()),
                time: Some(f.visit_at.time()),
                purpose: (t.low_score_purpose)(dim, score),
                contact_ids: f.contact_id.into_iter().collect(),
                ..VisitPrefill::default()
            },
        };
        self.modal = Some(Modal::Offer {
            question: (t.offer_low_score)(dim, score),
            options: vec![
                ('c', t.offer_complaint, Choice::Run(complaint)),
                ('v', t.offer_visit, Choice::Run(visit)),
            ],
            back: None,
        });
    }

    /// Opens the form a stopped kam left and puts back what was typed; its
    /// draft file (if any) stays until the form is saved or closed.
    pub(crate) fn restore_draft(&mut self, draft: Draft, file: Option<std::path::PathBuf>) {
        let Some(open) = draft.purpose.reopen() else {
            return;
        };
        if let Err(e) = self.try_run(open) {
            self.error(e.said());
            return;
        }
        match &mut self.modal {
            Some(Modal::Form { form, purpose }) if purpose.reopen() == draft.purpose.reopen() => {
                form.restore(&draft.values);
                self.restored = file;
                // what the draft was typed over, so that a save merges with
                // what changed since
                *purpose = draft.purpose;
                self.info(s().draft_restored);
            }
            // the account or record is gone, or the form could not open
            _ => {}
        }
        self.settle();
    }
}

/// A visit closed without an outcome (missed, cancelled).
fn closed(status: VisitStatus) -> VisitClose {
    VisitClose {
        status,
        outcome: String::new(),
        next_step: String::new(),
        done_at: None,
    }
}

/// The form's start for a visit the portfolio proposes.
fn proposed(p: Proposal) -> VisitPrefill {
    let t = s();
    VisitPrefill {
        date: p.date,
        time: Some(p.time),
        kind: p.kind,
        purpose: p.purpose,
        contact_ids: p.contact_ids,
        title: Some(match p.because {
            Because::Cadence(days) => (t.form_next_visit)(days),
            Because::Missed => t.form_missed_again.to_string(),
        }),
        follow_up: false,
    }
}
