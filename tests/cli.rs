//! The real binary, end to end: demo, snapshot and the errors a user can
//! make on the command line.

mod common;

use std::path::Path;

use common::TODAY;

use common::kam;

use common::demo;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One line, no panic or backtrace.
fn assert_one_line_error(out: &std::process::Output) -> String {
    assert!(!out.status.success());
    let err = stderr_of(out);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("kam: "), "{err}");
    err
}

#[test]
fn demo_writes_a_portfolio_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    let out = kam()
        .args(["--today", TODAY, "demo", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("40 accounts"), "{said}");

    let out = kam()
        .args(["--today", TODAY, "demo", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    let err = assert_one_line_error(&out);
    assert!(err.contains("--force"), "{err}");

    kam()
        .args(["--today", TODAY, "demo", "--force", "--out"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn the_same_demo_arguments_give_the_same_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    demo(&a, 40);
    demo(&b, 40);
    let shot = |p: &Path| {
        kam()
            .args(["--today", TODAY, "--db"])
            .arg(p)
            .args(["snapshot", "--screen", "accounts"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(shot(&a), shot(&b));
}

#[test]
fn snapshot_prints_the_accounts_screen_and_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    demo(&path, 40);
    let out = kam()
        .args(["--today", TODAY, "--db"])
        .arg(&path)
        .args([
            "snapshot", "--screen", "accounts", "--width", "100", "--height", "30",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 30);
    assert!(text.contains("Accounts"));
    assert!(text.contains("Revenue"));
    assert!(!text.contains('\u{1b}'), "plain text, no escapes");

    let out = kam()
        .args(["--today", TODAY, "--db"])
        .arg(&path)
        .args(["snapshot", "--screen", "account:1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Annual revenue"), "{text}");
}

#[test]
fn snapshot_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    demo(&path, 3);
    for screen in ["nonsense", "account:999", "account:"] {
        let out = kam()
            .args(["--db"])
            .arg(&path)
            .args(["snapshot", "--screen", screen])
            .output()
            .unwrap();
        assert_one_line_error(&out);
    }
    // a database that does not exist is not created by snapshot
    let missing = dir.path().join("missing.db");
    let out = kam()
        .arg("--db")
        .arg(&missing)
        .arg("snapshot")
        .output()
        .unwrap();
    let err = assert_one_line_error(&out);
    assert!(err.contains("no database"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_bad_today_is_one_clear_line() {
    for bad in ["2026-13-01", "tomorrow", "", "2026-02-30"] {
        let out = kam().args(["--today", bad, "snapshot"]).output().unwrap();
        let err = assert_one_line_error(&out);
        assert!(err.contains("--today"), "{err}");
    }
    // KAM_TODAY is checked the same way
    let out = kam()
        .env("KAM_TODAY", "someday")
        .arg("snapshot")
        .output()
        .unwrap();
    assert_one_line_error(&out);
}

#[test]
fn a_bad_db_is_one_clear_line_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("letter.txt");
    std::fs::write(&text, "not a database").unwrap();
    let out = kam()
        .arg("--db")
        .arg(&text)
        .arg("snapshot")
        .output()
        .unwrap();
    let err = assert_one_line_error(&out);
    assert!(err.contains("not a SQLite database"), "{err}");
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "not a database");

    // a folder
    let out = kam()
        .arg("--db")
        .arg(dir.path())
        .arg("snapshot")
        .output()
        .unwrap();
    assert_one_line_error(&out);

    // demo into a folder that cannot be created
    let out = kam()
        .args(["demo", "--out"])
        .arg(text.join("sub/demo.db"))
        .output()
        .unwrap();
    assert_one_line_error(&out);
}

#[test]
fn unknown_arguments_are_one_line_too() {
    let out = kam().arg("--frobnicate").output().unwrap();
    let err = assert_one_line_error(&out);
    assert!(err.contains("--help"), "{err}");
    let out = kam()
        .args(["demo", "--out", "x.db", "--accounts", "lots"])
        .output()
        .unwrap();
    assert_one_line_error(&out);
}

#[cfg(unix)]
#[test]
fn files_and_folders_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kam");
    for umask in ["022", "000"] {
        let folder = dir.path().join(format!("u{umask}/nested"));
        let db = folder.join("kam.sqlite3");
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" --today {TODAY} demo --accounts 2 --out \"$1\""
            ))
            .arg(&bin)
            .arg(&db)
            .status()
            .unwrap();
        assert!(status.success());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o600, "database under umask {umask}");
        assert_eq!(mode(&folder), 0o700, "created folder under umask {umask}");
        assert_eq!(
            mode(folder.parent().unwrap()),
            0o700,
            "created parent folder under umask {umask}"
        );
        for suffix in ["-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let p = Path::new(&p);
            if p.exists() {
                assert_eq!(mode(p), 0o600, "{suffix} under umask {umask}");
            }
        }
    }
}

#[test]
fn the_benchmark_scale_demo_works() {
    // proportionally more of everything; also proves one transaction is fast
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let out = kam()
        .args(["--today", TODAY, "demo", "--accounts", "500", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("500 accounts"), "{said}");
    kam()
        .args(["--today", TODAY, "--db"])
        .arg(&path)
        .args(["snapshot", "--screen", "accounts"])
        .assert()
        .success();
}

mod ics {
    use super::*;
    use icalendar::{Calendar, CalendarComponent, Component};

    fn export(db: &Path, out: &Path, range: &[&str]) -> String {
        let o = kam()
            .args(["--today", TODAY, "--db"])
            .arg(db)
            .args(["export", "ics"])
            .arg(out)
            .args(range)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr_of(&o));
        String::from_utf8(o.stdout).unwrap()
    }

    fn events(text: &str) -> Vec<icalendar::Event> {
        let cal: Calendar = text.parse().expect("a valid calendar");
        cal.components
            .into_iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_week_exports_to_a_calendar_that_parses_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 40);
        let file = dir.path().join("week.ics");
        let said = export(&db, &file, &["--from", "today", "--to", "+6d"]);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "longer than 75 octets: {l}");
        }
        let evs = events(&text);
        assert!(!evs.is_empty());
        assert!(said.contains(&format!("{} visits", evs.len())), "{said}");
        for e in &evs {
            let start = match e.get_start().unwrap() {
                // UTC (the --today clock's offset is 0)
                icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t)) => {
                    t.naive_utc()
                }
                other => panic!("a UTC time expected, got {other:?}"),
            };
            assert!(start.date() >= chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
            assert!(start.date() <= chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
            assert!(e.get_uid().unwrap().ends_with("@kam"));
            assert!(e.get_summary().unwrap().contains(':'));
        }
        assert_eq!(text.matches("\r\nCATEGORIES:").count(), evs.len());
        // Chinese names survive
        assert!(
            evs.iter()
                .any(|e| e.get_summary().unwrap().chars().any(|c| c as u32 > 0x4e00)),
            "{text}"
        );
        // the same visits get the same UIDs in a second export
        let again = dir.path().join("again.ics");
        export(&db, &again, &["--from", "today", "--to", "+6d"]);
        let uids = |t: &str| {
            events(t)
                .iter()
                .map(|e| e.get_uid().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(uids(&text), uids(&std::fs::read_to_string(&again).unwrap()));
    }

    #[test]
    fn export_errors_are_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 3);
        for args in [
            vec!["export", "ics", "/nonexistent/folder/x.ics"],
            vec!["export", "ics", "x.ics", "--from", "someday"],
            vec!["export", "ics", "x.ics", "--from", "+1w", "--to", "today"],
        ] {
            let out = kam().arg("--db").arg(&db).args(&args).output().unwrap();
            assert_one_line_error(&out);
        }
        let out = kam()
            .arg("--db")
            .arg(&db)
            .args(["export", "ics"])
            .arg(dir.path())
            .output()
            .unwrap();
        let err = assert_one_line_error(&out);
        assert!(err.contains("folder"), "{err}");
    }
}

