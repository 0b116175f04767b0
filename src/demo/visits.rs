//! Visits, calls and meetings: 18 months of history and the ones planned.

use super::generator::{Generator, Plan};
use crate::domain::*;
use crate::store::{self, StoreError};
use chrono::{Duration, NaiveDateTime};

impl Generator<'_> {
    pub(super) fn visits(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        account: &AccountInput,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let cadence = i64::from(account.visit_cadence_days);
        // contacts between visits too: calls and video meetings
        let step = (cadence / 2).max(3);
        let horizon = 540; // 18 months of history
        let quiet = if plan.neglected || plan.lost {
            cadence + self.rng.range(5, 40)
        } else {
            self.rng.range(0, (cadence * 2 / 3).max(1))
        };
        let mut age = horizon;
        // the latest done visit with a next step: (id, uid, day, what, contact)
        let mut latest: Option<(i64, String, NaiveDateTime, String, Option<i64>)> = None;
        while age > quiet {
            let kind = match self.rng.range(0, 9) {
                0..=3 => VisitKind::Visit,
                4..=6 => VisitKind::Call,
                7 => VisitKind::Video,
                8 => VisitKind::ServiceReturn,
                _ => VisitKind::ExecutiveMeeting,
            };
            let at = self.days_ago(age);
            let close = self.visit_close();
            let input = self.visit_input(at, kind, contacts);
            let uid = self.rng.uid();
            let completed = at + Duration::hours(2);
            let id = store::visits::insert(
                tx,
                &uid,
                account_id,
                &input,
                Some((&close, completed)),
                &self.clock,
            )?;
            if close.status == VisitStatus::Done && !close.next_step.is_empty() {
                let contact = input.contact_ids.first().copied();
                latest = Some((id, uid.clone(), at, close.next_step.clone(), contact));
            }
            self.counts.visits += 1;
            age -= self.rng.range(step / 2, step * 3 / 2).max(1);
        }
        if let Some(latest) = latest {
            self.promise(tx, account_id, latest)?;
        }
        if plan.lost {
            return Ok(());
        }
        // planned: some overdue, some today, some ahead; neglected ones have none
        if !plan.neglected {
            self.planned_visits(tx, account_id, contacts)?;
        }
        Ok(())
    }

    /// A promise made at the latest visit with a next step, due a week
    /// after it: kept when that was more than two days ago. Drawn from the
    /// visit alone (no random number), so the rest of the demo is the same
    /// as before promises existed.
    fn promise(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        (visit_id, uid, at, what, contact): (i64, String, NaiveDateTime, String, Option<i64>),
    ) -> Result<(), StoreError> {
        let due = at.date() + Duration::days(7);
        let today = self.clock.today();
        if (today - due).num_days() > 30 {
            return Ok(());
        }
        let done = ((today - due).num_days() > 2)
            .then(|| due.and_hms_opt(17, 0, 0))
            .flatten();
        let input = CommitmentInput {
            what,
            contact_id: contact,
            due_on: Some(due),
            visit_id: Some(visit_id),
        };
        store::commitments::insert(
            tx,
            &format!("{uid}-p"),
            account_id,
            &input,
            done,
            &self.clock,
        )?;
        Ok(())
    }

    /// How a past visit went: mostly done, with an outcome and often a next
    /// step; now and then missed or cancelled.
    fn visit_close(&mut self) -> VisitClose {
        let status = match self.rng.range(0, 19) {
            0 => VisitStatus::Missed,
            1 => VisitStatus::Cancelled,
            _ => VisitStatus::Done,
        };
        VisitClose {
            status,
            outcome: if status == VisitStatus::Done {
                self.text("outcome").to_string()
            } else {
                String::new()
            },
            next_step: if status == VisitStatus::Done && self.rng.chance(60) {
                self.text("next_step").to_string()
            } else {
                String::new()
            },
            done_at: None,
        }
    }

    /// The visits planned next (which ones, by the account's id): some
    /// overdue, some today, some ahead.
    fn planned_visits(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let when: &[i64] = match account_id % 6 {
            0 => &[-3],
            1 => &[0],
            2 => &[2, 16],
            3 => &[6],
            4 => &[-1, 9],
            _ => &[12],
        };
        for &ahead in when {
            let at = self.days_ago(-ahead);
            let kind = if account_id % 5 == 0 {
                VisitKind::ExecutiveMeeting
            } else {
                VisitKind::Visit
            };
            let input = self.visit_input(at, kind, contacts);
            let uid = self.rng.uid();
            store::visits::insert(tx, &uid, account_id, &input, None, &self.clock)?;
            self.counts.visits += 1;
        }
        Ok(())
    }

    fn visit_input(&mut self, at: NaiveDateTime, kind: VisitKind, contacts: &[i64]) -> VisitInput {
        let mut contact_ids = Vec::new();
        if !contacts.is_empty() {
            contact_ids.push(*self.rng.pick(contacts));
            if self.rng.chance(35) {
                contact_ids.push(*self.rng.pick(contacts));
            }
        }
        VisitInput {
            scheduled_at: at,
            kind,
            purpose: self.text("purpose").to_string(),
            contact_ids,
        }
    }
}
