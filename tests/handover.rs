//! Handing accounts over (issue 18, item 6): the use case (owners, backup
//! owners, ties, one recorded change, undo, the key accounts left on one
//! person), `kam handover` and `kam export json --owner` on the real
//! binary, H on the Accounts list, and the fields that offer the
//! colleagues already named.

mod common;

use common::{TODAY, ctrl, demo, kam_on, press, typed};
use kam::domain::breadth::Advice;
use kam::domain::handover::Moved;
use kam::domain::*;
use kam::portfolio::{Error, Portfolio};
use kam::store::Store;
use kam::strings::{Lang, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn count(store: &Store, sql: &str) -> i64 {
    kam::store::interop::conn(store)
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Every account's and contact's row as stored, to compare before and
/// after.
fn dump(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM accounts ORDER BY id",
        "SELECT * FROM contacts ORDER BY id",
    ] {
        kam::store::interop::dump_table(kam::store::interop::conn(store), sql, |row| {
            out.push(serde_json::Value::Object(row).to_string());
            Ok(())
        })
        .unwrap();
    }
    out
}

struct Ids {
    /// key, 李雷 owns it, 王芳 backs up; 张伟 held by 李雷, 刘强 by 王芳
    huadong: i64,
    /// key, 李雷 owns it, 韩梅梅 backs up; only 赵敏, held by 李雷
    huanan: i64,
    /// key, 王芳 owns it, 李雷 backs up; 孙丽 held by 李雷
    xibei: i64,
    /// general, " li lei " owns it (the same colleague, spelled otherwise)
    acme: i64,
    zhang: i64,
    liu: i64,
    sun: i64,
}

fn contact(store: &Store, account: i64, name: &str, d: Department, ours: &str) -> i64 {
    let mut c = ContactInput::new(name, d, Seniority::Manager);
    c.tie_strength = 4;
    c.our_side = ours.into();
    store.add_contact(account, &c, &clock()).unwrap()
}

/// A portfolio written directly (not recorded) on a file.
fn fixture(dir: &Path) -> (PathBuf, Ids) {
    let path = dir.join("k.db");
    let store = Store::open(&path).unwrap();
    let add = |name: &str, tier: Tier, owner: &str, backup: &str, revenue: i64| {
        let mut a = AccountInput::new(name, tier);
        a.owner = owner.into();
        a.backup_owner = backup.into();
        a.annual_revenue = revenue;
        store.add_account(&a, &clock()).unwrap()
    };
    let huadong = add("华东精密", Tier::Key, "李雷", "王芳", 9_000_000);
    let huanan = add("华南物流", Tier::Key, "李雷", "韩梅梅", 5_000_000);
    let xibei = add("西北机电", Tier::Key, "王芳", "李雷", 7_000_000);
    let acme = add("Acme Tools", Tier::General, "Li Lei", "", 100_000);
    let zhang = contact(&store, huadong, "张伟", Department::Purchasing, "李雷");
    let liu = contact(&store, huadong, "刘强", Department::Technical, "王芳");
    contact(&store, huanan, "赵敏", Department::Purchasing, "李雷");
    let sun = contact(&store, xibei, "孙丽", Department::Quality, "李雷");
    contact(&store, xibei, "周杰", Department::Finance, "王芳");
    contact(&store, acme, "Bob", Department::Purchasing, "li lei");
    let ids = Ids {
        huadong,
        huanan,
        xibei,
        acme,
        zhang,
        liu,
        sun,
    };
    (path, ids)
}

fn portfolio(path: &Path) -> Portfolio {
    Portfolio::new(Store::open(path).unwrap())
}

#[test]
fn a_handover_moves_owners_backups_and_ties_in_one_change_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut p = portfolio(&path);
    let before = dump(p.store());
    let done = p.handover(" 李雷 ", "韩梅梅", None, &clock()).unwrap();
    assert_eq!((done.from.as_str(), done.to.as_str()), ("李雷", "韩梅梅"));
    assert_eq!(
        done.moved,
        Moved {
            accounts: 2,
            backups: 0,
            ties: 2
        }
    );
    assert_eq!(done.touched, [ids.huadong, ids.huanan]);
    let owners = |p: &Portfolio, id: i64| {
        let a = p.account(id).unwrap().input;
        (a.owner, a.backup_owner)
    };
    assert_eq!(owners(&p, ids.huadong), ("韩梅梅".into(), "王芳".into()));
    // the successor backed it up: now the owner, and no backup of themselves
    assert_eq!(owners(&p, ids.huanan), ("韩梅梅".into(), String::new()));
    // not 李雷's account: untouched, its backup and tie too
    assert_eq!(owners(&p, ids.xibei), ("王芳".into(), "李雷".into()));
    assert_eq!(p.contact(ids.sun).unwrap().input.our_side, "李雷");
    assert_eq!(p.contact(ids.zhang).unwrap().input.our_side, "韩梅梅");
    assert_eq!(p.contact(ids.liu).unwrap().input.our_side, "王芳");
    // another colleague of a name of their own
    assert_eq!(owners(&p, ids.acme), ("Li Lei".into(), String::new()));
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 1);
    assert_eq!(
        count(
            p.store(),
            "SELECT count(*) FROM changes WHERE kind = 'handover' AND subject = '李雷 → 韩梅梅'"
        ),
        1
    );
    // the key accounts resting on one person: 华南物流, on 赵敏, held by
    // the successor now (华东精密 has two ties held by two of us)
    let thin: Vec<_> = done
        .single_threaded
        .iter()
        .map(|t| (t.name.as_str(), t.holder.as_deref()))
        .collect();
    assert_eq!(thin, [("华南物流", Some("韩梅梅"))]);
    assert!(matches!(
        done.single_threaded[0].advice(),
        Advice::Sole { name: "赵敏", .. }
    ));

    let undone = p.undo(&clock()).unwrap().expect("the handover");
    assert_eq!(undone.kind, Some(ChangeKind::Handover));
    assert_eq!(dump(p.store()), before, "everything as it was");
    assert!(p.undo(&clock()).unwrap().is_none(), "one step");
}

