//! Screens rendered into ratatui's TestBackend and compared as snapshots,
//! and key sequences fed into the app with their effect on state and
//! database.

mod common;

use chrono::{Duration, NaiveDate};
use kam::domain::ComplaintStatus;
use kam::domain::VisitStatus;
use kam::domain::*;
use kam::store::Store;
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// A small portfolio with Chinese and Latin names of different widths.
fn fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let c = clock();
    let add = |name: &str, tier: Tier, level: u8, revenue: i64, profit: i64, owner: &str| {
        let mut a = AccountInput::new(name, tier);
        a.relationship_level = RelationshipLevel::from_number(level.into()).unwrap();
        a.annual_revenue = revenue * 100;
        a.annual_profit = profit * 100;
        a.owner = owner.into();
        a.industry = "machinery".into();
        store.add_account(&a, &c).unwrap()
    };
    let hd = add(
        "华东精密机械有限公司",
        Tier::Key,
        4,
        12_500_000,
        1_100_000,
        "李娜",
    );
    let harbor = add(
        "Harbor Steel Works Ltd",
        Tier::Key,
        3,
        8_200_000,
        -150_000,
        "Wang Lei",
    );
    let hn = add("华南物流", Tier::Important, 2, 2_400_000, 310_000, "李娜");
    add(
        "Bluewater Foods Inc.",
        Tier::General,
        1,
        450_000,
        60_000,
        "Chen Jing",
    );
    add(
        "欧阳电子科技（深圳）股份有限公司",
        Tier::Important,
        5,
        5_600_000,
        720_000,
        "李娜",
    );

    let mut zhang = ContactInput::new("张伟", Department::Purchasing, Seniority::Manager);
    zhang.our_side = "李娜".into();
    zhang.tie_strength = 4;
    zhang.title = "采购经理".into();
    let zhang = store.add_contact(hd, &zhang, &c).unwrap();
    store
        .add_contact(
            harbor,
            &ContactInput::new("Sarah Miller", Department::Technical, Seniority::Manager),
            &c,
        )
        .unwrap();
    store
        .add_complaint(
            hd,
            &ComplaintInput {
                contact_id: Some(zhang),
                opened_at: c.now - Duration::days(19),
                category: ComplaintCategory::Delivery,
                severity: Severity::High,
                summary: "交货延期".into(),
                details: String::new(),
                forwarded_to: Some(ForwardedTo::Logistics),
            },
            &c,
        )
        .unwrap();
    let complaint =
        |days: i64, hours: i64, sev: Severity, cat: ComplaintCategory, summary: &str| {
            ComplaintInput {
                contact_id: None,
                opened_at: c.now - Duration::days(days) - Duration::hours(hours),
                category: cat,
                severity: sev,
                summary: summary.into(),
                details: String::new(),
                forwarded_to: None,
            }
        };
    for (account, input) in [
        (
            harbor,
            complaint(
                0,
                5,
                Severity::Critical,
                ComplaintCategory::Quality,
                "Sensor failures",
            ),
        ),
        (
            hn,
            complaint(
                5,
                0,
                Severity::Low,
                ComplaintCategory::Service,
                "售后响应太慢",
            ),
        ),
        (
            harbor,
            complaint(
                40,
                0,
                Severity::Medium,
                ComplaintCategory::Price,
                "Invoice mismatch",
            ),
        ),
    ] {
        store.add_complaint(account, &input, &c).unwrap();
    }
    let visit = |days: i64| VisitInput {
        scheduled_at: c.now + Duration::days(days),
        kind: VisitKind::Visit,
        purpose: "Quarterly review".into(),
        contact_ids: vec![],
    };
    store.add_visit(hd, &visit(3), &c).unwrap();
    for (days, overall, delivery) in [(120, 4, Some(4)), (60, 4, Some(3)), (20, 3, None)] {
        store
            .add_survey(
                hd,
                &SurveyInput {
                    contact_id: Some(zhang),
                    taken_at: c.today() - Duration::days(days),
                    channel: SurveyChannel::Visit,
                    scores: [Some(4), Some(5), delivery, Some(3), Some(4), Some(overall)],
                    comment: "交货需要更及时".into(),
                },
                &c,
            )
            .unwrap();
    }
    store.add_visit(hn, &visit(-2), &c).unwrap();
    store
}

