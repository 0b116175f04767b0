//! kam in Chinese: every screen, overlay and form rendered with the zh-CN
//! interface over a portfolio whose data is Chinese too, so that any Latin
//! word left on screen is an untranslated piece of the interface.

mod common;

use chrono::{Duration, NaiveDate};
use kam::domain::*;
use kam::store::Store;
use kam::strings::{Lang, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// A portfolio written entirely in Chinese: every Latin word on screen
/// must then come from the interface.
fn fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let c = clock();
    let add = |name: &str, tier: Tier, level: u8, revenue: i64| {
        let mut a = AccountInput::new(name, tier);
        a.relationship_level = RelationshipLevel::from_number(level.into()).unwrap();
        a.annual_revenue = revenue * 100;
        a.annual_profit = revenue * 8;
        a.owner = "李娜".into();
        a.industry = "机械".into();
        a.region = "华东".into();
        a.notes = "年度框架协议明年三月到期，需要提前准备续约方案。".into();
        store.add_account(&a, &c).unwrap()
    };
    let hd = add("华东精密机械有限公司", Tier::Key, 4, 12_500_000);
    let hn = add("华南物流", Tier::Important, 2, 2_400_000);
    add(
        "欧阳电子科技（深圳）股份有限公司",
        Tier::General,
        5,
        560_000,
    );

    let mut zhang = ContactInput::new("张伟", Department::Purchasing, Seniority::Manager);
    zhang.our_side = "李娜".into();
    zhang.tie_strength = 4;
    zhang.title = "采购经理".into();
    zhang.birthday = NaiveDate::from_ymd_opt(1980, 11, 26);
    let zhang = store.add_contact(hd, &zhang, &c).unwrap();
    let mut wang = ContactInput::new("王芳", Department::Quality, Seniority::Staff);
    wang.our_side = "李娜".into();
    wang.title = "质量工程师".into();
    store.add_contact(hn, &wang, &c).unwrap();

    for (account, days, severity, summary) in [
        (hd, 19, Severity::High, "交货延期，影响客户生产线"),
        (hn, 1, Severity::Critical, "售后响应太慢"),
        (hd, 40, Severity::Medium, "发票金额不符"),
    ] {
        store
            .add_complaint(
                account,
                &ComplaintInput {
                    contact_id: (account == hd).then_some(zhang),
                    opened_at: c.now - Duration::days(days),
                    category: ComplaintCategory::Delivery,
                    severity,
                    summary: summary.into(),
                    details: String::new(),
                    forwarded_to: Some(ForwardedTo::Logistics),
                },
                &c,
            )
            .unwrap();
    }
    for (account, days) in [(hd, 3), (hn, -2), (hd, 0)] {
        store
            .add_visit(
                account,
                &VisitInput {
                    scheduled_at: c.now + Duration::days(days),
                    kind: VisitKind::Visit,
                    purpose: "季度业务回顾".into(),
                    contact_ids: vec![],
                },
                &c,
            )
            .unwrap();
    }
    for (days, overall) in [(120, 4), (60, 4), (10, 2)] {
        store
            .add_survey(
                hd,
                &SurveyInput {
                    contact_id: Some(zhang),
                    taken_at: c.today() - Duration::days(days),
                    channel: SurveyChannel::Visit,
                    scores: [Some(4), Some(5), Some(2), None, Some(4), Some(overall)],
                    comment: "交货需要更及时".into(),
                },
                &c,
            )
            .unwrap();
    }
    store
}

use common::{ctrl, press};

/// Latin words a Chinese interface keeps: key names, the program's name,
/// time zones and units.
const KEPT: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "Shift",
    "Ctrl",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Space",
    "Backspace",
    "kam",
    // the shell command that brings a suspended kam back
    "fg",
    "UTC",
];

/// Whether a token is a uid (data, not interface): 8-4-4-4-12 hex digits.
fn is_uid(token: &str) -> bool {
    let parts: Vec<&str> = token.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The Latin words (two letters or more) on a screen that are not kept.
fn english_left(screen: &str) -> Vec<String> {
    let without_uids: Vec<&str> = screen.split_whitespace().filter(|t| !is_uid(t)).collect();
    let screen = without_uids.join(" ");
    let mut words: Vec<String> = screen
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !KEPT.contains(w))
        .map(str::to_string)
        .collect();
    // a unit glued to a number (`40d`, `5h`) is English too
    let chars: Vec<char> = screen.chars().collect();
    for (i, pair) in chars.windows(2).enumerate() {
        if pair[0].is_ascii_digit()
            && pair[1].is_ascii_alphabetic()
            && !chars.get(i + 2).is_some_and(char::is_ascii_alphanumeric)
        {
            words.push(format!("{}{}", pair[0], pair[1]));
        }
    }
    words.sort();
    words.dedup();
    words
}

