//! The complaint forms: logging one, resolving one (the resolution text)
//! and forwarding one to the department that can fix it.

use crate::domain::complaint::Bucket;
use crate::domain::complaint::{DETAILS_MAX, SUMMARY_MAX};
use crate::domain::dates::Prefer;
use crate::domain::{ComplaintCategory, ComplaintInput, ComplaintStatus, ForwardedTo, Severity};
use crate::portfolio::complaints::Filter;
use crate::portfolio::contacts::ContactRow;
use crate::strings::s;
use crate::tui::effect::ComplaintPrefill;
use crate::tui::forms::{labels, optional_labels, optional_position, position};
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDateTime;

/// The form to log a complaint of `account_name`. The contact is chosen
/// among that account's current contacts only (`contacts`, in order).
/// The contact a complaint is about: none, or one of `contacts` (name and
/// department), `chosen` selected.
fn contact_choice(contacts: &[ContactRow], chosen: Option<i64>) -> Field {
    let labels = std::iter::once(s().choice_none.to_string())
        .chain(contacts.iter().map(|c| {
            format!(
                "{} · {}",
                c.contact.input.name,
                crate::strings::Label::label(c.contact.input.department)
            )
        }))
        .collect();
    let at = chosen
        .and_then(|id| contacts.iter().position(|c| c.contact.id == id))
        .map_or(0, |i| i + 1);
    Field::choice("contact_id", s().f_contact, labels, at)
}

pub fn build_log(
    account_name: &str,
    contacts: &[ContactRow],
    prefill: &ComplaintPrefill,
    now: NaiveDateTime,
) -> Form {
    let t = s();
    let fields = vec![
        contact_choice(contacts, prefill.contact_id),
        Field::choice(
            "category",
            t.f_category,
            labels(ComplaintCategory::ALL),
            prefill
                .category
                .map_or(0, |c| position(ComplaintCategory::ALL, &c)),
        ),
        Field::choice(
            "severity",
            t.f_severity,
            labels(Severity::ALL),
            position(Severity::ALL, &Severity::Medium),
        ),
        Field::text("summary", t.f_summary, &prefill.summary, SUMMARY_MAX).required(),
        Field::text_area("details", t.f_details, "", DETAILS_MAX, 3),
        Field::choice(
            "forwarded_to",
            t.f_forwarded_to,
            optional_labels(ForwardedTo::ALL),
            0,
        ),
        Field::date_time("opened_at", t.f_opened_at, now, Prefer::Past)
            .required()
            .with_hint(t.hint_opened_at),
    ];
    let mut form = Form::new((t.form_log_complaint)(account_name), fields, now.date());
    if !prefill.summary.is_empty() {
        form.focus_on("severity");
    }
    form
}

/// The complaint the form describes, or `None` with the problems marked.
/// `contacts` must be the list the form was built with.
pub fn submit_log(form: &mut Form, contacts: &[i64], now: NaiveDateTime) -> Option<ComplaintInput> {
    if !form.check_fields() {
        return None;
    }
    let input = ComplaintInput {
        contact_id: form
            .choice("contact_id")
            .checked_sub(1)
            .and_then(|i| contacts.get(i).copied()),
        opened_at: form.date_time("opened_at")?,
        category: ComplaintCategory::ALL[form.choice("category")],
        severity: Severity::ALL[form.choice("severity")],
        summary: form.text("summary"),
        details: form.text("details"),
        forwarded_to: form
            .choice("forwarded_to")
            .checked_sub(1)
            .map(|i| ForwardedTo::ALL[i]),
    };
    match input.normalized(now) {
        Ok(input) => Some(input),
        Err(errors) => {
            form.set_errors(&errors);
            None
        }
    }
}

/// Corrects what was logged of a complaint: every field of the log form,
/// filled with what is stored. `contacts` are the account's current ones
/// and the one the complaint names (in order).
pub fn build_edit(
    contacts: &[ContactRow],
    input: &ComplaintInput,
    today: chrono::NaiveDate,
) -> Form {
    let t = s();
    let fields = vec![
        contact_choice(contacts, input.contact_id),
        Field::choice(
            "category",
            t.f_category,
            labels(ComplaintCategory::ALL),
            position(ComplaintCategory::ALL, &input.category),
        ),
        Field::choice(
            "severity",
            t.f_severity,
            labels(Severity::ALL),
            position(Severity::ALL, &input.severity),
        ),
        Field::text("summary", t.f_summary, &input.summary, SUMMARY_MAX).required(),
        Field::text_area("details", t.f_details, &input.details, DETAILS_MAX, 3),
        Field::choice(
            "forwarded_to",
            t.f_forwarded_to,
            optional_labels(ForwardedTo::ALL),
            optional_position(ForwardedTo::ALL, &input.forwarded_to),
        ),
        Field::date_time("opened_at", t.f_opened_at, input.opened_at, Prefer::Past)
            .required()
            .with_hint(t.hint_opened_at),
    ];
    let mut form = Form::new(
        crate::strings_records::form_edit_complaint(&input.summary),
        fields,
        today,
    );
    form.focus_on("summary");
    form
}

/// Asks how a complaint was resolved.
pub fn build_resolve(summary: &str, today: chrono::NaiveDate) -> Form {
    let t = s();
    Form::new(
        (t.form_resolve)(summary),
        vec![Field::text("resolution", t.f_resolution, "", DETAILS_MAX).required()],
        today,
    )
}

