//! Visits: calls, meetings and return visits, planned and done.

use super::enums::{VisitKind, VisitStatus};
use super::{FieldError, check_text};
use chrono::NaiveDateTime;

pub const PURPOSE_MAX: usize = 400;
pub const OUTCOME_MAX: usize = 4000;
pub const NEXT_STEP_MAX: usize = 400;

/// One visit row as stored, with the contacts it involves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Visit {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: VisitInput,
    pub status: VisitStatus,
    pub outcome: String,
    pub next_step: String,
    pub completed_at: Option<NaiveDateTime>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user enters when scheduling a visit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VisitInput {
    pub scheduled_at: NaiveDateTime,
    pub kind: VisitKind,
    pub purpose: String,
    pub contact_ids: Vec<i64>,
}

impl VisitInput {
    pub fn normalized(mut self) -> Result<VisitInput, Vec<FieldError>> {
        self.purpose = self.purpose.trim().to_string();
        self.contact_ids.sort_unstable();
        self.contact_ids.dedup();
        let mut errors = Vec::new();
        check_text(&mut errors, "purpose", &self.purpose, PURPOSE_MAX, false);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// How a visit was closed: its outcome and the next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitClose {
    pub status: VisitStatus,
    pub outcome: String,
    pub next_step: String,
}

impl VisitClose {
    /// A done visit needs an outcome; missed and cancelled ones may say why.
    pub fn normalized(mut self) -> Result<VisitClose, Vec<FieldError>> {
        self.outcome = self.outcome.trim().to_string();
        self.next_step = self.next_step.trim().to_string();
        let mut errors = Vec::new();
        let required = self.status == VisitStatus::Done;
        check_text(&mut errors, "outcome", &self.outcome, OUTCOME_MAX, required);
        check_text(
            &mut errors,
            "next_step",
            &self.next_step,
            NEXT_STEP_MAX,
            false,
        );
        if self.status == VisitStatus::Planned {
            errors.push(FieldError::new(
                "status",
                "a closed visit is no longer planned",
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}
