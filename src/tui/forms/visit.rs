//! The visit forms: scheduling one (also the proposed next visit), closing
//! one as done (outcome and next step) and rescheduling one.

use crate::domain::dates::Prefer;
use crate::domain::visit::{NEXT_STEP_MAX, OUTCOME_MAX, PURPOSE_MAX};
use crate::domain::{VisitClose, VisitEdit, VisitInput, VisitKind, VisitStatus};
use crate::portfolio::contacts::ContactRow;
use crate::portfolio::visits::VisitRow;
use crate::strings::s;
use crate::strings_dates;
use crate::tui::effect::VisitPrefill;
use crate::tui::forms::{labels, position};
use crate::tui::widgets::form::{Field, Form};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The time of day a visit gets when none is typed.
pub fn default_time() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()
}

/// The people a visit is with: any of `contacts`, those of `ids` chosen.
fn contacts_choice(contacts: &[ContactRow], ids: &[i64]) -> Field {
    let options = contacts
        .iter()
        .map(|c| c.contact.input.name.clone())
        .collect();
    let chosen = contacts
        .iter()
        .map(|c| ids.contains(&c.contact.id))
        .collect();
    Field::multi_choice("contact_ids", s().f_contacts, options, chosen).with_hint(s().hint_contacts)
}

/// The form to schedule a visit at `account_name`; the contacts offered
/// are that account's current ones (`contacts`, in order).
pub fn build_schedule(
    account_name: &str,
    contacts: &[ContactRow],
    prefill: &VisitPrefill,
    today: NaiveDate,
) -> Form {
    let t = s();
    let fields = vec![
        contacts_choice(contacts, &prefill.contact_ids),
        Field::date("date", t.f_date, prefill.date, Prefer::Future)
            .required()
            .with_hint(t.hint_visit_date),
        Field::time(
            "time",
            t.f_time,
            Some(prefill.time.unwrap_or_else(default_time)),
        )
        .with_hint(t.hint_time),
        Field::choice(
            "kind",
            t.f_kind,
            labels(VisitKind::ALL),
            position(VisitKind::ALL, &prefill.kind),
        ),
        Field::text("purpose", t.f_purpose, &prefill.purpose, PURPOSE_MAX),
    ];
    let title = prefill
        .title
        .clone()
        .unwrap_or_else(|| (t.form_schedule_visit)(account_name));
    let mut form = Form::new(title, fields, today);
    if prefill.date.is_none() {
        form.focus_on("date");
    }
    form
}

/// The visit the form describes, or `None` with the problems marked.
pub fn submit_schedule(form: &mut Form, contact_ids: &[i64]) -> Option<VisitInput> {
    if !form.check_fields() {
        return None;
    }
    let date = form.date("date")?;
    let input = VisitInput {
        scheduled_at: date.and_time(form.time("time").unwrap_or_else(default_time)),
        kind: VisitKind::ALL[form.choice("kind")],
        purpose: form.text("purpose"),
        contact_ids: form
            .chosen("contact_ids")
            .into_iter()
            .filter_map(|i| contact_ids.get(i).copied())
            .collect(),
    };
    match input.normalized() {
        Ok(input) => Some(input),
        Err(errors) => {
            form.set_errors(&errors);
            None
        }
    }
}

/// Marks a visit done: when it was done (`done_at`, the form's start:
/// `domain::visit::default_done_at`), what came of it, and the next step.
pub fn build_done(visit: &VisitRow, done_at: NaiveDateTime, today: NaiveDate) -> Form {
    let t = s();
    let mut form = Form::new(
        (t.form_visit_done)(&visit.account_name),
        vec![
            Field::date_time("done_at", strings_dates::f_done_on(), done_at, Prefer::Past)
                .required()
                .with_hint(strings_dates::hint_done_on()),
            Field::text_area("outcome", t.f_outcome, "", OUTCOME_MAX, 3).required(),
            Field::text("next_step", t.f_next_step, "", NEXT_STEP_MAX),
        ],
        today,
    );
    form.focus_on("outcome");
    form
}

/// The close the form describes, its done-on checked against `now` and
/// `since` (the earliest it may be), or `None` with the problems marked.
pub fn submit_done(
    form: &mut Form,
    now: NaiveDateTime,
    since: Option<NaiveDateTime>,
) -> Option<VisitClose> {
    if !form.check_fields() {
        return None;
    }
    let close = VisitClose {
        status: VisitStatus::Done,
        outcome: form.text("outcome"),
        next_step: form.text("next_step"),
        done_at: form.date_time("done_at"),
    };
    let since = since.unwrap_or(NaiveDateTime::MIN);
    match close.normalized_at(now, since) {
        Ok(c) => Some(c),
        Err(errors) => {
            form.set_errors(&errors);
            None
        }
    }
}

/// Moves a visit: `+1d`, `+1w` or any date; the time stays unless changed.
pub fn build_reschedule(visit: &VisitRow, today: NaiveDate) -> Form {
    let t = s();
    Form::new(
        (t.form_reschedule)(&visit.account_name),
        vec![
            Field::date("date", t.f_new_date, None, Prefer::Future)
                .required()
                .with_hint(t.hint_reschedule),
            Field::time("time", t.f_time, Some(visit.scheduled_at.time())),
        ],
        today,
    )
}

pub fn submit_reschedule(form: &mut Form) -> Option<NaiveDateTime> {
    if !form.check_fields() {
        return None;
    }
    Some(
        form.date("date")?
            .and_time(form.time("time").unwrap_or_else(default_time)),
    )
}

