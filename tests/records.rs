//! Every record readable in full and correctable (issue 19, items 1 and 2),
//! through the portfolio: each field of a visit, complaint and survey
//! edited, each deleted with what happens to its links, a missed visit
//! planned again, a closed complaint reopened, an edit undone, a visit
//! dated before its account existed refused under its field.

use chrono::{NaiveDate, NaiveDateTime};
use kam::domain::{
    AccountInput, ChangeKind, Clock, ComplaintCategory, ComplaintInput, ComplaintStatus,
    ContactInput, Department, ForwardedTo, Problem, Seniority, Severity, SurveyChannel,
    SurveyInput, Tier, VisitClose, VisitEdit, VisitInput, VisitKind, VisitStatus,
};
use kam::portfolio::Portfolio;
use kam::portfolio::edit::Edit;
use kam::portfolio::records::{Body, RecordRef};
use kam::store::{Store, StoreError};

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    kam::store::interop::conn(store)
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// One account (created on the clock's day) with two contacts, in memory.
fn setup() -> (Portfolio, i64, i64, i64) {
    let store = Store::open_in_memory().unwrap();
    let account = store
        .add_account(&AccountInput::new("杭州华东精密", Tier::Key), &clock())
        .unwrap();
    let mut c = ContactInput::new("张伟", Department::Purchasing, Seniority::Manager);
    c.title = "采购经理".into();
    let zhang = store.add_contact(account, &c, &clock()).unwrap();
    let li = store
        .add_contact(
            account,
            &ContactInput::new("李娜", Department::Quality, Seniority::Executive),
            &clock(),
        )
        .unwrap();
    (Portfolio::new(store), account, zhang, li)
}

fn visit(p: &mut Portfolio, account: i64, contacts: Vec<i64>, when: NaiveDateTime) -> i64 {
    p.schedule_visit(
        account,
        &VisitInput {
            scheduled_at: when,
            kind: VisitKind::Visit,
            purpose: "Quarterly review".into(),
            contact_ids: contacts,
        },
        &clock(),
    )
    .unwrap()
}

fn complaint(p: &mut Portfolio, account: i64) -> i64 {
    p.log_complaint(
        account,
        &ComplaintInput {
            contact_id: None,
            opened_at: at(2026, 11, 23, 8),
            category: ComplaintCategory::Delivery,
            severity: Severity::Medium,
            summary: "Late delivery".into(),
            details: "Two pallets arrived a week late.".into(),
            forwarded_to: None,
        },
        &clock(),
    )
    .unwrap()
}

fn saved<T: std::fmt::Debug>(e: Edit<T>) -> i64 {
    match e {
        Edit::Saved(id) => id,
        Edit::Clash(c) => panic!("unexpected clash: {c:?}"),
    }
}

