//! Accounts: the Accounts list as a window over an order kept in SQL
//! (filters and every sort key), and adding, changing and archiving an
//! account.

use super::edit::{Edit, saved};
use super::error::found;
use super::{Portfolio, Record, Result};
use crate::domain::{Account, AccountInput, AccountSummary, ChangeKind, Clock, ListQuery};
use chrono::NaiveDateTime;

pub use crate::store::contacts::ContactKey;

impl Portfolio {
    /// The ids of the Accounts list for `query`, in order (the order reads
    /// stored health scores, made fresh at `now`), and how many accounts
    /// the list has before its filters.
    pub fn account_order(
        &self,
        query: &ListQuery,
        now: NaiveDateTime,
    ) -> Result<(Vec<i64>, usize)> {
        self.fresh(now)?;
        let order = self.store.account_order(query)?;
        let total = self.store.count_accounts(query.archived)?;
        Ok((order, usize::try_from(total).unwrap_or(usize::MAX)))
    }

    /// (id, name, search form) of the accounts of the list, for `/`.
    pub fn account_search_forms(&self, archived: bool) -> Result<Vec<(i64, String, String)>> {
        Ok(self.store.account_search_forms(archived)?)
    }

    /// Every contact of the accounts of the list, for `/`: an account is
    /// found by the people it has too.
    pub fn contact_search_forms(&self, archived: bool) -> Result<Vec<ContactKey>> {
        Ok(self.store.contact_search_forms(archived)?)
    }

    /// (id, name, search form) of every active account by name: what an
    /// account picker offers.
    pub fn account_choices(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(self.store.account_choices()?)
    }

    /// The list rows of the accounts `ids`, in no particular order;
    /// unknown ids are left out.
    pub fn account_rows(&self, ids: &[i64], now: NaiveDateTime) -> Result<Vec<AccountSummary>> {
        self.fresh(now)?;
        Ok(self.store.summaries_of(ids, now)?)
    }

    /// One account's list row (archived or not).
    pub fn account_row(&self, id: i64, now: NaiveDateTime) -> Result<Option<AccountSummary>> {
        Ok(self.account_rows(&[id], now)?.pop())
    }

    /// How many accounts there are, archived or not.
    pub fn count_accounts(&self, archived: bool) -> Result<usize> {
        let n = self.store.count_accounts(archived)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// One account.
    pub fn account(&self, id: i64) -> Result<Account> {
        found(Record::Account, self.store.get_account(id)?)
    }

    /// An account by its id (digits) or its uid.
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        Ok(self.store.find_account(key)?)
    }

    /// Adds an account (`id` None) or changes one. An edit typed over
    /// `base` (the account as its form was opened) is merged with what is
    /// stored now: a field changed meanwhile is kept unless the user
    /// changed it too, and then it is a clash to decide.
    pub fn save_account(
        &mut self,
        id: Option<i64>,
        base: Option<&AccountInput>,
        input: &AccountInput,
        clock: &Clock,
    ) -> Result<Edit<AccountInput>> {
        let Some(id) = id else {
            let name = input.name.clone();
            return saved(self.write(ChangeKind::AccountAdd, name, clock, |w| {
                w.add_account(input, clock)
            }));
        };
        let stored = self.account(id)?.input;
        let was = stored.tier;
        let mut input = match base {
            None => input.clone(),
            Some(base) => match self.merged("accounts", base, input, stored) {
                Ok(merged) => merged,
                Err(clash) => return Ok(Edit::Clash(Box::new(clash))),
            },
        };
        input.follow_tier(was, |t| self.settings.cadence_days(t));
        let name = input.name.clone();
        saved(self.write(ChangeKind::AccountEdit, name, clock, |w| {
            w.update_account(id, &input, clock).map(|()| id)
        }))
    }

    /// Archives an account (nothing is deleted), or brings it back.
    pub fn set_archived(&mut self, id: i64, archived: bool, clock: &Clock) -> Result<()> {
        let kind = if archived {
            ChangeKind::AccountArchive
        } else {
            ChangeKind::AccountUnarchive
        };
        let name = self.account_name(id);
        self.write(kind, name, clock, |w| {
            w.set_account_archived(id, archived, clock)
        })
    }
}
