//! Visits: the agenda (overdue, today, this week, later), the accounts
//! due a visit by their cadence with nothing planned, and scheduling,
//! closing and moving a visit. Closing one proposes the next.

use super::error::found;
use super::{Error, Portfolio, Record, Result};
use crate::domain::clock::parse_stored_date_time;
use crate::domain::settings::Settings;
use crate::domain::visit::{
    AgendaSection, CadenceState, agenda_bounds, cadence_overdue_days, cadence_state, done_on_floor,
    next_due,
};
use crate::domain::{ChangeKind, Clock, VisitClose, VisitInput, VisitKind, VisitStatus};
use crate::store::StoreError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

pub use crate::store::visits::{DueAccount, VisitRow};

/// An account due by cadence: how many days past it (`None`: never
/// visited; 0 or less: due soon, due in that many days) and its state
/// (`None`: never visited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub account: DueAccount,
    pub overdue: Option<i64>,
    pub state: Option<CadenceState>,
}

/// The accounts due soon or past their cadence: never-visited first, then
/// the most overdue, then the due-soon ones, the soonest first; equally
/// due ones in the order given (the store's: by name, as names sort).
pub fn due_by_cadence(accounts: Vec<DueAccount>, clock: &Clock, settings: &Settings) -> Vec<Due> {
    let today = clock.today();
    let mut due: Vec<Due> = accounts
        .into_iter()
        .filter_map(|a| {
            let warn = settings.due_soon_days(a.cadence_days);
            let state = cadence_state(a.last_done, a.cadence_days, today, warn);
            let overdue = cadence_overdue_days(a.last_done, a.cadence_days, today);
            match state {
                Some(CadenceState::Within) => None,
                _ => Some(Due {
                    account: a,
                    overdue,
                    state,
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

    /// Every account due soon or overdue by its cadence with nothing planned.
    pub fn due_by_cadence(&self, clock: &Clock) -> Result<Vec<Due>> {
        self.fresh(clock.now)?;
        let due = self.store.accounts_due_by_cadence(clock.today())?;
        Ok(due_by_cadence(due, clock, &self.settings))
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
    ///
    /// A done visit's done-on (`close.done_at`, default now) may not be in
    /// the future nor before `done_on_floor`; the next visit is proposed at
    /// done-on + cadence (never before today), the day the account's
    /// cadence figure falls due after this visit.
    pub fn close_visit(&mut self, id: i64, close: &VisitClose, clock: &Clock) -> Result<Closed> {
        let visit = self.visit(id)?;
        let floor = self.done_on_floor(&visit, clock)?;
        let close = &close
            .clone()
            .normalized_at(clock.now, floor)
            .map_err(StoreError::Invalid)?;
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
                let done = close.done_at.unwrap_or(clock.now).date();
                let date = next_due(Some(done), cadence, today);
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

    /// The earliest done-on `visit` may be closed with: the day its account
    /// was entered, or the day of the account's first visit on record if
    /// earlier (history typed or imported after the fact) —
    /// `domain::visit::done_on_floor`.
    pub fn done_on_floor(&self, visit: &VisitRow, clock: &Clock) -> Result<NaiveDateTime> {
        // the audit stamp is UTC; the day it names, local
        let created = self
            .store
            .get_account(visit.account_id)?
            .and_then(|a| parse_stored_date_time(&a.created_at))
            .map_or(visit.scheduled_at, |utc| clock.local(utc));
        let first = self
            .store
            .first_visit_time(visit.account_id)?
            .unwrap_or(visit.scheduled_at)
            .min(visit.scheduled_at);
        Ok(done_on_floor(created, first))
    }

    /// When kam proposes a follow-up visit (after a low score): tomorrow at
    /// the usual hour — the hour of this account's latest done visit, else
    /// 10:00 — or the day the cadence falls due (its last visit plus the
    /// cadence) if that is earlier; never in the past (a due day gone by is
    /// today, or tomorrow when the hour has passed).
    pub fn follow_up_visit_at(&self, account_id: i64, clock: &Clock) -> Result<NaiveDateTime> {
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default();
        let hour = self
            .store
            .last_done_visit_time(account_id)?
            .and_then(|t| NaiveTime::from_hms_opt(t.hour(), 0, 0))
            .unwrap_or(ten);
        let today = clock.today();
        let tomorrow = today + chrono::Duration::days(1);
        let due = match self.store.account_summary(account_id, clock.now)? {
            Some(a) => a
                .last_done_visit
                .map(|d| d + chrono::Duration::days(i64::from(a.visit_cadence_days))),
            None => None,
        };
        let mut day = due.map_or(tomorrow, |d| d.min(tomorrow)).max(today);
        if day == today && day.and_time(hour) <= clock.now {
            day = tomorrow;
        }
        Ok(day.and_time(hour))
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
