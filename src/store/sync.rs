//! The database side of `kam sync` (migration 9): this device's changes
//! not yet written out, and applying another device's changes with
//! SQLite's own `sqlite3changeset_apply` and a conflict handler. A field
//! changed on both devices is a conflict: the later edit (by `at`, then by
//! device) wins for now and the other value is listed in `sync_conflicts`;
//! an edit of a row deleted here is listed too. Each file of a device is
//! applied in one transaction, with the changes recorded in this file's
//! journal under the device and person that made them.

use super::journal::column_names;
use super::{Result, Store, StoreError};
use crate::domain::Clock;
use rusqlite::session::{ChangesetItem, ConflictAction, ConflictType};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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

/// A value the remote change set that a row changed here did not clash
/// on: written after the apply (a whole row change was left out).
#[derive(Debug)]
struct Fixup {
    table: String,
    id: Value,
    column: String,
    value: Value,
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

/// Applies one change of another device; returns how many conflicts it
/// met (listed in `sync_conflicts`).
fn apply_one(
    conn: &rusqlite::Connection,
    device: &str,
    change: &Incoming,
    here: &Arc<Here>,
    clock: &Clock,
) -> Result<usize> {
    let mine = Arc::clone(here);
    let seen: Arc<Mutex<(Vec<Conflict>, Vec<Fixup>)>> = Arc::default();
    let handler = Arc::clone(&seen);
    let broken = Arc::new(AtomicBool::new(false));
    let broken_seen = Arc::clone(&broken);
    let theirs = (change.at.clone(), device.to_string(), change.person.clone());
    let applied = conn.apply_strm(
        &mut change.changeset.as_slice(),
        None::<fn(&str) -> bool>,
        move |kind: ConflictType, item: ChangesetItem| {
            // SQLite's one call after the whole changeset when foreign keys
            // are left broken (its deferred count is not zero): `item` is
            // no row (no table), so it is not read; the rows are found and
            // dropped after the apply
            if matches!(kind, ConflictType::SQLITE_CHANGESET_FOREIGN_KEY) {
                broken_seen.store(true, Ordering::Relaxed);
                return ConflictAction::SQLITE_CHANGESET_OMIT;
            }
            let (action, found, fixups) = decide(&kind, &item, &mine.names, &theirs, &mine.device);
            if let Ok(mut s) = handler.lock() {
                s.0.extend(found);
                s.1.extend(fixups);
            }
            action
        },
    );
    if let Err(e) = applied {
        return Err(StoreError::Rejected(format!(
            "a change of another device could not be applied: {e}"
        )));
    }
    let (found, fixups) = std::mem::take(
        &mut *seen
            .lock()
            .map_err(|_| StoreError::Rejected("the conflict handler failed".into()))?,
    );
    // a refused change is listed anywhere: it was left out here
    let found: Vec<Conflict> = found
        .into_iter()
        .filter(|c| here.lists || c.kind == "rejected")
        .collect();
    for f in &fixups {
        // names come from this kam's own schema (checked in `decide`)
        let sql = format!("UPDATE {} SET {} = ?1 WHERE id = ?2", f.table, f.column);
        conn.prepare_cached(&sql)?.execute(params![f.value, f.id])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_conflicts (found_at, kind, table_name, row_id, column_name, kept, other,
             kept_by, kept_at, other_by, other_at, kept_device)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for c in &found {
        stmt.execute(params![
            clock.stamp(),
            c.kind,
            c.table,
            c.row_id,
            c.column,
            c.kept,
            c.other,
            c.kept_by,
            c.kept_at,
            c.other_by,
            c.other_at,
            c.kept_device
        ])?;
    }
    // only then: the check reads every row that has a foreign key (0.2 s
    // at 5,000 accounts), and nothing is broken if SQLite counted nothing
    if broken.load(Ordering::Relaxed) {
        drop_orphans(conn)?;
    }
    Ok(found.len())
}

/// Removes the rows that refer to a row deleted on the other device (a
/// contact added to a visit here while the contact was deleted there), as
/// the delete's cascade removed them there.
fn drop_orphans(conn: &rusqlite::Connection) -> Result<()> {
    let orphans: Vec<(String, Option<i64>)> = conn
        .prepare("SELECT \"table\", rowid FROM pragma_foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, rowid) in orphans {
        let sql = match table.as_str() {
            "contacts" => "DELETE FROM contacts WHERE rowid = ?1",
            "complaints" => "UPDATE complaints SET contact_id = NULL WHERE rowid = ?1",
            "visits" => "DELETE FROM visits WHERE rowid = ?1",
            "surveys" => "UPDATE surveys SET contact_id = NULL WHERE rowid = ?1",
            "visit_contacts" => {
                conn.execute(
                    "DELETE FROM visit_contacts WHERE visit_id NOT IN (SELECT id FROM visits)
                        OR contact_id NOT IN (SELECT id FROM contacts)",
                    [],
                )?;
                continue;
            }
            _ => continue,
        };
        if let Some(rowid) = rowid {
            conn.prepare_cached(sql)?.execute([rowid])?;
        }
    }
    Ok(())
}

/// What the conflict rule needs of this file, read once per applied file
/// (not per change): this device, whether it lists conflicts, and the
/// columns of each journaled table.
struct Here {
    device: String,
    /// Conflicts are listed only once this device has made changes of its
    /// own: a file that joined holds no value of its own that could lose.
    lists: bool,
    names: std::collections::HashMap<String, Arc<Vec<String>>>,
}

impl Here {
    fn of(store: &Store) -> Result<Here> {
        let device = store.device()?;
        let lists = store
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM changes WHERE device = ?1)")?
            .query_row([&device], |r| r.get(0))?;
        let names = super::journal::JOURNALED
            .iter()
            .map(|t| Ok((t.to_string(), column_names(store.conn(), t)?)))
            .collect::<Result<_>>()?;
        Ok(Here {
            device,
            lists,
            names,
        })
    }
}

/// What to do with a conflicting row of an incoming change, what to list,
/// and which values to write after the apply. `theirs` is (at, device,
/// person) of the incoming change; `mine` this device.
///
/// Both devices must end with the same data whichever syncs first, so
/// every rule is symmetric: the later edit of a field wins (by the row's
/// `updated_at` here against the change's time, then by device id); a
/// delete wins over an edit; `updated_at` ends as the later of the two. A
/// conflict is listed on one side only, the one whose value lost, so each
/// is decided once.
fn decide(
    kind: &ConflictType,
    item: &ChangesetItem,
    names: &std::collections::HashMap<String, Arc<Vec<String>>>,
    theirs: &(String, String, String),
    mine: &str,
) -> (ConflictAction, Vec<Conflict>, Vec<Fixup>) {
    use ConflictAction::{SQLITE_CHANGESET_OMIT as OMIT, SQLITE_CHANGESET_REPLACE as REPLACE};
    let nothing = || (OMIT, Vec::new(), Vec::new());
    let Ok(op) = item.op() else {
        return nothing();
    };
    let table = op.table_name().to_string();
    let Some(cols) = names.get(&table) else {
        return nothing();
    };
    let code = op.code();
    let value = |v: rusqlite::Result<rusqlite::types::ValueRef<'_>>| -> Option<Value> {
        v.ok().and_then(|v| Value::try_from(v).ok())
    };
    let id = value(item.old_value(0)).or_else(|| value(item.new_value(0)));
    let row_id = match &id {
        Some(Value::Integer(n)) => *n,
        _ => 0,
    };
    let (at, device, person) = theirs;
    let at_col = cols.iter().position(|c| c == "updated_at");
    let here_at = at_col
        .and_then(|i| value(item.conflict(i)))
        .and_then(|v| match v {
            Value::Text(t) => Some(t),
            _ => None,
        });
    // the later edit wins; a table without `updated_at` (settings) agrees
    // on the device alone
    let theirs_win = match &here_at {
        Some(here) => (at.as_str(), device.as_str()) > (here.as_str(), mine),
        None => device.as_str() > mine,
    };
    // a listed conflict: `kept` is the value the row now has
    let listed = |kind: &str, column: &str, kept: Value, other: Value| Conflict {
        id: 0,
        kind: kind.to_string(),
        table: table.clone(),
        row_id,
        column: column.to_string(),
        kept,
        other,
        kept_by: person.clone(),
        kept_device: device.clone(),
        kept_at: at.clone(),
        other_by: String::new(),
        other_at: here_at.clone().unwrap_or_default(),
    };
    // `updated_at` ends as the later of the two on both sides
    let keep_later_stamp = |fixups: &mut Vec<Fixup>| {
        if let (Some(i), Some(here), Some(id)) = (at_col, &here_at, &id)
            && let Some(Value::Text(new)) = value(item.new_value(i))
            && here.as_str() > new.as_str()
        {
            fixups.push(Fixup {
                table: table.clone(),
                id: id.clone(),
                column: cols[i].clone(),
                value: Value::Text(here.clone()),
            });
        }
    };
    match kind {
        ConflictType::SQLITE_CHANGESET_DATA if code == rusqlite::hooks::Action::SQLITE_DELETE => {
            // a delete of a row edited here: the delete wins; the row as
            // it was here is listed, to restore
            let row = (0..cols.len())
                .filter_map(|i| Some((cols[i].clone(), value(item.conflict(i))?)))
                .collect::<Vec<_>>();
            let c = listed("deleted", "", Value::Null, Value::Text(row_text(&row)));
            (REPLACE, vec![c], Vec::new())
        }
        ConflictType::SQLITE_CHANGESET_DATA => {
            // the columns the change sets whose value here is neither what
            // it found on its device nor what it sets: changed on both
            let clashing: Vec<usize> = (1..cols.len())
                .filter(|&i| Some(i) != at_col)
                .filter(
                    |&i| match (value(item.old_value(i)), value(item.conflict(i))) {
                        (Some(old), Some(now)) => {
                            old != now && value(item.new_value(i)).is_some_and(|new| new != now)
                        }
                        _ => false,
                    },
                )
                .collect();
            let mut fixups = Vec::new();
            if clashing.is_empty() || theirs_win {
                // a name's search form and sort key follow it: not listed
                let mut found: Vec<Conflict> = clashing
                    .iter()
                    .filter(|&&i| !super::rows::DERIVED_COLUMNS.contains(&cols[i].as_str()))
                    .map(|&i| {
                        let new = value(item.new_value(i)).unwrap_or(Value::Null);
                        let now = value(item.conflict(i)).unwrap_or(Value::Null);
                        listed("field", &cols[i], new, now)
                    })
                    .collect();
                // an account archived (or brought back) on the other
                // device after an edit here: the edit is kept, and listed
                if table == "accounts"
                    && clashing.is_empty()
                    && let Some(i) = cols.iter().position(|c| c == "archived_at")
                    && let (Some(old), Some(new)) =
                        (value(item.old_value(i)), value(item.new_value(i)))
                    && (old == Value::Null) != (new == Value::Null)
                {
                    found.push(listed("archived", &cols[i], new, old));
                }
                keep_later_stamp(&mut fixups);
                return (REPLACE, found, fixups);
            }
            // kept here: the change's other values still apply
            fixups = (1..cols.len())
                .filter(|&i| Some(i) != at_col && !clashing.contains(&i))
                .filter_map(|i| {
                    Some(Fixup {
                        table: table.clone(),
                        id: id.clone()?,
                        column: cols[i].clone(),
                        value: value(item.new_value(i))?,
                    })
                })
                .collect();
            (OMIT, Vec::new(), fixups)
        }
        // an edit or delete of a row deleted here: the delete stands (the
        // other side lists the edit)
        ConflictType::SQLITE_CHANGESET_NOTFOUND => nothing(),
        // the same key added on both (settings; ids never clash): the same
        // rule as a field
        ConflictType::SQLITE_CHANGESET_CONFLICT if theirs_win => (REPLACE, Vec::new(), Vec::new()),
        ConflictType::SQLITE_CHANGESET_CONFLICT => nothing(),
        // rows that refer to one deleted here: kept for now, removed
        // after the apply (`drop_orphans`) as the delete removed them
        // there (the handler in `apply_one` answers this one itself)
        ConflictType::SQLITE_CHANGESET_FOREIGN_KEY => nothing(),
        _ => {
            let c = listed("rejected", "", Value::Null, Value::Null);
            (OMIT, vec![c], Vec::new())
        }
    }
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

/// A row as a JSON object (column → value), what a deleted row's
/// conflict keeps to restore it.
fn row_text(row: &[(String, Value)]) -> String {
    let object: serde_json::Map<String, serde_json::Value> = row
        .iter()
        .map(|(c, v)| {
            let v = match v {
                Value::Null => serde_json::Value::Null,
                Value::Integer(n) => (*n).into(),
                Value::Real(x) => (*x).into(),
                Value::Text(t) => t.clone().into(),
                Value::Blob(_) => serde_json::Value::Null,
            };
            (c.clone(), v)
        })
        .collect();
    serde_json::Value::Object(object).to_string()
}

/// The row a deleted row's conflict keeps (`row_text`), as (column, value).
pub fn row_of(text: &str) -> Vec<(String, Value)> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_str(text) else {
        return Vec::new();
    };
    object
        .into_iter()
        .map(|(c, v)| {
            let v = match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => Value::Integer(i),
                    None => Value::Real(n.as_f64().unwrap_or_default()),
                },
                serde_json::Value::String(t) => Value::Text(t),
                other => Value::Text(other.to_string()),
            };
            (c, v)
        })
        .collect()
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
