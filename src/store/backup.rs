//! `kam backup`: a copy of the database that can be trusted. SQLite's
//! online backup copies the database, as one read transaction sees it,
//! into a temporary file beside the target (`whole_file`); the copy is made
//! one self-contained file (journal mode DELETE, nothing beside it) and
//! checked — `PRAGMA integrity_check` says ok and every table of the
//! portfolio has as many rows as the source had in that same transaction —
//! and only then fsynced and renamed into place. An earlier backup at the
//! target is replaced (with `--force`) only by a verified one. A demo
//! portfolio, built in its temporary file, is closed and checked the same
//! way (`Store::close_verified`).

use super::whole_file::{FileError, FileProblem, WholeFile};
use super::{Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// The tables whose rows a backup must carry over, counted on both sides.
pub const COUNTED: [&str; 6] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "surveys",
    "commitments",
];

/// A backup written and verified: the rows of each table it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub counts: Vec<(&'static str, i64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing (or verifying) the copy failed; the target is as it was.
    #[error(transparent)]
    File(#[from] FileError),
}

impl Store {
    /// A verified copy of the database at `path`, which must not exist
    /// yet (missing folders are created, private).
    pub fn backup_to(&self, path: &Path) -> Result<Verified, BackupError> {
        self.backup(path, false)
    }

    /// A verified copy of the database at `path` (0600), even while
    /// another kam writes; an existing file there is replaced only when
    /// `replace`, and only by a complete, verified copy.
    pub fn backup(&self, path: &Path, replace: bool) -> Result<Verified, BackupError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            super::files::create_dirs_private(parent)?;
        }
        if let Some(db) = self.path()
            && super::whole_file::same_file(db, path)
        {
            return Err(FileError::new(path, FileProblem::IsTheDatabase).into());
        }
        let copy = WholeFile::database(path, replace)?;
        // one read transaction: the counts and the pages copied are the
        // same moment of the database, whatever another kam commits
        let own_transaction = self.conn.is_autocommit();
        if own_transaction {
            self.conn
                .execute_batch("BEGIN DEFERRED")
                .map_err(StoreError::from)?;
        }
        let copied = self.copy_into(copy.temp_path(), path);
        if own_transaction {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let counts = copied?;
        verify(copy.temp_path(), &counts)
            .map_err(|why| BackupError::File(FileError::new(path, FileProblem::Unverified(why))))?;
        copy.commit()?;
        Ok(Verified { counts })
    }

    /// Counts the rows, then copies the pages into `temp` and makes it a
    /// self-contained file; errors writing it are said about `target`.
    fn copy_into(
        &self,
        temp: &Path,
        target: &Path,
    ) -> Result<Vec<(&'static str, i64)>, BackupError> {
        let counts = count_rows(&self.conn)?;
        let written = |e: rusqlite::Error| written_error(target, e);
        let mut dest = Connection::open(temp).map_err(written)?;
        // the copy is fsynced once, whole, before it is renamed
        dest.execute_batch("PRAGMA synchronous = OFF")
            .map_err(written)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dest).map_err(written)?;
            backup
                .run_to_completion(1024, Duration::from_millis(0), None)
                .map_err(written)?;
        }
        // the pages say WAL, as the source's do: a single file needs DELETE
        self_contained(&dest, target)?;
        dest.close().map_err(|(_, e)| written(e))?;
        Ok(counts)
    }

    /// Closes a database built at the temporary path of a `WholeFile`
    /// (`kam demo`) as a backup's copy is closed, so that what is renamed
    /// into place is complete: its log moved into the file by switching to
    /// journal mode DELETE (dropping the connection checkpoints too, but
    /// says nothing when that fails, as on a full disk), the connection
    /// closed with its error checked, and the file read back — intact,
    /// with `expected` rows of each `COUNTED` table. Errors are said
    /// about `target`.
    pub fn close_verified(
        self,
        target: &Path,
        expected: &[(&'static str, i64)],
    ) -> Result<(), FileError> {
        let path = self.path.clone().expect("a database file");
        self_contained(&self.conn, target)?;
        self.conn
            .close()
            .map_err(|(_, e)| written_error(target, e))?;
        verify(&path, expected)
            .map_err(|why| FileError::new(target, FileProblem::Unverified(why)))?;
        in_wal_mode(&path).map_err(|e| written_error(target, e))
    }
}

/// Switches the checked file to WAL, as kam keeps its databases, so that
/// its first open writes nothing (an `import --dry-run` on a new demo
/// leaves it byte for byte). Closing the only connection moves the log
/// back in and removes it: one file again.
fn in_wal_mode(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    conn.close().map_err(|(_, e)| e)
}

/// Makes the file of `conn` one self-contained file: journal mode DELETE,
/// which checkpoints the log into it and fails when that fails.
fn self_contained(conn: &Connection, target: &Path) -> Result<(), FileError> {
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| written_error(target, e))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(FileError::new(
            target,
            FileProblem::Unverified(format!("journal mode {mode}")),
        ));
    }
    Ok(())
}

