//! The `surveys` table.

use super::rows::{invalid, opt_text, text};
use super::{Result, Store, StoreError, new_uid};
use crate::domain::clock::parse_stored_date;
use crate::domain::{Clock, Dimension, SurveyInput};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Validates and inserts a survey of `account_id`; returns its id.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &SurveyInput,
    clock: &Clock,
) -> Result<i64> {
    let s = input.clone().normalized(clock.today()).map_err(invalid)?;
    conn.prepare_cached(&format!(
        "INSERT INTO surveys (id, uid, account_id, contact_id, taken_at, channel,
             product_quality, service_quality, delivery, value, communication, overall,
             comment, created_at, updated_at)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        super::ids::next_id("surveys")
    ))?
    .execute(params![
        uid,
        account_id,
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
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_survey(&self, account_id: i64, input: &SurveyInput, clock: &Clock) -> Result<i64> {
        insert(self.conn(), &new_uid(), account_id, input, clock)
    }
}

/// A survey with what its lists show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub respondent: Option<String>,
    pub input: SurveyInput,
}

/// What a survey row reads (`FROM` left to the caller).
const COLUMNS: &str = "SELECT s.id, s.account_id, a.name, c.name, s.contact_id, s.taken_at,
        s.channel, s.product_quality, s.service_quality, s.delivery, s.value, s.communication,
        s.overall, s.comment";

const ROW: &str = "SELECT s.id, s.account_id, a.name, c.name, s.contact_id, s.taken_at,
        s.channel, s.product_quality, s.service_quality, s.delivery, s.value, s.communication,
        s.overall, s.comment
   FROM surveys s
   JOIN accounts a ON a.id = s.account_id
   LEFT JOIN contacts c ON c.id = s.contact_id";

fn row(r: &Row<'_>) -> rusqlite::Result<SurveyRow> {
    let taken = text(r, 5)?;
    Ok(SurveyRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_name: text(r, 2)?,
        respondent: opt_text(r, 3)?,
        input: SurveyInput {
            contact_id: r.get(4)?,
            taken_at: parse_stored_date(&taken).unwrap_or_default(),
            channel: r.get(6)?,
            scores: [
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
            ],
            comment: text(r, 13)?,
        },
    })
}

/// Which surveys a list wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyQuery {
    /// One account's, or the portfolio's (active accounts).
    pub account_id: Option<i64>,
    /// Only surveys with any score of 2 or less.
    pub low_only: bool,
    pub limit: u32,
}

impl Store {
    /// Surveys newest first: one account's, or the portfolio's read from
    /// the date index (the newest `limit` only, never all of them).
    pub fn list_surveys(&self, q: SurveyQuery) -> Result<Vec<SurveyRow>> {
        // the exact expression of the partial index `surveys_low_by_date`
        const LOW: &str = "min(coalesce(s.product_quality, 5), coalesce(s.service_quality, 5),
                               coalesce(s.delivery, 5), coalesce(s.value, 5),
                               coalesce(s.communication, 5), s.overall) <= 2";
        let portfolio = |index: &str, low: &str| {
            format!(
                "{COLUMNS} FROM surveys s INDEXED BY {index}
                  CROSS JOIN accounts a ON a.id = s.account_id
                   LEFT JOIN contacts c INDEXED BY contacts_names ON c.id = s.contact_id
                  WHERE ?1 IS NULL AND ?2 = ?2 AND a.archived_at IS NULL {low}
                  ORDER BY s.taken_at DESC, s.id DESC LIMIT ?3"
            )
        };
        let sql = match (q.account_id, q.low_only) {
            (Some(_), _) => format!(
                "{ROW} WHERE s.account_id = ?1 AND (NOT ?2 OR {LOW})
                  ORDER BY s.taken_at DESC, s.id DESC LIMIT ?3"
            ),
            (None, false) => portfolio("surveys_by_date", ""),
            (None, true) => portfolio("surveys_low_by_date", &format!("AND {LOW}")),
        };
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![q.account_id, q.low_only, q.limit], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn get_survey(&self, id: i64) -> Result<Option<SurveyRow>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("{ROW} WHERE s.id = ?1"))?
            .query_row([id], row)
            .optional()?)
    }

    /// Replaces a survey's answers.
    pub fn update_survey(&self, id: i64, input: &SurveyInput, clock: &Clock) -> Result<()> {
        update(self.conn(), id, input, clock)
    }
}

/// Replaces a survey's answers.
pub(crate) fn update(conn: &Connection, id: i64, input: &SurveyInput, clock: &Clock) -> Result<()> {
    let s = input.clone().normalized(clock.today()).map_err(invalid)?;
    let n = conn
        .prepare_cached(
            "UPDATE surveys SET contact_id = ?2, taken_at = ?3, channel = ?4,
                 product_quality = ?5, service_quality = ?6, delivery = ?7, value = ?8,
                 communication = ?9, overall = ?10, comment = ?11, updated_at = ?12
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
    if n == 0 {
        return Err(StoreError::NotFound(format!("survey {id}")));
    }
    Ok(())
}

/// Deletes a survey response (nothing else refers to one).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("DELETE FROM surveys WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("survey {id}")));
    }
    Ok(())
}
