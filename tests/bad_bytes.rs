//! Bad bytes degrade, never hide: values that are not UTF-8, and BLOBs,
//! planted by "another tool" in the text columns of every table, and every
//! screen and command run over the result. Nothing panics, nothing fails
//! but `kam check`, which lists the planted values with the exit code of a
//! damaged file; what is shown carries U+FFFD where the bytes were bad.
//!
//! A column whose CHECK constraint refuses such a value (the enumerations,
//! a BLOB that reads as a valid date) cannot hold one, whoever writes the
//! file: those plantings are counted as refused by the schema.

mod common;

use kam::domain::Clock;
use kam::portfolio::Portfolio;
use kam::store::Store;
use kam::tui::App;
use kam::tui::theme::Theme;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::TODAY;

const MARK: char = '\u{FFFD}';

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap())
}

/// A text column of a table, and how its rows are named in SQL.
#[derive(Debug, Clone)]
struct Column {
    table: String,
    column: String,
    /// `rowid`, or the primary key of a table without one.
    key: Vec<String>,
}

/// The template every case starts from: a small demo (six accounts), and
/// every text column of every table in it.
fn template() -> &'static (PathBuf, Vec<Column>) {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf, Vec<Column>)> = OnceLock::new();
    let (_, path, columns) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.sqlite3");
        common::demo(&path, 6);
        let columns = text_columns(&path);
        (dir, path, columns)
    });
    // a reference with the same lifetime as the static
    static VIEW: OnceLock<(PathBuf, Vec<Column>)> = OnceLock::new();
    VIEW.get_or_init(|| (path.clone(), columns.clone()))
}