/// Every screen, overlay and form a morning review passes through, each
/// drawn at two sizes: (name, 80×24, 160×45).
fn screens() -> Vec<(String, String, String)> {
    with_lang(Lang::Zh, || {
        let mut shots = Vec::new();
        let mut shoot = |name: &str, app: &App| {
            shots.push((
                name.to_string(),
                kam::tui::render_text(app, 80, 24),
                kam::tui::render_text(app, 160, 45),
            ));
        };
        let mut app = App::new(fixture(), clock(), Theme::plain());
        shoot("today", &app);
        press(&mut app, KeyCode::Char('?'));
        shoot("help", &app);
        press(&mut app, KeyCode::Esc);
        for (key, name) in [
            ('2', "accounts"),
            ('3', "complaints"),
            ('4', "visits"),
            ('5', "surveys"),
        ] {
            press(&mut app, KeyCode::Char(key));
            shoot(name, &app);
        }
        // the key account, its sections, and the forms opened from it
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('/'));
        for c in "华东".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        shoot("account", &app);
        for section in [
            "brief",
            "contacts",
            "complaints",
            "visits",
            "promises",
            "surveys",
        ] {
            press(&mut app, KeyCode::Right);
            shoot(&format!("account-{section}"), &app);
        }
        press(&mut app, KeyCode::Char('S'));
        for digit in ['4', '2'] {
            press(&mut app, KeyCode::Char(digit));
        }
        ctrl(&mut app, 's');
        shoot("survey-form-incomplete", &app);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('y'));
        press(&mut app, KeyCode::Char('c'));
        shoot("complaint-form", &app);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('v'));
        shoot("visit-form", &app);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('e'));
        shoot("account-form", &app);
        press(&mut app, KeyCode::Esc);
        // a new contact, on who holds the tie: the colleagues offered
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Right); // the brief
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('a'));
        for _ in 0..6 {
            press(&mut app, KeyCode::Tab);
        }
        shoot("contact-form", &app);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        // handing the account over, and what the status line says after
        press(&mut app, KeyCode::Char('H'));
        shoot("handover-form", &app);
        for c in "韩梅梅".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        ctrl(&mut app, 's');
        shoot("handover-done", &app);
        shots
    })
}

#[test]
fn every_screen_reads_in_chinese() {
    let mut left = Vec::new();
    for (name, small, large) in screens() {
        for (size, text) in [("80x24", &small), ("160x45", &large)] {
            let words = english_left(text);
            if !words.is_empty() {
                left.push(format!("{name} at {size}: {words:?}\n{text}"));
            }
        }
    }
    assert!(
        left.is_empty(),
        "English left on screen:\n{}",
        left.join("\n")
    );
}

/// The screen with every uid (new at every run) replaced by `<uid>`.
fn without_uids(screen: &str) -> String {
    screen
        .lines()
        .map(|line| {
            line.split(' ')
                .map(|t| if is_uid(t) { "<uid>" } else { t })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn chinese_screens_as_snapshots() {
    for (name, small, large) in screens() {
        insta::assert_snapshot!(format!("zh_{name}_80x24"), without_uids(&small));
        insta::assert_snapshot!(format!("zh_{name}_160x45"), without_uids(&large));
    }
}

#[test]
fn the_same_screens_in_english_still_read_in_english() {
    let app = App::new(fixture(), clock(), Theme::plain());
    let text = with_lang(Lang::En, || kam::tui::render_text(&app, 120, 40));
    assert!(text.contains("Today"), "{text}");
    assert!(!text.contains("今日"), "{text}");
}

#[test]
fn a_wrong_date_is_explained_in_chinese() {
    with_lang(Lang::Zh, || {
        let mut app = App::new(fixture(), clock(), Theme::plain());
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('v'));
        // the date field: clear it and type nonsense
        let text = kam::tui::render_text(&app, 120, 40);
        assert!(text.contains("日期"), "{text}");
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        let before = kam::tui::render_text(&app, 120, 40);
        assert!(english_left(&before).is_empty(), "{before}");
    });
}

#[test]
fn the_command_line_speaks_chinese_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.sqlite3");
    let kam = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("kam")
            .unwrap()
            .env_remove("KAM_LANG")
            .env("LANG", "zh_CN.UTF-8")
            .args(["--today", "2026-11-23"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = kam(&["demo", "--accounts", "3", "--out", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 个客户"));
    let out = kam(&["--db", db.to_str().unwrap(), "check"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("健康"));
    let out = kam(&["--db", db.to_str().unwrap(), "today"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("今日及逾期拜访"), "{text}");
    let missing = dir.path().join("none.sqlite3");
    let out = kam(&["--db", missing.to_str().unwrap(), "today"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("这里没有数据库"), "{err}");
    // --lang wins over the locale
    let out = kam(&["--lang", "en", "--db", db.to_str().unwrap(), "check"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("healthy"));
}
