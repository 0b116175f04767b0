//! The daily loop (issue 19): lost accounts leave the morning queue (no
//! section of Today or the agenda lists them) but stay openable; an
//! account's cadence follows its tier unless set by hand.

mod common;

use common::{TODAY, demo, kam_on};
use kam::domain::{AccountInput, AccountStatus, Clock, Defection, LostReason, Tier};
use kam::portfolio::Portfolio;
use kam::portfolio::edit::Edit;
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

/// A cadence left at its tier's default (the settings') moves with the
/// tier, in the dashboard's save and in an import; one set by hand stays.
#[test]
fn a_default_cadence_follows_the_tier_and_one_set_by_hand_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let p = Portfolio::new(Store::open(&path).unwrap());
    p.store().set_setting("cadence_days.general", "60").unwrap();
    drop(p);
    let mut p = Portfolio::new(Store::open(&path).unwrap());
    let clock = clock();
    let mut add = |name: &str, days: u32| {
        let mut a = AccountInput::new(name, Tier::Key);
        a.visit_cadence_days = days;
        match p.save_account(None, None, &a, &clock).unwrap() {
            Edit::Saved(id) => id,
            Edit::Clash(_) => unreachable!("a new account clashes with nothing"),
        }
    };
    let ids = [(add("Default Co", 14), 60), (add("By Hand Co", 21), 21)];
    for (id, want) in ids {
        let before = p.account(id).unwrap().input;
        let mut input = before.clone();
        input.tier = Tier::General;
        p.save_account(Some(id), Some(&before), &input, &clock)
            .unwrap();
        assert_eq!(p.account(id).unwrap().input.visit_cadence_days, want);
    }
    drop(p);
    // an import that moves the tier and says nothing of the cadence
    let csv = dir.path().join("tiers.csv");
    std::fs::write(
        &csv,
        "name,tier\nDefault Co,important\nBy Hand Co,key\nNew Co,general\n",
    )
    .unwrap();
    let out = kam_on(&path, TODAY)
        .args(["import", "accounts"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = Portfolio::new(Store::open(&path).unwrap());
    let mut cadences = std::collections::BTreeMap::new();
    for id in [ids[0].0, ids[1].0, ids[1].0 + 1] {
        let a = p.account(id).unwrap().input;
        cadences.insert(a.name, a.visit_cadence_days);
    }
    let want: std::collections::BTreeMap<String, u32> =
        [("Default Co", 30), ("By Hand Co", 21), ("New Co", 60)]
            .into_iter()
            .map(|(n, d)| (n.to_string(), d))
            .collect();
    assert_eq!(cadences, want, "after the import");
}

/// `kam --demo` says at the bottom of every screen that it is a demo.
#[test]
fn the_demo_says_it_is_one() {
    use kam::tui::theme::Theme;
    use kam::tui::{App, render_text};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    demo(&path, 3);
    let mut app = App::new(Store::open(&path).unwrap(), clock(), Theme::plain());
    assert!(!render_text(&app, 80, 24).contains("demo portfolio"));
    app.demo = true;
    let screen = render_text(&app, 80, 24);
    assert_eq!(
        screen.lines().nth(22).unwrap(),
        "demo portfolio: made-up data, discarded when you quit — your own is plain kam",
        "{screen}"
    );
}
