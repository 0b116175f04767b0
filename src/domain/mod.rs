//! Plain types and rules of the domain. No SQL, no terminal: everything
//! here is a value or a pure function, with the clock passed in.

pub mod account;
pub mod breadth;
pub mod clock;
pub mod commitment;
pub mod complaint;
pub mod contact;
pub mod dates;
pub mod enums;
pub mod handover;
pub mod health;
pub mod merge;
pub mod money;
pub mod pinyin;
pub mod problem;
pub mod settings;
pub mod survey;
pub mod text;
pub mod visit;

pub use account::{Account, AccountInput, AccountSummary, ListQuery, SortKey};
pub use clock::Clock;
pub use commitment::{Commitment, CommitmentInput};
pub use complaint::{Complaint, ComplaintInput};
pub use contact::{Contact, ContactInput};
pub use enums::*;
pub use problem::Problem;
pub use survey::{Dimension, Survey, SurveyInput};
pub use visit::{Visit, VisitClose, VisitEdit, VisitInput};

/// A rule an input broke, named by the field (the stored column name) so a
/// form can show the problem under it and an import can name the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &'static str, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }
}

/// "field: problem", in English (for logs; a user sees
/// `strings::problem`).
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// Common text rules: required fields are not blank, no field is longer than
/// `max` characters, and no control characters are stored (newlines aside).
pub(crate) fn check_text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) {
    let len = value.chars().count();
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(field, Problem::Required));
    } else if len > max {
        errors.push(FieldError::new(field, Problem::TooLong { len, max }));
    } else if value.chars().any(|c| c != '\n' && text::is_hostile(c)) {
        errors.push(FieldError::new(field, Problem::ControlCharacters));
    }
}
