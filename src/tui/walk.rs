//! The keymap walked on the real screens (issue 19, item 15): every key
//! the `?` overlay lists for a screen, a section or a kind of Today row is
//! pressed there on the demo portfolio, and must change what is on the
//! screen — act, open something, move, or say why it cannot. A listed key
//! that leaves the screen as it was fails the test, naming it.

use super::app::{App, Tab};
use super::effect::Effect;
use super::keymap::{self, Action, Ctx, Key};
use super::theme::Theme;
use crate::domain::Clock;
use crate::portfolio::Portfolio;
use crate::store::Store;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A laptop's terminal.
const W: u16 = 80;
const H: u16 = 24;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
}

/// A demo portfolio in memory, built once and copied for every press.
fn demo() -> &'static [u8] {
    static DEMO: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("walk.sqlite3");
        let mut store = Store::open(&path).unwrap();
        crate::demo::fill(&mut store, 40, &clock()).unwrap();
        drop(store);
        let db = std::fs::read(&path).unwrap();
        assert!(!db.is_empty());
        db
    })
}

fn app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.sqlite3");
    std::fs::write(&path, demo()).unwrap();
    let mut portfolio = Portfolio::new(Store::open(&path).unwrap());
    // the demo is written outside the journal: a few recorded changes
    // give the History section rows to move between
    let rich = portfolio.account(rich(&portfolio)).unwrap();
    for note in ["first call", "second call", "third call"] {
        let mut input = rich.input.clone();
        input.notes = note.into();
        portfolio
            .save_account(Some(rich.id), None, &input, &clock())
            .unwrap();
        let promise = crate::domain::CommitmentInput {
            what: format!("a quote after the {note}"),
            due_on: Some(clock().today()),
            ..Default::default()
        };
        portfolio
            .save_commitment(rich.id, None, &promise, &clock())
            .unwrap();
    }
    let app = App::on(portfolio, clock(), Theme::plain());
    (app, dir)
}

/// The demo account the account sections are walked on: the one with the
/// most contacts (and complaints, visits, surveys enough to move between).
fn rich(p: &Portfolio) -> i64 {
    let ids = p.store().account_search_forms(false).unwrap();
    ids.iter()
        .map(|(id, ..)| *id)
        .max_by_key(|&id| (p.store().contacts_of(id).unwrap().len(), -id))
        .unwrap()
}

fn press(app: &mut App, code: KeyCode, ctrl: bool) {
    let mods = if ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    app.on_key(KeyEvent::new(code, mods));
}

/// The screen as drawn, styles included (the selected row is marked by
/// its style), and where the cursor stands.
fn screen(app: &App, height: u16) -> (ratatui::buffer::Buffer, ratatui::layout::Position) {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(W, height)).unwrap();
    term.draw(|f| app.render(f)).unwrap();
    let cursor = term.get_cursor_position().unwrap();
    (term.backend().buffer().clone(), cursor)
}

/// Where a walk starts: a tab, optionally an account section or the kind
/// of Today row to move to.
#[derive(Debug, Clone, Copy)]
enum Place {
    Tab(Tab),
    /// The Account view of the first account, this many sections on.
    Section(usize),
    /// A record in full: `Enter` on the first row of this kind of a tab.
    Detail(Tab, Ctx),
}

/// Opens `place` and moves to a row whose context is `want`, if needed.
fn open(place: Place, want: Ctx) -> Option<(App, tempfile::TempDir)> {
    let (mut app, dir) = app();
    match place {
        Place::Tab(tab) => {
            app.tab = tab;
            app.run(Effect::LoadTab);
        }
        Place::Detail(tab, row) => {
            let (app, dir) = open(Place::Tab(tab), row)?;
            let mut app = app;
            press(&mut app, KeyCode::Enter, false);
            return (app.context() == want).then_some((app, dir));
        }
        Place::Section(n) => {
            app.tab = Tab::Accounts;
            app.run(Effect::LoadTab);
            let rich = rich(&app.portfolio);
            app.run(Effect::OpenAccount(rich));
            for _ in 0..n {
                press(&mut app, KeyCode::Right, false);
            }
        }
    }
    for _ in 0..400 {
        if app.context() == want {
            return Some((app, dir));
        }
        press(&mut app, KeyCode::Char('j'), false);
    }
    None
}

/// What to press first so that the action has something to act on: a
/// search to clear, a filter to take off, a row below the first.
fn prepare(action: Action, ctx: Ctx) -> Vec<KeyCode> {
    let c = KeyCode::Char;
    match (action, ctx) {
        (Action::Back, Ctx::Accounts | Ctx::Complaints) => {
            vec![c('/'), c('a'), KeyCode::Enter]
        }
        (Action::Back, Ctx::Surveys) => vec![c('l')],
        (Action::Up | Action::Top | Action::PageUp, _) => vec![c('j'), c('j')],
        (Action::PrevSection, _) => vec![KeyCode::Right],
        // `h` there shows all again: after `h` on a contact showed its part
        (Action::History, Ctx::AccountHistory) => {
            vec![KeyCode::Left; 4].into_iter().chain([c('h')]).collect()
        }
        _ => Vec::new(),
    }
}