/// The app on its home screen (Today).
fn home() -> App {
    App::new(fixture(), clock(), Theme::plain())
}

/// The app on the Accounts screen.
fn app() -> App {
    let mut app = home();
    press(&mut app, KeyCode::Char('2'));
    app
}

use common::{ctrl, press, typed};

fn screen(app: &App, w: u16, h: u16) -> String {
    kam::tui::render_text(app, w, h)
}

#[test]
fn accounts_at_80x24() {
    insta::assert_snapshot!(screen(&app(), 80, 24));
}

#[test]
fn accounts_at_160x45() {
    insta::assert_snapshot!(screen(&app(), 160, 45));
}

#[test]
fn chinese_and_latin_names_line_up() {
    let text = screen(&app(), 160, 45);
    // the Tier column starts at the same cell on every account row
    let col = |line: &str| {
        let idx = line
            .find(" key ")
            .or_else(|| line.find(" important "))
            .or_else(|| line.find(" general "))?;
        Some(kam::domain::text::width(&line[..idx]))
    };
    let cols: Vec<usize> = text.lines().filter_map(col).collect();
    assert_eq!(cols.len(), 5, "{text}");
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{cols:?}\n{text}");
}

#[test]
fn the_account_view_shows_every_field_and_figure() {
    let mut app = app();
    press(&mut app, KeyCode::Enter);
    let uid = app.tabs.accounts.selected().unwrap().uid.clone();
    let text = screen(&app, 120, 40).replace(&uid, &format!("{:<36}", "<uid>"));
    insta::assert_snapshot!(text);
}

#[test]
fn too_small_a_terminal_says_so() {
    let text = screen(&app(), 60, 20);
    assert!(text.contains("Terminal too small: 60×20"), "{text}");
}

#[test]
fn an_empty_database_explains_what_to_do() {
    let app = App::new(Store::open_in_memory().unwrap(), clock(), Theme::plain());
    let text = screen(&app, 100, 30);
    assert!(text.contains("No accounts yet"), "{text}");
    assert!(text.contains("kam --demo"), "{text}");
    assert!(text.contains("a  to add your first account"), "{text}");
}

#[test]
fn help_overlay_lists_the_keys_of_the_screen() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    let text = screen(&app, 100, 30);
    assert!(text.contains("reverse sort"), "{text}");
    assert!(text.contains("quit"), "{text}");
    press(&mut app, KeyCode::Char('x'));
    assert!(app.modal.is_none(), "any key closes the help");
}

#[test]
fn search_finds_a_chinese_name_as_you_type() {
    let mut app = app();
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "华南");
    let text = screen(&app, 100, 30);
    assert!(text.contains("华南物流"), "{text}");
    assert!(!text.contains("Harbor"), "{text}");
    assert!(text.contains("1 of 5 accounts"), "{text}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 100, 30).contains("2,400,000.00"));
}

#[test]
fn search_finds_chinese_names_by_pinyin() {
    for query in ["hdjm", "huadong", "HuaDong", "hd精密", "jingmi"] {
        let mut app = app();
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, query);
        let text = screen(&app, 100, 30);
        assert!(text.contains("华东精密机械有限公司"), "{query}: {text}");
        assert!(text.contains("1 of 5 accounts"), "{query}: {text}");
    }
    // initials do not make Latin names match
    let mut app = app();
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "hsw");
    assert!(screen(&app, 100, 30).contains("0 of 5 accounts"));
}

#[test]
fn names_written_by_another_tool_get_their_pinyin_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let store = Store::open(&path).unwrap();
    let id = store
        .add_account(&AccountInput::new("Placeholder", Tier::Key), &clock())
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE accounts SET name = '华东精密机械', name_search = '' WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(conn);
    let mut app = App::new(Store::open(&path).unwrap(), clock(), Theme::plain());
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "hdjm");
    assert!(screen(&app, 100, 30).contains("华东精密机械"));
}

