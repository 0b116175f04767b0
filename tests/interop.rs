//! Spreadsheets and portfolios in and out: round trips, Chinese-locale
//! files, broken files, dry runs, backups and checks.

use kam::domain::Clock;
use kam::interop::export::{export_csv, export_json, export_vcard, import_json};
use kam::interop::import::{ImportError, Kind, import_csv};
use kam::store::Store;
use kam::store::interop::{DUMP, dump_table};
use std::path::Path;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn demo_store(dir: &Path) -> Store {
    let path = dir.join("demo.sqlite3");
    kam::demo::write(&path, 12, &clock(), true).unwrap();
    Store::open(&path).unwrap()
}

/// Every table as sorted JSON rows, without the audit stamps (an import
/// writes its own).
fn content(store: &Store, with_stamps: bool) -> Vec<(String, Vec<String>)> {
    DUMP.iter()
        .map(|(table, sql)| {
            let mut rows = Vec::new();
            dump_table(kam::store::interop::conn(store), sql, |mut r| {
                if !with_stamps {
                    r.remove("created_at");
                    r.remove("updated_at");
                }
                rows.push(serde_json::Value::Object(r).to_string());
                Ok(())
            })
            .unwrap();
            rows.sort();
            (table.to_string(), rows)
        })
        .collect()
}

fn import(store: &mut Store, kind: Kind, bytes: &[u8]) -> Result<(usize, usize), ImportError> {
    import_csv(store, kind, bytes, &clock(), false, |_| {}).map(|o| (o.added, o.updated))
}

#[test]
fn csv_export_then_import_into_an_empty_database_gives_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path());
    let out = dir.path().join("csv");
    let files = export_csv(&source, &out).unwrap();
    assert_eq!(files.len(), 6);
    let mut target = Store::open(&dir.path().join("new.sqlite3")).unwrap();
    for kind in Kind::ALL {
        let bytes = std::fs::read(out.join(format!("{}.csv", kind.as_str()))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "Excel needs the BOM");
        import(&mut target, kind, &bytes).unwrap();
    }
    let (a, b) = (content(&source, false), content(&target, false));
    for ((table, left), (_, right)) in a.iter().zip(&b) {
        if table == "settings" {
            continue;
        }
        assert_eq!(left.len(), right.len(), "{table}");
        for (l, r) in left.iter().zip(right) {
            assert_eq!(l, r, "{table}");
        }
    }
    // importing the same files again adds nothing
    for kind in Kind::ALL {
        let bytes = std::fs::read(out.join(format!("{}.csv", kind.as_str()))).unwrap();
        let (added, _) = import(&mut target, kind, &bytes).unwrap();
        assert_eq!(added, 0, "{}", kind.as_str());
    }
    assert_eq!(content(&source, false), content(&target, false));
}

#[test]
fn json_export_then_import_recreates_identical_content() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path());
    let file = dir.path().join("portfolio.json");
    export_json(&source, &file, "2026-11-23 09:00:00").unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], "kam-portfolio");
    assert_eq!(doc["version"], 1);
    let mut target = Store::open(&dir.path().join("new.sqlite3")).unwrap();
    import_json(&mut target, &std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(content(&source, true), content(&target, true));
    // only into an empty database
    let err = import_json(&mut target, &std::fs::read(&file).unwrap()).unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
}

#[test]
fn a_gbk_spreadsheet_from_a_chinese_excel_imports_with_its_names_intact() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "客户名称,级别,负责人,年销售额,地区,备注\r\n\
                华东精密机械有限公司,关键客户,李娜,\"12,500,000\",华东,老客户\r\n\
                华南物流,重点客户,王磊,240万,华南,\r\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "really GBK");
    let outcome = import_csv(&mut store, Kind::Accounts, &bytes, &clock(), false, |_| {}).unwrap();
    assert_eq!(outcome.encoding, "GBK/GB18030");
    assert_eq!(outcome.added, 2);
    let rows = store.list_account_summaries(false, clock().now).unwrap();
    let hd = rows
        .iter()
        .find(|r| r.name == "华东精密机械有限公司")
        .unwrap();
    assert_eq!(hd.tier, kam::domain::Tier::Key);
    assert_eq!(hd.annual_revenue, 1_250_000_000);
    assert_eq!(hd.owner, "李娜");
    let hn = rows.iter().find(|r| r.name == "华南物流").unwrap();
    assert_eq!(hn.annual_revenue, 240_000_000);
    assert_eq!(hn.tier, kam::domain::Tier::Important);
}

