//! Stored health scores (`account_health`, migration 7). The score is
//! computed in Rust (`domain::health`) and stored with the moment it goes
//! stale; triggers mark it stale on every write to what it reads. The
//! portfolio layer calls `refresh_health` before every read of the scores,
//! then reads, sorts and filters by the stored score in SQL: on a normal morning that recomputes nothing, or
//! the one account just changed.
//!
//! A read-only database cannot take the new scores, and one whose write
//! lock another kam holds should not make a screen wait: then the
//! connection gets a private copy of the table in its temporary schema
//! (which SQLite searches before the file's) and the scores go there,
//! until the file's scores are fresh again.

use super::rows::{id_list, opt_text};
use super::visits::DueAccount;
use super::{Result, Store};
use crate::domain::breadth::{Thresholds, Verdict};
use crate::domain::clock::{DATE_FORMAT, format_date_time};
use crate::domain::health::{OpenComplaint, facts, health, stale_from};
use crate::domain::settings::Settings;
use crate::domain::visit::day_start;
use crate::domain::{AccountStatus, AccountSummary};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Transaction, TransactionBehavior, params};
use std::collections::{HashMap, HashSet};

/// `until` of a score that the clock alone never makes stale.
const NEVER: &str = "9999-12-31 23:59:59";

/// The private copy of `account_health`, for a read-only file or while
/// another kam holds the write lock: the table, what it starts with, and
/// its indexes.
const SHADOW_TABLE: &str = "
CREATE TEMP TABLE account_health (
    account_id INTEGER PRIMARY KEY,
    score      INTEGER,
    verdict    INTEGER,
    due_on     TEXT,
    until      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;";
const SHADOW_COPY: &str = "
INSERT INTO temp.account_health SELECT account_id, score, verdict, due_on, until
  FROM main.account_health;";
/// What the copy starts with when the file's scores cannot be read: every
/// account, stale.
const SHADOW_STALE: &str = "
INSERT INTO temp.account_health (account_id) SELECT id FROM main.accounts;";
const SHADOW_INDEXES: &str = "
CREATE INDEX temp.account_health_until ON account_health (until);
CREATE INDEX temp.account_health_score ON account_health (score, account_id);
CREATE INDEX temp.account_health_verdict ON account_health (verdict, account_id);
CREATE INDEX temp.account_health_due ON account_health (due_on, account_id)
  WHERE due_on IS NOT NULL;
";

/// The day from which `a` is due soon by its cadence
/// (`account_health.due_on`): the first day of its warning zone, the last
/// `Settings::due_soon_days` days of the cadence — overdue follows from the
/// day after its last visit plus the cadence. '' when never visited,
/// `None` when a visit is planned or it is not in the portfolio.
fn due_on(a: &AccountSummary, settings: &Settings) -> Option<String> {
    if a.archived || a.status == AccountStatus::Lost || a.next_planned_visit.is_some() {
        return None;
    }
    let warn = settings.due_soon_days(a.visit_cadence_days);
    Some(a.last_done_visit.map_or(String::new(), |d| {
        (d + chrono::Duration::days(i64::from(a.visit_cadence_days) + 1 - warn))
            .format(DATE_FORMAT)
            .to_string()
    }))
}

impl Store {
    /// Computes and stores the score of every account whose stored score
    /// is stale at `now`; returns how many it computed. Never waits for
    /// another kam's write: while one holds the lock (or the file is
    /// read-only) the scores go to this connection's private copy.
    pub fn refresh_health(&self, now: NaiveDateTime) -> Result<usize> {
        if !self.read_only {
            let stale = self.stale_health(now, "main")?;
            if stale.is_empty() {
                self.unshadow()?;
                return Ok(0);
            }
            // derived data need not wait for the disk: a commit lost to a
            // power cut leaves the scores stale, and they are computed again
            // (every other commit stays synchronous = FULL; the level cannot
            // change inside a transaction)
            self.conn().pragma_update(None, "synchronous", "NORMAL")?;
            let written = self.refresh_main(now);
            self.conn().pragma_update(None, "synchronous", "FULL")?;
            if let Some(n) = written? {
                self.unshadow()?;
                return Ok(n);
            }
        }
        if !self.shadowed.get() {
            self.shadow()?;
            self.shadowed.set(true);
        }
        // stale in the file (not ours to clear) or in the copy; a damaged
        // file's own scores are not read again
        let mut stale = match self.damage {
            Some(_) => Vec::new(),
            None => self.stale_health(now, "main")?,
        };
        stale.extend(self.stale_health(now, "temp")?);
        stale.sort_unstable();
        stale.dedup();
        if stale.is_empty() {
            return Ok(0);
        }
        let tx = self.conn().unchecked_transaction()?;
        let n = self.compute_health(&stale, now, "temp")?;
        tx.commit()?;
        Ok(n)
    }

    /// Makes the private copy of the scores. When the file's copy cannot
    /// be read (a damaged file), every account starts stale and its score
    /// is computed from the records.
    fn shadow(&self) -> Result<()> {
        let made = self
            .conn()
            .execute_batch(SHADOW_TABLE)
            .and_then(|()| match self.conn().execute_batch(SHADOW_COPY) {
                Err(_) if self.damage.is_some() => self.conn().execute_batch(SHADOW_STALE),
                other => other,
            })
            .and_then(|()| self.conn().execute_batch(SHADOW_INDEXES));
        if let Err(e) = made {
            // all of it or nothing: the next refresh makes it again
            self.conn()
                .execute_batch("DROP TABLE IF EXISTS temp.account_health")?;
            return Err(e.into());
        }
        Ok(())
    }

    /// Computes the stale scores into the file's table, under the write
    /// lock; `None` when another kam holds it.
    fn refresh_main(&self, now: NaiveDateTime) -> Result<Option<usize>> {
        let Some(tx) = self.write_lock_now()? else {
            return Ok(None);
        };
        // read again under the lock: a write by another kam between the
        // look and the lock must not be overwritten by a score from before it
        let stale = self.stale_health(now, "main")?;
        let n = self.compute_health(&stale, now, "main")?;
        tx.commit()?;
        Ok(Some(n))
    }

    /// The write lock if it is free right now (`None`: another kam has it).
    fn write_lock_now(&self) -> Result<Option<Transaction<'_>>> {
        self.conn().busy_timeout(std::time::Duration::ZERO)?;
        let tx = Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate);
        super::waiting::patient(self.conn())?;
        match tx {
            Ok(tx) => Ok(Some(tx)),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Back to the file's scores once they are fresh there.
    fn unshadow(&self) -> Result<()> {
        if self.shadowed.get() {
            self.conn()
                .execute_batch("DROP TABLE temp.account_health")?;
            self.shadowed.set(false);
        }
        Ok(())
    }

    /// Computes the scores of `stale` and writes them to `schema`'s table.
    fn compute_health(&self, stale: &[i64], now: NaiveDateTime, schema: &str) -> Result<usize> {
        let settings = self.settings()?;
        let thresholds = Thresholds::from_settings(&settings);
        // a few accounts are read by id; most of them (a file from before
        // migration 7, a change of settings) in passes over the tables,
        // which then cost less than a seek each
        let total: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM account_health")?
            .query_row([], |r| r.get(0))?;
        let many = stale.len() * 2 > usize::try_from(total).unwrap_or(0);
        let (accounts, next_planned) = if many {
            let stale: HashSet<i64> = stale.iter().copied().collect();
            let mut all = self.all_summaries(now)?;
            all.retain(|a| stale.contains(&a.id));
            (all, self.next_planned_all(now)?)
        } else {
            (
                self.summaries_of(stale, now)?,
                self.next_planned_from(stale, now)?,
            )
        };
        // open complaints: one scan of their index either way
        let mut open: HashMap<i64, Vec<OpenComplaint>> = HashMap::new();
        for c in self.open_complaints_of(stale)? {
            open.entry(c.account_id).or_default().push(c);
        }
        // one statement for all: [[id, score, verdict, until, due_on], …]
        let rows: Vec<serde_json::Value> = accounts
            .iter()
            .map(|a| {
                let open = open.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
                let f = facts(a, open, &thresholds, &settings, now);
                let until = stale_from(a, open, next_planned.get(&a.id).copied(), &settings, now);
                serde_json::json!([
                    a.id,
                    health(&f).score,
                    f.verdict.rank(),
                    until.map_or(NEVER.to_string(), format_date_time),
                    due_on(a, &settings)
                ])
            })
            .collect();
        self.conn()
            .prepare_cached(&format!(
                "UPDATE {schema}.account_health
                    SET score = j.value ->> 1, verdict = j.value ->> 2,
                        until = j.value ->> 3, due_on = j.value ->> 4
                   FROM json_each(?1) j
                  WHERE account_id = j.value ->> 0"
            ))?
            .execute([serde_json::Value::Array(rows).to_string()])?;
        Ok(accounts.len())
    }

    /// The accounts whose score in `schema`'s table is stale at `now`.
    fn stale_health(&self, now: NaiveDateTime, schema: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT account_id FROM {schema}.account_health INDEXED BY account_health_until
              WHERE until <= ?1"
        ))?;
        let rows = stmt.query_map([format_date_time(now)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Accounts in the portfolio (not archived, not lost) whose stored
    /// score is below `below`, lowest first, then by name.
    pub fn accounts_scoring_below(&self, below: u32) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id FROM account_health h INDEXED BY account_health_score
               JOIN accounts a ON a.id = h.account_id
              WHERE h.score < ?1 AND a.archived_at IS NULL AND a.status <> 'lost'
              ORDER BY h.score, a.name_key, a.name, a.id",
        )?;
        let rows = stmt.query_map([below], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Key accounts in the portfolio (not archived, not lost) whose stored
    /// breadth verdict is `verdict`, by name.
    pub fn key_accounts_with_verdict(&self, verdict: Verdict) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id FROM account_health h INDEXED BY account_health_verdict
               JOIN accounts a ON a.id = h.account_id
              WHERE h.verdict = ?1 AND a.tier = 'key' AND a.archived_at IS NULL
                AND a.status <> 'lost'
              ORDER BY a.name_key, a.name, a.id",
        )?;
        let rows = stmt.query_map([verdict.rank()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The accounts in the portfolio with no visit planned that are due
    /// soon or overdue by their cadence on `today` (or never visited), by
    /// name; the caller sorts them (`portfolio::visits::due_by_cadence`).
    /// Reads stored days: call `refresh_health` first.
    pub fn accounts_due_by_cadence(&self, today: NaiveDate) -> Result<Vec<DueAccount>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT account_id FROM account_health INDEXED BY account_health_due
              WHERE due_on IS NOT NULL AND due_on <= ?1",
        )?;
        let ids: Vec<i64> = stmt
            .query_map([today.format(DATE_FORMAT).to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.due_accounts(&ids)
    }

    /// The unresolved complaints of the accounts `ids`, archived or not.
    pub fn open_complaints_of(&self, ids: &[i64]) -> Result<Vec<OpenComplaint>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT k.account_id, k.opened_at, k.severity, k.id, a.tier
               FROM complaints k INDEXED BY complaints_open
               JOIN accounts a ON a.id = k.account_id
              WHERE k.status IN ('open', 'in_progress', 'waiting_customer')
                AND k.account_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([id_list(ids)], super::complaints::open_fact)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every account's first planned visit not yet overdue at `now` (today
    /// or later).
    fn next_planned_all(&self, now: NaiveDateTime) -> Result<HashMap<i64, NaiveDateTime>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT account_id, min(scheduled_at) FROM visits INDEXED BY visits_planned
              WHERE status = 'planned' AND scheduled_at >= ?1
              GROUP BY account_id",
        )?;
        times_by_account(&mut stmt, [format_date_time(day_start(now))])
    }

    /// The first planned visit not yet overdue at `now` (today or later) of
    /// each of the accounts `ids`: the day after its day, its count of
    /// overdue visits changes.
    fn next_planned_from(
        &self,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> Result<HashMap<i64, NaiveDateTime>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT j.value,
                    (SELECT min(v.scheduled_at) FROM visits v INDEXED BY visits_by_account
                      WHERE v.account_id = j.value AND v.status = 'planned'
                        AND v.scheduled_at >= ?2)
               FROM json_each(?1) j",
        )?;
        times_by_account(
            &mut stmt,
            params![id_list(ids), format_date_time(day_start(now))],
        )
    }

    /// The stored score of every account (tests compare them with scores
    /// computed from scratch).
    pub fn stored_scores(&self) -> Result<HashMap<i64, Option<u32>>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT account_id, score FROM account_health")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Rows of (account id, stored time) as a map, leaving out those without a
/// time.
fn times_by_account(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
) -> Result<HashMap<i64, NaiveDateTime>> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            super::rows::parse_stored_time(opt_text(r, 1)?),
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        if let (id, Some(at)) = row? {
            out.insert(id, at);
        }
    }
    Ok(out)
}
