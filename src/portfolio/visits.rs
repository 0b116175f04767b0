//! Visits: the agenda (overdue, today, this week, later), the accounts
//! due a visit by their cadence with nothing planned, and scheduling,
//! closing and moving a visit. Closing one proposes the next.

use super::error::found;
use super::{Error, Portfolio, Record, Result};
use crate::domain::visit::{AgendaSection, agenda_bounds, cadence_overdue_days, next_due};
use crate::domain::{ChangeKind, Clock, VisitClose, VisitInput, VisitKind, VisitStatus};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use crate::store::visits::{DueAccount, VisitRow};

/// An account due by cadence: how many days past it (`None`: never visited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub account: DueAccount,
    pub overdue: Option<i64>,
}

/// The accounts whose cadence has passed, never-visited first, then the
/// most overdue; equally overdue ones in the order given (the store's:
/// by name, as names sort).
pub fn due_by_cadence(accounts: Vec<DueAccount>, clock: &Clock) -> Vec<Due> {
    let mut due: Vec<Due> = accounts
        .into_iter()
        .filter_map(|a| {
            let overdue = cadence_overdue_days(a.last_done, a.cadence_days, clock.today());
            match overdue {
                Some(d) if d <= 0 => None,
                _ => Some(Due {
                    account: a,
                    overdue,
                }),
            }
        })
        .collect();
    // stable: equally overdue accounts stay in the store's order, by name
    due.sort_by_key(|d| d.overdue.map_or(i64::MIN, |o| -o));
    due
}

/// One agenda section as loaded: its visits (earliest first, at most its
/// limit) and how many it has in all.
#[derive(Debug, Clone)]
pub struct Section {
    pub section: AgendaSection,
    pub visits: Vec<VisitRow>,
    pub total: usize,
}

/// Why kam proposes a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// The last one was done: the next at the account's cadence (days).
    Cadence(u32),
    /// The last one was missed: the same again.
    Missed,
}

/// A visit kam proposes after closing one, for the user to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub account_id: i64,
    /// `None`: the user picks the day.
    pub date: Option<NaiveDate>,
    pub time: NaiveTime,
    pub kind: VisitKind,
    pub purpose: String,
    pub contact_ids: Vec<i64>,
    pub because: Because,
}

/// A visit closed, and the one it calls for next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub visit: VisitRow,
    pub next: Option<Proposal>,
}

impl Portfolio {
    /// The agenda: each section's first `limit(section)` planned visits
    /// and how many it has.
    pub fn agenda(
        &self,
        now: NaiveDateTime,
        limit: impl Fn(AgendaSection) -> u32,
    ) -> Result<Vec<Section>> {
        let mut sections = Vec::new();
        for (section, from, to) in agenda_bounds(now) {
            let limit = limit(section);
            let visits = self.store.planned_visits_in(from, to, limit)?;
            // counted only when the section has more than is loaded
            let total = if visits.len() < limit as usize {
                visits.len()
            } else {
                self.store.count_planned_in(from, to)?
            };
            sections.push(Section {
                section,
                visits,
                total,
            });
        }
        Ok(sections)
    }

    /// Every account due a visit by its cadence with nothing planned.
    pub fn due_by_cadence(&self, clock: &Clock) -> Result<Vec<Due>> {
        self.fresh(clock.now)?;
        let (due, _) = self
            .store
            .accounts_due_by_cadence(clock.today(), usize::MAX)?;
        Ok(due_by_cadence(due, clock))
    }

    /// One visit.
    pub fn visit(&self, id: i64) -> Result<VisitRow> {
        found(Record::Visit, self.store.get_visit(id)?)
    }

    /// A visit that is still planned (to close or move it).
    pub fn planned_visit(&self, id: i64) -> Result<VisitRow> {
        let v = self.visit(id)?;
        if v.status != VisitStatus::Planned {
            return Err(Error::NotPlanned);
        }
        Ok(v)
    }

    /// Schedules a visit; returns its id.
    pub fn schedule_visit(
        &mut self,
        account_id: i64,
        input: &VisitInput,
        clock: &Clock,
    ) -> Result<i64> {
        let name = self.account_name(account_id);
        self.write(ChangeKind::VisitAdd, name, clock, |w| {
            w.add_visit(account_id, input, clock)
        })
    }

    /// Closes a planned visit as done, missed or cancelled. A done visit
    /// proposes the next at the account's cadence, with its next step as
    /// the purpose; a missed one proposes the same visit again.
    pub fn close_visit(&mut self, id: i64, close: &VisitClose, clock: &Clock) -> Result<Closed> {
        let visit = self.visit(id)?;
        let kind = ChangeKind::visit_closed(close.status);
        self.write(kind, visit.account_name.clone(), clock, |w| {
            w.close_visit(id, close, clock)
        })?;
        let again = |purpose: String, date, because| Proposal {
            account_id: visit.account_id,
            date,
            time: visit.scheduled_at.time(),
            kind: visit.kind,
            purpose,
            contact_ids: visit.contact_ids.clone(),
            because,
        };
        let next = match close.status {
            VisitStatus::Done => {
                let cadence = self
                    .store
                    .get_account(visit.account_id)?
                    .map_or(14, |a| a.input.visit_cadence_days);
                let today = clock.today();
                let date = next_due(Some(today), cadence, today);
                Some(again(
                    close.next_step.clone(),
                    Some(date),
                    Because::Cadence(cadence),
                ))
            }
            VisitStatus::Missed => Some(again(visit.purpose.clone(), None, Because::Missed)),
            VisitStatus::Cancelled | VisitStatus::Planned => None,
        };
        Ok(Closed { visit, next })
    }

    /// Moves a planned visit to another time.
    pub fn reschedule_visit(&mut self, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
        let visit = self.visit(id)?;
        self.write(
            ChangeKind::VisitReschedule,
            visit.account_name,
            clock,
            |w| w.reschedule_visit(id, at, clock),
        )
    }

    /// Planned visits between two dates (inclusive), for a calendar.
    pub fn planned_visits_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<VisitRow>> {
        Ok(self.store.planned_visits_between(from, to)?)
    }
}
