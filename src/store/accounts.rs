//! The `accounts` table, and the Accounts list with its per-account figures.

use super::rows::{id_list, invalid, opt_text, parse_stored_time, text};
use super::{Result, Store, StoreError, new_uid};
use crate::domain::account::SHORT_MAX;
use crate::domain::breadth::{Counts, Thresholds};
use crate::domain::clock::format_date_time;
use crate::domain::clock::parse_stored_date;
use crate::domain::pinyin;
use crate::domain::{
    Account, AccountInput, AccountStatus, AccountSummary, Clock, ListQuery, SortKey, Tier,
};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, uid, name, tier, relationship_level, industry, region, owner, \
     backup_owner, annual_revenue, annual_profit, visit_cadence_days, status, lost_reason, \
     defection, notes, archived_at, created_at, updated_at, address";

fn account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        uid: text(r, 1)?,
        input: AccountInput {
            name: text(r, 2)?,
            tier: r.get(3)?,
            relationship_level: r.get(4)?,
            industry: text(r, 5)?,
            region: text(r, 6)?,
            owner: text(r, 7)?,
            backup_owner: text(r, 8)?,
            annual_revenue: r.get(9)?,
            annual_profit: r.get(10)?,
            visit_cadence_days: r.get(11)?,
            status: r.get(12)?,
            lost_reason: r.get(13)?,
            defection: r.get(14)?,
            notes: text(r, 15)?,
            address: text(r, 19)?,
        },
        archived_at: opt_text(r, 16)?,
        created_at: text(r, 17)?,
        updated_at: text(r, 18)?,
    })
}

/// Validates and inserts an account with the given uid; returns its id.
pub fn insert(conn: &Connection, uid: &str, input: &AccountInput, clock: &Clock) -> Result<i64> {
    let sql = format!(
        "INSERT INTO accounts (id, uid, name, tier, relationship_level, industry, region, owner,
             backup_owner, annual_revenue, annual_profit, visit_cadence_days, status,
             lost_reason, defection, notes, created_at, updated_at, name_search, name_key,
             address)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16,
                 ?17, ?18, ?19)",
        super::ids::next_id("accounts")
    );
    write(conn, &sql, &uid, input, clock)?;
    Ok(conn.last_insert_rowid())
}

/// Validates and replaces the editable fields of an account; false when
/// there is no such account.
pub fn update(conn: &Connection, id: i64, input: &AccountInput, clock: &Clock) -> Result<bool> {
    let n = write(
        conn,
        "UPDATE accounts SET name = ?2, tier = ?3, relationship_level = ?4, industry = ?5,
             region = ?6, owner = ?7, backup_owner = ?8, annual_revenue = ?9,
             annual_profit = ?10, visit_cadence_days = ?11, status = ?12, lost_reason = ?13,
             defection = ?14, notes = ?15, updated_at = ?16, name_search = ?17,
             name_key = ?18, address = ?19
         WHERE id = ?1",
        &id,
        input,
        clock,
    )?;
    Ok(n > 0)
}

/// Validates an account and runs `sql` with `key` (a new uid, or an id) as
/// ?1, the editable fields as ?2–?15, the time as ?16, the name's
/// search form as ?17 and its sort key as ?18.
fn write(
    conn: &Connection,
    sql: &str,
    key: &dyn rusqlite::ToSql,
    input: &AccountInput,
    clock: &Clock,
) -> Result<usize> {
    let a = input.clone().normalized().map_err(invalid)?;
    Ok(conn.prepare_cached(sql)?.execute(params![
        key,
        a.name,
        a.tier,
        a.relationship_level,
        a.industry,
        a.region,
        a.owner,
        a.backup_owner,
        a.annual_revenue,
        a.annual_profit,
        a.visit_cadence_days,
        a.status,
        a.lost_reason,
        a.defection,
        a.notes,
        clock.stamp(),
        pinyin::search_form(&a.name),
        pinyin::sort_key(&a.name),
        a.address,
    ])?)
}

