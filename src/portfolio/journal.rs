//! The change journal as the user sees it: undo and redo of this kam's
//! changes, `kam undo` of the device's last one, and the history of an
//! account (or the portfolio), field by field in the display language.

use super::{Error, Portfolio, Result};
use crate::domain::*;
use crate::store::journal::{Cell, ChangeRow, MovedOn, Op, RowChange};
use crate::strings::{Label, field_label, money_exact, s};
use std::collections::HashMap;
use std::str::FromStr;

/// A change undone or redone: what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversed {
    /// `None`: a kind this kam does not know (a newer kam's).
    pub kind: Option<ChangeKind>,
    pub subject: String,
}

impl Reversed {
    /// The change in words, in the interface language.
    pub fn said(&self) -> String {
        (s().change_said)(self.kind, &self.subject)
    }
}

/// One change in the history: the journal's row, whether it is undone,
/// and what it did (`None`: its changeset is not one this kam can read).
#[derive(Debug, Clone)]
pub struct Entry {
    pub change: ChangeRow,
    pub kind: Option<ChangeKind>,
    pub undone: bool,
    pub rows: Option<Vec<RowChange>>,
    /// For an undo or redo: the change it took back or put back, first of
    /// the chain (what the user did).
    pub original: Option<Reversed>,
}

impl Entry {
    /// The change in words: an undo says what it undid.
    pub fn said(&self) -> String {
        let subject = match &self.original {
            Some(o) => o.said(),
            None => self.change.subject.clone(),
        };
        (s().change_said)(self.kind, &subject)
    }
}

/// One line of a change as shown: a record and what happened to it, then
/// its fields `old → new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// "Contact 张伟", "Visit 2026-12-03 09:00" …
    pub record: String,
    pub op: Op,
    /// (field label, old, new) in the display language, of a change (an
    /// added or deleted record has none).
    pub fields: Vec<(String, String, String)>,
}

impl Shown {
    /// The lines it reads as: an added or deleted record in one line, a
    /// changed one a line per field (`Contact 张伟 · Title: 采购经理 → 采购总监`).
    pub fn lines(&self) -> Vec<String> {
        let t = s();
        match self.op {
            Op::Insert => vec![format!("{} {}", self.record, t.op_added)],
            Op::Delete => vec![format!("{} {}", self.record, t.op_deleted)],
            Op::Update if self.fields.is_empty() => vec![self.record.clone()],
            Op::Update => self
                .fields
                .iter()
                .map(|(label, old, new)| {
                    let change = format!("{old} → {new}");
                    format!(
                        "{} · {}",
                        self.record,
                        crate::strings::labelled(label, &change)
                    )
                })
                .collect(),
        }
    }
}

/// A journal time (UTC) as the local time of `clock`, to the minute.
pub fn local_time(at_utc: &str, clock: &Clock) -> String {
    match crate::domain::clock::parse_stored_date_time(at_utc) {
        Some(t) => clock.local(t).format("%Y-%m-%d %H:%M").to_string(),
        None => at_utc.to_string(),
    }
}

/// The UTC time a local day starts at, for `--since`.
pub fn day_start_utc(day: chrono::NaiveDate, clock: &Clock) -> String {
    let start = day.and_time(chrono::NaiveTime::MIN) - clock.utc_offset();
    crate::domain::clock::format_date_time(start)
}

/// A change of an account's History, ready to draw: its header in words
/// and, per row it changed, the records it is about and its lines.
#[derive(Debug, Clone)]
pub struct HistoryItem {
    pub entry: Entry,
    /// When (local), who, what.
    pub header: String,
    pub rows: Vec<ShownRow>,
}

/// One changed row of a `HistoryItem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRow {
    /// The records the row is about: itself, and for a visit's contact
    /// both the visit and the contact.
    pub about: Vec<(&'static str, i64)>,
    pub lines: Vec<String>,
}

impl HistoryItem {
    /// Whether it changed the record `table`/`id`.
    pub fn about(&self, table: &str, id: i64) -> bool {
        self.rows
            .iter()
            .any(|r| r.about.contains(&(table_name(table), id)))
    }
}

/// The table names a row can be about, as `'static` words.
fn table_name(table: &str) -> &'static str {
    match table {
        "accounts" => "accounts",
        "contacts" => "contacts",
        "complaints" => "complaints",
        "visits" => "visits",
        "surveys" => "surveys",
        "commitments" => "commitments",
        "visit_contacts" => "visit_contacts",
        _ => "",
    }
}

