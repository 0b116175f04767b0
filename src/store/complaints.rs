//! The `complaints` table.

use super::accounts::invalid;
use super::{Result, Store, new_uid};
use crate::domain::clock::format_date_time;
use crate::domain::{Clock, ComplaintInput, ComplaintStatus};
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

/// Validates and inserts a complaint of `account_id`; returns its id.
/// `status`/`resolved_at`/`resolution` let history (demo, import) be written
/// as it was; a newly logged complaint is open.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &ComplaintInput,
    status: ComplaintStatus,
    resolved: Option<(NaiveDateTime, &str)>,
    clock: &Clock,
) -> Result<i64> {
    let c = input.clone().normalized(clock.now).map_err(invalid)?;
    conn.prepare_cached(
        "INSERT INTO complaints (uid, account_id, contact_id, opened_at, category, severity,
             summary, details, status, forwarded_to, resolved_at, resolution,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        uid,
        account_id,
        c.contact_id,
        format_date_time(c.opened_at),
        c.category,
        c.severity,
        c.summary,
        c.details,
        status,
        c.forwarded_to,
        resolved.map(|(t, _)| format_date_time(t)),
        resolved.map(|(_, r)| r).unwrap_or(""),
        clock.stamp(),
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_complaint(
        &self,
        account_id: i64,
        input: &ComplaintInput,
        clock: &Clock,
    ) -> Result<i64> {
        insert(
            self.conn(),
            &new_uid(),
            account_id,
            input,
            ComplaintStatus::Open,
            None,
            clock,
        )
    }
}
