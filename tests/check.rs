//! `kam check` tells a complete kam database from everything else, and
//! never writes to the file it checks: a file an unfinished write or copy
//! left (a journal beside it), a zero-byte or empty file, another
//! program's database, a kam database with tables missing — each its own
//! line and exit 3; stored text that is not UTF-8 (or a BLOB) listed by
//! table, row and column with exit 1, the code of a damaged file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::TODAY;

fn check(db: &Path) -> Output {
    common::kam_on(db, TODAY).arg("check").output().unwrap()
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Every file in the folder with its bytes and mode: what `check` must
/// leave as it found it.
#[cfg(unix)]
fn folder_state(dir: &Path) -> Vec<(String, Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut files: Vec<(String, Vec<u8>, u32)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes,
                meta.permissions().mode(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Runs `kam check` on `db` and insists it failed with `code`, one line
/// on stderr containing `said`, and left every file beside it as it was.
#[cfg(unix)]
fn check_says(db: &Path, code: i32, said: &str) -> Output {
    let dir = db.parent().unwrap();
    let before = folder_state(dir);
    let out = check(db);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{}: {err}", db.display());
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(said), "{}: {err}", db.display());
    assert!(
        !err.contains("panicked") && !err.contains("healthy"),
        "{err}"
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("healthy"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(folder_state(dir), before, "check changed {}", dir.display());
    out
}

/// A copy of a small demo in the rollback-journal mode `kam backup`
/// writes, in a folder of its own.
fn backup_copy(dir: &Path, name: &str) -> PathBuf {
    let source = dir.join(format!("{name}.source"));
    common::demo(&source, 4);
    let folder = dir.join(name);
    std::fs::create_dir(&folder).unwrap();
    let copy = folder.join("copy.sqlite3");
    let out = common::kam_on(&source, TODAY)
        .arg("backup")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    copy
}

/// What an unfinished write leaves: the file half changed and the journal
/// that would undo it, with nobody holding the file. Made by copying both
/// while a write that spilled pages into the file is in progress.
fn interrupted_write(dir: &Path) -> PathBuf {
    let copy = backup_copy(dir, "interrupted");
    let working = dir.join("working.sqlite3");
    std::fs::copy(&copy, &working).unwrap();
    std::fs::remove_file(&copy).unwrap();
    let conn = rusqlite::Connection::open(&working).unwrap();
    conn.execute_batch(
        "PRAGMA cache_size = 10;
         BEGIN IMMEDIATE;
         UPDATE visits SET outcome = outcome || hex(randomblob(300));
         UPDATE complaints SET details = details || hex(randomblob(300));",
    )
    .unwrap();
    let journal = companion(&working, "-journal");
    assert!(std::fs::metadata(&journal).unwrap().len() > 0);
    std::fs::copy(&working, &copy).unwrap();
    std::fs::copy(&journal, companion(&copy, "-journal")).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    copy
}

#[cfg(unix)]
#[test]
fn each_kind_of_incomplete_file_gets_its_own_line_and_exit_3_and_stays_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let mut tried = 0;

    // an unfinished write or copy: a journal that must be rolled back
    let half = interrupted_write(tmp.path());
    check_says(
        &half,
        3,
        "copy.sqlite3-journal beside it is left from a write or copy that did not finish",
    );
    tried += 1;
    // opening it for work is refused too, and changes nothing
    let before = folder_state(half.parent().unwrap());
    let out = common::kam_on(&half, TODAY).arg("today").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not finish"));
    assert_eq!(folder_state(half.parent().unwrap()), before);

    // a log beside a file that does not use one
    let stray = backup_copy(tmp.path(), "stray");
    std::fs::write(companion(&stray, "-wal"), vec![7u8; 4096]).unwrap();
    check_says(
        &stray,
        3,
        "copy.sqlite3-wal beside it is left from a write or copy that did not finish",
    );
    tried += 1;

    // zero bytes: a copy killed before its first page, or a full disk
    let zero_dir = tmp.path().join("zero");
    std::fs::create_dir(&zero_dir).unwrap();
    let zero = zero_dir.join("zero.sqlite3");
    std::fs::write(&zero, b"").unwrap();
    check_says(
        &zero,
        3,
        "empty (0 bytes) — not a kam database; use another backup",
    );
    tried += 1;
    std::fs::write(companion(&zero, "-journal"), vec![0xd9u8; 512]).unwrap();
    check_says(
        &zero,
        3,
        "(a journal beside it: a copy that did not finish)",
    );
    tried += 1;

    // a SQLite file without a table
    let empty_dir = tmp.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    let empty = empty_dir.join("empty.sqlite3");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; VACUUM;")
        .unwrap();
    assert!(std::fs::metadata(&empty).unwrap().len() > 0);
    check_says(&empty, 3, "a SQLite database without a single table");
    tried += 1;

    // another program's database
    let foreign_dir = tmp.path().join("foreign");
    std::fs::create_dir(&foreign_dir).unwrap();
    let foreign = foreign_dir.join("notes.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); CREATE TABLE tags (tag TEXT);")
        .unwrap();
    check_says(
        &foreign,
        3,
        "a SQLite database of another program: tables notes, tags",
    );
    tried += 1;

    // kam's, with tables gone
    let partial = backup_copy(tmp.path(), "partial");
    rusqlite::Connection::open(&partial)
        .unwrap()
        .execute_batch("DROP TABLE surveys; DROP TABLE visit_contacts;")
        .unwrap();
    check_says(&partial, 3, "tables missing (visit_contacts, surveys)");
    tried += 1;

    eprintln!("check: incomplete files, {tried} tried, {tried} survived");
}

#[cfg(unix)]
#[test]
fn text_that_is_not_utf8_or_a_blob_is_listed_by_table_row_and_column_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let db = backup_copy(tmp.path(), "bytes");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE accounts SET name = CAST(X'41FF42' AS TEXT) WHERE id = 2;
         UPDATE contacts SET notes = X'00FF' WHERE id = 3;
         UPDATE complaints SET summary = CAST(X'C3' AS TEXT) WHERE id = 4;
         UPDATE visits SET purpose = X'414243' WHERE id = 5;
         UPDATE surveys SET comment = CAST(X'E4BD' AS TEXT) WHERE id = 6;
         INSERT INTO settings (key, value) VALUES ('note', CAST(X'FE' AS TEXT));",
    )
    .unwrap();
    drop(conn);
    let out = check_says(&db, 1, "6 stored value(s) are not readable text");
    let said = String::from_utf8_lossy(&out.stdout);
    for line in [
        "unreadable: accounts row id 2, column name: not valid UTF-8",
        "unreadable: contacts row id 3, column notes: a BLOB, not text",
        "unreadable: complaints row id 4, column summary: not valid UTF-8",
        "unreadable: visits row id 5, column purpose: a BLOB, not text",
        "unreadable: surveys row id 6, column comment: not valid UTF-8",
        "unreadable: settings row id note, column value: not valid UTF-8",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    assert_eq!(said.lines().count(), 6, "{said}");
    eprintln!("check: unreadable text, 6 planted, 6 listed");
}

#[test]
fn a_healthy_database_is_healthy_while_another_process_writes_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("live.sqlite3");
    common::demo(&db, 4);
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE accounts SET notes = 'committed, still in the log' WHERE id = 1;
             BEGIN IMMEDIATE;
             UPDATE accounts SET notes = 'not committed' WHERE id = 2;",
        )
        .unwrap();
    let out = check(&db);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.starts_with("healthy: integrity ok, references ok · 4 accounts"),
        "{said}"
    );
    other.execute_batch("COMMIT").unwrap();
}

