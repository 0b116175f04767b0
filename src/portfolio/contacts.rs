//! Contacts: the people we know at an account; adding, changing and
//! deleting one.

use super::edit::{Edit, saved};
use super::error::found;
use super::{Portfolio, Record, Result};
use crate::domain::{ChangeKind, Clock, Contact, ContactInput};

pub use crate::store::contacts::ContactRow;

impl Portfolio {
    /// One contact.
    pub fn contact(&self, id: i64) -> Result<Contact> {
        found(Record::Contact, self.store.get_contact(id)?)
    }

    /// The contacts a form offers for an account: those still with the
    /// company, and `also` (e.g. the departed respondent of an old survey).
    pub fn current_contacts(&self, account_id: i64, also: Option<i64>) -> Result<Vec<ContactRow>> {
        Ok(self
            .store
            .contacts_of(account_id)?
            .into_iter()
            .filter(|c| !c.contact.input.left_company || also == Some(c.contact.id))
            .collect())
    }

    /// Adds a contact to an account (`id` None) or changes one, merged
    /// with what is stored now as `save_account` does.
    pub fn save_contact(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        base: Option<&ContactInput>,
        input: &ContactInput,
        clock: &Clock,
    ) -> Result<Edit<ContactInput>> {
        let subject = |name: &str| format!("{name} · {}", self.account_name(account_id));
        let Some(id) = id else {
            let subject = subject(&input.name);
            return saved(self.write(ChangeKind::ContactAdd, subject, clock, |w| {
                w.add_contact(account_id, input, clock)
            }));
        };
        let input = match base {
            None => input.clone(),
            Some(base) => match self.merged("contacts", base, input, self.contact(id)?.input) {
                Ok(merged) => merged,
                Err(clash) => return Ok(Edit::Clash(Box::new(clash))),
            },
        };
        let subject = subject(&input.name);
        saved(self.write(ChangeKind::ContactEdit, subject, clock, |w| {
            w.update_contact(id, &input, clock).map(|()| id)
        }))
    }

    /// Deletes a contact; their visits, complaints and surveys stay,
    /// without the name.
    pub fn delete_contact(&mut self, id: i64, clock: &Clock) -> Result<()> {
        let c = self.contact(id)?;
        let subject = format!("{} · {}", c.input.name, self.account_name(c.account_id));
        self.write(ChangeKind::ContactDelete, subject, clock, |w| {
            w.delete_contact(id)
        })
    }
}
