//! A kill during `kam sync` (issue 18): "a kill during `kam sync` leaves
//! both the database and DIR usable and the next sync completes".
//!
//! Two laptops' databases (a demo portfolio of 40 accounts, an empty file
//! that joins it) and their shared folder go through the phases of a
//! sync, each with an import of `ROWS` accounts behind it so that there is
//! a sizeable base or change file to write and to apply: the first laptop
//! writing the base, the empty file joining from it, a laptop writing its
//! changes, a laptop writing its own and applying the other's, a laptop
//! applying the other's. Each phase's sync is timed uninterrupted, then
//! run again on copies of the same files and killed with SIGKILL at
//! moments from 0 to 100 % of that time (one before kam starts, the others
//! evenly from where an idle sync would be done to the end). After every
//! kill:
//!
//! - `kam check` says the database is healthy, and it keeps its own
//!   device id;
//! - the folder holds nothing but kam's files: the base (a sound synced
//!   portfolio), the devices' folders with whole change files, and at
//!   most temporary files under hidden names, which a sync never reads;
//! - the next `kam sync` completes and says nothing was left alone, and a
//!   temporary file still there after it is only another name of a file
//!   that was committed (the kill fell between its link and its unlink);
//! - both laptops, synced until neither has anything new, hold the same
//!   rows and the same journal, with every edit once.
//!
//! What a kill can leave, and what makes it harmless: a temporary file
//! (hidden: never read; the next write of the same file, which the next
//! sync makes, removes it); a change file written but not yet noted in the
//! database (the next sync writes those changes again in its next file;
//! the other laptop applies each change once, by its uid); a joining file
//! is one transaction (empty, or joined as itself — see the second test).
//!
//! The test prints how the kills fell (`sync kill: N kills, N usable, N
//! completed`, then per phase).

#![cfg(unix)]

mod common;

use common::{TODAY, demo, kam_on};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use std::fmt::Write as _;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SIGKILL: i32 = 9;
/// New accounts in each import: a change file of some 140 KB.
const ROWS: usize = 600;
/// Kill moments per phase: one at 0, the others spread over the rest of an
/// uninterrupted run, to its end.
const KILLS_PER_PHASE: usize = 8;
/// Existing accounts each laptop edits (different ones, so no conflict).
const EDITED: usize = 3;

/// The tests time kam to place their kills; side by side on a small
/// machine they would skew each other's timings, so they take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    A,
    B,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::A => "laptop-a",
            Side::B => "laptop-b",
        }
    }

    fn index(self) -> usize {
        match self {
            Side::A => 0,
            Side::B => 1,
        }
    }
}

/// Two laptops' databases and the folder they share, under one root.
struct World {
    root: PathBuf,
}

impl World {
    fn db(&self, side: Side) -> PathBuf {
        self.root.join(match side {
            Side::A => "a.sqlite3",
            Side::B => "b.sqlite3",
        })
    }

    fn share(&self) -> PathBuf {
        self.root.join("share")
    }

