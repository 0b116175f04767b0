//! Generic forms: a list of typed fields (text, choice, money, number, date,
//! toggle) with focus, inline validation messages under the offending
//! field, a dirty check before discarding, and the caret placed where the
//! terminal's input method expects it. Each concrete form (account, contact,
//! …) only says which fields it has and how their values become a domain
//! input.

use crate::domain::dates::{Prefer, parse_date, parse_date_time, parse_time};
use crate::domain::money::parse_money;
use crate::domain::text::{self, clean_input, fit, width};
use crate::domain::{FieldError, money};
use crate::strings::{self, s};
use crate::tui::keymap::{self, Action, Ctx};
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::cell::Cell;
use tui_input::{Input, InputRequest};

pub enum FieldKind {
    /// Text of at most `max` characters, shown on `lines` rows (more than
    /// one: Enter starts a new line, and the text wraps).
    Text {
        input: Input,
        max: usize,
        lines: u16,
    },
    /// A five-point score (5 highly satisfied … 1 very dissatisfied);
    /// `None` = not asked. A digit sets it and moves on.
    Score(Option<u8>),
    /// One of `options` (labels); `selected` indexes them.
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    Money {
        input: Input,
        allow_negative: bool,
    },
    Number {
        input: Input,
        min: i64,
        max: i64,
    },
    Date {
        input: Input,
        prefer: Prefer,
    },
    /// A date with an optional time (`yesterday 14:30`); without a time,
    /// `default_time`.
    DateTime {
        input: Input,
        prefer: Prefer,
        default_time: NaiveTime,
    },
    /// A time of day (`9:30`, `930`, `2pm`).
    Time {
        input: Input,
    },
    Toggle(bool),
    /// Any number of `options`; `cursor` is the one ←/→ moved to.
    MultiChoice {
        options: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
    },
}

/// A field's value once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    Int(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
}

pub struct Field {
    /// The stored column name: domain errors are matched to fields by it.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Shown under the field while it has focus.
    pub hint: String,
    pub error: Option<String>,
    /// A live, non-blocking remark on the value (e.g. a malformed email).
    advice: Option<fn(&str) -> Option<&'static str>>,
}

impl Field {
    fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Field {
        Field {
            key,
            label,
            kind,
            required: false,
            hint: String::new(),
            error: None,
            advice: None,
        }
    }

    pub fn text(key: &'static str, label: &'static str, value: &str, max: usize) -> Field {
        Field::new(
            key,
            label,
            FieldKind::Text {
                input: Input::new(value.to_string()),
                max,
                lines: 1,
            },
        )
    }

    /// Text over several rows; Enter starts a new line.
    pub fn text_area(
        key: &'static str,
        label: &'static str,
        value: &str,
        max: usize,
        lines: u16,
    ) -> Field {
        Field::new(
            key,
            label,
            FieldKind::Text {
                input: Input::new(value.to_string()),
                max,
                lines: lines.max(1),
            },
        )
    }

