//! Commitments ("promises"): what we promised an account, to whom, by
//! when, and whether it was kept. Keeping small promises on time is what
//! the key-account articles name as the thing that decides.

use super::{FieldError, Problem, check_text};
use chrono::{NaiveDate, NaiveDateTime};

pub const WHAT_MAX: usize = 400;

/// What the user enters in the promise form. The due date is required:
/// `None` is refused by `normalized` (the form may leave it empty).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CommitmentInput {
    pub what: String,
    pub contact_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub visit_id: Option<i64>,
}

impl CommitmentInput {
    /// Trims the text and checks it (required, at most `WHAT_MAX`
    /// characters) and that a due date is given; every problem at once.
    pub fn normalized(mut self) -> Result<CommitmentInput, Vec<FieldError>> {
        self.what = self.what.trim().to_string();
        let mut errors = Vec::new();
        check_text(&mut errors, "what", &self.what, WHAT_MAX, true);
        if self.due_on.is_none() {
            errors.push(FieldError::new("due_on", Problem::Required));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// One commitment as stored, with the names its lists show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    pub account_uid: String,
    pub account_name: String,
    /// The contact's name, when one is linked.
    pub contact_name: Option<String>,
    pub input: CommitmentInput,
    /// When it was kept (local time); `None` while open.
    pub done_at: Option<NaiveDateTime>,
    pub created_at: String,
    pub updated_at: String,
}

impl Commitment {
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }

    /// Days past its due date on `today` (negative: days left); 0 when
    /// due today or without a date.
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        self.input
            .due_on
            .map(|d| (today - d).num_days())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_promise_needs_text_and_a_due_date() {
        let errors = CommitmentInput::default().normalized().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["what", "due_on"]);
        let ok = CommitmentInput {
            what: "  quote  ".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 4),
            ..Default::default()
        }
        .normalized()
        .unwrap();
        assert_eq!(ok.what, "quote");
    }
}
