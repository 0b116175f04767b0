//! The `visits` and `visit_contacts` tables.

use super::rows::{id_list, invalid, opt_text, parse_stored_time, text};
use super::{Result, Store, StoreError, new_uid};
use crate::domain::clock::format_date_time;
use crate::domain::{Clock, Problem, Tier, VisitClose, VisitInput, VisitKind, VisitStatus};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Validates and inserts a visit with its contacts; returns its id.
/// `closed` writes a visit that already happened (demo, import, logging a
/// past visit) with its status, outcome and completion time.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &VisitInput,
    closed: Option<(&VisitClose, NaiveDateTime)>,
    clock: &Clock,
) -> Result<i64> {
    let v = input.clone().normalized().map_err(invalid)?;
    let close = closed
        .map(|(c, at)| c.clone().normalized().map(|c| (c, at)))
        .transpose()
        .map_err(invalid)?;
    conn.prepare_cached(&format!(
        "INSERT INTO visits (id, uid, account_id, scheduled_at, kind, purpose, status,
             outcome, next_step, completed_at, created_at, updated_at)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        super::ids::next_id("visits")
    ))?
    .execute(params![
        uid,
        account_id,
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
    let id = conn.last_insert_rowid();
    let mut link =
        conn.prepare_cached("INSERT INTO visit_contacts (visit_id, contact_id) VALUES (?1, ?2)")?;
    for contact in &v.contact_ids {
        link.execute(params![id, contact])?;
    }
    Ok(id)
}

impl Store {
    /// Schedules a visit with its contacts, in one transaction.
    pub fn add_visit(&mut self, account_id: i64, input: &VisitInput, clock: &Clock) -> Result<i64> {
        self.transaction(|tx| insert(tx, &new_uid(), account_id, input, None, clock))
    }
}

/// A visit with what its lists show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    pub account_uid: String,
    pub account_name: String,
    pub tier: Tier,
    pub scheduled_at: NaiveDateTime,
    pub kind: VisitKind,
    pub purpose: String,
    pub status: VisitStatus,
    pub outcome: String,
    pub next_step: String,
    pub completed_at: Option<NaiveDateTime>,
    /// Names of the contacts involved, by name (the interface joins them
    /// in its language: `strings::listed`).
    pub contacts: Vec<String>,
    pub contact_ids: Vec<i64>,
}

/// The visit columns without the contacts (lists add them in one pass).
/// Planned visits without their contacts, read from the partial index
/// `visits_planned` alone.
const PLANNED: &str = "SELECT v.id, v.uid, v.account_id, a.name, a.tier, v.scheduled_at, v.kind,
        v.purpose, v.status, v.outcome, v.next_step, v.completed_at, NULL, NULL, a.uid
   FROM visits v INDEXED BY visits_planned
   JOIN accounts a INDEXED BY accounts_brief ON a.id = v.account_id";

/// A time range as stored text; open ends become bounds no stored time
/// passes (`0000` sorts before every date, `9999` after).
fn range(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> (String, String) {
    (
        from.map_or_else(|| "0000".to_string(), format_date_time),
        to.map_or_else(|| "9999".to_string(), format_date_time),
    )
}

const ROW: &str = "SELECT v.id, v.uid, v.account_id, a.name, a.tier, v.scheduled_at, v.kind,
        v.purpose, v.status, v.outcome, v.next_step, v.completed_at,
        (SELECT group_concat(c.name, char(31)) FROM visit_contacts vc
           JOIN contacts c ON c.id = vc.contact_id WHERE vc.visit_id = v.id),
        (SELECT group_concat(vc.contact_id) FROM visit_contacts vc WHERE vc.visit_id = v.id),
        a.uid
   FROM visits v
   JOIN accounts a ON a.id = v.account_id";

/// The names `group_concat(name, char(31))` joined: split again (no name
/// holds a control character kam would keep).
fn names(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        return Vec::new();
    }
    joined.split('\u{1f}').map(str::to_string).collect()
}

fn row(r: &Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: r.get(0)?,
        uid: text(r, 1)?,
        account_id: r.get(2)?,
        account_name: text(r, 3)?,
        tier: r.get(4)?,
        scheduled_at: parse_stored_time(opt_text(r, 5)?).unwrap_or_default(),
        kind: r.get(6)?,
        purpose: text(r, 7)?,
        status: r.get(8)?,
        outcome: text(r, 9)?,
        next_step: text(r, 10)?,
        completed_at: parse_stored_time(opt_text(r, 11)?),
        contacts: names(&text(r, 12)?),
        contact_ids: text(r, 13)?
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        account_uid: text(r, 14)?,
    })
}

