//! Files that are not kam's are left exactly as they were: another
//! program's SQLite database, one with the wrong layout, a kam database
//! with tables missing, a device, a FIFO, a folder. A kam database its
//! owner made read-only opens read-only and keeps its mode. Each case runs
//! every command that opens a database and compares the bytes and the
//! mode before and after.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::TODAY;

/// Every command that opens a database: reading, checking, exporting,
/// backing up and writing.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let csv = dir.join("in.csv");
    std::fs::write(&csv, "name,tier\nNew One,key\n").unwrap();
    let out = |name: &str| dir.join(name).display().to_string();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["today"]),
        s(&["today", "--json"]),
        s(&["snapshot", "--screen", "accounts"]),
        s(&["check"]),
        s(&["export", "json", &out("x.json")]),
        s(&["export", "vcard", &out("x.vcf")]),
        s(&["export", "ics", &out("x.ics")]),
        s(&["backup", &out("x.backup")]),
        s(&["import", "accounts", &csv.display().to_string()]),
    ]
}

fn run(db: &Path, args: &[String]) -> Output {
    common::kam_on(db, TODAY).args(args).output().unwrap()
}

/// The command failed with one line on stderr and no panic; returns it.
fn one_line_failure(args: &[String], out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{args:?} succeeded: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(
        !err.contains("rusqlite") && !err.contains("CREATE TABLE"),
        "{args:?}: library text: {err}"
    );
    err
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The names in `dir`, sorted (what sits beside a file).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The file's bytes, its mode and what lies beside it.
#[derive(Debug, PartialEq, Eq)]
struct State {
    bytes: Vec<u8>,
    mode: u32,
    beside: Vec<String>,
}

#[cfg(unix)]
fn state(path: &Path) -> State {
    State {
        bytes: std::fs::read(path).unwrap(),
        mode: mode(path),
        beside: listing(path.parent().unwrap()),
    }
}

/// Runs every command on `db` in its own folder (so that what the
/// commands write lands elsewhere); each must fail in one line containing
/// `said`, and leave the file as it was. Returns how many commands ran.
#[cfg(unix)]
fn refused_untouched(db: &Path, said: &str) -> usize {
    let work = tempfile::tempdir().unwrap();
    let before = state(db);
    let commands = commands(work.path());
    for args in &commands {
        let out = run(db, args);
        let err = one_line_failure(args, &out);
        assert!(err.contains(said), "{args:?}: {err}");
        assert_eq!(state(db), before, "{args:?} changed {}", db.display());
    }
    commands.len()
}

/// A database another program made: tables `notes` and `tags`, mode 0644.
#[cfg(unix)]
fn notes_app(dir: &Path, wal: bool) -> PathBuf {
    let db = dir.join("notes.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    if wal {
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
    }
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
         CREATE TABLE tags (note INTEGER, tag TEXT);
         INSERT INTO notes (body) VALUES ('buy milk'), ('call Li Wei');
         INSERT INTO tags VALUES (1, 'home');",
    )
    .unwrap();
    drop(conn);
    set_mode(&db, 0o644);
    db
}

#[cfg(unix)]
#[test]
fn another_programs_database_is_refused_byte_for_byte_and_mode_unchanged() {
    let mut tried = 0;
    for wal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let db = notes_app(dir.path(), wal);
        tried += refused_untouched(
            &db,
            "a SQLite database of another program: tables notes, tags",
        );
    }
    eprintln!("foreign: another program's database, {tried} commands tried, {tried} survived");
}

#[cfg(unix)]
#[test]
fn another_programs_database_open_in_that_program_is_refused_untouched() {
    // the program is running: its log holds what it wrote, not yet in the file
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
         INSERT INTO notes (body) VALUES ('only in the log');",
    )
    .unwrap();
    set_mode(&db, 0o644);
    let wal = common_companion(&db, "-wal");
    let (file, log) = (std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap());
    let tried = {
        let work = tempfile::tempdir().unwrap();
        let commands = commands(work.path());
        for args in &commands {
            let err = one_line_failure(args, &run(&db, args));
            assert!(
                err.contains("a SQLite database of another program: tables notes"),
                "{args:?}: {err}"
            );
        }
        commands.len()
    };
    assert_eq!(std::fs::read(&db).unwrap(), file);
    assert_eq!(std::fs::read(&wal).unwrap(), log);
    assert_eq!(mode(&db), 0o644);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    eprintln!("foreign: another program's live database, {tried} commands tried, {tried} survived");
}

fn common_companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