#[test]
fn listed_accounts_move_whoever_owns_them_and_only_what_the_colleague_held() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut p = portfolio(&path);
    let done = p
        .handover("李雷", "韩梅梅", Some(&[ids.xibei]), &clock())
        .unwrap();
    assert_eq!(
        done.moved,
        Moved {
            accounts: 0,
            backups: 1,
            ties: 1
        }
    );
    let a = p.account(ids.xibei).unwrap().input;
    assert_eq!(
        (a.owner.as_str(), a.backup_owner.as_str()),
        ("王芳", "韩梅梅")
    );
    assert_eq!(p.contact(ids.sun).unwrap().input.our_side, "韩梅梅");
    // 李雷's own accounts were not listed
    assert_eq!(p.account(ids.huadong).unwrap().input.owner, "李雷");
    // an account with nothing of theirs: nothing moves, nothing recorded
    let none = p
        .handover("韩梅梅", "李雷", Some(&[ids.huadong]), &clock())
        .unwrap();
    assert!(none.moved.is_nothing());
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 1);
    // a listed account that does not exist
    assert!(matches!(
        p.handover("李雷", "韩梅梅", Some(&[9999]), &clock()),
        Err(Error::Gone(_))
    ));
}

#[test]
fn names_compare_trimmed_and_without_case_and_keep_the_file_s_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut p = portfolio(&path);
    // "wang fang" is nobody; "LI LEI" is Li Lei, who owns Acme Tools and
    // holds Bob's tie as "li lei"; the successor 王芳 is named already
    let done = p.handover("LI LEI", " 王芳 ", None, &clock()).unwrap();
    assert_eq!(done.from, "Li Lei", "as the file spells them");
    assert_eq!(
        done.moved,
        Moved {
            accounts: 1,
            backups: 0,
            ties: 1
        }
    );
    assert_eq!(p.account(ids.acme).unwrap().input.owner, "王芳");
    // a successor spelled otherwise than the file spells them
    let mut a = p.account(ids.acme).unwrap().input;
    a.owner = "Chen Jing".into();
    p.store_mut()
        .update_account(ids.acme, &a, &clock())
        .unwrap();
    p.handover("王芳", "chen jing", Some(&[ids.xibei]), &clock())
        .unwrap();
    assert_eq!(p.account(ids.xibei).unwrap().input.owner, "Chen Jing");
}

