//! The change journal (migration 8): every write the portfolio makes runs
//! in one transaction under a session of SQLite's session extension,
//! attached to the user tables only, and its changeset is stored in
//! `changes` in the same transaction — a write and its record are kept
//! together or not at all. Undo applies a stored changeset inverted; if a
//! row it touches changed since, SQLite reports the conflict and nothing is
//! undone.

use super::write::Writer;
use super::{Result, Store, StoreError, new_uid};
use crate::domain::ChangeKind;
use crate::domain::Clock;
use rusqlite::session::{ChangesetItem, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::io::Read;
use std::sync::{Arc, Mutex};

/// The tables whose changes are recorded: what people enter. The derived
/// tables (`account_stats`, `account_health`) follow through their
/// triggers; `changes` and `local` are not the portfolio.
pub const JOURNALED: [&str; 8] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "visit_contacts",
    "surveys",
    "commitments",
    "settings",
];

/// The tables whose rows belong to one account through `account_id`.
const OF_AN_ACCOUNT: [&str; 5] = ["contacts", "complaints", "visits", "surveys", "commitments"];

/// What a write is, for the journal: its kind and what it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub subject: String,
}

impl Change {
    pub fn new(kind: ChangeKind, subject: impl Into<String>) -> Change {
        Change {
            kind,
            subject: subject.into(),
        }
    }
}

/// A change as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub id: i64,
    pub uid: String,
    /// UTC.
    pub at: String,
    pub device: String,
    pub person: String,
    /// The stored word; `ChangeKind::from_str` fails for a newer kam's.
    pub kind: String,
    pub subject: String,
    pub reverses: Option<i64>,
}

/// A value of a column as a changeset holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// Bytes that are not text; only their length is kept.
    Blob(usize),
}

impl Cell {
    fn of(v: ValueRef<'_>) -> Cell {
        match v {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(n) => Cell::Int(n),
            ValueRef::Real(x) => Cell::Real(x),
            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Cell::Blob(b.len()),
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Cell::Int(n) => Some(*n),
            _ => None,
        }
    }
}

/// What one change did to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Insert,
    Update,
    Delete,
}

/// One row of a changeset: the table, the operation, and per column (by
/// name) the old and new value where the changeset has them.
#[derive(Debug, Clone, PartialEq)]
pub struct RowChange {
    pub table: String,
    pub op: Op,
    /// The integer primary key (`None` for `settings` and `visit_contacts`).
    pub id: Option<i64>,
    /// (column, old, new); for an update only the columns that changed.
    pub columns: Vec<(String, Option<Cell>, Option<Cell>)>,
}

impl RowChange {
    /// The new value of a column, else its old one.
    pub fn value(&self, column: &str) -> Option<&Cell> {
        self.columns
            .iter()
            .find(|(c, _, _)| c == column)
            .and_then(|(_, old, new)| new.as_ref().or(old.as_ref()))
    }
}

/// An undo that could not be made: a row it would touch changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedOn {
    pub table: String,
    pub id: Option<i64>,
}

impl Store {
    /// Runs `f` in one transaction recorded as one change: the journal
    /// row is written in the same transaction, and only if `f` changed
    /// anything. Returns `f`'s value and the change's id. With `dry`, the
    /// transaction is rolled back after `f` (nothing is written) and the
    /// id is `None`; the changeset's rows are still counted.
    pub fn record<T>(
        &mut self,
        change: &Change,
        clock: &Clock,
        dry: bool,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<Recorded<T>> {
        let person = self.person()?;
        let device = self.device()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, bytes) = {
            let mut session = Session::new(&tx)?;
            for table in JOURNALED {
                session.attach(Some(table))?;
            }
            let value = f(&Writer { conn: &tx })?;
            let mut bytes = Vec::new();
            session.changeset_strm(&mut bytes)?;
            (value, bytes)
        };
        let (accounts, fields) = summarize(&tx, &bytes)?;
        if dry || bytes.is_empty() {
            // dropping the transaction rolls it back
            drop(tx);
            return Ok(Recorded {
                value,
                change: None,
                fields,
            });
        }
        tx.prepare_cached(
            "INSERT INTO changes (uid, at, device, person, kind, subject, changeset, reverses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)",
        )?
        .execute(params![
            new_uid(),
            clock.stamp(),
            device,
            person,
            change.kind.as_str(),
            change.subject,
            bytes
        ])?;
        let id = tx.last_insert_rowid();
        note_accounts(&tx, id, &accounts)?;
        tx.commit()?;
        Ok(Recorded {
            value,
            change: Some(id),
            fields,
        })
    }