/// How many changes an account's History reads at first, and more each
/// time the cursor comes near the end of them.
pub const HISTORY_PAGE: u32 = 300;

/// How far back the history of one account goes.
pub const HISTORY_LIMIT: u32 = 2_000;

impl Portfolio {
    /// Undoes the latest change this kam made that is not undone yet;
    /// `None` when there is none.
    pub fn undo(&mut self, clock: &Clock) -> Result<Option<Reversed>> {
        let Some(&id) = self.undo.last() else {
            return Ok(None);
        };
        let new = self.reverse(id, ChangeKind::Undo, clock)?;
        self.undo.pop();
        self.redo.push(new);
        self.reversed(id).map(Some)
    }

    /// Redoes the latest undo of this kam; `None` when there is none.
    pub fn redo(&mut self, clock: &Clock) -> Result<Option<Reversed>> {
        let Some(&undo) = self.redo.last() else {
            return Ok(None);
        };
        let new = self.reverse(undo, ChangeKind::Redo, clock)?;
        self.redo.pop();
        self.undo.push(new);
        // what comes back is what the undo took away
        let original = self.store.change(undo)?.and_then(|c| c.reverses);
        match original {
            Some(id) => self.reversed(id).map(Some),
            None => self.reversed(undo).map(Some),
        }
    }

    /// `kam undo`: undoes the latest change made on this device that is
    /// not undone yet; `None` when there is none.
    pub fn undo_last(&mut self, clock: &Clock) -> Result<Option<Reversed>> {
        let Some(id) = self.last_live()? else {
            return Ok(None);
        };
        self.reverse(id, ChangeKind::Undo, clock)?;
        self.reversed(id).map(Some)
    }

    /// The journal, newest first: of one account or the portfolio, since a
    /// UTC time, at most `limit` changes; each with what it did.
    pub fn history(
        &self,
        account: Option<i64>,
        since: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        let reversals = self.reversals()?;
        // the change an undo or redo reverses, first of its chain
        let original = |mut at: Option<i64>| -> Option<Reversed> {
            while let Some(c) = at.and_then(|id| self.store.change(id).ok().flatten()) {
                match ChangeKind::from_str(&c.kind) {
                    Ok(ChangeKind::Undo | ChangeKind::Redo) => at = c.reverses,
                    kind => {
                        return Some(Reversed {
                            kind: kind.ok(),
                            subject: c.subject,
                        });
                    }
                }
            }
            None
        };
        let changes = self.store.changes_with_rows(account, since, limit)?;
        // only a change of several accounts has rows of other accounts
        let ids: Vec<i64> = changes.iter().map(|(c, _)| c.id).collect();
        let mixed: std::collections::HashSet<i64> = match account {
            Some(_) => self
                .store
                .changes_of_many_accounts(&ids)?
                .into_iter()
                .collect(),
            None => Default::default(),
        };
        Ok(changes
            .into_iter()
            .map(|(change, rows)| {
                let rows = rows.ok();
                let rows = match (rows, account) {
                    (Some(rows), Some(a)) if mixed.contains(&change.id) => {
                        Some(self.rows_of(rows, a))
                    }
                    (rows, _) => rows,
                };
                Entry {
                    kind: ChangeKind::from_str(&change.kind).ok(),
                    undone: undone(&reversals, change.id),
                    rows,
                    original: change.reverses.and_then(|r| original(Some(r))),
                    change,
                }
            })
            .collect())
    }

    /// Who made a change as History and `kam log` say it: the person, and
    /// for a change synced from another laptop, that laptop's name.
    pub fn made_by(&self) -> Result<impl Fn(&ChangeRow) -> String + use<>> {
        let devices = self.device_names()?;
        let mine = self.store.device()?;
        Ok(move |c: &ChangeRow| {
            if c.device == mine {
                return c.person.clone();
            }
            let device = devices
                .get(&c.device)
                .cloned()
                .unwrap_or_else(|| super::sync::shown_name("", &c.device));
            super::sync::join_who(&c.person, &device)
        })
    }