#[test]
fn a_handover_needs_two_colleagues_and_someone_who_owns_something() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = fixture(dir.path());
    let mut p = portfolio(&path);
    let err = p.handover("王五", "韩梅梅", None, &clock()).unwrap_err();
    let Error::OwnsNothing { name, owners } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(name, "王五");
    assert_eq!(owners, &["李雷", "Li Lei", "王芳"], "most accounts first");
    let said = with_lang(Lang::En, || err.said());
    assert!(
        said.contains("王五 owns no account") && said.contains("李雷, Li Lei, 王芳"),
        "{said}"
    );
    let said = with_lang(Lang::Zh, || err.said());
    assert!(
        said.contains("王五名下没有客户") && said.contains("李雷、Li Lei、王芳"),
        "{said}"
    );
    for (from, to) in [("李雷", " "), ("", "韩梅梅"), ("李雷", "李雷 ")] {
        let err = p.handover(from, to, None, &clock()).unwrap_err();
        let en = with_lang(Lang::En, || err.said());
        let zh = with_lang(Lang::Zh, || err.said());
        assert!(
            !en.is_empty() && zh.chars().any(|c| c > '\u{2E80}'),
            "{en} / {zh}"
        );
        assert!(
            zh.chars().filter(|c| c.is_ascii_alphabetic()).count() == 0,
            "{zh}"
        );
    }
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 0);
    // a successor's name too long for the field is refused, nothing moves
    let long = "长".repeat(81);
    assert!(p.handover("李雷", &long, None, &clock()).is_err());
    assert_eq!(p.account(1).unwrap().input.owner, "李雷");
}

#[test]
fn the_colleagues_of_a_file_most_used_first_one_spelling_each() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = fixture(dir.path());
    let p = portfolio(&path);
    // 李雷: 2 owners + 1 backup + 3 ties; 王芳: 1 + 1 + 2; Li Lei: 1 + 1
    // ("li lei"); 韩梅梅: 1 backup
    assert_eq!(
        p.colleagues().unwrap(),
        ["李雷", "王芳", "Li Lei", "韩梅梅"]
    );
    assert_eq!(p.spelled(" LI LEI ").unwrap(), "Li Lei");
    assert_eq!(
        p.spelled(" 赵六 ").unwrap(),
        "赵六",
        "not named yet: as given"
    );
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn kam_handover_prints_what_moved_and_the_accounts_left_on_one_person_and_kam_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let out = kam_on(&path, TODAY)
        .args(["handover", "--from", "李雷", "--to", "韩梅梅"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "moved 2 accounts and 2 ties from 李雷 to 韩梅梅\n\
         key accounts that now rest on one person on our side:\n  \
         华南物流 · 赵敏 (purchasing) · 韩梅梅\n"
    );
    assert_eq!(
        portfolio(&path).account(ids.huadong).unwrap().input.owner,
        "韩梅梅"
    );
    let out = kam_on(&path, TODAY).arg("undo").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "undone: accounts handed over: 李雷 → 韩梅梅\n"
    );
    let p = portfolio(&path);
    assert_eq!(p.account(ids.huadong).unwrap().input.owner, "李雷");
    assert_eq!(p.contact(ids.zhang).unwrap().input.our_side, "李雷");

    // --account by id and by uid, whoever owns it; repeated
    let uid = p.account(ids.huadong).unwrap().uid;
    let out = kam_on(&path, TODAY)
        .args(["handover", "--from", "李雷", "--to", "韩梅梅"])
        .args(["--account", &ids.xibei.to_string(), "--account", &uid])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "moved 1 account, 1 backup role and 2 ties from 李雷 to 韩梅梅\n"
    );
    assert_eq!(
        portfolio(&path).account(ids.huanan).unwrap().input.owner,
        "李雷"
    );
}