#[test]
fn every_field_of_a_done_visit_can_be_corrected_and_undone() {
    let (mut p, account, zhang, li) = setup();
    let id = visit(&mut p, account, vec![zhang], at(2026, 11, 24, 9));
    p.close_visit(
        id,
        &VisitClose {
            status: VisitStatus::Done,
            outcome: "Agreed on prices".into(),
            next_step: "Send the quote".into(),
            done_at: None,
        },
        &clock(),
    )
    .unwrap();
    let (_, base) = p.visit_edit(id).unwrap();
    let edit = VisitEdit {
        scheduled_at: at(2026, 11, 23, 14),
        kind: VisitKind::Call,
        purpose: "Price talk".into(),
        contact_ids: vec![li],
        outcome: "Agreed on prices for 2027, with a 3 % rebate above 1,000 units".into(),
        next_step: "Send the quote by Friday".into(),
        completed_at: None,
    };
    saved(p.edit_visit(id, Some(&base), &edit, &clock()).unwrap());
    let v = p.visit(id).unwrap();
    assert_eq!(v.scheduled_at, edit.scheduled_at);
    assert_eq!(v.kind, VisitKind::Call);
    assert_eq!(v.purpose, "Price talk");
    assert_eq!(v.contact_ids, vec![li]);
    assert_eq!(v.outcome, edit.outcome);
    assert_eq!(v.next_step, edit.next_step);
    assert_eq!(v.status, VisitStatus::Done, "the status stays");

    // the detail shows it all, and its history names the correction
    let d = p.record_detail(RecordRef::Visit(id), &clock()).unwrap();
    match &d.body {
        Body::Visit { row, contacts } => {
            assert_eq!(row.outcome, edit.outcome);
            assert_eq!(contacts.len(), 1);
            assert_eq!(contacts[0].name, "李娜");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.history[0].entry.kind, Some(ChangeKind::VisitEdit));
    assert!(d.history.len() >= 3, "added, done, corrected");

    // z takes the correction back, links and all
    p.undo(&clock()).unwrap().unwrap();
    let v = p.visit(id).unwrap();
    assert_eq!(v.kind, VisitKind::Visit);
    assert_eq!(v.contact_ids, vec![zhang]);
    assert_eq!(v.outcome, "Agreed on prices");
}

#[test]
fn a_done_visit_needs_its_outcome_and_a_planned_one_can_be_corrected() {
    let (mut p, account, zhang, _) = setup();
    let id = visit(&mut p, account, vec![zhang], at(2026, 11, 30, 9));
    let (_, mut edit) = p.visit_edit(id).unwrap();
    edit.scheduled_at = at(2026, 12, 1, 10);
    edit.purpose = "  Plant tour ".into();
    saved(p.edit_visit(id, None, &edit, &clock()).unwrap());
    let v = p.visit(id).unwrap();
    assert_eq!(v.purpose, "Plant tour");
    assert_eq!(v.status, VisitStatus::Planned);
}

#[test]
fn a_visit_dated_before_its_account_existed_is_refused_under_the_date() {
    let (mut p, account, zhang, _) = setup();
    let id = visit(&mut p, account, vec![zhang], at(2026, 11, 30, 9));
    let (_, mut edit) = p.visit_edit(id).unwrap();
    edit.scheduled_at = at(2025, 1, 1, 9);
    let err = p.edit_visit(id, None, &edit, &clock()).unwrap_err();
    match err {
        kam::portfolio::Error::Store(StoreError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "scheduled_at");
            assert!(matches!(errors[0].problem, Problem::BeforeAccount { .. }));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(p.visit(id).unwrap().scheduled_at, at(2026, 11, 30, 9));
    assert_eq!(
        count(
            p.store(),
            "SELECT count(*) FROM changes WHERE kind = 'visit.edit'"
        ),
        0,
        "nothing saved"
    );
}

#[test]
fn deleting_a_visit_unlinks_its_contacts_and_keeps_them() {
    let (mut p, account, zhang, li) = setup();
    let id = visit(&mut p, account, vec![zhang, li], at(2026, 11, 30, 9));
    p.delete_visit(id, &clock()).unwrap();
    assert!(p.visit(id).is_err());
    assert_eq!(count(p.store(), "SELECT count(*) FROM visit_contacts"), 0);
    assert_eq!(count(p.store(), "SELECT count(*) FROM contacts"), 2);
    // and undo brings it back with its links
    p.undo(&clock()).unwrap().unwrap();
    assert_eq!(p.visit(id).unwrap().contact_ids.len(), 2);
}

#[test]
fn a_missed_or_cancelled_visit_can_be_planned_again() {
    let (mut p, account, zhang, _) = setup();
    for status in [VisitStatus::Missed, VisitStatus::Cancelled] {
        let id = visit(&mut p, account, vec![zhang], at(2026, 11, 22, 9));
        p.close_visit(
            id,
            &VisitClose {
                status,
                outcome: String::new(),
                next_step: String::new(),
                done_at: None,
            },
            &clock(),
        )
        .unwrap();
        p.move_visit(id, at(2026, 11, 27, 10), &clock()).unwrap();
        let v = p.visit(id).unwrap();
        assert_eq!(v.status, VisitStatus::Planned);
        assert_eq!(v.scheduled_at, at(2026, 11, 27, 10));
        assert_eq!(v.completed_at, None);
    }
}

#[test]
fn every_field_of_a_complaint_can_be_corrected() {
    let (mut p, account, zhang, _) = setup();
    let id = complaint(&mut p, account);
    let (_, base) = p.complaint_input(id).unwrap();
    assert_eq!(base.details, "Two pallets arrived a week late.");
    let input = ComplaintInput {
        contact_id: Some(zhang),
        opened_at: at(2026, 11, 20, 9),
        category: ComplaintCategory::Quality,
        severity: Severity::High,
        summary: "Damaged pallets".into(),
        details: "Two pallets arrived broken; photos in the mail of 20 Nov.".into(),
        forwarded_to: Some(ForwardedTo::Logistics),
    };
    saved(p.edit_complaint(id, Some(&base), &input, &clock()).unwrap());
    let (row, now) = p.complaint_input(id).unwrap();
    assert_eq!(now, input);
    assert_eq!(row.contact_name.as_deref(), Some("张伟"));
    assert_eq!(row.status, ComplaintStatus::Open, "the status stays");
    p.undo(&clock()).unwrap().unwrap();
    assert_eq!(p.complaint_input(id).unwrap().1, base);
}

#[test]
fn a_complaint_edit_merges_with_a_change_made_meanwhile() {
    let (mut p, account, _, _) = setup();
    let id = complaint(&mut p, account);
    let (_, base) = p.complaint_input(id).unwrap();
    // someone else forwards it meanwhile
    p.forward_complaint(id, ForwardedTo::Finance, &clock())
        .unwrap();
    let mut mine = base.clone();
    mine.severity = Severity::Critical;
    saved(p.edit_complaint(id, Some(&base), &mine, &clock()).unwrap());
    let (_, now) = p.complaint_input(id).unwrap();
    assert_eq!(now.severity, Severity::Critical);
    assert_eq!(now.forwarded_to, Some(ForwardedTo::Finance), "theirs kept");
    // both changing the same field is a clash, nothing saved
    let (_, base) = p.complaint_input(id).unwrap();
    p.forward_complaint(id, ForwardedTo::Quality, &clock())
        .unwrap();
    let mut mine = base.clone();
    mine.forwarded_to = Some(ForwardedTo::Logistics);
    match p.edit_complaint(id, Some(&base), &mine, &clock()).unwrap() {
        Edit::Clash(c) => assert_eq!(c.fields[0].field, "forwarded_to"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_closed_or_resolved_complaint_can_be_reopened() {
    let (mut p, account, _, _) = setup();
    let id = complaint(&mut p, account);
    p.move_complaint(id, ComplaintStatus::Closed, None, &clock())
        .unwrap();
    p.move_complaint(id, ComplaintStatus::Open, None, &clock())
        .unwrap();
    assert_eq!(p.complaint(id).unwrap().status, ComplaintStatus::Open);
    p.move_complaint(id, ComplaintStatus::Resolved, Some("Replaced"), &clock())
        .unwrap();
    p.move_complaint(id, ComplaintStatus::Open, None, &clock())
        .unwrap();
    let c = p.complaint(id).unwrap();
    assert_eq!(c.status, ComplaintStatus::Open);
    assert_eq!(c.resolved_at, None);
}

#[test]
fn a_complaint_and_a_survey_can_be_deleted_and_undo_brings_them_back() {
    let (mut p, account, zhang, _) = setup();
    let id = complaint(&mut p, account);
    p.delete_complaint(id, &clock()).unwrap();
    assert!(p.complaint(id).is_err());
    p.undo(&clock()).unwrap().unwrap();
    assert_eq!(p.complaint(id).unwrap().summary, "Late delivery");

    let survey = SurveyInput {
        contact_id: Some(zhang),
        taken_at: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        channel: SurveyChannel::ALL[0],
        scores: [Some(4), Some(4), Some(3), Some(4), Some(5), Some(4)],
        comment: "Entered on the wrong account".into(),
    };
    let s = p.save_survey(account, None, &survey, &clock()).unwrap().id;
    p.delete_survey(s, &clock()).unwrap();
    assert!(p.survey(s).is_err());
    assert_eq!(count(p.store(), "SELECT count(*) FROM contacts"), 2);
    let last = p.history(None, None, 1).unwrap();
    assert_eq!(last[0].kind, Some(ChangeKind::SurveyDelete));
}

#[test]
fn a_complaint_detail_has_its_details_timestamps_and_history() {
    let (mut p, account, _, _) = setup();
    let id = complaint(&mut p, account);
    p.move_complaint(id, ComplaintStatus::Resolved, Some("Credit note"), &clock())
        .unwrap();
    let d = p.record_detail(RecordRef::Complaint(id), &clock()).unwrap();
    assert_eq!(d.account_name, "杭州华东精密");
    match &d.body {
        Body::Complaint { aged, details } => {
            assert_eq!(details, "Two pallets arrived a week late.");
            assert_eq!(aged.row.resolution, "Credit note");
        }
        other => panic!("{other:?}"),
    }
    assert!(!d.created.is_empty() && !d.updated.is_empty());
    assert_eq!(d.history.len(), 2);
}

// ---- the dashboard: the detail, its keys, the cursor ----

mod common;

use common::{ctrl, press, typed};
use kam::strings::{Lang, with_lang};
use kam::tui::App;
use kam::tui::effect::Effect;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

const LONG_OUTCOME: &str = "Walked the new assembly line with the plant manager; they want \
    the 2027 frame agreement signed before the Spring Festival, ask for a 3 % rebate above \
    1,000 units a quarter, and will send their quality engineer to our plant in January to \
    audit the bore measurements that caused the November complaint. END-OF-OUTCOME";

/// An account with two contacts, a done visit with a long outcome, a
/// planned visit and two open complaints — through the portfolio, so the
/// journal has their history; the app on the Today screen.
fn dashboard(lang: Lang) -> (App, i64, i64, [i64; 2]) {
    let (mut p, account, zhang, li) = setup();
    let done = visit(&mut p, account, vec![zhang, li], at(2026, 11, 20, 9));
    p.close_visit(
        done,
        &VisitClose {
            status: VisitStatus::Done,
            outcome: if lang == Lang::Zh {
                "与工厂经理一起参观了新装配线；对方希望在春节前签署2027年框架协议，要求每季度超过1000件时给予3%返利，并将于一月派质量工程师来我厂审核导致十一月投诉的孔径测量。结果到此为止".into()
            } else {
                LONG_OUTCOME.into()
            },
            next_step: "Send the frame agreement draft by Friday".into(),
            done_at: None,
        },
        &clock(),
    )
    .unwrap();
    visit(&mut p, account, vec![zhang], at(2026, 11, 30, 9));
    let older = complaint(&mut p, account);
    let newer = p
        .log_complaint(
            account,
            &ComplaintInput {
                contact_id: Some(zhang),
                opened_at: at(2026, 11, 23, 9),
                category: ComplaintCategory::Quality,
                severity: Severity::High,
                summary: "Burrs on the housings".into(),
                details: String::new(),
                forwarded_to: None,
            },
            &clock(),
        )
        .unwrap();
    let mut app = App::on(p, clock(), Theme::plain());
    app.run(Effect::LoadTab);
    (app, account, done, [older, newer])
}

fn screen(app: &App, w: u16, h: u16) -> String {
    kam::tui::render_text(app, w, h)
}

/// The record the detail in front shows.
fn shown(app: &mut App) -> Option<RecordRef> {
    app.record_view().map(|v| v.record())
}

/// The account view on its Visits (4) or Complaints (3) section (after
/// Overview, Brief and Contacts).
fn on_section(app: &mut App, account: i64, rights: usize) {
    app.run(Effect::OpenAccount(account));
    for _ in 0..rights {
        press(app, KeyCode::Right);
    }
}

#[test]
fn a_visit_in_full_at_80x24_in_english_and_chinese() {
    for lang in [Lang::En, Lang::Zh] {
        with_lang(lang, || {
            let (mut app, account, done, _) = dashboard(lang);
            on_section(&mut app, account, 4);
            press(&mut app, KeyCode::Char('j')); // the planned one is first
            press(&mut app, KeyCode::Enter);
            assert_eq!(shown(&mut app), Some(RecordRef::Visit(done)));
            let text = screen(&app, 80, 24);
            let end = if lang == Lang::Zh {
                "结果到此为止"
            } else {
                "END-OF-OUTCOME"
            };
            assert!(text.contains(end), "the outcome wraps whole:\n{text}");
            assert!(!text.contains('…'), "nothing is cut:\n{text}");
            let name = if lang == Lang::Zh {
                "visit_80x24_zh"
            } else {
                "visit_80x24_en"
            };
            insta::assert_snapshot!(name, text);
        });
    }
}

#[test]
fn a_complaint_in_full_at_160x45_and_it_scrolls_at_80x24() {
    let (mut app, _, _, [older, _]) = dashboard(Lang::En);
    app.run(Effect::OpenRecord(RecordRef::Complaint(older)));
    let text = screen(&app, 160, 45);
    assert!(text.contains("Two pallets arrived a week late."), "{text}");
    insta::assert_snapshot!("complaint_160x45_en", text);
    // at 80×24 with a long history: j scrolls, g goes back up
    for _ in 0..6 {
        press(&mut app, KeyCode::Char('p'));
        press(&mut app, KeyCode::Char('o'));
    }
    let before = screen(&app, 80, 24);
    assert!(before.contains("j/k PgUp/PgDn: more"), "{before}");
    press(&mut app, KeyCode::PageDown);
    let after = screen(&app, 80, 24);
    assert_ne!(before, after);
    assert!(app.record_view().unwrap().scroll() > 0);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.record_view().unwrap().scroll(), 0);
}

#[test]
fn escape_goes_back_with_the_cursor_on_the_same_record() {
    let (mut app, account, done, _) = dashboard(Lang::En);
    on_section(&mut app, account, 4);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Visit(done)));
    press(&mut app, KeyCode::Esc);
    assert!(app.account_view().is_some(), "back on the account");
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Visit(done)));
    // A opens the account of the record, on it
    press(&mut app, KeyCode::Char('A'));
    assert!(app.record_view().is_none());
    assert!(app.account_view().is_some());
}

