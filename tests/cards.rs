//! Issue 20, items 3 and 8 (and the checks of 9): contact cards in as
//! phones write them, calendars that stay right, both read back by two
//! real parsers.

use kam::domain::{AccountInput, Clock, Tier};
use kam::interop::import::How;
use kam::interop::vcard::{VcardError, import_vcard, read_cards};
use kam::store::Store;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/cards/{name}")).unwrap()
}

fn store_with(accounts: &[&str]) -> Store {
    let store = Store::open_in_memory().unwrap();
    for a in accounts {
        store
            .add_account(&AccountInput::new(a, Tier::Key), &clock())
            .unwrap();
    }
    store
}

const DRY: How = How {
    dry_run: true,
    overwrite: false,
};
const REAL: How = How {
    dry_run: false,
    overwrite: false,
};

fn contacts(store: &Store, account: i64) -> Vec<kam::domain::ContactInput> {
    let mut c: Vec<_> = store
        .contacts_of(account)
        .unwrap()
        .into_iter()
        .map(|c| c.contact.input)
        .collect();
    c.sort_by(|a, b| a.name.cmp(&b.name));
    c
}

fn named<'a>(list: &'a [kam::domain::ContactInput], name: &str) -> &'a kam::domain::ContactInput {
    list.iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} in {list:#?}"))
}

