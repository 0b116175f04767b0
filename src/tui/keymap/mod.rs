//! The keymap is data: one table of (context, keys, action, shown in the
//! hint bar?). Key handling looks actions up here, and the `?` overlay and
//! the hint bar are generated from the same table, so they never lie.

mod text;

pub use text::not_here;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard focus is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Everywhere a list or page has focus (not while typing).
    Global,
    Accounts,
    /// Any section of the Account view.
    Account,
    AccountOverview,
    AccountContacts,
    AccountComplaints,
    AccountVisits,
    AccountSurveys,
    AccountHistory,
    /// The pre-visit brief (read only).
    AccountBrief,
    /// An account's promises.
    AccountPromises,
    /// Today, whatever row is selected.
    Today,
    /// Today on a sync conflict.
    TodayConflict,
    /// Today on a planned visit.
    TodayVisit,
    /// Today on a complaint near or past its target.
    TodayComplaint,
    /// Today on a promise due today or overdue.
    TodayPromise,
    /// Today on an account: at risk, resting on one person, due by cadence.
    TodayAccount,
    /// Today on a low satisfaction score.
    TodayLowScore,
    /// Today on a contact's birthday.
    TodayBirthday,
    Complaints,
    Visits,
    Surveys,
    /// Typing a `/` search.
    Search,
    Form,
    Confirm,
    /// A few choices, one key each, shown in the popup itself.
    Offer,
    /// A visit, complaint or survey read in full (what the three share).
    Record,
    VisitRecord,
    ComplaintRecord,
    SurveyRecord,
}

impl Ctx {
    /// The context whose bindings also apply here, if any. Contexts where
    /// letters are text (search, forms, confirmations) inherit nothing, so
    /// that typing `q` types a q.
    fn parent(self) -> Option<Ctx> {
        match self {
            Ctx::AccountOverview
            | Ctx::AccountContacts
            | Ctx::AccountComplaints
            | Ctx::AccountVisits
            | Ctx::AccountSurveys
            | Ctx::AccountHistory
            | Ctx::AccountBrief
            | Ctx::AccountPromises => Some(Ctx::Account),
            Ctx::TodayConflict
            | Ctx::TodayVisit
            | Ctx::TodayComplaint
            | Ctx::TodayPromise
            | Ctx::TodayAccount
            | Ctx::TodayLowScore
            | Ctx::TodayBirthday => Some(Ctx::Today),
            Ctx::Today | Ctx::Complaints | Ctx::Visits | Ctx::Surveys => Some(Ctx::Global),
            Ctx::Global | Ctx::Search | Ctx::Form | Ctx::Confirm | Ctx::Offer => None,
            Ctx::Accounts | Ctx::Account => Some(Ctx::Global),
            Ctx::VisitRecord | Ctx::ComplaintRecord | Ctx::SurveyRecord => Some(Ctx::Record),
            Ctx::Record => Some(Ctx::Global),
        }
    }