/// Recomputes every row of `account_stats` (the same figures the
/// triggers maintain), and marks every stored health score stale.
const REBUILD_STATS: &str = "
INSERT OR IGNORE INTO account_health (account_id) SELECT id FROM accounts;
UPDATE account_health SET until = '';
INSERT OR IGNORE INTO account_stats (account_id) SELECT id FROM accounts;
UPDATE account_stats SET
    open_complaints = (SELECT count(*) FROM complaints c WHERE c.account_id = account_stats.account_id
                         AND c.status IN ('open', 'in_progress', 'waiting_customer')),
    oldest_open_complaint = (SELECT min(opened_at) FROM complaints c WHERE c.account_id = account_stats.account_id
                         AND c.status IN ('open', 'in_progress', 'waiting_customer')),
    last_done_visit = (SELECT max(coalesce(v.completed_at, v.scheduled_at)) FROM visits v
                        WHERE v.account_id = account_stats.account_id AND v.status = 'done'),
    next_planned_visit = (SELECT min(scheduled_at) FROM visits v
                        WHERE v.account_id = account_stats.account_id AND v.status = 'planned'),
    recent_overall = (SELECT group_concat(overall) FROM
                        (SELECT s.overall FROM surveys s WHERE s.account_id = account_stats.account_id
                          ORDER BY s.taken_at DESC, s.id DESC LIMIT 4)),
    last_complaint = (SELECT max(opened_at) FROM complaints c
                       WHERE c.account_id = account_stats.account_id),
    last_visit_logged = (SELECT max(scheduled_at) FROM visits v
                          WHERE v.account_id = account_stats.account_id
                            AND v.status IN ('planned', 'done')),
    (ties, ties_2, ties_3, ties_4, ties_5, departments, levels, executive, holders, unheld) =
    (SELECT count(*), coalesce(sum(tie_strength >= 2), 0), coalesce(sum(tie_strength >= 3), 0),
            coalesce(sum(tie_strength >= 4), 0), coalesce(sum(tie_strength >= 5), 0),
            count(DISTINCT department), count(DISTINCT seniority),
            coalesce(max(seniority = 'executive' OR department = 'executive'), 0),
            count(DISTINCT nullif(lower(trim(our_side)), '')),
            coalesce(sum(trim(our_side) = ''), 0)
       FROM contacts c WHERE c.account_id = account_stats.account_id AND c.left_company = 0);
";

/// Archives (hides) an account, or brings it back; nothing is deleted.
pub fn set_archived(conn: &Connection, id: i64, archived: bool, clock: &Clock) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE accounts SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, ?3) END,
                 updated_at = ?3
             WHERE id = ?1",
        )?
        .execute(params![id, archived, clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("account {id}")));
    }
    Ok(())
}

/// The ORDER BY terms of a sort key, each with whether it is ascending
/// when the list is: descending flips every one. Missing values go last,
/// as the list shows them, except the last visit, where never visited
/// comes first.
fn sort_terms(key: SortKey) -> Vec<(String, bool)> {
    let t = |s: &str, ascending: bool| (s.to_string(), ascending);
    match key {
        SortKey::Name => vec![t("a.name_key", true)],
        SortKey::Tier => vec![(Tier::sql_rank("a.tier"), true)],
        // the least healthy first
        SortKey::Health => vec![t("coalesce(h.score, 0)", true)],
        SortKey::Level => vec![t("a.relationship_level", true)],
        SortKey::Status => vec![(AccountStatus::sql_rank("a.status"), true)],
        SortKey::Owner => vec![t("a.owner COLLATE NOCASE", true)],
        SortKey::Revenue => vec![t("a.annual_revenue", true)],
        SortKey::Profit => vec![t("a.annual_profit", true)],
        // single-threaded first, then the fewest departments and ties
        SortKey::Breadth => vec![
            t("coalesce(h.verdict, 0)", true),
            t("s.departments", true),
            t("s.ties", true),
        ],
        // the least satisfied first; never surveyed last
        SortKey::Satisfaction => vec![
            t("s.recent_overall IS NULL", true),
            t("CAST(s.recent_overall AS INTEGER)", true),
        ],
        // more open first (descending by default), then the oldest first
        SortKey::Complaints => vec![
            t("s.open_complaints", true),
            t("s.oldest_open_complaint IS NOT NULL", true),
            t("s.oldest_open_complaint", false),
        ],
        // longest since the last visit first; never visited before all
        SortKey::LastVisit => vec![
            t("s.last_done_visit IS NOT NULL", true),
            t("s.last_done_visit", true),
        ],
        SortKey::NextVisit => vec![
            t("s.next_planned_visit IS NULL", true),
            t("s.next_planned_visit", true),
        ],
    }
}

