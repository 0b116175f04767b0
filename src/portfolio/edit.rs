//! Saving an edit of a record that may have changed since its form was
//! opened (another kam, an import): the two edits are merged field by
//! field, and a field both changed is put to the user with both values.

use super::{Portfolio, Result};
use crate::domain::merge::{Fields, merge};
use crate::store::journal::Cell;
use crate::strings::field_label;

/// What saving an edit came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit<T> {
    /// Saved (the record's id).
    Saved(i64),
    /// Both sides changed these fields: nothing was saved yet.
    Clash(Box<Clash<T>>),
}

/// An edit that clashed with a change made meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash<T> {
    /// The record as the form was opened on it.
    pub base: T,
    /// The two edits combined; mine in the clashing fields.
    pub merged: T,
    /// The record as stored now.
    pub theirs: T,
    /// The clashing fields, the first to decide first.
    pub fields: Vec<ClashField>,
}

/// One field both sides changed, with both values in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashField {
    pub field: &'static str,
    pub label: String,
    pub mine: String,
    pub theirs: String,
}

impl<T: Fields> Clash<T> {
    /// The edit to save once the first clashing field is decided
    /// (`keep_mine`), as (input, base): the other clashing fields keep
    /// their base, so that they are asked about next.
    pub fn decide(&self, keep_mine: bool) -> (T, T) {
        let mut input = self.merged.clone();
        let mut base = self.theirs.clone();
        if let Some((first, rest)) = self.fields.split_first() {
            if !keep_mine {
                input.take(&self.theirs, first.field);
            }
            for f in rest {
                base.take(&self.base, f.field);
            }
        }
        (input, base)
    }
}

impl Portfolio {
    /// Merges an edit (`mine`, typed over `base`) with the record as it
    /// is stored now (`theirs`): `Ok(merged)` to save, or the clash.
    pub(super) fn merged<T: Fields + serde::Serialize>(
        &self,
        table: &str,
        base: &T,
        mine: &T,
        theirs: T,
    ) -> std::result::Result<T, Clash<T>> {
        let (merged, clashes) = merge(base, mine, &theirs);
        if clashes.is_empty() {
            return Ok(merged);
        }
        let as_map = |x: &T| match serde_json::to_value(x) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        let (m, t) = (as_map(mine), as_map(&theirs));
        let shown = |map: &serde_json::Map<String, serde_json::Value>, f: &str| {
            self.value(table, f, &cell(map.get(f)))
        };
        let fields = clashes
            .into_iter()
            .map(|f| ClashField {
                field: f,
                label: field_label(f).unwrap_or(f).to_string(),
                mine: shown(&m, f),
                theirs: shown(&t, f),
            })
            .collect();
        Err(Clash {
            base: base.clone(),
            merged,
            theirs,
            fields,
        })
    }
}

/// A serialized field as a stored value, to be shown like one.
fn cell(v: Option<&serde_json::Value>) -> Cell {
    match v {
        None | Some(serde_json::Value::Null) => Cell::Null,
        Some(serde_json::Value::Bool(b)) => Cell::Int(i64::from(*b)),
        Some(serde_json::Value::Number(n)) => n.as_i64().map_or(Cell::Null, Cell::Int),
        Some(serde_json::Value::String(s)) => Cell::Text(s.clone()),
        Some(other) => Cell::Text(other.to_string()),
    }
}

/// The result of an edit that saved, for `?`.
pub(super) fn saved<T>(r: Result<i64>) -> Result<Edit<T>> {
    r.map(Edit::Saved)
}