/// A failure writing the copy: a full disk, or whatever SQLite said.
fn written_error(target: &Path, e: rusqlite::Error) -> FileError {
    match StoreError::from(e) {
        StoreError::DiskFull => FileError::new(target, FileProblem::DiskFull),
        other => FileError::new(
            target,
            FileProblem::Io(std::io::Error::other(other.to_string())),
        ),
    }
}

/// The rows of each counted table.
fn count_rows(conn: &Connection) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut counts = Vec::new();
    for table in COUNTED {
        // table names come from this list, never from input
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counts.push((table, n));
    }
    Ok(counts)
}

/// Reads the copy back: one file, intact, with the source's rows.
fn verify(copy: &Path, expected: &[(&'static str, i64)]) -> Result<(), String> {
    for suffix in ["-journal", "-wal"] {
        let mut beside = copy.as_os_str().to_owned();
        beside.push(suffix);
        if Path::new(&beside).exists() {
            return Err(format!("a {suffix} file is left beside it"));
        }
    }
    let mut header = [0u8; 100];
    std::fs::File::open(copy)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map_err(|e| e.to_string())?;
    // bytes 18 and 19: 1 for a rollback journal, 2 for WAL
    if header[18..20] != [1, 1] {
        return Err("it is not a self-contained database file".into());
    }
    let conn = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|e| e.to_string())?;
    if integrity != ["ok"] {
        return Err(format!(
            "integrity check: {}",
            integrity.first().cloned().unwrap_or_default()
        ));
    }
    let found = count_rows(&conn).map_err(|e| e.to_string())?;
    for ((table, want), (_, got)) in expected.iter().zip(&found) {
        if want != got {
            return Err(format!("{table}: {got} rows, the database has {want}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_database_closes_into_one_file_with_the_rows_it_should_have() {
        let dir = tempfile::tempdir().unwrap();
        let clock =
            crate::domain::Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let built = |name: &str| {
            let path = dir.path().join(name);
            let mut store = Store::open(&path).unwrap();
            let c = crate::demo::fill(&mut store, 2, &clock).unwrap();
            let rows = [c.accounts, c.contacts, c.complaints, c.visits, c.surveys];
            let expected: Vec<_> = COUNTED.into_iter().zip(rows.map(|n| n as i64)).collect();
            (path, store, expected)
        };
        let (path, store, expected) = built("a.db");
        store.close_verified(&path, &expected).unwrap();
        assert_eq!(
            &std::fs::read(&path).unwrap()[18..20],
            &[2, 2],
            "WAL, as kam keeps it"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no -wal, no -shm"
        );
        let (path, store, mut expected) = built("b.db");
        expected[1].1 += 1;
        assert!(matches!(
            store.close_verified(&path, &expected),
            Err(FileError {
                problem: FileProblem::Unverified(_),
                ..
            })
        ));
    }

    #[test]
    fn a_backup_is_one_verified_file_and_replaces_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kam.sqlite3");
        let mut store = Store::open(&db).unwrap();
        crate::demo::fill(
            &mut store,
            3,
            &crate::domain::Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        )
        .unwrap();
        let copy = dir.path().join("copy.db");
        let done = store.backup_to(&copy).unwrap();
        assert_eq!(done.counts[0], ("accounts", 3));
        let bytes = std::fs::read(&copy).unwrap();
        assert_eq!(&bytes[18..20], &[1, 1], "journal mode DELETE");
        assert!(matches!(
            store.backup_to(&copy),
            Err(BackupError::File(FileError {
                problem: FileProblem::Exists,
                ..
            }))
        ));
        store.backup(&copy, true).unwrap();
        assert!(matches!(
            store.backup(&db, true),
            Err(BackupError::File(FileError {
                problem: FileProblem::IsTheDatabase,
                ..
            }))
        ));
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "copy.db",
                "kam.sqlite3",
                "kam.sqlite3-shm",
                "kam.sqlite3-wal"
            ]
        );
    }
}
