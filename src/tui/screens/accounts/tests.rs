//! The Accounts list driven as a user would: sort, filter, search, move.

use super::*;
use crate::domain::AccountInput;
use crate::store::Store;
use crate::tui::App;
use crate::tui::app::Tab;
use crate::tui::widgets::table;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The Accounts list of a store holding four accounts.
fn app() -> App {
    let store = Store::open_in_memory().unwrap();
    let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for (name, tier, revenue) in [
        ("Harbor Steel", Tier::General, 300),
        ("华东精密机械", Tier::Key, 100),
        ("华南物流", Tier::Important, 200),
        ("acme tools", Tier::Key, 400),
    ] {
        let mut a = AccountInput::new(name, tier);
        a.annual_revenue = revenue;
        a.owner = "Li".into();
        store.add_account(&a, &clock).unwrap();
    }
    let mut app = App::unloaded(store, clock, Theme::plain());
    app.tab = Tab::Accounts;
    app.run(Effect::LoadTab);
    app
}

fn names(app: &App) -> Vec<String> {
    let s = &app.tabs.accounts;
    let all = app
        .portfolio
        .store()
        .summaries_of(&s.shown, app.clock.now)
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect::<HashMap<_, _>>();
    s.shown.iter().map(|id| all[id].clone()).collect()
}

fn act(app: &mut App, action: Action) -> Option<Effect> {
    let effect = app.tabs.accounts.update(action);
    app.settle();
    effect
}

fn type_search(app: &mut App, text: &str) {
    for c in text.chars() {
        app.tabs
            .accounts
            .search_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        app.settle();
    }
}

#[test]
fn default_sort_is_by_tier_then_name() {
    assert_eq!(
        names(&app()),
        ["acme tools", "华东精密机械", "华南物流", "Harbor Steel"]
    );
}

#[test]
fn s_cycles_columns_and_reverse_flips() {
    let mut app = app();
    for _ in 0..5 {
        act(&mut app, Action::SortNext); // Health, Level, Status, Owner, Revenue
    }
    assert_eq!(app.tabs.accounts.query.sort, Some(SortKey::Revenue));
    assert!(app.tabs.accounts.query.descending, "biggest first");
    assert_eq!(
        names(&app),
        ["acme tools", "Harbor Steel", "华南物流", "华东精密机械"]
    );
    act(&mut app, Action::SortReverse);
    assert_eq!(names(&app)[0], "华东精密机械");
}

#[test]
fn every_sort_key_orders_the_list_both_ways() {
    let mut app = app();
    for _ in 0..2 * SortKey::ALL.len() {
        act(&mut app, Action::SortNext);
        assert_eq!(app.tabs.accounts.shown_len(), 4);
        act(&mut app, Action::SortReverse);
        assert_eq!(app.tabs.accounts.shown_len(), 4);
    }
}

#[test]
fn search_matches_chinese_pinyin_and_latin_ignoring_case() {
    let mut app = app();
    act(&mut app, Action::Search);
    assert!(app.tabs.accounts.search.typing);
    type_search(&mut app, "精密");
    assert_eq!(names(&app), ["华东精密机械"]);
    act(&mut app, Action::SearchCancel);
    assert_eq!(app.tabs.accounts.shown_len(), 4);
    act(&mut app, Action::Search);
    type_search(&mut app, "hd");
    assert_eq!(names(&app), ["华东精密机械"]);
    act(&mut app, Action::SearchCancel);
    act(&mut app, Action::Search);
    type_search(&mut app, "STEEL");
    assert_eq!(names(&app), ["Harbor Steel"]);
    act(&mut app, Action::SearchAccept);
    assert!(!app.tabs.accounts.search.typing);
    assert_eq!(
        app.tabs.accounts.search_text(),
        "STEEL",
        "Enter keeps the filter"
    );
    act(&mut app, Action::Back);
    assert_eq!(
        app.tabs.accounts.shown_len(),
        4,
        "Esc in the list clears it"
    );
}

#[test]
fn deleting_search_text_widens_the_list_again() {
    let mut app = app();
    act(&mut app, Action::Search);
    type_search(&mut app, "ha");
    assert_eq!(names(&app), ["Harbor Steel"]);
    app.tabs
        .accounts
        .search_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    app.settle();
    // "h": Harbor, and 华 (hua) of both Chinese names
    assert_eq!(app.tabs.accounts.shown_len(), 3);
}

