//! The morning queue: what Today and the agenda list. Lost accounts
//! leave it — no section lists them — but stay openable.

mod common;

use common::{TODAY, demo};
use kam::domain::{AccountStatus, Clock, Defection, LostReason};
use kam::portfolio::Portfolio;
use kam::portfolio::today::Review;
use kam::store::Store;
use std::collections::BTreeSet;

fn clock() -> Clock {
    let day = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    Clock::at(day.and_hms_opt(9, 0, 0).unwrap())
}

/// Every account a section of the review lists.
fn listed(r: &Review) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    ids.extend(r.visits_due.iter().map(|v| v.account_id));
    ids.extend(r.complaints_breaching.iter().map(|a| a.row.account_id));
    ids.extend(r.at_risk.iter().map(|s| s.account.id));
    ids.extend(r.single_threaded.iter().map(|s| s.account.id));
    ids.extend(r.due_by_cadence.iter().map(|d| d.account.account_id));
    ids.extend(r.low_scores.iter().map(|l| l.account_id));
    ids.extend(r.birthdays.iter().map(|b| b.account_id));
    ids
}

#[test]
fn lost_accounts_leave_the_queue_but_stay_openable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    demo(&path, 12);
    let mut p = Portfolio::new(Store::open(&path).unwrap());
    let clock = clock();
    let before = p.today(&clock, usize::MAX).unwrap();
    let queued = listed(&before);
    assert!(queued.len() >= 4, "the demo fills the queue: {queued:?}");
    for &id in &queued {
        let mut lost = p.account(id).unwrap().input;
        lost.status = AccountStatus::Lost;
        lost.lost_reason = Some(LostReason::Competitive);
        lost.defection = Some(Defection::Price);
        p.save_account(Some(id), None, &lost, &clock).unwrap();
    }
    let after = p.today(&clock, usize::MAX).unwrap();
    assert!(listed(&after).is_empty(), "{:?}", listed(&after));
    assert!(after.totals.iter().all(|&n| n == 0), "{:?}", after.totals);
    let agenda = p.agenda(clock.now, |_| u32::MAX).unwrap();
    assert!(
        agenda
            .iter()
            .flat_map(|s| &s.visits)
            .all(|v| !queued.contains(&v.account_id)),
        "the agenda lists no lost account"
    );
    for &id in &queued {
        assert!(p.account_view(id, &clock).unwrap().is_some(), "{id} opens");
    }
}