#[test]
fn today_prints_the_review_as_text_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    demo(&db, 40);
    let out = kam()
        .args(["--today", TODAY, "--db"])
        .arg(&db)
        .arg("today")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    for section in [
        "Visits today and overdue",
        "Complaints past or near their target",
        "Accounts at risk",
        "Key accounts resting on one person",
        "Due by cadence",
        "Low survey scores",
        "Birthdays in the next 7 days",
    ] {
        assert!(text.contains(section), "{section}\n{text}");
    }
    let same = kam()
        .args(["--today", TODAY, "--db"])
        .arg(&db)
        .args(["snapshot", "--screen", "today", "--height", "200"])
        .output()
        .unwrap();
    let snap = String::from_utf8(same.stdout).unwrap();
    let body = |t: &str| {
        t.lines()
            .skip(1)
            .take(20)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        body(&text),
        body(&snap),
        "kam today shows what the Today screen shows"
    );

    let out = kam()
        .args(["--today", TODAY, "--db"])
        .arg(&db)
        .args(["today", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["date"], TODAY);
    for key in [
        "visits_due",
        "complaints_breaching",
        "at_risk",
        "single_threaded",
        "due_by_cadence",
        "low_scores",
        "birthdays",
    ] {
        let list = v[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} is a list"));
        for item in list {
            assert!(
                item["account_uid"].as_str().is_some_and(|u| u.len() == 36),
                "{key}: {item}"
            );
            assert!(item["name"].as_str().is_some(), "{key}: {item}");
        }
    }
    assert!(!v["visits_due"].as_array().unwrap().is_empty());
    assert!(!v["complaints_breaching"].as_array().unwrap().is_empty());
    let risk = &v["at_risk"][0];
    assert!(risk["health"].as_u64().unwrap() < 50, "{risk}");
    assert_eq!(risk["reasons"].as_array().unwrap().len(), 2, "{risk}");
}

