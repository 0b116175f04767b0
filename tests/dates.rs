//! Dates of visits (issue 19, items 3, 4, 5 and 7): a visit counts from
//! when it was done; a day is a day; a warning zone before a visit falls
//! due by cadence; the low-score follow-up visit gets a proposed date.

mod common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{ctrl, press, typed};
use kam::domain::visit::{AgendaSection, CadenceState};
use kam::domain::{
    AccountInput, Clock, SurveyChannel, SurveyInput, Tier, VisitClose, VisitInput, VisitKind,
    VisitStatus,
};
use kam::portfolio::Portfolio;
use kam::portfolio::edit::Edit;
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    day(d).and_hms_opt(h, m, 0).unwrap()
}

/// A portfolio with one key account (cadence 14 days) entered on Dec 1.
fn portfolio() -> (Portfolio, i64) {
    let mut p = Portfolio::new(Store::open_in_memory().unwrap());
    let entered = Clock::at(at(1, 8, 0));
    let Edit::Saved(id) = p
        .save_account(None, None, &AccountInput::new("Acme", Tier::Key), &entered)
        .unwrap()
    else {
        panic!("saved")
    };
    (p, id)
}

fn plan(p: &mut Portfolio, account: i64, when: NaiveDateTime, clock: &Clock) -> i64 {
    let input = VisitInput {
        scheduled_at: when,
        kind: VisitKind::Visit,
        purpose: "Quarterly review".into(),
        contact_ids: vec![],
    };
    p.schedule_visit(account, &input, clock).unwrap()
}

fn done(done_at: Option<NaiveDateTime>) -> VisitClose {
    VisitClose {
        status: VisitStatus::Done,
        outcome: "Signed".into(),
        next_step: "Send the quote".into(),
        done_at,
    }
}

/// A visit scheduled in the future and done early counts from when it
/// was done; the next visit is proposed at done-on + cadence, and the
/// Overview's cadence figure then matches the proposal.
#[test]
fn done_means_when_it_was_done() {
    let (mut p, a) = portfolio();
    let clock = Clock::at(at(2, 16, 0));
    let v = plan(&mut p, a, at(3, 10, 0), &clock);
    let closed = p.close_visit(v, &done(None), &clock).unwrap();
    let row = p.visit(v).unwrap();
    assert_eq!(row.completed_at, Some(clock.now), "done now, not tomorrow");
    let view = p.account_view(a, &clock).unwrap().unwrap();
    let last = view.figures.last_done_visit.unwrap();
    assert_eq!(last.date(), day(2), "last visit today, not tomorrow");
    let next = closed.next.unwrap();
    assert_eq!(next.date, Some(day(2) + Duration::days(14)));
    // schedule the proposal: the account is within its cadence until then
    let at_proposal = next.date.unwrap().and_time(next.time);
    plan(&mut p, a, at_proposal, &clock);
    let on_the_day = Clock::at(at_proposal);
    let summary = p.account_view(a, &on_the_day).unwrap().unwrap();
    let last = summary.figures.last_done_visit.unwrap().date();
    let days = (on_the_day.today() - last).num_days();
    assert_eq!(days, 14, "due on the proposed day, not late by cadence");
}

/// An earlier done-on (a visit done yesterday, closed today) is kept, and
/// the proposal counts from it.
#[test]
fn an_earlier_done_on_is_kept() {
    let (mut p, a) = portfolio();
    let clock = Clock::at(at(5, 9, 0));
    let v = plan(&mut p, a, at(4, 14, 0), &Clock::at(at(3, 9, 0)));
    let closed = p
        .close_visit(v, &done(Some(at(4, 15, 30))), &clock)
        .unwrap();
    assert_eq!(p.visit(v).unwrap().completed_at, Some(at(4, 15, 30)));
    assert_eq!(closed.next.unwrap().date, Some(day(4) + Duration::days(14)));
    let summary = p.account_view(a, &clock).unwrap().unwrap();
    assert_eq!(summary.figures.last_done_visit, Some(at(4, 15, 30)));
}

