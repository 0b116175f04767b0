//! Promises (commitments): what we promised an account and by when — add,
//! change, mark kept or open again, delete; an account's list and the ones
//! due by a day (Today). Every write is one change of the journal.

use super::error::found;
use super::{Portfolio, Record, Result};
use crate::domain::{ChangeKind, Clock};
use crate::store::commitments as table;
use chrono::NaiveDate;

pub use crate::domain::{Commitment, CommitmentInput};

impl Portfolio {
    /// One promise.
    pub fn commitment(&self, id: i64) -> Result<Commitment> {
        found(Record::Commitment, table::get(self.store.conn(), id)?)
    }

    /// An account's promises: the open ones by due date, then the kept.
    pub fn commitments_of(&self, account_id: i64) -> Result<Vec<Commitment>> {
        Ok(table::of_account(self.store.conn(), account_id)?)
    }

    /// Open promises due on or before `day` (overdue first) of accounts in
    /// the portfolio — neither archived nor lost; at most `limit`.
    pub fn commitments_due(&self, day: NaiveDate, limit: u32) -> Result<Vec<Commitment>> {
        Ok(table::open_due_by(self.store.conn(), day, limit)?)
    }

    /// Saves a new promise of an account (`id` None) or changes one;
    /// returns its id. A promise without a due date is refused under
    /// `due_on`, nothing saved.
    pub fn save_commitment(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: &CommitmentInput,
        clock: &Clock,
    ) -> Result<i64> {
        let subject = self.account_name(account_id);
        match id {
            Some(id) => {
                self.write(ChangeKind::PromiseEdit, subject, clock, |w| {
                    w.update_commitment(id, input, clock)
                })?;
                Ok(id)
            }
            None => self.write(ChangeKind::PromiseAdd, subject, clock, |w| {
                w.add_commitment(account_id, input, clock)
            }),
        }
    }

    /// Marks a promise kept now (`kept`), or open again; returns whether it
    /// is kept afterwards.
    pub fn set_commitment_kept(&mut self, id: i64, kept: bool, clock: &Clock) -> Result<bool> {
        let c = self.commitment(id)?;
        let kind = if kept {
            ChangeKind::PromiseKept
        } else {
            ChangeKind::PromiseReopened
        };
        let at = kept.then_some(clock.now);
        self.write(kind, c.account_name, clock, |w| {
            w.set_commitment_done(id, at, clock)
        })?;
        Ok(kept)
    }

    /// Kept ↔ open: one key.
    pub fn toggle_commitment(&mut self, id: i64, clock: &Clock) -> Result<bool> {
        let open = self.commitment(id)?.is_open();
        self.set_commitment_kept(id, open, clock)
    }

    /// Deletes a promise.
    pub fn delete_commitment(&mut self, id: i64, clock: &Clock) -> Result<()> {
        let c = self.commitment(id)?;
        self.write(ChangeKind::PromiseDelete, c.account_name, clock, |w| {
            w.delete_commitment(id)
        })
    }
}
