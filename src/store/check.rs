//! `kam check` on a file: whether it is a complete kam database, its
//! integrity and references, and every stored text value that is not
//! readable text. It never writes to the file it checks: the file is
//! inspected as `Store::open` does, then read through a read-only
//! connection, never migrated.

use super::files::{self, Found};
use super::rows::{lossy, text};
use super::{CheckReport, Result, SCHEMA_VERSION, Store, StoreError};
use rusqlite::types::ValueRef;
use std::path::Path;

/// A stored text value that is not valid UTF-8, or a BLOB where text
/// belongs (written by another tool): kam shows it with U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadText {
    pub table: String,
    /// The row's id (`rowid`), or its key in a table without one.
    pub row: String,
    pub column: String,
    /// A BLOB rather than text with bytes that are not UTF-8.
    pub blob: bool,
}

/// What `kam check` found in a kam database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub report: CheckReport,
    pub unreadable: Vec<BadText>,
}

impl FileReport {
    /// Nothing damaged, nothing unreadable.
    pub fn healthy(&self) -> bool {
        self.report.healthy() && self.unreadable.is_empty()
    }
}

/// Checks the database at `path` without writing to it. A file that is
/// not a complete kam database is an error naming what it is
/// (`StoreError::Empty`, `Foreign`, `Incomplete`, `Interrupted`, …).
pub fn check_file(path: &Path) -> Result<FileReport> {
    let live_log = match files::inspect(path)? {
        Found::Missing => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                what: "cannot read the database file",
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        Found::Empty {
            zero_bytes,
            journal,
            ..
        } => {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
                zero_bytes,
                journal,
            });
        }
        Found::Kam {
            user_version,
            live_log,
            ..
        } => {
            if user_version > SCHEMA_VERSION {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found: user_version,
                    known: SCHEMA_VERSION,
                });
            }
            live_log
        }
    };
    let store = Store {
        conn: files::open_read_only(path, live_log)?,
        path: Some(path.to_path_buf()),
        notices: Vec::new(),
        read_only: true,
        shadowed: Default::default(),
        damage: None,
        device: Default::default(),
        person: Default::default(),
    };
    let report = store.check()?;
    // a table the integrity check found damaged may not be readable
    // through; what it lists is the finding then
    let unreadable = match store.unreadable_text() {
        Err(StoreError::Corrupt(_)) if !report.healthy() => Vec::new(),
        other => other?,
    };
    Ok(FileReport { report, unreadable })
}

