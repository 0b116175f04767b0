//! Helpers every table module shares: turning rows and inputs into
//! values and errors, and reading a table as JSON. The table modules use
//! this one; it uses none of them.

use super::{Result, StoreError};
use crate::domain::FieldError;
use chrono::NaiveDateTime;
use rusqlite::Connection;

/// Rules broken by an input, each under its field.
pub(crate) fn invalid(errors: Vec<FieldError>) -> StoreError {
    StoreError::Invalid(errors)
}

/// Parses a stored local date-time; `None` for NULL or a malformed value.
pub(crate) fn parse_stored_time(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| crate::domain::clock::parse_stored_date_time(&s))
}

/// Ids as a JSON array, for `json_each(?)`: a list of any length as one
/// parameter.
pub(crate) fn id_list(ids: &[i64]) -> String {
    let mut out = String::with_capacity(ids.len() * 6 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

/// Columns never written to a dump: the integer ids a database assigns.
pub(crate) const ID_COLUMNS: [&str; 4] = ["id", "account_id", "contact_id", "visit_id"];

/// Calls `f` with each row of `table` as a JSON object.
pub fn dump_table(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(serde_json::Map<String, serde_json::Value>) -> Result<()>,
) -> Result<()> {
    dump_table_with(conn, sql, [], f)
}

/// `dump_table` of a query with bound parameters.
pub fn dump_table_with(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut f: impl FnMut(serde_json::Map<String, serde_json::Value>) -> Result<()>,
) -> Result<()> {
    use rusqlite::types::ValueRef;
    use serde_json::Value;
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let mut obj = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            if ID_COLUMNS.contains(&name.as_str()) {
                continue;
            }
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => Value::Null,
            };
            obj.insert(name.clone(), v);
        }
        f(obj)?;
    }
    Ok(())
}
