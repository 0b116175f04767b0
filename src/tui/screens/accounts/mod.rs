//! The Accounts screen: the portfolio as a list. The portfolio filters
//! and sorts it in SQL and hands over the ids in order; the screen loads
//! the figures of only the rows around the window it draws, so that a list
//! of 5,000 accounts costs what a list of 50 does. `/` search narrows the
//! order by name and pinyin in memory as you type. `view.rs` draws it.

#[cfg(test)]
mod tests;
mod view;

pub use view::{columns, health_cell, render_welcome};

use crate::domain::breadth::Thresholds;
use crate::domain::pinyin;
use crate::domain::{AccountStatus, AccountSummary, Clock, ListQuery, SortKey, Tier};
use crate::portfolio::accounts::ContactKey;
use crate::portfolio::{Portfolio, Result};
use crate::strings::s;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::search::SearchBox;
use crate::tui::widgets::table::{ListView, RowCache};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use std::collections::HashMap;

#[derive(Default)]
pub struct AccountsState {
    /// Which accounts the list shows, in which order.
    pub query: ListQuery,
    /// The query `order` was loaded for; `None` before the first load and
    /// after a change that may move accounts in or out, or around.
    loaded: Option<ListQuery>,
    /// The accounts of the list, in order (filtered and sorted by the store).
    order: Vec<i64>,
    /// Accounts in the list (active, or archived) before filters.
    total: usize,
    /// Names, search forms and their letters by id, loaded at the first
    /// search keystroke.
    names: Option<HashMap<i64, (String, String, pinyin::Letters)>>,
    /// The search text `shown` was narrowed with (`None`: out of date).
    narrowed: Option<String>,
    /// The accounts shown: `order` narrowed by the search.
    shown: Vec<i64>,
    /// The figures of the rows around the window.
    rows: RowCache<AccountSummary>,
    /// The selected account, to find again after the order reloads.
    keep: Option<i64>,
    pub list: ListView,
    /// Breadth thresholds, from the settings.
    pub thresholds: Thresholds,
    /// The warning zone before a visit falls due, from the settings.
    pub due_soon: crate::domain::settings::DueSoon,
    /// The contacts of the list by account, loaded with `names`: an
    /// account is found by its people too.
    people: Option<HashMap<i64, Vec<Person>>>,
    /// Accounts found only through one of their contacts: which (the
    /// first that matched), so the row names them and Enter opens on them.
    via: HashMap<i64, (i64, String)>,
    pub search: SearchBox,
    /// The list has been opened: `settle` keeps it loaded.
    active: bool,
}

/// A contact of the list, as `/` matches it.
struct Person {
    key: ContactKey,
    letters: pinyin::Letters,
    /// The phone's digits alone, so `138 0013` and `1380013` find it.
    digits: String,
    /// The email in lower case (worked out once, not at every keystroke).
    email: String,
}

impl Person {
    fn new(key: ContactKey) -> Person {
        Person {
            letters: pinyin::Letters::of(&key.name, &key.form),
            digits: digits(&key.phone),
            email: key.email.to_lowercase(),
            key,
        }
    }

    /// Whether `n` finds this person by name, pinyin, phone or email.
    fn matches(&self, n: &Needle<'_>) -> bool {
        let k = &self.key;
        (self.letters.may_match(&n.letters) && pinyin::matches(&k.name, &k.form, n.text))
            || self.email.contains(&n.lower)
            || n.phone.as_ref().is_some_and(|d| self.digits.contains(d))
    }
}

/// The search text and what every row is compared with, worked out once
/// per keystroke.
struct Needle<'a> {
    text: &'a str,
    letters: pinyin::Letters,
    lower: String,
    /// Its digits, when it could be (part of) a phone number.
    phone: Option<String>,
}

impl Needle<'_> {
    fn new(text: &str) -> Needle<'_> {
        Needle {
            text,
            letters: pinyin::Letters::of_query(text),
            lower: text.to_lowercase(),
            phone: is_phone_like(text).then(|| digits(text)),
        }
    }
}

/// Whether `s` could be (part of) a phone number: digits, spaces and
/// `+-()`, at least one digit. (A longer such text matches fewer phones,
/// so narrowing what is shown as one types stays right.)
fn is_phone_like(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
}