#[test]
fn adding_an_account_through_the_form_saves_it() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "金桥包装材料有限公司");
    press(&mut app, KeyCode::Tab); // tier
    press(&mut app, KeyCode::Right); // important
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "1,800,000");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none(), "saved and closed");
    let rows = app
        .portfolio
        .store()
        .list_account_summaries(false, clock().now)
        .unwrap();
    let added = rows
        .iter()
        .find(|r| r.name == "金桥包装材料有限公司")
        .expect("saved");
    assert_eq!(added.tier, Tier::Important);
    assert_eq!(added.annual_revenue, 180_000_000);
    assert_eq!(added.visit_cadence_days, 30);
    assert_eq!(app.tabs.accounts.selected().unwrap().id, added.id);
}

#[test]
fn a_form_with_bad_input_saves_nothing_and_says_why() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "lots");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_some(), "the form stays open");
    let text = screen(&app, 100, 30);
    assert!(text.contains("⚠ is required"), "{text}");
    assert!(text.contains("not an amount"), "{text}");
    assert_eq!(app.portfolio.store().count_accounts(false).unwrap(), 5);
}

#[test]
fn escape_on_a_changed_form_asks_before_discarding() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Half typed");
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 100, 30).contains("Discard your changes?"));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.modal.is_none());
    assert_eq!(app.portfolio.store().count_accounts(false).unwrap(), 5);
}

#[test]
fn editing_changes_the_account_everywhere() {
    let mut app = app();
    press(&mut app, KeyCode::Enter); // open the first account
    let id = match app.pages.last() {
        Some(kam::tui::app::Page::Account(v)) => v.id(),
        _ => panic!("account view expected"),
    };
    press(&mut app, KeyCode::Char('e'));
    app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)); // clear the name
    typed(&mut app, "Renamed Co.");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none());
    assert!(screen(&app, 120, 40).contains("Renamed Co."));
    assert_eq!(
        app.portfolio
            .store()
            .get_account(id)
            .unwrap()
            .unwrap()
            .input
            .name,
        "Renamed Co."
    );
}

#[test]
fn archiving_asks_then_hides_and_the_archived_view_brings_it_back() {
    let mut app = app();
    let name = app.tabs.accounts.selected().unwrap().name.clone();
    press(&mut app, KeyCode::Char('d'));
    assert!(screen(&app, 100, 30).contains("Archive"));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        app.portfolio.store().count_accounts(true).unwrap(),
        0,
        "n keeps it"
    );
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.portfolio.store().count_accounts(true).unwrap(), 1);
    let text = screen(&app, 160, 45);
    assert!(text.contains("4 accounts"), "{text}");
    assert!(text.contains(&format!("Archived {name}.")), "{text}");
    press(&mut app, KeyCode::Char('A'));
    let text = screen(&app, 160, 45);
    assert!(text.contains("1 account (archived)"), "{text}");
    assert!(text.contains(&name));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.portfolio.store().count_accounts(true).unwrap(), 0);
}

#[test]
fn hostile_names_are_shown_not_obeyed() {
    // text written by another tool straight into the file
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let store = Store::open(&path).unwrap();
    let id = store
        .add_account(&AccountInput::new("placeholder", Tier::Key), &clock())
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE accounts SET name = ?1, notes = ?2 WHERE id = ?3",
        rusqlite::params![
            "Evil\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31mCo\u{202e}",
            "line\u{1b}[31m one\nline two\u{7}",
            id
        ],
    )
    .unwrap();
    drop(conn);
    let mut app = App::new(Store::open(&path).unwrap(), clock(), Theme::plain());
    press(&mut app, KeyCode::Char('2'));
    for text in [screen(&app, 120, 30), {
        press(&mut app, KeyCode::Enter);
        screen(&app, 120, 30)
    }] {
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!text.contains(bad), "{bad:?} reached the screen:\n{text}");
        }
        assert!(text.contains("Evil␛]52;c;aGk="), "{text}");
    }
}

/// Opens the account named `name` and shows its contacts & breadth section.
fn open_contacts(app: &mut App, name: &str) {
    let id = app
        .portfolio
        .store()
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
        .id;
    app.run(kam::tui::Effect::OpenAccount(id));
    press(app, KeyCode::Right); // the brief
    press(app, KeyCode::Right);
}

