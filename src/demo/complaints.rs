//! Complaints, open and settled, of every age.

use super::generator::{Generator, Plan};
use crate::domain::*;
use crate::store::{self, StoreError};
use chrono::Duration;

impl Generator<'_> {
    pub(super) fn complaints(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let history = match plan.tier {
            Tier::Key => self.rng.range(20, 34),
            Tier::Important => self.rng.range(12, 24),
            Tier::General => self.rng.range(4, 14),
        };
        // open complaints of every age: 0–2 days … over a month
        let open = if plan.lost || plan.low_recent {
            0
        } else if plan.neglected {
            // neglected accounts let complaints age
            3
        } else {
            *self.rng.pick(&[0, 0, 0, 1, 1, 2])
        };
        for k in 0..history + open {
            let is_open = k >= history;
            let age = if is_open && plan.neglected {
                *self.rng.pick(&[12, 19, 26, 45])
            } else if is_open {
                *self.rng.pick(&[0, 1, 2, 2, 4, 6, 9, 12, 19, 45])
            } else {
                self.rng.range(10, 1000)
            };
            let input = self.complaint_input(contacts, is_open, age);
            let uid = self.rng.uid();
            if is_open {
                let status = *self.rng.pick(&[
                    ComplaintStatus::Open,
                    ComplaintStatus::Open,
                    ComplaintStatus::InProgress,
                    ComplaintStatus::WaitingCustomer,
                ]);
                store::complaints::insert(tx, &uid, account_id, &input, status, None, &self.clock)?;
            } else {
                let took = Duration::hours(self.rng.range(4, 24 * 20));
                let resolved_at = (input.opened_at + took).min(self.now());
                let status = if self.rng.chance(70) {
                    ComplaintStatus::Closed
                } else {
                    ComplaintStatus::Resolved
                };
                let resolution = self.text("resolution");
                store::complaints::insert(
                    tx,
                    &uid,
                    account_id,
                    &input,
                    status,
                    Some((resolved_at, resolution)),
                    &self.clock,
                )?;
            }
            self.counts.complaints += 1;
        }
        Ok(())
    }

    /// The complaint itself, opened `age` days ago (an open one of today a
    /// few hours ago), most often by one of `contacts`.
    fn complaint_input(&mut self, contacts: &[i64], is_open: bool, age: i64) -> ComplaintInput {
        let category = *self.rng.pick(ComplaintCategory::ALL);
        let section = match category {
            ComplaintCategory::Quality => "complaint_quality",
            ComplaintCategory::Service => "complaint_service",
            ComplaintCategory::Delivery => "complaint_delivery",
            ComplaintCategory::Price => "complaint_price",
            ComplaintCategory::Other => "complaint_other",
        };
        let opened_at = if is_open && age == 0 {
            self.now() - Duration::hours(self.rng.range(1, 7))
        } else {
            self.days_ago(age)
        };
        ComplaintInput {
            contact_id: (!contacts.is_empty() && self.rng.chance(80))
                .then(|| *self.rng.pick(contacts)),
            opened_at,
            category,
            severity: *self.rng.pick(&[
                Severity::Low,
                Severity::Medium,
                Severity::Medium,
                Severity::High,
                Severity::Critical,
            ]),
            summary: self.text(section).to_string(),
            details: String::new(),
            forwarded_to: self
                .rng
                .chance(60)
                .then(|| *self.rng.pick(ForwardedTo::ALL)),
        }
    }
}
