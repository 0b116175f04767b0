//! TEMPORARY minimal parser until the full one lands.
use chrono::{NaiveDate, NaiveTime};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Future,
    Past,
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);
pub fn parse_date(input: &str, today: NaiveDate, _prefer: Prefer) -> Result<NaiveDate, DateError> {
    let t = input.trim();
    if let Some(n) = t
        .strip_prefix('+')
        .and_then(|x| x.strip_suffix('w'))
        .and_then(|x| x.parse::<i64>().ok())
    {
        return Ok(today + chrono::Duration::days(7 * n));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| DateError(format!("'{t}' is not a date (February has only 28 days?)")))
}
pub fn parse_time(input: &str) -> Result<NaiveTime, DateError> {
    NaiveTime::parse_from_str(input.trim(), "%H:%M").map_err(|_| DateError("not a time".into()))
}
