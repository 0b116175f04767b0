//! Effects: what a screen asks of the app — a store call through the
//! portfolio, or a popup — and the proposals a form can start from. The
//! app carries them out in `runner.rs`.

use crate::domain::{
    AccountInput, ComplaintCategory, ComplaintInput, ComplaintStatus, ContactInput, ForwardedTo,
    SurveyInput, VisitClose, VisitEdit, VisitInput, VisitKind,
};
use crate::portfolio::complaints::Filter;
use crate::portfolio::records::RecordRef;
use crate::strings::s;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// What to prefill a new complaint with (a low survey score does this).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintPrefill {
    pub contact_id: Option<i64>,
    pub category: Option<ComplaintCategory>,
    pub summary: String,
}

/// What a new visit starts with (a proposal after closing one, or a blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitPrefill {
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub kind: VisitKind,
    pub purpose: String,
    pub contact_ids: Vec<i64>,
    /// Shown as the form's title instead of "Schedule a visit — …".
    pub title: Option<String>,
    /// Without a date: the form starts at the follow-up date kam proposes
    /// (`Portfolio::follow_up_visit_at`), as after a low score.
    pub follow_up: bool,
}

impl Default for VisitPrefill {
    fn default() -> VisitPrefill {
        VisitPrefill {
            date: None,
            time: None,
            kind: VisitKind::Visit,
            purpose: String::new(),
            contact_ids: Vec::new(),
            title: None,
            follow_up: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Reload the data of the tab in front (after switching to it).
    LoadTab,
    LoadAccounts,
    OpenAccount(i64),
    NewAccountForm,
    EditAccountForm(i64),
    /// `base`: the account as the form was opened on it (for an edit).
    SaveAccount {
        id: Option<i64>,
        input: AccountInput,
        base: Option<Box<AccountInput>>,
    },
    /// Ask first; carry out `then` on yes.
    Confirm {
        question: String,
        then: Box<Effect>,
    },
    SetArchived {
        id: i64,
        archived: bool,
        name: String,
    },
    NewContactForm(i64),
    EditContactForm(i64),
    SaveContact {
        account_id: i64,
        id: Option<i64>,
        input: ContactInput,
        base: Option<Box<ContactInput>>,
    },
    DeleteContact {
        id: i64,
        name: String,
    },
    LoadComplaints,
    /// Open an account on its complaints section, with one selected.
    OpenAccountComplaint(i64, i64),
    PickAccountToLogComplaint,
    LogComplaintForm {
        account_id: i64,
        prefill: ComplaintPrefill,
    },
    SaveComplaint {
        account_id: i64,
        input: ComplaintInput,
    },
    SetComplaintStatus {
        id: i64,
        to: ComplaintStatus,
        resolution: Option<String>,
    },
    ResolveForm(i64),
    ForwardForm(i64),
    Forward {
        id: i64,
        to: ForwardedTo,
    },
    ComplaintFilterForm,
    ApplyComplaintFilter {
        filter: Filter,
        include_resolved: bool,
    },
    LoadVisits,
    /// Open an account on its visits section, with one selected.
    OpenAccountVisit(i64, i64),
    PickAccountToSchedule,
    ScheduleVisitForm {
        account_id: i64,
        prefill: VisitPrefill,
    },
    /// `past_ok`: the user confirmed a date in the past.
    SaveVisit {
        account_id: i64,
        input: VisitInput,
        past_ok: bool,
    },
    VisitDoneForm(i64),
    SaveVisitDone {
        id: i64,
        close: VisitClose,
    },
    MarkVisitMissed(i64),
    CancelVisit(i64),
    RescheduleForm(i64),
    Reschedule {
        id: i64,
        at: NaiveDateTime,
    },
    LoadSurveys,
    PickAccountForSurvey,
    /// The survey form: a new survey (`id` None) or an edit.
    SurveyForm {
        account_id: i64,
        id: Option<i64>,
    },
    SaveSurvey {
        account_id: i64,
        id: Option<i64>,
        input: SurveyInput,
        /// An edit: the response as its form opened (merged on save).
        base: Option<Box<SurveyInput>>,
    },
    /// Open an account on its surveys section, with one selected.
    OpenAccountSurvey(i64, i64),
    /// Open an account on its contacts section, with one selected.
    OpenAccountContact(i64, i64),
    /// Open an account on its pre-visit brief.
    OpenAccountBrief(i64),
    /// The handover form: From prefilled with `from`; `selected` the
    /// account selected in the list (id, name), `shown` what it shows.
    HandoverForm {
        from: String,
        selected: Option<(i64, String)>,
        shown: Vec<i64>,
    },
    /// Hand over from `from` to `to`: these accounts, or (`None`) every
    /// account of `from`.
    Handover {
        from: String,
        to: String,
        accounts: Option<Vec<i64>>,
    },
    /// Decide a sync conflict: keep the value shown, or `take_other`.
    /// `about` names it in the status line.
    DecideConflict {
        id: i64,
        take_other: bool,
        about: String,
    },
    /// A visit, complaint or survey read in full (a page over the screen).
    OpenRecord(RecordRef),
    /// Ask before deleting a record, naming it and what happens to its links.
    AskDelete(RecordRef),
    DeleteRecord(RecordRef),
    EditVisitForm(i64),
    /// `base`: the visit as the form opened on it (merged on save).
    SaveVisitEdit {
        id: i64,
        edit: VisitEdit,
        base: Option<Box<VisitEdit>>,
    },
    EditComplaintForm(i64),
    SaveComplaintEdit {
        id: i64,
        input: ComplaintInput,
        base: Option<Box<ComplaintInput>>,
    },
    /// Just tell the user something.
    Message(String),
    /// Read an account's history (at most that many changes) for its
    /// History section.
    LoadHistory(i64, u32),
    /// Take back this kam's latest change, or put back the latest undo.
    Undo,
    Redo,
    /// The offer's `d`: the draft a stopped kam left is thrown away (its
    /// file removed, if it has one).
    DiscardDraft(Option<std::path::PathBuf>),
    /// The form restored from this draft file was saved or closed: the
    /// file goes.
    DraftDone(std::path::PathBuf),
    /// Promises (commitments): `runner/promises.rs`.
    Promise(PromiseEffect),
}

/// What a screen asks about promises (issue 19, item 12).
#[derive(Debug, Clone, PartialEq)]
pub enum PromiseEffect {
    /// The promise form: a new one of `account_id` starting from `input`
    /// (`id` None), or an edit of `id`.
    Form {
        account_id: i64,
        id: Option<i64>,
        input: crate::domain::CommitmentInput,
    },
    /// The form of a new promise from a visit: its next step, its first
    /// contact, the visit itself; the due date left to fill.
    FromVisit(i64),
    Save {
        account_id: i64,
        id: Option<i64>,
        input: crate::domain::CommitmentInput,
    },
    /// Kept ↔ open.
    Toggle(i64),
    /// After the confirmation.
    Delete(i64),
    /// Open an account on its Promises section, one selected (or none).
    OpenAccount(i64, Option<i64>),
}

impl Effect {
    /// Archiving asks first; bringing back does not.
    pub fn archive(id: i64, name: &str, is_archived: bool, archive: bool) -> Effect {
        let t = s();
        match (archive, is_archived) {
            (true, false) => Effect::Confirm {
                question: (t.confirm_archive)(name),
                then: Box::new(Effect::SetArchived {
                    id,
                    archived: true,
                    name: name.to_string(),
                }),
            },
            (false, true) => Effect::SetArchived {
                id,
                archived: false,
                name: name.to_string(),
            },
            (true, true) => Effect::Message(t.already_archived.to_string()),
            (false, false) => Effect::Message(t.not_archived.to_string()),
        }
    }
}