#[test]
fn kam_handover_refusals_are_one_line_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = fixture(dir.path());
    let run = |lang: &str, args: &[&str]| {
        kam_on(&path, TODAY)
            .env("LANG", lang)
            .arg("handover")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run("C", &["--from", "王五", "--to", "韩梅梅"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "kam: 王五 owns no account — the owners kam knows: 李雷, Li Lei, 王芳\n"
    );
    let out = run(
        "C",
        &["--from", "李雷", "--to", "韩梅梅", "--account", "404"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no account with id or uid '404'"));
    let out = run("C", &["--from", "李雷", "--to", "李雷"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1);

    // and in Chinese
    let out = run("zh_CN.UTF-8", &["--from", "王五", "--to", "韩梅梅"]);
    assert_eq!(
        stderr(&out),
        "kam: 王五名下没有客户——kam 知道的负责人：李雷、Li Lei、王芳\n"
    );
    let out = run("zh_CN.UTF-8", &["--from", "李雷", "--to", "韩梅梅"]);
    assert_eq!(
        stdout(&out),
        "已将 2 个客户和 2 条关系从李雷转给韩梅梅\n\
         现在只靠我方一个人维系的关键客户：\n  \
         华南物流 · 赵敏（采购）· 韩梅梅\n"
    );
    // one change: the refusals recorded none
    let p = portfolio(&path);
    assert_eq!(count(p.store(), "SELECT count(*) FROM changes"), 1);
}

/// (table, rows) of a database.
fn table_counts(store: &Store, accounts_of: Option<&str>) -> Vec<(String, i64)> {
    let conn = kam::store::interop::conn(store);
    let of = |sql: &str| -> i64 {
        conn.query_row(sql, [accounts_of.unwrap_or("")], |r| r.get(0))
            .unwrap()
    };
    let mine = if accounts_of.is_some() {
        "(SELECT id FROM accounts WHERE owner = ?1)"
    } else {
        "(SELECT id FROM accounts WHERE ?1 = ?1)"
    };
    [
        (
            "accounts",
            format!("SELECT count(*) FROM accounts WHERE id IN {mine}"),
        ),
        (
            "contacts",
            format!("SELECT count(*) FROM contacts WHERE account_id IN {mine}"),
        ),
        (
            "complaints",
            format!("SELECT count(*) FROM complaints WHERE account_id IN {mine}"),
        ),
        (
            "visits",
            format!("SELECT count(*) FROM visits WHERE account_id IN {mine}"),
        ),
        (
            "visit_contacts",
            format!(
                "SELECT count(*) FROM visit_contacts vc JOIN visits v ON v.id = vc.visit_id
                  WHERE v.account_id IN {mine}"
            ),
        ),
        (
            "surveys",
            format!("SELECT count(*) FROM surveys WHERE account_id IN {mine}"),
        ),
        (
            "commitments",
            format!("SELECT count(*) FROM commitments WHERE account_id IN {mine}"),
        ),
        (
            "settings",
            "SELECT count(*) FROM settings WHERE ?1 = ?1".to_string(),
        ),
    ]
    .into_iter()
    .map(|(t, sql)| (t.to_string(), of(&sql)))
    .collect()
}

#[test]
fn export_json_owner_writes_one_colleague_s_portfolio_that_imports_into_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("all.db");
    demo(&source, 12);
    let store = Store::open(&source).unwrap();
    let owner: String = kam::store::interop::conn(&store)
        .query_row(
            "SELECT owner FROM accounts GROUP BY owner ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let expected = table_counts(&store, Some(&owner));
    let all = table_counts(&store, None);
    assert!(
        expected[0].1 > 0 && expected[0].1 < all[0].1,
        "{expected:?} of {all:?}"
    );
    assert!(expected[4].1 > 0, "visits with contacts: {expected:?}");

    let file = dir.path().join("mine.json");
    let out = kam_on(&source, TODAY)
        .args(["export", "json"])
        .arg(&file)
        .args(["--owner", &format!(" {owner} ")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: i64 = expected.iter().map(|(_, n)| n).sum();
    assert_eq!(
        stdout(&out),
        format!(
            "{}: {rows} rows — {owner}'s portfolio ({} accounts) and the settings\n",
            file.display(),
            expected[0].1
        )
    );
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], "kam-portfolio");
    assert_eq!(doc["version"], 1);

    let target = dir.path().join("new.db");
    let out = kam_on(&target, TODAY)
        .args(["import", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let imported = Store::open(&target).unwrap();
    assert_eq!(table_counts(&imported, None), expected);
    let check = kam_on(&target, TODAY).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));

    // to standard output, the same document
    let out = kam_on(&source, TODAY)
        .args(["export", "json", "-", "--owner", &owner])
        .output()
        .unwrap();
    let streamed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(streamed["tables"], doc["tables"]);
    // an owner of nothing: one line, no file
    let none = dir.path().join("none.json");
    let out = kam_on(&source, TODAY)
        .args(["export", "json"])
        .arg(&none)
        .args(["--owner", "王五"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("kam: 王五 owns no account — the owners kam knows: "));
    assert!(!none.exists());
}

/// The dashboard on the fixture, on the Accounts list.
fn app_on_accounts(path: &Path) -> App {
    let mut app = App::new(Store::open(path).unwrap(), clock(), Theme::plain());
    press(&mut app, KeyCode::Char('2'));
    app
}

#[test]
fn h_on_the_accounts_list_hands_over_and_the_status_line_points_to_today() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut app = app_on_accounts(&path);
    assert_eq!(
        app.tabs.accounts.selected().map(|a| a.id),
        Some(ids.huadong)
    );
    press(&mut app, KeyCode::Char('H'));
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("Hand accounts over"), "{screen}");
    assert!(
        screen.contains("From*  李雷"),
        "From is the selected account's owner:\n{screen}"
    );
    assert!(screen.contains("this account: 华东精密"), "{screen}");
    // To: the colleagues offered but 李雷; 韩梅梅 is the third
    for _ in 0..3 {
        ctrl(&mut app, 'n');
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right); // every account 李雷 owns
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("To*  韩梅梅"), "{screen}");
    assert!(screen.contains("every account From owns"), "{screen}");
    ctrl(&mut app, 's');
    assert!(app.modal.is_none(), "saved and closed");
    let status = app.status.clone().expect("said");
    assert!(!status.error, "{}", status.text);
    assert_eq!(
        status.text,
        "李雷 → 韩梅梅: 2 accounts and 2 ties · 1 key account on one person — see Today"
    );
    let owner = |app: &App, id| app.portfolio.account(id).unwrap().input.owner;
    assert_eq!(owner(&app, ids.huadong), "韩梅梅");
    assert_eq!(owner(&app, ids.huanan), "韩梅梅");
    // the list shows the new owner at once
    let list = kam::tui::render_text(&app, 160, 45);
    let row = list.lines().find(|l| l.starts_with("华东精密")).unwrap();
    assert!(row.contains("韩梅梅"), "{list}");
    // Today lists the account that rests on one person
    press(&mut app, KeyCode::Char('1'));
    let today = kam::tui::render_text(&app, 160, 45);
    let section = today
        .split("Key accounts resting on one person")
        .nth(1)
        .expect("the section");
    assert!(section.contains("华南物流"), "{today}");
    // z takes the whole handover back
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(owner(&app, ids.huadong), "李雷");
    assert_eq!(owner(&app, ids.huanan), "李雷");
}

#[test]
fn the_handover_form_can_cover_the_accounts_the_list_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut app = app_on_accounts(&path);
    // a search narrows the list to 西北机电
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "机电");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tabs.accounts.shown_len(), 1);
    press(&mut app, KeyCode::Char('H'));
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("From*  王芳"), "{screen}");
    // one account shown, and it is the selected one: no third choice
    assert!(!screen.contains("the list shows"), "{screen}");
    // From: 李雷, who backs 西北机电 up and holds 孙丽's tie
    press(&mut app, KeyCode::BackTab);
    ctrl(&mut app, 'u');
    typed(&mut app, "李");
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "赵六");
    ctrl(&mut app, 's');
    let status = app
        .status
        .clone()
        .unwrap_or_else(|| panic!("{}", kam::tui::render_text(&app, 80, 24)));
    assert!(
        status
            .text
            .starts_with("李雷 → 赵六: 0 accounts, 1 backup role and 1 tie"),
        "{}",
        status.text
    );
    let a = app.portfolio.account(ids.xibei).unwrap().input;
    assert_eq!(
        (a.owner.as_str(), a.backup_owner.as_str()),
        ("王芳", "赵六")
    );
    assert_eq!(
        app.portfolio.contact(ids.sun).unwrap().input.our_side,
        "赵六"
    );
    // a refusal keeps the form open with what was typed
    press(&mut app, KeyCode::Char('H'));
    typed(&mut app, "王芳");
    ctrl(&mut app, 's');
    assert!(app.modal.is_some(), "still open");
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.contains("cannot hand over to themselves"));
}

