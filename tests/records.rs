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