#[test]
fn contacts_refer_to_accounts_by_name_and_chinese_headers_map() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, Kind::Accounts, "name\n华东精密\n".as_bytes()).unwrap();
    let text = "客户,联系人,职务,部门,电话,邮箱,生日,关系强度\n\
                华东精密,张伟,采购经理,采购部,13800000000,zw@hdjm.cn,1982-03-14,4\n\
                华东精密,王芳,工程师,技术部,,,,3\n";
    assert_eq!(
        import(&mut store, Kind::Contacts, text.as_bytes()).unwrap(),
        (2, 0)
    );
    let contacts = store.contacts_of(1).unwrap();
    let zhang = contacts
        .iter()
        .find(|c| c.contact.input.name == "张伟")
        .unwrap();
    assert_eq!(
        zhang.contact.input.department,
        kam::domain::Department::Purchasing
    );
    assert_eq!(zhang.contact.input.tie_strength, 4);
    assert_eq!(zhang.contact.input.phone, "13800000000");
}

/// Every problem names its row and column, and nothing is written.
fn refused(store: &mut Store, kind: Kind, text: &str) -> Vec<String> {
    let before = content(store, true);
    let err = import(store, kind, text.as_bytes()).unwrap_err();
    assert_eq!(content(store, true), before, "nothing written");
    match err {
        ImportError::Problems(p) => p.iter().map(|p| p.to_string()).collect(),
        other => vec![other.to_string()],
    }
}

#[test]
fn broken_files_report_every_problem_and_import_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, Kind::Accounts, b"name,tier\nAcme,key\n").unwrap();

    let p = refused(&mut store, Kind::Accounts, "tier\nkey\n");
    assert_eq!(
        p,
        ["row 1, column 'name': this column is required and missing"]
    );

    let p = refused(&mut store, Kind::Accounts, "name,colour\nX,blue\n");
    assert!(
        p[0].starts_with("row 1, column 'colour': unknown column"),
        "{p:?}"
    );

    let p = refused(
        &mut store,
        Kind::Accounts,
        "name,tier,annual_revenue\nGood,key,100\nBad,vip,abc\n,key,5\n",
    );
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p[0].starts_with("row 3, column 'tier': 'vip' is not one of"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("row 3, column 'annual_revenue': 'abc' is not an amount"),
        "{p:?}"
    );
    assert_eq!(p[2], "row 4, column 'name': is required");

    let p = refused(
        &mut store,
        Kind::Complaints,
        "account,opened_at,summary\nAcme,2026-02-30,Late\nNobody,2026-11-01,Late\n",
    );
    assert!(
        p[0].contains("row 2, column 'opened_at': 2026-02-30: February 2026 has only 28 days"),
        "{p:?}"
    );
    assert!(
        p[1].contains("row 3, column 'account': no account is named 'Nobody'"),
        "{p:?}"
    );

    let p = refused(
        &mut store,
        Kind::Surveys,
        "account,taken_at,overall,delivery\nAcme,2026-11-01,7,4\n",
    );
    assert_eq!(
        p,
        ["row 2, column 'overall': '7' is not a whole number from 1 to 5"]
    );

    for (bytes, want) in [
        (&b""[..], "empty"),
        (&b"name\n"[..], "empty"),
        (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"[..], "binary"),
    ] {
        let err = import(&mut store, Kind::Accounts, bytes).unwrap_err();
        assert!(err.to_string().contains(want), "{err}");
    }
    assert_eq!(store.count_accounts(false).unwrap(), 1);
}

#[test]
fn a_reference_problem_is_said_in_chinese_under_a_chinese_interface() {
    use kam::strings::{Lang, with_lang};
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, Kind::Accounts, b"name,tier\nAcme,key\n").unwrap();
    let p = with_lang(Lang::Zh, || {
        refused(
            &mut store,
            Kind::Complaints,
            "account,opened_at,summary\nNobody,2026-11-01,Late\n",
        )
    });
    assert_eq!(
        p,
        ["第 2 行，客户（account）列：没有名为“Nobody”的客户——请先导入客户"]
    );
    // the same problem, shown again in English: the words are chosen when shown
    let err = import(
        &mut store,
        Kind::Complaints,
        b"account,opened_at,summary\nNobody,2026-11-01,Late\n",
    )
    .unwrap_err();
    let ImportError::Problems(problems) = err else {
        panic!("{err}");
    };
    assert_eq!(
        problems[0].problem,
        kam::domain::Problem::NoAccountNamed {
            name: "Nobody".into()
        }
    );
    assert_eq!(with_lang(Lang::Zh, || problems[0].to_string()), p[0]);
    assert_eq!(
        with_lang(Lang::En, || problems[0].to_string()),
        "row 2, column 'account': no account is named 'Nobody' — import accounts first"
    );
}