#[test]
fn the_handover_form_offers_the_colleagues_aligned_in_cells() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = fixture(dir.path());
    let mut app = app_on_accounts(&path);
    press(&mut app, KeyCode::Char('H'));
    ctrl(&mut app, 'n');
    insta::assert_snapshot!("handover_form_80x24", kam::tui::render_text(&app, 80, 24));
    insta::assert_snapshot!("handover_form_160x45", kam::tui::render_text(&app, 160, 45));
}

#[test]
fn held_by_offers_the_colleagues_already_named() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut app = app_on_accounts(&path);
    press(&mut app, KeyCode::Enter); // 华东精密
    press(&mut app, KeyCode::Right); // the brief
    press(&mut app, KeyCode::Right); // contacts
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "钱七");
    // to "Held by (us)", prefilled with the owner
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(
        screen.contains("Ctrl-N/Ctrl-P take a colleague named already"),
        "{screen}"
    );
    for name in ["李雷", "王芳", "Li Lei", "韩梅梅"] {
        assert!(screen.contains(name), "{name}:\n{screen}");
    }
    // typing filters: "w" is 王芳 (wang fang) only
    ctrl(&mut app, 'u');
    typed(&mut app, "w");
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(!screen.contains("韩梅梅"), "{screen}");
    ctrl(&mut app, 'n');
    ctrl(&mut app, 's');
    let contacts = app.portfolio.current_contacts(ids.huadong, None).unwrap();
    let qian = contacts
        .iter()
        .find(|c| c.contact.input.name == "钱七")
        .unwrap();
    assert_eq!(qian.contact.input.our_side, "王芳");
}