/// The ASCII digits of `s`, in order.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// What the list needs next from the store before it can draw.
#[derive(Debug, PartialEq, Eq)]
pub enum Need {
    /// The order for this query.
    Order(ListQuery),
    /// The names of the list, for the search.
    Names,
    /// The figures of these accounts.
    Rows(Vec<i64>),
    Nothing,
}

impl AccountsState {
    pub fn new() -> AccountsState {
        AccountsState::default()
    }

    /// Loads the list afresh when next synced (tab opened, a change).
    pub fn reload(&mut self) {
        self.active = true;
        self.loaded = None;
        self.names = None;
        self.people = None;
        self.rows.clear();
    }

    /// After a change to one account: its new figures (`None`: it left
    /// the list), and the order loaded again if the change may move it.
    pub fn changed(&mut self, id: i64, row: Option<AccountSummary>) {
        let moved = match (self.rows.get(id), &row) {
            (Some(old), Some(new)) => self.moves(old, new),
            _ => true,
        };
        if moved {
            self.loaded = None;
            self.names = None;
            self.people = None;
        }
        match row {
            Some(r) => self.rows.insert(id, r),
            None => self.rows.remove(id),
        }
    }

    /// Reads the order again at the next sync.
    pub fn reorder(&mut self) {
        self.loaded = None;
    }

    /// Whether an account changed from `a` to `b` may stand elsewhere in
    /// the list, or leave it: its name, a filter's value or the sort's.
    fn moves(&self, a: &AccountSummary, b: &AccountSummary) -> bool {
        let verdict = |x: &AccountSummary| x.breadth.verdict(&self.thresholds);
        let filters = a.name != b.name
            || a.tier != b.tier
            || a.status != b.status
            || a.archived != b.archived
            || verdict(a) != verdict(b);
        let sort = match self.query.sort {
            None | Some(SortKey::Name | SortKey::Tier | SortKey::Status) => false,
            Some(SortKey::Health) => a.health != b.health,
            Some(SortKey::Level) => a.relationship_level != b.relationship_level,
            Some(SortKey::Owner) => a.owner != b.owner,
            Some(SortKey::Revenue) => a.annual_revenue != b.annual_revenue,
            Some(SortKey::Profit) => a.annual_profit != b.annual_profit,
            Some(SortKey::Breadth) => a.breadth != b.breadth,
            Some(SortKey::Satisfaction) => a.recent_overall.first() != b.recent_overall.first(),
            Some(SortKey::Complaints) => {
                (a.open_complaints, a.oldest_open_complaint)
                    != (b.open_complaints, b.oldest_open_complaint)
            }
            Some(SortKey::LastVisit) => a.last_done_visit != b.last_done_visit,
            Some(SortKey::NextVisit) => a.next_planned_visit != b.next_planned_visit,
        };
        filters || sort
    }

    pub fn is_loaded(&self) -> bool {
        self.active
    }

    /// What to load before drawing (nothing, usually).
    pub fn need(&self) -> Need {
        if !self.active {
            return Need::Nothing;
        }
        if self.loaded != Some(self.query) {
            return Need::Order(self.query);
        }
        if !self.search.value().is_empty() && self.names.is_none() {
            return Need::Names;
        }
        let rows = self.rows.wanted(&self.shown, &self.list);
        if rows.is_empty() {
            Need::Nothing
        } else {
            Need::Rows(rows)
        }
    }

    /// The order for `query`, and how many accounts the list has in all.
    pub fn set_order(&mut self, query: ListQuery, order: Vec<i64>, total: usize) {
        if self.keep.is_none() {
            self.keep = self.selected_id();
        }
        self.loaded = Some(query);
        self.order = order;
        self.total = total;
        self.narrowed = None;
        self.narrow();
    }

    pub fn set_names(&mut self, names: Vec<(i64, String, String)>, people: Vec<ContactKey>) {
        let mut by_account: HashMap<i64, Vec<Person>> = HashMap::new();
        for key in people {
            by_account
                .entry(key.account_id)
                .or_default()
                .push(Person::new(key));
        }
        self.people = Some(by_account);
        self.names = Some(
            names
                .into_iter()
                .map(|(id, name, form)| {
                    let letters = pinyin::Letters::of(&name, &form);
                    (id, (name, form, letters))
                })
                .collect(),
        );
        self.narrowed = None;
        self.narrow();
    }

