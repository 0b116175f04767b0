//! Syncing through a shared folder (issue 18): two databases joined
//! through a temporary folder, a scripted week of edits on both, synced
//! in both orders; both end with the same data, every edit that did not
//! clash present on both, each clash listed once with both values.

mod common;

use common::{TODAY, demo, kam_on, press};
use kam::domain::{
    AccountInput, Clock, ContactInput, Department, Dimension, Seniority, SurveyChannel,
    SurveyInput, Tier, VisitInput, VisitKind,
};
use kam::interop::Destination;
use kam::portfolio::Portfolio;
use kam::portfolio::sync::SyncReport;
use kam::store::Store;
use rusqlite::types::Value;
use std::path::{Path, PathBuf};

/// A clock at `hh:mm` on a day of the week of 2026-11-23.
fn at(day: u32, hh: u32, mm: u32) -> Clock {
    let day =
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + chrono::Days::new(day.into());
    Clock::at(day.and_hms_opt(hh, mm, 0).unwrap())
}

fn open(path: &Path) -> Portfolio {
    Portfolio::new(Store::open(path).unwrap())
}

fn sync(path: &Path, share: &Path, name: &str, clock: &Clock) -> SyncReport {
    open(path)
        .sync(share, name, clock)
        .unwrap_or_else(|e| panic!("{name}: {}", kam::strings_sync::sync_error(&e)))
}

/// The whole portfolio as `kam export json` writes it, without the moment
/// of the export.
fn exported(path: &Path) -> serde_json::Value {
    let mut out = Vec::new();
    open(path)
        .export_json(Destination::Stream(&mut out), &at(9, 9, 0))
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("exported_at");
    }
    v
}

/// Two laptops on one folder: A with a demo portfolio started it, B (an
/// empty file) joined.
fn two_laptops(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let a = dir.join("a.sqlite3");
    let b = dir.join("b.sqlite3");
    let share = dir.join("share");
    std::fs::create_dir(&share).unwrap();
    demo(&a, 6);
    let started = sync(&a, &share, "laptop-a", &at(0, 8, 0));
    assert!(started.started && !started.joined, "{started:?}");
    let joined = sync(&b, &share, "laptop-b", &at(0, 8, 5));
    assert!(joined.joined, "{joined:?}");
    assert_eq!(exported(&a), exported(&b), "B joined with A's portfolio");
    (a, b, share)
}

/// The first contact of an account.
fn first_contact(p: &Portfolio, account: i64) -> (i64, ContactInput) {
    let c = &p.current_contacts(account, None).unwrap()[0];
    (c.contact.id, c.contact.input.clone())
}

fn survey(overall: u8, day: u32) -> SurveyInput {
    let mut scores = [None; 6];
    scores[Dimension::ALL.len() - 1] = Some(overall);
    SurveyInput {
        contact_id: None,
        taken_at: at(day, 0, 0).today(),
        channel: SurveyChannel::Phone,
        scores,
        comment: String::new(),
    }
}

/// A week on both laptops, offline: new accounts on each, different
/// fields of one account, the same field of one contact (B's later), an
/// edit on B of an account A archives, a survey and a visit on each.
fn week(a: &Path, b: &Path) {
    let mut pa = open(a);
    let mut pb = open(b);
    // new accounts
    pa.save_account(
        None,
        None,
        &AccountInput::new("东方电气 (A)", Tier::Key),
        &at(1, 9, 0),
    )
    .unwrap();
    pb.save_account(
        None,
        None,
        &AccountInput::new("Nordwind AG (B)", Tier::Key),
        &at(1, 9, 30),
    )
    .unwrap();
    // account 1: A its region, B its industry
    let base = pa.account(1).unwrap().input;
    let mut mine = base.clone();
    mine.region = "华东 (A)".into();
    pa.save_account(Some(1), Some(&base), &mine, &at(1, 10, 0))
        .unwrap();
    let mut theirs = base.clone();
    theirs.industry = "Machinery (B)".into();
    pb.save_account(Some(1), Some(&base), &theirs, &at(1, 11, 0))
        .unwrap();
    // account 2's first contact: the title on both, B's later
    let (contact, base) = first_contact(&pa, 2);
    let mut mine = base.clone();
    mine.title = "采购总监 (A)".into();
    pa.save_contact(2, Some(contact), Some(&base), &mine, &at(2, 10, 0))
        .unwrap();
    let mut theirs = base.clone();
    theirs.title = "Head of Purchasing (B)".into();
    theirs.phone = "+49 30 1234 (B)".into();
    pb.save_contact(2, Some(contact), Some(&base), &theirs, &at(2, 15, 0))
        .unwrap();
    // account 4: B edits its notes, A archives it later
    let base = pb.account(4).unwrap().input;
    let mut notes = base.clone();
    notes.notes = "call before the tender (B)".into();
    pb.save_account(Some(4), Some(&base), &notes, &at(3, 9, 0))
        .unwrap();
    pa.set_archived(4, true, &at(3, 16, 0)).unwrap();
    // a survey and a visit on each
    pa.save_survey(3, None, &survey(4, 4), &at(4, 10, 0))
        .unwrap();
    pb.save_survey(5, None, &survey(2, 4), &at(4, 11, 0))
        .unwrap();
    let visit = |purpose: &str, day: u32| VisitInput {
        scheduled_at: at(day, 14, 0).now,
        kind: VisitKind::Visit,
        purpose: purpose.into(),
        contact_ids: Vec::new(),
    };
    pa.schedule_visit(5, &visit("review the contract (A)", 8), &at(4, 12, 0))
        .unwrap();
    pb.schedule_visit(3, &visit("plant tour (B)", 9), &at(4, 13, 0))
        .unwrap();
}

