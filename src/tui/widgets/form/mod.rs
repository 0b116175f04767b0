//! Generic forms: a list of typed fields (text, choice, money, number, date,
//! toggle) with focus, inline validation messages under the offending
//! field, a dirty check before discarding, and the caret placed where the
//! terminal's input method expects it. Each concrete form (account, contact,
//! …) only says which fields it has and how their values become a domain
//! input.
//!
//! This module holds the form itself (focus, values, the dirty check,
//! errors); the kinds of field are in `field`, what keys do in `keys`, the
//! drawing in `render`.

mod field;
mod keys;
mod render;

pub use field::{Field, FieldKind};

use crate::domain::FieldError;
use crate::domain::text::clean_input;
use crate::strings::{self, s};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use field::Value;
use std::cell::Cell;
use tui_input::Input;

/// What the owner of a form should do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    /// Validate and save.
    Submit,
    /// Close without saving (confirmed if there were changes).
    Close,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    initial: Vec<String>,
    pub confirm_discard: bool,
    /// A message for the whole form (e.g. "2 fields need attention").
    pub message: Option<String>,
    today: NaiveDate,
    offset: Cell<usize>,
    /// The popup's width in cells (narrower terminals get less).
    pub width: u16,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>, today: NaiveDate) -> Form {
        let initial = fields.iter().map(Field::snapshot).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            initial,
            confirm_discard: false,
            message: None,
            today,
            offset: Cell::new(0),
            width: 76,
        }
    }

    /// The values as (key, text) pairs, in a form `restore` reads back:
    /// what a draft keeps of a form.
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| {
                // choices by their label, so that a draft restored after
                // the options changed (a contact added) picks the same one
                let v = match &f.kind {
                    FieldKind::Choice { options, selected } => {
                        options.get(*selected).cloned().unwrap_or_default()
                    }
                    FieldKind::Toggle(on) => u8::from(*on).to_string(),
                    FieldKind::Score(v) => v.map(|n| n.to_string()).unwrap_or_default(),
                    FieldKind::MultiChoice {
                        options, chosen, ..
                    } => options
                        .iter()
                        .zip(chosen)
                        .filter(|(_, on)| **on)
                        .map(|(label, _)| label.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => f.input().map(|i| i.value().to_string()).unwrap_or_default(),
                };
                (f.key.to_string(), v)
            })
            .collect()
    }

    /// Puts back values kept by `values`. A value that no longer fits its
    /// field (an option that is gone, a field that was renamed) is left
    /// as the form opened.
    pub fn restore(&mut self, values: &[(String, String)]) {
        for (key, value) in values {
            let Some(i) = self.index(key) else { continue };
            match &mut self.fields[i].kind {
                FieldKind::Choice { options, selected } => {
                    if let Some(n) = options.iter().position(|o| o == value) {
                        *selected = n;
                    }
                }
                FieldKind::Toggle(on) => *on = value == "1",
                FieldKind::Score(v) => {
                    *v = value.parse::<u8>().ok().filter(|n| (1..=5).contains(n));
                }
                FieldKind::MultiChoice {
                    options, chosen, ..
                } => {
                    let picked: Vec<&str> = value.split('\n').collect();
                    for (label, on) in options.iter().zip(chosen.iter_mut()) {
                        *on = picked.contains(&label.as_str());
                    }
                }
                FieldKind::Text { lines, .. } => {
                    let multiline = *lines > 1;
                    if let Some(input) = self.fields[i].input_mut() {
                        *input = Input::new(clean_input(value, multiline));
                    }
                }
                _ => {
                    if let Some(input) = self.fields[i].input_mut() {
                        *input = Input::new(clean_input(value, false));
                    }
                }
            }
        }
    }

    /// True when any value differs from what the form opened with.
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, v)| f.snapshot() != *v)
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.index(key).map(|i| &self.fields[i])
    }

    /// Offers `names` (most used first) in the text field `key`: typing
    /// filters them, Ctrl-N/Ctrl-P take one (see `Field::with_suggestions`).
    pub fn offer(&mut self, key: &str, names: &[String]) {
        if let Some(i) = self.index(key) {
            self.fields[i].offer(names.to_vec());
        }
    }

    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.index(key) {
            self.focus = i;
        }
    }

    /// The text of a text field.
    pub fn text(&self, key: &str) -> String {
        self.field(key)
            .and_then(Field::input)
            .map(|i| i.value().to_string())
            .unwrap_or_default()
    }

    pub fn choice(&self, key: &str) -> usize {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    pub fn toggle(&self, key: &str) -> bool {
        matches!(
            self.field(key).map(|f| &f.kind),
            Some(FieldKind::Toggle(true))
        )
    }

    /// A field's parsed value; `None` when empty or invalid.
    fn parsed_value(&self, key: &str) -> Option<Value> {
        self.field(key)
            .and_then(|f| f.parse(self.today).ok().flatten())
    }

    /// A money field's amount in minor units (`None` when empty).
    pub fn money(&self, key: &str) -> Option<i64> {
        match self.parsed_value(key) {
            Some(Value::Int(n)) => Some(n),
            _ => None,
        }
    }

    pub fn number(&self, key: &str) -> Option<i64> {
        self.money(key)
    }

    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        match self.parsed_value(key) {
            Some(Value::Date(d)) => Some(d),
            Some(Value::DateTime(t)) => Some(t.date()),
            _ => None,
        }
    }

    pub fn time(&self, key: &str) -> Option<NaiveTime> {
        match self.parsed_value(key) {
            Some(Value::Time(t)) => Some(t),
            _ => None,
        }
    }

    /// A score field's value (`None`: not asked).
    pub fn score(&self, key: &str) -> Option<u8> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Score(v)) => *v,
            _ => None,
        }
    }

    /// The indices chosen in a multi-choice field.
    pub fn chosen(&self, key: &str) -> Vec<usize> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::MultiChoice { chosen, .. }) => chosen
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.then_some(i))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn date_time(&self, key: &str) -> Option<NaiveDateTime> {
        match self.parsed_value(key) {
            Some(Value::DateTime(t)) => Some(t),
            _ => None,
        }
    }

    /// Checks what each field can check alone (required, parses); marks the
    /// errors under the fields. True when every field is fine.
    pub fn check_fields(&mut self) -> bool {
        let today = self.today;
        for f in &mut self.fields {
            f.error = f.check(today);
        }
        self.after_errors()
    }

    /// Shows the domain's verdict: each error under its field; the focus
    /// moves to the first field in trouble.
    pub fn set_errors(&mut self, errors: &[FieldError]) {
        let mut unplaced = Vec::new();
        for e in errors {
            match self.index(e.field) {
                Some(i) => self.fields[i].error = Some(e.problem.clone()),
                None => unplaced.push(strings::labelled(
                    strings::field_label(e.field).unwrap_or(e.field),
                    &strings::problem(&e.problem),
                )),
            }
        }
        self.after_errors();
        if !unplaced.is_empty() {
            let sep = match strings::lang() {
                strings::Lang::Zh => "；",
                strings::Lang::En => "; ",
            };
            self.message = Some(unplaced.join(sep));
        }
    }

    fn after_errors(&mut self) -> bool {
        let bad: Vec<usize> = (0..self.fields.len())
            .filter(|i| self.fields[*i].error.is_some())
            .collect();
        if let Some(first) = bad.first() {
            self.focus = *first;
            self.message = Some((s().form_fix)(bad.len()));
            false
        } else {
            self.message = None;
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Problem;
    use crate::domain::dates::Prefer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    pub(super) fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    pub(super) fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    pub(super) fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn a_draft_comes_back_by_labels_even_when_the_options_changed() {
        let options = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let build = |names: &[&str]| {
            Form::new(
                "Survey",
                vec![
                    Field::choice("contact_id", "Respondent", options(names), 0),
                    Field::multi_choice("contacts", "Contacts", options(names), Vec::new()),
                    Field::score("overall", "Overall", None),
                    Field::text_area("comment", "Comment", "", 500, 3),
                ],
                today(),
            )
        };
        let mut before = build(&["—", "张伟", "王芳"]);
        before.restore(&[
            ("contact_id".into(), "王芳".into()),
            ("contacts".into(), "张伟\n王芳".into()),
            ("overall".into(), "4".into()),
            ("comment".into(), "交货\n需要更及时".into()),
        ]);
        let kept = before.values();
        // a contact was added before the draft is restored
        let mut after = build(&["—", "李娜", "张伟", "王芳"]);
        after.restore(&kept);
        assert_eq!(after.choice("contact_id"), 3);
        assert_eq!(after.chosen("contacts"), [2, 3]);
        assert_eq!(after.score("overall"), Some(4));
        assert_eq!(after.text("comment"), "交货\n需要更及时");
        assert!(after.is_dirty());
    }

    /// A name (required, at most 10), a choice, an amount and a date.
    pub(super) fn sample() -> Form {
        Form::new(
            "Test",
            vec![
                Field::text("name", "Name", "", 10).required(),
                Field::choice("tier", "Tier", vec!["key".into(), "general".into()], 0),
                Field::money("revenue", "Revenue", None, false),
                Field::date("when", "When", None, Prefer::Future),
            ],
            today(),
        )
    }

    #[test]
    fn field_checks_put_messages_under_the_fields() {
        let mut f = sample();
        f.focus = 2;
        typed(&mut f, "12,34");
        f.focus = 3;
        typed(&mut f, "2026-02-30");
        assert!(!f.check_fields());
        assert_eq!(f.fields[0].error_message().as_deref(), Some("is required"));
        assert!(f.fields[2].error.is_some());
        assert!(
            f.fields[3]
                .error_message()
                .as_deref()
                .unwrap()
                .contains("February")
        );
        assert_eq!(f.focus, 0, "focus goes to the first problem");
        assert_eq!(f.message.as_deref(), Some("3 fields need attention"));
    }

    #[test]
    fn domain_errors_land_under_their_fields() {
        let mut f = sample();
        f.set_errors(&[FieldError::new("revenue", Problem::Negative)]);
        assert_eq!(f.focus, 2);
        assert_eq!(
            f.fields[2].error_message().as_deref(),
            Some("must not be negative")
        );
    }
}
