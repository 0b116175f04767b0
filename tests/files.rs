//! Nothing lost beyond the database (issue 22): every file kam writes
//! other than the database — backups, exports, demo portfolios — is either
//! the file that was there before, byte for byte (or nothing, when there
//! was none), or a complete new one, whatever stops kam: SIGKILL at a
//! random moment, a full disk. A target that is a symbolic link, a device,
//! a pipe or a folder is refused; `--force` replaces only with a complete
//! file; `-` streams. And no printing command panics when its reader goes
//! away (exit 0, nothing said) or its output is full (one line, exit 1).
//!
//! Every test prints what it tried and how it came out (`files:` lines;
//! `cargo test --test files -- --nocapture` shows them).

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::TODAY;

/// The demo portfolios the tests export from, made once: `big` (100
/// accounts, a 3 MB database: a backup takes a moment), `mid` (20: JSON
/// and CSV, which are slower per row) and `small` (5: what an earlier,
/// different export or backup was made from). Small enough that 500 kills
/// fit in half a minute on two cores.
struct Portfolios {
    _dir: tempfile::TempDir,
    big: PathBuf,
    mid: PathBuf,
    small: PathBuf,
    /// A copy of `mid` for the commands that may write (`today` keeps its
    /// health scores), so that the others stay byte for byte what they were.
    pipes: PathBuf,
}

fn portfolios() -> &'static Portfolios {
    static P: OnceLock<Portfolios> = OnceLock::new();
    P.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let [big, mid, small] = ["big", "mid", "small"].map(|n| dir.path().join(format!("{n}.db")));
        std::thread::scope(|s| {
            s.spawn(|| common::demo(&big, 100));
            s.spawn(|| common::demo(&mid, 20));
            s.spawn(|| common::demo(&small, 5));
        });
        let pipes = dir.path().join("pipes.db");
        std::fs::copy(&mid, &pipes).unwrap();
        Portfolios {
            _dir: dir,
            big,
            mid,
            small,
            pipes,
        }
    })
}

fn kam(db: &Path) -> Command {
    common::kam_on(db, TODAY)
}

/// The tests that run many processes take turns: side by side on a small
/// machine they would skew each other's timings (the kill moments are
/// calibrated) and take longer in all.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs to completion; insists on success.
fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        text(&out.stderr)
    );
    out
}

/// The one line of a failure on stderr (and no panic).
fn one_line(out: &Output) -> String {
    let err = text(&out.stderr);
    assert!(!out.status.success(), "expected a failure: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    err
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Whether `name` is kam's temporary file for the target `target`: hidden,
/// never the target's own name (nor one a reader of the folder would take
/// for it).
fn is_temporary_of(name: &str, target: &str) -> bool {
    name.starts_with(&format!(".{target}.")) && name.contains(".kam-tmp")
}

/// What a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Backup,
    Json,
    Vcard,
    Ics,
    Csv,
}

const ALL: [What; 5] = [What::Backup, What::Json, What::Vcard, What::Ics, What::Csv];

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Backup => "backup",
            What::Json => "export json",
            What::Vcard => "export vcard",
            What::Ics => "export ics",
            What::Csv => "export csv",
        }
    }

    /// The portfolio it is written from.
    fn db(self) -> &'static Path {
        let p = portfolios();
        match self {
            What::Json | What::Csv => &p.mid,
            What::Backup | What::Vcard | What::Ics => &p.big,
        }
    }

    /// The target's name in its folder (CSV: a folder of five files).
    fn target(self) -> &'static str {
        match self {
            What::Backup => "portfolio.backup",
            What::Json => "portfolio.json",
            What::Vcard => "contacts.vcf",
            What::Ics => "visits.ics",
            What::Csv => "csv",
        }
    }

    /// The files that end up at the target, relative to its folder.
    fn files(self) -> Vec<String> {
        match self {
            What::Csv => [
                "accounts",
                "contacts",
                "complaints",
                "visits",
                "surveys",
                "commitments",
            ]
            .iter()
            .map(|t| format!("csv/{t}.csv"))
            .collect(),
            other => vec![other.target().to_string()],
        }
    }

    /// The folder the target's files (and kam's temporary files) are in.
    fn folder(self, dir: &Path) -> PathBuf {
        match self {
            What::Csv => dir.join("csv"),
            _ => dir.to_path_buf(),
        }
    }

    fn args(self, target: &Path, force: bool) -> Vec<OsString> {
        let mut args: Vec<OsString> = match self {
            What::Backup => vec!["backup".into()],
            What::Json => vec!["export".into(), "json".into()],
            What::Vcard => vec!["export".into(), "vcard".into()],
            What::Ics => vec!["export".into(), "ics".into()],
            What::Csv => vec!["export".into(), "csv".into()],
        };
        args.push(target.into());
        if force {
            args.push("--force".into());
        }
        args
    }

    fn command(self, db: &Path, dir: &Path, force: bool) -> Command {
        let mut cmd = kam(db);
        cmd.args(self.args(&dir.join(self.target()), force));
        cmd
    }
}