#[test]
fn a_single_threaded_account_says_who_holds_it_and_what_to_add() {
    let mut app = app();
    open_contacts(&mut app, "华东精密机械有限公司");
    let text = screen(&app, 120, 32);
    assert!(
        text.contains("Only 张伟 (purchasing) holds this account — add a tie in executive, technical or quality."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_broad_account_shows_its_grid() {
    let store = fixture();
    let id = store
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .find(|r| r.name.starts_with("欧阳"))
        .unwrap()
        .id;
    for (name, dept, level, strength, ours) in [
        (
            "欧阳娜",
            Department::Executive,
            Seniority::Executive,
            4,
            "刘总",
        ),
        (
            "曾强",
            Department::Purchasing,
            Seniority::Manager,
            5,
            "李娜",
        ),
        ("单丽", Department::Purchasing, Seniority::Staff, 3, "李娜"),
        (
            "Peter Novak",
            Department::Technical,
            Seniority::Manager,
            3,
            "Wang Lei",
        ),
        ("解军", Department::Quality, Seniority::Staff, 2, "赵工"),
    ] {
        let mut c = ContactInput::new(name, dept, level);
        c.tie_strength = strength;
        c.our_side = ours.into();
        store.add_contact(id, &c, &clock()).unwrap();
    }
    let mut app = App::new(store, clock(), Theme::plain());
    open_contacts(&mut app, "欧阳电子科技（深圳）股份有限公司");
    let text = screen(&app, 120, 32);
    assert!(
        text.contains("Broad: 4 departments, 3 levels, held by 4 of us."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn adding_a_tie_held_by_a_colleague_changes_the_verdict_everywhere() {
    let mut app = app();
    let breadth_of = |app: &App| {
        app.portfolio
            .store()
            .list_account_summaries(false, clock().now)
            .unwrap()
            .into_iter()
            .find(|r| r.name == "华东精密机械有限公司")
            .unwrap()
            .breadth
    };
    assert_eq!(
        breadth_of(&app).verdict(&app.portfolio.thresholds()),
        kam::domain::breadth::Verdict::SingleThreaded
    );
    open_contacts(&mut app, "华东精密机械有限公司");
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "王芳");
    press(&mut app, KeyCode::Tab); // title
    press(&mut app, KeyCode::Tab); // department
    typed(&mut app, "t"); // technical
    press(&mut app, KeyCode::Tab); // level
    press(&mut app, KeyCode::Tab); // buying role
    press(&mut app, KeyCode::Tab); // tie strength
    typed(&mut app, "4");
    press(&mut app, KeyCode::Tab); // held by
    app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "Wang Lei");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none(), "saved");
    let text = screen(&app, 120, 32);
    assert!(text.contains("Narrow"), "{text}");
    assert!(text.contains("王芳"), "{text}");
    let b = breadth_of(&app);
    assert_eq!((b.departments, b.ties, b.holders), (2, 2, 2));
    assert_eq!(
        b.verdict(&app.portfolio.thresholds()),
        kam::domain::breadth::Verdict::Narrow
    );
    // back in the list, the breadth column moved
    press(&mut app, KeyCode::Esc);
    let list = screen(&app, 160, 45);
    assert!(list.contains("2d 2t"), "{list}");
}

#[test]
fn deleting_a_contact_asks_first() {
    let mut app = app();
    open_contacts(&mut app, "华东精密机械有限公司");
    press(&mut app, KeyCode::Char('d'));
    assert!(screen(&app, 120, 32).contains("Delete 张伟?"));
    press(&mut app, KeyCode::Char('y'));
    assert!(screen(&app, 120, 32).contains("Nobody is known at this account"));
}

fn complaints_app() -> App {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    app
}

#[test]
fn complaints_screen_at_120x40() {
    let app = complaints_app();
    let text = screen(&app, 120, 40);
    assert!(text.contains("Past target   2"), "{text}");
    assert!(text.contains("Oldest open   40d · Harbor Steel Works Ltd · Invoice mismatch"));
    insta::assert_snapshot!(text);
}

#[test]
fn complaints_screen_at_80x24() {
    insta::assert_snapshot!(screen(&complaints_app(), 80, 24));
}

#[test]
fn forward_progress_and_resolve_the_oldest_complaint() {
    let mut app = complaints_app();
    // oldest first: the 40-day price complaint of Harbor Steel (key)
    assert_eq!(
        app.tabs.complaints.selected().unwrap().row.summary,
        "Invoice mismatch"
    );
    let id = app.tabs.complaints.selected().unwrap().row.id;
    press(&mut app, KeyCode::Char('F'));
    typed(&mut app, "t"); // technical
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    let row = app.portfolio.store().get_complaint(id).unwrap().unwrap();
    assert_eq!(row.forwarded_to, Some(ForwardedTo::Technical));
    assert_eq!(row.status, ComplaintStatus::InProgress);

    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Enter); // empty: refused
    assert!(screen(&app, 120, 40).contains("⚠ is required"));
    typed(&mut app, "Credit note issued");
    press(&mut app, KeyCode::Enter);
    let row = app.portfolio.store().get_complaint(id).unwrap().unwrap();
    assert_eq!(row.status, ComplaintStatus::Resolved);
    assert_eq!(row.resolution, "Credit note issued");
    assert_eq!(row.resolved_at, Some(clock().now));

    // the chart, the account's section and the Accounts list agree
    let text = screen(&app, 120, 40);
    assert!(text.contains("Open          3"), "{text}");
    let harbor = app
        .portfolio
        .store()
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .find(|r| r.name.starts_with("Harbor"))
        .unwrap();
    assert_eq!(harbor.open_complaints, 1);
    app.run(kam::tui::Effect::OpenAccountComplaint(harbor.id, id));
    let text = screen(&app, 120, 40);
    assert!(text.contains("1 open · 2 in all"), "{text}");
    assert!(text.contains("resolved    "), "{text}");
    assert!(text.contains("late by 36d"), "{text}");
}

#[test]
fn logging_a_complaint_picks_the_account_then_only_its_contacts() {
    let mut app = complaints_app();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "华东");
    press(&mut app, KeyCode::Enter);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Log a complaint — 华东精密机械有限公司"),
        "{text}"
    );
    // the contact choice offers 张伟 (this account's) and nobody else
    press(&mut app, KeyCode::Right);
    assert!(screen(&app, 120, 40).contains("张伟 · purchasing"));
    press(&mut app, KeyCode::Right);
    assert!(!screen(&app, 120, 40).contains("Sarah Miller"));
    press(&mut app, KeyCode::Right);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "Wrong labels on the pallets");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none(), "saved");
    let logged = app
        .portfolio
        .store()
        .list_complaints(kam::store::complaints::ComplaintQuery {
            account_id: None,
            resolved_limit: 0,
        })
        .unwrap()
        .into_iter()
        .find(|c| c.summary == "Wrong labels on the pallets")
        .unwrap();
    assert_eq!(logged.contact_name.as_deref(), Some("张伟"));
    assert_eq!(logged.opened_at, clock().now);
}