#[test]
fn today_json_is_the_same_document_in_every_language_but_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    demo(&db, 40);
    let review = |lang: &str| -> serde_json::Value {
        let out = kam()
            .args(["--today", TODAY, "--lang", lang, "--db"])
            .arg(&db)
            .args(["today", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    };
    // the sentences of the reasons are the only text said in a language
    fn without_text(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => m
                .iter()
                .filter(|(k, _)| k.as_str() != "reason")
                .map(|(k, v)| (k.clone(), without_text(v)))
                .collect(),
            serde_json::Value::Array(a) => a.iter().map(without_text).collect(),
            other => other.clone(),
        }
    }
    let (en, zh) = (review("en"), review("zh"));
    assert_eq!(without_text(&en), without_text(&zh));
    let reason = |v: &serde_json::Value| v["at_risk"][0]["reasons"][0]["reason"].clone();
    assert_ne!(reason(&en), reason(&zh), "the text is in each language");
    // every row and every reason carries a machine code
    let codes: Vec<&str> = en
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_array())
        .flatten()
        .flat_map(|item| {
            let reasons = item["reasons"].as_array().into_iter().flatten();
            std::iter::once(item).chain(reasons)
        })
        .map(|x| x["code"].as_str().unwrap_or_else(|| panic!("no code: {x}")))
        .collect();
    for code in [
        "visit_overdue",
        "complaint_past_target",
        "health_at_risk",
        "low_score",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(
        codes
            .iter()
            .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')),
        "{codes:?}"
    );
}

mod interop {
    use super::*;

    fn run(db: &Path, args: &[&str]) -> std::process::Output {
        kam()
            .args(["--today", TODAY, "--db"])
            .arg(db)
            .args(args)
            .output()
            .unwrap()
    }

    #[test]
    fn import_reports_every_bad_row_on_stderr_and_exits_non_zero() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        let csv = dir.path().join("accounts.csv");
        std::fs::write(
            &csv,
            "name,tier,annual_revenue\nGood,key,1\nBad,vip,2\nWorse,key,lots\n",
        )
        .unwrap();
        let out = run(&db, &["import", "accounts", csv.to_str().unwrap()]);
        assert!(!out.status.success());
        let err = stderr_of(&out);
        assert!(err.contains("row 3, column 'tier'"), "{err}");
        assert!(err.contains("row 4, column 'annual_revenue'"), "{err}");
        assert!(
            err.lines()
                .last()
                .unwrap()
                .contains("2 problem(s) — nothing was imported")
        );
        assert!(!err.contains("panicked"));
        let out = run(&db, &["check"]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("0 accounts"));
    }

    #[test]
    fn dry_run_writes_nothing_and_says_what_would_change() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 3);
        let csv = dir.path().join("a.csv");
        std::fs::write(&csv, "name\nNew Co\n").unwrap();
        let before = std::fs::read(&db).unwrap();
        let out = run(
            &db,
            &["import", "accounts", csv.to_str().unwrap(), "--dry-run"],
        );
        assert!(out.status.success(), "{}", stderr_of(&out));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("would add 1"), "{said}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }

    #[test]
    fn backup_refuses_to_overwrite_and_check_says_healthy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 3);
        let copy = dir.path().join("copy.db");
        assert!(
            run(&db, &["backup", copy.to_str().unwrap()])
                .status
                .success()
        );
        let out = run(&db, &["backup", copy.to_str().unwrap()]);
        let err = assert_one_line_error(&out);
        assert!(err.contains("--force"), "{err}");
        assert!(
            run(&db, &["backup", copy.to_str().unwrap(), "--force"])
                .status
                .success()
        );
        let out = run(&copy, &["check"]);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("healthy"));
    }

    #[test]
    fn a_damaged_database_fails_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 12);
        // overwrite a stretch of pages in the middle with garbage
        let mut bytes = std::fs::read(&db).unwrap();
        let mid = bytes.len() / 2;
        for b in &mut bytes[mid..mid + 8192] {
            *b = 0x5a;
        }
        std::fs::write(&db, &bytes).unwrap();
        let out = run(&db, &["check"]);
        assert!(!out.status.success());
        assert!(!stderr_of(&out).contains("panicked"));
    }

    #[test]
    fn exports_write_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        demo(&db, 3);
        let json = dir.path().join("p.json");
        let vcf = dir.path().join("c.vcf");
        let csv = dir.path().join("csv");
        assert!(
            run(&db, &["export", "json", json.to_str().unwrap()])
                .status
                .success()
        );
        assert!(
            run(&db, &["export", "vcard", vcf.to_str().unwrap()])
                .status
                .success()
        );
        assert!(
            run(&db, &["export", "csv", csv.to_str().unwrap()])
                .status
                .success()
        );
        #[cfg(unix)]
        for f in [json, vcf, csv.join("accounts.csv")] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", f.display());
        }
        let new = dir.path().join("new.db");
        let out = run(
            &new,
            &[
                "import",
                "json",
                dir.path().join("p.json").to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr_of(&out));
        let a = run(&db, &["today"]).stdout;
        let b = run(&new, &["today"]).stdout;
        assert_eq!(a, b, "the same Today screen after a JSON round trip");
    }
}
