//! The queries of the morning review that belong to no single table:
//! low survey scores nobody followed up, and birthdays coming up.

use super::rows::{opt_text, text};
use super::{Result, Store};
use crate::domain::clock::parse_stored_date;
use crate::domain::dates::next_birthday;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;

/// A survey with a score of 2 or less, with no complaint logged or visit
/// scheduled for its account since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowScore {
    pub survey_id: i64,
    pub account_id: i64,
    pub account_uid: String,
    pub account_name: String,
    pub taken_at: NaiveDate,
    pub respondent_id: Option<i64>,
    pub respondent: Option<String>,
    /// Scores in `Dimension::ALL` order.
    pub scores: [Option<u8>; 6],
}

/// A contact's birthday within the coming days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birthday {
    pub contact_id: i64,
    pub name: String,
    pub account_id: i64,
    pub account_uid: String,
    pub account_name: String,
    /// The birthday this year (or next, across New Year).
    pub on: NaiveDate,
    pub born: NaiveDate,
}

/// The FROM and WHERE of the low scores nothing followed up, since ?1.
const UNANSWERED_LOW: &str = "
   FROM surveys s INDEXED BY surveys_low_by_date
   JOIN account_stats st ON st.account_id = s.account_id
  CROSS JOIN accounts a INDEXED BY accounts_brief ON a.id = s.account_id
  WHERE s.taken_at >= ?1 AND a.archived_at IS NULL AND a.status <> 'lost'
    AND min(coalesce(product_quality, 5), coalesce(service_quality, 5),
            coalesce(delivery, 5), coalesce(value, 5),
            coalesce(communication, 5), overall) <= 2
    -- nothing logged since: no complaint opened, no visit planned or done
    -- on or after the day of the survey (account_stats keeps the latest
    -- of each)
    AND coalesce(st.last_complaint, '') < s.taken_at
    AND coalesce(st.last_visit_logged, '') < s.taken_at";

impl Store {
    /// Low scores of the last `days` days that nothing followed up: no
    /// complaint opened and no visit scheduled or held for the account on
    /// or after the survey's date. Newest first: the first `limit`, read
    /// with their names, and how many there are.
    pub fn unanswered_low_scores(
        &self,
        today: NaiveDate,
        days: i64,
        limit: u32,
    ) -> Result<(Vec<LowScore>, usize)> {
        let since = (today - Duration::days(days)).to_string();
        let count: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) {UNANSWERED_LOW}"))?
            .query_row([&since], |r| r.get(0))?;
        let count = usize::try_from(count).unwrap_or(0);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT s.id, a.id, a.uid, a.name, s.taken_at, s.contact_id,
                    (SELECT c.name FROM contacts c INDEXED BY contacts_names
                      WHERE c.id = s.contact_id),
                    s.product_quality, s.service_quality, s.delivery, s.value,
                    s.communication, s.overall
               {UNANSWERED_LOW}
              ORDER BY s.taken_at DESC, s.id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![since, limit], |r| {
            let taken = text(r, 4)?;
            Ok(LowScore {
                survey_id: r.get(0)?,
                account_id: r.get(1)?,
                account_uid: text(r, 2)?,
                account_name: text(r, 3)?,
                taken_at: parse_stored_date(&taken).unwrap_or(today),
                respondent_id: r.get(5)?,
                respondent: opt_text(r, 6)?,
                scores: [
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                ],
            })
        })?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, count))
    }

    /// Current contacts of active accounts whose birthday falls within the
    /// next `days` days (today included), soonest first.
    pub fn upcoming_birthdays(&self, today: NaiveDate, days: i64) -> Result<Vec<Birthday>> {
        let md = |d: NaiveDate| d.format("%m-%d").to_string();
        let end = today + Duration::days(days);
        // month-day ranges; across New Year, two of them
        let ranges = if end.year() == today.year() {
            vec![(md(today), md(end))]
        } else {
            vec![
                (md(today), "12-31".to_string()),
                ("01-01".to_string(), md(end)),
            ]
        };
        // contacts first, by the birthday index; then their accounts
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.name, a.id, a.uid, a.name, c.birthday, c.name_key
               FROM contacts c INDEXED BY contacts_birthdays
              CROSS JOIN accounts a INDEXED BY accounts_brief ON a.id = c.account_id
              WHERE substr(c.birthday, 6) BETWEEN ?1 AND ?2
                AND c.birthday IS NOT NULL AND c.left_company = 0 AND a.archived_at IS NULL
                AND a.status <> 'lost'",
        )?;
        let mut found = Vec::new();
        for (from, to) in ranges {
            let rows = stmt.query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    text(r, 1)?,
                    r.get::<_, i64>(2)?,
                    text(r, 3)?,
                    text(r, 4)?,
                    text(r, 5)?,
                    text(r, 6)?,
                ))
            })?;
            for row in rows {
                found.push(row?);
            }
        }
        let mut out = Vec::new();
        for (contact_id, name, account_id, account_uid, account_name, birthday, key) in found {
            let Some(born) = parse_stored_date(&birthday) else {
                continue;
            };
            if let Some(on) = next_birthday(born, today).filter(|on| *on <= end) {
                let birthday = Birthday {
                    contact_id,
                    name,
                    account_id,
                    account_uid,
                    account_name,
                    on,
                    born,
                };
                out.push((key, birthday));
            }
        }
        // soonest first, then by name as people's names sort (pinyin)
        out.sort_by(|(ka, a), (kb, b)| {
            (a.on, ka, &a.name, a.contact_id).cmp(&(b.on, kb, &b.name, b.contact_id))
        });
        Ok(out.into_iter().map(|(_, b)| b).collect())
    }
}
