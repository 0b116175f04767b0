//! Helpers every table module shares: turning rows and inputs into
//! values and errors, and reading a table as JSON. The table modules use
//! this one; it uses none of them.

use super::{Result, StoreError};
use crate::domain::FieldError;
use chrono::NaiveDateTime;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

/// What marks a value kam could not read as text: bytes that are not UTF-8
/// become it one for one (as `String::from_utf8_lossy` does), and a BLOB
/// starts with it, so that the damage is always visible where it is shown.
pub(crate) const UNREADABLE: char = char::REPLACEMENT_CHARACTER;

/// A stored value as text, whatever another tool wrote: valid UTF-8 as it
/// is; invalid bytes each as U+FFFD; a BLOB decoded the same way and marked
/// with a leading U+FFFD; numbers written out; NULL as `None`.
pub(crate) fn lossy(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let text = String::from_utf8_lossy(b);
            Some(if text.starts_with(UNREADABLE) {
                text.into_owned()
            } else {
                format!("{UNREADABLE}{text}")
            })
        }
    }
}

/// Column `i` of a text column, read so that no stored byte can make the
/// row unreadable (see [`lossy`]); NULL reads as "". Every text column kam
/// reads goes through this or [`opt_text`]: one bad byte written by
/// another tool degrades one value, never hides a row, a list or a screen.
pub(crate) fn text(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    Ok(lossy(r.get_ref(i)?).unwrap_or_default())
}

/// A nullable text column, read as [`text`] is.
pub(crate) fn opt_text(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    Ok(lossy(r.get_ref(i)?))
}

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

/// Columns kam derives from a name (its search form and sort key): never
/// written to a dump, and ignored when one is read back, so that a dump of
/// an older kam does not bring back forms of older data
/// (`Store::fill_search_forms` computes them after an import).
pub(crate) const DERIVED_COLUMNS: [&str; 2] = ["name_search", "name_key"];

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
    use serde_json::Value;
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let mut obj = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            if ID_COLUMNS.contains(&name.as_str()) || DERIVED_COLUMNS.contains(&name.as_str()) {
                continue;
            }
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                v @ (ValueRef::Text(_) | ValueRef::Blob(_)) => {
                    Value::from(lossy(v).unwrap_or_default())
                }
            };
            obj.insert(name.clone(), v);
        }
        f(obj)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_another_tool_wrote_reads_lossily_and_marked() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
             INSERT INTO t (v) VALUES ('华东'), (CAST(X'41FF42' AS TEXT)), (X'414243'),
                                      (X'FF'), (NULL), (7);",
        )
        .unwrap();
        let mut stmt = conn.prepare("SELECT v FROM t ORDER BY id").unwrap();
        let read: Vec<(String, Option<String>, bool)> = stmt
            .query_map([], |r| {
                Ok((
                    text(r, 0)?,
                    opt_text(r, 0)?,
                    match r.get_ref(0)? {
                        ValueRef::Text(t) => std::str::from_utf8(t).is_err(),
                        v => matches!(v, ValueRef::Blob(_)),
                    },
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plain = |s: &str| (s.to_string(), Some(s.to_string()), false);
        assert_eq!(read[0], plain("华东"));
        assert_eq!(
            read[1],
            ("A\u{FFFD}B".into(), Some("A\u{FFFD}B".into()), true)
        );
        // a BLOB is marked even when its bytes happen to be UTF-8
        assert_eq!(
            read[2],
            ("\u{FFFD}ABC".into(), Some("\u{FFFD}ABC".into()), true)
        );
        assert_eq!(read[3], ("\u{FFFD}".into(), Some("\u{FFFD}".into()), true));
        assert_eq!(read[4], (String::new(), None, false));
        assert_eq!(read[5], plain("7"));
    }
}