    /// A copy of every file, at `root`. The databases were closed
    /// cleanly: nothing is in a log beside them (the empty `-wal` and the
    /// `-shm` a read-only look leaves are not copied).
    fn copy_to(&self, root: &Path) -> World {
        for side in [Side::A, Side::B] {
            let wal = PathBuf::from(format!("{}-wal", self.db(side).display()));
            let len = wal.metadata().map_or(0, |m| m.len());
            assert_eq!(len, 0, "{}: not closed cleanly", wal.display());
        }
        copy_tree(&self.root, root);
        World {
            root: root.to_path_buf(),
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sqlite3-wal") || name.ends_with(".sqlite3-shm") {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs kam to completion and insists it succeeded; returns stdout.
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("kam runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn sync_cmd(w: &World, side: Side) -> Command {
    let mut cmd = kam_on(&w.db(side), TODAY);
    cmd.arg("sync").arg(w.share()).args(["--name", side.name()]);
    cmd
}

/// A sync run to completion, its output checked (`plain`).
fn sync_ok(w: &World, side: Side, what: &str) -> String {
    let out = run_ok(&mut sync_cmd(w, side));
    plain(&out, &format!("{what}: {} syncs", side.name()));
    out
}

/// A sync's output says what it did and nothing more: no file left
/// alone, damaged, waited for or refused, and no conflict.
fn plain(out: &str, what: &str) {
    for line in out.lines() {
        let known = ["this laptop started", "joined the portfolio", "synced with"]
            .iter()
            .any(|p| line.starts_with(p));
        assert!(known, "{what}: {out}");
        assert!(
            !line.starts_with("synced with")
                || line.ends_with("nothing new")
                || line.ends_with("; 0 conflict(s)"),
            "{what}: {out}"
        );
    }
}

fn quiet(out: &str) -> bool {
    out.lines().any(|l| l.ends_with("nothing new"))
}

/// Runs `cmd`, sends it SIGKILL after `delay`; returns how it ended
/// (killed, or finished before the kill) and, if it finished first, how
/// long it took (to the millisecond).
fn run_and_kill(mut cmd: Command, delay: Duration) -> (ExitStatus, Option<Duration>) {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut finished = None;
    while let Some(left) = delay.checked_sub(start.elapsed()) {
        if child.try_wait().unwrap().is_some() {
            finished = Some(start.elapsed());
            break;
        }
        std::thread::sleep(left.min(Duration::from_millis(1)));
    }
    // SIGKILL; a child that already exited (not yet reaped) is unaffected
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.signal() == Some(SIGKILL),
        "kam neither finished nor was killed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status, finished)
}

/// The file as SQLite reads it, changing nothing (a log a killed kam
/// left is read, not replayed into the file).
fn read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// `kam check`: exit 0, healthy.
fn kam_check(db: &Path, what: &str) {
    let out = kam_on(db, TODAY).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("healthy: integrity ok, references ok"),
        "{what}: kam check: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn local(conn: &Connection, key: &str) -> Option<String> {
    conn.query_row("SELECT value FROM local WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .ok()
}

fn device_uid(db: &Path) -> String {
    local(&read_only(db), "device.uid").expect("a device id")
}

/// The tables a sync carries between laptops.
const SYNCED: [&str; 7] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "visit_contacts",
    "surveys",
    "settings",
];

/// Every row of the synced tables and the uid of every change in the
/// journal, as text (SQLite's `quote` of each value): what two synced
/// laptops must hold alike.
fn data(conn: &Connection) -> String {
    let mut text = String::new();
    for table in SYNCED {
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: String = conn
            .query_row(
                &format!(
                    "SELECT coalesce(group_concat('{table}|' || row, char(10)), '')
                       FROM (SELECT {row} AS row FROM {table} ORDER BY 1)"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        text.push_str(&rows);
        text.push('\n');
    }
    let uids: String = conn
        .query_row(
            "SELECT coalesce(group_concat('change|' || uid, char(10)), '')
               FROM (SELECT uid FROM changes ORDER BY uid)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    text.push_str(&uids);
    text
}

/// The first line two texts differ in, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    loop {
        match (la.next(), lb.next()) {
            (None, None) => return "none".into(),
            (x, y) if x != y => return format!("{x:?} against {y:?}"),
            _ => {}
        }
    }
}

/// A hidden temporary file of `whole_file` (or one of its SQLite
/// companions): `.NAME.PID-START-N.kam-tmp[-journal|-wal|-shm]`.
fn is_temp(name: &str) -> bool {
    name.starts_with('.')
        && ["", "-journal", "-wal", "-shm"]
            .iter()
            .any(|s| name.ends_with(&format!(".kam-tmp{s}")))
}

/// The file a temporary file was to become.
fn target_of(temp: &Path) -> PathBuf {
    let name = temp.file_name().unwrap().to_string_lossy();
    let name = name.strip_prefix('.').unwrap();
    let end = name.find(".kamchanges.").map(|i| i + ".kamchanges".len());
    let end = end.unwrap_or_else(|| name.find(".kambase.").unwrap() + ".kambase".len());
    temp.with_file_name(&name[..end])
}

/// What is in the folder, checked: the base (a sound synced portfolio),
/// a folder per laptop (named by its device id) of whole change files,
/// each saying whose and which it is — and nothing else but hidden
/// temporary files, which it returns.
fn check_folder(share: &Path, devices: &[String; 2], what: &str) -> Vec<PathBuf> {
    let mut temps = Vec::new();
    for entry in std::fs::read_dir(share).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if is_temp(&name) {
            temps.push(path);
            continue;
        }
        if name == "base.kambase" {
            let ok: String = read_only(&path)
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "{what}: the base");
            let base = kam::store::Store::read_base(&path)
                .unwrap_or_else(|e| panic!("{what}: the base: {e}"));
            assert_eq!(base.device, devices[0], "{what}: the base is A's");
            continue;
        }
        assert!(
            path.is_dir() && devices.contains(&name),
            "{what}: {name} in the folder is not kam's"
        );
        for file in std::fs::read_dir(&path).unwrap() {
            let file = file.unwrap();
            let file_name = file.file_name().to_string_lossy().into_owned();
            if is_temp(&file_name) {
                temps.push(file.path());
                continue;
            }
            let seq: u32 = file_name
                .strip_suffix(".kamchanges")
                .and_then(|d| d.parse().ok())
                .unwrap_or_else(|| panic!("{what}: {name}/{file_name} is not kam's"));
            let bytes = std::fs::read(file.path()).unwrap();
            let (header, changes) = kam::interop::changefile::read(&bytes)
                .unwrap_or_else(|e| panic!("{what}: {name}/{file_name} is not whole: {e}"));
            assert_eq!(
                (header.device.as_str(), header.seq, header.changes),
                (name.as_str(), seq, changes.len()),
                "{what}: {name}/{file_name}"
            );
        }
    }
    temps.sort();
    temps
}

/// Everything a sync of `side` may change, as text: its `local` values
/// (the portfolio's uid, drawn at random by the first sync, as whether it
/// is set), how far it is with the other laptop, which of its changes
/// went into which file, its data, and the folder's files. Equal to the
/// state before a sync: the kill came before it did anything; to the
/// state after an uninterrupted one: after it did everything.
fn state(w: &World, side: Side) -> String {
    let conn = read_only(&w.db(side));
    let mut text = String::new();
    let mut stmt = conn
        .prepare("SELECT key, value FROM local ORDER BY key")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let key: String = row.get(0).unwrap();
        let value: String = row.get(1).unwrap();
        let value = if key == "portfolio.uid" {
            "set"
        } else {
            &value
        };
        let _ = writeln!(text, "local|{key}|{value}");
    }
    let mut stmt = conn
        .prepare("SELECT device, name, applied, stopped FROM sync_devices ORDER BY 1")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let values: Vec<Value> = (0..4).map(|i| row.get(i).unwrap()).collect();
        let _ = writeln!(text, "device|{values:?}");
    }
    let mut stmt = conn
        .prepare("SELECT uid, exported FROM changes ORDER BY uid")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let uid: String = row.get(0).unwrap();
        let exported: Option<i64> = row.get(1).unwrap();
        let _ = writeln!(text, "exported|{uid}|{exported:?}");
    }
    text.push_str(&data(&conn));
    let mut files = Vec::new();
    let mut folders = vec![w.share()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let share = w.share();
            let name = path.strip_prefix(&share).unwrap().display().to_string();
            if is_temp(&path.file_name().unwrap().to_string_lossy()) {
                let target = target_of(&path);
                let target = target.strip_prefix(&share).unwrap().display();
                files.push(format!("temporary file of {target}"));
            } else {
                files.push(format!("{name} {}", path.metadata().unwrap().len()));
            }
        }
    }
    files.sort();
    for f in files {
        let _ = writeln!(text, "file|{f}");
    }
    text
}

