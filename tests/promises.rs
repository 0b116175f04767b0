//! Promises kept on time (issue 19, item 12): add, keep, reopen, delete,
//! a promise without a due date refused, Today's "Promises due" section,
//! export and import (JSON and CSV), undo, a promise synced between two
//! laptops, and the keys of the dashboard.

mod common;

use chrono::NaiveDate;
use common::{TODAY, demo, press};
use kam::domain::{
    AccountInput, AccountStatus, Clock, CommitmentInput, Defection, LostReason, Problem, Tier,
};
use kam::interop::Destination;
use kam::portfolio::{Error, Portfolio};
use kam::store::{Store, StoreError};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

fn day(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
}

fn clock_on(d: &str) -> Clock {
    Clock::at(day(d).and_hms_opt(9, 0, 0).unwrap())
}

fn clock() -> Clock {
    clock_on(TODAY)
}

fn promise(what: &str, due: Option<&str>) -> CommitmentInput {
    CommitmentInput {
        what: what.into(),
        contact_id: None,
        due_on: due.map(day),
        visit_id: None,
    }
}

/// A portfolio of two accounts (`Oak`, `Elm`) and nothing else.
fn saved<T>(e: kam::portfolio::edit::Edit<T>) -> i64 {
    match e {
        kam::portfolio::edit::Edit::Saved(id) => id,
        kam::portfolio::edit::Edit::Clash(_) => panic!("a clash"),
    }
}

fn two_accounts() -> (Portfolio, i64, i64) {
    let mut p = Portfolio::new(Store::open_in_memory().unwrap());
    let c = clock();
    let oak = saved(
        p.save_account(None, None, &AccountInput::new("Oak", Tier::Key), &c)
            .unwrap(),
    );
    let elm = saved(
        p.save_account(None, None, &AccountInput::new("Elm", Tier::General), &c)
            .unwrap(),
    );
    (p, oak, elm)
}

#[test]
fn a_promise_is_added_kept_reopened_and_deleted() {
    let (mut p, oak, _) = two_accounts();
    let c = clock();
    let id = p
        .save_commitment(
            oak,
            None,
            &promise("quote by Friday", Some("2026-11-27")),
            &c,
        )
        .unwrap();
    let list = p.commitments_of(oak).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].is_open());
    assert_eq!(list[0].input.what, "quote by Friday");
    assert!(p.toggle_commitment(id, &c).unwrap(), "kept");
    assert_eq!(p.commitment(id).unwrap().done_at, Some(c.now));
    assert!(!p.toggle_commitment(id, &c).unwrap(), "open again");
    assert!(p.commitment(id).unwrap().is_open());
    let mut edited = promise("quote and samples by Friday", Some("2026-11-28"));
    edited.visit_id = None;
    p.save_commitment(oak, Some(id), &edited, &c).unwrap();
    assert_eq!(p.commitment(id).unwrap().input, edited);
    p.delete_commitment(id, &c).unwrap();
    assert!(p.commitments_of(oak).unwrap().is_empty());
    assert!(matches!(p.commitment(id), Err(Error::Gone(_))));
}

#[test]
fn a_promise_without_a_due_date_is_refused_under_the_field_and_nothing_is_saved() {
    let (mut p, oak, _) = two_accounts();
    let changes = p.history(None, None, 100).unwrap().len();
    let err = p
        .save_commitment(oak, None, &promise("quote", None), &clock())
        .unwrap_err();
    match err {
        Error::Store(StoreError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "due_on");
            assert_eq!(errors[0].problem, Problem::Required);
        }
        other => panic!("{other:?}"),
    }
    assert!(p.commitments_of(oak).unwrap().is_empty());
    assert_eq!(
        p.history(None, None, 100).unwrap().len(),
        changes,
        "nothing recorded"
    );
}

