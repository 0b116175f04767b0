//! The one place kam talks SQL. `Store::open` checks the file before SQLite
//! touches it, sets the pragmas, and migrates; one module per table adds
//! the queries that screens and commands need, always with bound
//! parameters.

pub mod accounts;
pub mod backup;
pub mod calendar;
pub mod check;
pub mod colleagues;
pub mod commitments;
pub mod complaints;
pub mod contacts;
pub mod files;
pub mod health;
pub mod ids;
pub mod interop;
pub mod journal;
pub mod review;
mod rows;
pub mod settings;
pub mod surveys;
pub mod sync;
pub mod visits;
pub mod waiting;
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
    M::up(include_str!("migrations/0009_sync.sql")),
    // rebuilds two tables: run with foreign keys off, checked before commit
    M::up(include_str!("migrations/0010_wechat.sql")).foreign_key_check(),
    M::up(include_str!("migrations/0011_name_keys.sql")),
    M::up(include_str!("migrations/0012_done_on.sql")),
    M::up(include_str!("migrations/0013_commitments.sql")),
    M::up(include_str!("migrations/0014_address.sql")),
];

/// The schema version this kam writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: u32 = MIGRATION_SQL.len() as u32;

/// How long a write waits for another kam holding the file.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a SQLite database — kam leaves it untouched; choose another file with --db", .path.display())]
    NotADatabase { path: PathBuf },
    /// A folder, a device, a FIFO or a socket: never opened.
    #[error("{}: {} — kam keeps its data in a file; name one with --db", .path.display(), kind_said(*.kind))]
    NotAFile { path: PathBuf, kind: files::Kind },
    /// A SQLite database without kam's tables: left exactly as it is.
    #[error("{}: a SQLite database of another program{} — kam leaves it untouched; choose another file with --db", .path.display(), tables_said(.tables, *.user_version))]
    Foreign {
        path: PathBuf,
        tables: Vec<String>,
        user_version: u32,
    },
    /// A kam database some of whose tables are gone.
    #[error("{}: a kam database with tables missing ({}) — kam leaves it untouched; restore a backup", .path.display(), .missing.join(", "))]
    Incomplete { path: PathBuf, missing: Vec<String> },
    /// A journal an unfinished write or copy left beside the file.
    #[error("{}: {} beside it is left from a write or copy that did not finish, so the file may be incomplete — kam leaves both untouched; use another backup", .path.display(), .journal.display())]
    Interrupted { path: PathBuf, journal: PathBuf },
    /// Nothing in it: zero bytes, or a SQLite header without a table
    /// (what `kam check` says of a file an interrupted copy or a full disk
    /// left).
    #[error("{}: {} — not a kam database{}; use another backup", .path.display(), if *.zero_bytes { "empty (0 bytes)" } else { "a SQLite database without a single table" }, if *.journal { " (a journal beside it: a copy that did not finish)" } else { "" })]
    Empty {
        path: PathBuf,
        zero_bytes: bool,
        journal: bool,
    },
    /// An empty file kam may not write: nothing to show, nothing to save.
    #[error("{}: an empty file that kam may not write — make it writable (chmod u+w) or choose another file with --db", .path.display())]
    EmptyReadOnly { path: PathBuf },
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
    /// The disk is full when the database opens: SQLite cannot make the
    /// files it keeps beside it.
    #[error("{}: the disk is full — kam cannot open the database, which needs room beside it for its -wal and -shm files; free some space and start kam again", .path.display())]
    DiskFullAt { path: PathBuf },
    #[error("the database is read-only — nothing was saved")]
    ReadOnly,
    /// A write to a database found damaged when it opened.
    #[error(
        "the database file is damaged — nothing was saved; `kam check` says what is wrong, and `kam backup FILE` keeps a copy before you restore one"
    )]
    Damaged,
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
    /// An upgrade to this kam's schema failed (and was rolled back: the
    /// pending migrations run in one transaction). Said with SQLite's
    /// reason, never the migration library's text or its SQL.
    #[error("{}: upgrading it to this kam's schema (version {SCHEMA_VERSION}) failed ({}) — nothing of the upgrade was kept; restore a backup, or run kam check", .path.display(), migration_reason(.source))]
    Migration {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
}

