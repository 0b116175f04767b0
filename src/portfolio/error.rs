//! Why a use case could not be carried out, and how to say it in the
//! interface language.

use crate::domain::ComplaintStatus;
use crate::store::StoreError;
use crate::strings::{Label, s, store_error};

/// The kinds of record a use case looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Account,
    Contact,
    Complaint,
    Visit,
    Survey,
    /// A promise (commitment).
    Commitment,
    /// A sync conflict (decided meanwhile, in another kam).
    Conflict,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The record is gone: another kam deleted it, or it never existed.
    #[error("that {0:?} no longer exists")]
    Gone(Record),
    /// The complaint's status does not allow that move.
    #[error("a {} complaint cannot become {}", .from.as_str(), .to.as_str())]
    CannotMove {
        from: ComplaintStatus,
        to: ComplaintStatus,
    },
    /// Only a planned visit can be closed or moved.
    #[error("only a planned visit can be closed or moved")]
    NotPlanned,
    /// An undo found this record changed since the change it undoes.
    #[error("nothing undone: {0} changed since")]
    MovedOn(String),
    /// A handover without the colleague handing over, or (`successor`)
    /// without the one taking over.
    #[error("a handover needs {}", if *.successor { "the successor" } else { "who hands over" })]
    NoColleague { successor: bool },
    /// A colleague handing over to themselves.
    #[error("{0} cannot hand over to themselves")]
    SameColleague(String),
    /// Nobody of that name owns an account; `owners` are the ones who do.
    #[error("{name} owns no account (owners: {})", .owners.join(", "))]
    OwnsNothing { name: String, owners: Vec<String> },
}

impl Error {
    /// One line in the interface language.
    pub fn said(&self) -> String {
        let t = s();
        match self {
            Error::Store(e) => store_error(e),
            Error::Gone(record) => match record {
                Record::Account => t.account_missing,
                Record::Contact => t.contact_missing,
                Record::Complaint => t.complaint_missing,
                Record::Visit => t.visit_missing,
                Record::Survey => t.survey_missing,
                Record::Conflict => t.conflict_missing,
                Record::Commitment => crate::strings_brief::promise_missing(),
            }
            .to_string(),
            Error::CannotMove { from, to } => (t.complaint_cannot)(from.label(), to.label()),
            Error::NotPlanned => t.visit_not_planned.to_string(),
            Error::MovedOn(what) => (t.moved_on)(what),
            Error::NoColleague { successor: false } => t.handover_no_from.to_string(),
            Error::NoColleague { successor: true } => t.handover_no_to.to_string(),
            Error::SameColleague(name) => (t.handover_same)(name),
            Error::OwnsNothing { name, owners } => (t.owns_nothing)(name, owners),
        }
    }
}

/// The record, or `Gone` when there is none.
pub(crate) fn found<T>(record: Record, row: Option<T>) -> Result<T, Error> {
    row.ok_or(Error::Gone(record))
}