/// A tiny deterministic random number generator (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// `kam backup` killed at random moments: whatever it left, `kam check`
/// calls healthy only a complete copy, says something else in one line
/// otherwise, and changes nothing.
#[cfg(unix)]
#[test]
fn check_never_calls_an_interrupted_backup_healthy() {
    const KILLS: usize = 40;
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source.sqlite3");
    common::demo(&source, 300);
    let reference = String::from_utf8_lossy(&check(&source).stdout).into_owned();
    assert!(reference.starts_with("healthy"), "{reference}");
    let backup = |target: &Path| {
        let mut cmd = common::kam_on(&source, TODAY);
        cmd.arg("backup").arg(target);
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    let timing = tmp.path().join("timing.sqlite3");
    let start = Instant::now();
    assert!(backup(&timing).status().unwrap().success());
    let took = start.elapsed();
    let mut rng = XorShift(0x6b61_6d63_6865_636b);
    let (mut absent, mut incomplete, mut complete) = (0, 0, 0);
    for i in 0..KILLS {
        let dir = tmp.path().join(format!("kill-{i}"));
        std::fs::create_dir(&dir).unwrap();
        let target = dir.join("backup.sqlite3");
        let delay = Duration::from_micros(rng.below(took.as_micros() as u64 + 1));
        let mut child = backup(&target).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if !target.exists() {
            absent += 1;
            continue;
        }
        let before = folder_state(&dir);
        let out = check(&target);
        assert_eq!(
            folder_state(&dir),
            before,
            "kill {i}: check changed the files"
        );
        let said = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        match out.status.code() {
            Some(0) => {
                // healthy only when it is the whole portfolio
                assert_eq!(said, reference, "kill {i} after {delay:?}");
                complete += 1;
            }
            Some(1 | 3) => {
                assert_eq!(err.trim_end().lines().count(), 1, "{err}");
                assert!(!said.contains("healthy"), "{said}");
                incomplete += 1;
            }
            other => panic!("kill {i}: exit {other:?}: {err}"),
        }
    }
    eprintln!(
        "check: {KILLS} backups killed at random (uninterrupted {took:?}): {absent} left nothing, \
         {incomplete} incomplete copies refused, {complete} complete copies healthy; \
         {KILLS} survived"
    );
}