/// The files a complete run writes (relative name → bytes), and how long
/// the run took.
fn complete(what: What, db: &Path) -> (BTreeMap<String, Vec<u8>>, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    run_ok(&mut what.command(db, dir.path(), false));
    let took = start.elapsed();
    let files = what
        .files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.path().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    (files, took)
}

/// A backup as SQLite reads it: one file, intact, with `db`'s rows.
fn backup_is_complete(copy: &Path, db: &Path) -> Result<(), String> {
    for suffix in ["-journal", "-wal"] {
        let mut beside = copy.as_os_str().to_owned();
        beside.push(suffix);
        if Path::new(&beside).exists() {
            return Err(format!("a {suffix} beside {}", copy.display()));
        }
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(copy, flags).map_err(|e| e.to_string())?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if ok != "ok" {
        return Err(ok);
    }
    let source = rusqlite::Connection::open_with_flags(db, flags).unwrap();
    for table in ["accounts", "contacts", "complaints", "visits", "surveys"] {
        let count = |c: &rusqlite::Connection| -> i64 {
            c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap_or(-1)
        };
        if count(&conn) != count(&source) {
            return Err(format!("{table}: {} rows", count(&conn)));
        }
    }
    Ok(())
}

/// xorshift64*: the same moments on every run.
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
}

/// How the kills of one class came out.
#[derive(Debug, Default, Clone)]
struct Tally {
    tried: usize,
    /// Killed before the new file was complete: the target as it was
    /// (the old file byte for byte, or none).
    as_before: usize,
    /// The complete new file (killed after the rename, or finished).
    complete: usize,
    /// CSV only: some files already new, the others as before, each whole.
    mixed: usize,
    /// Of all those, kills that left a temporary file behind (they landed
    /// while the new file was being written).
    temporary_left: usize,
    /// Runs that finished before the kill.
    finished: usize,
    failures: Vec<String>,
}

impl Tally {
    fn survived(&self) -> usize {
        self.tried - self.failures.len()
    }
}

const KILLS_PER_CLASS: usize = 50;
const WORKERS: usize = 4;

/// One class of kill tests: a command, with `--force` over an earlier file
/// or without it into nothing.
struct Class {
    what: What,
    force: bool,
    /// What a complete run writes.
    new: BTreeMap<String, Vec<u8>>,
    /// What was there before (with `--force`).
    old: BTreeMap<String, Vec<u8>>,
    took: Duration,
}

impl Class {
    fn label(&self) -> String {
        format!(
            "{}{}",
            self.what.name(),
            if self.force { " --force" } else { "" }
        )
    }

