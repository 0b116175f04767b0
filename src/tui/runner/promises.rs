//! Carrying out what screens ask about promises: the form (blank, an edit,
//! or from a visit's next step), saving, kept ↔ open, deleting, opening an
//! account on its Promises section.

use crate::domain::CommitmentInput;
use crate::portfolio::Result;
use crate::strings_brief as b;
use crate::tui::app::{App, Modal};
use crate::tui::effect::PromiseEffect;
use crate::tui::forms::{self, FormPurpose};

impl App {
    pub(super) fn promise(&mut self, effect: PromiseEffect) -> Result<()> {
        match effect {
            PromiseEffect::Form {
                account_id,
                id,
                input,
            } => self.promise_form(account_id, id, input),
            PromiseEffect::FromVisit(visit) => {
                let v = self.portfolio.visit(visit)?;
                let input = CommitmentInput {
                    what: v.next_step.clone(),
                    contact_id: v.contact_ids.first().copied(),
                    due_on: None,
                    visit_id: Some(v.id),
                };
                self.promise_form(v.account_id, None, input)
            }
            PromiseEffect::Save {
                account_id,
                id,
                input,
            } => {
                let saved = self
                    .portfolio
                    .save_commitment(account_id, id, &input, &self.clock)?;
                self.modal = None;
                self.info(b::saved(&self.portfolio.account(account_id)?.input.name));
                self.refresh_after(Some(account_id))?;
                if let Some(view) = self.account_view()
                    && view.id() == account_id
                {
                    view.show_promise(saved);
                }
                Ok(())
            }
            PromiseEffect::Toggle(id) => {
                let kept = self.portfolio.toggle_commitment(id, &self.clock)?;
                let c = self.portfolio.commitment(id)?;
                self.info(b::toggled(kept, &c.input.what));
                self.refresh_after(Some(c.account_id))?;
                if let Some(view) = self.account_view() {
                    view.select_promise(id);
                }
                Ok(())
            }
            PromiseEffect::Delete(id) => {
                let c = self.portfolio.commitment(id)?;
                self.portfolio.delete_commitment(id, &self.clock)?;
                self.info(b::deleted(&c.input.what));
                self.refresh_after(Some(c.account_id))
            }
            PromiseEffect::OpenAccount(account, id) => {
                self.open_then(account, |v| v.show_promises(id))
            }
        }
    }

    fn promise_form(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: CommitmentInput,
    ) -> Result<()> {
        let account = self.portfolio.account(account_id)?;
        let existing = id.map(|id| self.portfolio.commitment(id)).transpose()?;
        let input = existing.map_or(input, |c| c.input);
        let contacts: Vec<_> = self
            .portfolio
            .current_contacts(account_id, input.contact_id)?
            .into_iter()
            .map(|c| {
                (
                    c.contact.id,
                    c.contact.input.name,
                    c.contact.input.department,
                )
            })
            .collect();
        let form = forms::promise::build(
            &account.input.name,
            &contacts,
            &input,
            id.is_some(),
            self.clock.today(),
        );
        self.modal = Some(Modal::Form {
            form,
            purpose: FormPurpose::Promise {
                account_id,
                id,
                contacts: contacts.iter().map(|c| c.0).collect(),
                visit_id: input.visit_id,
            },
        });
        Ok(())
    }
}