/// What both laptops must hold after the week, whoever synced first.
fn check_merged(a: &Path, b: &Path) {
    assert_eq!(exported(a), exported(b), "both files hold the same data");
    let p = open(a);
    let names: Vec<String> = p
        .account_search_forms(false)
        .unwrap()
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    for name in ["东方电气 (A)", "Nordwind AG (B)"] {
        assert!(
            names.iter().any(|n| n.contains(name)),
            "{name} in {names:?}"
        );
    }
    let one = p.account(1).unwrap().input;
    assert_eq!(
        (one.region.as_str(), one.industry.as_str()),
        ("华东 (A)", "Machinery (B)")
    );
    let (_, contact) = first_contact(&p, 2);
    assert_eq!(
        contact.title, "Head of Purchasing (B)",
        "the later edit wins"
    );
    assert_eq!(contact.phone, "+49 30 1234 (B)");
    let four = p.account(4).unwrap();
    assert!(four.archived_at.is_some(), "archived");
    assert_eq!(
        four.input.notes, "call before the tender (B)",
        "the edit kept"
    );
    let surveys = kam::store::interop::conn(p.store())
        .query_row(
            "SELECT count(*) FROM surveys WHERE account_id IN (3, 5) AND taken_at = '2026-11-27'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(surveys, 2);
    let visits: i64 = kam::store::interop::conn(p.store())
        .query_row(
            "SELECT count(*) FROM visits WHERE purpose IN ('review the contract (A)', 'plant tour (B)')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(visits, 2);
    // the title clash is listed once, on A (whose value lost), with both
    // values; B's edit of the archived account once, on B
    let ca = open(a).conflicts().unwrap();
    let cb = open(b).conflicts().unwrap();
    let titles: Vec<_> = ca.iter().chain(&cb).filter(|c| c.kind == "field").collect();
    assert_eq!(titles.len(), 1, "{ca:#?} {cb:#?}");
    let t = titles[0];
    assert_eq!((t.table.as_str(), t.column.as_str()), ("contacts", "title"));
    assert_eq!(t.kept, Value::Text("Head of Purchasing (B)".into()));
    assert_eq!(t.other, Value::Text("采购总监 (A)".into()));
    assert!(ca.iter().any(|c| c.kind == "field"), "listed on A");
    let archived: Vec<_> = ca
        .iter()
        .chain(&cb)
        .filter(|c| c.kind == "archived")
        .collect();
    assert_eq!(archived.len(), 1, "{ca:#?} {cb:#?}");
    assert!(cb.iter().any(|c| c.kind == "archived"), "listed on B");
}

#[test]
fn a_week_on_two_laptops_merges_the_same_in_either_order() {
    for a_first in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b, share) = two_laptops(tmp.path());
        week(&a, &b);
        let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };
        let name = |p: &PathBuf| if p == &a { "laptop-a" } else { "laptop-b" };
        let r1 = sync(first, &share, name(first), &at(5, 9, 0));
        assert!(r1.written > 0 && r1.applied == 0, "{r1:?}");
        let r2 = sync(second, &share, name(second), &at(5, 9, 10));
        assert!(r2.written > 0 && r2.applied == r1.written, "{r2:?}");
        assert_eq!(r2.devices, 1);
        let r3 = sync(first, &share, name(first), &at(5, 9, 20));
        assert_eq!(r3.applied, r2.written, "{r3:?}");
        assert_eq!(
            r1.conflicts + r2.conflicts + r3.conflicts,
            2,
            "{r1:?} {r2:?} {r3:?}"
        );
        check_merged(&a, &b);
        // running it again does nothing
        for p in [&a, &b] {
            let again = sync(p, &share, name(p), &at(5, 10, 0));
            assert_eq!((again.written, again.applied, again.conflicts), (0, 0, 0));
        }
        check_merged(&a, &b);
    }
}

