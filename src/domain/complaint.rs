//! Complaints: what the customer is unhappy about, until it is resolved.

use super::enums::{ComplaintCategory, ComplaintStatus, ForwardedTo, Severity};
use super::{FieldError, check_text};
use chrono::NaiveDateTime;

pub const SUMMARY_MAX: usize = 200;
pub const DETAILS_MAX: usize = 4000;

/// One complaint row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Complaint {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: ComplaintInput,
    pub status: ComplaintStatus,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolution: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user enters when logging a complaint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComplaintInput {
    pub contact_id: Option<i64>,
    pub opened_at: NaiveDateTime,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub summary: String,
    pub details: String,
    pub forwarded_to: Option<ForwardedTo>,
}

impl ComplaintInput {
    /// Trims and checks: a summary is required, and a complaint cannot be
    /// opened in the future.
    pub fn normalized(mut self, now: NaiveDateTime) -> Result<ComplaintInput, Vec<FieldError>> {
        self.summary = self.summary.trim().to_string();
        self.details = self.details.trim_end().to_string();
        let mut errors = Vec::new();
        check_text(&mut errors, "summary", &self.summary, SUMMARY_MAX, true);
        check_text(&mut errors, "details", &self.details, DETAILS_MAX, false);
        if self.opened_at > now {
            errors.push(FieldError::new("opened_at", "cannot be in the future"));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}