    /// Puts the target back as it was before a run (stale temporary files
    /// of earlier kills stay: they must never count).
    fn reset(&self, dir: &Path) {
        std::fs::create_dir_all(self.what.folder(dir)).unwrap();
        for f in self.what.files() {
            let path = dir.join(&f);
            match self.old.get(&f) {
                Some(bytes) if self.force => std::fs::write(&path, bytes).unwrap(),
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }

    /// Checks what a run (killed or not) left; returns the outcome.
    fn check(&self, dir: &Path, finished: bool, tally: &mut Tally, what: &str) {
        let (mut before, mut new) = (0, 0);
        for f in self.what.files() {
            let path = dir.join(&f);
            let now = std::fs::read(&path).ok();
            match now {
                None if !self.force => before += 1,
                Some(b) if self.force && Some(&b) == self.old.get(&f) => before += 1,
                Some(b) if Some(&b) == self.new.get(&f) => new += 1,
                Some(_)
                    if self.what == What::Backup
                        && backup_is_complete(&path, self.what.db()).is_ok() =>
                {
                    new += 1
                }
                other => tally.failures.push(format!(
                    "{what}: {f} is neither as before nor complete ({:?} bytes)",
                    other.map(|b| b.len())
                )),
            }
            if self.what == What::Backup {
                for suffix in ["-journal", "-wal"] {
                    if dir.join(format!("{f}{suffix}")).exists() {
                        tally
                            .failures
                            .push(format!("{what}: a {suffix} beside the backup"));
                    }
                }
            }
        }
        let total = self.what.files().len();
        if finished && new != total {
            tally.failures.push(format!(
                "{what}: said it finished, but {new} of {total} files are new"
            ));
        }
        match (before, new) {
            (b, 0) if b == total => tally.as_before += 1,
            (0, n) if n == total => tally.complete += 1,
            (b, n) if b + n == total => tally.mixed += 1,
            _ => {}
        }
        // nothing else in the folder but kam's hidden temporary files
        let folder = self.what.folder(dir);
        let targets: Vec<String> = self
            .what
            .files()
            .iter()
            .map(|f| f.rsplit('/').next().unwrap().to_string())
            .collect();
        let mut temporary = false;
        for name in listing(&folder) {
            if targets.contains(&name) || (self.what != What::Csv && name == "csv") {
                continue;
            }
            if targets.iter().any(|t| is_temporary_of(&name, t)) {
                temporary = true;
            } else {
                tally.failures.push(format!(
                    "{what}: an unexpected file {name} beside the target"
                ));
            }
        }
        if temporary {
            tally.temporary_left += 1;
        }
    }
}

/// SIGKILL at random moments, 50 times for each of backup, backup
/// --force and every export with and without --force, four at a time:
/// each time the target is as it was or complete, and no temporary file
/// left behind is taken for it (the next run removes them).
#[test]
fn kills_at_random_moments_leave_the_old_file_or_a_complete_new_one() {
    let p = portfolios();
    let _turn = turn();
    let started = Instant::now();
    let classes: Vec<Class> = ALL
        .iter()
        .flat_map(|&what| {
            // as long as a run takes with as many running beside it as in
            // the kill loop
            let runs: Vec<(BTreeMap<String, Vec<u8>>, Duration)> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..WORKERS)
                    .map(|_| s.spawn(move || complete(what, what.db())))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            let took = runs.iter().map(|(_, t)| *t).sum::<Duration>() / WORKERS as u32;
            let new = runs.into_iter().next().unwrap().0;
            let (old, _) = complete(what, &p.small);
            if what == What::Backup {
                let dir = tempfile::tempdir().unwrap();
                let copy = dir.path().join("copy");
                std::fs::write(&copy, &new[what.target()]).unwrap();
                backup_is_complete(&copy, what.db()).unwrap();
            }
            [false, true].map(|force| Class {
                what,
                force,
                new: new.clone(),
                old: old.clone(),
                took,
            })
        })
        .collect();
    // the jobs interleave the classes, so that the load stays even
    let jobs: Vec<(usize, usize)> = (0..KILLS_PER_CLASS)
        .flat_map(|k| (0..classes.len()).map(move |c| (c, k)))
        .collect();
    let next = Mutex::new(jobs.into_iter());
    let tallies: Mutex<Vec<Tally>> = Mutex::new(vec![Tally::default(); classes.len()]);
    let work = tempfile::tempdir().unwrap();
    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let (classes, next, tallies, work) = (&classes, &next, &tallies, work.path());
            s.spawn(move || {
                loop {
                    let Some((c, k)) = next.lock().unwrap().next() else {
                        break;
                    };
                    let class = &classes[c];
                    let dir = work.join(format!("w{w}-c{c}"));
                    class.reset(&dir);
                    let mut rng = XorShift(0x6b69_6c6c ^ ((c as u64) << 32) ^ (k as u64 + 1));
                    // from before kam opens anything to well after it is done
                    let span = class.took.mul_f64(1.5).as_micros() as u64;
                    let delay = Duration::from_micros(rng.next() % span.max(1));
                    let mut child = class
                        .what
                        .command(class.what.db(), &dir, class.force)
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap();
                    let start = Instant::now();
                    while start.elapsed() < delay && child.try_wait().unwrap().is_none() {
                        std::thread::sleep(Duration::from_millis(2).min(delay));
                    }
                    let _ = child.kill();
                    let out = child.wait_with_output().unwrap();
                    let finished = out.status.success();
                    let mut tally = Tally::default();
                    let what = format!("{} kill {k} after {delay:?}", class.label());
                    if !finished && out.status.signal() != Some(9) {
                        tally.failures.push(format!(
                            "{what}: neither killed nor finished: {:?} {}",
                            out.status,
                            text(&out.stderr)
                        ));
                    }
                    class.check(&dir, finished, &mut tally, &what);
                    let mut all = tallies.lock().unwrap();
                    let t = &mut all[c];
                    t.tried += 1;
                    t.as_before += tally.as_before;
                    t.complete += tally.complete;
                    t.mixed += tally.mixed;
                    t.temporary_left += tally.temporary_left;
                    t.finished += usize::from(finished);
                    t.failures.extend(tally.failures);
                }
            });
        }
    });
    // one more, uninterrupted, run in every folder: it succeeds, and the
    // temporary files the kills left are gone after it
    std::thread::scope(|s| {
        for (c, class) in classes.iter().enumerate() {
            let work = work.path();
            s.spawn(move || {
                for w in 0..WORKERS {
                    let dir = work.join(format!("w{w}-c{c}"));
                    class.reset(&dir);
                    run_ok(&mut class.what.command(class.what.db(), &dir, true));
                    let folder = class.what.folder(&dir);
                    let left: Vec<String> = listing(&folder)
                        .into_iter()
                        .filter(|n| n.starts_with('.'))
                        .collect();
                    assert!(left.is_empty(), "{}: left behind {left:?}", class.label());
                }
            });
        }
    });
    let tallies = tallies.into_inner().unwrap();
    let mut failures = Vec::new();
    for (class, t) in classes.iter().zip(&tallies) {
        eprintln!(
            "files: kill {:<22} tried {:>3}, survived {:>3}: as before {:>2}, complete {:>2} ({} finished), mixed {:>2}; {:>2} left a temporary file (uninterrupted run {:?})",
            class.label(),
            t.tried,
            t.survived(),
            t.as_before,
            t.complete,
            t.finished,
            t.mixed,
            t.temporary_left,
            class.took
        );
        failures.extend(t.failures.iter().cloned());
    }
    eprintln!("files: the kill tests took {:?}", started.elapsed());
    assert!(failures.is_empty(), "{failures:#?}");
    for (class, t) in classes.iter().zip(&tallies) {
        assert!(t.tried >= KILLS_PER_CLASS);
        assert!(
            t.complete >= 1 && t.as_before >= 1,
            "{}: the kills never {} — the delays are wrong: {t:?}",
            class.label(),
            if t.complete == 0 {
                "reached the end"
            } else {
                "interrupted it"
            }
        );
    }
    let mid_write: usize = tallies.iter().map(|t| t.temporary_left).sum();
    assert!(
        mid_write >= 10,
        "only {mid_write} kills landed while a file was being written"
    );
}

