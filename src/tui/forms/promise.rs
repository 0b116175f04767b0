//! The promise (commitment) form: what we promised, to whom, by when. The
//! due date starts empty and is required; from a visit, "what" starts as
//! its next step and "to whom" as its first contact.

use crate::domain::commitment::WHAT_MAX;
use crate::domain::dates::Prefer;
use crate::domain::{CommitmentInput, Department};
use crate::strings::{Label, s};
use crate::strings_brief as b;
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDate;

/// The form for `account_name`: a new promise (`editing` false) starting
/// from `input`, or an edit of one. `contacts` are (id, name, department)
/// of the account's contacts, the choices of "to whom".
pub fn build(
    account_name: &str,
    contacts: &[(i64, String, Department)],
    input: &CommitmentInput,
    editing: bool,
    today: NaiveDate,
) -> Form {
    let t = s();
    let whom = std::iter::once(t.choice_none.to_string())
        .chain(
            contacts
                .iter()
                .map(|(_, name, d)| format!("{name} · {}", d.label())),
        )
        .collect();
    let at = input
        .contact_id
        .and_then(|id| contacts.iter().position(|c| c.0 == id))
        .map_or(0, |i| i + 1);
    let fields = vec![
        Field::text_area("what", b::f_what(), &input.what, WHAT_MAX, 2).required(),
        Field::choice("contact_id", b::f_to_whom(), whom, at),
        Field::date("due_on", b::f_due_on(), input.due_on, Prefer::Future)
            .required()
            .with_hint(b::hint_due_on()),
    ];
    let title = if editing {
        b::form_edit(account_name)
    } else {
        b::form_add(account_name)
    };
    let mut form = Form::new(title, fields, today);
    if !editing && !input.what.is_empty() {
        form.focus_on("due_on");
    }
    form
}

/// The promise the form describes, or `None` with what is missing marked
/// under its field. `contacts` are the ids behind the choice, in order.
pub fn submit(form: &mut Form, contacts: &[i64], visit_id: Option<i64>) -> Option<CommitmentInput> {
    if !form.check_fields() {
        return None;
    }
    let input = CommitmentInput {
        what: form.text("what"),
        contact_id: form
            .choice("contact_id")
            .checked_sub(1)
            .and_then(|i| contacts.get(i).copied()),
        due_on: form.date("due_on"),
        visit_id,
    };
    match input.normalized() {
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
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn without_a_due_date_nothing_is_saved_and_the_date_says_why() {
        let input = CommitmentInput {
            what: "send the quote".into(),
            ..Default::default()
        };
        let mut form = build("Oak", &[], &input, false, today());
        assert!(submit(&mut form, &[], None).is_none());
        assert_eq!(form.fields[form.focus].key, "due_on");
        assert!(form.fields[form.focus].error.is_some());
        for c in "2026-12-04".chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let saved = submit(&mut form, &[], Some(7)).unwrap();
        assert_eq!(saved.due_on, NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(saved.visit_id, Some(7));
    }
}
