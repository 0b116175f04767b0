//! The pre-visit brief (issue 19, item 8): `kam brief ACCOUNT` as text and
//! JSON, accounts named by name, pinyin, id or uid (several matching: the
//! candidates listed), the Brief section at 80×24 in English and Chinese,
//! and `kam snapshot --screen account:ID:SECTION` for every section.

mod common;

use chrono::NaiveDate;
use common::{TODAY, demo, kam_on};
use kam::domain::{Clock, CommitmentInput};
use kam::portfolio::Portfolio;
use kam::store::Store;
use std::path::{Path, PathBuf};

fn clock() -> Clock {
    let day = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    Clock::at(day.and_hms_opt(9, 0, 0).unwrap())
}

/// A demo of six accounts at `TODAY`, account 1 with two open promises
/// (one overdue) and a contact's birthday in ten days.
fn fixture(dir: &Path) -> PathBuf {
    let path = dir.join("kam.sqlite3");
    demo(&path, 6);
    let mut p = Portfolio::new(Store::open(&path).unwrap());
    let c = clock();
    let contact = p.current_contacts(1, None).unwrap()[0].clone();
    for (what, due) in [
        ("Send the revised quote", "2026-11-20"),
        ("Book the plant tour", "2026-11-27"),
    ] {
        let input = CommitmentInput {
            what: what.into(),
            contact_id: Some(contact.contact.id),
            due_on: NaiveDate::parse_from_str(due, "%Y-%m-%d").ok(),
            visit_id: None,
        };
        p.save_commitment(1, None, &input, &c).unwrap();
    }
    let mut with_birthday = contact.contact.input.clone();
    with_birthday.birthday = NaiveDate::from_ymd_opt(1980, 12, 3);
    p.save_contact(1, Some(contact.contact.id), None, &with_birthday, &c)
        .unwrap();
    path
}

fn run(db: &Path, args: &[&str], lang: &str) -> (bool, String, String) {
    let out = kam_on(db, TODAY)
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn kam_brief_prints_what_to_know_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let (ok, text, err) = run(&db, &["brief", "1"], "en");
    assert!(ok, "{err}");
    for label in [
        "Health",
        "Who we know",
        "Complaints",
        "Visits",
        "Survey",
        "Promises",
        "Birthdays",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    assert!(
        text.contains("Send the revised quote") && text.contains("3 days late"),
        "{text}"
    );
    assert!(
        text.contains("Book the plant tour") && text.contains("in 4 days"),
        "{text}"
    );
    assert!(text.contains("12-03 (in 10 days)"), "{text}");
    let (ok, zh, err) = run(&db, &["brief", "1"], "zh");
    assert!(ok, "{err}");
    for label in ["健康度", "人脉", "投诉", "拜访", "调查", "承诺", "生日"] {
        assert!(zh.contains(label), "{label} missing:\n{zh}");
    }
    assert!(zh.contains("逾期 3 天"), "{zh}");
    assert!(
        !zh.contains("days late") && !zh.contains("Who we know"),
        "{zh}"
    );
}

#[test]
fn kam_brief_json_has_stable_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let (ok, text, err) = run(&db, &["brief", "1", "--json"], "zh");
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "date",
        "account_uid",
        "name",
        "tier",
        "status",
        "health",
        "band",
        "reasons",
        "breadth",
        "strongest_ties",
        "open_complaints",
        "last_visits",
        "next_visit",
        "latest_survey",
        "open_promises",
        "birthdays",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    assert_eq!(v["date"], TODAY);
    let promises = v["open_promises"].as_array().unwrap();
    assert_eq!(promises.len(), 2);
    assert_eq!(promises[0]["what"], "Send the revised quote");
    assert_eq!(promises[0]["days_overdue"], 3);
    assert_eq!(v["birthdays"][0]["in_days"], 10);
    assert!(v["last_visits"].as_array().unwrap().len() <= 3);
    assert!(v["reasons"].as_array().unwrap().len() <= 2);
    // codes are words, the same in every language
    let band = v["band"].as_str().unwrap();
    assert!(["healthy", "watch", "at_risk"].contains(&band), "{band}");
    assert!(v["breadth"]["verdict"].is_string());
}

