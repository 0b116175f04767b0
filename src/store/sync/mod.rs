//! The database side of `kam sync` (migration 9): this device's changes
//! not yet written out, and applying another device's changes with
//! SQLite's own `sqlite3changeset_apply` and a conflict handler. A field
//! changed on both devices is a conflict: the later edit (by `at`, then by
//! device) wins for now and the other value is listed in `sync_conflicts`;
//! an edit of a row deleted here is listed too. Each file of a device is
//! applied in one transaction, with the changes recorded in this file's
//! journal under the device and person that made them.

mod apply;

use super::journal::column_names;
use super::{Result, Store, StoreError};
use crate::domain::Clock;
pub use apply::row_of;
use apply::{Here, apply_one};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::sync::Arc;

/// One of this device's changes, to write out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub uid: String,
    pub at: String,
    pub person: String,
    pub kind: String,
    pub subject: String,
    pub changeset: Vec<u8>,
}

/// A change of another device, to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub uid: String,
    pub at: String,
    pub person: String,
    pub kind: String,
    pub subject: String,
    pub changeset: Vec<u8>,
}

/// What applying one file did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Changes applied (not counting those this file had already).
    pub changes: usize,
    pub conflicts: usize,
}

/// How far this file is with another device's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceState {
    pub device: String,
    pub name: String,
    pub applied: u32,
    /// Why its stream stopped (a newer kam, a damaged file), if it did.
    pub stopped: Option<String>,
}

/// A conflict kept for the user to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: i64,
    /// `field`, `deleted` (an edit of a record deleted on one side) or
    /// `rejected` (a change the file's rules refused).
    pub kind: String,
    pub table: String,
    pub row_id: i64,
    pub column: String,
    pub kept: Value,
    pub other: Value,
    /// Who made the kept value, on which device (its uid): the change
    /// came from there.
    pub kept_by: String,
    pub kept_device: String,
    pub kept_at: String,
    pub other_by: String,
    pub other_at: String,
}

