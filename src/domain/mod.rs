//! Plain types and rules of the domain. No SQL, no terminal: everything
//! here is a value or a pure function, with the clock passed in.

pub mod account;
pub mod breadth;
pub mod clock;
pub mod complaint;
pub mod contact;
pub mod dates;
pub mod enums;
pub mod health;
pub mod money;
pub mod pinyin;
pub mod settings;
pub mod survey;
pub mod text;
pub mod visit;

pub use account::{Account, AccountInput, AccountSummary, ListQuery, SortKey};
pub use clock::Clock;
pub use complaint::{Complaint, ComplaintInput};
pub use contact::{Contact, ContactInput};
pub use enums::*;
pub use survey::{Dimension, Survey, SurveyInput};
pub use visit::{Visit, VisitClose, VisitInput};

/// A rule an input broke, named by the field (the stored column name) so a
/// form can show the message under it and an import can name the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
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
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(field, "is required"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!(
                "is too long ({} characters; at most {max})",
                value.chars().count()
            ),
        ));
    } else if value.chars().any(|c| c != '\n' && text::is_hostile(c)) {
        errors.push(FieldError::new(field, "contains control characters"));
    }
}