#[test]
fn an_account_is_named_by_id_uid_name_or_pinyin_and_several_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let p = Portfolio::new(Store::open(&db).unwrap());
    let a = p.account(1).unwrap();
    let name = a.input.name.clone();
    let (_, by_id, _) = run(&db, &["brief", "1"], "en");
    let (ok, by_uid, err) = run(&db, &["brief", &a.uid], "en");
    assert!(ok, "{err}");
    assert_eq!(by_uid, by_id);
    let (ok, by_name, err) = run(&db, &["brief", &name], "en");
    assert!(ok, "{err}");
    assert_eq!(by_name, by_id);
    let form = kam::domain::pinyin::search_form(&name);
    let initials: String = form
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .collect();
    let first_word = form
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    // a prefix of the name's pinyin (or of a Latin name) finds it too
    let (ok, by_pinyin, err) = run(&db, &["brief", &first_word], "en");
    if ok {
        assert!(
            by_pinyin.starts_with(&name) || !initials.is_empty(),
            "{by_pinyin}"
        );
    } else {
        assert!(err.contains("matches"), "{err}");
    }
    let (ok, _, err) = run(&db, &["brief", "no such account at all"], "en");
    assert!(!ok);
    assert!(err.contains("no account"), "{err}");
    // a letter most names have: several accounts, each named
    let (ok, _, err) = run(&db, &["brief", "e"], "en");
    assert!(!ok);
    assert!(err.contains("matches") && err.contains("accounts"), "{err}");
    let (ok, _, err) = run(&db, &["brief", "e"], "zh");
    assert!(!ok);
    assert!(err.contains("匹配"), "{err}");
}

#[test]
fn the_brief_section_fits_80_by_24_in_english_and_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    for lang in ["en", "zh"] {
        let (ok, text, err) = run(
            &db,
            &[
                "snapshot",
                "--screen",
                "account:1:brief",
                "--width",
                "80",
                "--height",
                "24",
            ],
            lang,
        );
        assert!(ok, "{err}");
        assert_eq!(text.lines().count(), 24, "{text}");
        let promises = if lang == "en" { "Promises" } else { "承诺" };
        let birthdays = if lang == "en" { "Birthdays" } else { "生日" };
        assert!(
            text.contains(promises) && text.contains(birthdays),
            "{text}"
        );
        assert!(text.contains("Send the revised quote"), "{text}");
        insta::assert_snapshot!(format!("brief_80x24_{lang}"), text);
    }
}

#[test]
fn every_section_of_the_account_view_can_be_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let sections = [
        ("overview", "Overview"),
        ("brief", "Who we know"),
        ("contacts", "Contacts"),
        ("complaints", "Complaints"),
        ("visits", "Last visit"),
        ("promises", "Send the revised quote"),
        ("surveys", "Overall"),
        ("history", "promise to"),
    ];
    let mut seen = Vec::new();
    for (section, shows) in sections {
        let screen = format!("account:1:{section}");
        let (ok, text, err) = run(&db, &["snapshot", "--screen", &screen], "en");
        assert!(ok, "{section}: {err}");
        assert!(text.contains(shows), "{section}: {shows} missing:\n{text}");
        seen.push(text);
    }
    seen.dedup();
    assert_eq!(seen.len(), sections.len(), "each section is its own screen");
    let (ok, plain, _) = run(&db, &["snapshot", "--screen", "account:1"], "en");
    assert!(ok);
    assert_eq!(plain, seen[0], "account:ID alone is the overview");
    let (ok, _, err) = run(&db, &["snapshot", "--screen", "account:1:nosuch"], "en");
    assert!(!ok);
    assert!(err.contains("account:1:nosuch"), "{err}");
}