/// An account due for a visit by its cadence, with nothing planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAccount {
    pub account_id: i64,
    pub uid: String,
    pub name: String,
    pub tier: Tier,
    pub cadence_days: u32,
    pub last_done: Option<NaiveDate>,
}

impl Store {
    /// Planned visits of the accounts in the portfolio (not archived, not lost) scheduled in `[from, to)`
    /// (open-ended where `None`), earliest first, at most `limit`, with
    /// their contacts: a range of the `visits_planned` index.
    pub fn planned_visits_in(
        &self,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
        limit: u32,
    ) -> Result<Vec<VisitRow>> {
        let (from, to) = range(from, to);
        let mut stmt = self.conn().prepare_cached(&format!(
            "{PLANNED} WHERE v.status = 'planned' AND a.archived_at IS NULL
                AND a.status <> 'lost' AND v.scheduled_at >= ?1 AND v.scheduled_at < ?2
              ORDER BY v.scheduled_at, v.id LIMIT ?3"
        ))?;
        let mut rows: Vec<VisitRow> = stmt
            .query_map(params![from, to, limit], row)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = rows.last().map(|v| format_date_time(v.scheduled_at)) else {
            return Ok(rows);
        };
        // the contacts of those visits in one pass over the same range
        let mut links = self.conn().prepare_cached(
            "SELECT vc.visit_id, c.id, c.name FROM visits v INDEXED BY visits_planned
              CROSS JOIN visit_contacts vc ON vc.visit_id = v.id
               JOIN contacts c INDEXED BY contacts_names ON c.id = vc.contact_id
              WHERE v.status = 'planned' AND v.scheduled_at >= ?1 AND v.scheduled_at <= ?2
              ORDER BY vc.visit_id, c.name",
        )?;
        let mut by_visit: std::collections::HashMap<i64, Vec<(i64, String)>> =
            std::collections::HashMap::new();
        let found = links.query_map(params![from, last], |r| {
            Ok((r.get(0)?, r.get(1)?, text(r, 2)?))
        })?;
        for link in found {
            let (visit, id, name): (i64, i64, String) = link?;
            by_visit.entry(visit).or_default().push((id, name));
        }
        for v in &mut rows {
            if let Some(contacts) = by_visit.remove(&v.id) {
                v.contact_ids = contacts.iter().map(|(id, _)| *id).collect();
                v.contacts = contacts.into_iter().map(|(_, n)| n).collect();
            }
        }
        Ok(rows)
    }

    /// How many planned visits of the accounts in the portfolio (not archived, not lost) fall in `[from, to)`.
    pub fn count_planned_in(
        &self,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> Result<usize> {
        let (from, to) = range(from, to);
        let n: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM visits v INDEXED BY visits_planned
                   JOIN accounts a INDEXED BY accounts_brief ON a.id = v.account_id
                  WHERE v.status = 'planned' AND v.scheduled_at >= ?1 AND v.scheduled_at < ?2
                    AND a.archived_at IS NULL AND a.status <> 'lost'",
            )?
            .query_row(params![from, to], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// One account's visits: planned ones earliest first, then the latest
    /// `history` past ones, newest first.
    pub fn visits_of(&self, account_id: i64, history: u32) -> Result<Vec<VisitRow>> {
        let mut planned = self.conn().prepare_cached(&format!(
            "{ROW} WHERE v.account_id = ?1 AND v.status = 'planned' ORDER BY v.scheduled_at, v.id"
        ))?;
        let mut rows: Vec<VisitRow> = planned
            .query_map([account_id], row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut past = self.conn().prepare_cached(&format!(
            "{ROW} WHERE v.account_id = ?1 AND v.status <> 'planned'
              ORDER BY v.scheduled_at DESC, v.id DESC LIMIT ?2"
        ))?;
        for r in past.query_map(params![account_id, history], row)? {
            rows.push(r?);
        }
        Ok(rows)
    }

    pub fn get_visit(&self, id: i64) -> Result<Option<VisitRow>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("{ROW} WHERE v.id = ?1"))?
            .query_row([id], row)
            .optional()?)
    }