    /// Reverses the change `id` as a new change (`kind` undo or redo): its
    /// changeset inverted, applied only if every row it touches is as the
    /// change left it. `Err(MovedOn)` names the first row that moved on;
    /// then nothing is written.
    pub fn reverse(
        &mut self,
        id: i64,
        kind: ChangeKind,
        clock: &Clock,
    ) -> Result<std::result::Result<i64, MovedOn>> {
        let person = self.person()?;
        let device = self.device()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (bytes, subject): (Vec<u8>, String) = tx
            .prepare_cached("SELECT changeset, subject FROM changes WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("change {id}")))?;
        let mut inverse = Vec::new();
        rusqlite::session::invert_strm(&mut bytes.as_slice(), &mut inverse)?;
        let moved: Arc<Mutex<Option<MovedOn>>> = Arc::default();
        let seen = Arc::clone(&moved);
        let applied = tx.apply_strm(
            &mut inverse.as_slice(),
            None::<fn(&str) -> bool>,
            move |conflict: ConflictType, item: ChangesetItem| {
                if let Ok(mut m) = seen.lock()
                    && m.is_none()
                {
                    *m = Some(moved_on(&item));
                }
                let _ = conflict;
                ConflictAction::SQLITE_CHANGESET_ABORT
            },
        );
        let moved = moved.lock().ok().and_then(|mut m| m.take());
        if let Some(moved) = moved {
            return Ok(Err(moved));
        }
        applied?;
        tx.prepare_cached(
            "INSERT INTO changes (uid, at, device, person, kind, subject, changeset, reverses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            new_uid(),
            clock.stamp(),
            device,
            person,
            kind.as_str(),
            subject,
            inverse,
            id
        ])?;
        let new = tx.last_insert_rowid();
        let (accounts, _) = summarize(&tx, &inverse)?;
        note_accounts(&tx, new, &accounts)?;
        tx.commit()?;
        Ok(Ok(new))
    }