    pub fn score(key: &'static str, label: &'static str, value: Option<u8>) -> Field {
        Field::new(
            key,
            label,
            FieldKind::Score(value.filter(|v| (1..=5).contains(v))),
        )
    }

    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<String>,
        selected: usize,
    ) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field::new(key, label, FieldKind::Choice { options, selected })
    }

    /// `minor` units shown as an amount with two decimals (empty for `None`).
    pub fn money(
        key: &'static str,
        label: &'static str,
        minor: Option<i64>,
        allow_negative: bool,
    ) -> Field {
        let value = minor
            .map(|m| money::format_money(m, true))
            .unwrap_or_default();
        Field::new(
            key,
            label,
            FieldKind::Money {
                input: Input::new(value),
                allow_negative,
            },
        )
        .with_hint(s().form_hint_money)
    }

    pub fn number(
        key: &'static str,
        label: &'static str,
        value: Option<i64>,
        min: i64,
        max: i64,
    ) -> Field {
        let value = value.map(|v| v.to_string()).unwrap_or_default();
        Field::new(
            key,
            label,
            FieldKind::Number {
                input: Input::new(value),
                min,
                max,
            },
        )
    }

    pub fn date(
        key: &'static str,
        label: &'static str,
        value: Option<NaiveDate>,
        prefer: Prefer,
    ) -> Field {
        let value = value.map(|d| d.to_string()).unwrap_or_default();
        Field::new(
            key,
            label,
            FieldKind::Date {
                input: Input::new(value),
                prefer,
            },
        )
    }

    pub fn date_time(
        key: &'static str,
        label: &'static str,
        value: NaiveDateTime,
        prefer: Prefer,
    ) -> Field {
        Field::new(
            key,
            label,
            FieldKind::DateTime {
                input: Input::new(value.format("%Y-%m-%d %H:%M").to_string()),
                prefer,
                default_time: value.time(),
            },
        )
    }

    pub fn time(key: &'static str, label: &'static str, value: Option<NaiveTime>) -> Field {
        let value = value
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        Field::new(
            key,
            label,
            FieldKind::Time {
                input: Input::new(value),
            },
        )
    }

    pub fn multi_choice(
        key: &'static str,
        label: &'static str,
        options: Vec<String>,
        chosen: Vec<bool>,
    ) -> Field {
        let mut chosen = chosen;
        chosen.resize(options.len(), false);
        // start on the first chosen option, so that it is in view
        let cursor = chosen.iter().position(|c| *c).unwrap_or(0);
        Field::new(
            key,
            label,
            FieldKind::MultiChoice {
                options,
                chosen,
                cursor,
            },
        )
    }

    pub fn toggle(key: &'static str, label: &'static str, on: bool) -> Field {
        Field::new(key, label, FieldKind::Toggle(on))
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = hint.into();
        self
    }

    pub fn with_advice(mut self, advice: fn(&str) -> Option<&'static str>) -> Field {
        self.advice = Some(advice);
        self
    }

    /// The current remark on the value, if any.
    pub fn advice(&self) -> Option<&'static str> {
        let value = self.input()?.value();
        self.advice.and_then(|f| f(value))
    }

    fn input(&self) -> Option<&Input> {
        match &self.kind {
            FieldKind::Text { input, .. }
            | FieldKind::Money { input, .. }
            | FieldKind::Number { input, .. }
            | FieldKind::Date { input, .. }
            | FieldKind::DateTime { input, .. }
            | FieldKind::Time { input } => Some(input),
            _ => None,
        }
    }

    fn input_mut(&mut self) -> Option<&mut Input> {
        match &mut self.kind {
            FieldKind::Text { input, .. }
            | FieldKind::Money { input, .. }
            | FieldKind::Number { input, .. }
            | FieldKind::Date { input, .. }
            | FieldKind::DateTime { input, .. }
            | FieldKind::Time { input } => Some(input),
            _ => None,
        }
    }

    /// The value as text, for the dirty check.
    fn snapshot(&self) -> String {
        match &self.kind {
            FieldKind::Choice { selected, .. } => selected.to_string(),
            FieldKind::Toggle(on) => on.to_string(),
            FieldKind::Score(v) => format!("{v:?}"),
            FieldKind::MultiChoice { chosen, .. } => format!("{chosen:?}"),
            _ => self
                .input()
                .map(|i| i.value().to_string())
                .unwrap_or_default(),
        }
    }
}

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

    /// Parses one field: `Ok(None)` when it is empty.
    fn parsed(&self, f: &Field) -> Result<Option<Value>, String> {
        let raw = f.input().map(|i| i.value().trim()).unwrap_or("");
        if raw.is_empty() {
            return Ok(None);
        }
        let value = match &f.kind {
            FieldKind::Money { allow_negative, .. } => {
                Value::Int(parse_money(raw, *allow_negative).map_err(|e| strings::money_error(&e))?)
            }
            FieldKind::Number { min, max, .. } => match raw.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Value::Int(n),
                _ => return Err(format!("enter a whole number from {min} to {max}")),
            },
            FieldKind::Date { prefer, .. } => Value::Date(
                parse_date(raw, self.today, *prefer).map_err(|e| strings::date_error(&e))?,
            ),
            FieldKind::DateTime {
                prefer,
                default_time,
                ..
            } => {
                let (d, t) = parse_date_time(raw, self.today, *prefer)
                    .map_err(|e| strings::date_error(&e))?;
                Value::DateTime(d.and_time(t.unwrap_or(*default_time)))
            }
            FieldKind::Time { .. } => {
                Value::Time(parse_time(raw).map_err(|e| strings::date_error(&e))?)
            }
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    /// A field's parsed value; `None` when empty or invalid.
    fn parsed_value(&self, key: &str) -> Option<Value> {
        self.field(key).and_then(|f| self.parsed(f).ok().flatten())
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
        let errors: Vec<Option<String>> = self
            .fields
            .iter()
            .map(|f| {
                let empty = f.input().is_some_and(|i| i.value().trim().is_empty());
                if f.required && empty {
                    return Some("is required".to_string());
                }
                if let FieldKind::Text { input, max, .. } = &f.kind {
                    let n = input.value().chars().count();
                    if n > *max {
                        return Some(format!("is too long ({n} characters; at most {max})"));
                    }
                }
                self.parsed(f).err()
            })
            .collect();
        for (f, e) in self.fields.iter_mut().zip(errors) {
            f.error = e;
        }
        self.after_errors()
    }

    /// Shows the domain's verdict: each error under its field; the focus
    /// moves to the first field in trouble.
    pub fn set_errors(&mut self, errors: &[FieldError]) {
        let mut unplaced = Vec::new();
        for e in errors {
            match self.index(e.field) {
                Some(i) => self.fields[i].error = Some(e.message.clone()),
                None => unplaced.push(format!("{}: {}", e.field, strings::problem(&e.message))),
            }
        }
        self.after_errors();
        if !unplaced.is_empty() {
            self.message = Some(unplaced.join("; "));
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

    /// Handles a key: navigation and saving via the keymap, the rest goes to
    /// the focused field.
    pub fn handle_key(&mut self, ev: KeyEvent) -> FormOutcome {
        if self.confirm_discard {
            return match keymap::lookup(Ctx::Confirm, &ev) {
                Some(Action::Yes) => FormOutcome::Close,
                Some(Action::No) => {
                    self.confirm_discard = false;
                    FormOutcome::Continue
                }
                _ => FormOutcome::Continue,
            };
        }
        let plain = !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (
            self.fields.get_mut(self.focus).map(|f| &mut f.kind),
            ev.code,
        ) {
            // a digit sets a score and moves on: six digits fill six scores
            (Some(FieldKind::Score(v)), KeyCode::Char(c @ '1'..='5')) if plain => {
                *v = c.to_digit(10).map(|d| d as u8);
                self.fields[self.focus].error = None;
                self.move_focus(1);
                return FormOutcome::Continue;
            }
            // Enter in a text area starts a new line
            (Some(FieldKind::Text { lines, .. }), KeyCode::Enter) if *lines > 1 && plain => {
                self.insert_char('\n');
                return FormOutcome::Continue;
            }
            _ => {}
        }
        match keymap::lookup(Ctx::Form, &ev) {
            Some(Action::NextField) => self.move_focus(1),
            Some(Action::PrevField) => self.move_focus(-1),
            Some(Action::Save) => return FormOutcome::Submit,
            Some(Action::NextOrSave) => {
                if self.focus + 1 == self.fields.len() {
                    return FormOutcome::Submit;
                }
                self.move_focus(1);
            }
            Some(Action::Cancel) => {
                if self.is_dirty() {
                    self.confirm_discard = true;
                } else {
                    return FormOutcome::Close;
                }
            }
            _ => self.edit(ev),
        }
        FormOutcome::Continue
    }

    /// Pasted text goes into the focused text field, controls removed.
    pub fn handle_paste(&mut self, pasted: &str) {
        if self.confirm_discard {
            return;
        }
        let multiline = matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text { lines, .. }) if *lines > 1
        );
        for c in clean_input(pasted, multiline).chars() {
            self.insert_char(c);
        }
    }

    fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n.max(1)) as usize;
    }

    fn insert_char(&mut self, c: char) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let max = match &f.kind {
            FieldKind::Text { max, .. } => *max,
            FieldKind::Choice { .. }
            | FieldKind::Toggle(_)
            | FieldKind::MultiChoice { .. }
            | FieldKind::Score(_) => {
                return;
            }
            _ => 64,
        };
        if let Some(input) = f.input_mut() {
            if input.value().chars().count() >= max {
                f.error = Some(format!("at most {max} characters"));
                return;
            }
            input.handle(InputRequest::InsertChar(c));
            f.error = None;
        }
    }

    fn edit(&mut self, ev: KeyEvent) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match &mut f.kind {
            FieldKind::Choice { options, selected } => {
                let n = options.len();
                match ev.code {
                    KeyCode::Right | KeyCode::Char(' ') => *selected = (*selected + 1) % n.max(1),
                    KeyCode::Left => *selected = (*selected + n.max(1) - 1) % n.max(1),
                    KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
                        let i = c.to_digit(10).unwrap_or(0) as usize;
                        if (1..=n).contains(&i) {
                            *selected = i - 1;
                        }
                    }
                    KeyCode::Char(c) if !ctrl && !alt => {
                        // jump to the next option starting with the letter typed
                        let c = c.to_lowercase().to_string();
                        if let Some(i) = (1..=n)
                            .map(|k| (*selected + k) % n)
                            .find(|i| options[*i].to_lowercase().starts_with(&c))
                        {
                            *selected = i;
                        }
                    }
                    _ => {}
                }
                f.error = None;
            }
            FieldKind::Score(v) => {
                match ev.code {
                    KeyCode::Right => *v = Some(v.map_or(1, |x| (x + 1).min(5))),
                    KeyCode::Left => *v = Some(v.map_or(5, |x| x.saturating_sub(1).max(1))),
                    KeyCode::Char('0') | KeyCode::Backspace | KeyCode::Delete => *v = None,
                    _ => {}
                }
                f.error = None;
            }
            FieldKind::MultiChoice {
                options,
                chosen,
                cursor,
            } => {
                let n = options.len();
                match ev.code {
                    KeyCode::Right if n > 0 => *cursor = (*cursor + 1) % n,
                    KeyCode::Left if n > 0 => *cursor = (*cursor + n - 1) % n,
                    KeyCode::Char(' ') if n > 0 => chosen[*cursor] = !chosen[*cursor],
                    KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
                        let i = c.to_digit(10).unwrap_or(0) as usize;
                        if (1..=n).contains(&i) {
                            *cursor = i - 1;
                            chosen[i - 1] = !chosen[i - 1];
                        }
                    }
                    _ => {}
                }
                f.error = None;
            }
            FieldKind::Toggle(on) => {
                match ev.code {
                    KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => *on = !*on,
                    KeyCode::Char('y') => *on = true,
                    KeyCode::Char('n') => *on = false,
                    _ => {}
                }
                f.error = None;
            }
            _ => {
                let request = match ev.code {
                    KeyCode::Char(c) if !ctrl && !alt => {
                        if !text::is_hostile(c) {
                            self.insert_char(c);
                        }
                        return;
                    }
                    KeyCode::Backspace if alt => Some(InputRequest::DeletePrevWord),
                    KeyCode::Backspace => Some(InputRequest::DeletePrevChar),
                    KeyCode::Delete => Some(InputRequest::DeleteNextChar),
                    KeyCode::Left if ctrl => Some(InputRequest::GoToPrevWord),
                    KeyCode::Right if ctrl => Some(InputRequest::GoToNextWord),
                    KeyCode::Left => Some(InputRequest::GoToPrevChar),
                    KeyCode::Right => Some(InputRequest::GoToNextChar),
                    KeyCode::Home => Some(InputRequest::GoToStart),
                    KeyCode::End => Some(InputRequest::GoToEnd),
                    KeyCode::Char('a') if ctrl => Some(InputRequest::GoToStart),
                    KeyCode::Char('e') if ctrl => Some(InputRequest::GoToEnd),
                    KeyCode::Char('u') if ctrl => Some(InputRequest::DeleteLine),
                    KeyCode::Char('k') if ctrl => Some(InputRequest::DeleteTillEnd),
                    KeyCode::Char('w') if ctrl => Some(InputRequest::DeletePrevWord),
                    KeyCode::Char('b') if alt => Some(InputRequest::GoToPrevWord),
                    KeyCode::Char('f') if alt => Some(InputRequest::GoToNextWord),
                    _ => None,
                };
                if let (Some(r), Some(input)) = (request, f.input_mut()) {
                    input.handle(r);
                    f.error = None;
                }
            }
        }
    }

    /// Draws the form as a centered popup over `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let label_w = self
            .fields
            .iter()
            .map(|f| width(f.label) + 1)
            .max()
            .unwrap_or(8) as u16
            + 2;
        let lines_needed = self
            .fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::Text { lines, .. } => *lines,
                _ => 1,
            })
            .sum::<u16>()
            + 7;
        let popup = popup::centered(area, self.width, lines_needed);
        popup::clear(frame, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(
                format!(" {} ", text::sanitize(&self.title)),
                theme.title(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 3 || inner.width < label_w + 4 {
            return;
        }
        let value_w = inner.width - label_w - 1;
        // rows: (field index or None, line)
        let mut rows: Vec<(Option<usize>, Line<'static>)> = Vec::new();
        let mut cursor: Option<(usize, u16)> = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "▶" } else { " " };
            let mark = if f.required { s().required_mark } else { "" };
            let label = format!("{}{}", f.label, mark);
            let label_style = if focused {
                theme.focused()
            } else {
                theme.header()
            };
            let mut spans = vec![
                Span::styled(marker.to_string(), theme.focused()),
                Span::styled(text::fit_right(&label, label_w as usize - 2), label_style),
                Span::raw("  "),
            ];
            let pad = " ".repeat(label_w as usize + 1);
            if let FieldKind::Text { input, lines, .. } = &f.kind
                && *lines > 1
            {
                // a text area: `lines` rows around the caret
                let shown = text::sanitize_keep_newlines(input.value());
                let wrapped = area_rows(&shown, value_w as usize);
                let at = wrapped
                    .iter()
                    .rposition(|(start, _)| *start <= input.cursor())
                    .unwrap_or(0);
                let first = at.saturating_sub(usize::from(*lines) - 1);
                let style = if focused {
                    theme.focused()
                } else {
                    Style::new()
                };
                for k in 0..usize::from(*lines) {
                    let text_row = wrapped
                        .get(first + k)
                        .map(|(_, r)| r.as_str())
                        .unwrap_or("");
                    let mut line = if k == 0 {
                        std::mem::take(&mut spans)
                    } else {
                        vec![Span::raw(pad.clone())]
                    };
                    line.push(Span::styled(fit(text_row, value_w as usize), style));
                    if focused && first + k == at {
                        let (start, _) = wrapped[at];
                        let before: String = shown
                            .chars()
                            .skip(start)
                            .take(input.cursor() - start)
                            .collect();
                        cursor = Some((rows.len(), label_w + 1 + width(&before) as u16));
                    }
                    rows.push((Some(i), Line::from(line)));
                }
            } else {
                let (value_spans, caret) = self.value_spans(f, focused, value_w as usize, theme);
                if let Some(c) = caret {
                    cursor = Some((rows.len(), label_w + 1 + c));
                }
                spans.extend(value_spans);
                rows.push((Some(i), Line::from(spans)));
            }
            if let Some(err) = &f.error {
                rows.push((
                    Some(i),
                    Line::from(vec![
                        Span::raw(pad.clone()),
                        Span::styled(
                            format!("⚠ {}", text::sanitize(&strings::problem(err))),
                            theme.error(),
                        ),
                    ]),
                ));
            } else if let Some(advice) = f.advice() {
                rows.push((
                    Some(i),
                    Line::from(vec![
                        Span::raw(pad.clone()),
                        Span::styled(format!("⚠ {advice}"), theme.warn()),
                    ]),
                ));
            } else if focused && !f.hint.is_empty() {
                for hint in f.hint.lines() {
                    rows.push((
                        Some(i),
                        Line::from(vec![
                            Span::raw(pad.clone()),
                            Span::styled(hint.to_string(), theme.dim()),
                        ]),
                    ));
                }
            }
        }
        let footer_h = 2u16;
        let body_h = inner.height.saturating_sub(footer_h) as usize;
        // scroll so that every row of the focused field is visible
        let first = rows
            .iter()
            .position(|(f, _)| *f == Some(self.focus))
            .unwrap_or(0);
        let last = rows
            .iter()
            .rposition(|(f, _)| *f == Some(self.focus))
            .unwrap_or(0);
        let mut offset = self.offset.get().min(rows.len().saturating_sub(body_h));
        if first < offset {
            offset = first;
        } else if last >= offset + body_h {
            offset = last + 1 - body_h;
        }
        self.offset.set(offset);
        let visible: Vec<Line> = rows
            .iter()
            .skip(offset)
            .take(body_h)
            .map(|(_, l)| l.clone())
            .collect();
        frame.render_widget(
            Paragraph::new(visible),
            Rect::new(inner.x, inner.y, inner.width, body_h as u16),
        );
        if let Some((row, col)) = cursor
            && row >= offset
            && row < offset + body_h
            && !self.confirm_discard
        {
            frame.set_cursor_position(Position::new(
                inner.x + col,
                inner.y + (row - offset) as u16,
            ));
        }
        let footer = if self.confirm_discard {
            Line::from(Span::styled(s().form_discard, theme.warn()))
        } else if let Some(m) = &self.message {
            Line::from(Span::styled(format!("⚠ {m}"), theme.error()))
        } else {
            crate::tui::widgets::help::hint_bar(Ctx::Form, 0, inner.width, theme)
        };
        frame.render_widget(
            Paragraph::new(vec![Line::raw(""), footer]),
            Rect::new(inner.x, inner.y + body_h as u16, inner.width, footer_h),
        );
    }

    /// The spans of a field's value and, when it shows a caret, the caret's
    /// column within the value area.
    fn value_spans(
        &self,
        f: &Field,
        focused: bool,
        w: usize,
        theme: &Theme,
    ) -> (Vec<Span<'static>>, Option<u16>) {
        let value_style = if focused {
            theme.focused()
        } else {
            Style::new()
        };
        match &f.kind {
            FieldKind::Choice { options, selected } => {
                let label = options.get(*selected).cloned().unwrap_or_default();
                let shown = if focused {
                    format!("◀ {} ▶", text::sanitize(&label))
                } else {
                    text::sanitize(&label).into_owned()
                };
                (
                    vec![Span::styled(
                        fit(&shown, w).trim_end().to_string(),
                        value_style,
                    )],
                    None,
                )
            }
            FieldKind::Toggle(on) => {
                let shown = if *on { "[x]" } else { "[ ]" };
                (vec![Span::styled(shown.to_string(), value_style)], None)
            }
            FieldKind::Score(v) => {
                let scale = s().score_labels;
                let mut spans = Vec::new();
                for n in 1..=5u8 {
                    let on = *v == Some(n);
                    let style = match (on, focused) {
                        (true, true) => theme
                            .focused()
                            .add_modifier(ratatui::style::Modifier::REVERSED),
                        (true, false) => theme.header(),
                        (false, _) => theme.dim(),
                    };
                    let mark = if on {
                        format!("[{n}]")
                    } else {
                        format!(" {n} ")
                    };
                    spans.push(Span::styled(mark, style));
                }
                let label = match v {
                    Some(n) => scale[usize::from(*n) - 1],
                    None => s().not_asked,
                };
                spans.push(Span::styled(format!("  {label}"), value_style));
                (spans, None)
            }
            FieldKind::MultiChoice {
                options,
                chosen,
                cursor,
            } => {
                if options.is_empty() {
                    return (vec![Span::styled(s().none.to_string(), theme.dim())], None);
                }
                // the options from one that keeps the cursor in view
                let item = |i: usize| {
                    let mark = if chosen[i] { "[x]" } else { "[ ]" };
                    format!("{mark} {}", text::sanitize(&options[i]))
                };
                let mut start = 0;
                while start < *cursor
                    && (start..=*cursor)
                        .map(|i| width(&item(i)) + 2)
                        .sum::<usize>()
                        > w
                {
                    start += 1;
                }
                let mut spans = Vec::new();
                let mut used = 0;
                if start > 0 {
                    spans.push(Span::styled("‹ ", theme.dim()));
                    used += 2;
                }
                for (i, is_chosen) in chosen.iter().enumerate().skip(start) {
                    let label = item(i);
                    let lw = width(&label) + 2;
                    if used + lw > w && i > start {
                        spans.push(Span::styled("›", theme.dim()));
                        break;
                    }
                    let style = if focused && i == *cursor {
                        theme
                            .focused()
                            .add_modifier(ratatui::style::Modifier::REVERSED)
                    } else if *is_chosen {
                        theme.header()
                    } else {
                        Style::new()
                    };
                    spans.push(Span::styled(label, style));
                    spans.push(Span::raw("  "));
                    used += lw;
                }
                (spans, None)
            }
            _ => {
                let input = f.input().expect("text-like field has an input");
                let preview = match &f.kind {
                    FieldKind::Date { .. }
                    | FieldKind::DateTime { .. }
                    | FieldKind::Time { .. } => match self.parsed(f) {
                        Ok(Some(Value::Date(d))) => Some(format!("→ {}", strings::day(d))),
                        Ok(Some(Value::DateTime(t))) => {
                            Some(format!("→ {}", strings::when(t, true)))
                        }
                        Ok(Some(Value::Time(t))) => Some(format!("→ {}", t.format("%H:%M"))),
                        _ => None,
                    },
                    _ => None,
                };
                let preview_w = preview.as_deref().map(|p| width(p) + 2).unwrap_or(0);
                let box_w = w.saturating_sub(preview_w).max(4);
                let scroll = input.visual_scroll(box_w);
                let value = text::sanitize(input.value());
                let visible = skip_cells(&value, scroll);
                let mut spans = vec![Span::styled(
                    fit(visible, box_w),
                    if focused {
                        theme.focused()
                    } else {
                        theme.dim().remove_modifier(ratatui::style::Modifier::DIM)
                    },
                )];
                if let Some(p) = preview {
                    spans.push(Span::styled(format!("  {p}"), theme.good()));
                }
                let caret = focused.then(|| (input.visual_cursor().saturating_sub(scroll)) as u16);
                (spans, caret)
            }
        }
    }
}