/// Why a migration failed, in SQLite's words when it was SQLite.
pub(crate) fn migration_reason(e: &rusqlite_migration::Error) -> String {
    match e {
        rusqlite_migration::Error::RusqliteError { query, err } => {
            let said = match err {
                rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
                other => other.to_string(),
            };
            // SQLite's words end with " in " and the statement's text
            let head: String = query.trim_start().chars().take(12).collect();
            let said = match said.find(" in ") {
                Some(i) if !head.is_empty() && said[i + 4..].trim_start().starts_with(&head) => {
                    said[..i].to_string()
                }
                _ => said,
            };
            first_line(&said)
        }
        other => first_line(&other.to_string()),
    }
}

/// What a path that is not a file is, in English (`strings_zh` says it in
/// Chinese).
fn kind_said(kind: files::Kind) -> &'static str {
    match kind {
        files::Kind::Folder => "a folder, not a database file",
        files::Kind::Device => "a device, not a database file",
        files::Kind::Fifo => "a named pipe (FIFO), not a database file",
        files::Kind::Socket => "a socket, not a database file",
        files::Kind::Other => "not a regular file",
    }
}

/// ": tables notes, tags" (at most eight named), or what the schema
/// version says when there are none.
fn tables_said(tables: &[String], user_version: u32) -> String {
    if tables.is_empty() {
        return format!(" (no tables, schema version {user_version})");
    }
    let mut named: Vec<&str> = tables.iter().take(8).map(String::as_str).collect();
    if tables.len() > 8 {
        named.push("…");
    }
    format!(": tables {}", named.join(", "))
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
            // only a damaged database has an authorizer: it refuses changes
            ErrorCode::AuthorizationForStatementDenied => StoreError::Damaged,
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
    notices: Vec<files::Notice>,
    /// Opened read-only: the file or its folder may not be written.
    read_only: bool,
    /// Health scores go to a private copy of their table (see
    /// `store::health`): read-only, or another kam held the write lock.
    shadowed: std::cell::Cell<bool>,
    /// This device's id and who makes the changes, read once (`journal`).
    device: std::cell::RefCell<Option<String>>,
    person: std::cell::RefCell<Option<String>>,
    /// What the check at open found wrong with the file: then it is read
    /// only, and every change refused.
    damage: Option<String>,
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
    /// database at `path`. What the path is — a new file, a kam database,
    /// or anything else — is decided first, from its type, header and
    /// schema read without writing; anything else (not a file, not SQLite,
    /// another program's database, a kam file with tables missing or an
    /// unfinished copy, a newer kam's) is refused before SQLite writes a
    /// byte to it or its mode changes.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_file(path).map_err(|e| files::full_disk(path, e))
    }

    fn open_file(path: &Path) -> Result<Store> {
        let mut notices = Vec::new();
        let look = files::look(path)?;
        match look {
            files::Look::Missing => match files::create_private(path) {
                Ok(()) => {}
                // another kam created it a moment ago: look again
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    return Store::open_file(path);
                }
                Err(e) => return Err(e),
            },
            files::Look::Zero {
                owner_writable: false,
                ..
            } => {
                return Err(StoreError::EmptyReadOnly {
                    path: path.to_path_buf(),
                });
            }
            _ => {}
        }
        let owner_writable = match look {
            files::Look::Zero { owner_writable, .. }
            | files::Look::Sqlite { owner_writable, .. } => owner_writable,
            files::Look::Missing => true,
        };
        let read_only = !owner_writable || !files::writable(path);
        let open_rw = || {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(path, flags).map_err(|e| files::opening(path, e))
        };
        // the schema is read through the connection kam keeps when reading
        // it cannot write (no log to replay, no journal to roll back);
        // otherwise through a read-only one first
        let mut conn = if read_only || !look.quiet() {
            files::open_read_only(path, !look.quiet()).map_err(|e| files::opening(path, e))?
        } else {
            open_rw()?
        };
        match files::classify(path, &conn, look)? {
            files::Found::Kam { user_version, .. } if user_version > SCHEMA_VERSION => {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found: user_version,
                    known: SCHEMA_VERSION,
                });
            }
            // kam's database, or an empty file kam is about to make one
            _ if owner_writable => notices.extend(files::tighten_permissions(path)?),
            _ => {}
        }
        if !read_only && !look.quiet() {
            conn = open_rw()?;
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            notices,
            read_only,
            shadowed: Default::default(),
            device: Default::default(),
            person: Default::default(),
            damage: None,
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
            damage: None,
        };
        store.prepare()?;
        Ok(store)
    }

    /// Pragmas, a check for damage and a version check that read before
    /// anything writes, migrations.
    fn prepare(&mut self) -> Result<()> {
        waiting::patient(&self.conn)?;
        if std::env::var_os("KAM_TRACE_SQL").is_some() {
            self.conn.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_PROFILE,
                Some(trace_statement),
            );
        }
        if self.path.is_some() {
            self.damage = check::damage_at_open(&self.conn)?;
        }
        if self.damage.is_some() {
            // read what can be read, change nothing: no upgrade, scores in
            // a private copy, and SQLite refuses every statement that
            // would change the file
            self.read_only = true;
            self.conn.authorizer(Some(check::refuse_changes))?;
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
            if let Some(damage) = &self.damage
                && found < SCHEMA_VERSION
            {
                return Err(StoreError::Corrupt(damage.clone()));
            }
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
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;")?;
        // foreign keys off while migrating: a migration that rebuilds a
        // table (10) must not cascade its drop into the rows that refer to
        // it; those are checked before its transaction commits
        self.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let migrated = Migrations::from_slice(MIGRATION_SQL).to_latest(&mut self.conn);
        self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if let Err(e) = migrated {
            // another kam ran the same migrations at the same moment
            let now: u32 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now != SCHEMA_VERSION {
                return Err(StoreError::Migration {
                    path: self.path.clone().unwrap_or_default(),
                    source: e,
                });
            }
        }
        self.fill_search_forms()
    }

    /// Writes the search form (pinyin) and the sort key of every name that
    /// lacks one: rows from before migration 4 (the form) or 11 (the key,
    /// and forms of the readings before it), from a JSON import, or
    /// written by another tool. Usually finds nothing, from two partial
    /// indexes.
    pub fn fill_search_forms(&mut self) -> Result<()> {
        use crate::domain::pinyin;
        /// How a table's names sort: as organisations' or people's.
        type SortKey = fn(&str) -> String;
        let tables: [(&str, SortKey); 2] = [
            ("accounts", pinyin::sort_key),
            ("contacts", pinyin::person_sort_key),
        ];
        for (table, sort_key) in tables {
            let missing: Vec<(i64, String)> = self
                .conn
                .prepare(&format!(
                    "SELECT id, name FROM {table} INDEXED BY {table}_unsearchable
                      WHERE name_search = '' AND name <> ''
                     UNION
                     SELECT id, name FROM {table} INDEXED BY {table}_unkeyed
                      WHERE name_key = ''"
                ))?
                .query_map([], |r| Ok((r.get(0)?, rows::text(r, 1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if missing.is_empty() {
                continue;
            }
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut update = tx.prepare(&format!(
                    "UPDATE {table} SET name_search = ?2, name_key = ?3 WHERE id = ?1"
                ))?;
                for (id, name) in &missing {
                    update.execute(rusqlite::params![
                        id,
                        pinyin::search_form(name),
                        sort_key(name)
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

    /// What the check at open found wrong with the file (it is then read
    /// only): the first problem SQLite named.
    pub fn damage(&self) -> Option<&str> {
        self.damage.as_deref()
    }

    /// The file this store is on, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// One-line notices from opening (e.g. permissions tightened).
    pub fn take_notices(&mut self) -> Vec<files::Notice> {
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
    /// Integrity and foreign keys, and the size of each table. Damage that
    /// stops a check half-way is one more line of what it found.
    pub fn check(&self) -> Result<CheckReport> {
        let mut integrity: Vec<String> =
            check::lines(&self.conn, "PRAGMA integrity_check", |r| rows::text(r, 0))?;
        integrity.retain(|l| l != "ok");
        let foreign_keys = check::lines(&self.conn, "PRAGMA foreign_key_check", |r| {
            Ok(format!(
                "{} row {} points to a missing {}",
                rows::text(r, 0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                rows::text(r, 2)?
            ))
        })?;
        let mut counts = Vec::new();
        for table in [
            "accounts",
            "contacts",
            "complaints",
            "visits",
            "surveys",
            "commitments",
        ] {
            // table names come from this list, never from input
            let sql = format!("SELECT count(*) FROM {table}");
            match self.conn.query_row(&sql, [], |r| r.get::<_, i64>(0)) {
                Ok(n) => counts.push((table, n)),
                Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => {
                    integrity.push(format!("{table}: {e}"));
                }
                Err(e) => return Err(e.into()),
            }
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
                "commitments",
                "complaints",
                "contacts",
                "local",
                "settings",
                "surveys",
                "sync_conflicts",
                "sync_devices",
                "visit_contacts",
                "visits"
            ]
        );
    }
}