/// Syncs both laptops in turn until neither has anything new.
fn converge(w: &World, what: &str) {
    for _ in 0..4 {
        let a = sync_ok(w, Side::A, what);
        let b = sync_ok(w, Side::B, what);
        if quiet(&a) && quiet(&b) {
            return;
        }
    }
    panic!("{what}: the laptops never stop having something new");
}

/// An edit both laptops must hold once: `count` accounts whose `column`
/// is LIKE `pattern`.
type Mark = (&'static str, &'static str, i64);

const MARKS_A1: [Mark; 1] = [("name", "Killtest A1 %", ROWS as i64)];
const MARKS_ALL: [Mark; 5] = [
    ("name", "Killtest A1 %", ROWS as i64),
    ("name", "Killtest A2 %", ROWS as i64),
    ("name", "Killtest B %", ROWS as i64),
    ("notes", "edited on laptop-a", EDITED as i64),
    ("notes", "edited on laptop-b", EDITED as i64),
];

/// Both laptops hold the same rows and journal, with every edit once.
fn check_same(w: &World, marks: &[Mark], what: &str) {
    let a = read_only(&w.db(Side::A));
    let b = read_only(&w.db(Side::B));
    let (da, db) = (data(&a), data(&b));
    assert!(
        da == db,
        "{what}: the laptops differ: {}",
        first_difference(&da, &db)
    );
    for (column, pattern, count) in marks {
        let n: i64 = a
            .query_row(
                &format!("SELECT count(*) FROM accounts WHERE {column} LIKE ?1"),
                [pattern],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, *count, "{what}: accounts whose {column} is {pattern}");
    }
}

