//! The change journal (issue 17): every write recorded as one SQLite
//! changeset, undo and redo, history field by field, no lost update, and
//! imports that never revert newer edits.

mod common;

use common::{TODAY, demo, kam_on, press};
use kam::domain::{
    AccountInput, ChangeKind, Clock, ContactInput, Department, Seniority, Tier, VisitClose,
    VisitStatus,
};
use kam::portfolio::Portfolio;
use kam::portfolio::edit::Edit;
use kam::store::Store;
use kam::strings::{Lang, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn count(store: &Store, sql: &str) -> i64 {
    kam::store::interop::conn(store)
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A portfolio of one account with one contact, written directly (not
/// recorded), on a temporary file.
fn one_account(dir: &Path) -> (std::path::PathBuf, i64, i64) {
    let path = dir.join("k.db");
    let store = Store::open(&path).unwrap();
    let mut a = AccountInput::new("华东精密", Tier::Key);
    a.owner = "李娜".into();
    let account = store.add_account(&a, &clock()).unwrap();
    let mut c = ContactInput::new("张伟", Department::Purchasing, Seniority::Manager);
    c.title = "采购经理".into();
    let contact = store.add_contact(account, &c, &clock()).unwrap();
    (path, account, contact)
}

fn portfolio(path: &Path) -> Portfolio {
    Portfolio::new(Store::open(path).unwrap())
}

#[test]
fn each_write_is_one_change_and_undo_takes_it_back_redo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, account, contact) = one_account(dir.path());
    let mut p = portfolio(&path);
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 0);
    let mut c = p.contact(contact).unwrap().input;
    let base = c.clone();
    c.title = "采购总监".into();
    let saved = p
        .save_contact(account, Some(contact), Some(&base), &c, &clock())
        .unwrap();
    assert_eq!(saved, Edit::Saved(contact));
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 1);
    assert_eq!(
        count(p.store(), "SELECT count(*) FROM change_accounts"),
        1,
        "the change is noted under its account"
    );

    let undone = p.undo(&clock()).unwrap().expect("something to undo");
    assert_eq!(undone.kind, Some(ChangeKind::ContactEdit));
    assert_eq!(p.contact(contact).unwrap().input.title, "采购经理");
    let redone = p.redo(&clock()).unwrap().expect("something to redo");
    assert_eq!(redone.kind, Some(ChangeKind::ContactEdit));
    assert_eq!(p.contact(contact).unwrap().input.title, "采购总监");
    // back again, and nothing further to take back
    p.undo(&clock()).unwrap().unwrap();
    assert_eq!(p.contact(contact).unwrap().input.title, "采购经理");
    assert!(p.undo(&clock()).unwrap().is_none());
    let said = with_lang(Lang::En, || undone.said());
    assert!(said.contains("张伟"), "{said}");
}

#[test]
fn a_mistaken_missed_visit_is_undone_in_the_dashboard_with_z() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    demo(&path, 40);
    let mut app = App::new(Store::open(&path).unwrap(), clock(), Theme::plain());
    let before = count(
        app.portfolio.store(),
        "SELECT count(*) FROM visits WHERE status = 'planned'",
    );
    // the first row of Today is an overdue visit: m marks it missed, and
    // offers to schedule it again
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Esc);
    let planned = |app: &App| {
        count(
            app.portfolio.store(),
            "SELECT count(*) FROM visits WHERE status = 'planned'",
        )
    };
    assert_eq!(planned(&app), before - 1);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(planned(&app), before, "the visit is planned again");
    let status = app.status.clone().unwrap().text;
    assert!(status.starts_with("Undone: visit to"), "{status}");
    assert!(status.contains("marked missed"), "{status}");
    press(&mut app, KeyCode::Char('Z'));
    assert_eq!(planned(&app), before - 1, "redo marks it missed again");
}

