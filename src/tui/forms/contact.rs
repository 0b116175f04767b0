//! The contact form (add and edit).

use crate::domain::contact::{EMAIL_MAX, NAME_MAX, NOTES_MAX, SHORT_MAX, email_looks_wrong};
use crate::domain::dates::Prefer;
use crate::domain::{BuyingRole, Contact, ContactInput, Department, Seniority};
use crate::strings::s;
use crate::tui::forms::{labels, optional_labels, optional_position, position};
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDate;

/// A live advice under the email field: saved as typed, but flagged.
fn email_advice(email: &str) -> Option<&'static str> {
    email_looks_wrong(email).then_some(s().email_flag)
}

/// The form for a new contact of `account_name` (held by `owner` unless
/// changed), or for editing `contact`.
pub fn build(contact: Option<&Contact>, account_name: &str, owner: &str, today: NaiveDate) -> Form {
    let t = s();
    let mut blank = ContactInput::new("", Department::Purchasing, Seniority::Manager);
    blank.our_side = owner.to_string();
    let c = contact.map_or(&blank, |c| &c.input);
    let title = match contact {
        Some(c) => (t.form_edit_contact)(&c.input.name),
        None => (t.form_add_contact)(account_name),
    };
    let fields = vec![
        Field::text("name", t.f_name, &c.name, NAME_MAX).required(),
        Field::text("title", t.f_title, &c.title, SHORT_MAX),
        Field::choice(
            "department",
            t.f_department,
            labels(Department::ALL),
            position(Department::ALL, &c.department),
        ),
        Field::choice(
            "seniority",
            t.f_seniority,
            labels(Seniority::ALL),
            position(Seniority::ALL, &c.seniority),
        ),
        Field::choice(
            "buying_role",
            t.f_buying_role,
            optional_labels(BuyingRole::ALL),
            optional_position(BuyingRole::ALL, &c.buying_role),
        ),
        Field::choice(
            "tie_strength",
            t.f_tie_strength,
            t.tie_strengths.iter().map(|l| l.to_string()).collect(),
            usize::from(c.tie_strength.clamp(1, 5)) - 1,
        ),
        Field::text("our_side", t.f_our_side, &c.our_side, SHORT_MAX).with_hint(t.hint_our_side),
        Field::text("phone", t.f_phone, &c.phone, SHORT_MAX),
        Field::text("email", t.f_email, &c.email, EMAIL_MAX).with_advice(email_advice),
        Field::date("birthday", t.f_birthday, c.birthday, Prefer::Past).with_hint(t.hint_birthday),
        Field::text_area("notes", t.f_notes, &c.notes, NOTES_MAX, 2),
        Field::toggle("left_company", t.f_left_company, c.left_company),
    ];
    Form::new(title, fields, today)
}

/// The contact the form describes, or `None` with the problems marked.
pub fn submit(form: &mut Form, today: NaiveDate) -> Option<ContactInput> {
    if !form.check_fields() {
        return None;
    }
    let input = ContactInput {
        name: form.text("name"),
        title: form.text("title"),
        department: Department::ALL[form.choice("department")],
        seniority: Seniority::ALL[form.choice("seniority")],
        buying_role: form
            .choice("buying_role")
            .checked_sub(1)
            .map(|i| BuyingRole::ALL[i]),
        tie_strength: u8::try_from(form.choice("tie_strength") + 1).unwrap_or(3),
        our_side: form.text("our_side"),
        phone: form.text("phone"),
        email: form.text("email"),
        birthday: form.date("birthday"),
        notes: form.text("notes"),
        left_company: form.toggle("left_company"),
    };
    match input.normalized(today) {
        Ok(input) => Some(input),
        Err(errors) => {
            form.set_errors(&errors);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn type_into(form: &mut Form, key: &str, text: &str) {
        form.focus_on(key);
        for c in text.chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_new_contact_is_held_by_the_owner_unless_changed() {
        let mut form = build(None, "华东精密", "李娜", today());
        type_into(&mut form, "name", "王芳");
        type_into(&mut form, "department", "t"); // technical
        type_into(&mut form, "tie_strength", "4");
        let c = submit(&mut form, today()).expect("valid");
        assert_eq!(c.name, "王芳");
        assert_eq!(c.department, Department::Technical);
        assert_eq!(c.tie_strength, 4);
        assert_eq!(c.our_side, "李娜");
    }

    #[test]
    fn impossible_and_future_birthdays_are_refused() {
        for (typed, expect) in [("02-30", "February"), ("2030-01-01", "past")] {
            let mut form = build(None, "A", "", today());
            type_into(&mut form, "name", "X");
            type_into(&mut form, "birthday", typed);
            assert!(submit(&mut form, today()).is_none(), "{typed}");
            let err = form.fields[form.focus].error_message().unwrap_or_default();
            assert_eq!(form.fields[form.focus].key, "birthday");
            assert!(err.contains(expect), "{typed}: {err}");
        }
    }

    #[test]
    fn a_malformed_email_is_flagged_but_saved_as_typed() {
        let mut form = build(None, "A", "", today());
        type_into(&mut form, "name", "X");
        type_into(&mut form, "email", "wang.fang at hdjm");
        assert!(form.fields.iter().any(|f| f.advice().is_some()));
        let c = submit(&mut form, today()).expect("saved anyway");
        assert_eq!(c.email, "wang.fang at hdjm");
    }

    #[test]
    fn tie_strength_cannot_leave_one_to_five() {
        let mut form = build(None, "A", "", today());
        type_into(&mut form, "tie_strength", "9");
        type_into(&mut form, "name", "X");
        let c = submit(&mut form, today()).unwrap();
        assert!((1..=5).contains(&c.tie_strength));
    }
}
