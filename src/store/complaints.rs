//! The `complaints` table.

use super::rows::{id_list, invalid, opt_text, parse_stored_time, text};
use super::{Result, Store, StoreError, new_uid};
use crate::domain::clock::format_date_time;
use crate::domain::complaint::can_move;
use crate::domain::health::OpenComplaint;
use crate::domain::{
    Clock, ComplaintCategory, ComplaintInput, ComplaintStatus, FieldError, ForwardedTo, Problem,
    Severity, Tier,
};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Validates and inserts a complaint of `account_id`; returns its id.
/// `status`/`resolved_at`/`resolution` let history (demo, import) be written
/// as it was; a newly logged complaint is open.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &ComplaintInput,
    status: ComplaintStatus,
    resolved: Option<(NaiveDateTime, &str)>,
    clock: &Clock,
) -> Result<i64> {
    let c = input.clone().normalized(clock.now).map_err(invalid)?;
    conn.prepare_cached(&format!(
        "INSERT INTO complaints (id, uid, account_id, contact_id, opened_at, category,
             severity, summary, details, status, forwarded_to, resolved_at, resolution,
             created_at, updated_at)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        super::ids::next_id("complaints")
    ))?
    .execute(params![
        uid,
        account_id,
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
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_complaint(
        &self,
        account_id: i64,
        input: &ComplaintInput,
        clock: &Clock,
    ) -> Result<i64> {
        insert(
            self.conn(),
            &new_uid(),
            account_id,
            input,
            ComplaintStatus::Open,
            None,
            clock,
        )
    }
}

/// A complaint with what its lists show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRow {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    pub account_uid: String,
    pub account_name: String,
    pub tier: Tier,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub opened_at: NaiveDateTime,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub summary: String,
    pub status: ComplaintStatus,
    pub forwarded_to: Option<ForwardedTo>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolution: String,
}

/// A complaint with its account's and contact's names: every column here
/// is in the partial index `complaints_open`, so the open ones are read
/// from that index alone (`FROM` is left to the caller).
const COLUMNS: &str = "SELECT k.id, k.uid, k.account_id, a.name, a.tier, k.contact_id, c.name,
        k.opened_at, k.category, k.severity, k.summary, k.status, k.forwarded_to,
        k.resolved_at, k.resolution, a.uid";

const ROW: &str = "SELECT k.id, k.uid, k.account_id, a.name, a.tier, k.contact_id, c.name,
        k.opened_at, k.category, k.severity, k.summary, k.status, k.forwarded_to,
        k.resolved_at, k.resolution, a.uid
   FROM complaints k
   JOIN accounts a ON a.id = k.account_id
   LEFT JOIN contacts c ON c.id = k.contact_id";

/// (account id, opened at, severity, id, tier) as health needs them.
pub(crate) fn open_fact(r: &Row<'_>) -> rusqlite::Result<OpenComplaint> {
    Ok(OpenComplaint {
        id: r.get(3)?,
        tier: r.get(4)?,
        account_id: r.get(0)?,
        opened_at: parse_stored_time(opt_text(r, 1)?).unwrap_or_default(),
        severity: r.get(2)?,
    })
}

fn row(r: &Row<'_>) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        uid: text(r, 1)?,
        account_id: r.get(2)?,
        account_name: text(r, 3)?,
        tier: r.get(4)?,
        contact_id: r.get(5)?,
        contact_name: opt_text(r, 6)?,
        opened_at: parse_stored_time(opt_text(r, 7)?).unwrap_or_default(),
        category: r.get(8)?,
        severity: r.get(9)?,
        summary: text(r, 10)?,
        status: r.get(11)?,
        forwarded_to: r.get(12)?,
        resolved_at: parse_stored_time(opt_text(r, 13)?),
        resolution: text(r, 14)?,
        account_uid: text(r, 15)?,
    })
}

/// What a complaint list filters, orders and counts by (the rest of a
/// row is read only for the rows drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintKey {
    pub id: i64,
    pub account_id: i64,
    pub tier: Tier,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub severity: Severity,
    pub category: ComplaintCategory,
    pub status: ComplaintStatus,
}