/// The keys of a binding worth pressing (the digits of screens that exist).
fn pressed(binding: &keymap::Binding) -> Vec<Key> {
    binding
        .keys
        .iter()
        .copied()
        .filter(|k| match (binding.action, k.code) {
            // the digits of the other screens (the one in front stays)
            (Action::GoTab, KeyCode::Char(d)) => {
                d.to_digit(10).is_some_and(|d| d as usize <= Tab::COUNT)
            }
            _ => true,
        })
        .collect()
}

#[test]
fn every_listed_key_does_something_where_it_is_listed() {
    let places: Vec<(Place, Ctx)> = vec![
        (Place::Tab(Tab::Today), Ctx::TodayVisit),
        (Place::Tab(Tab::Today), Ctx::TodayComplaint),
        (Place::Tab(Tab::Today), Ctx::TodayPromise),
        (Place::Tab(Tab::Today), Ctx::TodayAccount),
        (Place::Tab(Tab::Today), Ctx::TodayLowScore),
        (Place::Tab(Tab::Today), Ctx::TodayBirthday),
        (Place::Tab(Tab::Accounts), Ctx::Accounts),
        (Place::Tab(Tab::Complaints), Ctx::Complaints),
        (Place::Tab(Tab::Visits), Ctx::Visits),
        (Place::Tab(Tab::Surveys), Ctx::Surveys),
        (Place::Section(0), Ctx::AccountOverview),
        (Place::Section(1), Ctx::AccountBrief),
        (Place::Section(2), Ctx::AccountContacts),
        (Place::Section(3), Ctx::AccountComplaints),
        (Place::Section(4), Ctx::AccountVisits),
        (Place::Section(5), Ctx::AccountPromises),
        (Place::Section(6), Ctx::AccountSurveys),
        (Place::Section(7), Ctx::AccountHistory),
        (Place::Detail(Tab::Visits, Ctx::Visits), Ctx::VisitRecord),
        (
            Place::Detail(Tab::Complaints, Ctx::Complaints),
            Ctx::ComplaintRecord,
        ),
        (Place::Detail(Tab::Surveys, Ctx::Surveys), Ctx::SurveyRecord),
    ];
    let mut idle = Vec::new();
    let mut walked = 0;
    for (place, ctx) in places {
        assert!(open(place, ctx).is_some(), "{place:?} has no {ctx:?} row");
        for binding in keymap::bindings_for(ctx) {
            // Ctrl-C and Ctrl-Z are the main loop's, before the keymap
            if matches!(binding.action, Action::Stop | Action::Suspend) {
                continue;
            }
            for key in pressed(binding) {
                let (mut app, _dir) = open(place, ctx).unwrap();
                let moves = matches!(
                    binding.action,
                    Action::Up
                        | Action::Down
                        | Action::Top
                        | Action::Bottom
                        | Action::PageUp
                        | Action::PageDown
                );
                // a page that fits the smallest window kam draws (80×24)
                // has nothing to scroll; its scrolling is tested with a
                // longer one (tests/records.rs)
                let fits = matches!(
                    ctx,
                    Ctx::AccountBrief | Ctx::VisitRecord | Ctx::ComplaintRecord | Ctx::SurveyRecord
                );
                if moves && fits {
                    continue;
                }
                let height = H;
                // the digit of the screen in front goes nowhere
                let digit = char::from_digit(app.tab.index() as u32 + 1, 10);
                if matches!(place, Place::Tab(_)) && key.code == KeyCode::Char(digit.unwrap()) {
                    continue;
                }
                for code in prepare(binding.action, ctx) {
                    // drawn after each key, as the dashboard is
                    screen(&app, height);
                    press(&mut app, code, false);
                }
                let before = screen(&app, height);
                press(&mut app, key.code, key.ctrl);
                walked += 1;
                let after = screen(&app, height);
                let refused = super::buffer_text(&after.0)
                    .contains(&keymap::not_here(&keymap::key_name(&key), binding.action));
                if !app.quit && (before == after || refused) {
                    idle.push(format!(
                        "{ctx:?}: {} ({:?})",
                        keymap::key_name(&key),
                        binding.action
                    ));
                }
            }
        }
    }
    assert!(walked > 100, "only {walked} keys walked");
    assert!(
        idle.is_empty(),
        "listed keys that do nothing:\n{}",
        idle.join("\n")
    );
}
