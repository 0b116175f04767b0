//! Crash safety of the real binary: kam processes that write (a large
//! import into an existing database, a demo portfolio replacing an existing
//! file) are killed with SIGKILL at pseudo-random moments, again and again.
//! After every kill the file must pass `PRAGMA integrity_check` (and
//! `kam check`), every write the process reported as done must be there,
//! and an interrupted import must have left all of itself or nothing.
//!
//! The moments are drawn from a seeded generator over the time an
//! uninterrupted run takes on this machine (measured first), so some kills
//! land before kam opened the file, some inside the import's transaction,
//! some during or after its commit, and some after it finished. The test
//! prints how the kills fell and insists that both interrupted and
//! completed runs occurred — otherwise the delays are wrong and the test
//! would prove nothing.

#![cfg(unix)]

mod common;

use rusqlite::Connection;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-24";
const SIGKILL: i32 = 9;

/// The tests below calibrate their kill moments by timing kam; on a small
/// machine two of them running side by side would skew each other's
/// timings, so they take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The real binary with a clean environment and a fixed date.
fn kam(db: &Path) -> Command {
    common::kam_on(db, TODAY)
}

/// Runs kam to completion and insists it succeeded; returns stdout.
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("kam runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// xorshift64*: a tiny seeded generator, the same moments on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..hi`.
    fn between(&mut self, lo: Duration, hi: Duration) -> Duration {
        let span = (hi - lo).as_micros() as u64;
        lo + Duration::from_micros(self.next() % span.max(1))
    }
}

/// Kill moments aimed at the commit, a few milliseconds somewhere near the
/// end of a run: after a kill that found nothing committed the next one
/// comes later, after one that found everything it comes earlier, in ever
/// smaller steps — so they cluster around the commit (and the WAL
/// checkpoint that follows it as kam closes the file).
struct Staircase {
    aim: Duration,
    step: Duration,
}

impl Staircase {
    fn new(took: Duration) -> Staircase {
        Staircase {
            aim: took.mul_f64(0.9),
            step: took.mul_f64(0.1),
        }
    }

    fn next(&self, rng: &mut XorShift) -> Duration {
        rng.between(
            self.aim.saturating_sub(self.step / 4),
            self.aim + self.step / 4,
        )
    }

    fn found(&mut self, committed: bool) {
        if committed {
            self.aim = self.aim.saturating_sub(self.step);
        } else {
            self.aim += self.step;
        }
        self.step = self.step.mul_f64(0.8).max(Duration::from_millis(2));
    }
}

/// `path` with `suffix` appended (`-wal`, `-shm`).
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Copies a database that no process has open (so it has no `-wal`).
fn copy_db(from: &Path, to: &Path) {
    assert!(
        !companion(from, "-wal").exists(),
        "the base database must be closed cleanly"
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(companion(to, suffix));
    }
    std::fs::copy(from, to).unwrap();
}

/// FNV-1a: a short, stable digest of a long text, for readable failures.
fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a database holds, in a form two databases can be compared by: the
/// row count of every table (the derived `account_stats` included) and a
/// digest of every account's content. `with_uids` adds the uids (a demo's
/// are deterministic, an import's are random).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Content {
    counts: Vec<(&'static str, i64)>,
    accounts_digest: u64,
}

/// The tables compared, the change journal among them: a write and its
/// change are kept together or not at all.
const TABLES: [&str; 10] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "visit_contacts",
    "surveys",
    "settings",
    "account_stats",
    "changes",
    "change_accounts",
];