fn journal_len(store: &Store) -> i64 {
    kam::store::interop::conn(store)
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_iphone_export_reads_folded_lines_labels_and_skips_the_photo() {
    let (cards, encoding) = read_cards(&fixture("iphone.vcf")).unwrap();
    assert_eq!(encoding, "UTF-8");
    assert_eq!(cards.len(), 3);
    let zhang = &cards[0];
    assert_eq!(zhang.name, "张伟");
    assert_eq!(zhang.org, "华东精密机械有限公司");
    assert_eq!(zhang.title, "采购经理");
    // the mobile (item1, labelled Mobile) before the preferred work number
    assert_eq!(zhang.phone, "138 0013 8000");
    assert_eq!(zhang.email, "zhang.wei@hdjm.example.cn");
    assert_eq!(zhang.birthday, "1980-03-15");
    assert!(
        zhang.notes.starts_with(
            "每季度末对账，喜欢早上开会；对交货期非常敏感，上次延迟两周后投诉到了总经理那里。"
        ),
        "the folded NOTE unfolded: {:?}",
        zhang.notes
    );
    assert!(zhang.notes.contains("021-6234 5678"), "{:?}", zhang.notes);
    assert!(
        zhang.notes.contains("(总机): 0571-8888 6666"),
        "{:?}",
        zhang.notes
    );
    assert!(!zhang.notes.contains("AAEC"), "no photo in the notes");
    let ouyang = &cards[1];
    assert_eq!(ouyang.name, "欧阳娜娜");
    assert_eq!(ouyang.phone, "+86 139 1234 5678");
    assert_eq!(ouyang.birthday, "--12-05", "X-APPLE-OMIT-YEAR: no year");
    assert!(ouyang.notes.contains("(公司): finance@hdjm.example.cn"));
    assert_eq!(cards[2].name, "张伟 (David Zhang)");
    assert!(cards[2].notes.contains("文三路 90 号"), "{:?}", cards[2]);
}

#[test]
fn an_android_export_decodes_quoted_printable_with_soft_breaks() {
    let (cards, _) = read_cards(&fixture("android.vcf")).unwrap();
    assert_eq!(cards.len(), 2);
    let li = &cards[0];
    assert_eq!(li.name, "李玲");
    assert_eq!(li.org, "华东精密机械有限公司", "ORG over a soft line break");
    assert_eq!(li.title, "设备科科长");
    assert_eq!(li.phone, "138-0013-9000");
    assert_eq!(li.birthday, "1978-08-09");
    assert!(li.notes.contains("完整的检测报告和合格证书原件"), "{li:?}");
    assert!(li.notes.contains("(work): 021-62345679"), "{:?}", li.notes);
    assert!(li.notes.contains("(fax): 021-62345670"), "{:?}", li.notes);
    let sima = &cards[1];
    assert_eq!(sima.name, "司马光");
    // TEL;CELL second in the card, first in kam
    assert_eq!(sima.phone, "13957112345");
    assert_eq!(sima.email, "sima@example.com");
    assert!(sima.notes.contains("sima.guang@xhdz.example.cn"));
}

#[test]
fn a_vcard_4_reads_uri_numbers_and_a_birthday_without_a_year() {
    let (cards, _) = read_cards(&fixture("v4.vcf")).unwrap();
    assert_eq!(cards.len(), 1);
    let wang = &cards[0];
    assert_eq!(wang.name, "王芳");
    assert_eq!(wang.org, "杭州西湖电子有限公司");
    assert_eq!(wang.phone, "+86-139-0571-2222");
    assert_eq!(wang.birthday, "--12-05");
    assert!(wang.notes.starts_with("质量问题直接找她"));
}

#[test]
fn the_three_phone_exports_import_by_org_dry_then_for_real_then_again_adding_nothing() {
    let mut store = store_with(&["华东精密机械有限公司", "杭州西湖电子有限公司"]);
    for (file, cards) in [("iphone.vcf", 3), ("android.vcf", 2), ("v4.vcf", 1)] {
        let before = journal_len(&store);
        let dry = import_vcard(&mut store, &fixture(file), None, &clock(), DRY)
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!((dry.rows, dry.added), (cards, cards), "{file}");
        assert_eq!(journal_len(&store), before, "a dry run writes nothing");
        let real = import_vcard(&mut store, &fixture(file), None, &clock(), REAL).unwrap();
        assert_eq!(real.added, cards, "{file}");
        assert_eq!(journal_len(&store), before + 1, "one change: {file}");
        let again = import_vcard(&mut store, &fixture(file), None, &clock(), REAL).unwrap();
        assert_eq!((again.added, again.fields), (0, 0), "{file} again");
    }
    let hd = contacts(&store, 1);
    assert_eq!(
        hd.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["张伟", "李玲", "欧阳娜娜"]
    );
    let zhang = named(&hd, "张伟");
    assert_eq!(zhang.title, "采购经理");
    assert_eq!(zhang.phone, "138 0013 8000");
    assert_eq!(zhang.birthday, chrono::NaiveDate::from_ymd_opt(1980, 3, 15));
    let xh = contacts(&store, 2);
    assert_eq!(xh.len(), 3);
    assert_eq!(named(&xh, "司马光").phone, "13957112345");
    assert_eq!(named(&xh, "王芳").title, "质量部经理");
}

#[test]
fn account_puts_every_card_in_one_account_whatever_its_org() {
    let mut store = store_with(&["华东精密机械有限公司", "宁波港务"]);
    let o = import_vcard(
        &mut store,
        &fixture("android.vcf"),
        Some("宁波港务"),
        &clock(),
        REAL,
    )
    .unwrap();
    assert_eq!(o.added, 2);
    assert_eq!(contacts(&store, 2).len(), 2);
    assert!(contacts(&store, 1).is_empty());
}

fn problems(store: &mut Store, bytes: &[u8], account: Option<&str>) -> Vec<String> {
    let before = journal_len(store);
    let e = import_vcard(store, bytes, account, &clock(), REAL).unwrap_err();
    assert_eq!(journal_len(store), before, "nothing written");
    match e {
        VcardError::Problems(p) => p.iter().map(|p| p.to_string()).collect(),
        e => panic!("{e:?}"),
    }
}

#[test]
fn a_card_whose_org_is_no_account_is_named_with_its_org_and_nothing_is_imported() {
    let mut store = store_with(&["华东精密机械有限公司"]);
    let p = problems(&mut store, &fixture("android.vcf"), None);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].contains("司马光"), "{}", p[0]);
    assert!(p[0].contains("杭州西湖电子有限公司"), "{}", p[0]);
    assert!(p[0].contains("--account"), "{}", p[0]);
    assert!(contacts(&store, 1).is_empty(), "all or nothing");
    // said in Chinese under a Chinese interface
    let e = import_vcard(&mut store, &fixture("android.vcf"), None, &clock(), REAL).unwrap_err();
    let VcardError::Problems(p) = e else { panic!() };
    let zh = kam::strings::with_lang(kam::strings::Lang::Zh, || p[0].to_string());
    assert!(
        zh.contains("名片“司马光”") && zh.contains("没有名为“杭州西湖电子有限公司”的客户"),
        "{zh}"
    );
    // --account naming no account
    let p = problems(&mut store, &fixture("v4.vcf"), Some("没有这个客户"));
    assert!(
        p[0].contains("王芳") && p[0].contains("没有这个客户"),
        "{p:?}"
    );
}

