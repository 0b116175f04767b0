//! Drafts that survive (issue 22): the real binary in tmux, stopped with
//! SIGTERM while a survey is half typed. The draft stays on disk until the
//! entry is saved or discarded — a second stop while kam offers it back
//! loses nothing; two kams stopped on one file keep both entries, offered
//! one after another; and a draft that cannot be written (a full disk) is
//! said on stderr, with no empty or half file left. Needs tmux (CI sets
//! KAM_REQUIRE_TMUX); the full-disk case also needs `unshare` to mount a
//! small tmpfs, and says so when it cannot.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TODAY;

fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("KAM_REQUIRE_TMUX").is_none(),
            "tmux is required (KAM_REQUIRE_TMUX is set) but not installed"
        );
        eprintln!("drafts: SKIPPED: tmux not found");
    }
    ok
}

/// A tmux session running one command, killed when dropped.
struct Session {
    name: String,
}

impl Session {
    fn start(command: &str) -> Session {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "kam-drafts-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "100", "-y", "30"])
            .arg(command)
            .env_remove("TMUX")
            .status()
            .unwrap();
        assert!(status.success(), "tmux could not start");
        Session { name }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .unwrap();
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the kam the pane's shell runs (its only child).
    fn kam_pid(&self) -> u32 {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.name, "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.parse().unwrap();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "kam did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .output();
    }
}

fn kam_command(db: &Path) -> String {
    format!(
        "env LANG=C LC_ALL= LC_MESSAGES= KAM_LANG= {} --today {TODAY} --db {}",
        assert_cmd::cargo::cargo_bin("kam").display(),
        db.display()
    )
}

/// A shell in tmux, ready to run kam again and again.
fn shell() -> Session {
    let s = Session::start("env PS1='$ ' sh -i");
    s.wait_for("$");
    s
}

/// Starts kam in the shell and waits for its first screen.
fn start_kam(s: &Session, db: &Path) {
    s.keys(&[&kam_command(db), "Enter"]);
    s.wait_for("Visits today and overdue");
}

/// Opens the survey form of the first account and types `scores`.
fn half_a_survey(s: &Session, scores: &[&str]) {
    s.keys(&["2"]);
    s.wait_for("sorted by");
    s.keys(&["S"]);
    s.wait_for("Satisfaction survey");
    s.keys(scores);
    s.wait_for(&format!("[{}]", scores[scores.len() - 1]));
}

/// SIGTERM to the kam the pane runs; waits until the shell is back.
fn stop(s: &Session) {
    let pid = s.kam_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "kam did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The draft files beside `db`.
fn drafts(db: &Path) -> Vec<PathBuf> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{name}.draft.")) || n.contains(".kam-tmp")
        })
        .collect();
    found.sort();
    found
}

fn surveys(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM surveys", [], |r| r.get(0))
        .unwrap()
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("kam.sqlite3");
    common::demo(&db, 6);
    db
}

#[test]
fn a_second_stop_while_the_draft_is_offered_loses_nothing() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = surveys(&db);
    let s = shell();
    start_kam(&s, &db);
    half_a_survey(&s, &["4", "5"]);
    stop(&s);
    assert_eq!(drafts(&db).len(), 1, "{:?}", drafts(&db));

    // stopped again while it offers the draft back: the draft stays
    start_kam_to_offer(&s, &db);
    stop(&s);
    let left = drafts(&db);
    assert_eq!(left.len(), 1, "{left:?}");
    let kept = std::fs::read_to_string(&left[0]).unwrap();
    assert!(kept.contains("\"4\"") && kept.contains("\"5\""), "{kept}");

    // and once more: restored, the draft stays until the survey is saved
    start_kam_to_offer(&s, &db);
    s.keys(&["r"]);
    let screen = s.wait_for("Your unsaved entry is back");
    assert!(screen.contains("[4]") && screen.contains("[5]"), "{screen}");
    assert_eq!(drafts(&db).len(), 1, "{:?}", drafts(&db));
    // the focus is on the first score again: all six, then save
    s.keys(&["4", "5", "4", "5", "4", "5", "C-s"]);
    s.wait_for("saved");
    assert!(drafts(&db).is_empty(), "{:?}", drafts(&db));
    s.keys(&["q"]);
    s.wait_for("$");
    assert_eq!(surveys(&db), before + 1);
    eprintln!("drafts: two stops (one during the offer), then restored and saved: nothing lost");
}

