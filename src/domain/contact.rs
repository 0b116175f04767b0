//! Contacts: the people we know inside an account.

use super::enums::{BuyingRole, Department, Seniority};
use super::{FieldError, Problem, check_text};
use chrono::{Datelike, NaiveDate};

pub const NAME_MAX: usize = 80;
pub const SHORT_MAX: usize = 80;
pub const EMAIL_MAX: usize = 120;
pub const NOTES_MAX: usize = 4000;

/// One contact row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: ContactInput,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user can set on a contact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContactInput {
    pub name: String,
    pub title: String,
    pub department: Department,
    pub seniority: Seniority,
    pub buying_role: Option<BuyingRole>,
    /// 1 (barely know them) … 5 (they would call us first).
    pub tie_strength: u8,
    /// Who on our side holds the tie.
    pub our_side: String,
    pub phone: String,
    pub email: String,
    pub birthday: Option<NaiveDate>,
    pub notes: String,
    /// Left the customer's company: kept for history, never counted.
    pub left_company: bool,
}

impl ContactInput {
    pub fn new(name: &str, department: Department, seniority: Seniority) -> ContactInput {
        ContactInput {
            name: name.to_string(),
            title: String::new(),
            department,
            seniority,
            buying_role: None,
            tie_strength: 2,
            our_side: String::new(),
            phone: String::new(),
            email: String::new(),
            birthday: None,
            notes: String::new(),
            left_company: false,
        }
    }

    /// Trims the text and checks every rule, reporting all problems.
    pub fn normalized(mut self, today: NaiveDate) -> Result<ContactInput, Vec<FieldError>> {
        for s in [
            &mut self.name,
            &mut self.title,
            &mut self.our_side,
            &mut self.phone,
            &mut self.email,
        ] {
            *s = s.trim().to_string();
        }
        self.notes = self.notes.trim_end().to_string();
        let mut errors = Vec::new();
        check_text(&mut errors, "name", &self.name, NAME_MAX, true);
        check_text(&mut errors, "title", &self.title, SHORT_MAX, false);
        check_text(&mut errors, "our_side", &self.our_side, SHORT_MAX, false);
        check_text(&mut errors, "phone", &self.phone, SHORT_MAX, false);
        check_text(&mut errors, "email", &self.email, EMAIL_MAX, false);
        check_text(&mut errors, "notes", &self.notes, NOTES_MAX, false);
        if !(1..=5).contains(&self.tie_strength) {
            errors.push(FieldError::new(
                "tie_strength",
                Problem::OutOfRange { min: 1, max: 5 },
            ));
        }
        if let Some(b) = self.birthday
            && (b > today || b.year_ce().1 < 1900)
        {
            errors.push(FieldError::new("birthday", Problem::NotPastAfter1900));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// An email that is obviously malformed: stored as typed, but flagged.
pub fn email_looks_wrong(email: &str) -> bool {
    let e = email.trim();
    if e.is_empty() {
        return false;
    }
    let Some((local, domain)) = e.split_once('@') else {
        return true;
    };
    local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || e.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_valid_contact_is_trimmed() {
        let c = ContactInput::new(" 张伟 ", Department::Purchasing, Seniority::Manager)
            .normalized(today())
            .unwrap();
        assert_eq!(c.name, "张伟");
    }

    #[test]
    fn bad_fields_are_named() {
        let mut c = ContactInput::new("", Department::Other, Seniority::Staff);
        c.tie_strength = 6;
        c.birthday = NaiveDate::from_ymd_opt(2030, 1, 1);
        let fields: Vec<_> = c
            .normalized(today())
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "tie_strength", "birthday"]);
    }

    #[test]
    fn malformed_emails_are_flagged() {
        assert!(!email_looks_wrong(""));
        assert!(!email_looks_wrong("wang.fang@hdjm.cn"));
        assert!(email_looks_wrong("wang.fang"));
        assert!(email_looks_wrong("@hdjm.cn"));
        assert!(email_looks_wrong("a@b"));
        assert!(email_looks_wrong("a@@b.cn"));
        assert!(email_looks_wrong("a b@c.cn"));
    }
}
