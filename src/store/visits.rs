//! The `visits` and `visit_contacts` tables.

use super::accounts::invalid;
use super::{Result, Store, new_uid};
use crate::domain::clock::format_date_time;
use crate::domain::{Clock, VisitClose, VisitInput, VisitStatus};
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

/// Validates and inserts a visit with its contacts; returns its id.
/// `closed` writes a visit that already happened (demo, import, logging a
/// past visit) with its status, outcome and completion time.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &VisitInput,
    closed: Option<(&VisitClose, NaiveDateTime)>,
    clock: &Clock,
) -> Result<i64> {
    let v = input.clone().normalized().map_err(invalid)?;
    let close = closed
        .map(|(c, at)| c.clone().normalized().map(|c| (c, at)))
        .transpose()
        .map_err(invalid)?;
    conn.prepare_cached(
        "INSERT INTO visits (uid, account_id, scheduled_at, kind, purpose, status, outcome,
             next_step, completed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        uid,
        account_id,
        format_date_time(v.scheduled_at),
        v.kind,
        v.purpose,
        close
            .as_ref()
            .map_or(VisitStatus::Planned, |(c, _)| c.status),
        close.as_ref().map_or("", |(c, _)| c.outcome.as_str()),
        close.as_ref().map_or("", |(c, _)| c.next_step.as_str()),
        close.as_ref().map(|(_, at)| format_date_time(*at)),
        clock.stamp(),
    ])?;
    let id = conn.last_insert_rowid();
    let mut link =
        conn.prepare_cached("INSERT INTO visit_contacts (visit_id, contact_id) VALUES (?1, ?2)")?;
    for contact in &v.contact_ids {
        link.execute(params![id, contact])?;
    }
    Ok(id)
}

impl Store {
    /// Schedules a visit with its contacts, in one transaction.
    pub fn add_visit(&mut self, account_id: i64, input: &VisitInput, clock: &Clock) -> Result<i64> {
        self.transaction(|tx| insert(tx, &new_uid(), account_id, input, None, clock))
    }
}
