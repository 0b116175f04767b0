//! The `surveys` table.

use super::accounts::invalid;
use super::{Result, Store, new_uid};
use crate::domain::{Clock, Dimension, SurveyInput};
use rusqlite::{Connection, params};

/// Validates and inserts a survey of `account_id`; returns its id.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &SurveyInput,
    clock: &Clock,
) -> Result<i64> {
    let s = input.clone().normalized(clock.today()).map_err(invalid)?;
    conn.prepare_cached(
        "INSERT INTO surveys (uid, account_id, contact_id, taken_at, channel, product_quality,
             service_quality, delivery, value, communication, overall, comment,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
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