    /// The accounts `ids` as candidates for a visit by cadence, by name
    /// (as names sort: pinyin).
    pub(crate) fn due_accounts(&self, ids: &[i64]) -> Result<Vec<DueAccount>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id, a.name, a.tier, a.visit_cadence_days, s.last_done_visit, a.uid
               FROM accounts a
               JOIN account_stats s ON s.account_id = a.id
              WHERE a.id IN (SELECT value FROM json_each(?1))
              ORDER BY a.name_key, a.name, a.id",
        )?;
        let rows = stmt.query_map([id_list(ids)], |r| {
            Ok(DueAccount {
                account_id: r.get(0)?,
                name: text(r, 1)?,
                tier: r.get(2)?,
                cadence_days: r.get(3)?,
                last_done: parse_stored_time(opt_text(r, 4)?).map(|t| t.date()),
                uid: text(r, 5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Closes a planned visit as done, missed or cancelled, stamping
    /// `completed_at`.
    pub fn close_visit(&self, id: i64, close: &VisitClose, clock: &Clock) -> Result<()> {
        self::close(self.conn(), id, close, clock)
    }

    /// The time of an account's earliest visit on record (any status).
    pub fn first_visit_time(&self, account_id: i64) -> Result<Option<NaiveDateTime>> {
        let at: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT min(scheduled_at) FROM visits INDEXED BY visits_by_account
                  WHERE account_id = ?1",
            )?
            .query_row([account_id], |r| opt_text(r, 0))?;
        Ok(parse_stored_time(at))
    }

    /// The scheduled time of an account's latest done visit (latest by
    /// when it was done).
    pub fn last_done_visit_time(&self, account_id: i64) -> Result<Option<NaiveDateTime>> {
        let at: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT scheduled_at FROM visits INDEXED BY visits_by_account
                  WHERE account_id = ?1 AND status = 'done'
                  ORDER BY coalesce(completed_at, scheduled_at) DESC, id DESC LIMIT 1",
            )?
            .query_row([account_id], |r| opt_text(r, 0))
            .optional()?
            .flatten();
        Ok(parse_stored_time(at))
    }

    /// Moves a planned visit to another time.
    pub fn reschedule_visit(&self, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
        reschedule(self.conn(), id, at, clock)
    }

    /// Every visit between two dates (inclusive), any status, for the
    /// calendar export (`store::calendar`).
    pub fn visits_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<VisitRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{ROW} WHERE (?1 IS NULL OR v.scheduled_at >= ?1)
                AND (?2 IS NULL OR v.scheduled_at < date(?2, '+1 day'))
              ORDER BY v.scheduled_at, v.id"
        ))?;
        let rows = stmt.query_map(
            params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
            row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Planned visits between two dates (inclusive), for calendar export.
    pub fn planned_visits_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<VisitRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{ROW} WHERE v.status = 'planned'
                AND (?1 IS NULL OR v.scheduled_at >= ?1)
                AND (?2 IS NULL OR v.scheduled_at < date(?2, '+1 day'))
              ORDER BY v.scheduled_at, v.id"
        ))?;
        let rows = stmt.query_map(
            params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
            row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Closes a planned visit as done, missed or cancelled; `completed_at` is
/// its done-on (`VisitClose::done_at`), or now.
pub(crate) fn close(conn: &Connection, id: i64, how: &VisitClose, clock: &Clock) -> Result<()> {
    let c = how.clone().normalized().map_err(invalid)?;
    let n = conn
        .prepare_cached(
            "UPDATE visits SET status = ?2, outcome = ?3, next_step = ?4, completed_at = ?5,
                 updated_at = ?6
             WHERE id = ?1 AND status = 'planned'",
        )?
        .execute(params![
            id,
            c.status,
            c.outcome,
            c.next_step,
            format_date_time(c.done_at.unwrap_or(clock.now)),
            clock.stamp()
        ])?;
    if n == 0 {
        return Err(StoreError::Refused(Problem::OnlyPlannedCloses));
    }
    Ok(())
}

/// Moves a planned visit to another time.
pub(crate) fn reschedule(
    conn: &Connection,
    id: i64,
    at: NaiveDateTime,
    clock: &Clock,
) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE visits SET scheduled_at = ?2, updated_at = ?3
             WHERE id = ?1 AND status = 'planned'",
        )?
        .execute(params![id, format_date_time(at), clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::Refused(Problem::OnlyPlannedReschedules));
    }
    Ok(())
}