#[test]
fn taking_the_other_value_is_a_change_that_syncs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    week(&a, &b);
    sync(&a, &share, "laptop-a", &at(5, 9, 0));
    sync(&b, &share, "laptop-b", &at(5, 9, 10));
    sync(&a, &share, "laptop-a", &at(5, 9, 20));
    let mut pa = open(&a);
    let conflict = pa
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == "field")
        .unwrap();
    assert!(
        pa.conflict_subject(&conflict).contains("Contact"),
        "{}",
        pa.conflict_subject(&conflict)
    );
    pa.decide_conflict(conflict.id, true, &at(5, 10, 0))
        .unwrap();
    assert!(pa.conflicts().unwrap().iter().all(|c| c.id != conflict.id));
    drop(pa);
    sync(&a, &share, "laptop-a", &at(5, 10, 5));
    let r = sync(&b, &share, "laptop-b", &at(5, 10, 10));
    assert_eq!((r.applied, r.conflicts), (1, 0), "{r:?}");
    let (_, contact) = first_contact(&open(&b), 2);
    assert_eq!(
        contact.title, "采购总监 (A)",
        "A's value, taken on A, reached B"
    );
    // B's archive note: kept as shown
    let mut pb = open(&b);
    let archived = pb
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == "archived")
        .unwrap();
    pb.decide_conflict(archived.id, false, &at(5, 10, 20))
        .unwrap();
    assert!(pb.conflicts().unwrap().is_empty());
    drop(pb);
    sync(&b, &share, "laptop-b", &at(5, 10, 30));
    sync(&a, &share, "laptop-a", &at(5, 10, 40));
    assert_eq!(exported(&a), exported(&b));
}

#[test]
fn a_contact_deleted_on_one_laptop_and_edited_on_the_other_is_listed_and_can_come_back() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    let (contact, base) = first_contact(&open(&a), 3);
    open(&a).delete_contact(contact, &at(1, 9, 0)).unwrap();
    let mut edit = base.clone();
    edit.phone = "+86 21 5555".into();
    open(&b)
        .save_contact(3, Some(contact), Some(&base), &edit, &at(1, 10, 0))
        .unwrap();
    sync(&a, &share, "laptop-a", &at(2, 9, 0));
    let r = sync(&b, &share, "laptop-b", &at(2, 9, 10));
    assert_eq!(r.conflicts, 1, "{r:?}");
    sync(&a, &share, "laptop-a", &at(2, 9, 20));
    assert_eq!(exported(&a), exported(&b), "deleted on both");
    let mut pb = open(&b);
    let c = pb.conflicts().unwrap().pop().unwrap();
    assert_eq!(c.kind, "deleted");
    pb.decide_conflict(c.id, true, &at(2, 10, 0)).unwrap();
    assert_eq!(
        pb.contact(contact).unwrap().input.phone,
        "+86 21 5555",
        "back, with the edit"
    );
    drop(pb);
    sync(&b, &share, "laptop-b", &at(2, 10, 5));
    sync(&a, &share, "laptop-a", &at(2, 10, 10));
    assert_eq!(exported(&a), exported(&b), "back on both");
}