// ---------------------------------------------------------------- targets

/// Targets that are not plain files are refused, with `--force` or
/// without, and left exactly as they were: a symbolic link (and the file
/// it points to), a device, a pipe, a folder.
#[test]
fn links_devices_pipes_and_folders_are_refused_as_targets() {
    let p = portfolios();
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    std::fs::write(&real, b"someone's file").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let dev_null_mode = std::fs::metadata("/dev/null").unwrap().permissions().mode();
    let targets: [(&str, &Path); 5] = [
        ("a symbolic link", &link),
        ("a device", Path::new("/dev/null")),
        ("a device", Path::new("/dev/full")),
        ("a pipe", &fifo),
        ("a folder", &folder),
    ];
    let mut tried = 0;
    for (kind, target) in targets {
        for what in [What::Backup, What::Json, What::Vcard, What::Ics] {
            for force in [false, true] {
                let mut cmd = kam(&p.small);
                cmd.args(what.args(target, force));
                let out = watched(cmd);
                let err = one_line(&out);
                assert!(
                    err.contains(&target.display().to_string()),
                    "{} to {kind}: {err}",
                    what.name()
                );
                tried += 1;
            }
        }
        // demo --out
        let out = watched({
            let mut c = common::kam_process();
            c.args(["demo", "--accounts", "2", "--force", "--out"])
                .arg(target);
            c
        });
        one_line(&out);
        tried += 1;
        // a CSV file inside the folder
        if kind != "a folder" {
            let csv = dir.path().join("csv");
            std::fs::create_dir_all(&csv).unwrap();
            let inside = csv.join("visits.csv");
            let _ = std::fs::remove_file(&inside);
            std::os::unix::fs::symlink(target, &inside).unwrap();
            let out = watched({
                let mut c = kam(&p.small);
                c.args(["export", "csv", "--force"]).arg(&csv);
                c
            });
            one_line(&out);
            assert_eq!(
                listing(&csv),
                ["visits.csv"],
                "nothing written when one file is refused"
            );
            tried += 1;
        }
    }
    assert_eq!(std::fs::read(&real).unwrap(), b"someone's file");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
    assert_eq!(mode(&real) & 0o777, 0o644, "the linked file's mode");
    assert_eq!(mode(Path::new("/dev/null")), dev_null_mode);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(listing(&folder).is_empty());
    eprintln!("files: refused targets: {tried} tried, {tried} refused in one line, all unchanged");
}

