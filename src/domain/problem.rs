//! What is wrong with a value, as data: the domain rules, a form, the store
//! and the import say which rule was broken and with what values; the
//! words are chosen when it is shown (`crate::strings::problem`, in the
//! interface language; `Display`, in English for logs, is in
//! `crate::strings` too).

use crate::domain::ComplaintStatus;
use crate::domain::dates::DateError;
use crate::domain::money::MoneyError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // the value of a field
    /// Empty where a value is needed.
    Required,
    /// More than `max` characters (`len` of them).
    TooLong {
        len: usize,
        max: usize,
    },
    /// Typing stopped at the field's `max` characters.
    AtMost {
        max: usize,
    },
    ControlCharacters,
    /// A score or a tie strength off its scale.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// A number of days (the visit cadence) off its range.
    DaysOutOfRange {
        min: i64,
        max: i64,
    },
    /// A time or date after now.
    InFuture,
    Negative,
    /// A birthday in the future or before 1900.
    NotPastAfter1900,
    /// A lost account without the reason.
    LostWithoutReason,
    /// A visit being closed as planned.
    ClosedVisitPlanned,
    /// A date or time that was not understood.
    Date(DateError),
    /// An amount that was not understood.
    Money(MoneyError),
    /// A form's number field that does not hold a whole number in range.
    EnterWholeNumber {
        min: i64,
        max: i64,
    },

    // a cell of an imported file
    NotWhole {
        value: String,
        min: i64,
        max: i64,
    },
    /// A word of an enumeration that is none of its `allowed` labels.
    NotOneOf {
        value: String,
        allowed: Vec<&'static str>,
    },
    NotYesNo {
        value: String,
    },
    /// A relationship level that is neither 1–5 nor its stored word.
    NotALevel {
        value: String,
    },
    /// An `updated_at` that is not a time kam wrote (`YYYY-MM-DD HH:MM:SS`).
    NotAStamp {
        value: String,
    },
    /// A uid longer than 64 characters or with control characters.
    InvalidUid,
    /// A complaint resolved before it was opened.
    BeforeOpened,
    /// A visit dated or done before its account existed (the earliest day
    /// kam knows of it: created, or its earliest record).
    BeforeAccount {
        since: chrono::NaiveDate,
    },
    UnresolvedWithResolvedTime,

    // the header and the shape of an imported file
    /// A required column the header does not have.
    ColumnMissing,
    /// Neither `account` nor `account_uid` in the header.
    AccountColumnMissing,
    /// A header kam does not read; `known` are the columns it does.
    UnknownColumn {
        known: Vec<&'static str>,
    },
    /// A header naming a column an earlier header already named.
    SecondColumn {
        name: &'static str,
    },
    /// A row with more (non-empty) cells than the header has columns.
    CellCount {
        cells: usize,
        columns: usize,
    },

    // what an imported row refers to
    NoAccountUid {
        uid: String,
    },
    NoAccountNamed {
        name: String,
    },
    /// A row that names no account.
    NameTheAccount,
    NoContactUid {
        uid: String,
    },
    NoContactOfAccountUid {
        uid: String,
    },
    NoContactNamed {
        name: String,
    },
    ContactOfAnotherAccount,

    // changes of state the store refuses
    /// Closing a visit that is no longer planned.
    OnlyPlannedCloses,
    /// Moving a visit that is no longer planned.
    OnlyPlannedReschedules,
    ComplaintCannotBecome {
        from: ComplaintStatus,
        to: ComplaintStatus,
    },
    /// Resolving a complaint without saying how.
    SayHowResolved,

    /// What SQLite itself refused (a constraint), in its words.
    Database(String),
}
