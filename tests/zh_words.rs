//! Issue 21's words and numbers for a Chinese salesperson: WeChat (微信)
//! as a survey channel and a visit kind, with the migration that widens
//! the two CHECKs (schema 10); amounts in 万 and 亿 and the setting that
//! turns them off; full-width digits in forms; Chinese line breaking and
//! flags cut whole on screen.

mod common;

use chrono::{Duration, NaiveDate};
use common::{TODAY, ctrl, kam_on, press};
use kam::domain::*;
use kam::portfolio::Portfolio;
use kam::store::Store;
use kam::strings::{Label, Lang, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use std::path::Path;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// The migrations of schema 9, as kam 9 ran them.
const SCHEMA_9: [&str; 9] = [
    include_str!("../src/store/migrations/0001_init.sql"),
    include_str!("../src/store/migrations/0002_account_stats.sql"),
    include_str!("../src/store/migrations/0003_covering_indexes.sql"),
    include_str!("../src/store/migrations/0004_search_forms.sql"),
    include_str!("../src/store/migrations/0005_followups.sql"),
    include_str!("../src/store/migrations/0006_birthdays.sql"),
    include_str!("../src/store/migrations/0007_account_health.sql"),
    include_str!("../src/store/migrations/0008_changes.sql"),
    include_str!("../src/store/migrations/0009_sync.sql"),
];

/// A schema 9 file, as the kam before WeChat left it: two accounts, a
/// contact each, a visit with its contact, a survey.
fn schema_9_file(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        .unwrap();
    for sql in SCHEMA_9 {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 9;
         INSERT INTO accounts (id, uid, name, tier, created_at, updated_at)
              VALUES (1, 'a1', '华东精密', 'key', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                     (2, 'a2', 'Acme', 'general', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
         INSERT INTO contacts (id, uid, account_id, name, created_at, updated_at)
              VALUES (1, 'c1', 1, '张伟', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                     (2, 'c2', 2, 'Ann', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
         INSERT INTO visits (id, uid, account_id, scheduled_at, kind, status, outcome,
                             completed_at, created_at, updated_at)
              VALUES (7, 'v7', 1, '2026-11-02 10:00:00', 'call', 'done', '订单确认',
                      '2026-11-02 11:00:00', '2026-11-01 00:00:00', '2026-11-02 11:00:00'),
                     (8, 'v8', 1, '2026-12-02 10:00:00', 'visit', 'planned', '',
                      NULL, '2026-11-01 00:00:00', '2026-11-01 00:00:00');
         INSERT INTO visit_contacts (visit_id, contact_id) VALUES (7, 1), (8, 1);
         INSERT INTO surveys (id, uid, account_id, contact_id, taken_at, channel, overall,
                              value, comment, created_at, updated_at)
              VALUES (3, 's3', 1, 1, '2026-11-02', 'phone', 2, 1, '交货慢',
                      '2026-11-02 00:00:00', '2026-11-02 00:00:00');",
    )
    .unwrap();
}

/// Every index and trigger: (type, name, table, sql).
fn objects(conn: &Connection) -> Vec<(String, String, String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema
              WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
                AND tbl_name IN ('visits', 'visit_contacts', 'surveys', 'account_stats')
              ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_schema_9_file_upgrades_keeping_every_row_index_trigger_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    schema_9_file(&path);
    let (before, data) = {
        let conn = Connection::open(&path).unwrap();
        let data: Vec<_> = ["visits", "visit_contacts", "surveys", "account_stats"]
            .iter()
            .map(|t| rows(&conn, &format!("SELECT * FROM {t} ORDER BY 1, 2")))
            .collect();
        (objects(&conn), data)
    };
    let store = Store::open(&path).unwrap();
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, kam::store::SCHEMA_VERSION);
    assert!(version >= 10);
    // the rows, ids and all; the contacts of the visits (no cascade)
    let after: Vec<_> = ["visits", "visit_contacts", "surveys", "account_stats"]
        .iter()
        .map(|t| rows(&conn, &format!("SELECT * FROM {t} ORDER BY 1, 2")))
        .collect();
    // migration 12 counts the last visit from when it was done (11:00,
    // not the 10:00 it was planned for)
    let mut data = data;
    let done_at = rusqlite::types::Value::Text("2026-11-02 11:00:00".into());
    data[3][0][3] = done_at;
    assert_eq!(after, data);
    assert_eq!(after[1].len(), 2, "visit_contacts kept");
    // every index and trigger of the rebuilt tables as it was, word for
    // word (later migrations change other tables'), but for the four
    // visit triggers migration 12 made again to read `completed_at`
    let remade = [
        "stats_visits_insert",
        "stats_visits_update",
        "stats_visits_delete",
        "health_visits_update",
    ];
    let (now_remade, now_kept): (Vec<_>, Vec<_>) = objects(&conn)
        .into_iter()
        .partition(|o| remade.contains(&o.1.as_str()));
    let kept: Vec<_> = before
        .into_iter()
        .filter(|o| !remade.contains(&o.1.as_str()))
        .collect();
    assert_eq!(now_kept, kept);
    assert_eq!(now_remade.len(), 4);
    assert!(now_remade.iter().all(|o| o.3.contains("completed_at")));
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    assert!(rows(&conn, "PRAGMA foreign_key_check").is_empty());

    // the keys and triggers still act on the rebuilt tables
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute(
        "INSERT INTO surveys (uid, account_id, taken_at, channel, overall, created_at, updated_at)
         VALUES ('s4', 1, '2026-11-20', 'wechat', 5, '2026-11-20 00:00:00', '2026-11-20 00:00:00')",
        [],
    )
    .unwrap();
    let recent: String = conn
        .query_row(
            "SELECT recent_overall FROM account_stats WHERE account_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recent, "5,2", "the stats trigger on surveys");
    conn.execute(
        "INSERT INTO visits (uid, account_id, scheduled_at, kind, created_at, updated_at)
         VALUES ('v9', 1, '2026-12-01 09:00:00', 'wechat', '2026-11-20 00:00:00', '2026-11-20 00:00:00')",
        [],
    )
    .unwrap();
    let next: String = conn
        .query_row(
            "SELECT next_planned_visit FROM account_stats WHERE account_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(next, "2026-12-01 09:00:00", "the stats trigger on visits");
    for bad in [
        "INSERT INTO visits (uid, account_id, scheduled_at, kind, created_at, updated_at)
         VALUES ('v10', 1, '2026-12-01 09:00:00', 'fax', '2026-11-20 00:00:00', '2026-11-20 00:00:00')",
        "INSERT INTO surveys (uid, account_id, taken_at, channel, overall, created_at, updated_at)
         VALUES ('s5', 1, '2026-11-20', 'telegram', 5, '2026-11-20 00:00:00', '2026-11-20 00:00:00')",
        // a contact of another account (the trigger made again)
        "INSERT INTO visit_contacts (visit_id, contact_id) VALUES (7, 2)",
        // a visit that is not there (the key on the rebuilt table)
        "INSERT INTO visit_contacts (visit_id, contact_id) VALUES (99, 1)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad}");
    }
    // deleting a visit still cascades into its contacts
    conn.execute("DELETE FROM visits WHERE id = 7", []).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM visit_contacts WHERE visit_id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    drop(conn);

    // kam check counts it as a complete, healthy kam database
    let out = kam_on(&path, TODAY).arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changes_recorded_before_the_rebuild_still_undo_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let c = clock();
    let account = {
        let mut p = Portfolio::new(Store::open(&path).unwrap());
        let account = p
            .store()
            .add_account(&AccountInput::new("华东精密", Tier::Key), &c)
            .unwrap();
        p.schedule_visit(
            account,
            &VisitInput {
                scheduled_at: c.now + Duration::days(2),
                kind: VisitKind::Call,
                purpose: "回访".into(),
                contact_ids: vec![],
            },
            &c,
        )
        .unwrap();
        p.save_survey(account, None, &survey(SurveyChannel::Phone, 4), &c)
            .unwrap();
        account
    };
    // the rebuild of migration 10 again, over those recorded changes
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        conn.execute_batch(&format!(
            "BEGIN; {} COMMIT;",
            include_str!("../src/store/migrations/0010_wechat.sql")
        ))
        .unwrap();
    }
    let mut p = Portfolio::new(Store::open(&path).unwrap());
    let count = |p: &Portfolio, t: &str| -> i64 {
        kam::store::interop::conn(p.store())
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((count(&p, "visits"), count(&p, "surveys")), (1, 1));
    assert!(p.undo_last(&c).unwrap().is_some());
    assert_eq!(count(&p, "surveys"), 0, "the survey's change undone");
    assert!(p.undo_last(&c).unwrap().is_some());
    assert_eq!(count(&p, "visits"), 0, "the visit's change undone");
    // and a WeChat survey is one change like any other
    p.save_survey(account, None, &survey(SurveyChannel::Wechat, 5), &c)
        .unwrap();
    let channel: String = kam::store::interop::conn(p.store())
        .query_row("SELECT channel FROM surveys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(channel, "wechat");
    assert!(p.undo_last(&c).unwrap().is_some());
    assert_eq!(count(&p, "surveys"), 0);
}

fn survey(channel: SurveyChannel, overall: u8) -> SurveyInput {
    SurveyInput {
        contact_id: None,
        taken_at: clock().today(),
        channel,
        scores: [Some(4), None, None, None, None, Some(overall)],
        comment: String::new(),
    }
}

#[test]
fn wechat_reads_as_its_name_in_both_languages_and_as_its_word_in_files() {
    assert_eq!(SurveyChannel::Wechat.as_str(), "wechat");
    assert_eq!(VisitKind::Wechat.as_str(), "wechat");
    assert_eq!(SurveyChannel::Wechat.label(), "WeChat");
    assert_eq!(VisitKind::Wechat.label(), "WeChat");
    with_lang(Lang::Zh, || {
        assert_eq!(SurveyChannel::Wechat.label(), "微信");
        assert_eq!(VisitKind::Wechat.label(), "微信");
    });

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    {
        let store = Store::open(&db).unwrap();
        store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
            .unwrap();
    }
    // import takes the word, the English and the Chinese name
    let surveys = dir.path().join("surveys.csv");
    std::fs::write(
        &surveys,
        "account,taken_at,channel,overall\n华东精密,2026-11-20,wechat,4\n华东精密,2026-11-21,WeChat,5\n华东精密,2026-11-22,微信,3\n",
    )
    .unwrap();
    let visits = dir.path().join("visits.csv");
    std::fs::write(
        &visits,
        "account,scheduled_at,kind\n华东精密,2026-11-25 10:00,微信\n华东精密,2026-11-26 10:00,WeChat\n",
    )
    .unwrap();
    for (kind, file) in [("surveys", &surveys), ("visits", &visits)] {
        let out = kam_on(&db, TODAY)
            .args(["import", kind])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    {
        let store = Store::open(&db).unwrap();
        let conn = kam::store::interop::conn(&store);
        let channels = rows(conn, "SELECT channel FROM surveys");
        assert_eq!(channels.len(), 3);
        assert!(
            channels
                .iter()
                .all(|r| r[0] == rusqlite::types::Value::Text("wechat".into()))
        );
        let kinds = rows(conn, "SELECT kind FROM visits");
        assert_eq!(kinds.len(), 2);
        assert!(
            kinds
                .iter()
                .all(|r| r[0] == rusqlite::types::Value::Text("wechat".into()))
        );
    }
    // exports write the word, in any language
    let out_dir = dir.path().join("csv");
    let out = kam_on(&db, TODAY)
        .args(["--lang", "zh", "export", "csv"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = std::fs::read_to_string(out_dir.join("surveys.csv")).unwrap();
    assert_eq!(csv.matches(",wechat,").count(), 3, "{csv}");
    assert!(!csv.contains("微信"), "{csv}");
    let out = kam_on(&db, TODAY)
        .args(["--lang", "zh", "export", "json", "-"])
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"wechat\""), "{json}");
    // the calendar names it in the language, its category as the word
    let out = kam_on(&db, TODAY)
        .args(["--lang", "zh", "export", "ics", "-"])
        .output()
        .unwrap();
    let ics = String::from_utf8_lossy(&out.stdout);
    assert!(ics.contains("SUMMARY:微信：华东精密"), "{ics}");
    assert!(ics.contains("CATEGORIES:WECHAT"), "{ics}");
}

#[test]
fn a_survey_taken_over_wechat_is_recorded_as_such_from_the_form() {
    with_lang(Lang::Zh, || {
        let store = Store::open_in_memory().unwrap();
        let c = clock();
        store
            .add_account(&AccountInput::new("华东精密机械有限公司", Tier::Key), &c)
            .unwrap();
        let mut app = App::new(store, c, Theme::plain());
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('S'));
        // back from the first score to the channel, and on to 微信
        for _ in 0..1 {
            press(&mut app, KeyCode::BackTab);
        }
        let screen = kam::tui::render_text(&app, 80, 24);
        assert!(screen.contains("◀ 拜访 ▶"), "{screen}");
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Right);
        let screen = kam::tui::render_text(&app, 80, 24);
        assert!(screen.contains("◀ 微信 ▶"), "{screen}");
        press(&mut app, KeyCode::Tab);
        // full-width digits, as a Chinese input method types them
        for d in "４５３４５４".chars() {
            press(&mut app, KeyCode::Char(d));
        }
        ctrl(&mut app, 's');
        let screen = kam::tui::render_text(&app, 80, 24);
        assert!(screen.contains("调查已保存"), "{screen}");
        let conn = kam::store::interop::conn(app.portfolio.store());
        let saved = rows(
            conn,
            "SELECT channel, product_quality, service_quality, delivery, value, communication, overall FROM surveys",
        );
        use rusqlite::types::Value::{Integer, Text};
        assert_eq!(
            saved,
            [vec![
                Text("wechat".into()),
                Integer(4),
                Integer(5),
                Integer(3),
                Integer(4),
                Integer(5),
                Integer(4)
            ]]
        );
    });
}

#[test]
fn large_amounts_read_in_wan_in_chinese_unless_the_setting_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    {
        let store = Store::open(&db).unwrap();
        let mut a = AccountInput::new("华东精密", Tier::Key);
        a.annual_revenue = 4_457_228_900; // ¥44,572,289
        a.annual_profit = 123_400_000; // ¥1,234,000
        store.add_account(&a, &clock()).unwrap();
        let mut b = AccountInput::new("华南物流", Tier::Key);
        b.annual_revenue = 12_000_000_000; // ¥120,000,000
        store.add_account(&b, &clock()).unwrap();
    }
    let snapshot = |lang: &str| {
        let out = kam_on(&db, TODAY)
            .args(["--lang", lang, "snapshot", "--screen", "accounts"])
            .args(["--width", "160", "--height", "24"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = snapshot("zh");
    assert!(zh.contains("¥4,457.2万") && zh.contains("¥1.2亿"), "{zh}");
    assert!(zh.contains("¥123.4万"), "{zh}");
    let en = snapshot("en");
    assert!(
        en.contains("44,572,289") && en.contains("120,000,000"),
        "{en}"
    );
    // the setting turns it off: the exact amount in Chinese too
    {
        let store = Store::open(&db).unwrap();
        store.set_setting("ui.wan", "0").unwrap();
    }
    let zh = snapshot("zh");
    assert!(
        zh.contains("¥44,572,289") && zh.contains("¥1,234,000"),
        "{zh}"
    );
    assert!(!zh.contains('万'), "{zh}");
    // exports keep the exact number whatever the setting
    {
        let store = Store::open(&db).unwrap();
        store.set_setting("ui.wan", "1").unwrap();
    }
    let out_dir = dir.path().join("csv");
    let out = kam_on(&db, TODAY)
        .args(["--lang", "zh", "export", "csv"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = std::fs::read_to_string(out_dir.join("accounts.csv")).unwrap();
    assert!(!csv.contains('万') && !csv.contains('亿'), "{csv}");
    assert!(csv.contains("44572289"), "{csv}");
}

/// The lines of the popup on a screen: what lies between its borders.
fn popup_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            let start = l.find('│')?;
            let end = l.rfind('│')?;
            (end > start).then(|| l[start + '│'.len_utf8()..end].trim().to_string())
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_archive_question_of_a_long_name_never_starts_a_line_with_a_comma() {
    with_lang(Lang::Zh, || {
        for name in [
            "华东精密机械制造集团股份有限公司上海分公司",
            "欧阳电子科技（深圳）股份有限公司",
            "华东精密机械",
        ] {
            let store = Store::open_in_memory().unwrap();
            store
                .add_account(&AccountInput::new(name, Tier::Key), &clock())
                .unwrap();
            let mut app = App::new(store, clock(), Theme::plain());
            press(&mut app, KeyCode::Char('2'));
            press(&mut app, KeyCode::Char('d'));
            for (w, h) in [(80, 24), (100, 30), (120, 40), (160, 45)] {
                let screen = kam::tui::render_text(&app, w, h);
                assert!(screen.contains("归档"), "{screen}");
                for line in popup_lines(&screen) {
                    let first = line.chars().next().unwrap();
                    assert!(
                        !"，。、；：？！）」』”》…".contains(first),
                        "{w}x{h}: a line starts with {first}\n{screen}"
                    );
                    let last = line.chars().next_back().unwrap();
                    assert!(
                        !"（「『“《".contains(last),
                        "{w}x{h}: a line ends with {last}\n{screen}"
                    );
                }
            }
        }
    });
}

#[test]
fn a_flag_or_a_family_in_a_name_is_never_cut_in_half_on_screen() {
    let flag = "🇨🇳";
    let family = "👨\u{200D}👩\u{200D}👧";
    let store = Store::open_in_memory().unwrap();
    for name in [
        format!("{flag}华东精密机械制造集团股份有限公司"),
        format!("华东精密机械制造集团股份有限{flag}{flag}"),
        format!("华东精密机械制造集团股份有限公司{family}"),
    ] {
        store
            .add_account(&AccountInput::new(&name, Tier::Key), &clock())
            .unwrap();
    }
    let mut app = App::new(store, clock(), Theme::plain());
    press(&mut app, KeyCode::Char('2'));
    for (w, h) in [(80, 24), (90, 24), (101, 30), (120, 40), (160, 45)] {
        let screen = kam::tui::render_text(&app, w, h);
        for line in screen.lines() {
            let regional = line
                .chars()
                .filter(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(c))
                .count();
            assert!(regional % 2 == 0, "{w}: half a flag in {line:?}");
            if line.contains('\u{200D}') || line.contains('👧') {
                assert!(line.contains(family), "{w}: part of a family in {line:?}");
            }
        }
    }
}

#[test]
fn the_survey_words_are_the_ones_chinese_questionnaires_use() {
    with_lang(Lang::Zh, || {
        let store = Store::open_in_memory().unwrap();
        let account = store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
            .unwrap();
        store
            .add_survey(account, &survey(SurveyChannel::Wechat, 3), &clock())
            .unwrap();
        let mut app = App::new(store, clock(), Theme::plain());
        press(&mut app, KeyCode::Char('5'));
        let list = kam::tui::render_text(&app, 160, 30);
        assert!(list.contains("性价比") && !list.contains("价值"), "{list}");
        assert!(list.contains("微信"), "{list}");
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Char('S'));
        let form = kam::tui::render_text(&app, 160, 45);
        for word in ["非常满意", "满意", "一般", "不满意", "非常不满意", "性价比"]
        {
            assert!(form.contains(word), "{word}\n{form}");
        }
        assert!(
            !form.contains("无意见") && !form.contains("不太满意"),
            "{form}"
        );
    });
}

#[test]
fn the_account_s_satisfaction_headers_never_run_together() {
    with_lang(Lang::Zh, || {
        let store = Store::open_in_memory().unwrap();
        let account = store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
            .unwrap();
        store
            .add_survey(account, &survey(SurveyChannel::Visit, 4), &clock())
            .unwrap();
        let mut app = App::new(store, clock(), Theme::plain());
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        // brief, contacts, complaints, visits, promises, surveys
        for _ in 0..6 {
            press(&mut app, KeyCode::Right);
        }
        for w in [80, 96, 120, 160, 200] {
            let screen = kam::tui::render_text(&app, w, 30);
            assert!(screen.contains("近一年满意率"), "{w}\n{screen}");
            assert!(!screen.contains("最近近一年"), "{w}\n{screen}");
        }
    });
}

#[test]
fn an_account_s_visits_say_their_last_visit_with_chinese_brackets() {
    with_lang(Lang::Zh, || {
        let c = clock();
        let mut store = Store::open_in_memory().unwrap();
        let account = store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &c)
            .unwrap();
        let visit = store
            .add_visit(
                account,
                &VisitInput {
                    scheduled_at: c.now - Duration::days(5),
                    kind: VisitKind::Wechat,
                    purpose: "回访".into(),
                    contact_ids: vec![],
                },
                &c,
            )
            .unwrap();
        store
            .close_visit(
                visit,
                &VisitClose {
                    status: VisitStatus::Done,
                    outcome: "订单确认".into(),
                    next_step: String::new(),
                    // done when it was planned, five days ago
                    done_at: Some(c.now - Duration::days(5)),
                },
                &c,
            )
            .unwrap();
        let mut app = App::new(store, c, Theme::plain());
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        // brief, contacts, complaints, visits
        for _ in 0..4 {
            press(&mut app, KeyCode::Right);
        }
        let screen = kam::tui::render_text(&app, 120, 30);
        assert!(screen.contains("2026-11-18（5天前）"), "{screen}");
        assert!(screen.contains("微信"), "{screen}");
        assert!(!screen.contains(" (5"), "{screen}");
    });
}