/// A key from (id, account id, opened, resolved, severity, category,
/// status) columns.
fn key(r: &Row<'_>, account_id: i64, tier: Tier) -> rusqlite::Result<ComplaintKey> {
    Ok(ComplaintKey {
        id: r.get(0)?,
        account_id,
        tier,
        opened_at: parse_stored_time(opt_text(r, 2)?).unwrap_or_default(),
        resolved_at: parse_stored_time(opt_text(r, 3)?),
        severity: r.get(4)?,
        category: r.get(5)?,
        status: r.get(6)?,
    })
}

/// Which complaints a list wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintQuery {
    /// One account's, or the portfolio's (active accounts only).
    pub account_id: Option<i64>,
    /// Also resolved and closed ones, newest first, at most this many.
    pub resolved_limit: u32,
}

impl Store {
    /// Unresolved complaints oldest first, then (if asked) the most recently
    /// resolved or closed ones.
    pub fn list_complaints(&self, q: ComplaintQuery) -> Result<Vec<ComplaintRow>> {
        // one account's by its index; the portfolio's by status
        let scope = match q.account_id {
            Some(_) => "k.account_id = ?1",
            None => "?1 IS NULL AND a.archived_at IS NULL",
        };
        let mut open = self.conn().prepare_cached(&format!(
            "{COLUMNS} FROM complaints k INDEXED BY complaints_open
               JOIN accounts a INDEXED BY accounts_brief ON a.id = k.account_id
               LEFT JOIN contacts c INDEXED BY contacts_names ON c.id = k.contact_id
              WHERE k.status IN ('open', 'in_progress', 'waiting_customer') AND {scope}
              ORDER BY k.opened_at, k.id"
        ))?;
        let mut rows: Vec<ComplaintRow> = open
            .query_map(params![q.account_id], row)?
            .collect::<rusqlite::Result<_>>()?;
        if q.resolved_limit > 0 {
            let mut done = self.conn().prepare_cached(&format!(
                "{ROW} WHERE k.status IN ('resolved', 'closed') AND {scope}
                  ORDER BY coalesce(k.resolved_at, k.opened_at) DESC, k.id DESC LIMIT ?2"
            ))?;
            let resolved = done.query_map(params![q.account_id, q.resolved_limit], row)?;
            for r in resolved {
                rows.push(r?);
            }
        }
        Ok(rows)
    }