/// A done-on in the future or before the account existed is refused, the
/// reason on the field, and nothing is saved.
#[test]
fn a_done_on_in_the_future_or_before_the_account_saves_nothing() {
    let (mut p, a) = portfolio();
    let clock = Clock::at(at(5, 9, 0));
    let v = plan(&mut p, a, at(6, 10, 0), &clock);
    for bad in [at(5, 11, 0), at(6, 10, 0), at(1, 0, 0) - Duration::days(30)] {
        let err = p.close_visit(v, &done(Some(bad)), &clock).unwrap_err();
        let said = err.said();
        assert!(
            said.contains("future") || said.contains("existed"),
            "{said}"
        );
        assert_eq!(p.visit(v).unwrap().status, VisitStatus::Planned);
    }
    assert!(
        p.account_view(a, &clock)
            .unwrap()
            .unwrap()
            .figures
            .last_done_visit
            .is_none()
    );
}

/// At 20:00 a visit of 09:00 the same day is in the agenda's Today, not
/// overdue; the account's health is the same at 08:00 and at 23:00.
#[test]
fn a_day_is_a_day() {
    let (mut p, a) = portfolio();
    let entered = Clock::at(at(1, 9, 0));
    let past = plan(&mut p, a, at(1, 10, 0), &entered);
    p.close_visit(past, &done(None), &Clock::at(at(1, 11, 0)))
        .unwrap();
    let v = plan(&mut p, a, at(10, 9, 0), &entered);
    let evening = at(10, 20, 0);
    let agenda = p.agenda(evening, |_| 100).unwrap();
    let section = |s: AgendaSection| {
        agenda
            .iter()
            .find(|x| x.section == s)
            .map(|x| x.visits.iter().map(|v| v.id).collect::<Vec<_>>())
            .unwrap()
    };
    assert_eq!(section(AgendaSection::Today), [v]);
    assert!(section(AgendaSection::Overdue).is_empty());
    let review = p.today(&Clock::at(evening), 20).unwrap();
    let json = review.to_json(&Clock::at(evening));
    assert_eq!(json["visits_due"][0]["code"], "visit_due_today");
    assert_eq!(json["visits_due"][0]["overdue"], false);
    let score = |h, m| {
        let clock = Clock::at(at(10, h, m));
        let view = p.account_view(a, &clock).unwrap().unwrap();
        let stored = p.account_row(a, clock.now).unwrap().unwrap().health;
        (view.health.score, stored)
    };
    let morning = score(8, 0);
    assert_eq!(morning, score(9, 1));
    assert_eq!(morning, score(23, 0));
    // the next day it is overdue
    let next_day = Clock::at(at(11, 8, 0));
    let agenda = p.agenda(next_day.now, |_| 100).unwrap();
    assert_eq!(agenda[0].section, AgendaSection::Overdue);
    assert_eq!(agenda[0].visits[0].id, v);
    assert!(score(8, 0).0 > p.account_view(a, &next_day).unwrap().unwrap().health.score);
}

