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
    };
    Ok(FileReport {
        report: store.check()?,
        unreadable: store.unreadable_text()?,
    })
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