pub fn submit_resolve(form: &mut Form) -> Option<String> {
    form.check_fields()
        .then(|| form.text("resolution").trim().to_string())
}

/// Asks which department to pass a complaint on to.
pub fn build_forward(
    summary: &str,
    current: Option<ForwardedTo>,
    today: chrono::NaiveDate,
) -> Form {
    let t = s();
    let at = current.map_or(0, |c| optional_position(ForwardedTo::ALL, &Some(c)) - 1);
    Form::new(
        (t.form_forward)(summary),
        vec![Field::choice(
            "forwarded_to",
            t.f_forwarded_to,
            labels(ForwardedTo::ALL),
            at,
        )],
        today,
    )
}

pub fn submit_forward(form: &Form) -> ForwardedTo {
    ForwardedTo::ALL[form.choice("forwarded_to")]
}

/// The filter form of the Complaints screen. `account` is the account of
/// the selected complaint, offered as a filter.
pub fn build_filter(
    filter: &Filter,
    include_resolved: bool,
    account: Option<&str>,
    today: chrono::NaiveDate,
) -> Form {
    let t = s();
    let all = |mut v: Vec<String>| {
        v.insert(0, t.all.to_string());
        v
    };
    let at = |i: Option<usize>| i.map_or(0, |i| i + 1);
    let mut account_options = vec![t.all.to_string()];
    if let Some((_, name)) = &filter.account {
        account_options.push(name.clone());
    } else if let Some(name) = account {
        account_options.push(name.to_string());
    }
    let fields = vec![
        Field::choice(
            "bucket",
            t.f_bucket,
            all(labels(&Bucket::ALL)),
            at(filter.bucket.map(|b| position(&Bucket::ALL, &b))),
        ),
        Field::choice(
            "severity",
            t.f_severity,
            all(labels(Severity::ALL)),
            at(filter.severity.map(|x| position(Severity::ALL, &x))),
        ),
        Field::choice(
            "category",
            t.f_category,
            all(labels(ComplaintCategory::ALL)),
            at(filter
                .category
                .map(|x| position(ComplaintCategory::ALL, &x))),
        ),
        Field::choice(
            "status",
            t.f_status,
            all(labels(ComplaintStatus::ALL)),
            at(filter.status.map(|x| position(ComplaintStatus::ALL, &x))),
        ),
        Field::choice(
            "account",
            t.f_account,
            account_options,
            usize::from(filter.account.is_some()),
        ),
        Field::toggle("include_resolved", t.f_include_resolved, include_resolved),
    ];
    Form::new(t.form_complaint_filter, fields, today)
}

/// The filter the form describes; `account` as given to `build_filter`.
pub fn submit_filter(form: &Form, account: Option<(i64, String)>) -> (Filter, bool) {
    let pick = |key: &str| form.choice(key).checked_sub(1);
    let filter = Filter {
        bucket: pick("bucket").map(|i| Bucket::ALL[i]),
        severity: pick("severity").map(|i| Severity::ALL[i]),
        category: pick("category").map(|i| ComplaintCategory::ALL[i]),
        status: pick("status").map(|i| ComplaintStatus::ALL[i]),
        account: pick("account").and(account),
    };
    (filter, form.toggle("include_resolved"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn type_into(form: &mut Form, key: &str, text: &str) {
        form.focus_on(key);
        for c in text.chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn clear(form: &mut Form, key: &str) {
        form.focus_on(key);
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    }

    #[test]
    fn a_complaint_opened_now_by_default() {
        let mut form = build_log("A", &[], &ComplaintPrefill::default(), now());
        type_into(&mut form, "summary", "Late delivery");
        let c = submit_log(&mut form, &[], now()).unwrap();
        assert_eq!(c.opened_at, now());
        assert_eq!(c.severity, Severity::Medium);
        assert_eq!(c.contact_id, None);
    }

    #[test]
    fn an_earlier_opening_can_be_typed() {
        let mut form = build_log("A", &[], &ComplaintPrefill::default(), now());
        type_into(&mut form, "summary", "x");
        clear(&mut form, "opened_at");
        type_into(&mut form, "opened_at", "yesterday 14:30");
        let c = submit_log(&mut form, &[], now()).unwrap();
        assert_eq!(
            c.opened_at,
            now() - Duration::days(1) + Duration::minutes(330)
        );
    }

    #[test]
    fn blank_summaries_and_future_openings_are_refused() {
        let mut form = build_log("A", &[], &ComplaintPrefill::default(), now());
        type_into(&mut form, "summary", "   ");
        assert!(submit_log(&mut form, &[], now()).is_none());
        assert_eq!(form.fields[form.focus].key, "summary");

        let mut form = build_log("A", &[], &ComplaintPrefill::default(), now());
        type_into(&mut form, "summary", "x");
        clear(&mut form, "opened_at");
        type_into(&mut form, "opened_at", "2026-11-23 18:00");
        assert!(submit_log(&mut form, &[], now()).is_none());
        assert_eq!(form.fields[form.focus].key, "opened_at");
        assert!(
            form.fields[form.focus]
                .error_message()
                .as_deref()
                .unwrap()
                .contains("future")
        );
    }

    #[test]
    fn resolving_needs_a_text() {
        let mut form = build_resolve("x", now().date());
        assert_eq!(submit_resolve(&mut form), None);
        type_into(&mut form, "resolution", "Replaced the batch");
        assert_eq!(
            submit_resolve(&mut form).as_deref(),
            Some("Replaced the batch")
        );
    }
}