/// The rows `sql` gives, each through `f`, until damage stops it: then
/// SQLite's words for the damage are the last line.
pub(crate) fn lines<T: From<String>>(
    conn: &rusqlite::Connection,
    sql: &str,
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    loop {
        match rows.next() {
            Ok(Some(r)) => out.push(f(r)?),
            Ok(None) => return Ok(out),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt)
                ) =>
            {
                out.push(T::from(e.to_string()));
                return Ok(out);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Whether a declared column type gives text affinity (SQLite's rules:
/// INT first, then CHAR, CLOB or TEXT).
fn text_affinity(declared: &str) -> bool {
    let t = declared.to_ascii_uppercase();
    !t.contains("INT") && (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT"))
}

/// An identifier as SQL, quoted.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// Every value of a text column, in every table, that is not valid
    /// UTF-8 or is a BLOB: one pass over each table.
    pub fn unreadable_text(&self) -> Result<Vec<BadText>> {
        let tables: Vec<(String, bool)> = self
            .conn()
            .prepare(
                "SELECT name, wr FROM pragma_table_list
                  WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
                  ORDER BY name",
            )?
            .query_map([], |r| Ok((text(r, 0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut found = Vec::new();
        for (table, without_rowid) in tables {
            // (name, declared type, position in the key)
            let columns: Vec<(String, String, i64)> = self
                .conn()
                .prepare("SELECT name, type, pk FROM pragma_table_info(?1)")?
                .query_map([&table], |r| Ok((text(r, 0)?, text(r, 1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let texts: Vec<&String> = columns
                .iter()
                .filter(|(_, ty, _)| text_affinity(ty))
                .map(|(name, _, _)| name)
                .collect();
            if texts.is_empty() {
                continue;
            }
            let mut key: Vec<(i64, &String)> = columns
                .iter()
                .filter(|(_, _, pk)| *pk > 0)
                .map(|(name, _, pk)| (*pk, name))
                .collect();
            key.sort();
            let key: Vec<String> = if without_rowid {
                key.iter().map(|(_, name)| quoted(name)).collect()
            } else {
                vec!["rowid".into()]
            };
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {}, {} FROM {}",
                key.join(", "),
                texts
                    .iter()
                    .map(|c| quoted(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                quoted(&table)
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                for (i, column) in texts.iter().enumerate() {
                    let blob = match r.get_ref(key.len() + i)? {
                        ValueRef::Text(t) if std::str::from_utf8(t).is_err() => false,
                        ValueRef::Blob(_) => true,
                        _ => continue,
                    };
                    let row = (0..key.len())
                        .map(|k| r.get_ref(k).map(|v| lossy(v).unwrap_or_default()))
                        .collect::<rusqlite::Result<Vec<_>>>()?
                        .join(", ");
                    found.push(BadText {
                        table: table.clone(),
                        row,
                        column: column.to_string(),
                        blob,
                    });
                }
            }
        }
        Ok(found)
    }
}

/// How much of SQLite's quick check runs when a database opens, in steps
/// of its progress callback (about one per b-tree page walked, then one
/// per instruction of the row checks): a file of up to `SMALL_FILE` pages
/// (2 MiB at 4 KiB a page, a real salesperson's portfolio: 40 accounts are
/// ≈370 pages) is walked whole within `SMALL_FILE_STEPS`, read through a
/// memory map for the time of the check (half the cost); a larger one for
/// `LARGE_FILE_STEPS`, the start of its walk (a fraction of a percent of
/// the pages at 5,000 accounts: there the guard is SQLite's own reports of
/// damage it reads, and `kam check`). Counted, not timed, so that what is
/// checked does not depend on how busy the machine is: 1–2 ms of a first
/// frame (BENCHMARKS.md).
const SMALL_FILE: u32 = 512;
const SMALL_FILE_STEPS: u32 = SMALL_FILE + 64;
const LARGE_FILE_STEPS: u32 = 50;

/// A limit in time as well, for a disk that is slow to read: far above
/// what the steps take on a warm file, so that a busy machine does not
/// change what is checked.
const OPEN_CHECK_TIME: std::time::Duration = std::time::Duration::from_millis(250);

/// The damage SQLite's quick check finds within `OPEN_CHECK_STEPS` (its
/// first line), or `None`: the cheap check run at every open. The check
/// stops at the first problem; what it does not reach is checked by
/// `kam check`, and SQLite still reports damage it meets when reading.
pub(crate) fn damage_at_open(conn: &rusqlite::Connection) -> Result<Option<String>> {
    // prepared first: reading the schema is not part of the check
    let mut stmt = conn.prepare("PRAGMA quick_check(1)")?;
    let start = std::time::Instant::now();
    let pages: u32 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let small = pages <= SMALL_FILE;
    let limit = if small {
        SMALL_FILE_STEPS
    } else {
        LARGE_FILE_STEPS
    };
    if small {
        // pages read in place: no copy into the page cache
        conn.pragma_update(None, "mmap_size", i64::from(SMALL_FILE) * 65_536)?;
    }
    let mut steps = 0u32;
    conn.progress_handler(
        1,
        Some(move || {
            steps += 1;
            steps > limit || start.elapsed() > OPEN_CHECK_TIME
        }),
    )?;
    let found = stmt.query_row([], |r| text(r, 0));
    conn.progress_handler(0, None::<fn() -> bool>)?;
    if small {
        conn.pragma_update(None, "mmap_size", 0)?;
    }
    if std::env::var_os("KAM_TRACE_SQL").is_some() {
        eprintln!(
            "kam sql: {:>8.3} ms  the check at open (PRAGMA quick_check of {pages} pages, at most {limit} steps)",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    use rusqlite::ErrorCode;
    match found {
        Ok(line) if line == "ok" => Ok(None),
        Ok(lines) => Ok(Some(
            lines
                .lines()
                .find(|l| !l.starts_with("***"))
                .unwrap_or(&lines)
                .to_string(),
        )),
        // the limit came first: nothing found in what was checked
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) => Ok(None),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
            ) =>
        {
            Ok(Some(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The authorizer of a damaged database: nothing in the file may change
/// (the connection's private copies, in `temp`, may).
pub(crate) fn refuse_changes(
    ctx: rusqlite::hooks::AuthContext<'_>,
) -> rusqlite::hooks::Authorization {
    use rusqlite::hooks::{AuthAction as A, Authorization};
    let changes = matches!(
        ctx.action,
        A::Insert { .. }
            | A::Update { .. }
            | A::Delete { .. }
            | A::CreateIndex { .. }
            | A::CreateTable { .. }
            | A::CreateTrigger { .. }
            | A::CreateView { .. }
            | A::DropIndex { .. }
            | A::DropTable { .. }
            | A::DropTrigger { .. }
            | A::DropView { .. }
            | A::AlterTable { .. }
            | A::Reindex { .. }
            | A::Analyze { .. }
            | A::CreateVtable { .. }
            | A::DropVtable { .. }
    );
    if changes && ctx.database_name != Some("temp") {
        Authorization::Deny
    } else {
        Authorization::Allow
    }
}
