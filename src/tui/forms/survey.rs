//! The survey form. Opened with `S` it starts on the first score: six
//! digits fill the six scores and Ctrl-S records the survey.

use crate::domain::dates::Prefer;
use crate::domain::survey::COMMENT_MAX;
use crate::domain::{Dimension, SurveyChannel, SurveyInput};
use crate::portfolio::contacts::ContactRow;
use crate::strings::{Label, s};
use crate::tui::forms::{labels, position};
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDate;

/// The survey form for `account_name`: a new one (`existing` is `None`,
/// dated today) or an edit. The respondent is one of `contacts` (that
/// account's), or nobody.
pub fn build(
    account_name: &str,
    contacts: &[ContactRow],
    existing: Option<&SurveyInput>,
    today: NaiveDate,
) -> Form {
    let t = s();
    let input = existing.cloned().unwrap_or(SurveyInput {
        contact_id: None,
        taken_at: today,
        channel: SurveyChannel::Visit,
        scores: [None; 6],
        comment: String::new(),
    });
    let respondents = std::iter::once(t.choice_none.to_string())
        .chain(contacts.iter().map(|c| {
            format!(
                "{} · {}",
                c.contact.input.name,
                c.contact.input.department.label()
            )
        }))
        .collect();
    let respondent_at = input
        .contact_id
        .and_then(|id| contacts.iter().position(|c| c.contact.id == id))
        .map_or(0, |i| i + 1);
    let mut fields = vec![
        Field::choice("contact_id", t.f_respondent, respondents, respondent_at),
        Field::date("taken_at", t.f_date, Some(input.taken_at), Prefer::Past).required(),
        Field::choice(
            "channel",
            t.f_channel,
            labels(SurveyChannel::ALL),
            position(SurveyChannel::ALL, &input.channel),
        ),
    ];
    for (d, score) in Dimension::ALL.iter().zip(input.scores) {
        let mut f = Field::score(d.column(), d.label(), score).with_hint(t.hint_scale);
        if *d == Dimension::Overall {
            f = f.required();
        }
        fields.push(f);
    }
    fields.push(Field::text_area(
        "comment",
        t.f_comment,
        &input.comment,
        COMMENT_MAX,
        3,
    ));
    let title = match existing {
        Some(_) => (t.form_edit_survey)(account_name),
        None => (t.form_survey)(account_name),
    };
    let mut form = Form::new(title, fields, today);
    form.width = 84;
    if existing.is_none() {
        form.focus_on(Dimension::ALL[0].column());
    }
    form
}

/// The survey the form describes, or `None` with what is missing marked
/// (and focused). `contacts` as given to `build`.
pub fn submit(form: &mut Form, contacts: &[i64], today: NaiveDate) -> Option<SurveyInput> {
    if !form.check_fields() {
        return None;
    }
    let mut scores = [None; 6];
    for (slot, d) in scores.iter_mut().zip(Dimension::ALL) {
        *slot = form.score(d.column());
    }
    let input = SurveyInput {
        contact_id: form
            .choice("contact_id")
            .checked_sub(1)
            .and_then(|i| contacts.get(i).copied()),
        taken_at: form.date("taken_at")?,
        channel: SurveyChannel::ALL[form.choice("channel")],
        scores,
        comment: form.text("comment"),
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

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn six_digits_fill_six_scores_in_order() {
        let mut form = build("A", &[], None, today());
        typed(&mut form, "453425");
        let s = submit(&mut form, &[], today()).unwrap();
        assert_eq!(
            s.scores,
            [Some(4), Some(5), Some(3), Some(4), Some(2), Some(5)]
        );
        assert_eq!(s.taken_at, today());
        assert_eq!(s.channel, SurveyChannel::Visit);
        assert_eq!(form.fields[form.focus].key, "comment", "then the comment");
    }

    #[test]
    fn zero_marks_not_asked_and_arrows_change_a_score() {
        let mut form = build("A", &[], None, today());
        typed(&mut form, "0");
        assert_eq!(form.fields[form.focus].key, "product_quality", "0 stays");
        form.handle_key(key(KeyCode::Tab));
        form.handle_key(key(KeyCode::Right));
        form.handle_key(key(KeyCode::Right));
        form.handle_key(key(KeyCode::Left));
        assert_eq!(form.score("service_quality"), Some(1));
        form.handle_key(key(KeyCode::Backspace));
        assert_eq!(form.score("service_quality"), None);
        typed(&mut form, "7"); // not on the scale: ignored
        assert_eq!(form.score("service_quality"), None);
    }

    #[test]
    fn overall_is_required_and_gets_the_focus() {
        let mut form = build("A", &[], None, today());
        typed(&mut form, "44444");
        assert!(submit(&mut form, &[], today()).is_none());
        assert_eq!(form.fields[form.focus].key, "overall");
        assert!(form.message.is_some());
    }

    #[test]
    fn a_future_date_is_refused() {
        let mut form = build("A", &[], None, today());
        typed(&mut form, "444444");
        form.focus_on("taken_at");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typed(&mut form, "2026-12-01");
        assert!(submit(&mut form, &[], today()).is_none());
        assert_eq!(form.fields[form.focus].key, "taken_at");
    }

    #[test]
    fn the_comment_takes_several_lines() {
        let mut form = build("A", &[], None, today());
        typed(&mut form, "444444");
        typed(&mut form, "line one");
        form.handle_key(key(KeyCode::Enter));
        typed(&mut form, "line two");
        let s = submit(&mut form, &[], today()).unwrap();
        assert_eq!(s.comment, "line one\nline two");
    }
}
