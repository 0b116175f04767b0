//! Lines a person understands, in both languages, each naming the file
//! (where there is one) and what to do: a failed upgrade without the
//! migration library's text, a full disk at start, no terminal, and — in
//! the dashboard — a write waiting for another kam's write lock.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::TODAY;

/// One line on stderr, no panic, not success; returns it.
fn one_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "it succeeded: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_failed_upgrade_says_sqlites_reason_without_the_migration_librarys_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    common::demo(&db, 3);
    // a file that claims an old schema version but has the newer tables
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 1;")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    for (lang, said) in [
        ("en", "upgrading it to this kam's schema"),
        ("zh", "升级到本版本 kam 的数据结构"),
    ] {
        let out = common::kam_on(&db, TODAY)
            .args(["--lang", lang, "today"])
            .output()
            .unwrap();
        let err = one_line(&out);
        assert!(err.contains(said), "{err}");
        assert!(err.contains("old.sqlite3"), "{err}");
        assert!(err.contains("table account_stats already exists"), "{err}");
        for library in ["rusqlite_migration", "--", "CREATE", "query"] {
            assert!(!err.contains(library), "{library:?} in {err}");
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn the_dashboard_without_a_terminal_says_what_to_use_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.sqlite3");
    for (lang, said) in [
        (
            "en",
            "kam needs a terminal; use kam today or kam snapshot in scripts",
        ),
        (
            "zh",
            "kam 需要在终端中运行；脚本中请使用 kam today 或 kam snapshot",
        ),
    ] {
        for demo in [false, true] {
            // stdout a pipe, stdin nothing: a script or cron
            let mut cmd = common::kam_on(&db, TODAY);
            cmd.args(["--lang", lang]);
            if demo {
                cmd.arg("--demo");
            }
            let err = one_line(&cmd.output().unwrap());
            assert!(err.contains(said), "{err}");
        }
    }
    assert!(!db.exists(), "a database was created without a terminal");
}

/// A full disk: a small tmpfs when the tests may mount one.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_at_start_names_the_file_and_says_to_free_space() {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
        .arg(&small)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot mount a small filesystem here: skipping the full-disk test");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());
    let source = tmp.path().join("source.sqlite3");
    common::demo(&source, 2);
    let db = small.join("kam.sqlite3");
    std::fs::copy(&source, &db).unwrap();
    // fill what is left
    let mut filler = std::fs::File::create(small.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    let before = std::fs::read(&db).unwrap();
    let mut tried = 0;
    for (lang, said) in [
        ("en", "the disk is full — kam cannot open the database"),
        ("zh", "磁盘已满——kam 无法打开数据库"),
    ] {
        for args in [&["today"][..], &["snapshot", "--screen", "accounts"][..]] {
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(small.join(format!("kam.sqlite3{suffix}")));
            }
            let out = common::kam_on(&db, TODAY)
                .args(["--lang", lang])
                .args(args)
                .output()
                .unwrap();
            let err = one_line(&out);
            assert!(err.contains(said), "{args:?}: {err}");
            assert!(err.contains("kam.sqlite3"), "{err}");
            assert!(!err.contains("disk I/O error"), "{err}");
            tried += 1;
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    eprintln!("messages: full disk at start, {tried} tried, {tried} said so");
}

// ---- the dashboard in a real terminal (tmux) ----

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
        eprintln!("tmux not found: skipping the waiting test");
    }
    ok
}

/// A tmux session running kam, killed when dropped.
struct Tmux(String);

impl Tmux {
    fn start(db: &Path) -> Tmux {
        let name = format!("kam-wait-{}", std::process::id());
        let command = format!(
            "env LANG=C LC_ALL= LC_MESSAGES= KAM_LANG= {} --today {TODAY} --db {}",
            env!("CARGO_BIN_EXE_kam"),
            db.display()
        );
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "100",
                "-y",
                "30",
                &command,
            ])
            .env_remove("TMUX")
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux could not start");
        Tmux(name)
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.0, k])
                .status()
                .unwrap();
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < within,
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

fn surveys(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM surveys", [], |r| r.get(0))
        .unwrap()
}

const WAITING: &str = "waiting for another kam to finish writing…";

#[test]
fn a_save_waiting_for_another_kam_says_so_keeps_the_form_and_saves_when_it_can() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.sqlite3");
    common::demo(&db, 6);
    let before = surveys(&db);
    let s = Tmux::start(&db);
    s.wait_for("Visits today and overdue", Duration::from_secs(10));
    s.keys(&["2"]);
    s.wait_for("sorted by", Duration::from_secs(10));
    s.keys(&["S"]);
    s.wait_for("Satisfaction survey", Duration::from_secs(10));
    s.keys(&["4", "4", "5", "3", "5", "4"]);

    // another kam holds the write lock past kam's patience: kam says it is
    // waiting, then that the database is busy, and the form stays as typed
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let pressed = Instant::now();
    s.keys(&["C-s"]);
    let screen = s.wait_for(WAITING, Duration::from_secs(4));
    let shown = pressed.elapsed();
    assert!(shown >= Duration::from_millis(450), "said after {shown:?}");
    assert!(screen.contains("shared.sqlite3"), "{screen}");
    assert!(
        screen.contains("Satisfaction survey"),
        "the form went away:\n{screen}"
    );
    let screen = s.wait_for("busy", Duration::from_secs(10));
    assert!(
        screen.contains("Satisfaction survey"),
        "the form went away:\n{screen}"
    );
    assert!(!screen.contains(WAITING), "{screen}");
    assert_eq!(surveys(&db), before);

    // held for a second only: it waits, says so, and saves
    s.keys(&["C-s"]);
    s.wait_for(WAITING, Duration::from_secs(4));
    std::thread::sleep(Duration::from_millis(700));
    other.execute_batch("COMMIT").unwrap();
    let screen = s.wait_for("saved", Duration::from_secs(10));
    assert!(!screen.contains(WAITING), "{screen}");
    assert_eq!(surveys(&db), before + 1);
    eprintln!("messages: waiting for the write lock, 2 saves tried, 2 said so, form kept, 1 saved");
}