/// Runs a command that must not hang (a pipe opened for writing would).
fn watched(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{cmd:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// An existing target is replaced only with `--force`, and then by the
/// complete new file; without it, nothing is written at all.
#[test]
fn an_existing_target_is_replaced_only_with_force() {
    let p = portfolios();
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    for what in ALL {
        let (new, _) = complete(what, &p.small);
        let sub = dir.path().join(what.target().replace('.', "-"));
        std::fs::create_dir_all(what.folder(&sub)).unwrap();
        // an earlier file that is not kam's
        let first = &what.files()[0];
        std::fs::write(sub.join(first), b"an earlier file").unwrap();
        let out = kam(&p.small)
            .args(what.args(&sub.join(what.target()), false))
            .output()
            .unwrap();
        let err = one_line(&out);
        assert!(err.contains("--force"), "{}: {err}", what.name());
        assert_eq!(std::fs::read(sub.join(first)).unwrap(), b"an earlier file");
        assert_eq!(
            listing(&what.folder(&sub)).len(),
            1,
            "{}: nothing else was written",
            what.name()
        );
        let out = run_ok(kam(&p.small).args(what.args(&sub.join(what.target()), true)));
        if what == What::Backup {
            assert!(
                text(&out.stdout).starts_with("backup written and verified: "),
                "{}",
                text(&out.stdout)
            );
            backup_is_complete(&sub.join(first), &p.small).unwrap();
        } else {
            for (f, bytes) in &new {
                assert_eq!(&std::fs::read(sub.join(f)).unwrap(), bytes, "{f}");
            }
        }
        let mode = std::fs::metadata(sub.join(first))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // the database itself is never a target
    let db = dir.path().join("own.db");
    std::fs::copy(&p.small, &db).unwrap();
    let before = std::fs::read(&db).unwrap();
    for args in [
        vec!["backup", "--force"],
        vec!["export", "json", "--force"],
        vec!["export", "vcard", "--force"],
    ] {
        let out = kam(&db).args(&args).arg(&db).output().unwrap();
        let err = one_line(&out);
        assert!(err.contains("database itself"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// `-` is standard output: the same bytes as the file, and nothing else
/// printed there.
#[test]
fn a_dash_streams_the_export_to_standard_output() {
    let p = portfolios();
    for what in [What::Json, What::Vcard, What::Ics] {
        let (file, _) = complete(what, &p.small);
        let out = run_ok(kam(&p.small).args(what.args(Path::new("-"), false)));
        assert_eq!(&out.stdout, &file[what.target()], "{}", what.name());
    }
    let out = kam(&p.small).args(["export", "csv", "-"]).output().unwrap();
    let err = one_line(&out);
    assert!(err.contains("folder"), "{err}");
    assert!(!Path::new("-").exists());
}

// ---------------------------------------------------------------- full disk

/// How to run a script with a small file system of its own: `unshare`
/// with a mount namespace (as root, or as a user mapped to root), where
/// a tmpfs may be mounted. `None` (and a printed reason) when neither
/// works here.
fn small_disk_runner() -> Option<&'static [&'static str]> {
    static RUNNER: OnceLock<Option<&'static [&'static str]>> = OnceLock::new();
    *RUNNER.get_or_init(|| {
        let probe = tempfile::tempdir().unwrap();
        for runner in [&["unshare", "-rm"][..], &["unshare", "-m"][..]] {
            let ok = Command::new(runner[0])
                .args(&runner[1..])
                .args(["sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\""])
                .arg(probe.path())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return Some(runner);
            }
        }
        eprintln!(
            "files: SKIPPED the full-disk tests: neither `unshare -rm` nor `unshare -m` may mount a tmpfs here"
        );
        None
    })
}

/// The script run on the small disk: mount a 4 MiB tmpfs at `$1`, put the
/// earlier file there (if any), fill the disk to `$HEADROOM` KiB, run kam
/// (the rest of the arguments) and keep what happened in `$2`.
const FULL_DISK_SCRIPT: &str = r#"
set -e
disk="$1"; out="$2"; shift 2
mount -t tmpfs -o size=4m tmpfs "$disk"
if [ -d "$out/old" ]; then cp -r "$out/old/." "$disk/"; fi
free=$(df -k "$disk" | awk 'NR==2 {print $4}')
fill=$((free - HEADROOM))
if [ "$fill" -gt 0 ]; then dd if=/dev/zero of="$disk/.filler" bs=1024 count="$fill" 2>/dev/null || true; fi
set +e
"$@" > "$out/stdout" 2> "$out/stderr"
echo $? > "$out/rc"
rm -f "$disk/.filler"
mkdir -p "$out/after"
cp -r "$disk/." "$out/after/"
"#;

struct FullDisk {
    rc: i32,
    stderr: String,
    /// What was on the small disk afterwards (the filler left out).
    after: PathBuf,
}

fn on_a_full_disk(
    runner: &[&str],
    old: &[(String, Vec<u8>)],
    headroom_kib: u32,
    kam_args: Vec<OsString>,
    db: &Path,
) -> (tempfile::TempDir, FullDisk) {
    let work = tempfile::tempdir().unwrap();
    let disk = work.path().join("disk");
    let out = work.path().join("out");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    if !old.is_empty() {
        for (f, bytes) in old {
            let path = out.join("old").join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    let script = work.path().join("full-disk.sh");
    std::fs::write(&script, FULL_DISK_SCRIPT).unwrap();
    let kam = common::kam_on(db, TODAY);
    let status = Command::new(runner[0])
        .args(&runner[1..])
        .arg("sh")
        .arg(&script)
        .arg(&disk)
        .arg(&out)
        .arg(kam.get_program())
        .args(kam.get_args())
        .args(kam_args.iter().map(|a| {
            // the target is named as it is on the small disk
            let a = a.to_string_lossy();
            OsString::from(a.replace("@DISK@", &disk.display().to_string()))
        }))
        .envs(kam.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .env("HEADROOM", headroom_kib.to_string())
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the full-disk script failed");
    let rc = std::fs::read_to_string(out.join("rc"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let stderr = std::fs::read_to_string(out.join("stderr")).unwrap();
    let after = out.join("after");
    (work, FullDisk { rc, stderr, after })
}

/// On a full disk every file kam writes fails as a whole: one line naming
/// the file, exit 1, the earlier file unchanged (or none), and nothing
/// half-written left — not even the temporary file.
#[test]
fn a_full_disk_leaves_the_old_file_and_says_so_in_one_line() {
    let p = portfolios();
    let _turn = turn();
    let Some(runner) = small_disk_runner() else {
        return;
    };
    let mut tried = 0;
    let mut survived = 0;
    for what in ALL {
        let (old, _) = complete(what, &p.small);
        let (new, _) = complete(what, what.db());
        for force in [false, true] {
            // less room left than the new file needs: it fails part-way
            let size: usize = new.values().map(Vec::len).sum();
            let headroom = (size / 1024 / 2).min(64) as u32;
            let old_files: Vec<(String, Vec<u8>)> = if force {
                old.clone().into_iter().collect()
            } else {
                Vec::new()
            };
            let target = PathBuf::from(format!("@DISK@/{}", what.target()));
            let (_work, r) = on_a_full_disk(
                runner,
                &old_files,
                headroom,
                what.args(&target, force),
                what.db(),
            );
            let label = format!("{}{}", what.name(), if force { " --force" } else { "" });
            tried += 1;
            assert_eq!(r.rc, 1, "{label}: {}", r.stderr);
            assert_eq!(
                r.stderr.trim_end().lines().count(),
                1,
                "{label}: {:?}",
                r.stderr
            );
            assert!(!r.stderr.contains("panicked"), "{label}: {}", r.stderr);
            assert!(
                r.stderr.contains("disk is full") && r.stderr.contains(what.target()),
                "{label}: {}",
                r.stderr
            );
            for f in what.files() {
                let now = std::fs::read(r.after.join(&f)).ok();
                match (now, force) {
                    (None, false) => {}
                    (Some(b), true) if b == old[&f] => {}
                    // CSV: the files before the one that did not fit
                    (Some(b), _) if what == What::Csv && b == new[&f] => {}
                    (now, _) => panic!(
                        "{label}: {f} is {:?} bytes — neither as before nor complete",
                        now.map(|b| b.len())
                    ),
                }
            }
            let temporary: Vec<String> = listing(&what.folder(&r.after))
                .into_iter()
                .filter(|n| n.starts_with('.'))
                .collect();
            assert!(temporary.is_empty(), "{label}: left {temporary:?}");
            survived += 1;
        }
    }
    // demo --out, over an earlier portfolio
    let old_demo = std::fs::read(&p.small).unwrap();
    let (_work, r) = on_a_full_disk(
        runner,
        &[("demo.db".to_string(), old_demo.clone())],
        64,
        vec![
            "demo".into(),
            "--accounts".into(),
            "40".into(),
            "--force".into(),
            "--out".into(),
            "@DISK@/demo.db".into(),
        ],
        &p.small,
    );
    tried += 1;
    assert_eq!(r.rc, 1, "demo: {}", r.stderr);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "demo: {:?}",
        r.stderr
    );
    assert!(r.stderr.contains("demo.db"), "demo: {}", r.stderr);
    assert_eq!(std::fs::read(r.after.join("demo.db")).unwrap(), old_demo);
    assert_eq!(listing(&r.after), ["demo.db"], "demo left something");
    survived += 1;
    eprintln!(
        "files: full disk: {tried} tried, {survived} survived (old file or none, one line, exit 1)"
    );
}

/// A demo portfolio fills its log first and moves it into the file last,
/// when the connection is done with: a disk with room for the log but not
/// for the file as well fails at that last step, which SQLite does not
/// report when a connection is merely dropped. Swept across the room left,
/// from too little for the log to enough for both (about 3.1 MiB for 40
/// accounts), without and with an earlier file: every run either fails as
/// a whole (exit 1, one line saying the disk is full, the earlier file
/// byte for byte or none, nothing else left) or writes a complete file.
/// The sizes just short of enough fail at that last step.
#[test]
fn a_demo_that_does_not_fit_fails_whole_even_at_its_last_step() {
    let p = portfolios();
    let _turn = turn();
    let Some(runner) = small_disk_runner() else {
        return;
    };
    let old_demo = std::fs::read(&p.small).unwrap();
    let (mut tried, mut failed, mut written) = (0, 0, 0);
    for headroom in (512..=3584).step_by(256) {
        for force in [false, true] {
            let label = format!(
                "demo{} with {headroom} KiB free",
                if force { " --force" } else { "" }
            );
            let old: Vec<(String, Vec<u8>)> = if force {
                vec![("demo.db".to_string(), old_demo.clone())]
            } else {
                Vec::new()
            };
            let mut args: Vec<OsString> = vec!["demo".into(), "--accounts".into(), "40".into()];
            if force {
                args.push("--force".into());
            }
            args.extend(["--out".into(), "@DISK@/demo.db".into()]);
            let (_work, r) = on_a_full_disk(runner, &old, headroom, args, &p.small);
            tried += 1;
            if r.rc == 0 {
                assert_eq!(listing(&r.after), ["demo.db"], "{label}: left something");
                let check = run_ok(kam(&r.after.join("demo.db")).arg("check"));
                assert!(
                    text(&check.stdout).contains("40 accounts, 291 contacts"),
                    "{label}: {}",
                    text(&check.stdout)
                );
                written += 1;
                continue;
            }
            assert_eq!(r.rc, 1, "{label}: {}", r.stderr);
            assert_eq!(
                r.stderr.trim_end().lines().count(),
                1,
                "{label}: {:?}",
                r.stderr
            );
            assert!(
                r.stderr.contains("demo.db") && r.stderr.contains("disk is full"),
                "{label}: {}",
                r.stderr
            );
            if force {
                assert_eq!(
                    std::fs::read(r.after.join("demo.db")).unwrap(),
                    old_demo,
                    "{label}: the earlier file changed"
                );
                assert_eq!(listing(&r.after), ["demo.db"], "{label}: left something");
            } else {
                assert!(
                    listing(&r.after).is_empty(),
                    "{label}: left {:?}",
                    listing(&r.after)
                );
            }
            failed += 1;
        }
    }
    assert!(
        failed > 0 && written > 0,
        "the sweep spans enough room: {failed} failed, {written} written"
    );
    eprintln!(
        "files: demo on a full disk: {tried} tried, {failed} failed whole (old file or none, one line, exit 1), {written} written complete"
    );
}

// ---------------------------------------------------------------- pipes

/// Every printing command, for the pipe tests: its arguments (`@DIR@` is a
/// fresh folder for what it writes) and whether it uses the big portfolio.
fn printing_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["--help"],
        vec!["--version"],
        vec!["export", "--help"],
        vec!["today"],
        vec!["today", "--json"],
        vec!["snapshot"],
        vec!["snapshot", "--screen", "accounts"],
        vec!["snapshot", "--screen", "complaints"],
        vec!["check"],
        vec!["export", "json", "-"],
        vec!["export", "vcard", "-"],
        vec!["export", "ics", "-"],
        vec!["export", "json", "@DIR@/p.json"],
        vec!["export", "vcard", "@DIR@/c.vcf"],
        vec!["export", "ics", "@DIR@/v.ics"],
        vec!["export", "csv", "@DIR@/csv"],
        vec!["backup", "@DIR@/b.db"],
        vec!["demo", "--accounts", "3", "--out", "@DIR@/demo.db"],
        vec!["import", "accounts", "@DIR@/in.csv", "--dry-run"],
        vec!["--db", "@DIR@/new.db", "import", "accounts", "@DIR@/in.csv"],
        // failures print on stderr
        vec!["snapshot", "--screen", "nowhere"],
        vec!["export", "json", "@DIR@/no/such/folder/p.json"],
    ]
}

/// Where a command's output goes in the pipe tests.
#[derive(Debug, Clone, Copy)]
enum Sink {
    /// A pipe whose reading end is closed at once.
    Closed,
    /// `/dev/full`.
    Full,
}

/// The command of the pipe tests, on their own portfolio (or the one it
/// names), with `@DIR@` a fresh folder holding a CSV file to import.
fn pipe_command(args: &[&str], dir: &Path) -> Command {
    std::fs::write(dir.join("in.csv"), "name,tier\nPiped Account,key\n").unwrap();
    let d = dir.display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("@DIR@", &d)).collect();
    let mut cmd = if args.iter().any(|a| a == "--db") {
        let mut c = common::kam_process();
        c.args(["--today", TODAY]).stdin(Stdio::null());
        c
    } else {
        kam(&portfolios().pipes)
    };
    cmd.args(&args);
    cmd
}

fn run_into(args: &[&str], stdout: Sink, stderr: Sink) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = pipe_command(args, dir.path());
    let sink = |s: Sink| match s {
        Sink::Closed => Stdio::piped(),
        Sink::Full => Stdio::from(std::fs::File::create("/dev/full").unwrap()),
    };
    let mut child = cmd
        .stdout(sink(stdout))
        .stderr(sink(stderr))
        .spawn()
        .unwrap();
    // close the reading ends before kam writes a byte
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: Vec::new(),
        stderr: Vec::new(),
    }
}

/// What a command says on stderr (captured) with its stdout going to
/// `sink`.
fn stderr_with_stdout(args: &[&str], sink: Sink) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = pipe_command(args, dir.path());
    let stdout = match sink {
        Sink::Closed => Stdio::piped(),
        Sink::Full => Stdio::from(std::fs::File::create("/dev/full").unwrap()),
    };
    let mut child = cmd.stdout(stdout).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A reader that closes at once: exit 0 and nothing said (exit 2 for the
/// wrong command line, 1 for a failure, as always); stdout on `/dev/full`:
/// one line and exit 1. Never a panic, never "Broken pipe".
#[test]
fn a_closed_or_full_output_never_panics() {
    portfolios();
    let _turn = turn();
    let commands = printing_commands();
    let tried = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for chunk in commands.chunks(commands.len().div_ceil(3)) {
            let tried = &tried;
            s.spawn(move || {
                for args in chunk {
                    pipe_case(args);
                    tried.fetch_add(5, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let tried = tried.into_inner();
    eprintln!(
        "files: pipes: {} commands × 5 (closed, /dev/full, and with stderr closed or full): {tried} tried, {tried} without a panic",
        commands.len()
    );
}

/// One command into a closed pipe and into `/dev/full`.
fn pipe_case(args: &[&str]) {
    let fails = args.contains(&"nowhere") || args.iter().any(|a| a.contains("no/such"));
    let code = if args.contains(&"nowhere") { 2 } else { 1 };
    // the reader goes away: quiet, and the command's own exit code
    let out = stderr_with_stdout(args, Sink::Closed);
    let err = text(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("broken pipe"),
        "{args:?} into a closed pipe: {err}"
    );
    if fails {
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    } else {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} into a closed pipe: {err}"
        );
        assert!(err.is_empty(), "{args:?} into a closed pipe said {err:?}");
    }
    // a full stdout: one line, exit 1
    let out = stderr_with_stdout(args, Sink::Full);
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} into /dev/full: {err}");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?} into /dev/full: {err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
    if !fails {
        assert!(err.contains("disk is full"), "{args:?}: {err}");
    }
    // and with stderr closed or full too: no panic (exit 101)
    for (o, e) in [
        (Sink::Closed, Sink::Closed),
        (Sink::Full, Sink::Full),
        (Sink::Closed, Sink::Full),
    ] {
        let out = run_into(args, o, e);
        assert_ne!(out.status.code(), Some(101), "{args:?} {o:?} {e:?}");
        assert!(out.status.code().is_some(), "{args:?}: {:?}", out.status);
    }
}

/// `kam today | head -1` on a big portfolio: the first line, exit 0.
#[test]
fn today_into_head_gives_the_first_line_and_exit_0() {
    let p = portfolios();
    let _turn = turn();
    for _ in 0..5 {
        let out = Command::new("sh")
            .arg("-c")
            .arg("\"$0\" --today 2026-11-23 --db \"$1\" today | head -1")
            .arg(assert_cmd::cargo::cargo_bin("kam"))
            .arg(&p.pipes)
            .env("LANG", "C")
            .output()
            .unwrap();
        assert_eq!(text(&out.stdout).lines().count(), 1);
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
        // the same, and kam's own exit code
        let mut child = kam(&p.pipes)
            .arg("today")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }
}

// ---------------------------------------------------------------- limits

/// `snapshot` and `today` draw at most 1000 × 1000 cells: more is one line.
#[test]
fn screens_larger_than_any_terminal_are_one_line() {
    let p = portfolios();
    for args in [
        vec!["snapshot", "--width", "65535", "--height", "65535"],
        vec!["snapshot", "--width", "1001"],
        vec!["snapshot", "--height", "1001"],
        vec!["today", "--width", "65535"],
    ] {
        let start = Instant::now();
        let out = kam(&p.small).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = one_line(&out);
        assert!(err.contains("1000"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    run_ok(kam(&p.small).args(["snapshot", "--width", "1000", "--height", "60"]));
}

/// An import reads a plain file of at most 1 GB; a pipe, a device or a
/// larger file asks for `--force` instead of reading for ever.
#[test]
fn imports_stop_at_a_sane_size_and_ask_for_force() {
    let p = portfolios();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.db");
    std::fs::copy(&p.small, &db).unwrap();
    let fifo = dir.path().join("accounts.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    for file in [Path::new("/dev/zero"), &fifo, &huge] {
        let out = watched({
            let mut c = kam(&db);
            c.args(["import", "accounts"]).arg(file);
            c
        });
        let err = one_line(&out);
        assert!(err.contains("--force"), "{err}");
    }
    // with --force a pipe is read to its end
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(&fifo, "name,tier\nThrough A Pipe,key\n").unwrap();
        })
    };
    let out = watched({
        let mut c = kam(&db);
        c.args(["import", "accounts", "--force"]).arg(&fifo);
        c
    });
    writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("added 1"),
        "{}",
        text(&out.stdout)
    );
}
