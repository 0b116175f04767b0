//! Hostile text is shown, not obeyed: escape sequences, C1 controls, BEL
//! and bidirectional overrides in names, notes, summaries and imported
//! cells never reach the terminal through any command's output, while the
//! database keeps exactly what was written.

mod common;

use assert_cmd::Command;
use std::path::Path;

use common::TODAY;

/// OSC 52 (clipboard), OSC 8 (link), CSI clear screen, C1 CSI, DCS, BEL,
/// DEL and a right-to-left override.
const PAYLOADS: [&str; 6] = [
    "Evil\u{1b}]52;c;aGVsbG8=\u{7}Co",
    "\u{1b}[2J\u{1b}[HWiped",
    "Link\u{1b}]8;;https://example.com\u{1b}\\here\u{1b}]8;;\u{1b}\\",
    "C1\u{9b}31mRed\u{9d}0;title\u{9c}",
    "DCS\u{1b}Pq#0;2;0;0;0\u{1b}\\done\u{7f}",
    "Bidi\u{202e}gnp.exe\u{2066}x\u{2069}",
];

fn kam(db: &Path) -> Command {
    let mut cmd = common::kam();
    cmd.args(["--today", TODAY, "--db"]).arg(db);
    cmd
}

/// Fails if a terminal could obey anything in `out`.
fn assert_harmless(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for (i, c) in text.chars().enumerate() {
        let bad = c == '\u{1b}'
            || c == '\u{7}'
            || c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || (c.is_control() && c != '\n');
        assert!(
            !bad,
            "{what}: {c:?} at char {i} reached the output:\n{text}"
        );
    }
}

/// A database where another tool wrote the payloads into every text an
/// account, a contact, a complaint, a visit and a survey have.
fn poisoned(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("kam.sqlite3");
    common::demo(&db, 6);
    let conn = rusqlite::Connection::open(&db).unwrap();
    for (i, p) in PAYLOADS.iter().enumerate() {
        let id = i as i64 + 1;
        conn.execute(
            "UPDATE accounts SET name = ?1 || ' ' || id, notes = ?1, owner = ?1, industry = ?1
              WHERE id = ?2",
            rusqlite::params![p, id],
        )
        .unwrap();
        for sql in [
            "UPDATE contacts SET name = ?1, title = ?1, notes = ?1, our_side = ?1 WHERE account_id = ?2",
            "UPDATE complaints SET summary = ?1, details = ?1 WHERE account_id = ?2",
            "UPDATE visits SET purpose = ?1, outcome = ?1 WHERE account_id = ?2",
            "UPDATE surveys SET comment = ?1 WHERE account_id = ?2",
        ] {
            conn.execute(sql, rusqlite::params![p, id]).unwrap();
        }
    }
    db
}

#[test]
fn no_screen_or_printed_output_obeys_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let mut outputs = Vec::new();
    let mut screens: Vec<String> = ["today", "accounts", "complaints", "visits", "surveys"]
        .map(String::from)
        .to_vec();
    screens.extend((1..=6).map(|id| format!("account:{id}")));
    for screen in &screens {
        for (w, h) in [("80", "24"), ("160", "45")] {
            let out = kam(&db)
                .args(["snapshot", "--screen", screen, "--width", w, "--height", h])
                .output()
                .unwrap();
            assert!(out.status.success(), "{screen}");
            outputs.push((format!("snapshot {screen} {w}x{h}"), out));
        }
    }
    for args in [
        vec!["today"],
        vec!["today", "--json"],
        vec!["check"],
        vec!["--lang", "zh", "today"],
    ] {
        outputs.push((args.join(" "), kam(&db).args(&args).output().unwrap()));
    }
    for (what, out) in &outputs {
        assert_harmless(what, &out.stdout);
        assert_harmless(what, &out.stderr);
    }
    // shown as visible placeholders, not dropped
    let accounts = &outputs[3].1.stdout;
    assert!(
        String::from_utf8_lossy(accounts).contains("Evil␛]52;c;"),
        "{}",
        String::from_utf8_lossy(accounts)
    );
    // the JSON says exactly what is stored, escaped
    let json = outputs
        .iter()
        .find(|(w, _)| w == "today --json")
        .map(|(_, o)| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value.to_string().contains('\u{1b}') || json.contains("\\u001b"));
    // and the database still holds what was written
    let conn = rusqlite::Connection::open(&db).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM accounts WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, format!("{} 1", PAYLOADS[0]));
}

#[test]
fn hostile_cells_in_an_imported_file_are_reported_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let csv = dir.path().join("evil.csv");
    let mut text = String::from("name,tier,notes\n");
    for p in PAYLOADS {
        // quoted: the payloads hold commas and semicolons
        text.push_str(&format!("\"{p}\",key,\"{p}\"\n"));
    }
    text.push_str("\"Bad tier \u{1b}[5m\",\u{1b}[31mgold,x\n");
    std::fs::write(&csv, text).unwrap();
    let name = dir.path().join("evil\u{1b}[2J.csv");
    std::fs::copy(&csv, &name).unwrap();
    for file in [&csv, &name] {
        for dry in [true, false] {
            let mut cmd = kam(&db);
            cmd.args(["import", "accounts"]).arg(file);
            if dry {
                cmd.arg("--dry-run");
            }
            let out = cmd.output().unwrap();
            assert!(!out.status.success(), "a bad tier must fail the import");
            assert_harmless("import", &out.stdout);
            assert_harmless("import", &out.stderr);
        }
    }
}