    /// An account's History: its latest changes, newest first, each with
    /// its lines in the display language (times local to `clock`).
    pub fn account_history(
        &self,
        account: i64,
        limit: u32,
        clock: &Clock,
    ) -> Result<Vec<HistoryItem>> {
        let t = s();
        // names as they are now
        self.names.borrow_mut().clear();
        let by = self.made_by()?;
        Ok(self
            .history(Some(account), None, limit.min(HISTORY_LIMIT))?
            .into_iter()
            .map(|entry| {
                let mark = if entry.undone { t.undone_mark } else { "" };
                let header = format!(
                    "{}  {}  {} {mark}",
                    local_time(&entry.change.at, clock),
                    by(&entry.change),
                    entry.said()
                );
                let rows = match &entry.rows {
                    None => vec![ShownRow {
                        about: Vec::new(),
                        lines: vec![t.unreadable_change.to_string()],
                    }],
                    Some(rows) => rows
                        .iter()
                        .map(|r| ShownRow {
                            about: about(r),
                            lines: self.show(r).lines(),
                        })
                        .collect(),
                };
                HistoryItem {
                    entry,
                    header,
                    rows,
                }
            })
            .collect())
    }

    /// A row of a change as the user reads it, in the display language.
    pub fn show(&self, row: &RowChange) -> Shown {
        // an added or deleted record reads as one line: its fields are
        // worded only for a change
        let fields = row
            .columns
            .iter()
            .filter(|_| row.op == Op::Update)
            .filter(|(c, _, _)| shown_column(row, c))
            .map(|(c, old, new)| {
                let label = field_label(c).map_or_else(|| c.clone(), str::to_string);
                let v = |cell: &Option<Cell>| {
                    cell.as_ref()
                        .map_or_else(String::new, |x| self.value(&row.table, c, x))
                };
                (label, v(old), v(new))
            })
            .collect();
        Shown {
            record: self.record_name(row),
            op: row.op,
            fields,
        }
    }

    fn reverse(&mut self, id: i64, kind: ChangeKind, clock: &Clock) -> Result<i64> {
        match self.store.reverse(id, kind, clock)? {
            Ok(new) => Ok(new),
            Err(moved) => Err(Error::MovedOn(self.moved_name(&moved))),
        }
    }

    fn reversed(&self, id: i64) -> Result<Reversed> {
        let c = self.store.change(id)?;
        Ok(Reversed {
            kind: c.as_ref().and_then(|c| ChangeKind::from_str(&c.kind).ok()),
            subject: c.map(|c| c.subject).unwrap_or_default(),
        })
    }

    /// The latest change of this device, not an undo or redo, not undone.
    fn last_live(&self) -> Result<Option<i64>> {
        let reversals = self.reversals()?;
        let device = self.store.device()?;
        Ok(self
            .store
            .changes(None, None, u32::MAX)?
            .into_iter()
            .filter(|c| c.device == device && c.reverses.is_none())
            .find(|c| !undone(&reversals, c.id))
            .map(|c| c.id))
    }

    /// change id → the change that reverses it.
    fn reversals(&self) -> Result<HashMap<i64, i64>> {
        Ok(self.store.reversals()?.into_iter().collect())
    }

    /// The rows of a change that belong to `account` (an import touches
    /// many accounts).
    fn rows_of(&self, rows: Vec<RowChange>, account: i64) -> Vec<RowChange> {
        rows.into_iter()
            .filter(|r| self.account_of(r) == Some(account))
            .collect()
    }

    pub(super) fn account_of(&self, r: &RowChange) -> Option<i64> {
        if r.table == "accounts" {
            return r.id;
        }
        if let Some(a) = r.value("account_id").and_then(Cell::as_i64) {
            return Some(a);
        }
        let id = r.id?;
        match r.table.as_str() {
            "contacts" => self.store.get_contact(id).ok()?.map(|c| c.account_id),
            "complaints" => self.store.get_complaint(id).ok()?.map(|c| c.account_id),
            "visits" => self.store.get_visit(id).ok()?.map(|v| v.account_id),
            "surveys" => self.store.get_survey(id).ok()?.map(|v| v.account_id),
            "commitments" => self.store.commitment(id).ok()?.map(|c| c.account_id),
            _ => None,
        }
    }