impl Store {
    /// A value of `local` (this file on this machine; never synced).
    pub fn local(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT value FROM local WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a value of `local` (not the device id: that stays).
    pub fn set_local(&self, key: &str, value: &str) -> Result<()> {
        debug_assert_ne!(key, "device.uid");
        set_local(self.conn(), key, value)
    }

    /// What the folder's base (`path`) says about itself, without taking it.
    pub fn read_base(path: &std::path::Path) -> Result<Base> {
        base_of(&open_base(path)?)
    }

    /// This device's changes not written out yet, oldest first.
    pub fn outgoing(&self) -> Result<Vec<Outgoing>> {
        let device = self.device()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, uid, at, person, kind, subject, changeset FROM changes
              WHERE device = ?1 AND exported IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([device], |r| {
            Ok(Outgoing {
                id: r.get(0)?,
                uid: r.get(1)?,
                at: r.get(2)?,
                person: r.get(3)?,
                kind: r.get(4)?,
                subject: r.get(5)?,
                changeset: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How far this file is with each device it has heard from.
    pub fn devices(&self) -> Result<Vec<DeviceState>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT device, name, applied, stopped FROM sync_devices")?;
        let rows = stmt.query_map([], |r| {
            Ok(DeviceState {
                device: r.get(0)?,
                name: r.get(1)?,
                applied: r.get(2)?,
                stopped: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets how far another device's stream is applied, its name, and why
    /// it stopped (`None`: it flows).
    pub fn set_device(
        &self,
        device: &str,
        name: &str,
        applied: u32,
        stopped: Option<&str>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO sync_devices (device, name, applied, stopped) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device) DO UPDATE SET name = excluded.name,
                     applied = excluded.applied, stopped = excluded.stopped",
            )?
            .execute(params![device, name, applied, stopped])?;
        Ok(())
    }

    /// Whether the portfolio holds anything a person entered.
    pub fn is_empty_portfolio(&self) -> Result<bool> {
        let n: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM changes)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    /// Makes this file the first device of a synced portfolio `portfolio`:
    /// its rows from now on are numbered in `block`, and what it holds so
    /// far goes into the folder's base, not into change files.
    pub fn start_sync(&mut self, portfolio: &str, block: i64) -> Result<()> {
        let device = self.device()?;
        self.transaction(|tx| {
            set_local(tx, "portfolio.uid", portfolio)?;
            set_local(tx, "id.block", &block.to_string())?;
            set_local(tx, "sync.seq", "0")?;
            tx.prepare_cached(
                "UPDATE changes SET exported = 0 WHERE device = ?1 AND exported IS NULL",
            )?
            .execute([device])?;
            Ok(())
        })
    }

    /// Notes that this device's changes `ids` went into its file `seq`.
    pub fn exported(&mut self, ids: &[i64], seq: u32) -> Result<()> {
        self.transaction(|tx| {
            let mut stmt = tx.prepare_cached("UPDATE changes SET exported = ?2 WHERE id = ?1")?;
            for id in ids {
                stmt.execute(params![id, seq])?;
            }
            set_local(tx, "sync.seq", &seq.to_string())
        })
    }

    /// Replaces this database's content with the portfolio in `base` (a
    /// kam database another device wrote to the folder, checked first),
    /// keeping this file's own device id and numbering its rows in `block`
    /// from now on: what joining a folder starts from. Returns what the
    /// base said about itself.
    ///
    /// The base is made this device's in memory first and copied into
    /// this file in one transaction: a kill leaves the file as it was or
    /// joined as itself, never the base's copy under the base device's id
    /// (which would sync as that device: its changes into the other's
    /// folder, the other's never applied).
    pub fn join_base(&mut self, base: &std::path::Path, block: i64) -> Result<Base> {
        let device = self.device()?;
        let src = open_base(base)?;
        let ok: String = src.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Rejected(format!(
                "{}: the folder's base is damaged ({ok})",
                base.display()
            )));
        }
        let info = base_of(&src)?;
        if info.schema != super::SCHEMA_VERSION {
            return Err(StoreError::Rejected(format!(
                "{}: the folder's base is of schema {}, this kam's {}",
                base.display(),
                info.schema,
                super::SCHEMA_VERSION
            )));
        }
        // the base, made this device's in a file of its own beside this
        // one (in memory it would hold the whole portfolio), then copied in
        let staging = self.path.as_deref().map(staging_path);
        let mut staged = match &staging {
            Some(path) => {
                remove_staging(path);
                // the portfolio: readable by its owner only, as every file
                std::fs::File::create(path)
                    .and_then(|_| super::files::set_mode(path, 0o600))
                    .map_err(|source| StoreError::Io {
                        path: path.clone(),
                        what: "cannot make the file a joining laptop copies the base into",
                        source,
                    })?;
                rusqlite::Connection::open(path)?
            }
            None => rusqlite::Connection::open_in_memory()?,
        };
        staged.pragma_update(None, "journal_mode", "OFF")?;
        staged.pragma_update(None, "synchronous", "OFF")?;
        let page_size: i64 = src.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        staged.pragma_update(None, "page_size", page_size)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut staged)?;
            backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        drop(src);
        {
            let tx = staged.transaction()?;
            // the base device's own state is not this one's
            tx.execute("DELETE FROM local", [])?;
            tx.execute("DELETE FROM sync_conflicts", [])?;
            set_local(&tx, "device.uid", &device)?;
            set_local(&tx, "portfolio.uid", &info.portfolio)?;
            set_local(&tx, "id.block", &block.to_string())?;
            set_local(&tx, "sync.seq", "0")?;
            tx.prepare_cached(
                "INSERT INTO sync_devices (device, name, applied) VALUES (?1, ?2, ?3)
                 ON CONFLICT (device) DO UPDATE SET name = excluded.name,
                     applied = excluded.applied, stopped = NULL",
            )?
            .execute(params![info.device, info.name, info.seq])?;
            tx.commit()?;
        }
        {
            // one transaction of this file: SQLite holds it from the first
            // step to the last, and commits only then
            let backup = rusqlite::backup::Backup::new(&staged, &mut self.conn)?;
            backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        drop(staged);
        if let Some(path) = &staging {
            remove_staging(path);
        }
        *self.device.borrow_mut() = Some(device);
        *self.person.borrow_mut() = None;
        Ok(info)
    }

    /// Applies file `seq` of another device: its changes not yet in this
    /// file, in order, in one transaction, each recorded in the journal
    /// under its own device and person; then notes the file as applied.
    /// Conflicts are listed only on a device that has made changes of its
    /// own (`Here`).
    pub fn apply_incoming(
        &mut self,
        device: &str,
        name: &str,
        seq: u32,
        changes: &[Incoming],
        clock: &Clock,
    ) -> Result<Applied> {
        let mut out = Applied::default();
        let here = Arc::new(Here::of(self)?);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for change in changes {
            let known: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM changes WHERE uid = ?1)")?
                .query_row([&change.uid], |r| r.get(0))?;
            if known {
                continue;
            }
            out.conflicts += apply_one(&tx, device, change, &here, clock)?;
            tx.prepare_cached(
                "INSERT INTO changes (uid, at, device, person, kind, subject, changeset)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                change.uid,
                change.at,
                device,
                change.person,
                change.kind,
                change.subject,
                change.changeset
            ])?;
            let id = tx.last_insert_rowid();
            super::journal::note_changeset_accounts(&tx, id, &change.changeset)?;
            out.changes += 1;
        }
        tx.prepare_cached(
            "INSERT INTO sync_devices (device, name, applied) VALUES (?1, ?2, ?3)
             ON CONFLICT (device) DO UPDATE SET name = excluded.name, applied = excluded.applied,
                 stopped = NULL",
        )?
        .execute(params![device, name, seq])?;
        tx.commit()?;
        Ok(out)
    }

    /// How many conflicts are not decided yet.
    pub fn open_conflict_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM sync_conflicts INDEXED BY sync_conflicts_open
                  WHERE resolved_at IS NULL",
            )?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The conflicts not decided yet, oldest first.
    pub fn open_conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, table_name, row_id, column_name, kept, other, kept_by, kept_at,
                    other_by, other_at, kept_device
               FROM sync_conflicts INDEXED BY sync_conflicts_open
              WHERE resolved_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                kind: r.get(1)?,
                table: r.get(2)?,
                row_id: r.get(3)?,
                column: r.get(4)?,
                kept: r.get(5)?,
                other: r.get(6)?,
                kept_by: r.get(7)?,
                kept_at: r.get(8)?,
                other_by: r.get(9)?,
                other_at: r.get(10)?,
                kept_device: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a conflict decided.
    pub fn resolve_conflict(&self, id: i64, clock: &Clock) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE sync_conflicts SET resolved_at = ?2 WHERE id = ?1")?
            .execute(params![id, clock.stamp()])?;
        Ok(())
    }
}

/// The portfolio a folder's base holds, and from which device and file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub portfolio: String,
    /// Its schema version: only this kam's own is taken.
    pub schema: u32,
    pub device: String,
    pub name: String,
    /// The last file of that device the base includes.
    pub seq: u32,
}

fn open_base(path: &std::path::Path) -> Result<rusqlite::Connection> {
    Ok(rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

fn base_of(conn: &rusqlite::Connection) -> Result<Base> {
    let schema: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let get = |key: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM local WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default())
    };
    let base = Base {
        portfolio: get("portfolio.uid")?,
        schema,
        device: get("device.uid")?,
        name: get("device.name")?,
        seq: get("sync.seq")?.parse().unwrap_or(0),
    };
    if base.portfolio.is_empty() || base.device.is_empty() {
        return Err(StoreError::Rejected(
            "the folder's base is not a synced kam portfolio".into(),
        ));
    }
    Ok(base)
}

fn set_local(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO local (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Where a joining file stages the base: a hidden file beside it, left
/// by a kill only to be replaced by the next join.
fn staging_path(db: &std::path::Path) -> std::path::PathBuf {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    db.with_file_name(format!(".{}.joining", name.unwrap_or_default()))
}

fn remove_staging(path: &std::path::Path) {
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(journal);
}

impl super::write::Writer<'_> {
    /// Sets one field of a journaled row to `value` (taking the other
    /// side of a conflict), stamping `updated_at` where the table has it.
    /// The table and column must be this kam's own.
    pub fn set_field(
        &self,
        table: &str,
        id: i64,
        column: &str,
        value: &Value,
        clock: &Clock,
    ) -> Result<()> {
        let cols = own_columns(self.conn, table, &[column])?;
        let stamp = if cols.iter().any(|c| c == "updated_at") && column != "updated_at" {
            ", updated_at = ?3"
        } else {
            ""
        };
        let sql = format!("UPDATE {table} SET {column} = ?1{stamp} WHERE id = ?2");
        let n = if stamp.is_empty() {
            self.conn.prepare(&sql)?.execute(params![value, id])?
        } else {
            self.conn
                .prepare(&sql)?
                .execute(params![value, id, clock.stamp()])?
        };
        if n == 0 {
            return Err(StoreError::NotFound(format!("{table} {id}")));
        }
        // a name's search form and sort key go with it
        if let ("name", Value::Text(name)) = (column, value) {
            use crate::domain::pinyin;
            let key = match table {
                "accounts" => Some(pinyin::sort_key(name)),
                "contacts" => Some(pinyin::person_sort_key(name)),
                _ => None,
            };
            if let Some(key) = key {
                let sql =
                    format!("UPDATE {table} SET name_search = ?1, name_key = ?2 WHERE id = ?3");
                self.conn
                    .prepare(&sql)?
                    .execute(params![pinyin::search_form(name), key, id])?;
            }
        }
        Ok(())
    }

    /// Puts a deleted row back as it was (a deleted row's conflict).
    pub fn restore_row(&self, table: &str, row: &[(String, Value)]) -> Result<()> {
        let names: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
        own_columns(self.conn, table, &names)?;
        let marks = (1..=row.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        );
        let values: Vec<&Value> = row.iter().map(|(_, v)| v).collect();
        self.conn
            .prepare(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }
}

/// The columns of `table`, checking that it is one of the journaled
/// tables and that every name of `wanted` is one of its columns: the
/// names go into SQL only then.
fn own_columns(
    conn: &rusqlite::Connection,
    table: &str,
    wanted: &[&str],
) -> Result<Arc<Vec<String>>> {
    if !super::journal::JOURNALED.contains(&table) || wanted.is_empty() {
        return Err(StoreError::Rejected(format!("not a table of kam: {table}")));
    }
    let cols = column_names(conn, table)?;
    if let Some(bad) = wanted.iter().find(|w| !cols.iter().any(|c| c == *w)) {
        return Err(StoreError::Rejected(format!(
            "not a column of {table}: {bad}"
        )));
    }
    Ok(cols)
}

/// A value in a conflict's description.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountInput, ContactInput, Department, Seniority, Tier};
    use crate::portfolio::Portfolio;

    /// A change that leaves a row referring to one this file does not
    /// have (a contact of an account it never had): SQLite calls the
    /// handler once for the foreign keys left broken, and that row is
    /// dropped, as a delete's cascade would have dropped it.
    #[test]
    fn a_row_of_a_record_missing_here_is_dropped() {
        let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let mut there = Portfolio::new(Store::open_in_memory().unwrap());
        let crate::portfolio::edit::Edit::Saved(account) = there
            .save_account(
                None,
                None,
                &AccountInput::new("Elsewhere", Tier::Key),
                &clock,
            )
            .unwrap()
        else {
            panic!("a new account never clashes");
        };
        let input = ContactInput::new("Zhang Wei", Department::Purchasing, Seniority::Manager);
        there
            .save_contact(account, None, None, &input, &clock)
            .unwrap();
        let change: Incoming = there
            .store()
            .conn()
            .query_row(
                "SELECT uid, at, person, kind, subject, changeset FROM changes
                  ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(Incoming {
                        uid: r.get(0)?,
                        at: r.get(1)?,
                        person: r.get(2)?,
                        kind: r.get(3)?,
                        subject: r.get(4)?,
                        changeset: r.get(5)?,
                    })
                },
            )
            .unwrap();
        let mut here = Store::open_in_memory().unwrap();
        let done = here
            .apply_incoming("other", "laptop", 1, &[change], &clock)
            .unwrap();
        assert_eq!(done.changes, 1);
        let (contacts, broken): (i64, i64) = here
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM contacts),
                        (SELECT count(*) FROM pragma_foreign_key_check)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((contacts, broken), (0, 0));
    }
}