#[test]
fn after_resolving_and_reopening_the_cursor_stays_on_the_complaint() {
    let (mut app, account, _, [older, newer]) = dashboard(Lang::En);
    on_section(&mut app, account, 3);
    // oldest open first: the older complaint is selected; resolve it
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "Credit note sent");
    ctrl(&mut app, 's');
    assert_eq!(
        app.portfolio.complaint(older).unwrap().status,
        ComplaintStatus::Resolved
    );
    // it moved below the open one, and the cursor went with it
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Complaint(older)));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        app.portfolio.complaint(older).unwrap().status,
        ComplaintStatus::Open
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Complaint(older)));
    press(&mut app, KeyCode::Esc);
    // the same on the Complaints screen, resolved ones shown
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        app.portfolio.complaint(newer).unwrap().status,
        ComplaintStatus::Closed
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Complaint(newer)));
    // and inside the detail: reopen, then resolve, stays on it
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        app.record_view().unwrap().complaint_status(),
        Some(ComplaintStatus::Open)
    );
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "Deburred and replaced");
    ctrl(&mut app, 's');
    assert_eq!(
        app.record_view().unwrap().complaint_status(),
        Some(ComplaintStatus::Resolved)
    );
}

#[test]
fn deleting_from_the_detail_asks_naming_it_then_the_next_is_selected() {
    let (mut app, account, _, [older, newer]) = dashboard(Lang::En);
    on_section(&mut app, account, 3);
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Complaint(older)));
    press(&mut app, KeyCode::Char('d'));
    let text = screen(&app, 100, 30);
    assert!(text.contains("Late delivery"), "{text}");
    assert!(text.contains("杭州华东精密"), "{text}");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.portfolio.complaint(older).is_err());
    assert!(app.record_view().is_none(), "its detail closed");
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&mut app), Some(RecordRef::Complaint(newer)));
    // z brings it back
    press(&mut app, KeyCode::Char('z'));
    assert!(app.portfolio.complaint(older).is_ok());
}

