//! The portfolio out, and back in whole: CSV files that Excel opens and
//! `kam import` reads back, a versioned JSON document of everything, and
//! vCards of the contacts for a phone. Files are written whole, readable
//! by their owner only (`Destination`); JSON and vCards also stream.

use crate::interop::{Destination, escape_text as escape, fold_line as line, write_to};
use crate::store::interop::{DUMP, dump_of, dump_table, restore_table};
use crate::store::whole_file::{FileError, FileProblem};
use crate::store::{Store, StoreError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The JSON document's format name and version (see README).
pub const FORMAT: &str = "kam-portfolio";
pub const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file that could not be written; what was there is unchanged.
    #[error(transparent)]
    Target(#[from] FileError),
    /// The stream (standard output) failed: closed early, or full.
    #[error("standard output: {0}")]
    Stream(std::io::Error),
    /// A write failed; `write_to` says which file or stream it was.
    #[error("{0}")]
    Write(std::io::Error),
    #[error("not a kam portfolio file: {0}")]
    Format(NotAPortfolio),
    #[error("the database is not empty — import a portfolio into a new file (--db NEW.sqlite3)")]
    NotEmpty,
    #[error("no account with id {0}")]
    NoAccount(i64),
}

/// Why a file is not a portfolio `kam import json` reads; worded where it
/// is shown (`strings_cli::export_error`).
#[derive(Debug, thiserror::Error)]
pub enum NotAPortfolio {
    /// Not JSON at all: where the reading stopped.
    #[error("{0}")]
    Json(serde_json::Error),
    #[error("the \"format\" field is not \"{FORMAT}\"")]
    Format,
    #[error("version {0}; this kam reads version {VERSION}")]
    Version(u64),
    #[error("no \"tables\"")]
    NoTables,
}

/// All rows of a table, as the dump gives them.
fn rows(store: &Store, table: &str) -> Result<Vec<Map<String, Value>>, ExportError> {
    let sql = DUMP
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, sql)| *sql)
        .unwrap_or_default();
    let mut out = Vec::new();
    dump_table(store.conn(), sql, |row| {
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

fn text(row: &Map<String, Value>, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => u8::from(*b).to_string(),
        _ => String::new(),
    }
}

/// Minor units as a plain amount a spreadsheet and `kam import` read.
fn amount(row: &Map<String, Value>, key: &str) -> String {
    let m = row.get(key).and_then(Value::as_i64).unwrap_or(0);
    let sign = if m < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        m.unsigned_abs() / 100,
        m.unsigned_abs() % 100
    )
}

/// The files `kam export csv` writes into its folder, one per table.
pub const CSV_FILES: [&str; 6] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "surveys",
    "commitments",
];

/// `kam export csv DIR` into a folder without those files yet.
pub fn export_csv(store: &Store, dir: &Path) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    export_csv_to(store, dir, false)
}

