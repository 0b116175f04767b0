//! The writes of one recorded change (`Store::record`), on its
//! transaction: what the portfolio's use cases do to the tables. Each is
//! the table module's own function; the `Store` methods of the same name
//! run it outside the journal (tests, the demo).

use super::{Result, accounts, commitments, complaints, contacts, new_uid, surveys, visits};
use crate::domain::{
    AccountInput, Clock, CommitmentInput, ComplaintInput, ComplaintStatus, ContactInput,
    ForwardedTo, SurveyInput, VisitClose, VisitEdit, VisitInput,
};
use chrono::NaiveDateTime;
use rusqlite::Connection;

/// One transaction being recorded.
pub struct Writer<'a> {
    pub(super) conn: &'a Connection,
}

impl Writer<'_> {
    /// The transaction, for the import's table functions (`store::interop`).
    pub fn conn(&self) -> &Connection {
        self.conn
    }

    pub fn add_account(&self, input: &AccountInput, clock: &Clock) -> Result<i64> {
        accounts::insert(self.conn, &new_uid(), input, clock)
    }

    pub fn update_account(&self, id: i64, input: &AccountInput, clock: &Clock) -> Result<()> {
        accounts::update_existing(self.conn, id, input, clock)
    }

    pub fn set_account_archived(&self, id: i64, archived: bool, clock: &Clock) -> Result<()> {
        accounts::set_archived(self.conn, id, archived, clock)
    }

    /// (id, owner, backup owner) of the accounts `ids` (all for `None`).
    pub fn account_owners(&self, ids: Option<&[i64]>) -> Result<Vec<(i64, String, String)>> {
        accounts::owners(self.conn, ids)
    }

    pub fn set_account_owners(
        &self,
        id: i64,
        owner: &str,
        backup_owner: &str,
        clock: &Clock,
    ) -> Result<()> {
        accounts::set_owners(self.conn, id, owner, backup_owner, clock)
    }

    /// (id, account, our side) of every contact of the accounts `ids`.
    pub fn tie_holders(&self, ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
        contacts::holders_of(self.conn, ids)
    }

    pub fn set_tie_holder(&self, id: i64, our_side: &str, clock: &Clock) -> Result<()> {
        contacts::set_our_side(self.conn, id, our_side, clock)
    }

    pub fn add_contact(&self, account_id: i64, input: &ContactInput, clock: &Clock) -> Result<i64> {
        contacts::insert(self.conn, &new_uid(), account_id, input, clock)
    }

    pub fn update_contact(&self, id: i64, input: &ContactInput, clock: &Clock) -> Result<()> {
        contacts::update_existing(self.conn, id, input, clock)
    }

    pub fn delete_contact(&self, id: i64) -> Result<()> {
        contacts::delete(self.conn, id)
    }

    pub fn add_complaint(
        &self,
        account_id: i64,
        input: &ComplaintInput,
        clock: &Clock,
    ) -> Result<i64> {
        complaints::insert(
            self.conn,
            &new_uid(),
            account_id,
            input,
            ComplaintStatus::Open,
            None,
            clock,
        )
    }

    pub fn set_complaint_status(
        &self,
        id: i64,
        to: ComplaintStatus,
        resolution: Option<&str>,
        clock: &Clock,
    ) -> Result<()> {
        complaints::set_status(self.conn, id, to, resolution, clock)
    }

    pub fn forward_complaint(&self, id: i64, to: ForwardedTo, clock: &Clock) -> Result<()> {
        complaints::forward(self.conn, id, to, clock)
    }

    pub fn add_visit(&self, account_id: i64, input: &VisitInput, clock: &Clock) -> Result<i64> {
        visits::insert(self.conn, &new_uid(), account_id, input, None, clock)
    }

    pub fn close_visit(&self, id: i64, close: &VisitClose, clock: &Clock) -> Result<()> {
        visits::close(self.conn, id, close, clock)
    }

    pub fn reschedule_visit(&self, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
        visits::reschedule(self.conn, id, at, clock)
    }

    pub fn add_survey(&self, account_id: i64, input: &SurveyInput, clock: &Clock) -> Result<i64> {
        surveys::insert(self.conn, &new_uid(), account_id, input, clock)
    }

    pub fn update_survey(&self, id: i64, input: &SurveyInput, clock: &Clock) -> Result<()> {
        surveys::update(self.conn, id, input, clock)
    }

    pub fn add_commitment(
        &self,
        account_id: i64,
        input: &CommitmentInput,
        clock: &Clock,
    ) -> Result<i64> {
        commitments::insert(self.conn, &new_uid(), account_id, input, None, clock)
    }

    /// Stores one setting (checked by the caller: `domain::settings::checked`).
    pub fn set_setting(&self, key: &str, value: i64) -> Result<()> {
        super::settings::set(self.conn, key, &value.to_string())
    }

    pub fn update_commitment(&self, id: i64, input: &CommitmentInput, clock: &Clock) -> Result<()> {
        commitments::update(self.conn, id, input, clock)
    }

    pub fn set_commitment_done(
        &self,
        id: i64,
        done_at: Option<NaiveDateTime>,
        clock: &Clock,
    ) -> Result<()> {
        commitments::set_done(self.conn, id, done_at, clock)
    }

    pub fn delete_commitment(&self, id: i64) -> Result<()> {
        commitments::delete(self.conn, id)
    }

    pub fn update_visit(&self, id: i64, edit: &VisitEdit, clock: &Clock) -> Result<()> {
        visits::update(self.conn, id, edit, clock)
    }

    pub fn delete_visit(&self, id: i64) -> Result<()> {
        visits::delete(self.conn, id)
    }

    pub fn replan_visit(&self, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
        visits::replan(self.conn, id, at, clock)
    }

    pub fn update_complaint(&self, id: i64, input: &ComplaintInput, clock: &Clock) -> Result<()> {
        complaints::update(self.conn, id, input, clock)
    }

    pub fn delete_complaint(&self, id: i64) -> Result<()> {
        complaints::delete(self.conn, id)
    }

    pub fn delete_survey(&self, id: i64) -> Result<()> {
        surveys::delete(self.conn, id)
    }
}