#[test]
fn a_contact_of_another_account_is_refused() {
    let (mut p, oak, elm) = two_accounts();
    let c = clock();
    let contact = kam::domain::ContactInput::new(
        "Li Wei",
        kam::domain::Department::Purchasing,
        kam::domain::Seniority::Manager,
    );
    let li = saved(p.save_contact(elm, None, None, &contact, &c).unwrap());
    let mut input = promise("quote", Some("2026-11-27"));
    input.contact_id = Some(li);
    assert!(p.save_commitment(oak, None, &input, &c).is_err());
    assert!(p.save_commitment(elm, None, &input, &c).is_ok());
}

#[test]
fn today_lists_promises_due_today_and_overdue_only_overdue_first() {
    let (mut p, oak, elm) = two_accounts();
    let c = clock(); // 2026-11-23
    p.save_commitment(oak, None, &promise("due today", Some("2026-11-23")), &c)
        .unwrap();
    p.save_commitment(
        elm,
        None,
        &promise("three days late", Some("2026-11-20")),
        &c,
    )
    .unwrap();
    p.save_commitment(oak, None, &promise("tomorrow", Some("2026-11-24")), &c)
        .unwrap();
    let kept = p
        .save_commitment(oak, None, &promise("kept already", Some("2026-11-10")), &c)
        .unwrap();
    p.toggle_commitment(kept, &c).unwrap();
    let review = p.today(&c, 20).unwrap();
    let listed: Vec<&str> = review
        .promises_due
        .iter()
        .map(|c| c.input.what.as_str())
        .collect();
    assert_eq!(listed, ["three days late", "due today"]);
    assert_eq!(
        review.totals[2], 2,
        "the promises' count comes after complaints'"
    );
    let json = review.to_json(&c);
    let codes: Vec<&str> = json["promises_due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["promise_overdue", "promise_due_today"]);
    // Friday: the one due tomorrow is due too
    let friday = p.today(&clock_on("2026-11-24"), 20).unwrap();
    assert_eq!(friday.promises_due.len(), 3);
}

#[test]
fn lost_and_archived_accounts_promises_leave_today() {
    let (mut p, oak, elm) = two_accounts();
    let c = clock();
    p.save_commitment(oak, None, &promise("a", Some("2026-11-20")), &c)
        .unwrap();
    p.save_commitment(elm, None, &promise("b", Some("2026-11-20")), &c)
        .unwrap();
    let mut lost = p.account(oak).unwrap().input;
    lost.status = AccountStatus::Lost;
    lost.lost_reason = Some(LostReason::Competitive);
    lost.defection = Some(Defection::Price);
    saved(p.save_account(Some(oak), None, &lost, &c).unwrap());
    p.set_archived(elm, true, &c).unwrap();
    let review = p.today(&c, 20).unwrap();
    assert!(review.promises_due.is_empty());
    assert_eq!(review.totals[2], 0);
    assert_eq!(p.commitments_of(oak).unwrap().len(), 1, "still there");
}

#[test]
fn undo_takes_a_promise_back_and_redo_puts_it_back() {
    let (mut p, oak, _) = two_accounts();
    let c = clock();
    let id = p
        .save_commitment(oak, None, &promise("quote", Some("2026-11-27")), &c)
        .unwrap();
    p.toggle_commitment(id, &c).unwrap();
    p.undo(&c).unwrap().unwrap();
    assert!(p.commitment(id).unwrap().is_open(), "kept undone");
    p.undo(&c).unwrap().unwrap();
    assert!(p.commitments_of(oak).unwrap().is_empty(), "add undone");
    p.redo(&c).unwrap().unwrap();
    assert_eq!(p.commitments_of(oak).unwrap().len(), 1);
    let history = p.account_history(oak, 100, &c).unwrap();
    assert!(
        history.iter().any(|h| h.about("commitments", id)),
        "the account's history names the promise"
    );
}

#[test]
fn deleting_an_account_deletes_its_promises_and_a_deleted_contact_leaves_them() {
    let (mut p, oak, _) = two_accounts();
    let c = clock();
    let contact = kam::domain::ContactInput::new(
        "Li Wei",
        kam::domain::Department::Purchasing,
        kam::domain::Seniority::Manager,
    );
    let li = saved(p.save_contact(oak, None, None, &contact, &c).unwrap());
    let mut input = promise("quote", Some("2026-11-27"));
    input.contact_id = Some(li);
    let id = p.save_commitment(oak, None, &input, &c).unwrap();
    p.delete_contact(li, &c).unwrap();
    assert_eq!(p.commitment(id).unwrap().input.contact_id, None);
    let conn = kam::store::interop::conn(p.store());
    conn.execute("DELETE FROM accounts WHERE id = ?1", [oak])
        .unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM commitments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

fn exported(p: &Portfolio) -> serde_json::Value {
    let mut out = Vec::new();
    p.export_json(Destination::Stream(&mut out), &clock())
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

#[test]
fn promises_go_out_in_json_and_csv_and_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    demo(&path, 6);
    let mut p = Portfolio::new(Store::open(&path).unwrap());
    let c = clock();
    let account = 1;
    let visit = p
        .account_view(account, &c)
        .unwrap()
        .unwrap()
        .visits
        .iter()
        .find(|v| v.status == kam::domain::VisitStatus::Done)
        .map(|v| v.id);
    let mut input = promise("Angebot bis Freitag, 报价", Some("2026-11-27"));
    input.visit_id = visit;
    let id = p.save_commitment(account, None, &input, &c).unwrap();
    p.toggle_commitment(id, &c).unwrap();
    let before = exported(&p);
    let rows = before["tables"]["commitments"].as_array().unwrap();
    assert!(rows.len() >= 2, "the demo's and ours");
    assert!(rows.iter().any(|r| r["visit_uid"].is_string()));
    assert!(rows.iter().all(|r| r.get("id").is_none()), "no integer ids");

    // JSON: into an empty file, the same document back
    let mut bytes = Vec::new();
    p.export_json(Destination::Stream(&mut bytes), &c).unwrap();
    let copy = dir.path().join("b.sqlite3");
    let mut q = Portfolio::new(Store::open(&copy).unwrap());
    q.import_json(&bytes).unwrap();
    assert_eq!(exported(&q), before);

    // CSV: the commitments file read into a copy without promises
    let csv_dir = dir.path().join("csv");
    p.export_csv(&csv_dir, false).unwrap();
    let file = std::fs::read(csv_dir.join("commitments.csv")).unwrap();
    let text = String::from_utf8_lossy(&file);
    assert!(text.contains("due_on") && text.contains("报价"), "{text}");
    let third = dir.path().join("c.sqlite3");
    let mut r = Portfolio::new(Store::open(&third).unwrap());
    r.import_json(&bytes).unwrap();
    kam::store::interop::conn(r.store())
        .execute("DELETE FROM commitments", [])
        .unwrap();
    let kind: kam::interop::import::Kind = "commitments".parse().unwrap();
    let outcome = r
        .import_csv(kind, &file, &c, Default::default(), |_| {})
        .unwrap();
    assert_eq!(outcome.added, rows.len());
    let again = r
        .import_csv(kind, &file, &c, Default::default(), |_| {})
        .unwrap();
    assert_eq!(
        (again.added, again.updated),
        (0, rows.len()),
        "matched by uid"
    );
    let back: Vec<_> = r
        .commitments_of(account)
        .unwrap()
        .into_iter()
        .filter(|k| k.uid == p.commitment(id).unwrap().uid)
        .collect();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].input.what, input.what);
    assert_eq!(back[0].done_at, Some(c.now), "kept, at the same moment");
    assert_eq!(back[0].input.visit_id.is_some(), visit.is_some());
    assert_eq!("承诺".parse::<kam::interop::import::Kind>().unwrap(), kind);
}

