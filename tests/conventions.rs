//! The command line's conventions (issue 20, item 10): `kam settings`
//! lists and changes settings (checked, journaled, undone by `kam undo`),
//! `kam completions SHELL` and `kam man` print what shells and `man` read.

mod common;

use common::{TODAY, demo, kam, kam_on};
use kam::domain::settings::DEFAULTS;

fn run(db: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = kam_on(db, TODAY).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The value `kam settings --json` gives `key`.
fn value_of(db: &std::path::Path, key: &str) -> i64 {
    let (ok, out, err) = run(db, &["settings", "--json"]);
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("{key} not listed: {out}"))["value"]
        .as_i64()
        .unwrap()
}

#[test]
fn settings_list_every_key_and_a_change_is_checked_marked_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.sqlite3");
    demo(&db, 4);
    let (ok, text, err) = run(&db, &["settings"]);
    assert!(ok, "{err}");
    for s in DEFAULTS {
        assert!(text.contains(s.key), "{} missing:\n{text}", s.key);
    }
    assert!(
        text.lines().skip(1).all(|l| !l.contains('*')),
        "nothing changed yet:\n{text}"
    );

    let (ok, said, err) = run(&db, &["settings", "set", "cadence_days.key", "21"]);
    assert!(ok, "{err}");
    assert!(said.contains("14 → 21"), "{said}");
    assert_eq!(value_of(&db, "cadence_days.key"), 21);
    let (_, text, _) = run(&db, &["settings"]);
    let line = text
        .lines()
        .find(|l| l.starts_with("cadence_days.key"))
        .unwrap();
    assert!(line.contains("21*"), "{line}");

    // wrong input: nothing written, the field named, one line, exit 1
    for (key, value, named, wrong) in [
        ("cadence_days.key", "0", "cadence_days.key", "'0'"),
        ("cadence_days.key", "abc", "cadence_days.key", "'abc'"),
        ("due_soon.percent", "101", "due_soon.percent", "0 to 100"),
        ("cadence.key", "3", "setting", "'cadence.key'"),
    ] {
        let (ok, _, err) = run(&db, &["settings", "set", key, value]);
        assert!(!ok, "{key} = {value} was taken");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(named) && err.contains(wrong), "{err}");
    }
    assert_eq!(value_of(&db, "cadence_days.key"), 21);
    // full-width digits count, as in every field that takes digits
    let (ok, _, err) = run(&db, &["settings", "set", "due_soon.min_days", "３"]);
    assert!(ok, "{err}");
    assert_eq!(value_of(&db, "due_soon.min_days"), 3);

    let (ok, _, err) = run(&db, &["undo"]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&db, &["undo"]);
    assert!(ok, "{err}");
    assert_eq!(value_of(&db, "due_soon.min_days"), 2);
    assert_eq!(value_of(&db, "cadence_days.key"), 14, "undo takes it back");
}

#[test]
fn settings_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.sqlite3");
    demo(&db, 4);
    let (ok, text, err) = run(&db, &["--lang", "zh", "settings"]);
    assert!(ok, "{err}");
    assert!(text.contains("关键客户两次拜访之间的天数"), "{text}");
    let (ok, _, err) = run(&db, &["--lang", "zh", "settings", "set", "nope", "1"]);
    assert!(!ok);
    assert!(err.contains("设置") && err.contains("nope"), "{err}");
}

#[test]
fn completions_and_the_manual_page_are_printed() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = kam().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("kam"), "{shell}: {script}");
        assert!(
            script.contains("settings"),
            "{shell} completes the commands"
        );
    }
    let bad = kam().args(["completions", "tcsh"]).output().unwrap();
    assert!(!bad.status.success());
    let man = kam().arg("man").output().unwrap();
    assert!(man.status.success());
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH kam 1"), "{page}");
    assert!(
        page.contains("brief") && page.contains("settings"),
        "{page}"
    );
}