#[test]
fn a_dry_run_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let mut store = Store::open(&path).unwrap();
    import(&mut store, Kind::Accounts, b"name\nAcme\n").unwrap();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let o = import_csv(
        &mut store,
        Kind::Accounts,
        b"name,tier\nAcme,key\nNew Co,general\n",
        &clock(),
        true,
        |_| {},
    )
    .unwrap();
    assert_eq!((o.added, o.updated), (1, 1));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_healthy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    kam::demo::write(&path, 6, &clock(), true).unwrap();
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let store = Store::open(&writer_path).unwrap();
        for i in 0..200 {
            store
                .add_account(
                    &kam::domain::AccountInput::new(
                        &format!("Busy {i}"),
                        kam::domain::Tier::General,
                    ),
                    &clock(),
                )
                .unwrap();
        }
    });
    let reader = Store::open(&path).unwrap();
    let backup = dir.path().join("backup.sqlite3");
    reader.backup_to(&backup).unwrap();
    writer.join().unwrap();
    let copy = Store::open(&backup).unwrap();
    assert!(copy.check().unwrap().healthy());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn vcards_carry_the_account_and_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, Kind::Accounts, "name\n华东精密\n".as_bytes()).unwrap();
    import(
        &mut store,
        Kind::Contacts,
        "account,name,title,department,phone,email,birthday\n\
         华东精密,欧阳娜,总经理,高层,+86 138,oy@hdjm.cn,1975-06-01\n"
            .as_bytes(),
    )
    .unwrap();
    let file = dir.path().join("contacts.vcf");
    assert_eq!(export_vcard(&store, &file, None).unwrap(), 1);
    let text = std::fs::read_to_string(&file).unwrap();
    for line in [
        "BEGIN:VCARD\r\n",
        "VERSION:3.0\r\n",
        "FN:欧阳娜\r\n",
        "N:欧阳;娜;;;\r\n",
        "ORG:华东精密;executive\r\n",
        "TITLE:总经理\r\n",
        "TEL;TYPE=WORK,VOICE:+86 138\r\n",
        "EMAIL;TYPE=INTERNET:oy@hdjm.cn\r\n",
        "BDAY:1975-06-01\r\n",
        "END:VCARD\r\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
}

/// Issue 20, item 7: a cell a spreadsheet would run as a formula is
/// written as text (after a `'`), a control character as its visible
/// stand-in, a negative amount as a number; `kam import` reads the
/// formula-like cells back as they were.
#[test]
fn csv_cells_that_would_run_as_formulas_are_written_as_text_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let source = Store::open(&dir.path().join("hostile.sqlite3")).unwrap();
    let hostile = [
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "+HYPERLINK(\"http://x\")",
        "-2+3",
    ];
    for name in hostile {
        let mut a = kam::domain::AccountInput::new(name, kam::domain::Tier::Key);
        a.annual_profit = -150_560_600; // minor units: -1,505,606.00
        source.add_account(&a, &clock()).unwrap();
    }
    // a control character only another program could have written
    kam::store::interop::conn(&source)
        .execute("UPDATE accounts SET notes = 'red \x1b[31m alert'", [])
        .unwrap();
    let out = dir.path().join("csv");
    export_csv(&source, &out).unwrap();
    let text = std::fs::read_to_string(out.join("accounts.csv")).unwrap();
    for name in hostile {
        let quoted = name.replace('"', "\"\"");
        assert!(
            text.contains(&format!("'{quoted}")),
            "{name} not written as text:\n{text}"
        );
    }
    assert!(!text.contains('\u{1b}'), "a raw ESC in the file");
    assert!(text.contains('\u{241b}'), "ESC shown as ␛");
    assert!(
        text.contains(",-1505606"),
        "a negative amount stays a number:\n{text}"
    );

    let mut target = Store::open(&dir.path().join("back.sqlite3")).unwrap();
    import(&mut target, Kind::Accounts, text.as_bytes()).unwrap();
    let mut names: Vec<String> = target
        .list_account_summaries(false, clock().now)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    names.sort();
    let mut want: Vec<String> = hostile.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

/// Issue 20, item 9: vCards right for Chinese names and mobiles.
#[test]
fn vcards_keep_mixed_chinese_names_whole_and_type_mobiles_as_cell() {
    use kam::domain::{ContactInput, Department, Seniority};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cards.sqlite3")).unwrap();
    let account = store
        .add_account(
            &kam::domain::AccountInput::new("华东精密", kam::domain::Tier::Key),
            &clock(),
        )
        .unwrap();
    for (name, phone) in [
        ("李 玲", "+86 138 0013 8000"),
        ("张伟 (David Zhang)", "021-5080 1234"),
        ("欧阳娜娜", "15912345678"),
    ] {
        let mut c = ContactInput::new(name, Department::Purchasing, Seniority::Manager);
        c.phone = phone.into();
        store.add_contact(account, &c, &clock()).unwrap();
    }
    let file = dir.path().join("cards.vcf");
    assert_eq!(export_vcard(&store, &file, None).unwrap(), 3);
    let text = std::fs::read_to_string(&file).unwrap();
    for line in [
        "FN:李 玲",
        "N:李 玲;;;;",
        "FN:张伟 (David Zhang)",
        "N:张伟 (David Zhang);;;;",
        "N:欧阳;娜娜;;;",
        "TEL;TYPE=CELL:+86 138 0013 8000",
        "TEL;TYPE=WORK,VOICE:021-5080 1234",
        "TEL;TYPE=CELL:15912345678",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
}