#[test]
fn a_csv_row_without_a_due_date_names_the_row_and_imports_nothing() {
    let (mut p, _, _) = two_accounts();
    let csv = "account,what,due_on\nOak,quote,2026-11-27\nElm,samples,\n";
    let kind = "commitments".parse().unwrap();
    let err = p
        .import_csv(kind, csv.as_bytes(), &clock(), Default::default(), |_| {})
        .unwrap_err();
    let text = err.to_string();
    match err {
        kam::interop::import::ImportError::Problems(problems) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].row, 3);
            assert_eq!(problems[0].field, "due_on");
        }
        other => panic!("{text}: {other:?}"),
    }
    assert!(p.commitments_due(day("2030-01-01"), 10).unwrap().is_empty());
}

#[test]
fn a_promise_made_on_one_laptop_syncs_to_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    let share = dir.path().join("share");
    std::fs::create_dir(&share).unwrap();
    demo(&a, 4);
    let open = |path: &Path| Portfolio::new(Store::open(path).unwrap());
    let c = clock();
    open(&a).sync(&share, "laptop-a", &c).unwrap();
    open(&b).sync(&share, "laptop-b", &c).unwrap();
    let mut pa = open(&a);
    let account = 1;
    let id = pa
        .save_commitment(
            account,
            None,
            &promise("synced promise", Some("2026-11-25")),
            &c,
        )
        .unwrap();
    let uid = pa.commitment(id).unwrap().uid;
    pa.sync(&share, "laptop-a", &c).unwrap();
    let mut pb = open(&b);
    pb.sync(&share, "laptop-b", &c).unwrap();
    let there: Vec<_> = pb
        .commitments_of(account)
        .unwrap()
        .into_iter()
        .filter(|k| k.uid == uid)
        .collect();
    assert_eq!(there.len(), 1, "B has A's promise");
    // kept on B, seen kept on A
    pb.toggle_commitment(there[0].id, &c).unwrap();
    pb.sync(&share, "laptop-b", &c).unwrap();
    let mut pa = open(&a);
    pa.sync(&share, "laptop-a", &c).unwrap();
    assert!(!pa.commitment(id).unwrap().is_open());
}