/// `kam export csv DIR [--force]`: one UTF-8 (with BOM, for Excel) file per
/// table, with the columns `kam import` reads; each written whole. Files
/// already there are replaced only when `replace` — otherwise nothing is
/// written. Returns the files and row counts.
pub fn export_csv_to(
    store: &Store,
    dir: &Path,
    replace: bool,
) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    crate::store::files::create_dirs_private(dir)?;
    if !dir.is_dir() {
        return Err(FileError::new(dir, FileProblem::NotAFolder).into());
    }
    for name in CSV_FILES {
        Destination::File {
            path: &dir.join(format!("{name}.csv")),
            replace,
        }
        .check()?;
    }
    let accounts = rows(store, "accounts")?;
    let contacts = rows(store, "contacts")?;
    let account_name: HashMap<String, String> = accounts
        .iter()
        .map(|a| (text(a, "uid"), text(a, "name")))
        .collect();
    let contact_name: HashMap<String, String> = contacts
        .iter()
        .map(|c| (text(c, "uid"), text(c, "name")))
        .collect();
    // (uids, names) of each visit's contacts
    let mut visit_contacts: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
    for link in rows(store, "visit_contacts")? {
        let uid = text(&link, "contact_uid");
        let name = contact_name.get(&uid).cloned().unwrap_or_default();
        let entry = visit_contacts.entry(text(&link, "visit_uid")).or_default();
        entry.0.push(uid);
        entry.1.push(name);
    }
    let with_account = |row: &Map<String, Value>| {
        let uid = text(row, "account_uid");
        let name = account_name.get(&uid).cloned().unwrap_or_default();
        vec![uid, name]
    };
    let mut written = Vec::new();
    let mut write =
        |name: &str, header: &[&str], body: Vec<Vec<String>>| -> Result<(), ExportError> {
            let path = dir.join(format!("{name}.csv"));
            let dest = Destination::File {
                path: &path,
                replace,
            };
            write_to(dest, |out| {
                out.write_all(b"\xEF\xBB\xBF").map_err(ExportError::Write)?;
                let mut w = csv::Writer::from_writer(out);
                let fail = |e: csv::Error| {
                    ExportError::Write(match e.into_kind() {
                        csv::ErrorKind::Io(e) => e,
                        other => std::io::Error::other(format!("{other:?}")),
                    })
                };
                w.write_record(header).map_err(fail)?;
                // a cell a spreadsheet would run is written as text
                for r in &body {
                    let cells: Vec<_> = r.iter().map(|c| super::cells::safe(c)).collect();
                    w.write_record(cells.iter().map(|c| c.as_bytes()))
                        .map_err(fail)?;
                }
                w.flush().map_err(ExportError::Write)
            })?;
            written.push((path.clone(), body.len()));
            Ok(())
        };
    const ACCOUNT: [&str; 18] = [
        "uid",
        "name",
        "tier",
        "relationship_level",
        "industry",
        "region",
        "address",
        "owner",
        "backup_owner",
        "annual_revenue",
        "annual_profit",
        "visit_cadence_days",
        "status",
        "lost_reason",
        "defection",
        "notes",
        "archived_at",
        "updated_at",
    ];
    let body = accounts
        .iter()
        .map(|a| {
            ACCOUNT
                .iter()
                .map(|k| match *k {
                    "annual_revenue" | "annual_profit" => amount(a, k),
                    k => text(a, k),
                })
                .collect()
        })
        .collect();
    write("accounts", &ACCOUNT, body)?;

    const CONTACT: [&str; 14] = [
        "uid",
        "name",
        "title",
        "department",
        "seniority",
        "buying_role",
        "tie_strength",
        "our_side",
        "phone",
        "email",
        "birthday",
        "notes",
        "left_company",
        "updated_at",
    ];
    let body = contacts
        .iter()
        .map(|c| {
            let mut r = with_account(c);
            r.extend(CONTACT.iter().map(|k| text(c, k)));
            r
        })
        .collect();
    write(
        "contacts",
        &[&["account_uid", "account"][..], &CONTACT].concat(),
        body,
    )?;

    const COMPLAINT: [&str; 11] = [
        "uid",
        "opened_at",
        "category",
        "severity",
        "summary",
        "details",
        "status",
        "forwarded_to",
        "resolved_at",
        "resolution",
        "updated_at",
    ];
    let contact_cells = |row: &Map<String, Value>| {
        let uid = text(row, "contact_uid");
        let name = contact_name.get(&uid).cloned().unwrap_or_default();
        [uid, name]
    };
    let body = rows(store, "complaints")?
        .iter()
        .map(|k| {
            let mut r = with_account(k);
            r.extend(contact_cells(k));
            r.extend(COMPLAINT.iter().map(|c| text(k, c)));
            r
        })
        .collect();
    write(
        "complaints",
        &[
            &["account_uid", "account", "contact_uid", "contact"][..],
            &COMPLAINT,
        ]
        .concat(),
        body,
    )?;

    const VISIT: [&str; 9] = [
        "uid",
        "scheduled_at",
        "kind",
        "purpose",
        "status",
        "outcome",
        "next_step",
        "completed_at",
        "updated_at",
    ];
    let body = rows(store, "visits")?
        .iter()
        .map(|v| {
            let mut r = with_account(v);
            r.extend(VISIT.iter().map(|c| text(v, c)));
            let (uids, names) = visit_contacts
                .get(&text(v, "uid"))
                .cloned()
                .unwrap_or_default();
            r.push(uids.join("; "));
            r.push(names.join("; "));
            r
        })
        .collect();
    write(
        "visits",
        &[
            &["account_uid", "account"][..],
            &VISIT,
            &["contact_uids", "contacts"],
        ]
        .concat(),
        body,
    )?;

    const SURVEY: [&str; 11] = [
        "uid",
        "taken_at",
        "channel",
        "product_quality",
        "service_quality",
        "delivery",
        "value",
        "communication",
        "overall",
        "comment",
        "updated_at",
    ];
    let body = rows(store, "surveys")?
        .iter()
        .map(|s| {
            let mut r = with_account(s);
            r.extend(contact_cells(s));
            r.extend(SURVEY.iter().map(|c| text(s, c)));
            r
        })
        .collect();
    write(
        "surveys",
        &[
            &["account_uid", "account", "contact_uid", "contact"][..],
            &SURVEY,
        ]
        .concat(),
        body,
    )?;

    const PROMISE: [&str; 6] = [
        "uid",
        "what",
        "due_on",
        "done_at",
        "visit_uid",
        "updated_at",
    ];
    let body = rows(store, "commitments")?
        .iter()
        .map(|k| {
            let mut r = with_account(k);
            r.extend(contact_cells(k));
            r.extend(PROMISE.iter().map(|c| text(k, c)));
            r
        })
        .collect();
    write(
        "commitments",
        &[
            &["account_uid", "account", "contact_uid", "contact"][..],
            &PROMISE,
        ]
        .concat(),
        body,
    )?;
    Ok(written)
}