/// Due soon in the last part of the cadence, overdue after: Today lists
/// both (overdue first) with stable codes, and the Visits screen's due
/// accounts carry the state.
#[test]
fn a_warning_zone_before_overdue() {
    let mut p = Portfolio::new(Store::open_in_memory().unwrap());
    let entered = Clock::at(at(1, 8, 0) - Duration::days(60));
    let mut ids = Vec::new();
    for (name, ago) in [("Soon", 12), ("Calm", 5), ("Late", 20), ("Gone", 40)] {
        let Edit::Saved(id) = p
            .save_account(None, None, &AccountInput::new(name, Tier::Key), &entered)
            .unwrap()
        else {
            panic!()
        };
        let when = at(20, 10, 0) - Duration::days(ago);
        let v = plan(&mut p, id, when, &entered);
        p.close_visit(v, &done(Some(when)), &Clock::at(when + Duration::hours(1)))
            .unwrap();
        ids.push(id);
    }
    let clock = Clock::at(at(20, 9, 0));
    let review = p.today(&clock, 20).unwrap();
    let names: Vec<(&str, Option<CadenceState>)> = review
        .due_by_cadence
        .iter()
        .map(|d| (d.account.name.as_str(), d.state))
        .collect();
    assert_eq!(
        names,
        [
            ("Gone", Some(CadenceState::FarOverdue)),
            ("Late", Some(CadenceState::Overdue)),
            ("Soon", Some(CadenceState::DueSoon)),
        ]
    );
    let json = review.to_json(&clock);
    let codes: Vec<&str> = json["due_by_cadence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["cadence_passed", "cadence_passed", "due_soon"]);
    assert_eq!(json["due_by_cadence"][0]["twice_cadence"], true);
    assert_eq!(json["due_by_cadence"][2]["days_overdue"], -2);
    let due = p.due_by_cadence(&clock).unwrap();
    assert_eq!(due.len(), 3);
    // a visit planned: it leaves the section
    plan(&mut p, ids[0], at(21, 10, 0), &clock);
    let review = p.today(&clock, 20).unwrap();
    assert_eq!(review.due_by_cadence.len(), 2);
}

/// After a low score, the follow-up visit is proposed tomorrow at the
/// hour of the latest done visit, or on the cadence's due day if earlier.
#[test]
fn the_low_score_follow_up_has_a_date() {
    let (mut p, a) = portfolio();
    let entered = Clock::at(at(1, 9, 0));
    let v = plan(&mut p, a, at(1, 15, 0), &entered);
    p.close_visit(v, &done(None), &Clock::at(at(1, 16, 0)))
        .unwrap();
    let survey = |d| SurveyInput {
        contact_id: None,
        taken_at: d,
        channel: SurveyChannel::Phone,
        scores: [None, None, None, None, None, Some(2)],
        comment: String::new(),
    };
    let clock = Clock::at(at(5, 11, 0));
    let saved = p.save_survey(a, None, &survey(day(5)), &clock).unwrap();
    assert_eq!(saved.follow_up.unwrap().visit_at, at(6, 15, 0));
    // the cadence falls due on the 15th: from the 15th on, today's due day
    // comes first, and a due day already gone by is today (or tomorrow
    // once its hour has passed)
    let clock = Clock::at(at(15, 9, 0));
    assert_eq!(p.follow_up_visit_at(a, &clock).unwrap(), at(15, 15, 0));
    let late = Clock::at(at(20, 16, 0));
    assert_eq!(p.follow_up_visit_at(a, &late).unwrap(), at(21, 15, 0));
    // never visited: tomorrow at 10:00
    let mut q = Portfolio::new(Store::open_in_memory().unwrap());
    let Edit::Saved(b) = q
        .save_account(
            None,
            None,
            &AccountInput::new("New", Tier::General),
            &entered,
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(q.follow_up_visit_at(b, &clock).unwrap(), at(16, 10, 0));
}

/// In the dashboard: `d` on a planned visit opens the form with "done on"
/// at now; a time in the future is refused under the field; an earlier one
/// is saved. Then the low-score offer's `v` and Ctrl-S schedule a visit.
#[test]
fn the_done_form_asks_when_and_two_keys_schedule_the_follow_up() {
    let (mut p, a) = portfolio();
    let clock = Clock::at(at(2, 16, 0));
    let v = plan(&mut p, a, at(3, 10, 0), &clock);
    let mut app = App::on(p, clock, Theme::plain());
    app.run(kam::tui::effect::Effect::OpenAccount(a));
    app.run(kam::tui::effect::Effect::VisitDoneForm(v));
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("Done on"), "{screen}");
    assert!(screen.contains("2026-12-02 16:00"), "{screen}");
    insta::assert_snapshot!("dates_done_form", screen);

    typed(&mut app, "Signed");
    // the done-on: tomorrow is refused
    press(&mut app, KeyCode::BackTab);
    ctrl(&mut app, 'u');
    typed(&mut app, "2026-12-03 09:00");
    ctrl(&mut app, 's');
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("cannot be in the future"), "{screen}");
    ctrl(&mut app, 'u');
    typed(&mut app, "2026-12-02 11:00");
    ctrl(&mut app, 's');
    assert_eq!(
        app.portfolio.visit(v).unwrap().completed_at,
        Some(at(2, 11, 0))
    );
    // the next visit's form it proposes: closed unsaved
    press(&mut app, KeyCode::Esc);
    if app.modal.is_some() {
        press(&mut app, KeyCode::Char('y'));
    }
    // a low score: its offer's `v`, then Ctrl-S, schedules the follow-up
    let low = SurveyInput {
        contact_id: None,
        taken_at: day(2),
        channel: SurveyChannel::Phone,
        scores: [None, None, None, None, None, Some(1)],
        comment: String::new(),
    };
    app.run(kam::tui::effect::Effect::SaveSurvey {
        account_id: a,
        id: None,
        input: low,
        base: None,
    });
    press(&mut app, KeyCode::Char('v'));
    let screen = kam::tui::render_text(&app, 80, 24);
    assert!(screen.contains("2026-12-03"), "{screen}");
    ctrl(&mut app, 's');
    assert!(
        app.modal.is_none(),
        "{}",
        kam::tui::render_text(&app, 80, 24)
    );
    let planned: Vec<NaiveDateTime> = app
        .portfolio
        .planned_visits_between(None, None)
        .unwrap()
        .iter()
        .map(|v| v.scheduled_at)
        .collect();
    // tomorrow at the hour of the latest done visit (planned for 10:00)
    assert_eq!(planned, [at(3, 10, 0)]);
}