#[test]
fn an_undo_that_would_overwrite_a_later_change_does_nothing_and_names_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let (path, account, contact) = one_account(dir.path());
    let mut mine = portfolio(&path);
    let mut other = portfolio(&path);
    let base = mine.contact(contact).unwrap().input;
    let mut c = base.clone();
    c.title = "采购总监".into();
    mine.save_contact(account, Some(contact), Some(&base), &c, &clock())
        .unwrap();
    // another kam changes the same contact afterwards
    let base2 = other.contact(contact).unwrap().input;
    let mut c2 = base2.clone();
    c2.title = "总经理".into();
    other
        .save_contact(account, Some(contact), Some(&base2), &c2, &clock())
        .unwrap();
    let err = mine.undo(&clock()).unwrap_err();
    let said = with_lang(Lang::En, || err.said());
    assert!(said.contains("Nothing undone"), "{said}");
    assert!(said.contains("张伟"), "names the record: {said}");
    assert_eq!(mine.contact(contact).unwrap().input.title, "总经理");
    assert_eq!(count(mine.store(), "SELECT count(*) FROM changes"), 2);
}

#[test]
fn a_form_edit_merges_with_a_change_made_meanwhile_and_a_field_both_changed_clashes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, account, _) = one_account(dir.path());
    let mut a = portfolio(&path);
    let mut b = portfolio(&path);
    let base = a.account(account).unwrap().input;
    let mut industry = base.clone();
    industry.industry = "机械".into();
    let mut region = base.clone();
    region.region = "华东".into();
    a.save_account(Some(account), Some(&base), &industry, &clock())
        .unwrap();
    assert_eq!(
        b.save_account(Some(account), Some(&base), &region, &clock())
            .unwrap(),
        Edit::Saved(account)
    );
    let now = a.account(account).unwrap().input;
    assert_eq!(
        (now.industry.as_str(), now.region.as_str()),
        ("机械", "华东")
    );

    // both change the notes: the second save is a clash, nothing saved
    let base = now.clone();
    let mut first = base.clone();
    first.notes = "first".into();
    let mut second = base.clone();
    second.notes = "second".into();
    second.owner = "王芳".into();
    a.save_account(Some(account), Some(&base), &first, &clock())
        .unwrap();
    let clash = match b
        .save_account(Some(account), Some(&base), &second, &clock())
        .unwrap()
    {
        Edit::Clash(c) => c,
        other => panic!("expected a clash, got {other:?}"),
    };
    assert_eq!(clash.fields.len(), 1);
    assert_eq!(clash.fields[0].field, "notes");
    assert_eq!(
        (
            clash.fields[0].mine.as_str(),
            clash.fields[0].theirs.as_str()
        ),
        ("second", "first")
    );
    assert_eq!(a.account(account).unwrap().input.notes, "first");
    // keeping theirs saves the owner change only
    let (input, base) = clash.decide(false);
    b.save_account(Some(account), Some(&base), &input, &clock())
        .unwrap();
    let now = a.account(account).unwrap().input;
    assert_eq!((now.notes.as_str(), now.owner.as_str()), ("first", "王芳"));
}

#[test]
fn history_shows_each_field_old_and_new_in_the_display_language() {
    let dir = tempfile::tempdir().unwrap();
    let (path, account, contact) = one_account(dir.path());
    let mut p = portfolio(&path);
    let base = p.contact(contact).unwrap().input;
    let mut c = base.clone();
    c.title = "采购总监".into();
    c.department = Department::Executive;
    p.save_contact(account, Some(contact), Some(&base), &c, &clock())
        .unwrap();
    let lines = |lang| {
        with_lang(lang, || {
            p.account_history(account, 2_000, &clock())
                .unwrap()
                .into_iter()
                .flat_map(|i| i.rows.into_iter().flat_map(|r| r.lines))
                .collect::<Vec<_>>()
        })
    };
    let zh = lines(Lang::Zh);
    assert!(
        zh.iter().any(|l| l.contains("职务：采购经理 → 采购总监")),
        "{zh:?}"
    );
    assert!(zh.iter().any(|l| l.contains("部门：采购 → 高层")), "{zh:?}");
    let en = lines(Lang::En);
    assert!(
        en.iter()
            .any(|l| l == "Contact 张伟 · Title: 采购经理 → 采购总监"),
        "{en:?}"
    );
}