#[test]
fn filters_narrow_the_complaints() {
    let mut app = complaints_app();
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Tab); // severity
    typed(&mut app, "c"); // critical
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let text = screen(&app, 120, 40);
    assert!(text.contains("1 of 4 open complaints"), "{text}");
    assert!(text.contains("Sensor failures"));
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 120, 40).contains("4 open complaints"));
}

fn visits_app() -> App {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    app
}

#[test]
fn visits_agenda_at_120x40() {
    let text = screen(&visits_app(), 120, 40);
    assert!(text.contains("Overdue (1)"), "{text}");
    assert!(text.contains("This week (1)"), "{text}");
    assert!(text.contains("Due by cadence, nothing planned"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_done_visit_proposes_the_next_at_the_cadence() {
    let mut app = visits_app();
    // the overdue visit of 华南物流 (important: every 30 days) is selected
    let visit = app.tabs.visits.selected_visit().unwrap().clone();
    assert_eq!(visit.account_name, "华南物流");
    press(&mut app, KeyCode::Char('d'));
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(
        screen(&app, 120, 40).contains("⚠ is required"),
        "outcome needed"
    );
    typed(&mut app, "Agreed on Q1 volumes");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Send samples");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let done = app.portfolio.store().get_visit(visit.id).unwrap().unwrap();
    assert_eq!(done.status, VisitStatus::Done);
    assert_eq!(done.outcome, "Agreed on Q1 volumes");
    assert_eq!(done.completed_at, Some(clock().now));
    // the proposal: today + 30 days, purpose = the next step; accept it
    let text = screen(&app, 120, 40);
    assert!(text.contains("Next visit"), "{text}");
    assert!(text.contains("→ Wed 2026-12-23"), "{text}");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none());
    let next = app
        .portfolio
        .store()
        .visits_of(visit.account_id, 10)
        .unwrap();
    let planned: Vec<_> = next
        .iter()
        .filter(|v| v.status == VisitStatus::Planned)
        .collect();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].purpose, "Send samples");
    assert_eq!(
        planned[0].scheduled_at.date(),
        NaiveDate::from_ymd_opt(2026, 12, 23).unwrap()
    );
}

