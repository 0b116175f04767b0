//! Checking and writing one row of a `commitments` (promises) file: its
//! account and contact, the visit it came from (by uid; one not in this
//! file is left unlinked), the domain's rules, then an insert or update
//! matched by uid or by account, due date and text.

use super::Applied;
use super::rows::{account_ref, changed_here, field_problems, row_contact, uid_of};
use super::values::{Row, date_time};
use crate::domain::dates::{Prefer, parse_date};
use crate::domain::{Clock, CommitmentInput, Problem};
use crate::store::commitments as db;
use crate::store::{StoreError, new_uid};
use rusqlite::Connection;

pub(super) fn commitment(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let today = clock.today();
    let due_on = row.parse("due_on", |v: &str| {
        parse_date(v, today, Prefer::Future).map_err(Problem::Date)
    });
    if row.get("due_on").is_none() {
        row.problem("due_on", Problem::Required);
    }
    let done_at = row.parse("done_at", date_time(today, Prefer::Past));
    let contact_id = row_contact(conn, row, account_id)?;
    let visit_id = match row.get("visit_uid") {
        Some(v) => db::visit_by_uid(conn, v)?
            .filter(|(_, acc)| *acc == account_id)
            .map(|(id, _)| id),
        None => None,
    };
    let input = CommitmentInput {
        what: row.text("what").unwrap_or_default(),
        contact_id,
        due_on,
        visit_id,
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let input = match input.normalized() {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    let due = input.due_on.unwrap_or(today);
    let existing = match &uid {
        Some(uid) => db::by_uid(conn, uid)?.map(|(id, _)| id),
        None => db::by_key(conn, account_id, due, &input.what)?,
    };
    match existing {
        Some(id) => {
            if let Some(kept) = changed_here(conn, row, "commitments", id, &input.what)? {
                return Ok(Some(kept));
            }
            db::replace(conn, id, &input, done_at, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            let uid = uid.unwrap_or_else(new_uid);
            db::insert(conn, &uid, account_id, &input, done_at, clock)?;
            Ok(Some(Applied::Added))
        }
    }
}