/// `kam export json FILE` to a new file.
pub fn export_json(store: &Store, path: &Path, exported_at: &str) -> Result<usize, ExportError> {
    export_json_to(store, Destination::new_file(path), exported_at)
}

/// `kam export json FILE|- [--force]`: everything, as one versioned
/// document, written row by row. Returns the rows written.
pub fn export_json_to(
    store: &Store,
    dest: Destination<'_>,
    exported_at: &str,
) -> Result<usize, ExportError> {
    export_json_of(store, dest, exported_at, None)
}

/// `kam export json FILE|- --owner NAME`: the same document with only the
/// `accounts` given and what belongs to them (their contacts, complaints,
/// visits and surveys), and the settings; `None` is everything.
pub fn export_json_of(
    store: &Store,
    dest: Destination<'_>,
    exported_at: &str,
    accounts: Option<&[i64]>,
) -> Result<usize, ExportError> {
    dest.check()?;
    write_to(dest, |out| write_json(store, out, exported_at, accounts))
}

fn write_json(
    store: &Store,
    mut out: &mut dyn Write,
    exported_at: &str,
    accounts: Option<&[i64]>,
) -> Result<usize, ExportError> {
    let fail = ExportError::Write;
    let mut count = 0;
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"schema_version\":{},\"exported_at\":\"{exported_at}\",\"tables\":{{",
        crate::store::SCHEMA_VERSION
    )
    .map_err(fail)?;
    for (i, (table, _)) in DUMP.iter().enumerate() {
        if i > 0 {
            out.write_all(b",").map_err(fail)?;
        }
        write!(out, "\"{table}\":[").map_err(fail)?;
        let mut first = true;
        let mut io_error = None;
        let dumped = dump_of(store.conn(), table, accounts, |row| {
            let sep: &[u8] = if first { b"\n" } else { b",\n" };
            first = false;
            count += 1;
            match out
                .write_all(sep)
                .and_then(|()| super::json::write_safe(&mut out, &row, false))
            {
                Ok(()) => Ok(()),
                Err(e) => {
                    // stop reading: the reader went away, or the disk is full
                    io_error = Some(e);
                    Err(StoreError::Rejected(String::new()))
                }
            }
        });
        if let Some(e) = io_error {
            return Err(fail(e));
        }
        dumped?;
        out.write_all(b"]").map_err(fail)?;
    }
    out.write_all(b"}}\n").map_err(fail)?;
    Ok(count)
}