#[test]
fn the_account_form_offers_them_for_owner_and_backup_owner() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut app = app_on_accounts(&path);
    press(&mut app, KeyCode::Char('e'));
    // to Backup owner (name, tier, level, status, lost, defection,
    // industry, region, owner, backup owner)
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'n'); // from 王芳, the next: Li Lei
    ctrl(&mut app, 's');
    assert_eq!(
        app.portfolio
            .account(ids.huadong)
            .unwrap()
            .input
            .backup_owner,
        "Li Lei"
    );
}

#[test]
fn the_colleagues_offered_follow_the_file_this_kam_s_writes_and_another_s() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = fixture(dir.path());
    let mut mine = portfolio(&path);
    let theirs = portfolio(&path);
    assert!(!mine.colleagues().unwrap().contains(&"赵六".to_string()));
    // another kam names a new colleague
    let mut c = ContactInput::new("钱七", Department::Finance, Seniority::Staff);
    c.our_side = "赵六".into();
    theirs
        .store()
        .add_contact(ids.huadong, &c, &clock())
        .unwrap();
    assert!(mine.colleagues().unwrap().contains(&"赵六".to_string()));
    // this kam hands 赵六's tie over: 赵六 is named no more
    mine.handover("赵六", "孙八", Some(&[ids.huadong]), &clock())
        .unwrap();
    let names = mine.colleagues().unwrap();
    assert!(names.contains(&"孙八".to_string()) && !names.contains(&"赵六".to_string()));
}
