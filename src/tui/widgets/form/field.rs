//! The kinds of field a form has, their constructors, and what one field
//! can say about its own value: parsed, or why not.

use crate::domain::Problem;
use crate::domain::dates::{Prefer, parse_date, parse_date_time, parse_time};
use crate::domain::handover::same_colleague;
use crate::domain::money::{self, parse_money};
use crate::domain::pinyin;
use crate::domain::text;
use crate::strings::{self, s};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use tui_input::Input;

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
pub(super) enum Value {
    Int(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
}

/// Names a text field offers (the colleagues a file names already): what
/// is typed filters them, Ctrl-N and Ctrl-P put the next or previous match
/// into the field; any other text is still accepted.
pub struct Suggest {
    /// Most used first, each with its search form (pinyin).
    names: Vec<(String, String)>,
    /// What was typed before Ctrl-N: the filter while picking (`None`:
    /// not picking; the field's text filters).
    typed: Option<String>,
    /// The match in the field now, while picking.
    picked: Option<usize>,
}

impl Suggest {
    /// The names matching `filter` (all of them when it is empty): by
    /// their text, any case, or by pinyin for Chinese names.
    pub(super) fn matching(&self, filter: &str) -> Vec<&str> {
        let filter = filter.trim();
        let lower = filter.to_lowercase();
        self.names
            .iter()
            .filter(|(name, form)| {
                filter.is_empty()
                    || name.to_lowercase().contains(&lower)
                    || pinyin::matches(name, form, filter)
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// What filters the suggestions shown under a field holding `text`:
    /// what was typed before picking; nothing when the field holds one of
    /// the names (prefilled, or taken), so that the others show too.
    pub(super) fn filter<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.typed {
            Some(typed) => typed,
            None if self.names.iter().any(|(n, _)| same_colleague(n, text)) => "",
            None => text,
        }
    }

    /// The next (`delta` 1) or previous (-1) match for a field holding
    /// `text`, remembered as picked; `None` when nothing matches.
    pub(super) fn step(&mut self, text: &str, delta: isize) -> Option<String> {
        let typed = self.filter(text).to_string();
        let matches = self.matching(&typed);
        let n = matches.len();
        if n == 0 {
            self.typed = None;
            return None;
        }
        // from the name in the field, if it is one of them
        let from = self
            .picked
            .or_else(|| matches.iter().position(|m| same_colleague(m, text)));
        let next = match from {
            None if delta < 0 => n - 1,
            None => 0,
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
        };
        let name = matches[next].to_string();
        self.typed = Some(typed);
        self.picked = Some(next);
        Some(name)
    }

    /// The text was edited: what it holds now filters again.
    pub(super) fn unpick(&mut self) {
        self.typed = None;
        self.picked = None;
    }
}

pub struct Field {
    /// The stored column name: domain errors are matched to fields by it.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Shown under the field while it has focus.
    pub hint: String,
    /// What is wrong with the value; put into words when drawn, in the
    /// language of that moment.
    pub error: Option<Problem>,
    /// A live, non-blocking remark on the value (e.g. a malformed email).
    advice: Option<fn(&str) -> Option<&'static str>>,
    /// Names offered for a text field, if any.
    pub(super) suggest: Option<Suggest>,
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
            suggest: None,
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

    /// Offers `names` (most used first) under a text field while it has
    /// focus, and says how to take one in its hint; nothing when there
    /// are none.
    pub fn with_suggestions(mut self, names: Vec<String>) -> Field {
        self.offer(names);
        self
    }

    /// `with_suggestions` on a field already built.
    pub fn offer(&mut self, names: Vec<String>) {
        if names.is_empty() || self.input().is_none() {
            return;
        }
        let how = s().hint_colleagues;
        self.hint = if self.hint.is_empty() {
            how.to_string()
        } else {
            format!("{}\n{how}", self.hint)
        };
        self.suggest = Some(Suggest {
            names: names
                .into_iter()
                .map(|n| {
                    let form = pinyin::search_form(&n);
                    (n, form)
                })
                .collect(),
            typed: None,
            picked: None,
        });
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

    /// The error under the field, in the current language.
    pub fn error_message(&self) -> Option<String> {
        self.error.as_ref().map(strings::problem)
    }

    pub(super) fn input(&self) -> Option<&Input> {
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

    pub(super) fn input_mut(&mut self) -> Option<&mut Input> {
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
    pub(super) fn snapshot(&self) -> String {
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

    /// Parses the value (relative dates against `today`): `Ok(None)` when
    /// it is empty or the field holds no typed text.
    pub(super) fn parse(&self, today: NaiveDate) -> Result<Option<Value>, Problem> {
        let raw = self.input().map(|i| i.value().trim()).unwrap_or("");
        if raw.is_empty() {
            return Ok(None);
        }
        let value = match &self.kind {
            FieldKind::Money { allow_negative, .. } => {
                Value::Int(parse_money(raw, *allow_negative).map_err(Problem::Money)?)
            }
            FieldKind::Number { min, max, .. } => match text::narrow_str(raw).parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Value::Int(n),
                _ => {
                    return Err(Problem::EnterWholeNumber {
                        min: *min,
                        max: *max,
                    });
                }
            },
            FieldKind::Date { prefer, .. } => {
                Value::Date(parse_date(raw, today, *prefer).map_err(Problem::Date)?)
            }
            FieldKind::DateTime {
                prefer,
                default_time,
                ..
            } => {
                let (d, t) = parse_date_time(raw, today, *prefer).map_err(Problem::Date)?;
                Value::DateTime(d.and_time(t.unwrap_or(*default_time)))
            }
            FieldKind::Time { .. } => Value::Time(parse_time(raw).map_err(Problem::Date)?),
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    /// What the field can check alone: required, not too long, parses.
    pub(super) fn check(&self, today: NaiveDate) -> Option<Problem> {
        let empty = self.input().is_some_and(|i| i.value().trim().is_empty());
        if self.required && empty {
            return Some(Problem::Required);
        }
        if let FieldKind::Text { input, max, .. } = &self.kind {
            let len = input.value().chars().count();
            if len > *max {
                return Some(Problem::TooLong { len, max: *max });
            }
        }
        self.parse(today).err()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{key, sample, today, typed};
    use super::*;
    use crate::tui::widgets::form::Form;
    use ratatui::crossterm::event::KeyCode;

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
    fn times_parse_with_a_preview() {
        let mut f = Form::new("T", vec![Field::time("time", "Time", None)], today());
        typed(&mut f, "930");
        assert!(f.check_fields());
        assert_eq!(f.time("time"), NaiveTime::from_hms_opt(9, 30, 0));
        typed(&mut f, "0");
        assert!(!f.check_fields(), "9300 is not a time");
    }

    #[test]
    fn a_number_outside_its_range_says_which_range() {
        let mut f = Form::new(
            "T",
            vec![Field::number("days", "Days", None, 1, 365)],
            today(),
        );
        typed(&mut f, "400");
        assert_eq!(
            f.fields[0].check(today()),
            Some(Problem::EnterWholeNumber { min: 1, max: 365 })
        );
        assert_eq!(f.fields[0].error_message(), None, "checked, not yet shown");
        f.check_fields();
        assert_eq!(
            f.fields[0].error_message().as_deref(),
            Some("enter a whole number from 1 to 365")
        );
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.fields[0].check(today()), None);
        assert_eq!(f.number("days"), Some(40));
    }
}