/// Corrects every field of a visit: when, kind, purpose, contacts and,
/// once it is done, its outcome and next step. `contacts` are the
/// account's current ones and those the visit names (in order).
pub fn build_edit(
    account_name: &str,
    contacts: &[ContactRow],
    edit: &VisitEdit,
    done: bool,
    today: NaiveDate,
) -> Form {
    let t = s();
    let prefer = if done { Prefer::Past } else { Prefer::Future };
    let mut fields = vec![
        contacts_choice(contacts, &edit.contact_ids),
        Field::date_time("scheduled_at", t.f_scheduled_at, edit.scheduled_at, prefer).required(),
        Field::choice(
            "kind",
            t.f_kind,
            labels(VisitKind::ALL),
            position(VisitKind::ALL, &edit.kind),
        ),
        Field::text("purpose", t.f_purpose, &edit.purpose, PURPOSE_MAX),
    ];
    if done {
        let done_at = edit.completed_at.unwrap_or(edit.scheduled_at);
        fields.push(
            Field::date_time(
                "completed_at",
                strings_dates::f_done_on(),
                done_at,
                Prefer::Past,
            )
            .required()
            .with_hint(strings_dates::hint_done_on()),
        );
        fields.push(
            Field::text_area("outcome", t.f_outcome, &edit.outcome, OUTCOME_MAX, 3).required(),
        );
        fields.push(Field::text(
            "next_step",
            t.f_next_step,
            &edit.next_step,
            NEXT_STEP_MAX,
        ));
    }
    let mut form = Form::new(
        crate::strings_records::form_edit_visit(account_name),
        fields,
        today,
    );
    form.focus_on("scheduled_at");
    form
}

/// The corrected visit, or `None` with the problems marked. `kept` is the
/// visit as the form opened on it (its outcome and next step stay when
/// the form does not show them).
pub fn submit_edit(
    form: &mut Form,
    contact_ids: &[i64],
    kept: &VisitEdit,
    done: bool,
) -> Option<VisitEdit> {
    if !form.check_fields() {
        return None;
    }
    let edit = VisitEdit {
        scheduled_at: form.date_time("scheduled_at")?,
        kind: VisitKind::ALL[form.choice("kind")],
        purpose: form.text("purpose"),
        contact_ids: form
            .chosen("contact_ids")
            .into_iter()
            .filter_map(|i| contact_ids.get(i).copied())
            .collect(),
        outcome: if done {
            form.text("outcome")
        } else {
            kept.outcome.clone()
        },
        next_step: if done {
            form.text("next_step")
        } else {
            kept.next_step.clone()
        },
        completed_at: if done {
            Some(form.date_time("completed_at")?)
        } else {
            kept.completed_at
        },
    };
    match edit.normalized(done) {
        Ok(e) => Some(e),
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
    fn a_visit_from_typed_date_and_time() {
        let mut form = build_schedule("A", &[], &VisitPrefill::default(), today());
        assert_eq!(
            form.fields[form.focus].key, "date",
            "focus starts on the date"
        );
        type_into(&mut form, "date", "fri");
        form.focus_on("time");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_into(&mut form, "time", "1430");
        let v = submit_schedule(&mut form, &[]).unwrap();
        assert_eq!(
            v.scheduled_at,
            NaiveDate::from_ymd_opt(2026, 11, 27)
                .unwrap()
                .and_hms_opt(14, 30, 0)
                .unwrap()
        );
    }

    #[test]
    fn nonsense_dates_and_times_say_why() {
        let mut form = build_schedule("A", &[], &VisitPrefill::default(), today());
        type_into(&mut form, "date", "someday");
        type_into(&mut form, "time", "9");
        assert!(submit_schedule(&mut form, &[]).is_none());
        assert!(
            form.fields[1]
                .error_message()
                .as_deref()
                .unwrap()
                .contains("not a date")
        );
        assert!(
            form.fields[2]
                .error_message()
                .as_deref()
                .unwrap()
                .contains("not a time")
        );
    }

    #[test]
    fn a_done_visit_needs_an_outcome() {
        let visit = VisitRow {
            id: 1,
            uid: "u".into(),
            account_id: 1,
            account_uid: "a".into(),
            account_name: "A".into(),
            tier: crate::domain::Tier::Key,
            scheduled_at: today().and_time(default_time()),
            kind: VisitKind::Visit,
            purpose: String::new(),
            status: VisitStatus::Planned,
            outcome: String::new(),
            next_step: String::new(),
            completed_at: None,
            contacts: vec![],
            contact_ids: vec![],
        };
        let now = today().and_hms_opt(20, 0, 0).unwrap();
        let mut form = build_done(&visit, now, today());
        assert_eq!(form.fields[form.focus].key, "outcome");
        assert!(submit_done(&mut form, now, None).is_none());
        type_into(&mut form, "outcome", "Signed the framework agreement");
        let close = submit_done(&mut form, now, None).unwrap();
        assert_eq!(close.outcome, "Signed the framework agreement");
        assert_eq!(close.done_at, Some(now));
        // tomorrow: not saved, the reason under the field
        form.focus_on("done_at");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_into(&mut form, "done_at", "tomorrow 10:00");
        assert!(submit_done(&mut form, now, None).is_none());
        assert!(form.fields[0].error_message().unwrap().contains("future"));
        // before the account existed
        form.focus_on("done_at");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_into(&mut form, "done_at", "2026-11-01 10:00");
        assert!(submit_done(&mut form, now, Some(now - chrono::Duration::days(3))).is_none());
        assert!(form.fields[0].error_message().unwrap().contains("existed"));
        let mut form = build_reschedule(&visit, today());
        type_into(&mut form, "date", "+1w");
        assert_eq!(
            submit_reschedule(&mut form),
            Some(
                NaiveDate::from_ymd_opt(2026, 12, 1)
                    .unwrap()
                    .and_time(default_time())
            )
        );
    }
}
