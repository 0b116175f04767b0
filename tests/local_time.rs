//! Audit stamps (`created_at`, `updated_at`, `archived_at`) are stored in
//! UTC and shown in local time: 创建时间 of an account made at 09:00 in
//! Shanghai reads 09:00, not 01:00.

mod common;

use chrono::{Duration, NaiveDate};
use common::press;
use kam::domain::*;
use kam::store::Store;
use kam::strings::{Lang, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

/// 2026-11-23 09:00 in Asia/Shanghai (UTC+8), the two readings a few
/// microseconds apart as a real clock's may be.
fn shanghai() -> Clock {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    Clock {
        now,
        utc: now - Duration::hours(8) + Duration::microseconds(3),
    }
}

fn portfolio(clock: &Clock) -> Store {
    let store = Store::open_in_memory().unwrap();
    store
        .add_account(&AccountInput::new("华东精密", Tier::Key), clock)
        .unwrap();
    store
}

#[test]
fn the_overview_shows_when_an_account_was_made_in_local_time() {
    let clock = shanghai();
    for lang in [Lang::Zh, Lang::En] {
        let text = with_lang(lang, || {
            let mut app = App::new(portfolio(&clock), clock, Theme::plain());
            press(&mut app, KeyCode::Char('2'));
            press(&mut app, KeyCode::Enter);
            kam::tui::render_text(&app, 120, 60)
        });
        let created = text
            .lines()
            .find(|l| l.contains("创建时间") || l.contains("Created"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(created.contains("2026-11-23 09:00"), "{created}\n{text}");
        assert!(!created.contains("01:00"), "{created}");
        assert!(!created.contains("UTC"), "{created}");
    }
}
