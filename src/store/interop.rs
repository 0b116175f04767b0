//! Lookups and writes for importing spreadsheets: find an existing row by
//! its uid or its natural key, and replace its fields. Everything takes a
//! `&Connection` so that an import runs in one transaction.

pub use super::rows::dump_table;
use super::rows::{ID_COLUMNS, invalid, opt_text, text};
pub use super::settings::settings_of as settings;
use super::{Result, StoreError};
use crate::domain::clock::format_date_time;
use crate::domain::clock::parse_stored_date;
use crate::domain::{
    AccountInput, Clock, ComplaintInput, ComplaintStatus, ContactInput, Dimension, SurveyInput,
    VisitClose, VisitInput, VisitStatus,
};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

/// The id of the account with this uid.
pub fn account_by_uid(conn: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM accounts WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?)
}

/// The id of the account with exactly this name (the first, if several).
pub fn account_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM accounts WHERE name = ?1 ORDER BY id LIMIT 1")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

/// The id of the contact with this uid, and its account.
pub fn contact_by_uid(conn: &Connection, uid: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, account_id FROM contacts WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The id of the contact of an account with exactly this name.
pub fn contact_by_name(conn: &Connection, account_id: i64, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM contacts WHERE account_id = ?1 AND name = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(params![account_id, name.trim()], |r| r.get(0))
        .optional()?)
}