/// A text area's value wrapped to `w` cells (breaking anywhere, keeping
/// newlines): each row with the index (in chars) it starts at.
fn area_rows(value: &str, w: usize) -> Vec<(usize, String)> {
    let mut rows = vec![(0, String::new())];
    let mut row_w = 0;
    for (i, c) in value.chars().enumerate() {
        if c == '\n' {
            rows.push((i + 1, String::new()));
            row_w = 0;
            continue;
        }
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if row_w + cw > w {
            rows.push((i, String::new()));
            row_w = 0;
        }
        if let Some((_, row)) = rows.last_mut() {
            row.push(c);
        }
        row_w += cw;
    }
    rows
}

/// `s` without its first `cells` cells.
fn skip_cells(s: &str, cells: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        if used >= cells {
            return &s[i..];
        }
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(form: &mut Form, text: &str) {
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

    fn sample() -> Form {
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
    fn typing_fills_the_focused_field_and_marks_the_form_dirty() {
        let mut f = sample();
        assert!(!f.is_dirty());
        typed(&mut f, "华东");
        assert_eq!(f.text("name"), "华东");
        assert!(f.is_dirty());
    }

    #[test]
    fn tab_enter_and_arrows_move_between_fields() {
        let mut f = sample();
        f.handle_key(key(KeyCode::Tab));
        assert_eq!(f.focus, 1);
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.choice("tier"), 1);
        f.handle_key(key(KeyCode::Enter));
        assert_eq!(f.focus, 2);
        f.handle_key(key(KeyCode::BackTab));
        assert_eq!(f.focus, 1);
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::Up));
        assert_eq!(f.focus, 3, "focus wraps around");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
    }

    #[test]
    fn ctrl_s_submits_from_anywhere() {
        let mut f = sample();
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(f.handle_key(ctrl_s), FormOutcome::Submit);
    }

    #[test]
    fn field_checks_put_messages_under_the_fields() {
        let mut f = sample();
        f.focus = 2;
        typed(&mut f, "12,34");
        f.focus = 3;
        typed(&mut f, "2026-02-30");
        assert!(!f.check_fields());
        assert_eq!(f.fields[0].error.as_deref(), Some("is required"));
        assert!(f.fields[2].error.is_some());
        assert!(f.fields[3].error.as_deref().unwrap().contains("February"));
        assert_eq!(f.focus, 0, "focus goes to the first problem");
        assert_eq!(f.message.as_deref(), Some("3 fields need attention"));
    }

    #[test]
    fn parsed_values_come_back_typed() {
        let mut f = sample();
        typed(&mut f, "A");
        f.focus = 2;
        typed(&mut f, "125万");
        f.focus = 3;
        typed(&mut f, "+2w");
        assert!(f.check_fields());
        assert_eq!(f.money("revenue"), Some(125_000_000));
        assert_eq!(f.date("when"), NaiveDate::from_ymd_opt(2026, 12, 8));
    }

    #[test]
    fn text_longer_than_the_maximum_is_refused_with_a_message() {
        let mut f = sample();
        typed(&mut f, "abcdefghijkl");
        assert_eq!(f.text("name"), "abcdefghij");
        assert_eq!(f.fields[0].error.as_deref(), Some("at most 10 characters"));
    }

    #[test]
    fn escape_on_a_changed_form_asks_first() {
        let mut f = sample();
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Close);
        typed(&mut f, "x");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Continue);
        assert!(f.confirm_discard);
        assert_eq!(f.handle_key(key(KeyCode::Char('n'))), FormOutcome::Continue);
        assert!(!f.confirm_discard);
        assert_eq!(f.text("name"), "x", "n keeps editing");
        f.handle_key(key(KeyCode::Esc));
        assert_eq!(f.handle_key(key(KeyCode::Char('y'))), FormOutcome::Close);
    }

    #[test]
    fn pasted_control_characters_are_dropped() {
        let mut f = sample();
        f.handle_paste("a\u{1b}[2Jb");
        assert_eq!(f.text("name"), "a[2Jb");
    }

    #[test]
    fn multi_choice_toggles_with_space_and_digits() {
        let mut f = Form::new(
            "T",
            vec![Field::multi_choice(
                "contacts",
                "Contacts",
                vec!["张伟".into(), "王芳".into(), "Li".into()],
                vec![false, true],
            )],
            today(),
        );
        assert_eq!(f.chosen("contacts"), [1]);
        f.handle_key(key(KeyCode::Right)); // the cursor starts on the chosen one
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen("contacts"), [0, 1, 2]);
        f.handle_key(key(KeyCode::Char('2')));
        assert_eq!(f.chosen("contacts"), [0, 2]);
        assert!(f.is_dirty());
    }

    #[test]
    fn times_parse_with_a_preview() {
        let mut f = Form::new("T", vec![Field::time("time", "Time", None)], today());
        typed(&mut f, "930");
        assert!(f.check_fields());
        assert_eq!(f.time("time"), NaiveTime::from_hms_opt(9, 30, 0));
        typed(&mut f, "0");
        assert!(!f.check_fields(), "9300 is not a time");
    }

    #[test]
    fn digits_and_letters_pick_choices() {
        let mut f = sample();
        f.focus = 1;
        typed(&mut f, "2");
        assert_eq!(f.choice("tier"), 1);
        typed(&mut f, "k");
        assert_eq!(f.choice("tier"), 0);
    }

    #[test]
    fn domain_errors_land_under_their_fields() {
        let mut f = sample();
        f.set_errors(&[FieldError::new("revenue", "must not be negative")]);
        assert_eq!(f.focus, 2);
        assert_eq!(f.fields[2].error.as_deref(), Some("must not be negative"));
    }
}