fn text_columns(path: &Path) -> Vec<Column> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<(String, bool)> = conn
        .prepare(
            "SELECT name, wr FROM pragma_table_list
              WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
              ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for (table, without_rowid) in tables {
        let info: Vec<(String, String, i64)> = conn
            .prepare("SELECT name, type, pk FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut key: Vec<(i64, String)> = info
            .iter()
            .filter(|(_, _, pk)| *pk > 0)
            .map(|(n, _, pk)| (*pk, n.clone()))
            .collect();
        key.sort();
        let key: Vec<String> = if without_rowid {
            key.into_iter().map(|(_, n)| n).collect()
        } else {
            vec!["rowid".into()]
        };
        for (name, ty, _) in &info {
            if ty.to_ascii_uppercase().contains("TEXT") {
                out.push(Column {
                    table: table.clone(),
                    column: name.clone(),
                    key: key.clone(),
                });
            }
        }
    }
    assert!(out.len() > 50, "{} text columns", out.len());
    out
}

/// A value another tool writes: text with bytes that are not UTF-8, or a
/// BLOB.
#[derive(Debug, Clone)]
enum Bad {
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

/// Writes `bad` into `column` of the row at `index` (modulo the rows).
/// Returns the row as `kam check` names it (`None` when the value went
/// into the row's own key), `Ok(None)` when the table has no rows, and
/// `Err` when the schema refuses the value.
fn plant(
    conn: &Connection,
    column: &Column,
    index: usize,
    bad: &Bad,
) -> rusqlite::Result<Option<Option<String>>> {
    let q = |s: &str| format!("\"{s}\"");
    let keys = column
        .key
        .iter()
        .map(|k| q(k))
        .collect::<Vec<_>>()
        .join(", ");
    let label = column
        .key
        .iter()
        .map(|k| format!("CAST({} AS TEXT)", q(k)))
        .collect::<Vec<_>>()
        .join(" || ', ' || ");
    let table = q(&column.table);
    let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    if rows == 0 {
        return Ok(None);
    }
    let offset = (index as i64) % rows;
    // a key planted before is named by `kam check` in its own way (the
    // mark, control characters shown): such a row matches any row
    let row: Option<String> = conn.query_row(
        &format!("SELECT {label} FROM {table} ORDER BY {keys} LIMIT 1 OFFSET ?1"),
        [offset],
        |r| {
            Ok(r.get_ref(0)?
                .as_bytes()
                .ok()
                .and_then(|b| std::str::from_utf8(b).ok())
                .filter(|t| !t.chars().any(char::is_control))
                .map(str::to_string))
        },
    )?;
    let (value, bytes) = match bad {
        Bad::Text(b) => ("CAST(?1 AS TEXT)", b),
        Bad::Blob(b) => ("?1", b),
    };
    conn.execute(
        &format!(
            "UPDATE {table} SET {} = {value}
              WHERE ({keys}) = (SELECT {keys} FROM {table} ORDER BY {keys} LIMIT 1 OFFSET ?2)",
            q(&column.column)
        ),
        rusqlite::params![bytes, offset],
    )?;
    let in_key = column.key.contains(&column.column);
    Ok(Some(row.filter(|_| !in_key)))
}

/// Whether `kam check`'s listing of (table, row, column) matches a
/// planting (a planting into a key matches any row of its column).
fn matches(
    planted: &BTreeSet<(String, Option<String>, String)>,
    cell: &(String, String, String),
) -> bool {
    planted.contains(&(cell.0.clone(), Some(cell.1.clone()), cell.2.clone()))
        || planted.contains(&(cell.0.clone(), None, cell.2.clone()))
}

/// A fresh copy of the template in `dir`.
fn copy(dir: &Path) -> PathBuf {
    let db = dir.join("kam.sqlite3");
    std::fs::copy(&template().0, &db).unwrap();
    db
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Every screen, drawn at two sizes, scrolled to both ends; every account
/// opened; then every command's work: Today as text and JSON, every
/// export. Returns the text drawn.
fn everything(db: &Path, out: &Path) -> String {
    let clock = clock();
    let open = || Portfolio::new(Store::open(db).expect("the database opens"));
    let mut drawn = String::new();
    let mut app = App::on(open(), clock, Theme::plain());
    for (i, _) in kam::tui::app::Tab::ALL.iter().enumerate() {
        let key = char::from_digit(i as u32 + 1, 10).unwrap();
        press(&mut app, KeyCode::Char(key));
        for (w, h) in [(80, 24), (160, 45)] {
            drawn.push_str(&kam::tui::render_text(&app, w, h));
        }
        for code in [KeyCode::Char('G'), KeyCode::PageUp, KeyCode::Char('g')] {
            press(&mut app, code);
            app.settle();
            drawn.push_str(&kam::tui::render_text(&app, 120, 40));
        }
    }
    // every account, every section of it
    press(&mut app, KeyCode::Char('2'));
    let accounts = app.portfolio.store().count_accounts(false).unwrap()
        + app.portfolio.store().count_accounts(true).unwrap();
    for _ in 0..accounts {
        press(&mut app, KeyCode::Enter);
        for _ in 0..6 {
            drawn.push_str(&kam::tui::render_text(&app, 120, 40));
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('j'));
    }
    drop(app);
    for screen in [
        "today",
        "accounts",
        "complaints",
        "visits",
        "surveys",
        "account:1",
        "survey:1",
    ] {
        drawn.push_str(
            &kam::tui::snapshot(open(), clock, screen, 120, 40).expect("the snapshot draws"),
        );
    }
    drawn.push_str(&kam::tui::today_text(open(), clock, 120));
    let portfolio = open();
    let review = portfolio.today(&clock, usize::MAX).expect("today reads");
    drawn.push_str(&kam::interop::json::to_safe_string(
        &review.to_json(&clock),
        true,
    ));
    portfolio
        .export_json(file(&out.join("p.json")), &clock)
        .expect("export json");
    portfolio
        .export_vcard(file(&out.join("c.vcf")), None)
        .expect("export vcard");
    portfolio
        .export_ics(file(&out.join("v.ics")), None, None, &clock)
        .expect("export ics");
    portfolio
        .export_csv(&out.join("csv"), false)
        .expect("export csv");
    drawn
}

/// A new file to export to.
fn file(path: &std::path::Path) -> kam::portfolio::files::Destination<'_> {
    kam::portfolio::files::Destination::File {
        path,
        replace: false,
    }
}

/// (table, column) of what `kam check` lists as unreadable.
fn listed(db: &Path) -> BTreeSet<(String, String, String)> {
    let found = kam::portfolio::files::check_file(db).expect("check reads the file");
    assert!(found.report.healthy(), "{:?}", found.report);
    found
        .unreadable
        .into_iter()
        .map(|b| (b.table, b.row, b.column))
        .collect()
}

/// The tables of figures derived from the others (kept by triggers, or
/// recomputed when kam opens): a value planted there may be recomputed
/// away, and one planted elsewhere may be copied there.
const DERIVED: [&str; 2] = ["account_health", "account_stats"];

fn bad_value() -> impl Strategy<Value = Bad> {
    let invalid = (
        prop::collection::vec(any::<u8>(), 0..10),
        prop::sample::select(vec![
            vec![0xFFu8],
            vec![0x80],
            vec![0xC3],
            vec![0xE4, 0xBD],
            vec![0xF0, 0x9F, 0x98],
            vec![0xED, 0xA0, 0x80],
        ]),
        prop::collection::vec(any::<u8>(), 0..10),
    )
        .prop_map(|(mut a, bad, b)| {
            // printable ASCII around a sequence that is never UTF-8
            a.iter_mut().for_each(|c| *c = b'a' + *c % 26);
            let mut v = a;
            v.extend(bad);
            v.extend(b.into_iter().map(|c| b'A' + c % 26));
            Bad::Text(v)
        });
    let blob = prop::collection::vec(any::<u8>(), 0..16).prop_map(Bad::Blob);
    prop_oneof![invalid, blob]
}

/// 24 cases, or `PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn bad_bytes_anywhere_never_fail_a_screen_or_a_command(
        plantings in prop::collection::vec(
            (any::<prop::sample::Index>(), any::<usize>(), bad_value()),
            1..8,
        )
    ) {
        let (_, columns) = template();
        let tmp = tempfile::tempdir().unwrap();
        let db = copy(tmp.path());
        let mut planted: BTreeSet<(String, Option<String>, String)> = BTreeSet::new();
        {
            let conn = Connection::open(&db).unwrap();
            for (which, row, bad) in &plantings {
                let column = which.get(columns);
                if let Ok(Some(row)) = plant(&conn, column, *row, bad) {
                    planted.insert((column.table.clone(), row, column.column.clone()));
                }
            }
        }
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        everything(&db, &out);
        let listed = listed(&db);
        // check lists what was planted and nothing else (a derived figure
        // may have been recomputed away, or a later planting overwrote one)
        // (a derived figure copies what it was derived from)
        for cell in listed.iter().filter(|c| !DERIVED.contains(&c.0.as_str())) {
            prop_assert!(matches(&planted, cell), "listed but not planted: {cell:?}");
        }
    }
}

