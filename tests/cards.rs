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
