//! The keymap is data: one table of (context, keys, action, shown in the
//! hint bar?). Key handling looks actions up here, and the `?` overlay and
//! the hint bar are generated from the same table, so they never lie.

mod text;

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
    Today,
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
            | Ctx::AccountHistory => Some(Ctx::Account),
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
    b(C::AccountContacts, &[k('E')], A::EditAccount, false),
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
    // one account: its history (h on a contact, complaint or visit: theirs)
    b(C::AccountContacts, &[k('h')], A::History, false),
    b(C::AccountComplaints, &[k('h')], A::History, false),
    b(C::AccountVisits, &[k('h')], A::History, false),
    b(C::AccountHistory, &[k('h')], A::History, true),
    // one account: every section
    b(C::Account, &[k('S')], A::Survey, true),
    b(C::Account, &[k('v')], A::Schedule, false),
    b(C::Account, &[code(KeyCode::Right), k(']')], A::NextSection, true),
    b(C::Account, &[code(KeyCode::Left), k('[')], A::PrevSection, false),
    b(C::Account, &[code(KeyCode::Esc), code(KeyCode::Backspace)], A::Back, true),
    // the morning review
    b(C::Today, &[code(KeyCode::Enter)], A::Open, true),
    b(C::Today, &[k('d')], A::MarkDone, true),
    b(C::Today, &[k('r')], A::Reschedule, true),
    b(C::Today, &[k('m')], A::MarkMissed, false),
    b(C::Today, &[k('x')], A::CancelVisit, false),
    b(C::Today, &[k('v')], A::Schedule, true),
    b(C::Today, &[k('c')], A::LogComplaint, false),
    b(C::Today, &[k('p')], A::MarkInProgress, false),
    b(C::Today, &[k('F')], A::Forward, false),
    b(C::Today, &[k('K')], A::KeepShown, false),
    b(C::Today, &[k('O')], A::TakeOther, false),
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

/// The bindings that apply in `ctx`, its own first, then inherited ones.
pub fn bindings_for(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    ctx.chain()
        .flat_map(|c| BINDINGS.iter().filter(move |b| b.ctx == c))
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