fn start_kam_to_offer(s: &Session, db: &Path) -> String {
    s.keys(&[&kam_command(db), "Enter"]);
    s.wait_for("Restore your unsaved")
}

#[test]
fn two_kams_stopped_on_one_file_keep_both_entries() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (a, b) = (shell(), shell());
    start_kam(&a, &db);
    start_kam(&b, &db);
    half_a_survey(&a, &["1", "2"]);
    half_a_survey(&b, &["3", "4"]);
    stop(&a);
    stop(&b);
    let left = drafts(&db);
    assert_eq!(left.len(), 2, "both entries kept: {left:?}");

    // the next kam offers them one after another
    let screen = start_kam_to_offer(&a, &db);
    assert!(screen.contains("1 more after this one"), "{screen}");
    a.keys(&["d"]);
    a.wait_for("The unsaved entry was discarded.");
    let screen = a.wait_for("Restore your unsaved");
    assert!(!screen.contains("more after this one"), "{screen}");
    assert_eq!(drafts(&db).len(), 1);
    a.keys(&["r"]);
    let screen = a.wait_for("Your unsaved entry is back");
    assert!(
        (screen.contains("[1]") && screen.contains("[2]"))
            || (screen.contains("[3]") && screen.contains("[4]")),
        "{screen}"
    );
    // closing the restored form (discarding it) lets the draft go
    a.keys(&["Escape"]);
    a.wait_for("Discard your changes?");
    a.keys(&["y"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(drafts(&db).is_empty(), "{:?}", drafts(&db));
    a.keys(&["q"]);
    a.wait_for("$");
    eprintln!("drafts: two kams stopped on one file: 2 drafts kept, both offered");
}

/// The script the full-disk case runs in its own mount namespace: a small
/// tmpfs with the database on it, kam in the foreground of the pane, and
/// what happened kept in `$2`.
const SCRIPT: &str = r#"
disk="$1"; out="$2"; db="$3"; shift 3
mount -t tmpfs -o size=4m tmpfs "$disk" || exit 1
cp "$db" "$disk/kam.sqlite3"
sh -c 'echo $$ > "$0/pid"; exec "$@" 2> "$0/stderr"' "$out" "$@" --db "$disk/kam.sqlite3"
echo $? > "$out/rc"
ls -A "$disk" > "$out/listing"
"#;

#[test]
fn a_draft_that_cannot_be_written_is_said_on_stderr() {
    if !tmux_available() {
        return;
    }
    let probe = tempfile::tempdir().unwrap();
    let runner = ["unshare -rm", "unshare -m"].into_iter().find(|r| {
        let mut words = r.split(' ');
        Command::new(words.next().unwrap())
            .args(words)
            .args(["sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\""])
            .arg(probe.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    let Some(runner) = runner else {
        eprintln!("drafts: SKIPPED the full-disk case: `unshare` may not mount a tmpfs here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (disk, out) = (dir.path().join("disk"), dir.path().join("out"));
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let script = dir.path().join("draft-disk.sh");
    std::fs::write(&script, SCRIPT).unwrap();
    let s = Session::start(&format!(
        "env LANG=C LC_ALL= LC_MESSAGES= KAM_LANG= {runner} sh {} {} {} {} {} --today {TODAY}",
        script.display(),
        disk.display(),
        out.display(),
        db.display(),
        assert_cmd::cargo::cargo_bin("kam").display(),
    ));
    s.wait_for("Visits today and overdue");
    half_a_survey(&s, &["4", "2"]);
    let pid: u32 = std::fs::read_to_string(out.join("pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // fill the small disk, seen through kam's own view of the files
    {
        use std::io::Write;
        let filler = format!("/proc/{pid}/root{}/.filler", disk.display());
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    while !out.join("listing").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "kam did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    let rc = std::fs::read_to_string(out.join("rc")).unwrap();
    assert_eq!(rc.trim(), "143", "stopped by SIGTERM");
    let stderr = std::fs::read_to_string(out.join("stderr")).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.contains("could not be kept")
            && stderr.contains("kam.sqlite3.draft.json")
            && stderr.contains("disk is full"),
        "{stderr}"
    );
    let listing = std::fs::read_to_string(out.join("listing")).unwrap();
    assert!(
        !listing.contains("draft") && !listing.contains(".kam-tmp"),
        "an empty or half draft was left: {listing}"
    );
    eprintln!("drafts: full disk: the draft is said lost on stderr, nothing half-written left");
}