    /// This context and the ones it inherits from, nearest first.
    fn chain(self) -> impl Iterator<Item = Ctx> {
        std::iter::successors(Some(self), |c| c.parent())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    /// Switch to the screen numbered by the digit pressed.
    GoTab,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    NextSection,
    PrevSection,
    EditAccount,
    Search,
    Add,
    Edit,
    Archive,
    Unarchive,
    Delete,
    SortNext,
    SortReverse,
    FilterTier,
    FilterStatus,
    /// Only key accounts resting on one person.
    FilterThin,
    ToggleArchived,
    /// Search: keep the filter and go back to the list.
    Schedule,
    /// Enter a satisfaction survey.
    Survey,
    /// Log a complaint for the row's account.
    LogComplaint,
    /// Add a contact to the row's account.
    AddContact,
    /// Surveys: only those with a low score.
    ToggleLow,
    /// Only the selected row's account, or all again.
    FilterAccount,
    MarkDone,
    MarkMissed,
    CancelVisit,
    Reschedule,
    MarkInProgress,
    MarkWaiting,
    Resolve,
    MarkClosed,
    Reopen,
    Forward,
    /// Narrow a list with a filter form.
    Filter,
    /// Include resolved and closed complaints, or not.
    ToggleResolved,
    SearchAccept,
    /// Search: clear it and go back.
    SearchCancel,
    NextField,
    PrevField,
    /// Enter in a form: the next field, or save on the last one.
    NextOrSave,
    Save,
    Cancel,
    Yes,
    No,
    /// Ctrl-C: quit at once, keeping an unsaved form as a draft (the main
    /// loop acts on it before the keymap is asked).
    Stop,
    /// Ctrl-Z: suspend to the shell (`fg` comes back); the main loop's too.
    Suspend,
    /// Take back this kam's latest change.
    Undo,
    /// Put back the latest undo.
    Redo,
    /// The history of the selected record.
    History,
    /// Hand accounts over from one colleague to another.
    Handover,
    /// A sync conflict: keep the value it has now.
    KeepShown,
    /// A sync conflict: take the other laptop's value.
    TakeOther,
    /// A field offering names: the next or the previous one that matches.
    NextSuggestion,
    PrevSuggestion,
    /// A promise from the selected visit (its next step, contact, visit).
    Promise,
    /// The pre-visit brief of the row's account.
    Brief,
    /// A promise: kept ↔ not kept.
    ToggleKept,
    /// A record's detail (or a list of records): open its account.
    OpenAccountOf,
}

/// A key with its modifiers (Shift is ignored for characters, which carry
/// their case already).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    pub action: Action,
    /// Shown in the one-line hint bar (the overlay shows everything).
    pub hint: bool,
}

const fn b(ctx: Ctx, keys: &'static [Key], action: Action, hint: bool) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        hint,
    }
}

use Action as A;
use Ctx as C;