/// `kam import json FILE`: a whole portfolio into an empty database, in one
/// transaction. Returns the rows restored per table.
pub fn import_json(store: &mut Store, bytes: &[u8]) -> Result<Vec<(String, usize)>, ExportError> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| ExportError::Format(NotAPortfolio::Json(e)))?;
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ExportError::Format(NotAPortfolio::Format));
    }
    let version = doc.get("version").and_then(Value::as_u64).unwrap_or(0);
    if version != u64::from(VERSION) {
        return Err(ExportError::Format(NotAPortfolio::Version(version)));
    }
    if store.count_accounts(false)? + store.count_accounts(true)? > 0 {
        return Err(ExportError::NotEmpty);
    }
    let tables = doc
        .get("tables")
        .and_then(Value::as_object)
        .ok_or(ExportError::Format(NotAPortfolio::NoTables))?;
    store.set_cache_mib(128)?;
    let counts = store.transaction(|tx| {
        let mut counts = Vec::new();
        for (table, _) in DUMP {
            let rows: Vec<Map<String, Value>> = match tables.get(*table) {
                None => Vec::new(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_object().cloned().ok_or_else(|| {
                            StoreError::Rejected(format!("{table}: a row is not an object"))
                        })
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => {
                    return Err(StoreError::Rejected(format!("{table}: not a list")));
                }
            };
            counts.push((table.to_string(), restore_table(tx, table, &rows)?));
        }
        Ok(counts)
    })?;
    store.fill_search_forms()?;
    Ok(counts)
}

/// Two-character Chinese family names (the rest are one character).
const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木",
];

/// (family, given) of a name: a Chinese name written as one (张伟,
/// 欧阳娜娜) puts the family name first, its two-character family names
/// included; a Western one (Sarah Miller) last. A name mixing Chinese with
/// a space or Latin letters (李 玲, 张伟 (David Zhang)) is not split by
/// guessing: it goes whole into the family field (the card's FN keeps it
/// as written).
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    let wide = |c: char| unicode_width::UnicodeWidthChar::width(c) == Some(2);
    let chinese = name.chars().any(wide);
    let mixed = name.contains(char::is_whitespace) || name.chars().any(|c| c.is_ascii_alphabetic());
    if chinese && mixed {
        return (name.to_string(), String::new());
    }
    if name.chars().next().is_some_and(wide) {
        let n = if COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) {
            2
        } else {
            1
        };
        let family: String = name.chars().take(n).collect();
        let given: String = name.chars().skip(n).collect();
        return (family, given);
    }
    match name.rsplit_once(' ') {
        Some((given, family)) => (family.to_string(), given.to_string()),
        None => (name.to_string(), String::new()),
    }
}

