//! Contacts: the people we know at an account; adding, changing and
//! deleting one.

use super::error::found;
use super::{Portfolio, Record, Result};
use crate::domain::{Clock, Contact, ContactInput};

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
        match id {
            Some(id) => {
                self.store.update_contact(id, input, clock)?;
                Ok(id)
            }
            None => Ok(self.store.add_contact(account_id, input, clock)?),
        }
    }

    /// Deletes a contact; their visits, complaints and surveys stay,
    /// without the name.
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        Ok(self.store.delete_contact(id)?)
    }
}