/// Every binding of kam. Order is the order of the help overlay and hint bar.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // the Accounts list
    b(C::Accounts, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Accounts, &[k('/')], A::Search, true),
    b(C::Accounts, &[k('a')], A::Add, true),
    b(C::Accounts, &[k('e')], A::Edit, true),
    b(C::Accounts, &[k('v')], A::Schedule, false),
    b(C::Accounts, &[k('d')], A::Archive, false),
    b(C::Accounts, &[k('u')], A::Unarchive, false),
    b(C::Accounts, &[k('s')], A::SortNext, true),
    b(C::Accounts, &[k('r')], A::SortReverse, false),
    b(C::Accounts, &[k('S')], A::Survey, true),
    b(C::Accounts, &[k('b')], A::Brief, false),
    b(C::Accounts, &[k('t')], A::FilterTier, true),
    b(C::Accounts, &[k('f')], A::FilterStatus, false),
    b(C::Accounts, &[k('T')], A::FilterThin, false),
    b(C::Accounts, &[k('A')], A::ToggleArchived, false),
    b(C::Accounts, &[k('H')], A::Handover, false),
    b(C::Accounts, &[code(KeyCode::Esc)], A::Back, false),
    // one account: the overview
    b(C::AccountOverview, &[k('e')], A::Edit, true),
    b(C::AccountOverview, &[k('d')], A::Archive, false),
    b(C::AccountOverview, &[k('u')], A::Unarchive, false),
    // one account: contacts & breadth
    b(C::AccountContacts, &[k('a')], A::Add, true),
    b(C::AccountContacts, &[k('e'), code(KeyCode::Enter)], A::Edit, true),
    b(C::AccountContacts, &[k('d')], A::Delete, true),
    // one account: complaints
    b(C::AccountComplaints, &[code(KeyCode::Enter)], A::Open, true),
    b(C::AccountComplaints, &[k('e')], A::Edit, false),
    b(C::AccountComplaints, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    b(C::AccountComplaints, &[k('a')], A::Add, true),
    b(C::AccountComplaints, &[k('p')], A::MarkInProgress, true),
    b(C::AccountComplaints, &[k('w')], A::MarkWaiting, false),
    b(C::AccountComplaints, &[k('r')], A::Resolve, true),
    b(C::AccountComplaints, &[k('c')], A::MarkClosed, false),
    b(C::AccountComplaints, &[k('o')], A::Reopen, false),
    b(C::AccountComplaints, &[k('F'), k('>')], A::Forward, true),
    // one account: visits
    b(C::AccountVisits, &[code(KeyCode::Enter)], A::Open, true),
    b(C::AccountVisits, &[k('e')], A::Edit, false),
    b(C::AccountVisits, &[k('D'), code(KeyCode::Delete)], A::Delete, false),
    b(C::AccountVisits, &[k('v')], A::Schedule, true),
    b(C::AccountVisits, &[k('d')], A::MarkDone, true),
    b(C::AccountVisits, &[k('m')], A::MarkMissed, false),
    b(C::AccountVisits, &[k('x')], A::CancelVisit, false),
    b(C::AccountVisits, &[k('r')], A::Reschedule, true),
    // one account: surveys
    b(C::AccountSurveys, &[code(KeyCode::Enter)], A::Open, true),
    b(C::AccountSurveys, &[k('e')], A::Edit, true),
    b(C::AccountSurveys, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    // one account: promises (and one from a visit's next step)
    b(C::AccountPromises, &[k('a')], A::Add, true),
    b(C::AccountPromises, &[k('e'), code(KeyCode::Enter)], A::Edit, true),
    b(C::AccountPromises, &[k('x')], A::ToggleKept, true),
    b(C::AccountPromises, &[k('D')], A::Delete, true),
    b(C::AccountVisits, &[k('P')], A::Promise, false),
    b(C::Visits, &[k('P')], A::Promise, false),
    // one account: its history (h on a contact, complaint or visit: theirs)
    b(C::AccountContacts, &[k('h')], A::History, false),
    b(C::AccountComplaints, &[k('h')], A::History, false),
    b(C::AccountVisits, &[k('h')], A::History, false),
    b(C::AccountHistory, &[k('h')], A::History, true),
    // one account: every section
    b(C::Account, &[k('S')], A::Survey, true),
    b(C::Account, &[k('E')], A::EditAccount, false),
    b(C::Account, &[k('v')], A::Schedule, false),
    b(C::Account, &[code(KeyCode::Right), k(']')], A::NextSection, true),
    b(C::Account, &[code(KeyCode::Left), k('[')], A::PrevSection, false),
    b(C::Account, &[code(KeyCode::Esc), code(KeyCode::Backspace)], A::Back, true),
    // the morning review: every row, then each kind of row
    b(C::Today, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Today, &[k(']'), code(KeyCode::Right)], A::NextSection, true),
    b(C::Today, &[k('['), code(KeyCode::Left)], A::PrevSection, false),
    b(C::Today, &[k('b')], A::Brief, false),
    b(C::TodayConflict, &[k('K')], A::KeepShown, true),
    b(C::TodayConflict, &[k('O')], A::TakeOther, true),
    b(C::TodayVisit, &[k('d')], A::MarkDone, true),
    b(C::TodayVisit, &[k('r')], A::Reschedule, true),
    b(C::TodayVisit, &[k('m')], A::MarkMissed, false),
    b(C::TodayVisit, &[k('x')], A::CancelVisit, false),
    b(C::TodayVisit, &[k('v')], A::Schedule, false),
    b(C::TodayVisit, &[k('c')], A::LogComplaint, false),
    b(C::TodayVisit, &[k('S')], A::Survey, false),
    b(C::TodayVisit, &[k('P')], A::Promise, false),
    b(C::TodayVisit, &[k('e')], A::Edit, false),
    b(C::TodayVisit, &[k('A')], A::OpenAccountOf, false),
    b(C::TodayComplaint, &[k('r')], A::Resolve, true),
    b(C::TodayComplaint, &[k('p')], A::MarkInProgress, true),
    b(C::TodayComplaint, &[k('w')], A::MarkWaiting, false),
    b(C::TodayComplaint, &[k('F'), k('>')], A::Forward, true),
    b(C::TodayComplaint, &[k('v')], A::Schedule, false),
    b(C::TodayComplaint, &[k('S')], A::Survey, false),
    b(C::TodayComplaint, &[k('e')], A::Edit, false),
    b(C::TodayComplaint, &[k('A')], A::OpenAccountOf, false),
    b(C::TodayPromise, &[k('x')], A::ToggleKept, true),
    b(C::TodayPromise, &[k('e')], A::Edit, true),
    b(C::TodayPromise, &[k('v')], A::Schedule, false),
    b(C::TodayPromise, &[k('S')], A::Survey, false),
    b(C::TodayAccount, &[k('v')], A::Schedule, true),
    b(C::TodayAccount, &[k('a')], A::AddContact, true),
    b(C::TodayAccount, &[k('S')], A::Survey, true),
    b(C::TodayAccount, &[k('c')], A::LogComplaint, false),
    b(C::TodayLowScore, &[k('v')], A::Schedule, true),
    b(C::TodayLowScore, &[k('c')], A::LogComplaint, true),
    b(C::TodayLowScore, &[k('S')], A::Survey, false),
    b(C::TodayLowScore, &[k('A')], A::OpenAccountOf, false),
    b(C::TodayBirthday, &[k('v')], A::Schedule, false),
    b(C::TodayBirthday, &[k('S')], A::Survey, false),
    // the portfolio's complaints
    b(C::Complaints, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Complaints, &[k('e')], A::Edit, false),
    b(C::Complaints, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    b(C::Complaints, &[k('A')], A::OpenAccountOf, false),
    b(C::Complaints, &[k('a')], A::Add, true),
    b(C::Complaints, &[k('p')], A::MarkInProgress, true),
    b(C::Complaints, &[k('w')], A::MarkWaiting, false),
    b(C::Complaints, &[k('r')], A::Resolve, true),
    b(C::Complaints, &[k('c')], A::MarkClosed, false),
    b(C::Complaints, &[k('o')], A::Reopen, false),
    b(C::Complaints, &[k('F'), k('>')], A::Forward, true),
    b(C::Complaints, &[k('f')], A::Filter, true),
    b(C::Complaints, &[k('/')], A::Search, true),
    b(C::Complaints, &[k('x')], A::ToggleResolved, false),
    b(C::Complaints, &[code(KeyCode::Esc)], A::Back, false),
    // the agenda
    b(C::Visits, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Visits, &[k('e')], A::Edit, false),
    b(C::Visits, &[k('D'), code(KeyCode::Delete)], A::Delete, false),
    b(C::Visits, &[k('A')], A::OpenAccountOf, false),
    b(C::Visits, &[k('v')], A::Schedule, true),
    b(C::Visits, &[k('d')], A::MarkDone, true),
    b(C::Visits, &[k('m')], A::MarkMissed, false),
    b(C::Visits, &[k('x')], A::CancelVisit, false),
    b(C::Visits, &[k('r')], A::Reschedule, true),
    b(C::Visits, &[k('S')], A::Survey, false),
    // the portfolio's surveys
    b(C::Surveys, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Surveys, &[k('e')], A::Edit, true),
    b(C::Surveys, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    b(C::Surveys, &[k('A')], A::OpenAccountOf, false),
    b(C::Surveys, &[k('S'), k('a')], A::Survey, true),
    b(C::Surveys, &[k('l')], A::ToggleLow, true),
    b(C::Surveys, &[k('f')], A::FilterAccount, true),
    b(C::Surveys, &[code(KeyCode::Esc)], A::Back, false),
    // a visit, complaint or survey in full
    b(C::VisitRecord, &[k('d')], A::MarkDone, true),
    b(C::VisitRecord, &[k('r')], A::Reschedule, true),
    b(C::VisitRecord, &[k('m')], A::MarkMissed, false),
    b(C::VisitRecord, &[k('x')], A::CancelVisit, false),
    b(C::VisitRecord, &[k('D'), code(KeyCode::Delete)], A::Delete, false),
    b(C::ComplaintRecord, &[k('r')], A::Resolve, true),
    b(C::ComplaintRecord, &[k('p')], A::MarkInProgress, false),
    b(C::ComplaintRecord, &[k('w')], A::MarkWaiting, false),
    b(C::ComplaintRecord, &[k('c')], A::MarkClosed, false),
    b(C::ComplaintRecord, &[k('o')], A::Reopen, false),
    b(C::ComplaintRecord, &[k('F'), k('>')], A::Forward, false),
    b(C::ComplaintRecord, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    b(C::SurveyRecord, &[k('d'), code(KeyCode::Delete)], A::Delete, false),
    b(C::Record, &[k('e')], A::Edit, true),
    b(C::Record, &[k('A')], A::OpenAccountOf, true),
    b(C::Record, &[code(KeyCode::Esc), code(KeyCode::Backspace)], A::Back, true),
    // typing a search
    b(C::Search, &[code(KeyCode::Enter)], A::SearchAccept, true),
    b(C::Search, &[code(KeyCode::Esc)], A::SearchCancel, true),
    b(C::Search, &[code(KeyCode::Down)], A::Down, false),
    b(C::Search, &[code(KeyCode::Up)], A::Up, false),
    // forms
    b(
        C::Form,
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        A::NextField,
        true,
    ),
    b(
        C::Form,
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        A::PrevField,
        true,
    ),
    b(C::Form, &[ctrl('s')], A::Save, true),
    b(C::Form, &[code(KeyCode::Enter)], A::NextOrSave, false),
    b(C::Form, &[code(KeyCode::Esc)], A::Cancel, true),
    b(C::Form, &[ctrl('n')], A::NextSuggestion, false),
    b(C::Form, &[ctrl('p')], A::PrevSuggestion, false),
    // confirmations
    b(C::Confirm, &[k('y'), code(KeyCode::Enter)], A::Yes, true),
    b(C::Confirm, &[k('n'), code(KeyCode::Esc)], A::No, true),
    b(C::Offer, &[code(KeyCode::Esc)], A::Cancel, true),
    // everywhere else
    b(C::Global, &[k('j'), code(KeyCode::Down)], A::Down, false),
    b(C::Global, &[k('k'), code(KeyCode::Up)], A::Up, false),
    b(C::Global, &[k('g'), code(KeyCode::Home)], A::Top, false),
    b(C::Global, &[k('G'), code(KeyCode::End)], A::Bottom, false),
    b(
        C::Global,
        &[code(KeyCode::PageDown), ctrl('d')],
        A::PageDown,
        false,
    ),
    b(
        C::Global,
        &[code(KeyCode::PageUp), ctrl('u')],
        A::PageUp,
        false,
    ),
    b(C::Global, &[code(KeyCode::Tab)], A::NextTab, false),
    b(C::Global, &[code(KeyCode::BackTab)], A::PrevTab, false),
    b(
        C::Global,
        &[k('1'), k('2'), k('3'), k('4'), k('5'), k('6'), k('7'), k('8'), k('9')],
        A::GoTab,
        false,
    ),
    b(C::Global, &[k('?')], A::Help, true),
    b(C::Global, &[k('q')], A::Quit, true),
    b(C::Global, &[k('z')], A::Undo, true),
    b(C::Global, &[k('Z')], A::Redo, false),
    // taken by the main loop before the keymap, listed so `?` shows them
    b(C::Global, &[ctrl('c')], A::Stop, false),
    b(C::Global, &[ctrl('z')], A::Suspend, false),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if key.ctrl != ctrl {
        return false;
    }
    match (key.code, ev.code) {
        // BackTab arrives as BackTab (with or without SHIFT reported)
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
        (a, b) => a == b,
    }
}

/// The action bound to `ev` in `ctx` (falling back to the global bindings
/// where the context does not capture text).
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    ctx.chain().find_map(|c| {
        BINDINGS
            .iter()
            .filter(|b| b.ctx == c)
            .find(|b| b.keys.iter().any(|k| matches(k, ev)))
            .map(|b| b.action)
    })
}

/// The action `ev` has in a context next to `ctx` (another kind of Today
/// row, another section of the Account view) where it has none in `ctx`:
/// what to say when a key does not apply to the row or section selected.
pub fn elsewhere(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    let parent = ctx
        .parent()
        .filter(|p| matches!(p, Ctx::Today | Ctx::Account))?;
    BINDINGS
        .iter()
        .filter(|b| b.ctx != ctx && b.ctx.parent() == Some(parent))
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| b.action)
}

/// The bindings that apply in `ctx`, its own first, then inherited ones.
/// An inherited binding of an action the context binds itself, or of a
/// key it binds to something else, is left out: each key and action is
/// listed once, as it works there.
pub fn bindings_for(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    let mut seen: Vec<&'static Binding> = Vec::new();
    for c in ctx.chain() {
        for b in BINDINGS.iter().filter(|b| b.ctx == c) {
            let shadowed = seen.iter().any(|near| {
                near.action == b.action || near.keys.iter().any(|k| b.keys.contains(k))
            });
            if !shadowed {
                seen.push(b);
            }
        }
    }
    seen.into_iter()
}

/// How a key is written in the hint bar and overlay: `j`, `Enter`, `Ctrl-S`.
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if key.ctrl => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// All keys of a binding, joined: `j/↓`; a run of digits as `1-9`.
pub fn keys_label(binding: &Binding) -> String {
    if binding.action == Action::GoTab
        && let (Some(first), Some(last)) = (binding.keys.first(), binding.keys.last())
    {
        return format!("{}-{}", key_name(first), key_name(last));
    }
    binding
        .keys
        .iter()
        .map(key_name)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn context_bindings_win_over_global_ones() {
        let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::AccountContacts, &esc), Some(Action::Back));
        let e = ev(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::AccountContacts, &e), Some(Action::Edit));
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::AccountContacts, &q), Some(Action::Quit));
        assert_eq!(lookup(Ctx::Search, &esc), Some(Action::SearchCancel));
    }

    #[test]
    fn typing_contexts_do_not_fire_global_letters() {
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::Accounts, &q), Some(Action::Quit));
        assert_eq!(lookup(Ctx::Search, &q), None);
        assert_eq!(lookup(Ctx::Form, &q), None);
    }

    #[test]
    fn ctrl_is_part_of_the_key_and_shift_is_in_the_character() {
        let save = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Ctx::Form, &save), Some(Action::Save));
        assert_eq!(lookup(Ctx::Accounts, &save), None);
        let big_s = ev(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Ctx::Accounts, &big_s), Some(Action::Survey));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.ctx != b.ctx {
                    continue;
                }
                // a context may shadow its parent on purpose, never itself
                for key in a.keys {
                    assert!(
                        !b.keys.contains(key),
                        "{key:?} bound to {:?} and {:?} in {:?}",
                        a.action,
                        b.action,
                        a.ctx
                    );
                }
            }
        }
    }

    #[test]
    fn key_labels_read_naturally() {
        let down = BINDINGS
            .iter()
            .find(|b| b.action == Action::Down && b.ctx == Ctx::Global)
            .unwrap();
        assert_eq!(keys_label(down), "j/↓");
        let tabs = BINDINGS.iter().find(|b| b.action == Action::GoTab).unwrap();
        assert_eq!(keys_label(tabs), "1-9");
        assert_eq!(key_name(&ctrl('s')), "Ctrl-S");
    }
}