#[test]
fn reschedule_a_visit_by_a_week() {
    let mut app = visits_app();
    let id = app.tabs.visits.selected_visit().unwrap().id;
    let before = app.tabs.visits.selected_visit().unwrap().scheduled_at;
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "+1w");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let after = app
        .portfolio
        .store()
        .get_visit(id)
        .unwrap()
        .unwrap()
        .scheduled_at;
    assert_eq!(after.date(), clock().today() + Duration::days(7));
    assert_eq!(after.time(), before.time(), "the time stays");
}

#[test]
fn schedule_a_visit_for_a_due_account_with_two_contacts() {
    let store = fixture();
    let hd = store
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .find(|r| r.name.starts_with("华东"))
        .unwrap()
        .id;
    store
        .add_contact(
            hd,
            &ContactInput::new("王芳", Department::Technical, Seniority::Staff),
            &clock(),
        )
        .unwrap();
    let mut app = App::new(store, clock(), Theme::plain());
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('G')); // the last due account
    let text = screen(&app, 120, 40);
    assert!(text.contains("never visited"), "{text}");
    // schedule from the Account view instead, for 华东 with both contacts
    app.run(kam::tui::Effect::ScheduleVisitForm {
        account_id: hd,
        prefill: Default::default(),
    });
    press(&mut app, KeyCode::BackTab); // contacts
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "tomorrow");
    press(&mut app, KeyCode::Tab);
    app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut app, "1430");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.modal.is_none(), "{}", screen(&app, 120, 40));
    let planned = app.portfolio.store().visits_of(hd, 5).unwrap();
    let v = planned
        .iter()
        .find(|v| v.scheduled_at.date() == clock().today() + Duration::days(1))
        .unwrap();
    assert_eq!(v.contact_ids.len(), 2);
    assert_eq!(
        v.scheduled_at.time(),
        chrono::NaiveTime::from_hms_opt(14, 30, 0).unwrap()
    );
}

#[test]
fn a_past_date_asks_before_logging_a_past_visit() {
    let mut app = visits_app();
    let hn = app.tabs.visits.selected_visit().unwrap().account_id;
    app.run(kam::tui::Effect::ScheduleVisitForm {
        account_id: hn,
        prefill: Default::default(),
    });
    typed(&mut app, "yesterday");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(screen(&app, 120, 40).contains("Log a past visit?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(
        screen(&app, 120, 40).contains("Schedule a visit"),
        "no brings the form back"
    );
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        screen(&app, 120, 40).contains("Visit done"),
        "asks for the outcome"
    );
}

/// The Accounts list with 华东精密 selected.
fn on_huadong(app: &mut App) {
    let id = app
        .portfolio
        .store()
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .find(|r| r.name.starts_with("华东"))
        .unwrap()
        .id;
    app.tabs.accounts.select_id(id);
}

