//! The real binary in a real terminal (tmux): start it, type, save, quit,
//! and find the result in the database. Needs tmux; `.ci/run` installs it
//! and sets KAM_REQUIRE_TMUX so that CI never skips these silently.

mod common;

use std::path::Path;
use std::process::Command;
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
        eprintln!("tmux not found: skipping the end-to-end test");
    }
    ok
}

/// A tmux session running one command, killed when dropped.
struct Session {
    name: String,
}

impl Session {
    fn start(command: &str, width: u16, height: u16) -> Session {
        let name = format!("kam-e2e-{}-{}", std::process::id(), rand_suffix());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
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

    /// Waits until the screen shows `text` (or fails after a while).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until(&self, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.screen()) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn wait_gone(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "kam did not exit"
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

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}

fn kam_command(db: &Path) -> String {
    format!(
        "env LANG=C LC_ALL= LC_MESSAGES= KAM_LANG= {} --today {TODAY} --db {}",
        assert_cmd::cargo::cargo_bin("kam").display(),
        db.display()
    )
}

#[test]
fn a_survey_typed_into_the_real_binary_lands_in_the_database() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 6);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM surveys", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&conn);
    drop(conn);

    let s = Session::start(&kam_command(&db), 100, 30);
    s.wait_for("Visits today and overdue");
    s.keys(&["2"]);
    s.wait_for("sorted by");
    s.keys(&["S"]);
    s.wait_for("Satisfaction survey");
    s.keys(&["4", "5", "3", "4", "2", "5", "C-s"]);
    s.wait_for("Communication scored 2. Follow it up now?");
    s.keys(&["Escape"]);
    s.wait_until(|screen| !screen.contains("Follow it up"));
    s.keys(&["q"]);
    s.wait_gone();

    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(count(&conn), before + 1);
    let row: (String, i64, i64, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT taken_at, product_quality, service_quality, delivery, value,
                    communication, overall
               FROM surveys ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(row, (TODAY.to_string(), 4, 5, 3, 4, 2, 5));
}

/// A tmux value of the session's pane, e.g. `#{alternate_on}`.
fn pane(s: &Session, format: &str) -> String {
    let out = Command::new("tmux")
        .args(["display-message", "-p", "-t", &s.name, format])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The pid of the kam started by the pane's shell.
fn kam_pid(s: &Session) -> u32 {
    let shell = pane(s, "#{pane_pid}");
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

/// The terminal modes of the pane, as `stty -a` prints them.
fn stty(s: &Session) -> String {
    let tty = pane(s, "#{pane_tty}");
    let out = Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_db(dir: &Path, accounts: u32) -> std::path::PathBuf {
    let db = dir.join("kam.sqlite3");
    common::demo(&db, accounts);
    db
}

/// An interactive shell in tmux that runs kam, so that what kam leaves
/// behind in the terminal can be read after it is gone.
fn shell_running_kam(db: &Path) -> Session {
    let s = Session::start("env PS1='$ ' sh -i", 100, 30);
    s.wait_for("$");
    s.keys(&[&kam_command(db), "Enter"]);
    s.wait_for("Visits today and overdue");
    s
}

#[cfg(unix)]
#[test]
fn signals_restore_the_terminal_and_keep_the_unsaved_form() {
    if !tmux_available() {
        return;
    }
    for signal in ["TERM", "HUP", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path(), 6);
        let s = shell_running_kam(&db);
        assert_eq!(pane(&s, "#{alternate_on}"), "1");
        s.keys(&["2"]);
        s.wait_for("sorted by");
        s.keys(&["S"]);
        s.wait_for("Satisfaction survey");
        s.keys(&["4", "2"]);
        s.wait_for("[2]");
        let pid = kam_pid(&s);
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        s.wait_until(|_| pane(&s, "#{alternate_on}") == "0");
        assert_eq!(
            pane(&s, "#{cursor_flag}"),
            "1",
            "SIG{signal}: cursor hidden"
        );
        let modes = stty(&s);
        assert!(
            modes.contains(" icanon") && modes.contains(" echo "),
            "SIG{signal}: the terminal is still raw: {modes}"
        );
        let draft = dir.path().join("kam.sqlite3.draft.json");
        assert!(draft.exists(), "SIG{signal}: no draft was kept");

        // the next start offers it back, and r puts the scores back
        s.keys(&[&kam_command(&db), "Enter"]);
        s.wait_for("Restore your unsaved");
        s.keys(&["r"]);
        let screen = s.wait_for("Your unsaved entry is back");
        assert!(screen.contains("[4]") && screen.contains("[2]"), "{screen}");
        assert!(!draft.exists(), "a restored draft is not offered twice");
        s.keys(&["Escape", "y", "q"]);
        s.wait_for("$");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 6);
    let s = shell_running_kam(&db);
    s.keys(&["C-z"]);
    s.wait_until(|_| pane(&s, "#{alternate_on}") == "0");
    let modes = stty(&s);
    assert!(
        modes.contains(" icanon"),
        "suspended kam left raw mode: {modes}"
    );
    s.keys(&["fg", "Enter"]);
    s.wait_until(|_| pane(&s, "#{alternate_on}") == "1");
    s.wait_for("Visits today and overdue");
    s.keys(&["q"]);
    s.wait_until(|_| pane(&s, "#{alternate_on}") == "0");
}

#[test]
fn two_kams_editing_one_account_merge_and_the_second_is_asked_about_a_clash() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 6);
    let first = |c: &rusqlite::Connection| -> (String, String, String) {
        c.query_row(
            "SELECT industry, region, notes FROM accounts
              ORDER BY CASE tier WHEN 'key' THEN 0 WHEN 'important' THEN 1 ELSE 2 END,
                       name_key, name
              LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let (a, b) = (
        Session::start(&kam_command(&db), 100, 30),
        Session::start(&kam_command(&db), 100, 30),
    );
    // both open the first account's edit form (name, tier, level, status,
    // lost reason, defection, industry, region …)
    for s in [&a, &b] {
        s.wait_for("Visits today and overdue");
        s.keys(&["2"]);
        s.wait_for("sorted by");
        s.keys(&["e"]);
        s.wait_for("Edit ");
    }
    a.keys(&[
        "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "C-u", "机械", "C-s",
    ]);
    a.wait_for("Saved ");
    b.keys(&[
        "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "C-u", "华东", "C-s",
    ]);
    b.wait_for("Saved ");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (industry, region, _) = first(&conn);
    assert_eq!(
        (industry.as_str(), region.as_str()),
        ("机械", "华东"),
        "both kept"
    );
    drop(conn);

    // now both change the region: the second is asked, with both values
    for s in [&a, &b] {
        s.keys(&["e"]);
        s.wait_for("Edit ");
        s.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "C-u"]);
    }
    a.keys(&["华南", "C-s"]);
    a.wait_for("Saved ");
    b.keys(&["西南", "C-s"]);
    let screen = b.wait_for("was changed elsewhere");
    assert!(
        screen.contains("西南") && screen.contains("华南"),
        "{screen}"
    );
    b.keys(&["m"]);
    b.wait_for("Saved ");
    for s in [&a, &b] {
        s.keys(&["q"]);
        s.wait_gone();
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (industry, region, _) = first(&conn);
    assert_eq!((industry.as_str(), region.as_str()), ("机械", "西南"));
    let changes: i64 = conn
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(changes, 4, "every save is in the journal");
}
