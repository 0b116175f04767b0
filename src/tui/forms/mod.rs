//! The concrete forms: each says which fields it has and how their values
//! become a domain input. The generic machinery is `widgets::form`.

pub mod account;
pub mod complaint;
pub mod contact;
pub mod handover;
pub mod promise;
pub mod survey;
pub mod visit;

use crate::domain::settings::Settings;
use crate::domain::{AccountInput, Clock, ComplaintInput, ContactInput, VisitEdit};
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::widgets::form::Form;

/// What a form is for, so that submitting it knows what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormPurpose {
    /// `base`: the account as the form was opened on it, so that a change
    /// made meanwhile is merged rather than overwritten (a draft keeps it:
    /// restored the next day, it still merges over what it was typed on).
    Account {
        id: Option<i64>,
        #[serde(default)]
        base: Option<Box<AccountInput>>,
    },
    Contact {
        account_id: i64,
        id: Option<i64>,
        #[serde(default)]
        base: Option<Box<ContactInput>>,
    },
    /// `contacts`: the ids behind the contact choice, in order.
    Complaint {
        account_id: i64,
        contacts: Vec<i64>,
    },
    Resolve {
        id: i64,
    },
    Forward {
        id: i64,
    },
    /// `account`: the account offered as a filter.
    ComplaintFilter {
        account: Option<(i64, String)>,
    },
    /// `contacts`: the ids behind the contact choices, in order.
    Visit {
        account_id: i64,
        contacts: Vec<i64>,
    },
    /// `since`: the earliest done-on (`Portfolio::done_on_floor`).
    VisitDone {
        id: i64,
        #[serde(default)]
        since: Option<chrono::NaiveDateTime>,
    },
    Reschedule {
        id: i64,
    },
    /// `contacts`: the ids behind the respondent choice, in order.
    Survey {
        account_id: i64,
        id: Option<i64>,
        contacts: Vec<i64>,
        /// An edit: the response as the form opened on it (merged on save).
        #[serde(default)]
        base: Option<Box<crate::domain::SurveyInput>>,
    },
    /// Correcting a visit: `contacts` the ids behind the contact choices,
    /// `done` whether it shows the outcome, `base` the visit as opened.
    VisitEdit {
        id: i64,
        contacts: Vec<i64>,
        done: bool,
        base: Box<VisitEdit>,
    },
    /// Correcting a complaint: `contacts` the ids behind the contact
    /// choice, `base` what was logged as the form opened.
    ComplaintEdit {
        id: i64,
        contacts: Vec<i64>,
        base: Box<ComplaintInput>,
    },
    /// `contacts`: the ids behind "to whom", in order; `visit_id`: the
    /// visit it came from.
    Promise {
        account_id: i64,
        id: Option<i64>,
        contacts: Vec<i64>,
        visit_id: Option<i64>,
    },
    /// `selected`: the account selected in the list; `shown`: the
    /// accounts it showed, in order.
    Handover {
        selected: Option<i64>,
        shown: Vec<i64>,
    },
}

impl FormPurpose {
    /// The effect that opens this form again, empty (a draft is then put
    /// back into it). `None` for forms not worth a draft.
    pub fn reopen(&self) -> Option<Effect> {
        Some(match self {
            FormPurpose::Account { id: None, .. } => Effect::NewAccountForm,
            FormPurpose::Account { id: Some(id), .. } => Effect::EditAccountForm(*id),
            FormPurpose::Contact {
                account_id,
                id: None,
                ..
            } => Effect::NewContactForm(*account_id),
            FormPurpose::Contact { id: Some(id), .. } => Effect::EditContactForm(*id),
            FormPurpose::Complaint { account_id, .. } => Effect::LogComplaintForm {
                account_id: *account_id,
                prefill: Default::default(),
            },
            FormPurpose::Resolve { id } => Effect::ResolveForm(*id),
            FormPurpose::Forward { id } => Effect::ForwardForm(*id),
            FormPurpose::ComplaintFilter { .. } | FormPurpose::Handover { .. } => return None,
            FormPurpose::Visit { account_id, .. } => Effect::ScheduleVisitForm {
                account_id: *account_id,
                prefill: Default::default(),
            },
            FormPurpose::VisitDone { id, .. } => Effect::VisitDoneForm(*id),
            FormPurpose::Reschedule { id } => Effect::RescheduleForm(*id),
            FormPurpose::Survey { account_id, id, .. } => Effect::SurveyForm {
                account_id: *account_id,
                id: *id,
            },
            FormPurpose::Promise {
                account_id,
                id,
                visit_id,
                ..
            } => Effect::Promise(crate::tui::effect::PromiseEffect::Form {
                account_id: *account_id,
                id: *id,
                input: crate::domain::CommitmentInput {
                    visit_id: *visit_id,
                    ..Default::default()
                },
            }),
            FormPurpose::VisitEdit { id, .. } => Effect::EditVisitForm(*id),
            FormPurpose::ComplaintEdit { id, .. } => Effect::EditComplaintForm(*id),
        })
    }

