//! Complaints: the ageing list of the portfolio (every unresolved
//! complaint with its age, bucket and response target), and logging,
//! moving and forwarding a complaint.

use super::error::found;
use super::{Error, Portfolio, Record, Result};
use crate::domain::complaint::target_state;
use crate::domain::complaint::{Bucket, TargetState, age, age_days, can_move, response_target};
use crate::domain::settings::Settings;
use crate::domain::{
    ChangeKind, Clock, ComplaintCategory, ComplaintInput, ComplaintStatus, ForwardedTo, Severity,
    Tier,
};
use chrono::{Duration, NaiveDateTime};

pub use crate::store::complaints::{ComplaintKey, ComplaintRow};

/// How many resolved or closed complaints the "include resolved" view loads.
pub const RESOLVED_SHOWN: u32 = 2_000;

/// What the list is narrowed to; `None` is "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub bucket: Option<Bucket>,
    pub severity: Option<Severity>,
    pub category: Option<ComplaintCategory>,
    pub status: Option<ComplaintStatus>,
    pub account: Option<(i64, String)>,
}

impl Filter {
    /// Whether a complaint of the list passes the filter.
    pub fn passes(&self, k: &Keyed) -> bool {
        self.bucket.is_none_or(|b| k.bucket == b)
            && self.severity.is_none_or(|s| k.key.severity == s)
            && self.category.is_none_or(|c| k.key.category == c)
            && self.status.is_none_or(|s| k.key.status == s)
            && self
                .account
                .as_ref()
                .is_none_or(|(id, _)| k.key.account_id == *id)
    }
}

/// A complaint with what is derived from it at load time.
#[derive(Debug, Clone)]
pub struct Aged {
    pub row: ComplaintRow,
    pub age: Duration,
    pub bucket: Bucket,
    pub target: TargetState,
}

impl Aged {
    pub fn new(row: ComplaintRow, now: NaiveDateTime, settings: &Settings) -> Aged {
        let (age, bucket, target) = ageing(
            (row.opened_at, row.resolved_at),
            (row.severity, row.tier),
            now,
            settings,
        );
        Aged {
            age,
            bucket,
            target,
            row,
        }
    }
}

/// A complaint of the list as kept for all of them: what it is filtered
/// and counted by, with its age, bucket and target state.
#[derive(Debug, Clone, Copy)]
pub struct Keyed {
    pub key: ComplaintKey,
    pub age: Duration,
    pub bucket: Bucket,
    pub target: TargetState,
}

/// Age, bucket and target state of a complaint opened and perhaps
/// resolved at `times`, of a severity and tier, at `now`.
fn ageing(
    (opened_at, resolved_at): (NaiveDateTime, Option<NaiveDateTime>),
    (severity, tier): (Severity, Tier),
    now: NaiveDateTime,
    settings: &Settings,
) -> (Duration, Bucket, TargetState) {
    let target = response_target(severity, tier, settings);
    let end = resolved_at.unwrap_or(now);
    (
        age(opened_at, end),
        Bucket::of_days(age_days(opened_at, end)),
        target_state(opened_at, target, resolved_at, now),
    )
}

/// A complaint moved to another status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub summary: String,
    pub to: ComplaintStatus,
}

impl Portfolio {
    /// The Complaints list: every unresolved complaint of the active
    /// accounts, oldest first, then (with `include_resolved`) the most
    /// recently resolved or closed ones; aged at `now`.
    pub fn complaint_list(&self, include_resolved: bool, now: NaiveDateTime) -> Result<Vec<Keyed>> {
        let resolved = if include_resolved { RESOLVED_SHOWN } else { 0 };
        let keys = self.store.complaint_keys(resolved)?;
        Ok(keys
            .into_iter()
            .map(|key| {
                let (age, bucket, target) = ageing(
                    (key.opened_at, key.resolved_at),
                    (key.severity, key.tier),
                    now,
                    &self.settings,
                );
                Keyed {
                    key,
                    age,
                    bucket,
                    target,
                }
            })
            .collect())
    }

    /// The text `/` searches of each complaint of `ids` (summary, details,
    /// resolution, account), lowercased.
    pub fn complaint_search_texts(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        Ok(self.store.complaint_search_texts(ids)?)
    }

    /// The complaints `ids` in full, aged at `now`, in no particular order.
    pub fn complaints(&self, ids: &[i64], now: NaiveDateTime) -> Result<Vec<Aged>> {
        Ok(self
            .store
            .complaints_by_ids(ids)?
            .into_iter()
            .map(|r| Aged::new(r, now, &self.settings))
            .collect())
    }

    /// One complaint.
    pub fn complaint(&self, id: i64) -> Result<ComplaintRow> {
        found(Record::Complaint, self.store.get_complaint(id)?)
    }

    /// A complaint that may be resolved now.
    pub fn resolvable_complaint(&self, id: i64) -> Result<ComplaintRow> {
        let c = self.complaint(id)?;
        if !can_move(c.status, ComplaintStatus::Resolved) {
            return Err(Error::CannotMove {
                from: c.status,
                to: ComplaintStatus::Resolved,
            });
        }
        Ok(c)
    }

    /// Logs a new complaint of an account; returns its id.
    pub fn log_complaint(
        &mut self,
        account_id: i64,
        input: &ComplaintInput,
        clock: &Clock,
    ) -> Result<i64> {
        let subject = format!("{} · {}", self.account_name(account_id), input.summary);
        self.write(ChangeKind::ComplaintAdd, subject, clock, |w| {
            w.add_complaint(account_id, input, clock)
        })
    }

    /// Moves a complaint to `to` (resolving needs the resolution).
    pub fn move_complaint(
        &mut self,
        id: i64,
        to: ComplaintStatus,
        resolution: Option<&str>,
        clock: &Clock,
    ) -> Result<Moved> {
        let c = self.complaint(id)?;
        let subject = format!("{} · {}", c.account_name, c.summary);
        self.write(ChangeKind::complaint_to(to), subject, clock, |w| {
            w.set_complaint_status(id, to, resolution, clock)
        })?;
        Ok(Moved {
            summary: c.summary,
            to,
        })
    }

    /// Passes a complaint on to the department that can fix it; returns
    /// its summary.
    pub fn forward_complaint(&mut self, id: i64, to: ForwardedTo, clock: &Clock) -> Result<String> {
        let c = self.complaint(id)?;
        let subject = format!("{} · {}", c.account_name, c.summary);
        self.write(ChangeKind::ComplaintForward, subject, clock, |w| {
            w.forward_complaint(id, to, clock)
        })?;
        Ok(c.summary)
    }
}
