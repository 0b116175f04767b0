//! The one place kam talks SQL. `Store::open` checks the file before SQLite
//! touches it, sets the pragmas, and migrates; one module per table adds
//! the queries that screens and commands need, always with bound
//! parameters.

pub mod accounts;
pub mod backup;
pub mod colleagues;
pub mod complaints;
pub mod contacts;
pub mod files;
pub mod health;
pub mod interop;
pub mod journal;
pub mod review;
mod rows;
pub mod settings;
pub mod surveys;
pub mod visits;
pub mod whole_file;
pub mod write;

use crate::domain::{FieldError, Problem};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The migrations, in order. Never edit one that has landed: add the next.
const MIGRATION_SQL: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_init.sql")),
    M::up(include_str!("migrations/0002_account_stats.sql")),
    M::up(include_str!("migrations/0003_covering_indexes.sql")),
    M::up(include_str!("migrations/0004_search_forms.sql")),
    M::up(include_str!("migrations/0005_followups.sql")),
    M::up(include_str!("migrations/0006_birthdays.sql")),
    M::up(include_str!("migrations/0007_account_health.sql")),
    M::up(include_str!("migrations/0008_changes.sql")),
];

/// The schema version this kam writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: u32 = MIGRATION_SQL.len() as u32;

/// How long a write waits for another kam holding the file.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a SQLite database — kam leaves it untouched; choose another file with --db", .path.display())]
    NotADatabase { path: PathBuf },
    #[error("{}: made by a newer kam (schema version {found}; this kam knows up to {known}) — upgrade kam; the file was not changed", .path.display())]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("{}: {what}: {source}", .path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
    #[error("the database is busy (another kam is writing) — try again")]
    Busy,
    #[error("the database file is damaged ({0}) — restore a backup; run `kam check` for details")]
    Corrupt(String),
    #[error("the disk is full — nothing was saved; free some space and try again")]
    DiskFull,
    #[error("the database is read-only — nothing was saved")]
    ReadOnly,
    /// Rules an input broke, each under its field. `Display` joins them as
    /// "field: problem" in English; `strings::store_error` says them in the
    /// interface language.
    #[error("{}", join_field_errors(.0))]
    Invalid(Vec<FieldError>),
    /// A change kam's rules do not allow in the row's current state.
    #[error("{0}")]
    Refused(Problem),
    /// What SQLite refused (a constraint; see `REJECTED_BY_DATABASE`), or a
    /// file kam cannot use as it is.
    #[error("{0}")]
    Rejected(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// The migration library's message quotes the whole SQL; one line of
    /// it is enough to say what happened.
    #[error("upgrading the database failed: {}", first_line(&.0.to_string()))]
    Migration(#[from] rusqlite_migration::Error),
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    line.chars().take(200).collect()
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        let Some(code) = e.sqlite_error_code() else {
            return StoreError::Sqlite(e);
        };
        match code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                StoreError::Corrupt(e.to_string())
            }
            ErrorCode::DiskFull => StoreError::DiskFull,
            ErrorCode::ReadOnly => StoreError::ReadOnly,
            // CHECK, FOREIGN KEY and our triggers: a rule the input broke
            ErrorCode::ConstraintViolation => StoreError::Rejected(constraint_message(&e)),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// What a constraint error's message starts with, before SQLite's own
/// words.
pub const REJECTED_BY_DATABASE: &str = "rejected by the database: ";

/// The readable part of a constraint error ("CHECK constraint failed: …").
fn constraint_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => format!("{REJECTED_BY_DATABASE}{msg}"),
        other => format!("{REJECTED_BY_DATABASE}{other}"),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The portfolio database: one SQLite file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    notices: Vec<String>,
    /// Opened read-only: the file or its folder may not be written.
    read_only: bool,
    /// Health scores go to a private copy of their table (see
    /// `store::health`): read-only, or another kam held the write lock.
    shadowed: std::cell::Cell<bool>,
    /// This device's id and who makes the changes, read once (`journal`).
    device: std::cell::RefCell<Option<String>>,
    person: std::cell::RefCell<Option<String>>,
}

/// A path as the file part of an SQLite URI (`?` and `#` escaped), or
/// `None` when it is not valid UTF-8.
fn uri_path(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let text = absolute.to_str()?;
    Some(
        text.replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23"),
    )
}

/// With `KAM_TRACE_SQL` set, every statement that took a measurable time
/// goes to stderr with its duration: the first thing to read when a screen
/// is slow.
fn trace_statement(event: rusqlite::trace::TraceEvent<'_>) {
    let rusqlite::trace::TraceEvent::Profile(stmt, took) = event else {
        return;
    };
    if took >= Duration::from_micros(200) {
        let sql: String = stmt.sql().split_whitespace().collect::<Vec<_>>().join(" ");
        let sql: String = sql.chars().take(160).collect();
        eprintln!("kam sql: {:>8.2} ms  {sql}", took.as_secs_f64() * 1000.0);
    }
}