    pub fn get_complaint(&self, id: i64) -> Result<Option<ComplaintRow>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("{ROW} WHERE k.id = ?1"))?
            .query_row([id], row)
            .optional()?)
    }

    /// Moves a complaint to `to`, if that change is allowed. Resolving
    /// needs the resolution and stamps `resolved_at`; closing stamps it if
    /// it was not resolved before; reopening clears it (the resolution text
    /// stays as history).
    pub fn set_complaint_status(
        &mut self,
        id: i64,
        to: ComplaintStatus,
        resolution: Option<&str>,
        clock: &Clock,
    ) -> Result<()> {
        self.transaction(|tx| set_status(tx, id, to, resolution, clock))
    }

    /// The unresolved complaints of the accounts in the morning queue (not
    /// archived, not lost), with what their response target needs.
    pub fn open_complaint_facts(&self) -> Result<Vec<OpenComplaint>> {
        self.scan_open(
            false,
            "SELECT k.id, k.account_id, k.opened_at, k.severity
               FROM complaints k INDEXED BY complaints_open
              WHERE k.status IN ('open', 'in_progress', 'waiting_customer')",
            |r, account_id, tier| {
                Ok(OpenComplaint {
                    id: r.get(0)?,
                    account_id,
                    tier,
                    opened_at: parse_stored_time(opt_text(r, 2)?).unwrap_or_default(),
                    severity: r.get(3)?,
                })
            },
        )
    }

    /// Runs `sql` (a scan of the unresolved complaints, the account id its
    /// second column) and maps the rows of active accounts with `f`, given
    /// the account's id and tier. Two index scans joined here: a seek into
    /// the accounts per complaint costs four times as much at 5,000
    /// accounts.
    fn scan_open<T>(
        &self,
        with_lost: bool,
        sql: &str,
        mut f: impl FnMut(&Row<'_>, i64, Tier) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let tiers = self.portfolio_tiers(with_lost)?;
        let mut stmt = self.conn().prepare_cached(sql)?;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let account_id: i64 = r.get(1)?;
            if let Some(tier) = tiers.get(account_id) {
                out.push(f(r, account_id, tier)?);
            }
        }
        Ok(out)
    }

    /// The tier of every account not archived (and, unless `with_lost`,
    /// not lost), by id.
    fn portfolio_tiers(&self, with_lost: bool) -> Result<Tiers> {
        let mut tiers = Tiers::default();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, tier FROM accounts INDEXED BY accounts_brief
              WHERE archived_at IS NULL AND (?1 OR status <> 'lost')",
        )?;
        let mut rows = stmt.query([with_lost])?;
        while let Some(r) = rows.next()? {
            tiers.insert(r.get(0)?, r.get(1)?);
        }
        Ok(tiers)
    }

    /// What the Complaints list filters, orders and counts by, for each of
    /// its complaints: the unresolved ones of active accounts oldest first,
    /// then (if asked) the most recently resolved or closed ones.
    pub fn complaint_keys(&self, resolved_limit: u32) -> Result<Vec<ComplaintKey>> {
        let mut out = self.scan_open(
            true,
            "SELECT k.id, k.account_id, k.opened_at, k.resolved_at, k.severity, k.category,
                    k.status
               FROM complaints k INDEXED BY complaints_open
              WHERE k.status IN ('open', 'in_progress', 'waiting_customer')",
            key,
        )?;
        // oldest first: sorted here, as SQL would sort them all through a
        // temporary tree (the index is in this order but for ties)
        out.sort_unstable_by_key(|k| (k.opened_at, k.id));
        if resolved_limit > 0 {
            let mut stmt = self.conn().prepare_cached(
                "SELECT k.id, k.account_id, k.opened_at, k.resolved_at, k.severity,
                        k.category, k.status, a.tier
                   FROM complaints k JOIN accounts a ON a.id = k.account_id
                  WHERE k.status IN ('resolved', 'closed') AND a.archived_at IS NULL
                  ORDER BY coalesce(k.resolved_at, k.opened_at) DESC, k.id DESC LIMIT ?1",
            )?;
            let mut rows = stmt.query([resolved_limit])?;
            while let Some(r) = rows.next()? {
                out.push(key(r, r.get(1)?, r.get(7)?)?);
            }
        }
        Ok(out)
    }

    /// The complaints `ids` in full, in no particular order.
    pub fn complaints_by_ids(&self, ids: &[i64]) -> Result<Vec<ComplaintRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{ROW} WHERE k.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let rows = stmt.query_map([id_list(ids)], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What `/` on the Complaints screen searches, for each of `ids`: the
    /// summary, details and resolution, and the account's name and its
    /// search form, lowercased and joined by line breaks.
    pub fn complaint_search_texts(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT k.id, k.summary || char(10) || k.details || char(10) || k.resolution
                        || char(10) || a.name || char(10) || a.name_search
               FROM complaints k JOIN accounts a ON a.id = k.account_id
              WHERE k.id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([id_list(ids)], |r| {
            Ok((r.get(0)?, text(r, 1)?.to_lowercase()))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Passes a complaint on to the department that can fix it.
    pub fn forward_complaint(&self, id: i64, to: ForwardedTo, clock: &Clock) -> Result<()> {
        forward(self.conn(), id, to, clock)
    }

    /// Average time from opening to resolution of an account's resolved
    /// complaints, in hours (`None` when none was resolved).
    pub fn average_resolution_hours(&self, account_id: i64) -> Result<Option<f64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT avg(julianday(resolved_at) - julianday(opened_at)) * 24
                   FROM complaints WHERE account_id = ?1 AND resolved_at IS NOT NULL",
            )?
            .query_row([account_id], |r| r.get(0))?)
    }
}

/// Passes a complaint on to the department that can fix it.
pub(crate) fn forward(conn: &Connection, id: i64, to: ForwardedTo, clock: &Clock) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE complaints SET forwarded_to = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, to, clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("complaint {id}")));
    }
    Ok(())
}