/// `kam export json` of a laptop, without the moment of the export.
fn exported(db: &Path) -> serde_json::Value {
    let out = run_ok(kam_on(db, TODAY).args(["export", "json", "-"]));
    let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("exported_at");
    }
    v
}

/// `ROWS` new accounts named `Killtest {tag} NNNNN`, and the accounts
/// `edit` with their notes set to `note`.
fn write_csv(path: &Path, tag: &str, edit: &[String], note: &str) {
    let mut text = String::from("name,tier,region,annual_revenue,notes\n");
    for i in 0..ROWS {
        let _ = writeln!(
            text,
            "Killtest {tag} {i:05},important,East,{},row {i} of {tag}",
            (i + 1) * 1000
        );
    }
    for name in edit {
        let quoted = name.replace('"', "\"\"");
        let _ = writeln!(text, "\"{quoted}\",key,West,7000000,{note}");
    }
    std::fs::write(path, text).unwrap();
}

fn import(db: &Path, csv: &Path) {
    let said = run_ok(kam_on(db, TODAY).args(["import", "accounts"]).arg(csv));
    assert!(said.contains(&format!("added {ROWS}")), "{said}");
}

/// Laptop A with a demo portfolio of 40 accounts and an import of `ROWS`
/// more, not synced yet; laptop B an empty kam database; an empty folder.
/// Returns the world, the devices' ids and the names of the demo's first
/// accounts.
fn first_world(root: &Path) -> (World, [String; 2], Vec<String>) {
    let w = World {
        root: root.to_path_buf(),
    };
    std::fs::create_dir_all(w.share()).unwrap();
    demo(&w.db(Side::A), 40);
    let names: Vec<String> = {
        let conn = read_only(&w.db(Side::A));
        let mut stmt = conn
            .prepare("SELECT name FROM accounts ORDER BY id LIMIT ?1")
            .unwrap();
        stmt.query_map([2 * EDITED as i64], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(names.len(), 2 * EDITED);
    let csv = root.join("a1.csv");
    write_csv(&csv, "A1", &[], "");
    import(&w.db(Side::A), &csv);
    std::fs::remove_file(csv).unwrap();
    // an empty database, as a first kam leaves it
    drop(kam::store::Store::open(&w.db(Side::B)).unwrap());
    let devices = [device_uid(&w.db(Side::A)), device_uid(&w.db(Side::B))];
    (w, devices, names)
}

/// One phase of a sync to interrupt: `side` syncs `world`.
struct Phase {
    label: &'static str,
    world: World,
    side: Side,
    /// An uninterrupted run, and one with nothing to do (starting kam,
    /// opening and checking the file, looking at the folder).
    took: Duration,
    idle: Duration,
    /// `state` before the sync and after an uninterrupted one.
    before: String,
    after: String,
    /// The edits both hold once synced until quiet.
    marks: &'static [Mark],
}

/// Makes the phase `label` of `world`: runs its sync uninterrupted on a
/// copy, at `next`, which becomes the world of what follows.
fn phase(
    label: &'static str,
    world: World,
    side: Side,
    marks: &'static [Mark],
    next: &Path,
) -> (Phase, World) {
    let before = state(&world, side);
    // the quicker of two runs: what the sync itself takes
    let timed = |w: &World| {
        let start = Instant::now();
        sync_ok(w, side, label);
        start.elapsed()
    };
    let scratch = world.copy_to(&next.with_extension("scratch"));
    let first = timed(&scratch);
    std::fs::remove_dir_all(&scratch.root).unwrap();
    let done = world.copy_to(next);
    let took = timed(&done).min(first);
    let after = state(&done, side);
    assert_ne!(before, after, "{label}: the sync did something");
    let start = Instant::now();
    assert!(quiet(&sync_ok(&done, side, label)), "{label}: twice");
    let idle = start.elapsed().min(took);
    let phase = Phase {
        label,
        world,
        side,
        took,
        idle,
        before,
        after,
        marks,
    };
    (phase, done)
}

/// How the kills of a phase fell.
#[derive(Debug, Default, Clone)]
struct Tally {
    /// Runs killed (not finished first).
    kills: usize,
    /// Kills after which the database passed `kam check` and the folder
    /// held only kam's files.
    usable: usize,
    /// Kills after which the next sync completed and both laptops, synced
    /// until quiet, were alike with every edit.
    completed: usize,
    /// Kills that left the database and the folder as before the sync,
    /// as after an uninterrupted one, and in between (some of its writes
    /// made, not all).
    as_before: usize,
    as_after: usize,
    part_way: usize,
    /// Kills that left a temporary file in the folder; of those files,
    /// how many the next sync left (each another name of a committed file).
    left_temp: usize,
    temps_kept: usize,
    /// Runs that finished before their kill.
    finished: usize,
}

impl Tally {
    fn add(&mut self, t: &Tally) {
        self.kills += t.kills;
        self.usable += t.usable;
        self.completed += t.completed;
        self.as_before += t.as_before;
        self.as_after += t.as_after;
        self.part_way += t.part_way;
        self.left_temp += t.left_temp;
        self.temps_kept += t.temps_kept;
        self.finished += t.finished;
    }
}

/// One kill of a phase's sync after `delay`, on a fresh copy at `root`,
/// and everything that must hold after it. Returns the world it left and,
/// if the sync finished before the kill, how long it took.
fn kill_once(
    p: &Phase,
    k: usize,
    delay: Duration,
    root: &Path,
    devices: &[String; 2],
    t: &mut Tally,
) -> (World, Option<Duration>) {
    let w = p.world.copy_to(root);
    let db = w.db(p.side);
    let what = format!("{} kill {k} after {delay:?}", p.label);
    let (status, finished) = run_and_kill(sync_cmd(&w, p.side), delay);
    let killed = !status.success();
    // the database and the folder, as the kill left them
    kam_check(&db, &what);
    assert_eq!(
        device_uid(&db),
        devices[p.side.index()],
        "{what}: the file keeps its own device id"
    );
    let temps = check_folder(&w.share(), devices, &what);
    let now = state(&w, p.side);
    if killed {
        t.kills += 1;
        t.usable += 1;
        if now == p.before {
            t.as_before += 1;
        } else if now == p.after {
            t.as_after += 1;
        } else {
            t.part_way += 1;
        }
        t.left_temp += usize::from(!temps.is_empty());
    } else {
        t.finished += 1;
        assert_eq!(now, p.after, "{what}: finished, as an uninterrupted run");
    }
    // the next sync completes; what it leaves of a killed write is only
    // another name of a committed file
    sync_ok(&w, p.side, &what);
    for temp in check_folder(&w.share(), devices, &what) {
        let target = target_of(&temp);
        let (m, n) = (temp.metadata().unwrap(), target.metadata());
        assert!(
            n.is_ok_and(|n| n.ino() == m.ino() && n.dev() == m.dev()),
            "{what}: {} left after the next sync",
            temp.display()
        );
        t.temps_kept += 1;
    }
    // and both laptops, synced until quiet, are alike
    converge(&w, &what);
    check_same(&w, p.marks, &what);
    if killed {
        t.completed += 1;
    }
    (w, finished)
}

#[test]
fn a_sync_killed_at_any_moment_leaves_the_database_and_the_folder_usable() {
    let _turn = serial();
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // warm up: the binary read once
    run_ok(common::kam_process().arg("--version"));
    let (w0, devices, names) = first_world(&dir.join("w0"));
    let (start, w1) = phase("start", w0, Side::A, &MARKS_A1, &dir.join("w1"));
    let (join, w2) = phase("join", w1, Side::B, &MARKS_A1, &dir.join("w2"));
    // a day offline on both: an import each and edits of existing accounts
    let csv = dir.join("b.csv");
    write_csv(&csv, "B", &names[EDITED..], "edited on laptop-b");
    import(&w2.db(Side::B), &csv);
    write_csv(&csv, "A2", &names[..EDITED], "edited on laptop-a");
    import(&w2.db(Side::A), &csv);
    let (write, w3) = phase("write", w2, Side::B, &MARKS_ALL, &dir.join("w3"));
    let (write_apply, w4) = phase("write+apply", w3, Side::A, &MARKS_ALL, &dir.join("w4"));
    let (apply, w5) = phase("apply", w4, Side::B, &MARKS_ALL, &dir.join("w5"));
    converge(&w5, "uninterrupted");
    check_same(&w5, &MARKS_ALL, "uninterrupted");
    let phases = [start, join, write, write_apply, apply];

    let mut tallies = Vec::new();
    for p in &phases {
        let mut t = Tally::default();
        let mut last = None;
        // a run that finished before its kill says how long the sync takes
        // now (a busy machine times it slower, then faster)
        let mut took = p.took;
        for k in 0..KILLS_PER_PHASE {
            // one before kam has started, the others evenly from the end
            // of what an idle sync does to the end of the whole run
            let from = p.idle.mul_f64(0.8).min(took);
            let delay = match k {
                0 => Duration::ZERO,
                k => from + (took - from).mul_f64((k - 1) as f64 / (KILLS_PER_PHASE - 2) as f64),
            };
            let root = dir.join(format!("{}-{k}", p.label));
            let (w, finished) = kill_once(p, k, delay, &root, &devices, &mut t);
            if let Some(d) = finished {
                took = took.min(d);
            }
            if let Some(old) = last.replace(w) {
                std::fs::remove_dir_all(old.root).unwrap();
            }
        }
        // the last world, as `kam export json` shows both laptops
        let w = last.unwrap();
        let (a, b) = (exported(&w.db(Side::A)), exported(&w.db(Side::B)));
        assert!(a == b, "{}: the exports of both laptops differ", p.label);
        let text = a.to_string();
        for (_, pattern, _) in p.marks {
            let mark = pattern.trim_end_matches('%');
            assert!(text.contains(mark), "{}: {mark} in the export", p.label);
        }
        std::fs::remove_dir_all(w.root).unwrap();
        tallies.push(t);
    }
    let mut all = Tally::default();
    for t in &tallies {
        all.add(t);
    }
    eprintln!(
        "sync kill: {} kills, {} usable, {} completed ({} finished before their kill; {:?})",
        all.kills,
        all.usable,
        all.completed,
        all.finished,
        started.elapsed()
    );
    for (p, t) in phases.iter().zip(&tallies) {
        eprintln!(
            "sync kill: {:<11} (run {:>3} ms, idle {:>3} ms) {} kills: {} left all as before, {} part-way, {} as after; {} left a temporary file, {} kept after the next sync; {} finished first",
            p.label,
            p.took.as_millis(),
            p.idle.as_millis(),
            t.kills,
            t.as_before,
            t.part_way,
            t.as_after,
            t.left_temp,
            t.temps_kept,
            t.finished
        );
    }
    assert_eq!(
        (all.usable, all.completed),
        (all.kills, all.kills),
        "{all:?}"
    );
    for (p, t) in phases.iter().zip(&tallies) {
        assert!(
            t.kills >= 2,
            "{}: only {} of the runs were killed — the delays are wrong: {t:?}",
            p.label,
            t.kills
        );
    }
    assert!(
        all.part_way >= 3,
        "only {} kills landed part-way through a sync: {all:?}",
        all.part_way
    );
}

/// Kills of an empty file joining the folder.
const JOIN_KILLS: usize = 12;

/// Kills closing in on the moment a joining file takes the base: the file
/// is left as it was (empty, its own device id) or joined as itself —
/// never holding the base's copy under the first laptop's device id, which
/// would make it sync as that laptop (its changes written into the first
/// laptop's folder, which that laptop never reads, and the first laptop's
/// changes never applied).
#[test]
fn a_file_killed_while_it_joins_is_left_empty_or_joined_as_itself() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (w0, devices, _) = first_world(&dir.join("w0"));
    sync_ok(&w0, Side::A, "start");
    let (join, _) = phase("join", w0, Side::B, &MARKS_A1, &dir.join("reference"));
    // a staircase: after a kill that found the file empty the next comes
    // later, after one that found it joined earlier, in ever smaller steps
    let mut aim = join.took.mul_f64(0.5);
    let mut step = join.took.mul_f64(0.25);
    let (mut empty, mut joined) = (0, 0);
    for k in 0..JOIN_KILLS {
        let w = join.world.copy_to(&dir.join(format!("kill-{k}")));
        let db = w.db(Side::B);
        let what = format!("join kill {k} after {aim:?}");
        run_and_kill(sync_cmd(&w, Side::B), aim);
        kam_check(&db, &what);
        let conn = read_only(&db);
        let (device, portfolio) = (local(&conn, "device.uid"), local(&conn, "portfolio.uid"));
        drop(conn);
        assert_eq!(
            device.as_deref(),
            Some(devices[1].as_str()),
            "{what}: the joining file's device id (the first laptop's is {})",
            devices[0]
        );
        let is_joined = portfolio.is_some();
        if is_joined {
            joined += 1;
            aim = aim.saturating_sub(step);
        } else {
            empty += 1;
            aim += step;
        }
        step = step.mul_f64(0.7).max(Duration::from_millis(1));
        let out = sync_ok(&w, Side::B, &what);
        assert_eq!(
            out.contains("joined the portfolio"),
            !is_joined,
            "{what}: {out}"
        );
        converge(&w, &what);
        check_same(&w, &MARKS_A1, &what);
        std::fs::remove_dir_all(&w.root).unwrap();
    }
    eprintln!(
        "sync kill: join {JOIN_KILLS} kills (run {} ms): {empty} left the file empty, {joined} joined, none as another device",
        join.took.as_millis()
    );
    assert!(empty >= 1 && joined >= 1, "{empty} empty, {joined} joined");
}