impl Store {
    /// Opens (creating it and its folder if missing) and migrates the
    /// database at `path`. A file that is not a SQLite database, or that a
    /// newer kam wrote, is refused before SQLite writes a byte to it.
    pub fn open(path: &Path) -> Result<Store> {
        let mut notices = Vec::new();
        match files::inspect(path)? {
            files::Found::Missing => match files::create_private(path) {
                // another kam created it a moment ago
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                other => other?,
            },
            files::Found::Database { user_version } => {
                if user_version > SCHEMA_VERSION {
                    return Err(StoreError::TooNew {
                        path: path.to_path_buf(),
                        found: user_version,
                        known: SCHEMA_VERSION,
                    });
                }
                if let Some(notice) = files::tighten_permissions(path)? {
                    notices.push(notice);
                }
            }
        }
        let read_only = !files::writable(path);
        let not_a_database = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_path_buf(),
            },
            _ => StoreError::from(e),
        };
        let conn = if read_only {
            // a file (or folder) kam may not write: read it as it is; SQLite
            // cannot keep its shared log index there, so it is told that
            // nobody writes the file while kam reads it
            let uri = format!(
                "file:{}?mode=ro&immutable=1",
                uri_path(path).ok_or_else(|| StoreError::Rejected(format!(
                    "{}: this path cannot be opened read-only",
                    path.display()
                )))?
            );
            Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(not_a_database)?
        } else {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(path, flags).map_err(not_a_database)?
        };
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            notices,
            read_only,
            shadowed: Default::default(),
            device: Default::default(),
            person: Default::default(),
        };
        store.prepare()?;
        if !read_only {
            files::tighten_companions(path);
        }
        Ok(store)
    }

    /// A fresh, migrated database in memory (tests).
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            notices: Vec::new(),
            read_only: false,
            shadowed: Default::default(),
            device: Default::default(),
            person: Default::default(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// Pragmas, a version check that reads before it writes, migrations.
    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        if std::env::var_os("KAM_TRACE_SQL").is_some() {
            self.conn.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_PROFILE,
                Some(trace_statement),
            );
        }
        let found: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
                    path: self.path.clone().unwrap_or_default(),
                },
                _ => StoreError::from(e),
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone().unwrap_or_default(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if self.read_only {
            if found < SCHEMA_VERSION {
                return Err(StoreError::Rejected(format!(
                    "{}: read-only, and made by an older kam (schema version {found}) that this kam would have to upgrade — copy it somewhere you may write",
                    self.path.clone().unwrap_or_default().display()
                )));
            }
            self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
            return Ok(());
        }
        if self.path.is_some() {
            // switching to WAL takes an exclusive lock without SQLite's busy
            // handler: while another kam sets up the same new file, retry
            let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
            let mode: String = loop {
                match self
                    .conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                {
                    Err(e)
                        if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                            && std::time::Instant::now() < deadline =>
                    {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    other => break other?,
                }
            };
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Rejected(format!(
                    "could not switch the database to WAL mode (got {mode})"
                )));
            }
        }
        // FULL: a commit is on disk before kam says it is saved.
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;",
        )?;
        if let Err(e) = Migrations::from_slice(MIGRATION_SQL).to_latest(&mut self.conn) {
            // another kam ran the same migrations at the same moment
            let now: u32 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now != SCHEMA_VERSION {
                return Err(e.into());
            }
        }
        self.fill_search_forms()
    }

    /// Writes the search form (pinyin) of every name that has none yet:
    /// rows from before migration 4, from a JSON import, or written by
    /// another tool. Usually finds nothing, from a partial index.
    pub fn fill_search_forms(&mut self) -> Result<()> {
        for table in ["accounts", "contacts"] {
            let missing: Vec<(i64, String)> = self
                .conn
                .prepare(&format!(
                    "SELECT id, name FROM {table} INDEXED BY {table}_unsearchable
                      WHERE name_search = '' AND name <> ''"
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if missing.is_empty() {
                continue;
            }
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut update = tx.prepare(&format!(
                    "UPDATE {table} SET name_search = ?2 WHERE id = ?1"
                ))?;
                for (id, name) in &missing {
                    update.execute(rusqlite::params![
                        id,
                        crate::domain::pinyin::search_form(name)
                    ])?;
                }
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Whether the database was opened read-only (nothing can be saved).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The file this store is on, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// One-line notices from opening (e.g. permissions tightened).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// The connection, for the query modules of this folder.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Lets SQLite keep up to `mib` MiB of pages in memory: bulk writes
    /// (demo, import) then build indexes in memory instead of spilling
    /// half-done pages to the WAL again and again.
    pub fn set_cache_mib(&self, mib: u32) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -(i64::from(mib) * 1024))?;
        Ok(())
    }

    /// Runs `f` in one transaction: everything or nothing is written.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// What `kam check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` lines other than "ok".
    pub integrity: Vec<String>,
    /// Rows whose reference points nowhere (`PRAGMA foreign_key_check`).
    pub foreign_keys: Vec<String>,
    /// (table, rows) of the portfolio.
    pub counts: Vec<(&'static str, i64)>,
}

impl CheckReport {
    pub fn healthy(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

impl Store {
    /// Integrity and foreign keys, and the size of each table.
    pub fn check(&self) -> Result<CheckReport> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_keys = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points to a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut counts = Vec::new();
        for table in ["accounts", "contacts", "complaints", "visits", "surveys"] {
            // table names come from this list, never from input
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            counts.push((table, n));
        }
        Ok(CheckReport {
            integrity,
            foreign_keys,
            counts,
        })
    }
}

/// A new stable identifier for a row.
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATION_SQL).validate().unwrap();
    }

    #[test]
    fn in_memory_store_has_every_table() {
        let store = Store::open_in_memory().unwrap();
        let mut stmt = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            tables,
            [
                "account_health",
                "account_stats",
                "accounts",
                "change_accounts",
                "changes",
                "complaints",
                "contacts",
                "local",
                "settings",
                "surveys",
                "visit_contacts",
                "visits"
            ]
        );
    }
}