/// Moves a complaint to `to`, if that change is allowed (see
/// `Store::set_complaint_status`).
pub(crate) fn set_status(
    conn: &Connection,
    id: i64,
    to: ComplaintStatus,
    resolution: Option<&str>,
    clock: &Clock,
) -> Result<()> {
    let now = format_date_time(clock.now);
    let stamp = clock.stamp();
    let from: ComplaintStatus = conn
        .prepare_cached("SELECT status FROM complaints WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("complaint {id}")))?;
    if !can_move(from, to) {
        return Err(StoreError::Refused(Problem::ComplaintCannotBecome {
            from,
            to,
        }));
    }
    let resolution = resolution.map(str::trim).unwrap_or("");
    if to == ComplaintStatus::Resolved && resolution.is_empty() {
        return Err(invalid(vec![FieldError::new(
            "resolution",
            Problem::SayHowResolved,
        )]));
    }
    let sql = match to {
        ComplaintStatus::Resolved => {
            "UPDATE complaints SET status = ?2, resolved_at = max(?3, opened_at),
                 resolution = ?4, updated_at = ?5 WHERE id = ?1"
        }
        ComplaintStatus::Closed => {
            "UPDATE complaints SET status = ?2,
                 resolved_at = coalesce(resolved_at, max(?3, opened_at)),
                 resolution = CASE WHEN ?4 = '' THEN resolution ELSE ?4 END,
                 updated_at = ?5 WHERE id = ?1"
        }
        _ => {
            "UPDATE complaints SET status = ?2, resolved_at = NULL,
                 resolution = CASE WHEN ?4 = '' THEN resolution ELSE ?4 END,
                 updated_at = ?5 WHERE id = ?1"
        }
    };
    conn.prepare_cached(sql)?
        .execute(params![id, to, now, resolution, stamp])?;
    Ok(())
}

/// Account id → tier: a table indexed by id for the ids numbered from 1 (a
/// lookup per complaint is a load), a map for the far ids of the blocks
/// synced devices number their rows in (`store::ids`).
#[derive(Default)]
struct Tiers {
    near: Vec<Option<Tier>>,
    far: std::collections::HashMap<i64, Tier>,
}

impl Tiers {
    /// Ids below this go in the table (4 MB at most).
    const NEAR: i64 = 1 << 22;

    fn insert(&mut self, id: i64, tier: Tier) {
        match usize::try_from(id) {
            Ok(i) if id < Self::NEAR => {
                if i >= self.near.len() {
                    self.near.resize(i + 1, None);
                }
                self.near[i] = Some(tier);
            }
            _ => {
                self.far.insert(id, tier);
            }
        }
    }

    fn get(&self, id: i64) -> Option<Tier> {
        match usize::try_from(id) {
            Ok(i) if id < Self::NEAR => self.near.get(i).copied().flatten(),
            _ => self.far.get(&id).copied(),
        }
    }
}

/// Corrects what was logged of a complaint: contact, opening time,
/// category, severity, summary, details and where it was forwarded. Its
/// status, resolution and resolution time stay; an opening after its
/// resolution is refused.
pub(crate) fn update(
    conn: &Connection,
    id: i64,
    input: &ComplaintInput,
    clock: &Clock,
) -> Result<()> {
    let c = input.clone().normalized(clock.now).map_err(invalid)?;
    let resolved: Option<Option<String>> = conn
        .prepare_cached("SELECT resolved_at FROM complaints WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let resolved = resolved.ok_or_else(|| StoreError::NotFound(format!("complaint {id}")))?;
    if let Some(at) = parse_stored_time(resolved)
        && c.opened_at > at
    {
        return Err(invalid(vec![FieldError::new(
            "opened_at",
            Problem::BeforeOpened,
        )]));
    }
    conn.prepare_cached(
        "UPDATE complaints SET contact_id = ?2, opened_at = ?3, category = ?4, severity = ?5,
             summary = ?6, details = ?7, forwarded_to = ?8, updated_at = ?9
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
        c.forwarded_to,
        clock.stamp()
    ])?;
    Ok(())
}

/// Deletes a complaint (nothing else refers to one).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("DELETE FROM complaints WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("complaint {id}")));
    }
    Ok(())
}

/// What a complaint's lists leave out, for its detail: the details as
/// typed and the audit stamps (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintExtra {
    pub details: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Store {
    pub fn complaint_extra(&self, id: i64) -> Result<Option<ComplaintExtra>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT details, created_at, updated_at FROM complaints WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(ComplaintExtra {
                    details: text(r, 0)?,
                    created_at: text(r, 1)?,
                    updated_at: text(r, 2)?,
                })
            })
            .optional()?)
    }
}
