//! The `contacts` table.

use super::accounts::invalid;
use super::{Result, Store, new_uid};
use crate::domain::{Clock, ContactInput};
use rusqlite::{Connection, params};

/// Validates and inserts a contact of `account_id`; returns its id.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &ContactInput,
    clock: &Clock,
) -> Result<i64> {
    let c = input.clone().normalized(clock.today()).map_err(invalid)?;
    conn.prepare_cached(
        "INSERT INTO contacts (uid, account_id, name, title, department, seniority, buying_role,
             tie_strength, our_side, phone, email, birthday, notes, left_company,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
    )?
    .execute(params![
        uid,
        account_id,
        c.name,
        c.title,
        c.department,
        c.seniority,
        c.buying_role,
        c.tie_strength,
        c.our_side,
        c.phone,
        c.email,
        c.birthday.map(|d| d.to_string()),
        c.notes,
        c.left_company,
        clock.stamp(),
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_contact(&self, account_id: i64, input: &ContactInput, clock: &Clock) -> Result<i64> {
        insert(self.conn(), &new_uid(), account_id, input, clock)
    }
}