#[test]
fn a_card_without_a_name_or_org_is_named_by_its_line_and_number() {
    let mut store = store_with(&["华东精密机械有限公司"]);
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nORG:华东精密机械有限公司\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=CELL:13800001111\r\nORG:华东精密机械有限公司\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nFN:刘洋\r\nEND:VCARD\r\n";
    let p = problems(&mut store, text.as_bytes(), None);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert!(
        p[0].contains("line 6") && p[0].contains("13800001111"),
        "{}",
        p[0]
    );
    assert!(p[0].contains("no name (FN or N)"), "{}", p[0]);
    assert!(p[1].contains("刘洋") && p[1].contains("no ORG"), "{}", p[1]);
    // a name from N alone is a name
    let n_only =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:欧阳;修;;;\r\nORG:华东精密机械有限公司\r\nEND:VCARD\r\n";
    let o = import_vcard(&mut store, n_only.as_bytes(), None, &clock(), REAL).unwrap();
    assert_eq!(o.added, 1);
    assert_eq!(contacts(&store, 1)[0].name, "欧阳修");
    // not a vCard at all
    let e = import_vcard(&mut store, b"name,phone\n", None, &clock(), REAL).unwrap_err();
    assert!(matches!(e, VcardError::NoCards), "{e:?}");
}