fn key(app: &mut kam::tui::App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

#[test]
fn p_on_a_visit_opens_the_form_with_its_next_step_and_the_date_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    demo(&path, 6);
    let p = Portfolio::new(Store::open(&path).unwrap());
    let c = clock();
    // an account whose first done visit has a next step
    let (account, visit) = (1..=6)
        .find_map(|id| {
            let data = p.account_view(id, &c).ok()??;
            let v = data
                .visits
                .iter()
                .find(|v| v.status != kam::domain::VisitStatus::Planned)?
                .clone();
            (!v.next_step.is_empty()).then_some((id, v))
        })
        .expect("a demo visit with a next step");
    let before = p.commitments_of(account).unwrap().len();
    let mut app = kam::tui::App::on(p, c, kam::tui::theme::Theme::plain());
    app.run(kam::tui::effect::Effect::OpenAccountVisit(
        account, visit.id,
    ));
    key(&mut app, 'P');
    let text = kam::tui::render_text(&app, 100, 30);
    assert!(
        text.contains(
            visit
                .next_step
                .chars()
                .take(10)
                .collect::<String>()
                .as_str()
        ),
        "{text}"
    );
    common::ctrl(&mut app, 's');
    let text = kam::tui::render_text(&app, 100, 30);
    assert!(text.contains("is required"), "{text}");
    common::typed(&mut app, "+4d");
    common::ctrl(&mut app, 's');
    let saved = app.portfolio.commitments_of(account).unwrap();
    assert_eq!(saved.len(), before + 1);
    let new = saved
        .iter()
        .find(|k| k.input.visit_id == Some(visit.id) && k.input.due_on == Some(day("2026-11-27")))
        .expect("the promise from the visit");
    assert_eq!(new.input.what, visit.next_step);
    assert_eq!(new.input.contact_id, visit.contact_ids.first().copied());
    // the Promises section in front, x keeps it, D asks, y deletes
    let text = kam::tui::render_text(&app, 100, 30);
    assert!(text.contains("Promises"), "{text}");
    key(&mut app, 'x');
    assert!(!app.portfolio.commitment(new.id).unwrap().is_open());
    key(&mut app, 'D');
    key(&mut app, 'y');
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.portfolio.commitments_of(account).unwrap().len(),
        before + 1 - 1
    );
}