/// The due-soon, overdue and twice-overdue symbols in the Accounts list,
/// Today and the Visits screen, readable without colour.
#[test]
fn due_soon_and_overdue_show_their_symbols() {
    let mut p = Portfolio::new(Store::open_in_memory().unwrap());
    let entered = Clock::at(at(1, 8, 0) - Duration::days(60));
    for (name, ago) in [
        ("Soon Ltd", 12),
        ("Calm Ltd", 5),
        ("Late Ltd", 20),
        ("Gone Ltd", 40),
    ] {
        let Edit::Saved(id) = p
            .save_account(None, None, &AccountInput::new(name, Tier::Key), &entered)
            .unwrap()
        else {
            panic!()
        };
        let when = at(20, 10, 0) - Duration::days(ago);
        let v = plan(&mut p, id, when, &entered);
        p.close_visit(v, &done(Some(when)), &Clock::at(when + Duration::hours(1)))
            .unwrap();
    }
    let mut app = App::on(p, Clock::at(at(20, 9, 0)), Theme::plain());
    app.run(kam::tui::effect::Effect::LoadTab);
    let today = kam::tui::render_text(&app, 100, 30);
    for sym in ["◔ due in 2 days", "● 6d", "‼ 26d"] {
        assert!(today.contains(sym), "{sym}\n{today}");
    }
    press(&mut app, KeyCode::Char('2'));
    let accounts = kam::tui::render_text(&app, 100, 30);
    assert!(
        accounts.contains("◔ 12d") && accounts.contains("‼ 40d"),
        "{accounts}"
    );
    press(&mut app, KeyCode::Char('4'));
    let visits = kam::tui::render_text(&app, 100, 30);
    assert!(visits.contains("◔ due in 2 days"), "{visits}");
    insta::assert_snapshot!("dates_today", today);
    insta::assert_snapshot!("dates_accounts", accounts);
    insta::assert_snapshot!("dates_visits", visits);
}

/// The done-on travels with the visit: exported as JSON and imported into
/// an empty file, the visit keeps its `completed_at` and the account its
/// last visit.
#[test]
fn the_done_on_round_trips_through_an_export() {
    let (mut p, a) = portfolio();
    let clock = Clock::at(at(5, 9, 0));
    let v = plan(&mut p, a, at(6, 10, 0), &clock);
    p.close_visit(v, &done(Some(at(4, 16, 45))), &clock)
        .unwrap();
    let mut bytes = Vec::new();
    p.export_json(kam::interop::Destination::Stream(&mut bytes), &clock)
        .unwrap();
    let mut q = Portfolio::new(Store::open_in_memory().unwrap());
    q.import_json(&bytes).unwrap();
    let row = q.visit(v).unwrap();
    assert_eq!(row.completed_at, Some(at(4, 16, 45)));
    let summary = q.account_row(a, clock.now).unwrap().unwrap();
    assert_eq!(summary.last_done_visit, Some(day(4)));
}

/// The done-on field in Chinese.
#[test]
fn the_done_on_field_in_chinese() {
    kam::strings::with_lang(kam::strings::Lang::Zh, || {
        let (mut p, a) = portfolio();
        let clock = Clock::at(at(2, 16, 0));
        let v = plan(&mut p, a, at(3, 10, 0), &clock);
        let mut app = App::on(p, clock, Theme::plain());
        app.run(kam::tui::effect::Effect::OpenAccount(a));
        app.run(kam::tui::effect::Effect::VisitDoneForm(v));
        press(&mut app, KeyCode::BackTab);
        let screen = kam::tui::render_text(&app, 80, 24);
        assert!(screen.contains("完成于"), "{screen}");
        assert!(screen.contains("不能晚于现在"), "the hint: {screen}");
        ctrl(&mut app, 'u');
        typed(&mut app, "明天 9:00");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "谈妥试用");
        ctrl(&mut app, 's');
        let screen = kam::tui::render_text(&app, 80, 24);
        assert!(screen.contains("不能晚于现在"), "{screen}");
    });
}