#[test]
fn a_change_from_a_newer_kam_is_an_unknown_change_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (path, account, _) = one_account(dir.path());
    let store = Store::open(&path).unwrap();
    kam::store::interop::conn(&store)
        .execute_batch(&format!(
            "INSERT INTO changes (uid, at, device, person, kind, subject, changeset)
             VALUES ('x', '2026-11-23 08:00:00', 'other', '王芳', 'quote.add', 'Q-17', x'00ff00ff');
             INSERT INTO change_accounts VALUES ({account}, last_insert_rowid());"
        ))
        .unwrap();
    drop(store);
    let p = portfolio(&path);
    let items = with_lang(Lang::En, || {
        p.account_history(account, 2_000, &clock()).unwrap()
    });
    assert_eq!(items.len(), 1);
    assert!(
        items[0].header.contains("unknown change"),
        "{}",
        items[0].header
    );
    let out = kam_on(&path, TODAY).arg("log").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kam_on(&path, TODAY)
        .args(["log", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["known_kind"], false);
}

#[test]
fn an_import_is_one_change_and_its_undo_is_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = one_account(dir.path());
    let mut csv = String::from("name,tier\n");
    for i in 0..100 {
        csv.push_str(&format!("Imported {i},general\n"));
    }
    let file = dir.path().join("a.csv");
    std::fs::write(&file, csv).unwrap();
    let out = kam_on(&path, TODAY)
        .args(["import", "accounts"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM changes"), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM accounts"), 101);
    drop(store);
    let out = kam_on(&path, TODAY).arg("undo").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("undone: import of accounts · 100 rows"),
        "{said}"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM accounts"), 1);
    drop(store);
    // nothing else to undo: the rest was not recorded (written directly)
    let out = kam_on(&path, TODAY).arg("undo").output().unwrap();
    assert!(!out.status.success());
    let list = kam_on(&path, TODAY)
        .args(["undo", "--list"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("(undone)"), "{list}");
}

#[test]
fn an_older_export_imported_keeps_the_newer_edit_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    demo(&path, 40);
    let out_dir = dir.path().join("x");
    let out = kam_on(&path, TODAY)
        .args(["export", "csv"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // a title changed later, in the dashboard
    let later = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    let mut p = portfolio(&path);
    let first = kam::store::interop::conn(p.store())
        .query_row(
            "SELECT id, account_id FROM contacts ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )
        .unwrap();
    let base = p.contact(first.0).unwrap().input;
    let mut c = base.clone();
    c.title = "采购总监".into();
    p.save_contact(first.1, Some(first.0), Some(&base), &c, &later)
        .unwrap();
    drop(p);
    let out = kam_on(&path, "2026-11-29")
        .args(["import", "contacts"])
        .arg(out_dir.join("contacts.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("{} changed here on 2026-11-28", base.name)),
        "{said}"
    );
    assert!(said.contains("kept; --overwrite to replace"), "{said}");
    let p = portfolio(&path);
    assert_eq!(p.contact(first.0).unwrap().input.title, "采购总监");
    drop(p);
    let out = kam_on(&path, "2026-11-29")
        .args(["import", "contacts", "--overwrite"])
        .arg(out_dir.join("contacts.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_ne!(
        portfolio(&path).contact(first.0).unwrap().input.title,
        "采购总监",
        "--overwrite replaces it"
    );
}

#[test]
fn the_log_filters_by_account_and_day_and_the_demo_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    demo(&path, 40);
    let mut p = portfolio(&path);
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 0);
    let visit = kam::store::interop::conn(p.store())
        .query_row(
            "SELECT id, account_id FROM visits WHERE status = 'planned' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )
        .unwrap();
    let close = VisitClose {
        status: VisitStatus::Done,
        outcome: "订单确认".into(),
        next_step: String::new(),
        done_at: None,
    };
    p.close_visit(visit.0, &close, &clock()).unwrap();
    drop(p);
    let log = |args: &[&str]| {
        let out = kam_on(&path, TODAY).arg("log").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let all = log(&[]);
    assert!(all.contains("done"), "{all}");
    assert!(all.contains("订单确认"), "{all}");
    assert!(log(&["--account", &visit.1.to_string()]).contains("订单确认"));
    assert!(!log(&["--account", &(visit.1 + 1).to_string()]).contains("订单确认"));
    assert!(log(&["--since", "2026-11-24"]).contains("no changes recorded"));
    let zh = kam_on(&path, TODAY)
        .args(["--lang", "zh", "log"])
        .output()
        .unwrap();
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(zh.contains("状态：计划中 → 已完成"), "{zh}");
}