/// Corrects every field of a visit: when, kind, purpose, its contacts
/// (the links replaced) and its outcome and next step. Its status stays.
pub(crate) fn update(
    conn: &Connection,
    id: i64,
    edit: &crate::domain::VisitEdit,
    clock: &Clock,
) -> Result<()> {
    let done = status_of(conn, id)? == VisitStatus::Done;
    let e = edit.clone().normalized(done).map_err(invalid)?;
    conn.prepare_cached(
        "UPDATE visits SET scheduled_at = ?2, kind = ?3, purpose = ?4, outcome = ?5,
             next_step = ?6, updated_at = ?7, completed_at = coalesce(?8, completed_at)
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        format_date_time(e.scheduled_at),
        e.kind,
        e.purpose,
        e.outcome,
        e.next_step,
        clock.stamp(),
        e.completed_at.map(format_date_time)
    ])?;
    let old: Vec<i64> = conn
        .prepare_cached("SELECT contact_id FROM visit_contacts WHERE visit_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // only the links that change, so that the journal shows just those
    let mut unlink =
        conn.prepare_cached("DELETE FROM visit_contacts WHERE visit_id = ?1 AND contact_id = ?2")?;
    for c in old.iter().filter(|c| !e.contact_ids.contains(c)) {
        unlink.execute(params![id, c])?;
    }
    let mut link =
        conn.prepare_cached("INSERT INTO visit_contacts (visit_id, contact_id) VALUES (?1, ?2)")?;
    for c in e.contact_ids.iter().filter(|c| !old.contains(c)) {
        link.execute(params![id, c])?;
    }
    Ok(())
}

/// A visit's status (not found: an error naming it).
fn status_of(conn: &Connection, id: i64) -> Result<VisitStatus> {
    conn.prepare_cached("SELECT status FROM visits WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("visit {id}")))
}

/// Deletes a visit; its links to contacts go with it (the contacts stay).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<()> {
    // the links first, each its own row in the journal
    conn.prepare_cached("DELETE FROM visit_contacts WHERE visit_id = ?1")?
        .execute([id])?;
    let n = conn
        .prepare_cached("DELETE FROM visits WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("visit {id}")));
    }
    Ok(())
}

/// Plans a missed or cancelled visit again, at `at`: planned, not closed.
pub(crate) fn replan(conn: &Connection, id: i64, at: NaiveDateTime, clock: &Clock) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE visits SET status = 'planned', scheduled_at = ?2, completed_at = NULL,
                 updated_at = ?3
             WHERE id = ?1 AND status IN ('missed', 'cancelled')",
        )?
        .execute(params![id, format_date_time(at), clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::Refused(Problem::OnlyPlannedReschedules));
    }
    Ok(())
}

/// The earliest day kam knows an account by: the day it was created (UTC
/// stamp, as a date) or its earliest visit (as stored now), complaint or
/// survey, whichever is first. A correction may move a visit anywhere in
/// that span or later, not before it.
pub(crate) fn account_known_since(conn: &Connection, account_id: i64) -> Result<Option<NaiveDate>> {
    let day: Option<String> = conn
        .prepare_cached(
            "SELECT min(d) FROM (
                 SELECT date(created_at) AS d FROM accounts WHERE id = ?1
                 UNION ALL SELECT min(date(scheduled_at)) FROM visits WHERE account_id = ?1
                 UNION ALL SELECT min(date(opened_at)) FROM complaints WHERE account_id = ?1
                 UNION ALL SELECT min(date(taken_at)) FROM surveys WHERE account_id = ?1)",
        )?
        .query_row([account_id], |r| r.get(0))?;
    Ok(day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

impl Store {
    /// Corrects a visit outside the journal (tests).
    pub fn update_visit(
        &self,
        id: i64,
        edit: &crate::domain::VisitEdit,
        clock: &Clock,
    ) -> Result<()> {
        update(self.conn(), id, edit, clock)
    }

    /// The earliest day kam knows an account by (`account_known_since`).
    pub fn account_known_since(&self, account_id: i64) -> Result<Option<NaiveDate>> {
        account_known_since(self.conn(), account_id)
    }
}

impl Store {
    /// A visit's, complaint's or survey's audit stamps (created, updated;
    /// UTC as stored). `table` is one of those three.
    pub fn record_stamps(&self, table: &str, id: i64) -> Result<Option<(String, String)>> {
        let sql = match table {
            "visits" => "SELECT created_at, updated_at FROM visits WHERE id = ?1",
            "complaints" => "SELECT created_at, updated_at FROM complaints WHERE id = ?1",
            "surveys" => "SELECT created_at, updated_at FROM surveys WHERE id = ?1",
            _ => return Ok(None),
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| Ok((text(r, 0)?, text(r, 1)?)))
            .optional()?)
    }
}