#[test]
fn tier_and_status_filters_cycle_back_to_all() {
    let mut app = app();
    act(&mut app, Action::FilterTier);
    assert_eq!(app.tabs.accounts.query.tier, Some(Tier::Key));
    assert_eq!(names(&app), ["acme tools", "华东精密机械"]);
    for _ in 0..3 {
        act(&mut app, Action::FilterTier);
    }
    assert_eq!(app.tabs.accounts.query.tier, None);
    act(&mut app, Action::FilterStatus);
    assert_eq!(app.tabs.accounts.query.status, Some(AccountStatus::Active));
    act(&mut app, Action::FilterStatus);
    assert_eq!(app.tabs.accounts.shown_len(), 0);
}

#[test]
fn movement_stays_in_bounds_and_open_returns_the_selected_account() {
    let mut app = app();
    act(&mut app, Action::Up);
    assert_eq!(app.tabs.accounts.list.selected, 0);
    act(&mut app, Action::Bottom);
    act(&mut app, Action::Down);
    assert_eq!(app.tabs.accounts.list.selected, 3);
    assert_eq!(act(&mut app, Action::Open), Some(Effect::OpenAccount(1)));
    act(&mut app, Action::Top);
    assert_eq!(
        act(&mut app, Action::Edit),
        Some(Effect::EditAccountForm(4))
    );
}

#[test]
fn reloading_keeps_the_selected_account() {
    let mut app = app();
    act(&mut app, Action::Down);
    let id = app.tabs.accounts.selected().unwrap().id;
    app.run(Effect::LoadAccounts);
    assert_eq!(app.tabs.accounts.selected().unwrap().id, id);
}

#[test]
fn only_the_rows_near_the_window_are_loaded() {
    let store = Store::open_in_memory().unwrap();
    let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for i in 0..600 {
        let a = AccountInput::new(&format!("Account {i:03}"), Tier::General);
        store.add_account(&a, &clock).unwrap();
    }
    let mut app = App::unloaded(store, clock, Theme::plain());
    app.tab = Tab::Accounts;
    app.run(Effect::LoadTab);
    assert_eq!(app.tabs.accounts.shown_len(), 600);
    assert!(
        app.tabs.accounts.rows.len() <= 60 + table::MARGIN,
        "{}",
        app.tabs.accounts.rows.len()
    );
    act(&mut app, Action::Bottom);
    assert_eq!(app.tabs.accounts.selected().unwrap().name, "Account 599");
    assert!(app.tabs.accounts.rows.len() <= table::KEEP_ROWS);
}

#[test]
fn archive_asks_for_confirmation() {
    let mut app = app();
    match act(&mut app, Action::Archive) {
        Some(Effect::Confirm { question, .. }) => assert!(question.contains("acme tools")),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// Issue 19, item 13: `/` starts a new search every time; the list finds
/// accounts by their people (name, pinyin, phone, email) and Enter opens
/// the account on the contact found.
#[test]
fn search_starts_afresh_and_finds_accounts_by_their_contacts() {
    use crate::domain::{ContactInput, Department, Seniority};
    let mut app = app();
    let store = app.portfolio.store();
    let harbor = store.account_search_forms(false).unwrap();
    let harbor = harbor
        .iter()
        .find(|(_, n, _)| n == "Harbor Steel")
        .unwrap()
        .0;
    let mut c = ContactInput::new("李洋", Department::Purchasing, Seniority::Manager);
    c.phone = "+86 138 0013 8000".into();
    c.email = "Yang.Li@harbor.example".into();
    let li = store.add_contact(harbor, &c, &app.clock).unwrap();
    app.tabs.accounts.reload();
    app.settle();

    act(&mut app, Action::Search);
    type_search(&mut app, "oak");
    act(&mut app, Action::SearchAccept);
    act(&mut app, Action::Search);
    assert_eq!(app.tabs.accounts.search_text(), "", "/ starts from nothing");
    for needle in ["李洋", "liyang", "ly", "1380013", "138 0013", "yang.li@"] {
        act(&mut app, Action::SearchCancel);
        act(&mut app, Action::Search);
        type_search(&mut app, needle);
        assert_eq!(names(&app), ["Harbor Steel"], "{needle}");
        assert_eq!(
            app.tabs.accounts.found_via(harbor).map(|(id, _)| *id),
            Some(li)
        );
        assert_eq!(
            act(&mut app, Action::Open),
            Some(Effect::OpenAccountContact(harbor, li)),
            "{needle}"
        );
    }
    // found by its own name: opens as an account, names no contact
    act(&mut app, Action::SearchCancel);
    act(&mut app, Action::Search);
    type_search(&mut app, "harbor");
    assert_eq!(app.tabs.accounts.found_via(harbor), None);
    assert_eq!(
        act(&mut app, Action::Open),
        Some(Effect::OpenAccount(harbor))
    );
}