    pub fn add_rows(&mut self, rows: Vec<AccountSummary>) {
        self.rows
            .add(&self.shown, &self.list, rows.into_iter().map(|r| (r.id, r)));
    }

    /// `shown` from `order` and the search text. Typing narrows what is
    /// shown already (no new order, no sort); anything else starts again
    /// from the order.
    fn narrow(&mut self) {
        let needle = self.search.value();
        if needle.is_empty() {
            self.via.clear();
        }
        if self.narrowed.as_deref() == Some(needle) {
            return;
        }
        let Some(names) = self.names.as_ref().filter(|_| !needle.is_empty()) else {
            if needle.is_empty() || self.order.is_empty() {
                self.shown = self.order.clone();
                self.narrowed = Some(needle.to_string());
            }
            self.reselect();
            return;
        };
        let n = Needle::new(needle);
        let from = match &self.narrowed {
            Some(before) if needle.starts_with(before.as_str()) => &self.shown,
            _ => &self.order,
        };
        let mut via = HashMap::new();
        let mut shown = Vec::new();
        for &id in from {
            let by_name = names.get(&id).is_some_and(|(name, form, l)| {
                l.may_match(&n.letters) && pinyin::matches(name, form, needle)
            });
            if by_name {
                shown.push(id);
                continue;
            }
            let person = self
                .people
                .as_ref()
                .and_then(|p| p.get(&id))
                .and_then(|ps| ps.iter().find(|p| p.matches(&n)));
            if let Some(p) = person {
                via.insert(id, (p.key.id, p.key.name.clone()));
                shown.push(id);
            }
        }
        self.shown = shown;
        self.via = via;
        self.narrowed = Some(needle.to_string());
        self.reselect();
    }

    /// Finds the kept account again, or keeps the selection in bounds.
    fn reselect(&mut self) {
        if let Some(id) = self.keep.take()
            && let Some(pos) = self.shown.iter().position(|&x| x == id)
        {
            self.list.selected = pos;
        }
        self.list.clamp(self.shown.len());
    }