    /// What a row is, as the user knows it.
    pub(super) fn record_name(&self, r: &RowChange) -> String {
        let t = s();
        let text = |c: &str| match r.value(c) {
            Some(Cell::Text(x)) => x.clone(),
            _ => String::new(),
        };
        // names read from the file once per record (a history of 2,000
        // changes mostly names the same few)
        let or_stored = |named: String, lookup: &dyn Fn(i64) -> Option<String>| {
            if !named.is_empty() {
                return named;
            }
            let Some(id) = r.id else {
                return String::new();
            };
            self.cached_name(&r.table, id, || lookup(id).unwrap_or_default())
        };
        match r.table.as_str() {
            "accounts" => {
                let name = or_stored(text("name"), &|id| {
                    self.store.get_account(id).ok()?.map(|a| a.input.name)
                });
                format!("{} {name}", t.rec_account)
            }
            "contacts" => {
                let name = or_stored(text("name"), &|id| {
                    self.store.get_contact(id).ok()?.map(|c| c.input.name)
                });
                format!("{} {name}", t.rec_contact)
            }
            "complaints" => {
                let summary = or_stored(text("summary"), &|id| {
                    self.store.get_complaint(id).ok()?.map(|c| c.summary)
                });
                format!("{} “{summary}”", t.rec_complaint)
            }
            "visits" => {
                let when = or_stored(text("scheduled_at"), &|id| {
                    let v = self.store.get_visit(id).ok()??;
                    Some(crate::domain::clock::format_date_time(v.scheduled_at))
                });
                format!("{} {}", t.rec_visit, when.get(..16).unwrap_or(&when))
            }
            "surveys" => {
                let day = or_stored(text("taken_at"), &|id| {
                    Some(self.store.get_survey(id).ok()??.input.taken_at.to_string())
                });
                format!("{} {day}", t.rec_survey)
            }
            "commitments" => {
                let what = or_stored(text("what"), &|id| {
                    Some(self.store.commitment(id).ok()??.input.what)
                });
                format!("{} “{what}”", crate::strings_brief::rec_promise())
            }
            "visit_contacts" => {
                let contact = r
                    .value("contact_id")
                    .and_then(Cell::as_i64)
                    .map(|id| self.contact_name(id))
                    .unwrap_or_default();
                format!("{} {contact}", t.rec_visit_contact)
            }
            "settings" => format!("{} {}", t.rec_setting, text("key")),
            other => other.to_string(),
        }
    }

    /// A stored value in the display language: labels for stored words,
    /// amounts as money, names for references.
    pub(super) fn value(&self, table: &str, column: &str, cell: &Cell) -> String {
        let t = s();
        let word = match cell {
            Cell::Null => return t.none.to_string(),
            Cell::Blob(n) => return format!("<{n} bytes>"),
            Cell::Real(x) => return x.to_string(),
            Cell::Int(n) => {
                return match (table, column) {
                    // exact: two values a 万 apart would read the same
                    (_, "annual_revenue" | "annual_profit") => money_exact(*n, true),
                    ("accounts", "relationship_level") => RelationshipLevel::from_number(*n)
                        .map_or_else(|| n.to_string(), |l| l.label().to_string()),
                    ("contacts", "left_company") => if *n != 0 { t.yes } else { t.no }.to_string(),
                    (_, "contact_id") => match self.contact_name(*n) {
                        name if name.is_empty() => format!("#{n}"),
                        name => name,
                    },
                    _ => n.to_string(),
                };
            }
            Cell::Text(w) if w.is_empty() => return t.none.to_string(),
            Cell::Text(w) => w,
        };
        if matches!(
            column,
            "scheduled_at" | "completed_at" | "resolved_at" | "opened_at" | "archived_at"
        ) && word.len() == 19
        {
            return word[..16].to_string();
        }
        fn label<T: FromStr + Label>(w: &str) -> Option<String> {
            w.parse::<T>().ok().map(|v| v.label().to_string())
        }
        let labelled = match (table, column) {
            ("accounts", "tier") => label::<Tier>(word),
            ("accounts", "status") => label::<AccountStatus>(word),
            ("accounts", "lost_reason") => label::<LostReason>(word),
            ("accounts", "defection") => label::<Defection>(word),
            ("contacts", "department") => label::<Department>(word),
            ("contacts", "seniority") => label::<Seniority>(word),
            ("contacts", "buying_role") => label::<BuyingRole>(word),
            ("complaints", "category") => label::<ComplaintCategory>(word),
            ("complaints", "severity") => label::<Severity>(word),
            ("complaints", "status") => label::<ComplaintStatus>(word),
            ("complaints", "forwarded_to") => label::<ForwardedTo>(word),
            ("visits", "kind") => label::<VisitKind>(word),
            ("visits", "status") => label::<VisitStatus>(word),
            ("surveys", "channel") => label::<SurveyChannel>(word),
            _ => None,
        };
        labelled.unwrap_or_else(|| word.clone())
    }