    /// The journal, newest first: at most `limit` changes, of one account
    /// or all, made at or after `since` (UTC) when given.
    pub fn changes(
        &self,
        account: Option<i64>,
        since: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ChangeRow>> {
        let sql = match account {
            Some(_) => {
                "SELECT c.id, c.uid, c.at, c.device, c.person, c.kind, c.subject, c.reverses
                   FROM change_accounts ca CROSS JOIN changes c ON c.id = ca.change_id
                  WHERE ca.account_id = ?1 AND (?2 IS NULL OR c.at >= ?2)
                  ORDER BY ca.change_id DESC LIMIT ?3"
            }
            None => {
                "SELECT c.id, c.uid, c.at, c.device, c.person, c.kind, c.subject, c.reverses
                   FROM changes c
                  WHERE ?1 IS NULL AND (?2 IS NULL OR c.at >= ?2)
                  ORDER BY c.id DESC LIMIT ?3"
            }
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params![account, since, limit], change_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// `changes`, each with what it did (`Err`: a changeset this kam
    /// cannot read, a newer one's), read in one pass.
    pub fn changes_with_rows(
        &self,
        account: Option<i64>,
        since: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(ChangeRow, Result<Vec<RowChange>>)>> {
        let sql = match account {
            Some(_) => {
                "SELECT c.id, c.uid, c.at, c.device, c.person, c.kind, c.subject, c.reverses,
                        c.changeset
                   FROM change_accounts ca CROSS JOIN changes c ON c.id = ca.change_id
                  WHERE ca.account_id = ?1 AND (?2 IS NULL OR c.at >= ?2)
                  ORDER BY ca.change_id DESC LIMIT ?3"
            }
            None => {
                "SELECT c.id, c.uid, c.at, c.device, c.person, c.kind, c.subject, c.reverses,
                        c.changeset
                   FROM changes c
                  WHERE ?1 IS NULL AND (?2 IS NULL OR c.at >= ?2)
                  ORDER BY c.id DESC LIMIT ?3"
            }
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let mut rows = stmt.query(params![account, since, limit])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let change = change_row(r)?;
            let bytes = r.get_ref(8)?.as_blob().unwrap_or_default();
            out.push((change, decode(self.conn(), bytes)));
        }
        Ok(out)
    }

    /// One change as the journal keeps it.
    pub fn change(&self, id: i64) -> Result<Option<ChangeRow>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, uid, at, device, person, kind, subject, reverses
                   FROM changes WHERE id = ?1",
            )?
            .query_row([id], change_row)
            .optional()?)
    }

    /// Every reversal: (the change reversed, the change reversing it).
    pub fn reversals(&self) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT reverses, id FROM changes INDEXED BY changes_reversed
              WHERE reverses IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The changes that touched more than one account (imports, mostly):
    /// only their rows need sorting out by account.
    pub fn changes_of_many_accounts(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT change_id FROM change_accounts
              WHERE change_id IN (SELECT value FROM json_each(?1))
              GROUP BY change_id HAVING count(*) > 1",
        )?;
        let rows = stmt.query_map([super::rows::id_list(ids)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a change did, row by row; a changeset this kam cannot read (a
    /// newer one's) gives an error, which History shows as an unknown
    /// change.
    pub fn change_rows(&self, id: i64) -> Result<Vec<RowChange>> {
        let bytes: Vec<u8> = self
            .conn()
            .prepare_cached("SELECT changeset FROM changes WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        decode(self.conn(), &bytes)
    }

    /// The id of this kam's device (made by migration 8).
    pub fn device(&self) -> Result<String> {
        if let Some(d) = self.device.borrow().as_ref() {
            return Ok(d.clone());
        }
        let d: String = self
            .conn()
            .prepare_cached("SELECT value FROM local WHERE key = 'device.uid'")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        *self.device.borrow_mut() = Some(d.clone());
        Ok(d)
    }

    /// Who makes the changes: the `me.name` setting, else the owner most
    /// accounts have (a salesperson owns their portfolio), else nobody.
    pub fn person(&self) -> Result<String> {
        if let Some(p) = self.person.borrow().as_ref() {
            return Ok(p.clone());
        }
        let named: Option<String> = self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = 'me.name'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        let person = match named.filter(|n| !n.trim().is_empty()) {
            Some(n) => n.trim().to_string(),
            None => self
                .conn()
                .prepare_cached(
                    "SELECT owner FROM accounts WHERE trim(owner) <> ''
                      GROUP BY owner ORDER BY count(*) DESC, owner LIMIT 1",
                )?
                .query_row([], |r| r.get(0))
                .optional()?
                .unwrap_or_default(),
        };
        *self.person.borrow_mut() = Some(person.clone());
        Ok(person)
    }
}

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRow> {
    Ok(ChangeRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        at: r.get(2)?,
        device: r.get(3)?,
        person: r.get(4)?,
        kind: r.get(5)?,
        subject: r.get(6)?,
        reverses: r.get(7)?,
    })
}

/// A write and what the journal made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded<T> {
    pub value: T,
    /// The journal row (`None`: nothing changed, or a dry run).
    pub change: Option<i64>,
    /// Values changed in rows that existed before (timestamps aside).
    pub fields: usize,
}

/// Which row a conflict is about.
fn moved_on(item: &ChangesetItem) -> MovedOn {
    let table = item
        .op()
        .map(|o| o.table_name().to_string())
        .unwrap_or_default();
    let id = item
        .old_value(0)
        .or_else(|_| item.new_value(0))
        .ok()
        .and_then(|v| v.as_i64().ok());
    MovedOn { table, id }
}

/// The rows of a changeset, with the column names of their tables.
fn decode(conn: &Connection, bytes: &[u8]) -> Result<Vec<RowChange>> {
    let mut out = Vec::new();
    if bytes.is_empty() {
        return Ok(out);
    }
    let mut input: &[u8] = bytes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    let mut names: std::collections::HashMap<String, Arc<Vec<String>>> = Default::default();
    while let Some(item) =
        rusqlite::fallible_streaming_iterator::FallibleStreamingIterator::next(&mut iter)?
    {
        let op = item.op()?;
        let table = op.table_name().to_string();
        let n = usize::try_from(op.number_of_columns()).unwrap_or(0);
        let code = match op.code() {
            rusqlite::hooks::Action::SQLITE_INSERT => Op::Insert,
            rusqlite::hooks::Action::SQLITE_DELETE => Op::Delete,
            _ => Op::Update,
        };
        if !names.contains_key(&table) {
            names.insert(table.clone(), column_names(conn, &table)?);
        }
        let cols = &names[&table];
        let mut columns = Vec::new();
        for i in 0..n {
            let old = match code {
                Op::Insert => None,
                _ => item.old_value(i).ok().map(Cell::of),
            };
            let new = match code {
                Op::Delete => None,
                _ => item.new_value(i).ok().map(Cell::of),
            };
            if old.is_some() || new.is_some() {
                let name = cols.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
                columns.push((name, old, new));
            }
        }
        let row = RowChange {
            id: None,
            table,
            op: code,
            columns,
        };
        let id = (row.table != "settings" && row.table != "visit_contacts")
            .then(|| row.value("id").and_then(Cell::as_i64))
            .flatten();
        out.push(RowChange { id, ..row });
    }
    Ok(out)
}

/// The columns of a table in order (names come from the changeset, which
/// this kam wrote or read from its own file: they are never taken into
/// SQL, only compared).
pub(crate) fn column_names(conn: &Connection, table: &str) -> Result<Arc<Vec<String>>> {
    // the schema is this kam's own (a newer one is refused at open), so
    // the names are read once per process
    type Names = std::collections::HashMap<String, Arc<Vec<String>>>;
    static NAMES: std::sync::OnceLock<Mutex<Names>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(Default::default);
    if let Some(cols) = names.lock().ok().and_then(|n| n.get(table).cloned()) {
        return Ok(cols);
    }
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let rows = stmt.query_map([table], |r| r.get(0))?;
    let cols = Arc::new(rows.collect::<rusqlite::Result<Vec<String>>>()?);
    if let Ok(mut n) = names.lock() {
        n.insert(table.to_string(), Arc::clone(&cols));
    }
    Ok(cols)
}

/// What a changeset touched, read in one pass without keeping its rows
/// (an import of 100,000 rows is one changeset): the accounts of its rows,
/// and how many values it changed in rows that existed before (leaving
/// out the timestamps a write stamps anyway).
fn summarize(conn: &Connection, bytes: &[u8]) -> Result<(Vec<i64>, usize)> {
    let mut accounts = std::collections::BTreeSet::new();
    let mut fields = 0;
    if bytes.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut input: &[u8] = bytes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    while let Some(item) =
        rusqlite::fallible_streaming_iterator::FallibleStreamingIterator::next(&mut iter)?
    {
        let op = item.op()?;
        let table = op.table_name().to_string();
        let update = op.code() == rusqlite::hooks::Action::SQLITE_UPDATE;
        let names = column_names(conn, &table)?;
        let int = |column: &str| -> Option<i64> {
            let i = names.iter().position(|n| n == column)?;
            let v = match op.code() {
                rusqlite::hooks::Action::SQLITE_DELETE => item.old_value(i),
                _ => item.new_value(i).or_else(|_| item.old_value(i)),
            };
            v.ok()?.as_i64().ok()
        };
        if update {
            fields += (0..names.len())
                .filter(|&i| names[i] != "updated_at" && names[i] != "id")
                .filter(|&i| item.new_value(i).is_ok())
                .count();
        }
        let account = match table.as_str() {
            "accounts" => int("id"),
            "visit_contacts" => match int("visit_id") {
                Some(visit) => stored_account(conn, "visits", visit)?,
                None => None,
            },
            t if OF_AN_ACCOUNT.contains(&t) => match int("account_id") {
                Some(a) => Some(a),
                None => match int("id") {
                    Some(id) => stored_account(conn, t, id)?,
                    None => None,
                },
            },
            _ => None,
        };
        accounts.extend(account);
    }
    Ok((accounts.into_iter().collect(), fields))
}

/// The account of a stored row of one of the account's tables.
fn stored_account(conn: &Connection, table: &str, id: i64) -> Result<Option<i64>> {
    let sql = match table {
        "contacts" => "SELECT account_id FROM contacts WHERE id = ?1",
        "complaints" => "SELECT account_id FROM complaints WHERE id = ?1",
        "visits" => "SELECT account_id FROM visits WHERE id = ?1",
        "surveys" => "SELECT account_id FROM surveys WHERE id = ?1",
        "commitments" => "SELECT account_id FROM commitments WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Notes which accounts a changeset (one of another device's) touched.
pub(crate) fn note_changeset_accounts(conn: &Connection, change: i64, bytes: &[u8]) -> Result<()> {
    let (accounts, _) = summarize(conn, bytes)?;
    note_accounts(conn, change, &accounts)
}

/// Notes which accounts a change touched, for their History.
fn note_accounts(conn: &Connection, change: i64, accounts: &[i64]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO change_accounts (account_id, change_id) VALUES (?1, ?2)",
    )?;
    for account in accounts {
        stmt.execute(params![account, change])?;
    }
    Ok(())
}