/// One bad value in every text column that can hold one, all at once,
/// through the real binary: every screen, every command, both languages.
#[test]
fn every_text_column_planted_at_once_through_every_command() {
    let (_, columns) = template();
    let tmp = tempfile::tempdir().unwrap();
    let db = copy(tmp.path());
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    {
        let conn = Connection::open(&db).unwrap();
        for (i, column) in columns.iter().enumerate() {
            // rows early in each table: the ones the screens show first
            let bad = if i % 2 == 0 {
                Bad::Text(b"bad\xFFbyte".to_vec())
            } else {
                Bad::Blob(b"\x00blob\xFE".to_vec())
            };
            match plant(&conn, column, i % 3, &bad) {
                Ok(Some(row)) => accepted.push((column.table.clone(), row, column.column.clone())),
                Ok(None) => {}
                Err(_) => {
                    // the other kind may pass where this one did not
                    let other = match bad {
                        Bad::Text(_) => Bad::Blob(b"\x00blob\xFE".to_vec()),
                        Bad::Blob(_) => Bad::Text(b"bad\xFFbyte".to_vec()),
                    };
                    match plant(&conn, column, i % 3, &other) {
                        Ok(Some(row)) => {
                            accepted.push((column.table.clone(), row, column.column.clone()))
                        }
                        _ => refused.push(format!("{}.{}", column.table, column.column)),
                    }
                }
            }
        }
    }
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    let path = |name: &str| out.join(name).display().to_string();
    let mut commands = vec![s(&["today"]), s(&["today", "--json"])];
    for screen in [
        "today",
        "accounts",
        "complaints",
        "visits",
        "surveys",
        "account:1",
        "account:2",
        "account:3",
        "survey:1",
    ] {
        commands.push(s(&[
            "snapshot", "--screen", screen, "--width", "160", "--height", "45",
        ]));
    }
    commands.extend([
        s(&["export", "json", &path("p.json")]),
        s(&["export", "vcard", &path("c.vcf")]),
        s(&["export", "ics", &path("v.ics")]),
        s(&["export", "csv", &path("csv")]),
        s(&["backup", &path("copy.sqlite3")]),
    ]);
    let mut ran = 0;
    let mut marked = 0;
    for lang in ["en", "zh"] {
        for args in &commands {
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir(&out).unwrap();
            let o = common::kam_on(&db, TODAY)
                .args(["--lang", lang])
                .args(args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "{lang} {args:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
            if String::from_utf8_lossy(&o.stdout).contains(MARK) {
                marked += 1;
            }
            ran += 1;
        }
        // check: the damaged-file exit, every planted value listed
        let o = common::kam_on(&db, TODAY)
            .args(["--lang", lang, "check"])
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        ran += 1;
    }
    let listed = listed(&db);
    for (table, row, column) in &accepted {
        if DERIVED.contains(&table.as_str()) {
            continue;
        }
        let found = listed
            .iter()
            .any(|(t, r, c)| t == table && c == column && row.as_ref().is_none_or(|row| row == r));
        assert!(found, "planted but not listed: {table} {row:?} {column}");
    }
    let planted: BTreeSet<_> = accepted.iter().cloned().collect();
    for cell in listed.iter().filter(|c| !DERIVED.contains(&c.0.as_str())) {
        assert!(matches(&planted, cell), "listed but not planted: {cell:?}");
    }
    assert!(marked > 0, "no output showed the mark");
    eprintln!(
        "bad bytes: {} text columns; {} took a bad value, {} refused by the schema ({}); \
         {ran} commands run in two languages, {ran} survived, {marked} outputs showed {MARK}",
        columns.len(),
        accepted.len(),
        refused.len(),
        refused.join(", ")
    );
}
