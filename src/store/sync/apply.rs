//! Applying another device's changes: SQLite's `sqlite3changeset_apply`
//! with `decide` as its conflict handler, the values written after it
//! (`Fixup`), the rows left pointing at a deleted one (`drop_orphans`),
//! and the text a deleted row's conflict keeps (`row_text`, `row_of`).

use super::{Conflict, Incoming};
use crate::domain::Clock;
use crate::store::journal::column_names;
use crate::store::{Result, Store, StoreError};
use rusqlite::params;
use rusqlite::session::{ChangesetItem, ConflictAction, ConflictType};
use rusqlite::types::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A value the remote change set that a row changed here did not clash
/// on: written after the apply (a whole row change was left out).
#[derive(Debug)]
struct Fixup {
    table: String,
    id: Value,
    column: String,
    value: Value,
}

/// Applies one change of another device; returns how many conflicts it
/// met (listed in `sync_conflicts`).
pub(super) fn apply_one(
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
            "commitments" => {
                conn.execute(
                    "DELETE FROM commitments WHERE account_id NOT IN (SELECT id FROM accounts)",
                    [],
                )?;
                conn.execute(
                    "UPDATE commitments SET contact_id = NULL
                      WHERE contact_id NOT IN (SELECT id FROM contacts)",
                    [],
                )?;
                conn.execute(
                    "UPDATE commitments SET visit_id = NULL
                      WHERE visit_id NOT IN (SELECT id FROM visits)",
                    [],
                )?;
                continue;
            }
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
pub(super) struct Here {
    device: String,
    /// Conflicts are listed only once this device has made changes of its
    /// own: a file that joined holds no value of its own that could lose.
    lists: bool,
    names: std::collections::HashMap<String, Arc<Vec<String>>>,
}

impl Here {
    pub(super) fn of(store: &Store) -> Result<Here> {
        let device = store.device()?;
        let lists = store
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM changes WHERE device = ?1)")?
            .query_row([&device], |r| r.get(0))?;
        let names = crate::store::journal::JOURNALED
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
                    .filter(|&&i| !crate::store::rows::DERIVED_COLUMNS.contains(&cols[i].as_str()))
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