mod ics {
    use super::*;
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};
    use kam::domain::{VisitClose, VisitInput, VisitKind, VisitStatus};
    use kam::portfolio::Portfolio;
    use kam::portfolio::files::Destination;

    fn portfolio(dir: &std::path::Path) -> (Portfolio, i64) {
        let mut p = Portfolio::new(Store::open(&dir.join("k.db")).unwrap());
        let mut a = AccountInput::new("华东精密机械有限公司", Tier::Key);
        a.address = "上海市浦东新区张江路 88 号".into();
        let id = match p.save_account(None, None, &a, &clock()).unwrap() {
            kam::portfolio::edit::Edit::Saved(id) => id,
            _ => panic!("clash"),
        };
        (p, id)
    }

    fn visit(p: &mut Portfolio, account: i64, day: u32, hour: u32, purpose: &str) -> i64 {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap();
        let input = VisitInput {
            scheduled_at: at,
            kind: VisitKind::Visit,
            purpose: purpose.into(),
            contact_ids: vec![],
        };
        p.schedule_visit(account, &input, &clock()).unwrap()
    }

    fn export(p: &Portfolio, dir: &std::path::Path, name: &str) -> String {
        let file = dir.join(name);
        p.export_ics(Destination::new_file(&file), None, None, &clock())
            .unwrap();
        std::fs::read_to_string(file).unwrap()
    }

    fn events(text: &str) -> Vec<icalendar::Event> {
        let cal: Calendar = text.parse().expect("icalendar parses it");
        cal.components
            .into_iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// The same file read by the second parser (the `ical` crate): each
    /// event's properties by name, and its alarms' triggers.
    /// An event's (name, value) properties, and its alarms' triggers.
    type Read = (Vec<(String, String)>, Vec<String>);

    fn ical_events(text: &str) -> Vec<Read> {
        let mut out = Vec::new();
        for cal in ical::IcalParser::new(text.as_bytes()) {
            for e in cal.expect("ical parses it").events {
                let props = e
                    .properties
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                    .collect();
                let alarms = e
                    .alarms
                    .iter()
                    .flat_map(|a| a.properties.iter())
                    .filter(|p| p.name == "TRIGGER")
                    .map(|p| p.value.clone().unwrap_or_default())
                    .collect();
                out.push((props, alarms));
            }
        }
        out
    }

    fn prop<'a>(e: &'a [(String, String)], name: &str) -> &'a str {
        e.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} in {e:?}"))
    }

    #[test]
    fn a_cancelled_visit_stays_in_the_calendar_as_cancelled_with_a_higher_sequence() {
        let dir = tempfile::tempdir().unwrap();
        let (mut p, account) = portfolio(dir.path());
        let keep = visit(&mut p, account, 3, 14, "验收新产线");
        let cancel = visit(&mut p, account, 4, 10, "年度合同续签，带报价单");
        let first = export(&p, dir.path(), "first.ics");
        let before = events(&first);
        assert_eq!(before.len(), 2);
        for e in &before {
            assert_eq!(e.get_sequence(), Some(0), "a new visit: SEQUENCE 0");
            assert_eq!(e.get_status(), Some(icalendar::EventStatus::Confirmed));
            assert_eq!(e.get_location(), Some("上海市浦东新区张江路 88 号"));
            match e.get_start().unwrap() {
                icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(_)) => {}
                other => panic!("UTC expected: {other:?}"),
            }
        }
        assert_eq!(first.matches("BEGIN:VALARM\r\n").count(), 2);
        assert_eq!(first.matches("TRIGGER:-PT30M\r\n").count(), 2, "{first}");

        p.close_visit(
            cancel,
            &VisitClose {
                status: VisitStatus::Cancelled,
                outcome: "客户改期".into(),
                next_step: String::new(),
                done_at: None,
            },
            &clock(),
        )
        .unwrap();
        let second = export(&p, dir.path(), "second.ics");
        let after = events(&second);
        assert_eq!(after.len(), 2, "the cancelled visit is still there");
        let uid_of = |evs: &[icalendar::Event], purpose: &str| {
            evs.iter()
                .find(|e| e.get_description().unwrap_or("").contains(purpose))
                .map(|e| {
                    (
                        e.get_uid().unwrap().to_string(),
                        e.get_sequence(),
                        e.get_status(),
                    )
                })
                .unwrap()
        };
        let (uid0, _, _) = uid_of(&before, "年度合同");
        let (uid1, seq1, status1) = uid_of(&after, "年度合同");
        assert_eq!(uid0, uid1, "the same UID, so the phone replaces the event");
        assert_eq!(seq1, Some(1), "a higher SEQUENCE");
        assert_eq!(status1, Some(icalendar::EventStatus::Cancelled));
        let (_, seq_kept, status_kept) = uid_of(&after, "验收新产线");
        assert_eq!(seq_kept, Some(0), "an unchanged visit keeps its SEQUENCE");
        assert_eq!(status_kept, Some(icalendar::EventStatus::Confirmed));
        assert_eq!(
            second.matches("BEGIN:VALARM\r\n").count(),
            1,
            "no alarm for a cancelled visit"
        );

        // a missed visit is cancelled on the phone too
        let missed = visit(&mut p, account, 1, 9, "错过的拜访");
        p.close_visit(
            missed,
            &VisitClose {
                status: VisitStatus::Missed,
                outcome: String::new(),
                next_step: String::new(),
                done_at: None,
            },
            &clock(),
        )
        .unwrap();
        let with_missed = events(&export(&p, dir.path(), "missed.ics"));
        assert_eq!(with_missed.len(), 3);
        assert_eq!(
            uid_of(&with_missed, "错过的拜访").2,
            Some(icalendar::EventStatus::Cancelled)
        );
        p.undo(&clock()).unwrap().unwrap(); // the miss
        p.undo(&clock()).unwrap().unwrap(); // the visit itself
        // undoing the cancel is a change too: the SEQUENCE grows again
        p.undo(&clock()).unwrap().unwrap();
        let third = export(&p, dir.path(), "third.ics");
        let (_, seq2, status2) = uid_of(&events(&third), "年度合同");
        assert_eq!(
            (seq2, status2),
            (Some(2), Some(icalendar::EventStatus::Confirmed))
        );

        // the second parser reads the same
        let ev = ical_events(&second);
        assert_eq!(ev.len(), 2);
        let cancelled = ev
            .iter()
            .find(|(e, _)| prop(e, "STATUS") == "CANCELLED")
            .unwrap();
        assert_eq!(prop(&cancelled.0, "UID"), uid0);
        assert_eq!(prop(&cancelled.0, "SEQUENCE"), "1");
        assert!(cancelled.1.is_empty());
        let kept = ev
            .iter()
            .find(|(e, _)| prop(e, "STATUS") == "CONFIRMED")
            .unwrap();
        assert_eq!(kept.1, ["-PT30M"]);
        assert_eq!(prop(&kept.0, "LOCATION"), "上海市浦东新区张江路 88 号");
        assert_eq!(prop(&kept.0, "DTSTART"), "20261203T140000Z");
        assert_eq!(prop(&kept.0, "DTEND"), "20261203T150000Z");
        assert!(prop(&kept.0, "SUMMARY").contains("华东精密机械有限公司"));
        let _ = keep;
    }

    #[test]
    fn the_alarm_follows_its_setting_and_zero_means_none() {
        let dir = tempfile::tempdir().unwrap();
        let (mut p, account) = portfolio(dir.path());
        visit(&mut p, account, 5, 9, "");
        p.change_setting("ics.alarm_minutes", "90", &clock())
            .unwrap();
        assert!(export(&p, dir.path(), "a.ics").contains("TRIGGER:-PT90M\r\n"));
        p.change_setting("ics.alarm_minutes", "0", &clock())
            .unwrap();
        let text = export(&p, dir.path(), "b.ics");
        assert!(!text.contains("VALARM"), "{text}");
        assert!(
            p.change_setting("ics.alarm_minutes", "-5", &clock())
                .is_err()
        );
    }
}

mod vcard_export {
    use super::*;
    use kam::domain::{ContactInput, Department, Seniority};
    use kam::interop::export::export_vcard;