    /// Selects an account when it is in the list.
    pub fn select_id(&mut self, id: i64) {
        match self.shown.iter().position(|&x| x == id) {
            Some(pos) => self.list.selected = pos,
            // not loaded yet: found when the order comes
            None if self.loaded != Some(self.query) => self.keep = Some(id),
            None => {}
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.shown.get(self.list.selected).copied()
    }

    /// The selected account, when its figures are loaded (they are after
    /// every key: `App` loads what the window needs).
    pub fn selected(&self) -> Option<&AccountSummary> {
        self.selected_id().and_then(|id| self.rows.get(id))
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    pub fn search_text(&self) -> &str {
        self.search.value()
    }

    /// The contact the selected account was found by, if the search
    /// found it through one of its people.
    pub fn found_via(&self, id: i64) -> Option<&(i64, String)> {
        self.via.get(&id)
    }

    /// After a change to one account: its new row patched into the list
    /// (or taken out of it), the order read again if the change may move it.
    pub fn patch(&mut self, portfolio: &Portfolio, clock: &Clock, id: i64) -> Result<()> {
        let row = portfolio
            .account_row(id, clock.now)?
            .filter(|r| r.archived == self.query.archived);
        self.changed(id, row);
        self.settle(portfolio, clock)?;
        Ok(())
    }
}

impl Screen for AccountsState {
    fn title(&self) -> &'static str {
        s().tab_accounts
    }

    fn context(&self) -> Ctx {
        if self.search.typing {
            Ctx::Search
        } else {
            Ctx::Accounts
        }
    }

    fn load(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<()> {
        self.reload();
        self.settle(portfolio, clock).map(|_| ())
    }

    /// Loads what the list needs to draw: its order after a change of sort
    /// or filter, the names for a search, the figures of the rows near the
    /// window.
    fn settle(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<bool> {
        let mut loaded = false;
        let mut reread = false;
        loop {
            match self.need() {
                Need::Order(query) => {
                    let (order, total) = portfolio.account_order(&query, clock.now)?;
                    self.set_order(query, order, total);
                }
                Need::Names => {
                    let names = portfolio.account_search_forms(self.query.archived)?;
                    let people = portfolio.contact_search_forms(self.query.archived)?;
                    self.set_names(names, people);
                }
                Need::Rows(ids) => {
                    let rows = portfolio.account_rows(&ids, clock.now)?;
                    let gone = rows.len() < ids.len();
                    self.add_rows(rows);
                    if !gone || reread {
                        return Ok(true);
                    }
                    // deleted since the order was read (another kam): read
                    // the order again, once
                    self.reorder();
                    reread = true;
                }
                Need::Nothing => return Ok(loaded),
            }
            loaded = true;
        }
    }

    fn lacked_rows(&self) -> bool {
        self.rows.lacked()
    }

    /// A key typed into the search prompt: the list filters as you type.
    fn search_key(&mut self, ev: KeyEvent) {
        if self.search.key(ev) {
            self.list.top();
            self.narrow();
        }
    }

    fn search_paste(&mut self, pasted: &str) {
        self.search.paste(pasted);
        self.list.top();
        self.narrow();
    }

    /// A list action; returns what the app must do, if anything.
    fn update(&mut self, action: Action) -> Option<Effect> {
        let len = self.shown.len();
        let q = &mut self.query;
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Open => {
                let id = self.selected_id()?;
                return Some(match self.via.get(&id) {
                    Some(&(contact, _)) => Effect::OpenAccountContact(id, contact),
                    None => Effect::OpenAccount(id),
                });
            }
            Action::Search => {
                self.search.start();
                self.list.top();
                self.narrow();
            }
            Action::Add => return Some(Effect::NewAccountForm),
            Action::Brief => return self.selected_id().map(Effect::OpenAccountBrief),
            Action::Edit => return self.selected_id().map(Effect::EditAccountForm),
            Action::Survey => {
                return self.selected_id().map(|account_id| Effect::SurveyForm {
                    account_id,
                    id: None,
                });
            }
            Action::Schedule => {
                return self
                    .selected_id()
                    .map(|account_id| Effect::ScheduleVisitForm {
                        account_id,
                        prefill: Default::default(),
                    });
            }
            Action::Archive | Action::Unarchive => {
                let archive = action == Action::Archive;
                let a = self.selected()?;
                return Some(Effect::archive(a.id, &a.name, a.archived, archive));
            }
            Action::Handover => {
                let selected = self.selected();
                return Some(Effect::HandoverForm {
                    from: selected.map(|a| a.owner.clone()).unwrap_or_default(),
                    selected: selected.map(|a| (a.id, a.name.clone())),
                    shown: self.shown.clone(),
                });
            }
            Action::SortNext => {
                let next = match q.sort {
                    None => SortKey::Name,
                    Some(k) => {
                        let i = SortKey::ALL.iter().position(|x| *x == k).unwrap_or(0);
                        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
                    }
                };
                q.sort = Some(next);
                q.descending = next.descending_by_default();
            }
            Action::SortReverse => q.descending = !q.descending,
            Action::FilterTier => q.tier = cycle(q.tier, Tier::ALL),
            Action::FilterStatus => q.status = cycle(q.status, AccountStatus::ALL),
            Action::FilterThin => {
                q.single_threaded_key = !q.single_threaded_key;
                self.list.top();
            }
            Action::ToggleArchived => {
                q.archived = !q.archived;
                self.list.top();
                return Some(Effect::LoadAccounts);
            }
            Action::Back if !self.search.value().is_empty() => {
                self.search.clear();
                self.narrow();
            }
            Action::Back if q.archived => {
                q.archived = false;
                return Some(Effect::LoadAccounts);
            }
            Action::SearchAccept => self.search.accept(),
            Action::SearchCancel => {
                self.search.clear();
                self.narrow();
            }
            _ => {}
        }
        None
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        self.draw(frame, area, theme, clock);
    }
}

/// all → first → … → last → all
fn cycle<T: Copy + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => {
            let i = all.iter().position(|x| *x == c)?;
            all.get(i + 1).copied()
        }
    }
}