/// Which accounts `Store::summaries` reads.
enum Scope<'a> {
    /// Every archived account, or every other one.
    Archived(bool),
    All,
    Ids(&'a [i64]),
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<AccountSummary> {
    Ok(AccountSummary {
        id: r.get(0)?,
        uid: text(r, 1)?,
        name: text(r, 2)?,
        tier: r.get(3)?,
        relationship_level: r.get(4)?,
        status: r.get(5)?,
        owner: text(r, 6)?,
        annual_revenue: r.get(7)?,
        annual_profit: r.get(8)?,
        visit_cadence_days: r.get(9)?,
        archived: r.get(10)?,
        open_complaints: r.get(11)?,
        oldest_open_complaint: parse_stored_time(opt_text(r, 12)?),
        last_done_visit: parse_stored_time(opt_text(r, 13)?).map(|t| t.date()),
        next_planned_visit: parse_stored_time(opt_text(r, 14)?),
        overdue_planned: r.get(15)?,
        recent_overall: text(r, 16)?
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        breadth: Counts {
            ties: r.get(17)?,
            working_ties: r.get(18)?,
            strong_ties: r.get(19)?,
            departments: r.get(20)?,
            levels: r.get(21)?,
            executive_tie: r.get(22)?,
            holders: r.get(23)?,
            unheld: r.get(24)?,
        },
        name_search: text(r, 25)?,
        health: r.get(26)?,
    })
}

/// Replaces the editable fields of an account that must exist.
pub(crate) fn update_existing(
    conn: &Connection,
    id: i64,
    input: &AccountInput,
    clock: &Clock,
) -> Result<()> {
    if !update(conn, id, input, clock)? {
        return Err(StoreError::NotFound(format!("account {id}")));
    }
    Ok(())
}

/// (id, owner, backup owner) of the accounts `ids`, archived or not
/// (every account for `None`), by id.
pub fn owners(conn: &Connection, ids: Option<&[i64]>) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, backup_owner FROM accounts
          WHERE ?1 IS NULL OR id IN (SELECT value FROM json_each(?1))
          ORDER BY id",
    )?;
    let rows = stmt.query_map([ids.map(id_list)], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets who owns an account and who backs them up (a handover), checked
/// as the account form checks them; nothing else of the account changes.
pub fn set_owners(
    conn: &Connection,
    id: i64,
    owner: &str,
    backup_owner: &str,
    clock: &Clock,
) -> Result<()> {
    let (owner, backup_owner) = (owner.trim(), backup_owner.trim());
    let mut errors = Vec::new();
    crate::domain::check_text(&mut errors, "owner", owner, SHORT_MAX, false);
    crate::domain::check_text(&mut errors, "backup_owner", backup_owner, SHORT_MAX, false);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let n = conn
        .prepare_cached(
            "UPDATE accounts SET owner = ?2, backup_owner = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![id, owner, backup_owner, clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("account {id}")));
    }
    Ok(())
}

impl Store {
    /// Adds an account; returns its id.
    pub fn add_account(&self, input: &AccountInput, clock: &Clock) -> Result<i64> {
        insert(self.conn(), &new_uid(), input, clock)
    }

    /// Replaces the editable fields of an account.
    pub fn update_account(&self, id: i64, input: &AccountInput, clock: &Clock) -> Result<()> {
        update_existing(self.conn(), id, input, clock)
    }

    /// (id, owner, backup owner) of the accounts `ids`, archived or not
    /// (every account for `None`), by id.
    pub fn account_owners(&self, ids: Option<&[i64]>) -> Result<Vec<(i64, String, String)>> {
        owners(self.conn(), ids)
    }

    /// Archives (hides) an account, or brings it back; nothing is deleted.
    pub fn set_account_archived(&self, id: i64, archived: bool, clock: &Clock) -> Result<()> {
        set_archived(self.conn(), id, archived, clock)
    }

    pub fn get_account(&self, id: i64) -> Result<Option<Account>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"))?
            .query_row([id], account_from_row)
            .optional()?)
    }

    /// Finds an account by its id (digits) or its uid.
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        if let Ok(id) = key.trim().parse::<i64>() {
            return self.get_account(id);
        }
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE uid = ?1"))?
            .query_row([key.trim()], account_from_row)
            .optional()?)
    }

    /// (id, name) of every active account, by name: for pickers.
    pub fn account_names(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM accounts WHERE archived_at IS NULL ORDER BY name_key, name, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, text(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (id, name, search form) of every active account, by name (pinyin
    /// order): what an account picker offers.
    pub fn account_choices(&self) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, name_search FROM accounts WHERE archived_at IS NULL
              ORDER BY name_key, name, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, text(r, 1)?, text(r, 2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of accounts, archived or not.
    pub fn count_accounts(&self, archived: bool) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT count(*) FROM accounts WHERE (archived_at IS NOT NULL) = ?1")?
            .query_row([archived], |r| r.get(0))?)
    }

    /// The Accounts list: every account (archived ones or the others) with
    /// its figures, by name.
    pub fn list_account_summaries(
        &self,
        archived: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<AccountSummary>> {
        let mut rows = self.summaries(Scope::Archived(archived), now)?;
        // sorted here: in SQL the name order means visiting the table in
        // index order, three times slower at 5,000 accounts (the same
        // order as the list's, pinyin's)
        rows.sort_by_cached_key(|x| (pinyin::sort_key(&x.name), x.name.clone()));
        Ok(rows)
    }

    /// One account's list row (archived or not).
    pub fn account_summary(&self, id: i64, now: NaiveDateTime) -> Result<Option<AccountSummary>> {
        Ok(self.summaries_of(&[id], now)?.pop())
    }

    /// The list rows of the accounts `ids` (archived or not), in no
    /// particular order; unknown ids are left out.
    pub fn summaries_of(&self, ids: &[i64], now: NaiveDateTime) -> Result<Vec<AccountSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.summaries(Scope::Ids(ids), now)
    }

    /// The summaries of the accounts in `scope`: one row of
    /// `account_stats` per account (kept up to date by triggers), its
    /// stored health, and the visits overdue at `now` (planned on a day
    /// before its day) counted by an index seek per account.
    fn summaries(&self, scope: Scope<'_>, now: NaiveDateTime) -> Result<Vec<AccountSummary>> {
        let strong = Thresholds::from_settings(&self.settings()?).strong;
        // a few accounts: each one's overdue visits by an index seek; many:
        // one pass over the overdue visits, grouped
        let seek = "(SELECT count(*) FROM visits v INDEXED BY visits_by_account
                      WHERE v.account_id = a.id AND v.status = 'planned'
                        AND v.scheduled_at < ?3)";
        let grouped = "LEFT JOIN (SELECT account_id, count(*) AS n
                                    FROM visits INDEXED BY visits_planned
                                   WHERE status = 'planned' AND scheduled_at < ?3
                                   GROUP BY account_id) o ON o.account_id = a.id";
        let (filter, key, overdue, join): (&str, Box<dyn rusqlite::ToSql>, &str, &str) = match scope
        {
            Scope::Archived(archived) => (
                "(a.archived_at IS NOT NULL) = ?1",
                Box::new(archived),
                "coalesce(o.n, 0)",
                grouped,
            ),
            Scope::All => (
                "?1 IS NULL",
                Box::new(None::<i64>),
                "coalesce(o.n, 0)",
                grouped,
            ),
            Scope::Ids(ids) => (
                "a.id IN (SELECT value FROM json_each(?1))",
                Box::new(id_list(ids)),
                seek,
                "",
            ),
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT a.id, a.uid, a.name, a.tier, a.relationship_level, a.status, a.owner,
                    a.annual_revenue, a.annual_profit, a.visit_cadence_days,
                    a.archived_at IS NOT NULL,
                    s.open_complaints, s.oldest_open_complaint, s.last_done_visit,
                    s.next_planned_visit, {overdue},
                    s.recent_overall, s.ties, s.ties_3,
                    CASE ?2 WHEN 1 THEN s.ties WHEN 2 THEN s.ties_2 WHEN 3 THEN s.ties_3
                            WHEN 4 THEN s.ties_4 ELSE s.ties_5 END,
                    s.departments, s.levels, s.executive, s.holders, s.unheld, a.name_search,
                    h.score
               FROM accounts a
               JOIN account_stats s ON s.account_id = a.id
               LEFT JOIN account_health h ON h.account_id = a.id
               {join}
              WHERE {filter}"
        ))?;
        // overdue: planned on a day before today (a day is a day)
        let today = format_date_time(crate::domain::visit::day_start(now));
        let params = params![key, strong, today];
        let rows = stmt.query_map(params, summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every account's list row, archived or not.
    pub(crate) fn all_summaries(&self, now: NaiveDateTime) -> Result<Vec<AccountSummary>> {
        self.summaries(Scope::All, now)
    }

    /// The ids of the accounts the Accounts list shows for `q`, in its
    /// order: filtered and sorted here, so that the list loads only the
    /// rows it draws. Reads stored health scores: call `refresh_health`
    /// first.
    pub fn account_order(&self, q: &ListQuery) -> Result<Vec<i64>> {
        // each filter with its one parameter, numbered as they come
        let single = crate::domain::breadth::Verdict::SingleThreaded.rank();
        let mut filter: Vec<(&str, &dyn rusqlite::ToSql)> =
            vec![("(a.archived_at IS NOT NULL) = ?", &q.archived)];
        if let Some(tier) = &q.tier {
            filter.push(("a.tier = ?", tier));
        }
        if let Some(status) = &q.status {
            filter.push(("a.status = ?", status));
        }
        if q.single_threaded_key {
            filter.push(("a.tier = 'key' AND h.verdict = ?", &single));
        }
        let mut order: Vec<String> = match q.sort {
            None => vec!["a.name_key".into()],
            Some(key) => sort_terms(key)
                .into_iter()
                .map(|(term, ascending)| {
                    let desc = ascending == q.descending;
                    if desc { format!("{term} DESC") } else { term }
                })
                .collect(),
        };
        // names equal in pinyin by their characters
        order.extend(["a.name_key".into(), "a.name".into(), "a.id".into()]);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT a.id FROM accounts a
               LEFT JOIN account_stats s ON s.account_id = a.id
               LEFT JOIN account_health h ON h.account_id = a.id
              WHERE {}
              ORDER BY {}",
            filter
                .iter()
                .map(|(sql, _)| *sql)
                .collect::<Vec<_>>()
                .join(" AND "),
            order.join(", ")
        ))?;
        let params: Vec<&dyn rusqlite::ToSql> = filter.iter().map(|(_, p)| *p).collect();
        let rows = stmt.query_map(params.as_slice(), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (id, name, search form) of every account in the list (archived or
    /// not): what `/` search matches against.
    pub fn account_search_forms(&self, archived: bool) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, name_search FROM accounts WHERE (archived_at IS NOT NULL) = ?1",
        )?;
        let rows = stmt.query_map([archived], |r| Ok((r.get(0)?, text(r, 1)?, text(r, 2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Recomputes `account_stats` from the tables (it is derived data;
    /// the triggers of migration 0002 keep it current on every write).
    pub fn rebuild_stats(&self) -> Result<()> {
        self.conn().execute_batch(REBUILD_STATS)?;
        Ok(())
    }

    /// `account_stats` as stored, one line per account (tests compare it
    /// with a rebuild).
    pub fn stats_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        super::rows::dump_table(
            self.conn(),
            "SELECT * FROM account_stats ORDER BY account_id",
            |row| {
                out.push(serde_json::Value::Object(row).to_string());
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// The figures of one account for its overview.
    pub fn account_figures(&self, id: i64) -> Result<AccountFigures> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT
                    (SELECT count(*) FROM contacts WHERE account_id = ?1 AND left_company = 0),
                    (SELECT count(*) FROM contacts WHERE account_id = ?1 AND left_company = 1),
                    (SELECT count(*) FROM complaints WHERE account_id = ?1
                        AND status IN ('open', 'in_progress', 'waiting_customer')),
                    (SELECT min(opened_at) FROM complaints WHERE account_id = ?1
                        AND status IN ('open', 'in_progress', 'waiting_customer')),
                    (SELECT count(*) FROM complaints WHERE account_id = ?1),
                    (SELECT max(coalesce(completed_at, scheduled_at)) FROM visits
                        WHERE account_id = ?1 AND status = 'done'),
                    (SELECT min(scheduled_at) FROM visits WHERE account_id = ?1 AND status = 'planned'),
                    (SELECT count(*) FROM visits WHERE account_id = ?1 AND status = 'done'),
                    (SELECT count(*) FROM surveys WHERE account_id = ?1),
                    (SELECT overall FROM surveys WHERE account_id = ?1
                        ORDER BY taken_at DESC, id DESC LIMIT 1),
                    (SELECT taken_at FROM surveys WHERE account_id = ?1
                        ORDER BY taken_at DESC, id DESC LIMIT 1)",
            )?
            .query_row([id], |r| {
                Ok(AccountFigures {
                    contacts: r.get(0)?,
                    departed_contacts: r.get(1)?,
                    open_complaints: r.get(2)?,
                    oldest_open_complaint: parse_stored_time(opt_text(r, 3)?),
                    complaints_total: r.get(4)?,
                    last_done_visit: parse_stored_time(opt_text(r, 5)?),
                    next_planned_visit: parse_stored_time(opt_text(r, 6)?),
                    visits_done: r.get(7)?,
                    surveys: r.get(8)?,
                    latest_overall: r.get(9)?,
                    latest_survey: opt_text(r, 10)?.and_then(|s| parse_stored_date(&s)),
                })
            })?)
    }
}

/// Counts and dates shown in an account's overview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFigures {
    pub contacts: u32,
    pub departed_contacts: u32,
    pub open_complaints: u32,
    pub oldest_open_complaint: Option<NaiveDateTime>,
    pub complaints_total: u32,
    pub last_done_visit: Option<NaiveDateTime>,
    pub next_planned_visit: Option<NaiveDateTime>,
    pub visits_done: u32,
    pub surveys: u32,
    pub latest_overall: Option<u8>,
    pub latest_survey: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountStatus, LostReason, Tier};

    fn clock() -> Clock {
        Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn add_get_update_archive_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let mut input = AccountInput::new("华东精密机械有限公司", Tier::Key);
        input.annual_revenue = 1_250_000_000;
        let id = store.add_account(&input, &clock()).unwrap();
        let a = store.get_account(id).unwrap().unwrap();
        assert_eq!(a.input, input);
        assert_eq!(a.created_at, "2026-11-23 09:00:00");

        input.status = AccountStatus::Lost;
        input.lost_reason = Some(LostReason::Competitive);
        store.update_account(id, &input, &clock()).unwrap();
        assert_eq!(
            store.get_account(id).unwrap().unwrap().input.lost_reason,
            Some(LostReason::Competitive)
        );

        store.set_account_archived(id, true, &clock()).unwrap();
        assert!(
            store
                .list_account_summaries(false, clock().now)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .list_account_summaries(true, clock().now)
                .unwrap()
                .len(),
            1
        );
        store.set_account_archived(id, false, &clock()).unwrap();
        assert_eq!(store.count_accounts(false).unwrap(), 1);
    }

    #[test]
    fn invalid_input_is_rejected_and_nothing_is_written() {
        let store = Store::open_in_memory().unwrap();
        let err = store
            .add_account(&AccountInput::new(" ", Tier::Key), &clock())
            .unwrap_err();
        assert_eq!(err.to_string(), "name: is required");
        assert_eq!(store.count_accounts(false).unwrap(), 0);
    }

    #[test]
    fn updating_a_missing_account_says_so() {
        let store = Store::open_in_memory().unwrap();
        let err = store
            .update_account(7, &AccountInput::new("A", Tier::Key), &clock())
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)));
    }

    #[test]
    fn find_account_by_id_or_uid() {
        let store = Store::open_in_memory().unwrap();
        let id = store
            .add_account(&AccountInput::new("A", Tier::Key), &clock())
            .unwrap();
        let a = store.find_account(&id.to_string()).unwrap().unwrap();
        assert_eq!(store.find_account(&a.uid).unwrap().unwrap().id, id);
        assert!(store.find_account("nope").unwrap().is_none());
    }
}