#[cfg(unix)]
#[test]
fn a_database_with_the_wrong_layout_is_refused_without_switching_its_journal() {
    // a table named like kam's, with other columns, and no schema version
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("layout.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE accounts (account_no TEXT PRIMARY KEY, balance REAL);
         INSERT INTO accounts VALUES ('DE-1', 12.5);",
    )
    .unwrap();
    drop(conn);
    set_mode(&db, 0o644);
    let header = std::fs::read(&db).unwrap()[18];
    let tried = refused_untouched(&db, "a SQLite database of another program: tables accounts");
    // still a rollback journal (1), never switched to WAL (2)
    assert_eq!(std::fs::read(&db).unwrap()[18], header);
    assert_eq!(header, 1);
    eprintln!("foreign: wrong layout, {tried} commands tried, {tried} survived");
}

#[cfg(unix)]
#[test]
fn a_kam_database_with_tables_missing_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("broken.sqlite3");
    common::demo(&db, 3);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; DROP TABLE visit_contacts;")
        .unwrap();
    drop(conn);
    let tried = refused_untouched(&db, "tables missing (visit_contacts)");
    eprintln!("foreign: kam tables missing, {tried} commands tried, {tried} survived");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_are_refused_in_one_line_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    set_mode(&folder, 0o755);
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (PathBuf::from("/dev/null"), "a device"),
        (folder, "a folder"),
    ];
    if made {
        cases.push((fifo, "a named pipe (FIFO)"));
    } else {
        eprintln!("mkfifo not available: the FIFO case is skipped");
    }
    let work = tempfile::tempdir().unwrap();
    let mut tried = 0;
    for (path, said) in &cases {
        let before = mode(path);
        for args in commands(work.path()) {
            // a FIFO opened for reading would wait for a writer forever
            let mut child = common::kam_on(path, TODAY)
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let start = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() {
                if start.elapsed() > Duration::from_secs(20) {
                    let _ = child.kill();
                    panic!("kam {args:?} on {} hangs", path.display());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            let err = one_line_failure(&args, &out);
            assert!(err.contains(said), "{args:?}: {err}");
            assert_eq!(
                mode(path),
                before,
                "{args:?} changed the mode of {}",
                path.display()
            );
            tried += 1;
        }
    }
    assert!(listing(&dir.path().join("folder")).is_empty());
    eprintln!("foreign: devices, FIFOs, folders, {tried} commands tried, {tried} survived");
}

#[cfg(unix)]
#[test]
fn a_kam_database_its_owner_made_read_only_opens_read_only_and_stays_444() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mine.sqlite3");
    common::demo(&db, 4);
    set_mode(&db, 0o444);
    let before = state(&db);
    // reading works (as root too, who could write it), with the banner
    let snapshot = run(
        &db,
        &["snapshot".into(), "--screen".into(), "accounts".into()],
    );
    assert!(
        snapshot.status.success(),
        "{}",
        String::from_utf8_lossy(&snapshot.stderr)
    );
    let screen = String::from_utf8_lossy(&snapshot.stdout);
    assert!(screen.contains("4 accounts"), "{screen}");
    assert!(screen.contains("read-only"), "{screen}");
    for args in [
        vec!["today".to_string()],
        vec!["today".into(), "--json".into()],
        vec!["check".into()],
    ] {
        let out = run(&db, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // a write is refused in one line
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,tier\nNew One,key\n").unwrap();
    let args = vec![
        "import".to_string(),
        "accounts".into(),
        csv.display().to_string(),
    ];
    let err = one_line_failure(&args, &run(&db, &args));
    assert!(err.contains("read-only"), "{err}");
    let after = state(&db);
    assert_eq!(after.mode, 0o444);
    assert_eq!(after.bytes, before.bytes);
    assert!(!dir.path().join("mine.sqlite3-wal").exists());
}

#[cfg(unix)]
#[test]
fn permissions_are_tightened_only_on_kams_own_writable_files() {
    let dir = tempfile::tempdir().unwrap();
    // a kam database others may read: tightened, with a word
    let db = dir.path().join("open.sqlite3");
    common::demo(&db, 2);
    set_mode(&db, 0o644);
    let out = run(&db, &["today".into()]);
    assert!(out.status.success());
    assert_eq!(mode(&db), 0o600);
    // a file kam creates: 0600 from the start
    let new = dir.path().join("new.sqlite3");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,tier\nNew One,key\n").unwrap();
    let out = run(
        &new,
        &[
            "import".into(),
            "accounts".into(),
            csv.display().to_string(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&new), 0o600);
}
