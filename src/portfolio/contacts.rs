//! Contacts: the people we know at an account; adding, changing and
//! deleting one.

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

    /// Adds a contact to an account (`id` None) or changes one; returns
    /// its id.
    pub fn save_contact(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: &ContactInput,
        clock: &Clock,
    ) -> Result<i64> {
        let subject = format!("{} · {}", input.name, self.account_name(account_id));
        match id {
            Some(id) => {
                self.write(ChangeKind::ContactEdit, subject, clock, |w| {
                    w.update_contact(id, input, clock)
                })?;
                Ok(id)
            }
            None => self.write(ChangeKind::ContactAdd, subject, clock, |w| {
                w.add_contact(account_id, input, clock)
            }),
        }
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
