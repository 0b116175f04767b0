//! The `commitments` table (migration 12): promises made to an account.

use super::rows::{invalid, opt_text, parse_stored_time, text};
use super::{Result, StoreError};
use crate::domain::clock::{format_date_time, parse_stored_date};
use crate::domain::{Clock, Commitment, CommitmentInput};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Validates and inserts a promise of `account_id` (kept at `done_at`
/// when given: an import); returns its id.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &CommitmentInput,
    done_at: Option<NaiveDateTime>,
    clock: &Clock,
) -> Result<i64> {
    let c = input.clone().normalized().map_err(invalid)?;
    visit_of(conn, account_id, c.visit_id)?;
    conn.prepare_cached(&format!(
        "INSERT INTO commitments (id, uid, account_id, contact_id, visit_id, what, due_on,
             done_at, created_at, updated_at)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        super::ids::next_id("commitments")
    ))?
    .execute(params![
        uid,
        account_id,
        c.contact_id,
        c.visit_id,
        c.what,
        c.due_on.map(|d| d.to_string()),
        done_at.map(format_date_time),
        clock.stamp(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Replaces what a promise says (what, to whom, by when, its visit).
pub fn update(conn: &Connection, id: i64, input: &CommitmentInput, clock: &Clock) -> Result<()> {
    let c = input.clone().normalized().map_err(invalid)?;
    if let Some(k) = get(conn, id)? {
        visit_of(conn, k.account_id, c.visit_id)?;
    }
    let n = conn
        .prepare_cached(
            "UPDATE commitments SET contact_id = ?2, visit_id = ?3, what = ?4, due_on = ?5,
                 updated_at = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            c.contact_id,
            c.visit_id,
            c.what,
            c.due_on.map(|d| d.to_string()),
            clock.stamp(),
        ])?;
    found(n, id)
}

/// Marks a promise kept at `done_at`, or open again (`None`).
pub fn set_done(
    conn: &Connection,
    id: i64,
    done_at: Option<NaiveDateTime>,
    clock: &Clock,
) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE commitments SET done_at = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, done_at.map(format_date_time), clock.stamp()])?;
    found(n, id)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("DELETE FROM commitments WHERE id = ?1")?
        .execute([id])?;
    found(n, id)
}

/// Refuses a visit of another account (or one that is gone).
fn visit_of(conn: &Connection, account_id: i64, visit: Option<i64>) -> Result<()> {
    let Some(visit) = visit else {
        return Ok(());
    };
    let of: Option<i64> = conn
        .prepare_cached("SELECT account_id FROM visits WHERE id = ?1")?
        .query_row([visit], |r| r.get(0))
        .optional()?;
    if of == Some(account_id) {
        Ok(())
    } else {
        Err(StoreError::Rejected(format!(
            "{}the visit belongs to another account",
            super::REJECTED_BY_DATABASE
        )))
    }
}

fn found(n: usize, id: i64) -> Result<()> {
    if n == 0 {
        return Err(StoreError::NotFound(format!("commitment {id}")));
    }
    Ok(())
}

/// What `row` reads of a promise, from `k` (commitments), `a` (its
/// account) and `c` (its contact).
const COLUMNS: &str = "SELECT k.id, k.uid, k.account_id, a.name, c.name, k.contact_id, k.visit_id,
        k.what, k.due_on, k.done_at, k.created_at, k.updated_at, a.uid";
const TABLES: &str = "FROM commitments k
   JOIN accounts a ON a.id = k.account_id
   LEFT JOIN contacts c ON c.id = k.contact_id";

fn row(r: &Row<'_>) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        id: r.get(0)?,
        uid: text(r, 1)?,
        account_id: r.get(2)?,
        account_uid: text(r, 12)?,
        account_name: text(r, 3)?,
        contact_name: opt_text(r, 4)?,
        input: CommitmentInput {
            contact_id: r.get(5)?,
            visit_id: r.get(6)?,
            what: text(r, 7)?,
            due_on: parse_stored_date(&text(r, 8)?),
        },
        done_at: parse_stored_time(opt_text(r, 9)?),
        created_at: text(r, 10)?,
        updated_at: text(r, 11)?,
    })
}