#[test]
fn survey_form_empty_half_filled_and_with_an_error_at_80x24() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Char('S'));
    insta::assert_snapshot!("survey_form_empty", screen(&app, 80, 24));
    typed(&mut app, "452");
    insta::assert_snapshot!("survey_form_half_filled", screen(&app, 80, 24));
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(text.contains("⚠ is required"), "{text}");
    insta::assert_snapshot!("survey_form_error", text);
}

#[test]
fn s_six_digits_and_ctrl_s_record_a_survey() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Char('S'));
    typed(&mut app, "554455");
    ctrl(&mut app, 's');
    assert!(app.modal.is_none(), "saved, no low score to follow up");
    let hd = app.tabs.accounts.selected().unwrap().id;
    let surveys = app
        .portfolio
        .store()
        .list_surveys(kam::store::surveys::SurveyQuery {
            account_id: Some(hd),
            low_only: false,
            limit: 10,
        })
        .unwrap();
    assert_eq!(surveys.len(), 4);
    assert_eq!(
        surveys[0].input.scores,
        [Some(5), Some(5), Some(4), Some(4), Some(5), Some(5)]
    );
    assert_eq!(surveys[0].input.taken_at, clock().today());
    // the Account view shows the new scores and a rising trend
    press(&mut app, KeyCode::Enter);
    // brief, contacts, complaints, visits, promises, surveys
    for _ in 0..6 {
        press(&mut app, KeyCode::Right);
    }
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("4 surveys, latest 2026-11-23 · trend ↑"),
        "{text}"
    );
    // and the Accounts list column moved from 3↓ to 5↑
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('2'));
    assert!(screen(&app, 160, 45).contains("5↑"));
}

#[test]
fn a_low_delivery_score_leads_in_two_keys_to_a_complaint() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Char('S'));
    typed(&mut app, "442444");
    ctrl(&mut app, 's');
    assert!(screen(&app, 120, 40).contains("Delivery scored 2."));
    press(&mut app, KeyCode::Char('c'));
    ctrl(&mut app, 's');
    assert!(app.modal.is_none());
    let complaints = app
        .portfolio
        .store()
        .list_complaints(kam::store::complaints::ComplaintQuery {
            account_id: None,
            resolved_limit: 0,
        })
        .unwrap();
    let c = complaints
        .iter()
        .find(|c| c.summary == "Low satisfaction: Delivery 2/5")
        .expect("logged");
    assert_eq!(c.category, ComplaintCategory::Delivery);
    assert_eq!(c.contact_name, None);
    press(&mut app, KeyCode::Char('3'));
    assert!(screen(&app, 120, 40).contains("Low satisfaction"));
}

#[test]
fn escape_on_a_changed_survey_asks_first() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Char('S'));
    typed(&mut app, "4");
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 100, 30).contains("Discard your changes?"));
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "44444");
    ctrl(&mut app, 's');
    assert!(app.modal.is_none());
}

#[test]
fn surveys_screen_lists_recent_responses_and_filters_low_scores() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    let text = screen(&app, 120, 30);
    assert!(text.contains("3 surveys"), "{text}");
    insta::assert_snapshot!(text);
    press(&mut app, KeyCode::Char('l'));
    assert!(screen(&app, 120, 30).contains("No survey matches"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 120, 30).contains("Survey in full"));
    press(&mut app, KeyCode::Char('e'));
    assert!(screen(&app, 120, 30).contains("Edit survey"));
}

#[test]
fn the_account_view_shows_satisfaction_over_time() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Enter);
    // brief, contacts, complaints, visits, promises, surveys
    for _ in 0..6 {
        press(&mut app, KeyCode::Right);
    }
    let text = screen(&app, 120, 32);
    assert!(text.contains("CSAT 12 mo"), "{text}");
    assert!(text.contains("Overall over time"), "{text}");
    insta::assert_snapshot!(text);
}

fn today_app() -> App {
    home()
}