/// A row of some table found by uid: its id and account.
pub fn row_by_uid(conn: &Connection, table: Table, uid: &str) -> Result<Option<(i64, i64)>> {
    let sql = match table {
        Table::Complaints => "SELECT id, account_id FROM complaints WHERE uid = ?1",
        Table::Visits => "SELECT id, account_id FROM visits WHERE uid = ?1",
        Table::Surveys => "SELECT id, account_id FROM surveys WHERE uid = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// When a row of one of the portfolio's tables was last changed (UTC).
pub fn updated_at(conn: &Connection, table: &str, id: i64) -> Result<Option<String>> {
    let sql = match table {
        "accounts" => "SELECT updated_at FROM accounts WHERE id = ?1",
        "contacts" => "SELECT updated_at FROM contacts WHERE id = ?1",
        "complaints" => "SELECT updated_at FROM complaints WHERE id = ?1",
        "visits" => "SELECT updated_at FROM visits WHERE id = ?1",
        "surveys" => "SELECT updated_at FROM surveys WHERE id = ?1",
        "commitments" => "SELECT updated_at FROM commitments WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The tables whose rows match by uid or by a natural key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Complaints,
    Visits,
    Surveys,
}

/// A complaint of the account opened at that time with that summary.
pub fn complaint_by_key(
    conn: &Connection,
    account_id: i64,
    opened_at: NaiveDateTime,
    summary: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM complaints WHERE account_id = ?1 AND opened_at = ?2 AND summary = ?3",
        )?
        .query_row(
            params![account_id, format_date_time(opened_at), summary.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

/// A visit of the account at that time.
pub fn visit_by_key(
    conn: &Connection,
    account_id: i64,
    scheduled_at: NaiveDateTime,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM visits WHERE account_id = ?1 AND scheduled_at = ?2")?
        .query_row(params![account_id, format_date_time(scheduled_at)], |r| {
            r.get(0)
        })
        .optional()?)
}

/// A survey of the account on that day by that respondent (or nobody).
pub fn survey_by_key(
    conn: &Connection,
    account_id: i64,
    taken_at: NaiveDate,
    contact_id: Option<i64>,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM surveys WHERE account_id = ?1 AND taken_at = ?2
                AND contact_id IS ?3",
        )?
        .query_row(params![account_id, taken_at.to_string(), contact_id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The stored fields of an account, to merge a partial row into.
pub fn account_input(conn: &Connection, id: i64) -> Result<AccountInput> {
    conn.prepare_cached(
        "SELECT name, tier, relationship_level, industry, region, owner, backup_owner,
                annual_revenue, annual_profit, visit_cadence_days, status, lost_reason,
                defection, notes, address FROM accounts WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(AccountInput {
            name: text(r, 0)?,
            tier: r.get(1)?,
            relationship_level: r.get(2)?,
            industry: text(r, 3)?,
            region: text(r, 4)?,
            owner: text(r, 5)?,
            backup_owner: text(r, 6)?,
            annual_revenue: r.get(7)?,
            annual_profit: r.get(8)?,
            visit_cadence_days: r.get(9)?,
            status: r.get(10)?,
            lost_reason: r.get(11)?,
            defection: r.get(12)?,
            notes: text(r, 13)?,
            address: text(r, 14)?,
        })
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("account {id}")))
}

/// The stored fields of a contact, to merge a partial row into.
pub fn contact_input(conn: &Connection, id: i64) -> Result<ContactInput> {
    conn.prepare_cached(
        "SELECT name, title, department, seniority, buying_role, tie_strength, our_side,
                phone, email, birthday, notes, left_company FROM contacts WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(ContactInput {
            name: text(r, 0)?,
            title: text(r, 1)?,
            department: r.get(2)?,
            seniority: r.get(3)?,
            buying_role: r.get(4)?,
            tie_strength: r.get(5)?,
            our_side: text(r, 6)?,
            phone: text(r, 7)?,
            email: text(r, 8)?,
            birthday: opt_text(r, 9)?.and_then(|s| parse_stored_date(&s)),
            notes: text(r, 10)?,
            left_company: r.get(11)?,
        })
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("contact {id}")))
}

pub fn update_account(conn: &Connection, id: i64, a: &AccountInput, clock: &Clock) -> Result<()> {
    super::accounts::update(conn, id, a, clock).map(|_| ())
}

pub fn update_contact(conn: &Connection, id: i64, c: &ContactInput, clock: &Clock) -> Result<()> {
    super::contacts::update(conn, id, c, clock).map(|_| ())
}

/// Replaces every field of a complaint, history included.
pub fn update_complaint(
    conn: &Connection,
    id: i64,
    c: &ComplaintInput,
    status: ComplaintStatus,
    resolved: Option<(NaiveDateTime, &str)>,
    clock: &Clock,
) -> Result<()> {
    let c = c.clone().normalized(clock.now).map_err(invalid)?;
    conn.prepare_cached(
        "UPDATE complaints SET contact_id = ?2, opened_at = ?3, category = ?4, severity = ?5,
             summary = ?6, details = ?7, status = ?8, forwarded_to = ?9, resolved_at = ?10,
             resolution = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        c.contact_id,
        format_date_time(c.opened_at),
        c.category,
        c.severity,
        c.summary,
        c.details,
        status,
        c.forwarded_to,
        resolved.map(|(t, _)| format_date_time(t)),
        resolved.map(|(_, r)| r).unwrap_or(""),
        clock.stamp(),
    ])?;
    Ok(())
}

/// Replaces every field of a visit, its contacts and how it was closed.
pub fn update_visit(
    conn: &Connection,
    id: i64,
    v: &VisitInput,
    closed: Option<(&VisitClose, NaiveDateTime)>,
    clock: &Clock,
) -> Result<()> {
    let v = v.clone().normalized().map_err(invalid)?;
    let close = closed
        .map(|(c, at)| c.clone().normalized().map(|c| (c, at)))
        .transpose()
        .map_err(invalid)?;
    conn.prepare_cached(
        "UPDATE visits SET scheduled_at = ?2, kind = ?3, purpose = ?4, status = ?5, outcome = ?6,
             next_step = ?7, completed_at = ?8, updated_at = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        format_date_time(v.scheduled_at),
        v.kind,
        v.purpose,
        close
            .as_ref()
            .map_or(VisitStatus::Planned, |(c, _)| c.status),
        close.as_ref().map_or("", |(c, _)| c.outcome.as_str()),
        close.as_ref().map_or("", |(c, _)| c.next_step.as_str()),
        close.as_ref().map(|(_, at)| format_date_time(*at)),
        clock.stamp(),
    ])?;
    conn.prepare_cached("DELETE FROM visit_contacts WHERE visit_id = ?1")?
        .execute([id])?;
    let mut link =
        conn.prepare_cached("INSERT INTO visit_contacts (visit_id, contact_id) VALUES (?1, ?2)")?;
    for contact in &v.contact_ids {
        link.execute(params![id, contact])?;
    }
    Ok(())
}

pub fn update_survey(conn: &Connection, id: i64, s: &SurveyInput, clock: &Clock) -> Result<()> {
    let s = s.clone().normalized(clock.today()).map_err(invalid)?;
    conn.prepare_cached(
        "UPDATE surveys SET contact_id = ?2, taken_at = ?3, channel = ?4, product_quality = ?5,
             service_quality = ?6, delivery = ?7, value = ?8, communication = ?9,
             overall = ?10, comment = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.contact_id,
        s.taken_at.to_string(),
        s.channel,
        s.score(Dimension::ProductQuality),
        s.score(Dimension::ServiceQuality),
        s.score(Dimension::Delivery),
        s.score(Dimension::Value),
        s.score(Dimension::Communication),
        s.score(Dimension::Overall),
        s.comment,
        clock.stamp(),
    ])?;
    Ok(())
}

/// The connection of a store, for dumping it (tests and exports).
pub fn conn(store: &super::Store) -> &Connection {
    store.conn()
}

/// The tables of a portfolio in the order they can be restored, with the
/// SQL that dumps them: every column except the integer ids, references
/// given as uids (`account_uid`, `contact_uid`, `visit_uid`).
pub const DUMP: &[(&str, &str)] = &[
    ("accounts", "SELECT * FROM accounts ORDER BY id"),
    (
        "contacts",
        "SELECT c.*, a.uid AS account_uid FROM contacts c
           JOIN accounts a ON a.id = c.account_id ORDER BY c.id",
    ),
    (
        "complaints",
        "SELECT k.*, a.uid AS account_uid, c.uid AS contact_uid FROM complaints k
           JOIN accounts a ON a.id = k.account_id
           LEFT JOIN contacts c ON c.id = k.contact_id ORDER BY k.id",
    ),
    (
        "visits",
        "SELECT v.*, a.uid AS account_uid FROM visits v
           JOIN accounts a ON a.id = v.account_id ORDER BY v.id",
    ),
    (
        "visit_contacts",
        "SELECT v.uid AS visit_uid, c.uid AS contact_uid FROM visit_contacts vc
           JOIN visits v ON v.id = vc.visit_id
           JOIN contacts c ON c.id = vc.contact_id ORDER BY v.id, c.id",
    ),
    (
        "surveys",
        "SELECT s.*, a.uid AS account_uid, c.uid AS contact_uid FROM surveys s
           JOIN accounts a ON a.id = s.account_id
           LEFT JOIN contacts c ON c.id = s.contact_id ORDER BY s.id",
    ),
    (
        "commitments",
        "SELECT k.*, a.uid AS account_uid, c.uid AS contact_uid, v.uid AS visit_uid
           FROM commitments k
           JOIN accounts a ON a.id = k.account_id
           LEFT JOIN contacts c ON c.id = k.contact_id
           LEFT JOIN visits v ON v.id = k.visit_id ORDER BY k.id",
    ),
    ("settings", "SELECT key, value FROM settings ORDER BY key"),
];

/// `DUMP` of some accounts only: the same tables, columns and order, each
/// query taking the accounts' ids as `?1` (a JSON array) — their contacts,
/// complaints, visits with their contacts, and surveys; the settings whole.
pub const DUMP_OF_ACCOUNTS: &[(&str, &str)] = &[
    (
        "accounts",
        "SELECT * FROM accounts WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    ),
    (
        "contacts",
        "SELECT c.*, a.uid AS account_uid FROM contacts c
           JOIN accounts a ON a.id = c.account_id
          WHERE c.account_id IN (SELECT value FROM json_each(?1)) ORDER BY c.id",
    ),
    (
        "complaints",
        "SELECT k.*, a.uid AS account_uid, c.uid AS contact_uid FROM complaints k
           JOIN accounts a ON a.id = k.account_id
           LEFT JOIN contacts c ON c.id = k.contact_id
          WHERE k.account_id IN (SELECT value FROM json_each(?1)) ORDER BY k.id",
    ),
    (
        "visits",
        "SELECT v.*, a.uid AS account_uid FROM visits v
           JOIN accounts a ON a.id = v.account_id
          WHERE v.account_id IN (SELECT value FROM json_each(?1)) ORDER BY v.id",
    ),
    (
        "visit_contacts",
        "SELECT v.uid AS visit_uid, c.uid AS contact_uid FROM visit_contacts vc
           JOIN visits v ON v.id = vc.visit_id
           JOIN contacts c ON c.id = vc.contact_id
          WHERE v.account_id IN (SELECT value FROM json_each(?1)) ORDER BY v.id, c.id",
    ),
    (
        "surveys",
        "SELECT s.*, a.uid AS account_uid, c.uid AS contact_uid FROM surveys s
           JOIN accounts a ON a.id = s.account_id
           LEFT JOIN contacts c ON c.id = s.contact_id
          WHERE s.account_id IN (SELECT value FROM json_each(?1)) ORDER BY s.id",
    ),
    (
        "commitments",
        "SELECT k.*, a.uid AS account_uid, c.uid AS contact_uid, v.uid AS visit_uid
           FROM commitments k
           JOIN accounts a ON a.id = k.account_id
           LEFT JOIN contacts c ON c.id = k.contact_id
           LEFT JOIN visits v ON v.id = k.visit_id
          WHERE k.account_id IN (SELECT value FROM json_each(?1)) ORDER BY k.id",
    ),
    ("settings", "SELECT key, value FROM settings ORDER BY key"),
];

/// Calls `f` with each dumped row of `table` (one of `DUMP`'s): of every
/// account, or (`accounts`) of those only.
pub fn dump_of(
    conn: &Connection,
    table: &str,
    accounts: Option<&[i64]>,
    f: impl FnMut(serde_json::Map<String, serde_json::Value>) -> Result<()>,
) -> Result<()> {
    let sql = |dump: &[(&str, &'static str)]| {
        dump.iter()
            .find(|(t, _)| *t == table)
            .map(|(_, sql)| *sql)
            .ok_or_else(|| StoreError::Rejected(format!("unknown table '{table}'")))
    };
    match accounts {
        None => dump_table(conn, sql(DUMP)?, f),
        // the settings are the same whoever's accounts are dumped
        Some(_) if table == "settings" => dump_table(conn, sql(DUMP_OF_ACCOUNTS)?, f),
        Some(ids) => super::rows::dump_table_with(
            conn,
            sql(DUMP_OF_ACCOUNTS)?,
            [super::rows::id_list(ids)],
            f,
        ),
    }
}

/// The columns a table has (from the schema, so that names read from a
/// file are never trusted into SQL).
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let cols = stmt
        .query_map([table], |r| text(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols)
}

/// Writes dumped rows back into an empty database: the same uids and
/// values, references resolved from uids to the new ids.
pub fn restore_table(
    conn: &Connection,
    table: &str,
    rows: &[serde_json::Map<String, serde_json::Value>],
) -> Result<usize> {
    use serde_json::Value;
    if !DUMP.iter().any(|(t, _)| *t == table) {
        return Err(StoreError::Rejected(format!("unknown table '{table}'")));
    }
    let known = table_columns(conn, table)?;
    let id_of = |sql: &str, uid: &str| -> Result<i64> {
        conn.prepare_cached(sql)?
            .query_row([uid], |r| r.get::<_, i64>(0))
            .optional()?
            .ok_or_else(|| StoreError::Rejected(format!("{table}: unknown reference {uid}")))
    };
    for row in rows {
        let mut cols: Vec<String> = Vec::new();
        let mut vals: Vec<rusqlite::types::Value> = Vec::new();
        for (k, v) in row {
            let (col, val) = match k.as_str() {
                "account_uid" => (
                    "account_id",
                    Value::from(id_of(
                        "SELECT id FROM accounts WHERE uid = ?1",
                        v.as_str().unwrap_or(""),
                    )?),
                ),
                "contact_uid" if v.is_null() => ("contact_id", Value::Null),
                "contact_uid" => (
                    "contact_id",
                    Value::from(id_of(
                        "SELECT id FROM contacts WHERE uid = ?1",
                        v.as_str().unwrap_or(""),
                    )?),
                ),
                "visit_uid" if v.is_null() => ("visit_id", Value::Null),
                "visit_uid" => (
                    "visit_id",
                    Value::from(id_of(
                        "SELECT id FROM visits WHERE uid = ?1",
                        v.as_str().unwrap_or(""),
                    )?),
                ),
                other if super::rows::DERIVED_COLUMNS.contains(&other) => continue,
                other if known.iter().any(|c| c == other) && !ID_COLUMNS.contains(&other) => {
                    (other, v.clone())
                }
                other => {
                    return Err(StoreError::Rejected(format!(
                        "{table}: unknown column '{other}'"
                    )));
                }
            };
            cols.push(col.to_string());
            vals.push(match val {
                Value::Null => rusqlite::types::Value::Null,
                Value::Bool(b) => rusqlite::types::Value::Integer(i64::from(b)),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => rusqlite::types::Value::Integer(i),
                    None => rusqlite::types::Value::Real(n.as_f64().unwrap_or(0.0)),
                },
                Value::String(s) => rusqlite::types::Value::Text(s),
                other => rusqlite::types::Value::Text(other.to_string()),
            });
        }
        let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            placeholders.join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(vals))?;
    }
    Ok(rows.len())
}