    /// Issue 20, item 9, read back by two parsers: `calcard` (kam's own
    /// importer) and the `ical` crate's vCard parser.
    #[test]
    fn kams_vcards_read_back_by_two_parsers() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with(&["华东精密机械有限公司"]);
        let mut a = store.get_account(1).unwrap().unwrap().input;
        a.address = "上海市浦东新区张江路 88 号".into();
        store.update_account(1, &a, &clock()).unwrap();
        for (name, phone) in [
            ("欧阳娜娜", "15912345678"),
            ("张伟 (David Zhang)", "021-5080 1234"),
            ("李玲", "+86 138 0013 8000"),
        ] {
            let mut c = ContactInput::new(name, Department::Purchasing, Seniority::Manager);
            c.phone = phone.into();
            c.title = "采购经理".into();
            store.add_contact(1, &c, &clock()).unwrap();
        }
        let file = dir.path().join("out.vcf");
        assert_eq!(export_vcard(&store, &file, None).unwrap(), 3);
        let text = std::fs::read_to_string(&file).unwrap();

        // the ical crate
        let cards: Vec<_> = ical::VcardParser::new(text.as_bytes())
            .map(|c| c.expect("ical reads the vCard"))
            .collect();
        assert_eq!(cards.len(), 3);
        let get = |c: &ical::parser::vcard::component::VcardContact, n: &str| {
            c.properties
                .iter()
                .find(|p| p.name == n)
                .map(|p| (p.value.clone().unwrap_or_default(), p.params.clone()))
                .unwrap_or_else(|| panic!("{n}"))
        };
        let ouyang = cards.iter().find(|c| get(c, "FN").0 == "欧阳娜娜").unwrap();
        assert_eq!(get(ouyang, "N").0, "欧阳;娜娜;;;");
        let (tel, params) = get(ouyang, "TEL");
        assert_eq!(tel, "15912345678");
        let types: Vec<String> = params
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("TYPE"))
            .flat_map(|(_, v)| v)
            .collect();
        assert!(
            types.iter().any(|t| t.eq_ignore_ascii_case("CELL")),
            "{types:?}"
        );
        let mixed = cards
            .iter()
            .find(|c| get(c, "FN").0 == "张伟 (David Zhang)")
            .unwrap();
        assert_eq!(get(mixed, "N").0, "张伟 (David Zhang);;;;");
        assert_eq!(get(mixed, "ADR").0, ";;上海市浦东新区张江路 88 号;;;;");

        // calcard, through kam's own importer: back in as the same people
        let (back, _) = read_cards(text.as_bytes()).unwrap();
        let names: Vec<_> = back.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"欧阳娜娜") && names.contains(&"张伟 (David Zhang)"));
        let li = back.iter().find(|c| c.name == "李玲").unwrap();
        assert_eq!(li.phone, "+86 138 0013 8000");
        assert_eq!(li.org, "华东精密机械有限公司");
        // and re-imported they are the contacts they were
        let o = import_vcard(&mut store, text.as_bytes(), None, &clock(), REAL).unwrap();
        assert_eq!((o.added, o.updated, o.fields), (0, 3, 0), "nothing changes");
    }
}

/// The account's address goes out and comes back in like the other
/// columns: CSV (also under a Chinese header) and the JSON portfolio.
#[test]
fn the_address_round_trips_through_csv_and_json() {
    use kam::interop::export::{export_csv, export_json, import_json};
    use kam::interop::import::{Kind, import_csv};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let text = "客户名称,地址\n华东精密机械有限公司,\"上海市浦东新区张江路 88 号, 3 楼\"\n";
    import_csv(
        &mut store,
        Kind::Accounts,
        text.as_bytes(),
        &clock(),
        false,
        |_| {},
    )
    .unwrap();
    let address = |s: &Store| s.get_account(1).unwrap().unwrap().input.address;
    assert_eq!(address(&store), "上海市浦东新区张江路 88 号, 3 楼");
    let csv = dir.path().join("csv");
    export_csv(&store, &csv).unwrap();
    let bytes = std::fs::read(csv.join("accounts.csv")).unwrap();
    let mut again = Store::open_in_memory().unwrap();
    import_csv(&mut again, Kind::Accounts, &bytes, &clock(), false, |_| {}).unwrap();
    assert_eq!(address(&again), "上海市浦东新区张江路 88 号, 3 楼");
    let json = dir.path().join("all.json");
    export_json(&store, &json, "2026-12-02 09:00:00").unwrap();
    let mut third = Store::open(&dir.path().join("third.db")).unwrap();
    import_json(&mut third, &std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(address(&third), "上海市浦东新区张江路 88 号, 3 楼");
}