#[test]
fn deleting_a_visit_says_its_contacts_are_unlinked_not_deleted() {
    let (mut app, account, done, _) = dashboard(Lang::En);
    on_section(&mut app, account, 4);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('D'));
    let text = screen(&app, 120, 30);
    assert!(text.contains("not deleted"), "{text}");
    assert!(text.contains("张伟"), "{text}");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.portfolio.visit(done).is_err());
    assert_eq!(
        count(app.portfolio.store(), "SELECT count(*) FROM contacts"),
        2
    );
}

#[test]
fn a_visit_dated_before_its_account_is_marked_under_the_field_in_the_form() {
    let (mut app, _, done, _) = dashboard(Lang::En);
    app.run(Effect::OpenRecord(RecordRef::Visit(done)));
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 'u');
    typed(&mut app, "2016-11-20 09:00");
    ctrl(&mut app, 's');
    let text = screen(&app, 120, 30);
    assert!(text.contains("is before the account existed"), "{text}");
    assert!(app.modal.is_some(), "the form stays open");
    assert_eq!(
        app.portfolio.visit(done).unwrap().scheduled_at,
        at(2026, 11, 20, 9)
    );
    // a correct date saves, and the detail shows it
    ctrl(&mut app, 'u');
    typed(&mut app, "2026-11-21 15:00");
    ctrl(&mut app, 's');
    assert!(app.modal.is_none(), "{}", screen(&app, 120, 30));
    assert_eq!(
        app.portfolio.visit(done).unwrap().scheduled_at,
        at(2026, 11, 21, 15)
    );
    assert!(screen(&app, 120, 30).contains("2026-11-21 15:00"));
}