    /// Validates the form for this purpose; the effect that saves it, or
    /// `None` with the problems shown in the form.
    pub fn submit(&self, form: &mut Form, settings: &Settings, clock: &Clock) -> Option<Effect> {
        match self {
            FormPurpose::Account { id, base } => {
                account::submit(form, settings).map(|input| Effect::SaveAccount {
                    id: *id,
                    input,
                    base: base.clone(),
                })
            }
            FormPurpose::Contact {
                account_id,
                id,
                base,
            } => contact::submit(form, clock.today()).map(|input| Effect::SaveContact {
                account_id: *account_id,
                id: *id,
                input,
                base: base.clone(),
            }),
            FormPurpose::Complaint {
                account_id,
                contacts,
            } => complaint::submit_log(form, contacts, clock.now).map(|input| {
                Effect::SaveComplaint {
                    account_id: *account_id,
                    input,
                }
            }),
            FormPurpose::Resolve { id } => {
                complaint::submit_resolve(form).map(|text| Effect::SetComplaintStatus {
                    id: *id,
                    to: crate::domain::ComplaintStatus::Resolved,
                    resolution: Some(text),
                })
            }
            FormPurpose::Forward { id } => Some(Effect::Forward {
                id: *id,
                to: complaint::submit_forward(form),
            }),
            FormPurpose::Visit {
                account_id,
                contacts,
            } => visit::submit_schedule(form, contacts).map(|input| Effect::SaveVisit {
                account_id: *account_id,
                input,
                past_ok: false,
            }),
            FormPurpose::VisitDone { id, since } => visit::submit_done(form, clock.now, *since)
                .map(|close| Effect::SaveVisitDone { id: *id, close }),
            FormPurpose::Reschedule { id } => {
                visit::submit_reschedule(form).map(|at| Effect::Reschedule { id: *id, at })
            }
            FormPurpose::Survey {
                account_id,
                id,
                contacts,
                base,
            } => survey::submit(form, contacts, clock.today()).map(|input| Effect::SaveSurvey {
                account_id: *account_id,
                id: *id,
                input,
                base: base.clone(),
            }),
            FormPurpose::Promise {
                account_id,
                id,
                contacts,
                visit_id,
            } => promise::submit(form, contacts, *visit_id).map(|input| {
                Effect::Promise(crate::tui::effect::PromiseEffect::Save {
                    account_id: *account_id,
                    id: *id,
                    input,
                })
            }),
            FormPurpose::VisitEdit {
                id,
                contacts,
                done,
                base,
            } => {
                visit::submit_edit(form, contacts, base, *done).map(|edit| Effect::SaveVisitEdit {
                    id: *id,
                    edit,
                    base: Some(base.clone()),
                })
            }
            FormPurpose::ComplaintEdit { id, contacts, base } => {
                complaint::submit_log(form, contacts, clock.now).map(|input| {
                    Effect::SaveComplaintEdit {
                        id: *id,
                        input,
                        base: Some(base.clone()),
                    }
                })
            }
            FormPurpose::Handover { selected, shown } => handover::submit(form, *selected, shown)
                .map(|(from, to, accounts)| Effect::Handover { from, to, accounts }),
            FormPurpose::ComplaintFilter { account } => {
                let (filter, include_resolved) = complaint::submit_filter(form, account.clone());
                Some(Effect::ApplyComplaintFilter {
                    filter,
                    include_resolved,
                })
            }
        }
    }
}

/// The labels of every value of an enumeration, for a choice field.
pub fn labels<T: Label + Copy>(all: &[T]) -> Vec<String> {
    all.iter().map(|x| x.label().to_string()).collect()
}

/// Labels of an optional choice: "—" first, then the values.
pub fn optional_labels<T: Label + Copy>(all: &[T]) -> Vec<String> {
    std::iter::once(s().choice_none.to_string())
        .chain(all.iter().map(|x| x.label().to_string()))
        .collect()
}

pub fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|v| v == x).unwrap_or(0)
}

/// The index of an optional value in `optional_labels` (0 = none).
pub fn optional_position<T: PartialEq>(all: &[T], x: &Option<T>) -> usize {
    x.as_ref().map_or(0, |x| position(all, x) + 1)
}