fn content(conn: &Connection, with_uids: bool) -> Content {
    let counts = TABLES
        .iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (*t, n)
        })
        .collect();
    let uid = if with_uids { "uid" } else { "''" };
    let text: String = conn
        .query_row(
            &format!(
                "SELECT coalesce(group_concat(row, char(10)), '') FROM (
                     SELECT {uid} || '|' || name || '|' || tier || '|' || region || '|'
                            || annual_revenue || '|' || notes || '|' || visit_cadence_days
                            || '|' || status AS row
                     FROM accounts ORDER BY name, uid)"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    Content {
        counts,
        accounts_digest: digest(&text),
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Opens the file as SQLite (recovering its WAL if a killed process left
/// one) and insists on `PRAGMA integrity_check` = ok and no dangling
/// reference.
fn open_checked(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(lines, ["ok"], "{}: integrity_check", path.display());
    let dangling = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(dangling, 0, "{}: foreign_key_check", path.display());
    conn
}

/// `kam check` on the file as a killed process left it: exit 0, healthy.
fn kam_check(path: &Path) {
    let out = kam(path).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("healthy: integrity ok, references ok"),
        "kam check on {} after a kill: {stdout}{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A process started, left alone for `delay`, then sent SIGKILL.
struct Killed {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// Whether kam had opened the file (its `-wal` exists) and how many
    /// bytes of WAL frames it had written, as the kill left them.
    wal: Option<u64>,
}

impl Killed {
    fn was_killed(&self) -> bool {
        self.status.signal() == Some(SIGKILL)
    }
    fn finished(&self) -> bool {
        self.status.success()
    }
}

fn run_and_kill(mut cmd: Command, db: &Path, delay: Duration) -> Killed {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    // SIGKILL; a child that already exited (not yet reaped) is unaffected
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let killed = Killed {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        wal: std::fs::metadata(companion(db, "-wal"))
            .ok()
            .map(|m| m.len()),
    };
    assert!(
        killed.was_killed() || killed.finished(),
        "kam neither finished nor was killed ({:?}): {}",
        killed.status,
        killed.stderr
    );
    killed
}

/// Times an uninterrupted run; returns its stdout and duration.
fn timed(cmd: &mut Command) -> (String, Duration) {
    let start = Instant::now();
    let stdout = run_ok(cmd);
    (stdout, start.elapsed())
}

const IMPORT_ROWS: usize = 4000;
const IMPORT_KILLS: usize = 60;
const MARK: &str = "updated by the crash-test import";

/// The spreadsheet to interrupt: `IMPORT_ROWS` new accounts with
/// distinctive names, and updates of five accounts the database already
/// has — so "nothing" and "all" differ in both added and changed rows.
fn write_import_csv(path: &Path, existing: &[String]) {
    let mut text = String::from("name,tier,region,annual_revenue,notes\n");
    for i in 0..IMPORT_ROWS {
        text.push_str(&format!(
            "Crashtest {i:05},important,East,{},row {i} of the crash test\n",
            (i + 1) * 1000
        ));
    }
    for name in existing {
        let quoted = name.replace('"', "\"\"");
        text.push_str(&format!("\"{quoted}\",key,West,7000000,{MARK}\n"));
    }
    std::fs::write(path, text).unwrap();
}

#[derive(Default, Debug)]
struct ImportTally {
    /// Killed before kam had opened the database.
    before_open: usize,
    /// Killed with the database open, nothing committed and no WAL frame
    /// written yet: reading and checking the spreadsheet, inserting rows
    /// into the page cache of the open transaction.
    open_nothing_written: usize,
    /// Killed with WAL frames written but no commit: inside the commit.
    mid_commit: usize,
    /// Killed after the commit reached the file, before kam exited.
    committed_then_killed: usize,
    /// Exited 0 before the kill.
    finished: usize,
}

#[test]
fn an_import_killed_at_random_moments_leaves_all_of_itself_or_nothing() {
    let _turn = serial();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    run_ok(
        kam(&base)
            .args(["demo", "--accounts", "20", "--out"])
            .arg(&base),
    );
    let existing: Vec<String> = {
        let conn = Connection::open(&base).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM accounts ORDER BY id LIMIT 5")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(existing.len(), 5);
    let csv = dir.path().join("big.csv");
    write_import_csv(&csv, &existing);
    let import = |db: &Path| {
        let mut cmd = kam(db);
        cmd.args(["import", "accounts"]).arg(&csv);
        cmd
    };

    let before = content(&Connection::open(&base).unwrap(), false);
    let accounts_before = before.counts[0].1;

    // the whole import, uninterrupted: what "all" looks like, and how long
    // it takes here (the slower of two runs)
    let mut took = Duration::ZERO;
    let mut after = None;
    for n in 0..2 {
        let db = dir.path().join(format!("reference-{n}.db"));
        copy_db(&base, &db);
        let (said, t) = timed(&mut import(&db));
        assert!(
            said.contains(&format!("added {IMPORT_ROWS}, updated 5")),
            "{said}"
        );
        took = took.max(t);
        let c = content(&open_checked(&db), false);
        if let Some(a) = &after {
            assert_eq!(&c, a, "two complete imports differ");
        }
        after = Some(c);
    }
    let after = after.unwrap();
    assert_eq!(after.counts[0].1, accounts_before + IMPORT_ROWS as i64);
    assert_ne!(after, before);
    eprintln!("crash: an uninterrupted import of {IMPORT_ROWS} rows takes {took:?}");

    let mut rng = XorShift(0x6b61_6d5f_6372_6173);
    let mut tally = ImportTally::default();
    let db = dir.path().join("victim.db");
    let mut stairs = Staircase::new(took);
    for i in 0..IMPORT_KILLS {
        copy_db(&base, &db);
        // half the kills spread over the whole run and a little beyond it,
        // half aimed at the commit
        let targeted = i % 2 == 1;
        let delay = if targeted {
            stairs.next(&mut rng)
        } else {
            rng.between(Duration::ZERO, took.mul_f64(1.3))
        };
        let k = run_and_kill(import(&db), &db, delay);
        let wal = k.wal;
        if i % 2 == 0 {
            // the way a user finds out: kam itself opens what was left
            kam_check(&db);
        }
        let conn = open_checked(&db);
        let now = content(&conn, false);
        let added = count(
            &conn,
            "SELECT count(*) FROM accounts WHERE name LIKE 'Crashtest %'",
        );
        let marked = count(
            &conn,
            &format!("SELECT count(*) FROM accounts WHERE notes = '{MARK}'"),
        );
        drop(conn);
        if i % 2 == 1 {
            kam_check(&db);
        }
        let what = format!(
            "kill {i} after {delay:?}: {:?}, wal {wal:?}, {added} of {IMPORT_ROWS} rows added, \
             {marked} of 5 updated; stdout {:?} stderr {:?}",
            k.status, k.stdout, k.stderr
        );
        if now == before {
            assert!(
                !k.finished(),
                "kam said it imported, but nothing is there: {what}"
            );
            assert!(
                !k.stdout.contains("added"),
                "kam reported the import, but nothing is there: {what}"
            );
            match wal {
                None => tally.before_open += 1,
                Some(0) => tally.open_nothing_written += 1,
                Some(_) => tally.mid_commit += 1,
            }
        } else if now == after {
            if k.finished() {
                tally.finished += 1;
            } else {
                tally.committed_then_killed += 1;
            }
        } else {
            panic!("part of an import is in the file — all or nothing: {what}");
        }
        if targeted {
            stairs.found(now == after);
        }
    }
    eprintln!(
        "crash: {IMPORT_KILLS} imports killed with SIGKILL: {tally:?}; \
         the targeted kills ended up aiming at {:?}",
        stairs.aim
    );
    let mid_import = tally.open_nothing_written + tally.mid_commit;
    assert!(
        mid_import >= 3,
        "too few kills landed while kam had the database open and had not committed \
         ({tally:?}) — the delays miss the import"
    );
    assert!(
        tally.finished + tally.committed_then_killed >= 1,
        "no run completed ({tally:?}) — the delays never reach the end of the import"
    );
}

const DEMO_ACCOUNTS: u32 = 120;
const DEMO_KILLS: usize = 14;

#[derive(Default, Debug)]
struct DemoTally {
    /// The old database, exactly as it was.
    old_intact: usize,
    /// No file: the old one removed, the new one not yet created.
    no_file: usize,
    /// A new, healthy database with no portfolio in it yet: the old one
    /// removed, the demo's transaction not committed.
    new_empty: usize,
    /// The complete new portfolio, killed after its commit (while closing:
    /// checkpointing the WAL into the file) or before it said so.
    complete_then_killed: usize,
    /// Exited 0 before the kill, having said what it wrote.
    finished: usize,
}

#[test]
fn a_demo_replacing_a_file_killed_at_random_moments_never_leaves_half_a_portfolio() {
    let _turn = serial();
    let dir = tempfile::tempdir().unwrap();
    // the existing file: a small database of someone's own accounts
    let old = dir.path().join("old.db");
    let csv = dir.path().join("own.csv");
    std::fs::write(&csv, "name,tier,notes\nOwn Account 1,key,mine\nOwn Account 2,general,mine\nOwn Account 3,important,mine\n").unwrap();
    run_ok(kam(&old).args(["import", "accounts"]).arg(&csv));
    let old_content = content(&open_checked(&old), true);
    assert_eq!(old_content.counts[0], ("accounts", 3));

    let demo = |db: &Path| {
        let mut cmd = kam(db);
        cmd.args([
            "demo",
            "--accounts",
            &DEMO_ACCOUNTS.to_string(),
            "--force",
            "--out",
        ])
        .arg(db);
        cmd
    };
    // uninterrupted: the complete portfolio and how long it takes to
    // replace the file with it
    let reference = dir.path().join("reference.db");
    copy_db(&old, &reference);
    let (said, took) = timed(&mut demo(&reference));
    assert!(
        said.contains(&format!("{DEMO_ACCOUNTS} accounts")),
        "{said}"
    );
    let complete = content(&open_checked(&reference), true);
    assert_eq!(complete.counts[0], ("accounts", i64::from(DEMO_ACCOUNTS)));
    eprintln!("crash: an uninterrupted demo --force of {DEMO_ACCOUNTS} accounts takes {took:?}");

    let mut rng = XorShift(0x6465_6d6f_6b69_6c6c);
    let mut tally = DemoTally::default();
    let db = dir.path().join("victim.db");
    let mut stairs = Staircase::new(took);
    for i in 0..DEMO_KILLS {
        copy_db(&old, &db);
        let targeted = i % 2 == 1;
        let delay = if targeted {
            stairs.next(&mut rng)
        } else {
            // up to twice the reference run: a busy machine (CI, other
            // builds) makes some runs far slower than it was, and some
            // kills must come after the end
            rng.between(Duration::ZERO, took.mul_f64(2.0))
        };
        let k = run_and_kill(demo(&db), &db, delay);
        let what = format!(
            "kill {i} after {delay:?}: {:?}, wal {:?}; stdout {:?} stderr {:?}",
            k.status, k.wal, k.stdout, k.stderr
        );
        let committed = if !db.exists() {
            assert!(
                !k.finished(),
                "demo said it wrote the file, but it is gone: {what}"
            );
            tally.no_file += 1;
            false
        } else {
            kam_check(&db);
            let now = content(&open_checked(&db), true);
            if now == old_content {
                assert!(!k.finished(), "demo said it wrote the file: {what}");
                tally.old_intact += 1;
                false
            } else if now == complete {
                if k.finished() {
                    tally.finished += 1;
                } else {
                    tally.complete_then_killed += 1;
                }
                true
            } else if now.counts.iter().all(|(t, n)| *n == 0 || *t == "settings") {
                assert!(
                    !k.finished() && !k.stdout.contains("accounts"),
                    "demo said it wrote the portfolio, but the file is empty: {what}"
                );
                tally.new_empty += 1;
                false
            } else {
                panic!("half a demo portfolio, or a mix of old and new: {now:?}; {what}");
            }
        };
        if targeted {
            stairs.found(committed);
        }
    }
    eprintln!("crash: {DEMO_KILLS} demo --force runs killed with SIGKILL: {tally:?}");
    // the new portfolio is built beside the old file and moved over it
    // complete: a kill leaves one or the other, never neither
    assert_eq!(
        tally.no_file + tally.new_empty,
        0,
        "a kill left neither the old database nor the new one: {tally:?}"
    );
    assert!(
        tally.complete_then_killed + tally.finished >= 1,
        "no demo completed ({tally:?}) — the delays never reach its end"
    );
    assert!(
        tally.old_intact + tally.no_file + tally.new_empty >= 3,
        "too few kills interrupted the demo ({tally:?}) — the delays miss it"
    );
}