/// Whether `phone` is a mainland Chinese mobile number (1[3-9] and nine
/// more digits, after an optional +86 or 0086; spaces and dashes ignored).
pub fn is_mobile(phone: &str) -> bool {
    let digits: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let national = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let b = national.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// `kam export vcard FILE [--account ID]` to a new file.
pub fn export_vcard(
    store: &Store,
    path: &Path,
    account: Option<i64>,
) -> Result<usize, ExportError> {
    export_vcard_to(store, Destination::new_file(path), account)
}

/// `kam export vcard FILE|- [--account ID] [--force]`: vCard 3.0 of every
/// current contact (or one account's), with the account as ORG, one card
/// at a time.
pub fn export_vcard_to(
    store: &Store,
    dest: Destination<'_>,
    account: Option<i64>,
) -> Result<usize, ExportError> {
    dest.check()?;
    write_to(dest, |w| write_vcards(store, w, account))
}

fn write_vcards(
    store: &Store,
    w: &mut dyn Write,
    account: Option<i64>,
) -> Result<usize, ExportError> {
    use crate::strings::Label;
    let mut out = String::new();
    let mut count = 0;
    let accounts: Vec<(i64, String)> = match account {
        Some(id) => store
            .get_account(id)?
            .map(|a| vec![(a.id, a.input.name)])
            .ok_or(ExportError::NoAccount(id))?,
        None => store.account_names()?,
    };
    for (id, account_name) in accounts {
        // the account's address as the work address, whole in the street
        let address = store
            .get_account(id)?
            .map(|a| a.input.address)
            .unwrap_or_default();
        for row in store.contacts_of(id)? {
            let c = &row.contact.input;
            if c.left_company {
                continue;
            }
            let (family, given) = split_name(&c.name);
            line(&mut out, "BEGIN:VCARD");
            line(&mut out, "VERSION:3.0");
            line(&mut out, "PRODID:-//kam//key account manager//EN");
            line(&mut out, &format!("UID:{}", escape(&row.contact.uid)));
            line(&mut out, &format!("FN:{}", escape(&c.name)));
            line(
                &mut out,
                &format!("N:{};{};;;", escape(&family), escape(&given)),
            );
            line(
                &mut out,
                &format!(
                    "ORG:{};{}",
                    escape(&account_name),
                    escape(c.department.label())
                ),
            );
            if !c.title.is_empty() {
                line(&mut out, &format!("TITLE:{}", escape(&c.title)));
            }
            if !c.phone.is_empty() {
                let kind = if is_mobile(&c.phone) {
                    "CELL"
                } else {
                    "WORK,VOICE"
                };
                line(&mut out, &format!("TEL;TYPE={kind}:{}", escape(&c.phone)));
            }
            if !c.email.is_empty() {
                line(
                    &mut out,
                    &format!("EMAIL;TYPE=INTERNET:{}", escape(&c.email)),
                );
            }
            if let Some(b) = c.birthday {
                line(&mut out, &format!("BDAY:{b}"));
            }
            if !address.is_empty() {
                line(
                    &mut out,
                    &format!("ADR;TYPE=WORK:;;{};;;;", escape(&address)),
                );
            }
            if !c.notes.is_empty() {
                line(&mut out, &format!("NOTE:{}", escape(&c.notes)));
            }
            line(&mut out, "END:VCARD");
            count += 1;
            w.write_all(out.as_bytes()).map_err(ExportError::Write)?;
            out.clear();
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_by_convention() {
        assert_eq!(split_name("张伟"), ("张".into(), "伟".into()));
        assert_eq!(split_name("欧阳明"), ("欧阳".into(), "明".into()));
        assert_eq!(
            split_name("Sarah Miller"),
            ("Miller".into(), "Sarah".into())
        );
        assert_eq!(split_name("Cher"), ("Cher".into(), String::new()));
    }

    /// Issue 20, item 9: `李 玲` was `N:玲;李` and `张伟 (David Zhang)`
    /// `N:Zhang);张伟 (David`; a mixed name is not split by guessing.
    #[test]
    fn a_chinese_name_with_a_space_or_latin_letters_stays_whole() {
        for name in ["李 玲", "张伟 (David Zhang)", "王Mike"] {
            assert_eq!(split_name(name), (name.to_string(), String::new()));
        }
        assert_eq!(split_name("司马光"), ("司马".into(), "光".into()));
    }

    #[test]
    fn mainland_mobiles_are_told_from_other_numbers() {
        for mobile in [
            "13800138000",
            "+86 138 0013 8000",
            "0086-199-1234-5678",
            "(+86) 15912345678",
        ] {
            assert!(is_mobile(mobile), "{mobile}");
        }
        for other in [
            "010-6552 1234",
            "+86 21 5080 1234",
            "12800138000",
            "1380013800",
            "+1 415 555 0100",
        ] {
            assert!(!is_mobile(other), "{other}");
        }
    }
}
