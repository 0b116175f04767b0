//! Broken files and places: a truncated database, random bytes, a file from
//! a newer kam, a read-only file and folder, a missing or unwritable
//! folder, a full disk. Each gives one clear line (or, read-only, a
//! working read-only kam) and leaves the file exactly as it was.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

use common::TODAY;

fn kam() -> Command {
    let mut cmd = common::kam();
    cmd.args(["--today", TODAY]);
    cmd
}

fn demo(path: &Path) {
    common::demo(path, 4);
}

/// Fails unless the command failed with exactly one line on stderr, no
/// panic; returns that line.
fn one_line_failure(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "it succeeded: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Every command that opens a database, reading and writing.
fn commands(csv: &Path) -> Vec<Vec<String>> {
    let csv = csv.display().to_string();
    vec![
        vec!["today".into()],
        vec!["snapshot".into(), "--screen".into(), "accounts".into()],
        vec!["check".into()],
        vec!["import".into(), "accounts".into(), csv],
    ]
}

fn accounts_csv(dir: &Path) -> PathBuf {
    let csv = dir.join("accounts.csv");
    std::fs::write(&csv, "name,tier\n新客户,key\n").unwrap();
    csv
}

#[test]
fn a_truncated_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.sqlite3");
    demo(&full);
    let cut = dir.path().join("cut.sqlite3");
    let whole = bytes(&full);
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    let before = bytes(&cut);
    for args in commands(&accounts_csv(dir.path())) {
        let out = kam().arg("--db").arg(&cut).args(&args).output().unwrap();
        let err = one_line_failure(&out);
        assert!(err.contains("damaged"), "{args:?}: {err}");
        assert_eq!(bytes(&cut), before, "{args:?} changed the file");
    }
}

#[test]
fn random_bytes_are_not_a_database_and_stay_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.sqlite3");
    let noise: Vec<u8> = (0u32..40_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, &noise).unwrap();
    for args in commands(&accounts_csv(dir.path())) {
        let out = kam().arg("--db").arg(&junk).args(&args).output().unwrap();
        let err = one_line_failure(&out);
        assert!(err.contains("not a SQLite database"), "{args:?}: {err}");
        assert_eq!(bytes(&junk), noise);
    }
}

#[test]
fn a_database_from_a_newer_kam_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.sqlite3");
    demo(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let before = bytes(&db);
    for args in commands(&accounts_csv(dir.path())) {
        let out = kam().arg("--db").arg(&db).args(&args).output().unwrap();
        let err = one_line_failure(&out);
        assert!(err.contains("newer kam"), "{args:?}: {err}");
        assert_eq!(bytes(&db), before, "{args:?} changed the file");
    }
}

#[test]
fn a_missing_folder_is_one_line_for_readers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/folder/kam.sqlite3");
    for args in [
        vec!["today"],
        vec!["check"],
        vec!["export", "json", "x.json"],
    ] {
        let out = kam().arg("--db").arg(&db).args(&args).output().unwrap();
        let err = one_line_failure(&out);
        assert!(err.contains("no database here"), "{args:?}: {err}");
        assert!(!dir.path().join("no").exists(), "a reader created folders");
    }
}

/// Runs kam as an unprivileged user when the tests run as root (who may
/// write anything), so that file modes mean what they say. `None` when
/// that is not possible here.
#[cfg(unix)]
fn as_other_user(dir: &Path) -> Option<(PathBuf, Vec<String>)> {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    // a copy of the binary the other user may run
    let bin = dir.join("kam");
    std::fs::copy(assert_cmd::cargo::cargo_bin("kam"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !root {
        return Some((bin, Vec::new()));
    }
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    setpriv.then(|| {
        (
            PathBuf::from("setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups"]
                .map(String::from)
                .into_iter()
                .chain([bin.display().to_string()])
                .collect(),
        )
    })
}

#[cfg(unix)]
#[test]
fn a_read_only_database_opens_read_only_and_saves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shared");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("team.sqlite3");
    demo(&db);
    let Some((program, prefix)) = as_other_user(tmp.path()) else {
        eprintln!("cannot run as another user here: skipping");
        return;
    };
    // readable by all, writable by nobody; the folder not writable either
    for (path, mode) in [
        (&db, 0o444),
        (&dir, 0o555),
        (&tmp.path().to_path_buf(), 0o755),
    ] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let before = bytes(&db);
    let run = |args: &[&str]| {
        std::process::Command::new(&program)
            .args(&prefix)
            .args(["--today", TODAY, "--db"])
            .arg(&db)
            .args(args)
            .env("LANG", "C")
            .output()
            .unwrap()
    };
    // reading works, and says it is read-only
    let out = run(&["snapshot", "--screen", "accounts"]);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(screen.contains("4 accounts"), "{screen}");
    let out = run(&["check"]);
    assert!(out.status.success());
    // writing is refused in one line
    let csv = tmp.path().join("in.csv");
    std::fs::write(&csv, "name,tier\nNew One,key\n").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&["import", "accounts", csv.to_str().unwrap()]);
    let err = one_line_failure(&out);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(bytes(&db), before);
    assert!(!dir.join("team.sqlite3-wal").exists());
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_unwritable_folder_is_one_line_and_creates_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let Some((program, prefix)) = as_other_user(tmp.path()) else {
        eprintln!("cannot run as another user here: skipping");
        return;
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new(&program)
        .args(&prefix)
        .args(["--today", TODAY, "demo", "--out"])
        .arg(locked.join("kam.sqlite3"))
        .output()
        .unwrap();
    let err = one_line_failure(&out);
    assert!(err.contains("ermission denied"), "{err}");
    assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
}

/// A full disk: a 2 MiB tmpfs when this machine lets the tests mount one
/// (1 MiB held the demo and its log with a few pages to spare until the
/// promises' table came)
/// (root in a container that allows it); otherwise skipped with a note.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_saves_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&small)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot mount a small filesystem here: skipping the full-disk test");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());
    let db = small.join("kam.sqlite3");
    demo(&db);
    let before = bytes(&db);
    // far more than the disk holds
    let csv = tmp.path().join("big.csv");
    let mut text = String::from("name,tier,notes\n");
    for i in 0..16000 {
        text.push_str(&format!("Filler {i},general,{}\n", "x".repeat(300)));
    }
    std::fs::write(&csv, text).unwrap();
    let out = kam()
        .arg("--db")
        .arg(&db)
        .args(["import", "accounts"])
        .arg(&csv)
        .output()
        .unwrap();
    // progress lines may come first; the failure is the last line
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim_end().lines().last().unwrap_or_default();
    assert!(last.contains("disk is full"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(bytes(&db), before);
    kam().arg("--db").arg(&db).arg("check").assert().success();
}