/// A contact deleted on A while B named it in a new visit: the visit
/// stays and its tie to the contact goes, on both laptops (on B as the
/// delete's cascade removed ties on A; on A the tie is refused and listed).
#[test]
fn a_visit_naming_a_contact_deleted_on_the_other_laptop_loses_the_tie() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    let (contact, _) = first_contact(&open(&a), 3);
    open(&a).delete_contact(contact, &at(1, 9, 0)).unwrap();
    let visit = open(&b)
        .schedule_visit(
            3,
            &VisitInput {
                scheduled_at: at(8, 14, 0).now,
                kind: VisitKind::Visit,
                purpose: "with the buyer (B)".into(),
                contact_ids: vec![contact],
            },
            &at(1, 10, 0),
        )
        .unwrap();
    sync(&a, &share, "laptop-a", &at(2, 9, 0));
    sync(&b, &share, "laptop-b", &at(2, 9, 10));
    sync(&a, &share, "laptop-a", &at(2, 9, 20));
    assert_eq!(exported(&a), exported(&b), "the same on both");
    for p in [&a, &b] {
        let store = Store::open(p).unwrap();
        let conn = kam::store::interop::conn(&store);
        let (visits, ties, broken): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM visits WHERE id = ?1),
                        (SELECT count(*) FROM visit_contacts WHERE contact_id = ?2),
                        (SELECT count(*) FROM pragma_foreign_key_check)",
                [visit, contact],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((visits, ties, broken), (1, 0, 0), "{}", p.display());
    }
}

#[test]
fn files_not_kams_newer_kams_and_damaged_files_are_said_and_the_rest_syncs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    std::fs::write(share.join("notes.txt"), "hello").unwrap();
    open(&a)
        .save_account(
            None,
            None,
            &AccountInput::new("One", Tier::Key),
            &at(1, 9, 0),
        )
        .unwrap();
    sync(&a, &share, "laptop-a", &at(1, 9, 5));
    // a third laptop's stream: its first file cut short
    let c = tmp.path().join("c.sqlite3");
    sync(&c, &share, "laptop-c", &at(1, 9, 6));
    open(&c)
        .save_account(
            None,
            None,
            &AccountInput::new("Two", Tier::Key),
            &at(1, 9, 7),
        )
        .unwrap();
    let written = sync(&c, &share, "laptop-c", &at(1, 9, 8)).file.unwrap();
    let whole = std::fs::read(&written).unwrap();
    std::fs::write(&written, &whole[..whole.len() - 20]).unwrap();
    let r = sync(&b, &share, "laptop-b", &at(1, 9, 10));
    assert_eq!((r.applied, r.devices), (1, 1), "A's change applied: {r:?}");
    let said = kam::strings_sync::sync_summary("share", &r).join("\n");
    assert!(
        said.contains("notes.txt") && said.contains("laptop-c"),
        "{said}"
    );
    assert!(said.contains("damaged"), "{said}");
    // the file completed: the stream goes on
    std::fs::write(&written, &whole).unwrap();
    let r = sync(&b, &share, "laptop-b", &at(1, 9, 20));
    assert_eq!(r.applied, 1, "{r:?}");
    // a newer kam's file: not applied, said
    let end = whole.iter().position(|&b| b == b'\n').unwrap();
    let header = String::from_utf8(whole[..end].to_vec())
        .unwrap()
        .replace(
            &format!("\"schema\":{}", kam::store::SCHEMA_VERSION),
            "\"schema\":99",
        )
        .replace("\"seq\":1,", "\"seq\":2,");
    let mut newer = header.into_bytes();
    newer.extend_from_slice(&whole[end..]);
    std::fs::write(written.with_file_name("00000002.kamchanges"), &newer).unwrap();
    let r = sync(&b, &share, "laptop-b", &at(1, 9, 30));
    let said = kam::strings_sync::sync_summary("share", &r).join("\n");
    assert!(
        said.contains("newer kam") && said.contains("laptop-c"),
        "{said}"
    );
    assert_eq!(r.applied, 0);
}

