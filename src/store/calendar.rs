//! What the calendar export (`interop::ics`) needs beyond the visits: every
//! visit of a range whatever its status (a cancelled one must reach the
//! phone as cancelled, not vanish), the address of each account (the
//! LOCATION), and each visit's revision — its iCalendar `SEQUENCE` —
//! counted from the journal: the changes that touched the visit (or who
//! is in it) after the one that made it. Undoing a change is a change too,
//! so the number only grows, and a visit no change touched keeps its.

use super::visits::VisitRow;
use super::{Result, Store};
use chrono::NaiveDate;
use rusqlite::session::ChangesetIter;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// A visit as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarVisit {
    pub visit: VisitRow,
    /// The account's address (empty: none).
    pub address: String,
    /// How many times it changed since it was made (`SEQUENCE`).
    pub sequence: u32,
}

impl Store {
    /// Every visit between two dates (inclusive), any status, with its
    /// account's address and its revision.
    pub fn calendar_visits(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<CalendarVisit>> {
        let visits = self.visits_between(from, to)?;
        let accounts: HashSet<i64> = visits.iter().map(|v| v.account_id).collect();
        let mut addresses = HashMap::new();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT address FROM accounts WHERE id = ?1")?;
        for a in &accounts {
            // read as text whatever bytes are stored (a damaged file)
            let address = stmt.query_row([a], |r| super::rows::text(r, 0))?;
            addresses.insert(*a, address);
        }
        let ids: HashSet<i64> = visits.iter().map(|v| v.id).collect();
        let sequences = revisions(conn, &accounts, &ids)?;
        Ok(visits
            .into_iter()
            .map(|v| CalendarVisit {
                address: addresses.get(&v.account_id).cloned().unwrap_or_default(),
                sequence: sequences.get(&v.id).copied().unwrap_or(0),
                visit: v,
            })
            .collect())
    }
}

/// For each of `visits`, the number of journal changes that touched it
/// (its row or its contacts) other than the one that inserted it. Only
/// the changes of `accounts` are read, each changeset once.
fn revisions(
    conn: &rusqlite::Connection,
    accounts: &HashSet<i64>,
    visits: &HashSet<i64>,
) -> Result<HashMap<i64, u32>> {
    let mut counts = HashMap::new();
    if visits.is_empty() {
        return Ok(counts);
    }
    let list = serde_json::to_string(&accounts.iter().collect::<Vec<_>>()).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT c.changeset FROM changes c
          WHERE c.id IN (SELECT change_id FROM change_accounts
                          WHERE account_id IN (SELECT value FROM json_each(?1)))
          ORDER BY c.id",
    )?;
    let mut rows = stmt.query([list])?;
    while let Some(row) = rows.next()? {
        let bytes: Vec<u8> = row.get(0)?;
        let (touched, created) = touched_visits(&bytes)?;
        for id in touched.difference(&created) {
            if visits.contains(id) {
                *counts.entry(*id).or_insert(0u32) += 1;
            }
        }
    }
    Ok(counts)
}

/// The visits a changeset touched (rows of `visits`, or of
/// `visit_contacts` by their visit), and those it inserted.
fn touched_visits(bytes: &[u8]) -> Result<(HashSet<i64>, HashSet<i64>)> {
    let (mut touched, mut created) = (HashSet::new(), HashSet::new());
    if bytes.is_empty() {
        return Ok((touched, created));
    }
    let mut input: &[u8] = bytes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    while let Some(item) =
        rusqlite::fallible_streaming_iterator::FallibleStreamingIterator::next(&mut iter)?
    {
        let op = item.op()?;
        let table = op.table_name();
        if table != "visits" && table != "visit_contacts" {
            continue;
        }
        // the first column: the visit's id, or the visit of a visit_contacts row
        let id = item
            .old_value(0)
            .or_else(|_| item.new_value(0))
            .ok()
            .and_then(|v| v.as_i64().ok());
        let Some(id) = id else { continue };
        touched.insert(id);
        if table == "visits" && op.code() == rusqlite::hooks::Action::SQLITE_INSERT {
            created.insert(id);
        }
    }
    Ok((touched, created))
}