#[test]
fn r_plans_a_missed_visit_again_from_the_lists() {
    let (mut app, account, _, _) = dashboard(Lang::En);
    on_section(&mut app, account, 4);
    // the planned visit is first: m marks it missed (and offers it again)
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Esc);
    let missed = app
        .portfolio
        .store()
        .visits_of(account, 10)
        .unwrap()
        .into_iter()
        .find(|v| v.status == VisitStatus::Missed)
        .unwrap();
    app.run(Effect::OpenRecord(RecordRef::Visit(missed.id)));
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "2026-12-01");
    ctrl(&mut app, 's');
    let v = app.portfolio.visit(missed.id).unwrap();
    assert_eq!(v.status, VisitStatus::Planned);
    assert!(screen(&app, 120, 30).contains("planned again"));
}

#[test]
fn kam_snapshot_prints_a_record_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    common::demo(&path, 3);
    let store = Store::open(&path).unwrap();
    let visit: i64 = count(&store, "SELECT min(id) FROM visits WHERE status = 'done'");
    let complaint: i64 = count(&store, "SELECT min(id) FROM complaints");
    let survey: i64 = count(&store, "SELECT min(id) FROM surveys");
    drop(store);
    for (screen, title) in [
        (format!("visit:{visit}"), "Visit in full"),
        (format!("complaint:{complaint}"), "Complaint in full"),
        (format!("response:{survey}"), "Survey in full"),
    ] {
        let out = common::kam_on(&path, common::TODAY)
            .args([
                "--lang", "en", "snapshot", "--screen", &screen, "--width", "80", "--height", "24",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{screen}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(title), "{screen}:\n{text}");
    }
    let out = common::kam_on(&path, common::TODAY)
        .args(["--lang", "en", "snapshot", "--screen", "visit:999999"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no longer exists"));
}

#[test]
fn a_survey_edit_merges_with_a_change_made_meanwhile() {
    let (mut p, account, zhang, li) = setup();
    let input = SurveyInput {
        contact_id: Some(zhang),
        taken_at: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        channel: SurveyChannel::ALL[0],
        scores: [Some(4), Some(4), Some(3), Some(4), Some(5), Some(4)],
        comment: "Fine".into(),
    };
    let id = p.save_survey(account, None, &input, &clock()).unwrap().id;
    // someone else corrects the respondent meanwhile
    let mut theirs = input.clone();
    theirs.contact_id = Some(li);
    p.save_survey(account, Some(id), &theirs, &clock()).unwrap();
    let mut mine = input.clone();
    mine.comment = "Fine, but slow invoices".into();
    let merged = p.merge_survey(id, &input, &mine).unwrap().unwrap();
    assert_eq!(merged.contact_id, Some(li), "theirs kept");
    assert_eq!(merged.comment, "Fine, but slow invoices");
    // both changing the comment: a clash
    let mut other = theirs.clone();
    other.comment = "Good".into();
    p.save_survey(account, Some(id), &other, &clock()).unwrap();
    match p.merge_survey(id, &input, &mine).unwrap() {
        Err(clash) => assert_eq!(clash.fields[0].field, "comment"),
        Ok(m) => panic!("{m:?}"),
    }
}

/// A visit logged as done on the wrong day is corrected with `e`: its
/// done-on moves, and with it the account's last visit; a done-on in the
/// future is refused under that field, nothing saved.
#[test]
fn correcting_a_done_visits_done_on_moves_the_last_visit() {
    let (mut p, account, zhang, _) = setup();
    let id = visit(&mut p, account, vec![zhang], at(2026, 11, 18, 10));
    p.close_visit(
        id,
        &VisitClose {
            status: VisitStatus::Done,
            outcome: "Agreed on prices".into(),
            next_step: String::new(),
            done_at: Some(at(2026, 11, 19, 10)),
        },
        &clock(),
    )
    .unwrap();
    let last = |p: &Portfolio| {
        p.account_row(account, clock().now)
            .unwrap()
            .unwrap()
            .last_done_visit
    };
    assert_eq!(last(&p), Some(at(2026, 11, 19, 10).date()));
    let (_, base) = p.visit_edit(id).unwrap();
    assert_eq!(base.completed_at, Some(at(2026, 11, 19, 10)));
    let mut edit = base.clone();
    edit.completed_at = Some(at(2026, 11, 21, 15));
    saved(p.edit_visit(id, Some(&base), &edit, &clock()).unwrap());
    assert_eq!(p.visit(id).unwrap().completed_at, edit.completed_at);
    assert_eq!(last(&p), Some(at(2026, 11, 21, 15).date()));

    let (_, base) = p.visit_edit(id).unwrap();
    let mut future = base.clone();
    future.completed_at = Some(at(2026, 11, 30, 9));
    match p.edit_visit(id, Some(&base), &future, &clock()) {
        Err(e) => assert!(format!("{e:?}").contains("completed_at"), "{e:?}"),
        Ok(_) => panic!("a done-on in the future was saved"),
    }
    assert_eq!(p.visit(id).unwrap().completed_at, edit.completed_at);
}