#[test]
fn kam_sync_on_the_command_line_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.sqlite3");
    let b = tmp.path().join("b.sqlite3");
    let share = tmp.path().join("share");
    demo(&a, 4);
    let run = |db: &Path, args: &[&str]| {
        let o = kam_on(db, TODAY).args(args).output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let share_s = share.to_str().unwrap();
    let (code, _, err) = run(&a, &["sync", share_s]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no such folder"), "{err}");
    std::fs::create_dir(&share).unwrap();
    let (code, out, _) = run(&a, &["sync", share_s, "--name", "laptop-a"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("base.kambase"), "{out}");
    let (code, out, _) = run(&b, &["--lang", "zh", "sync", share_s, "--name", "笔记本-b"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("已加入"), "{out}");
    let (_, out, _) = run(&b, &["sync", share_s]);
    assert!(out.contains("nothing new"), "{out}");
    // a database with its own portfolio does not mix with the folder's
    let c = tmp.path().join("c.sqlite3");
    demo(&c, 2);
    let (code, _, err) = run(&c, &["--lang", "zh", "sync", share_s]);
    assert_eq!(code, Some(1));
    assert!(err.contains("另一个客户组合"), "{err}");
    let (code, _, err) = run(&c, &["sync", share_s]);
    assert_eq!(code, Some(1));
    assert!(err.contains("another portfolio"), "{err}");
}

#[test]
fn ids_of_new_rows_never_meet() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, _) = two_laptops(tmp.path());
    let add = |p: &Path, name: &str| {
        open(p)
            .save_account(
                None,
                None,
                &AccountInput::new(name, Tier::Key),
                &at(1, 9, 0),
            )
            .unwrap();
        let store = Store::open(p).unwrap();
        store.find_account(name).unwrap();
        kam::store::interop::conn(&store)
            .query_row("SELECT id FROM accounts WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
    };
    let ia = add(&a, "from A");
    let ib = add(&b, "from B");
    assert_ne!(ia, ib);
    assert!(ia > 1 << 32 && ib > 1 << 32, "{ia} {ib}");
    assert!(ia < 1 << 53 && ib < 1 << 53);
    let _ = ContactInput::new("x", Department::Purchasing, Seniority::Manager);
}

/// The dashboard on a file with a conflict: a banner on every screen, the
/// conflict first on Today with both values, who made each and when; O
/// takes this laptop's value (a change the next sync carries), K keeps
/// the value now; History names the laptop a synced change came from.
#[test]
fn the_dashboard_lists_conflicts_on_today_and_decides_them_with_one_key() {
    use kam::strings::{Lang, with_lang};
    use kam::tui::theme::Theme;
    use kam::tui::{App, render_text};
    use ratatui::crossterm::event::KeyCode;
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    week(&a, &b);
    sync(&a, &share, "laptop-a", &at(5, 9, 0));
    sync(&b, &share, "laptop-b", &at(5, 9, 10));
    sync(&a, &share, "laptop-a", &at(5, 9, 20));
    let clock = at(5, 10, 0);
    let mut app = App::new(Store::open(&a).unwrap(), clock, Theme::plain());
    let screen = render_text(&app, 120, 30);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[1], "Sync conflicts (1)", "{screen}");
    assert!(
        lines[2].contains("Title") && lines[2].contains("Contact"),
        "{screen}"
    );
    assert!(lines[2].contains("changed on both laptops"), "{screen}");
    assert!(
        lines[3].contains("now") && lines[3].contains("Head of Purchasing (B)"),
        "{screen}"
    );
    assert!(
        lines[3].contains("laptop-b") && lines[3].contains("K keeps"),
        "{screen}"
    );
    assert!(
        lines[4].contains("here before") && lines[4].contains("采购总监 (A)"),
        "{screen}"
    );
    assert!(
        lines[4].contains("this laptop") && lines[4].contains("O takes it"),
        "{screen}"
    );
    assert!(
        screen.contains("1 sync conflict(s) to decide — top of Today"),
        "{screen}"
    );
    // the banner stays on the other screens
    press(&mut app, KeyCode::Char('2'));
    assert!(render_text(&app, 120, 30).contains("1 sync conflict(s) to decide"));
    press(&mut app, KeyCode::Char('1'));
    let zh = with_lang(Lang::Zh, || {
        let app = App::new(Store::open(&a).unwrap(), clock, Theme::plain());
        render_text(&app, 80, 24)
    });
    assert!(
        zh.contains("同步冲突（1）") && zh.contains("本机原值"),
        "{zh}"
    );
    assert!(zh.contains("1 处同步冲突待决定"), "{zh}");
    // O on the conflict: A's title back, decided, said, no banner
    press(&mut app, KeyCode::Char('O'));
    let screen = render_text(&app, 120, 30);
    assert!(!screen.contains("Sync conflicts"), "{screen}");
    assert!(
        screen.contains("took this laptop's value back: Contact"),
        "{screen}"
    );
    drop(app);
    assert!(open(&a).conflicts().unwrap().is_empty());
    assert_eq!(first_contact(&open(&a), 2).1.title, "采购总监 (A)");
    // B's conflict (its notes against A's archive): K keeps it as it is
    let mut app = App::new(Store::open(&b).unwrap(), clock, Theme::plain());
    let screen = render_text(&app, 120, 30);
    assert!(
        screen.contains("archived or brought back on the other laptop"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('K'));
    assert!(render_text(&app, 120, 30).contains("kept the value now"));
    drop(app);
    assert!(open(&b).conflicts().unwrap().is_empty());
    sync(&a, &share, "laptop-a", &at(5, 10, 30));
    sync(&b, &share, "laptop-b", &at(5, 10, 40));
    assert_eq!(exported(&a), exported(&b), "both screens agree");
    assert_eq!(first_contact(&open(&b), 2).1.title, "采购总监 (A)");
    // History on B: the change taken on A, by whom and on which laptop
    let history = open(&b).account_history(2, 50, &clock).unwrap();
    let header = &history[0].header;
    assert!(
        header.contains("laptop-a") && header.contains("sync conflict decided"),
        "{header}"
    );
    assert!(
        history
            .iter()
            .filter(|h| !h.header.contains("laptop-a"))
            .all(|h| !h.header.contains(" · laptop")),
        "this laptop's own changes name no laptop"
    );
}

/// A laptop that joins after the others clashed replays their files but
/// lists nothing: it had no value of its own that could lose (the clash
/// is listed on the laptop whose value lost). It ends with their data.
#[test]
fn a_laptop_joining_later_lists_no_conflict_of_others() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    week(&a, &b);
    sync(&a, &share, "laptop-a", &at(5, 9, 0));
    sync(&b, &share, "laptop-b", &at(5, 9, 10));
    let r = sync(&a, &share, "laptop-a", &at(5, 9, 20));
    assert!(r.conflicts > 0, "{r:?}");
    let c = tmp.path().join("c.sqlite3");
    let joined = sync(&c, &share, "laptop-c", &at(6, 9, 0));
    assert!(joined.joined, "{joined:?}");
    assert_eq!(
        (joined.conflicts, joined.open_conflicts),
        (0, 0),
        "{joined:?}"
    );
    assert!(open(&c).conflicts().unwrap().is_empty());
    assert_eq!(exported(&c), exported(&a));
    assert_eq!(exported(&c), exported(&b));
}

/// An account renamed on both laptops: one conflict, the name's (its
/// search form and sort key follow the name, never listed); taking the
/// other name takes its form and key too, on both laptops.
#[test]
fn a_name_changed_on_both_laptops_is_one_conflict_and_its_search_form_follows() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, share) = two_laptops(tmp.path());
    for (path, name, clock) in [
        (&a, "華東精密 (A)", at(1, 10, 0)),
        (&b, "Bluewater (B)", at(1, 11, 0)),
    ] {
        let mut p = open(path);
        let base = p.account(1).unwrap().input;
        let mut renamed = base.clone();
        renamed.name = name.into();
        p.save_account(Some(1), Some(&base), &renamed, &clock)
            .unwrap();
    }
    sync(&a, &share, "laptop-a", &at(2, 9, 0));
    sync(&b, &share, "laptop-b", &at(2, 9, 10));
    sync(&a, &share, "laptop-a", &at(2, 9, 20));
    let derived = |path: &Path| -> (String, String, String) {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT name, name_search, name_key FROM accounts WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let consistent = |name: &str| {
        (
            name.to_string(),
            kam::domain::pinyin::search_form(name),
            kam::domain::pinyin::sort_key(name),
        )
    };
    assert_eq!(derived(&a), consistent("Bluewater (B)"), "B's later name");
    assert_eq!(derived(&b), consistent("Bluewater (B)"));
    let mut pa = open(&a);
    let listed = pa.conflicts().unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(listed[0].column, "name");
    assert!(open(&b).conflicts().unwrap().is_empty());
    pa.decide_conflict(listed[0].id, true, &at(2, 10, 0))
        .unwrap();
    drop(pa);
    assert_eq!(
        derived(&a),
        consistent("華東精密 (A)"),
        "taken with its form"
    );
    sync(&a, &share, "laptop-a", &at(2, 10, 5));
    sync(&b, &share, "laptop-b", &at(2, 10, 10));
    assert_eq!(derived(&b), consistent("華東精密 (A)"));
}