    /// A record's name, read once per history.
    fn cached_name(&self, table: &str, id: i64, read: impl FnOnce() -> String) -> String {
        let key = (table.to_string(), id);
        if let Some(name) = self.names.borrow().get(&key) {
            return name.clone();
        }
        let name = read();
        self.names.borrow_mut().insert(key, name.clone());
        name
    }

    fn contact_name(&self, id: i64) -> String {
        self.cached_name("contacts", id, || {
            self.store
                .get_contact(id)
                .ok()
                .flatten()
                .map(|c| c.input.name)
                .unwrap_or_default()
        })
    }

    /// The record an undo found changed, as the user knows it.
    fn moved_name(&self, moved: &MovedOn) -> String {
        let row = RowChange {
            table: moved.table.clone(),
            op: Op::Update,
            id: moved.id,
            columns: Vec::new(),
        };
        self.record_name(&row)
    }
}

/// The records a changed row is about.
fn about(r: &RowChange) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    if let Some(id) = r.id {
        out.push((table_name(&r.table), id));
    }
    if r.table == "visit_contacts" {
        for (table, column) in [("visits", "visit_id"), ("contacts", "contact_id")] {
            if let Some(id) = r.value(column).and_then(Cell::as_i64) {
                out.push((table, id));
            }
        }
    }
    out
}

/// Whether a change is undone: reversed by a change that is not itself
/// reversed (and so on: an odd chain of reversals).
fn undone(reversals: &HashMap<i64, i64>, id: i64) -> bool {
    let mut at = id;
    let mut odd = false;
    while let Some(&next) = reversals.get(&at) {
        odd = !odd;
        at = next;
    }
    odd
}

/// Whether a column is worth showing in a change: not the ids, stamps and
/// search forms kam keeps for itself (nor an update's unchanged uid).
fn shown_column(row: &RowChange, column: &str) -> bool {
    let own = matches!(
        column,
        "id" | "uid"
            | "account_id"
            | "created_at"
            | "updated_at"
            | "name_search"
            | "name_key"
            | "visit_id"
            | "key"
    );
    !(own || row.table == "visit_contacts" && column == "contact_id")
}

/// The history for scripts (`kam log --json`): each change with its raw
/// stored values, the same in every interface language.
pub fn to_json(history: &[Entry]) -> serde_json::Value {
    use serde_json::{Value, json};
    let cell = |c: &Option<Cell>| match c {
        None | Some(Cell::Null) => Value::Null,
        Some(Cell::Int(n)) => json!(n),
        Some(Cell::Real(x)) => json!(x),
        Some(Cell::Text(t)) => json!(t),
        Some(Cell::Blob(n)) => json!({ "blob_bytes": n }),
    };
    let rows = |rows: &Vec<RowChange>| -> Vec<Value> {
        rows.iter()
            .map(|r| {
                let fields: serde_json::Map<String, Value> = r
                    .columns
                    .iter()
                    .map(|(c, old, new)| (c.clone(), json!({ "old": cell(old), "new": cell(new) })))
                    .collect();
                json!({
                    "table": r.table,
                    "op": match r.op { Op::Insert => "insert", Op::Update => "update", Op::Delete => "delete" },
                    "id": r.id,
                    "fields": fields,
                })
            })
            .collect()
    };
    Value::Array(
        history
            .iter()
            .map(|e| {
                json!({
                    "id": e.change.id,
                    "uid": e.change.uid,
                    "at": e.change.at,
                    "device": e.change.device,
                    "person": e.change.person,
                    "kind": e.change.kind,
                    "known_kind": e.kind.is_some(),
                    "subject": e.change.subject,
                    "reverses": e.change.reverses,
                    "undone": e.undone,
                    "rows": e.rows.as_ref().map(rows),
                })
            })
            .collect(),
    )
}