/// One promise.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Commitment>> {
    Ok(conn
        .prepare_cached(&format!("{COLUMNS} {TABLES} WHERE k.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// An account's promises: the open ones by due date, then the kept ones,
/// latest kept first.
pub fn of_account(conn: &Connection, account_id: i64) -> Result<Vec<Commitment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{COLUMNS} {TABLES} WHERE k.account_id = ?1
          ORDER BY k.done_at IS NOT NULL, k.done_at DESC, k.due_on, k.id"
    ))?;
    let rows = stmt.query_map([account_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open promises due on or before `day`, of accounts in the portfolio
/// (not archived, not lost), the most overdue first; at most `limit`.
pub fn open_due_by(conn: &Connection, day: NaiveDate, limit: u32) -> Result<Vec<Commitment>> {
    // from the partial index of open promises (a few hundred in a
    // 5,000-account file), then each one's account: not every account
    // first, then its promises
    let mut stmt = conn.prepare_cached(&format!(
        "{COLUMNS} FROM commitments k INDEXED BY commitments_open
           CROSS JOIN accounts a ON a.id = k.account_id
           LEFT JOIN contacts c ON c.id = k.contact_id
         WHERE k.done_at IS NULL AND k.due_on <= ?1
            AND a.archived_at IS NULL AND a.status <> 'lost'
          ORDER BY k.due_on, a.name_key, a.name, k.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![day.to_string(), limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open promises `open_due_by` would list without its limit.
pub fn count_open_due_by(conn: &Connection, day: NaiveDate) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM commitments k INDEXED BY commitments_open
               CROSS JOIN accounts a ON a.id = k.account_id
              WHERE k.done_at IS NULL AND k.due_on <= ?1
                AND a.archived_at IS NULL AND a.status <> 'lost'",
        )?
        .query_row([day.to_string()], |r| r.get(0))?)
}

impl super::Store {
    /// One promise (tests, the journal's names).
    pub fn commitment(&self, id: i64) -> Result<Option<Commitment>> {
        get(self.conn(), id)
    }

    /// Inserts a promise outside the journal (tests, the demo).
    pub fn add_commitment(
        &self,
        account_id: i64,
        input: &CommitmentInput,
        clock: &Clock,
    ) -> Result<i64> {
        insert(
            self.conn(),
            &super::new_uid(),
            account_id,
            input,
            None,
            clock,
        )
    }
}

/// (id, account) of the promise with this uid (imports).
pub fn by_uid(conn: &Connection, uid: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, account_id FROM commitments WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The promise of an account with this due date and text (imports: a
/// file without uids matches by what it says).
pub fn by_key(
    conn: &Connection,
    account_id: i64,
    due_on: NaiveDate,
    what: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM commitments WHERE account_id = ?1 AND due_on = ?2 AND what = ?3
              ORDER BY id LIMIT 1",
        )?
        .query_row(params![account_id, due_on.to_string(), what], |r| r.get(0))
        .optional()?)
}

/// (id, account) of the visit with this uid (imports).
pub fn visit_by_uid(conn: &Connection, uid: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, account_id FROM visits WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// An import's whole row: what it says and whether (when) it was kept.
pub fn replace(
    conn: &Connection,
    id: i64,
    input: &CommitmentInput,
    done_at: Option<NaiveDateTime>,
    clock: &Clock,
) -> Result<()> {
    update(conn, id, input, clock)?;
    conn.prepare_cached("UPDATE commitments SET done_at = ?2 WHERE id = ?1")?
        .execute(params![id, done_at.map(format_date_time)])?;
    Ok(())
}