#[test]
fn today_is_the_home_screen() {
    let app = home();
    assert_eq!(app.tab, kam::tui::app::Tab::Today);
    let text = screen(&app, 120, 45);
    for section in [
        "Visits today and overdue (1)",
        "Complaints past or near their target (3)",
        "Accounts at risk",
        "Key accounts resting on one person (2)",
        "Due by cadence, nothing planned (3)",
        "Low survey scores not followed up (30 days) (0)",
        "No low score waiting for a follow-up.",
        "Birthdays in the next 7 days (0)",
    ] {
        assert!(text.contains(section), "{section}\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn today_at_80x24() {
    insta::assert_snapshot!(screen(&today_app(), 80, 24));
}

#[test]
fn working_down_the_review_updates_it_on_the_spot() {
    let mut app = today_app();
    // the overdue visit of 华南物流 is the first row: mark it done
    press(&mut app, KeyCode::Char('d'));
    typed(&mut app, "Reviewed the forecast");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Esc); // skip the proposed next visit
    let text = screen(&app, 120, 45);
    assert!(text.contains("Visits today and overdue (0)"), "{text}");
    assert!(text.contains("No visit due today."), "{text}");
    // a breaching complaint opens in full; A goes on to its account
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert!(app.record_view().is_some(), "the complaint in full");
    press(&mut app, KeyCode::Char('A'));
    let text = screen(&app, 120, 45);
    assert!(text.contains("1 open · 1 in all"), "{text}");
    assert_eq!(
        app.account_view().unwrap().section,
        kam::tui::screens::account::Section::Complaints
    );
}

#[test]
fn the_overview_explains_the_health_score() {
    let mut app = app();
    on_huadong(&mut app);
    press(&mut app, KeyCode::Enter);
    let text = screen(&app, 120, 40);
    for group in [
        "Satisfaction",
        "Complaints",
        "Contact breadth",
        "Engagement",
        "Relationship",
    ] {
        assert!(text.contains(group), "{group}\n{text}");
    }
    assert!(text.contains("/100"), "{text}");
}

#[test]
fn a_long_agenda_loads_a_page_at_a_time() {
    let mut store = fixture();
    let c = clock();
    let id = store
        .add_account(&AccountInput::new("Busy Co", Tier::Key), &c)
        .unwrap();
    for i in 0..105 {
        store
            .add_visit(
                id,
                &VisitInput {
                    scheduled_at: c.now + Duration::days(30) + Duration::minutes(i),
                    kind: VisitKind::Call,
                    purpose: format!("call {i}"),
                    contact_ids: vec![],
                },
                &c,
            )
            .unwrap();
    }
    let mut app = App::new(store, clock(), Theme::plain());
    press(&mut app, KeyCode::Char('4'));
    let text = screen(&app, 120, 40);
    // the header counts them all; a hundred are loaded
    assert!(text.contains("Later (105)"), "{text}");
    let tall = |app: &App| screen(app, 120, 200);
    assert!(tall(&app).contains("call 99"));
    assert!(!tall(&app).contains("call 100"));
    assert!(tall(&app).contains("5 more — Enter shows 5 more"));
    // from the overdue visit: this week's, a hundred later ones, the more line
    for _ in 0..102 {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Enter);
    let text = tall(&app);
    assert!(text.contains("call 104"), "{text}");
    assert!(!text.contains("more — Enter"), "{text}");
    assert!(
        app.pages.is_empty(),
        "Enter on the more line opened an account"
    );
}

#[test]
fn a_change_patches_its_row_and_matches_a_full_reload() {
    let mut app = app();
    // a survey for the selected account, and a complaint for it
    press(&mut app, KeyCode::Char('S'));
    typed(&mut app, "111111");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    press(&mut app, KeyCode::Esc); // no follow-up now
    let patched = screen(&app, 160, 30);
    // the same store, loaded from scratch
    let store = std::mem::replace(app.portfolio.store_mut(), Store::open_in_memory().unwrap());
    let mut fresh = App::new(store, clock(), Theme::plain());
    press(&mut fresh, KeyCode::Char('2'));
    let reloaded = screen(&fresh, 160, 30);
    let rows = |s: &str| {
        s.lines()
            .skip(3)
            .take(6)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&patched), rows(&reloaded), "{patched}\n{reloaded}");
    // the survey moved the account's health (42 before) and satisfaction
    assert!(patched.contains("33! 3 responsible"), "{patched}");
}
