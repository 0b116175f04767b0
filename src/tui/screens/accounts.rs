//! The Accounts screen: the portfolio as a list. The store filters and
//! sorts it in SQL and hands over the ids in order; the screen loads the
//! figures of only the rows around the window it draws, so that a list of
//! 5,000 accounts costs what a list of 50 does. `/` search narrows the
//! order by name and pinyin in memory as you type.

use crate::domain::breadth::{Thresholds, Verdict};
use crate::domain::clock::days_between;
use crate::domain::health::Band;
use crate::domain::pinyin;
use crate::domain::survey::trend;
use crate::domain::text::{self, clean_input};
use crate::domain::{AccountStatus, AccountSummary, Clock, ListQuery, SortKey, Tier};
use crate::strings::{Label, s};
use crate::tui::Effect;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, RowCache, TableCell};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashMap;
use tui_input::{Input, InputRequest};

fn sort_title(key: SortKey) -> &'static str {
    let t = s();
    match key {
        SortKey::Name => t.col_name,
        SortKey::Tier => t.col_tier,
        SortKey::Health => t.col_health,
        SortKey::Level => t.col_level,
        SortKey::Status => t.col_status,
        SortKey::Owner => t.col_owner,
        SortKey::Revenue => t.col_revenue,
        SortKey::Profit => t.col_profit,
        SortKey::Breadth => t.col_breadth,
        SortKey::Satisfaction => t.col_satisfaction,
        SortKey::Complaints => t.col_complaints,
        SortKey::LastVisit => t.col_last_visit,
        SortKey::NextVisit => t.col_next_visit,
    }
}

/// The columns, in display order, matching `SortKey::ALL`.
fn columns() -> [Column; 13] {
    let t = s();
    [
        Column::flexible(t.col_name, 16).prefer(26),
        Column::fixed(t.col_tier, 9, 9),
        Column::fixed(t.col_health, 6, 8).right(),
        Column::fixed(t.col_level, 13, 4),
        Column::fixed(t.col_status, 8, 3),
        Column::fixed(t.col_owner, 10, 2),
        Column::fixed(t.col_revenue, 11, 8).right(),
        Column::fixed(t.col_profit, 11, 6).right(),
        Column::fixed(t.col_breadth, 9, 5),
        Column::fixed(t.col_satisfaction, 4, 6),
        Column::fixed(t.col_complaints, 9, 7).right(),
        Column::fixed(t.col_last_visit, 8, 7),
        Column::fixed(t.col_next_visit, 10, 6),
    ]
}

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
    search: Input,
    pub searching: bool,
    /// The list has been opened: `App::sync_accounts` keeps it loaded.
    active: bool,
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

    pub fn set_names(&mut self, names: Vec<(i64, String, String)>) {
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
        let letters = pinyin::Letters::of_query(needle);
        let matches = |id: &i64| {
            names.get(id).is_some_and(|(name, form, l)| {
                l.may_match(&letters) && pinyin::matches(name, form, needle)
            })
        };
        let from = match &self.narrowed {
            Some(before) if needle.starts_with(before.as_str()) => &self.shown,
            _ => &self.order,
        };
        self.shown = from.iter().copied().filter(matches).collect();
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

    /// Whether the last drawing lacked a row.
    pub fn lacked_rows(&self) -> bool {
        self.rows.lacked()
    }

    /// A list action; returns what the app must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let len = self.shown.len();
        let q = &mut self.query;
        match action {
            Action::Down => self.list.move_by(1, len),
            Action::Up => self.list.move_by(-1, len),
            Action::PageDown => self.list.move_by(self.list.page(), len),
            Action::PageUp => self.list.move_by(-self.list.page(), len),
            Action::Top => self.list.top(),
            Action::Bottom => self.list.bottom(len),
            Action::Open => return self.selected_id().map(Effect::OpenAccount),
            Action::Search => self.searching = true,
            Action::Add => return Some(Effect::NewAccountForm),
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
                self.search.reset();
                self.narrow();
            }
            Action::Back if q.archived => {
                q.archived = false;
                return Some(Effect::LoadAccounts);
            }
            Action::SearchAccept => self.searching = false,
            Action::SearchCancel => {
                self.searching = false;
                self.search.reset();
                self.narrow();
            }
            _ => {}
        }
        None
    }

    /// A key typed into the search prompt: the list filters as you type.
    pub fn search_key(&mut self, ev: KeyEvent) {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let request = match ev.code {
            KeyCode::Char(c) if !ctrl && !text::is_hostile(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            _ => return,
        };
        self.search.handle(request);
        self.list.top();
        self.narrow();
    }

    pub fn search_paste(&mut self, pasted: &str) {
        for c in clean_input(pasted, false).chars() {
            self.search.handle(InputRequest::InsertChar(c));
        }
        self.list.top();
        self.narrow();
    }

    /// The line above the table: counts, sort and filters, or the prompt.
    fn summary_line(&self, theme: &Theme) -> Line<'static> {
        let t = s();
        if self.searching {
            return Line::from(vec![
                Span::styled(t.search_prompt, theme.key()),
                Span::raw(text::sanitize(self.search.value()).into_owned()),
                Span::styled(
                    format!("   {}", (t.accounts_count)(self.shown.len(), self.total)),
                    theme.dim(),
                ),
            ]);
        }
        let q = &self.query;
        let mut parts = vec![(t.accounts_count)(self.shown.len(), self.total)];
        if q.archived {
            parts[0] = format!("{} ({})", parts[0], t.archived_view);
        }
        if let Some(k) = q.sort {
            let arrow = if q.descending { "↓" } else { "↑" };
            parts.push(format!("{} {} {arrow}", t.sorted_by, sort_title(k)));
        }
        parts.push(format!(
            "{}: {}",
            t.filter_tier,
            q.tier.map_or(t.all, |x| x.label())
        ));
        parts.push(format!(
            "{}: {}",
            t.filter_status,
            q.status.map_or(t.all, |x| x.label())
        ));
        if q.single_threaded_key {
            parts.push(t.filter_thin.to_string());
        }
        if !self.search.value().is_empty() {
            parts.push(format!(
                "{}: “{}”",
                t.search_label,
                text::sanitize(self.search.value())
            ));
        }
        Line::from(Span::styled(parts.join("  ·  "), theme.dim()))
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        if area.height < 3 {
            return;
        }
        let top = Rect::new(area.x, area.y, area.width, 1);
        frame.render_widget(Paragraph::new(self.summary_line(theme)), top);
        if self.searching {
            let prompt_w = text::width(s().search_prompt) as u16;
            let caret = self.search.visual_cursor() as u16;
            frame.set_cursor_position(Position::new(
                (area.x + prompt_w + caret).min(area.right().saturating_sub(1)),
                area.y,
            ));
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.loaded.is_some() && self.total == 0 {
            self.render_empty(frame, body, theme);
            return;
        }
        if self.shown.is_empty() {
            let msg = vec![
                Line::raw(""),
                Line::styled(s().no_match, theme.header()),
                Line::styled(s().no_match_hint, theme.dim()),
            ];
            frame.render_widget(Paragraph::new(msg).alignment(Alignment::Center), body);
            return;
        }
        let window = self
            .list
            .window(self.shown.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = self.shown[window]
            .iter()
            .map(|&id| match self.rows.draw(id) {
                Some(a) => self.row_cells(a, clock, theme),
                None => vec![TableCell::styled("…", theme.dim())],
            })
            .collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }

    fn render_empty(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        if self.query.archived {
            let lines = vec![Line::raw(""), Line::styled(s().no_archived, theme.dim())];
            frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
        } else {
            render_welcome(frame, area, theme);
        }
    }

    fn row_cells(&self, a: &AccountSummary, clock: &Clock, theme: &Theme) -> Vec<TableCell> {
        let t = s();
        let today = clock.today();
        let tier_style = match a.tier {
            Tier::Key => theme.header(),
            _ => ratatui::style::Style::new(),
        };
        let status_style = match a.status {
            AccountStatus::AtRisk => theme.warn(),
            AccountStatus::Lost => theme.dim(),
            _ => ratatui::style::Style::new(),
        };
        let money = |m: i64| {
            let style = if m < 0 {
                theme.negative()
            } else {
                ratatui::style::Style::new()
            };
            TableCell::styled(crate::strings::money(m, false), style)
        };
        let complaints = match (a.open_complaints, a.oldest_open_complaint) {
            (0, _) => TableCell::styled("0", theme.dim()),
            (n, Some(oldest)) => TableCell::styled(
                format!(
                    "{n} · {}",
                    (s().age_short)(days_between(oldest.date(), today).max(0))
                ),
                theme.warn(),
            ),
            (n, None) => TableCell::new(n.to_string()),
        };
        let last = match a.last_done_visit {
            None => TableCell::styled(t.never, theme.dim()),
            Some(d) => {
                let days = days_between(d, today);
                let style = if days > i64::from(a.visit_cadence_days) {
                    theme.warn()
                } else {
                    ratatui::style::Style::new()
                };
                TableCell::styled((t.days_ago_short)(days), style)
            }
        };
        let next = match a.next_planned_visit {
            None => TableCell::styled(t.none, theme.dim()),
            Some(when) if when < clock.now && when.date() < today => TableCell::styled(
                (t.overdue_short)(days_between(when.date(), today)),
                theme.error(),
            ),
            Some(when) => TableCell::new((t.in_days_short)(days_between(today, when.date()))),
        };
        vec![
            TableCell::new(a.name.clone()),
            TableCell::styled(a.tier.label(), tier_style),
            health_cell(a.health, theme),
            TableCell::new(a.relationship_level.label()),
            TableCell::styled(a.status.label(), status_style),
            TableCell::new(a.owner.clone()),
            money(a.annual_revenue),
            money(a.annual_profit),
            self.breadth_cell(a, theme),
            satisfaction_cell(a, theme),
            complaints,
            last,
            next,
        ]
    }
}

impl AccountsState {
    /// `3d 5t ⚠`: departments reached, current ties, and a warning sign
    /// when the account rests on one person.
    fn breadth_cell(&self, a: &AccountSummary, theme: &Theme) -> TableCell {
        let b = &a.breadth;
        let verdict = b.verdict(&self.thresholds);
        let (mark, style) = match verdict {
            Verdict::SingleThreaded => (" ⚠", theme.warn()),
            Verdict::Narrow => ("", ratatui::style::Style::new()),
            Verdict::Broad => (" ✓", theme.good()),
        };
        TableCell::styled(
            format!("{}{mark}", (s().breadth_cell)(b.departments, b.ties)),
            style,
        )
    }
}

/// What an empty portfolio shows: what kam is for and how to begin.
pub fn render_welcome(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let t = s();
    let mut lines = vec![
        Line::raw(""),
        Line::styled(t.empty_title, theme.header()),
        Line::raw(""),
    ];
    // wrapped to the window, in cells (a Chinese line is twice as wide)
    let w = usize::from(area.width.saturating_sub(2)).max(1);
    lines.extend(
        t.empty_lines
            .iter()
            .flat_map(|l| text::wrap(l, w))
            .map(Line::raw),
    );
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// The health score with its band: colour, and a mark that reads without
/// colour (`!` at risk, `~` watch).
pub fn health_cell(score: Option<u32>, theme: &Theme) -> TableCell {
    match score {
        None => TableCell::styled(s().none, theme.dim()),
        Some(score) => {
            let (mark, style) = match Band::of(score) {
                Band::AtRisk => ("!", theme.error()),
                Band::Watch => ("~", theme.warn()),
                Band::Healthy => (" ", theme.good()),
            };
            TableCell::styled(format!("{score}{mark}"), style)
        }
    }
}

/// `4↑`: the latest overall score and its trend against the ones before.
fn satisfaction_cell(a: &AccountSummary, theme: &Theme) -> TableCell {
    let t = s();
    match a.recent_overall.first() {
        None => TableCell::styled(t.none, theme.dim()),
        Some(&latest) => {
            let arrow = trend(&a.recent_overall).map_or("", |tr| t.trend_arrow[tr as usize]);
            let style = match latest {
                1..=2 => theme.error(),
                4..=5 => theme.good(),
                _ => ratatui::style::Style::new(),
            };
            TableCell::styled(format!("{latest}{arrow}"), style)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountInput;
    use crate::store::Store;
    use crate::tui::App;
    use crate::tui::app::Tab;

    /// The Accounts list of a store holding four accounts.
    fn app() -> App {
        let store = Store::open_in_memory().unwrap();
        let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        for (name, tier, revenue) in [
            ("Harbor Steel", Tier::General, 300),
            ("华东精密机械", Tier::Key, 100),
            ("华南物流", Tier::Important, 200),
            ("acme tools", Tier::Key, 400),
        ] {
            let mut a = AccountInput::new(name, tier);
            a.annual_revenue = revenue;
            a.owner = "Li".into();
            store.add_account(&a, &clock).unwrap();
        }
        let mut app = App::unloaded(store, clock, Theme::plain());
        app.tab = Tab::Accounts;
        app.run(Effect::LoadTab);
        app
    }

    fn names(app: &App) -> Vec<String> {
        let s = &app.accounts;
        let all = app
            .store
            .summaries_of(&s.shown, app.clock.now)
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect::<HashMap<_, _>>();
        s.shown.iter().map(|id| all[id].clone()).collect()
    }

    fn act(app: &mut App, action: Action) -> Option<Effect> {
        let effect = app.accounts.update(action);
        app.settle();
        effect
    }

    fn type_search(app: &mut App, text: &str) {
        for c in text.chars() {
            app.accounts
                .search_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            app.settle();
        }
    }

    #[test]
    fn default_sort_is_by_tier_then_name() {
        assert_eq!(
            names(&app()),
            ["acme tools", "华东精密机械", "华南物流", "Harbor Steel"]
        );
    }

    #[test]
    fn s_cycles_columns_and_reverse_flips() {
        let mut app = app();
        for _ in 0..5 {
            act(&mut app, Action::SortNext); // Health, Level, Status, Owner, Revenue
        }
        assert_eq!(app.accounts.query.sort, Some(SortKey::Revenue));
        assert!(app.accounts.query.descending, "biggest first");
        assert_eq!(
            names(&app),
            ["acme tools", "Harbor Steel", "华南物流", "华东精密机械"]
        );
        act(&mut app, Action::SortReverse);
        assert_eq!(names(&app)[0], "华东精密机械");
    }

    #[test]
    fn every_sort_key_orders_the_list_both_ways() {
        let mut app = app();
        for _ in 0..2 * SortKey::ALL.len() {
            act(&mut app, Action::SortNext);
            assert_eq!(app.accounts.shown_len(), 4);
            act(&mut app, Action::SortReverse);
            assert_eq!(app.accounts.shown_len(), 4);
        }
    }

    #[test]
    fn search_matches_chinese_pinyin_and_latin_ignoring_case() {
        let mut app = app();
        act(&mut app, Action::Search);
        assert!(app.accounts.searching);
        type_search(&mut app, "精密");
        assert_eq!(names(&app), ["华东精密机械"]);
        act(&mut app, Action::SearchCancel);
        assert_eq!(app.accounts.shown_len(), 4);
        act(&mut app, Action::Search);
        type_search(&mut app, "hd");
        assert_eq!(names(&app), ["华东精密机械"]);
        act(&mut app, Action::SearchCancel);
        act(&mut app, Action::Search);
        type_search(&mut app, "STEEL");
        assert_eq!(names(&app), ["Harbor Steel"]);
        act(&mut app, Action::SearchAccept);
        assert!(!app.accounts.searching);
        assert_eq!(
            app.accounts.search_text(),
            "STEEL",
            "Enter keeps the filter"
        );
        act(&mut app, Action::Back);
        assert_eq!(app.accounts.shown_len(), 4, "Esc in the list clears it");
    }

    #[test]
    fn deleting_search_text_widens_the_list_again() {
        let mut app = app();
        act(&mut app, Action::Search);
        type_search(&mut app, "ha");
        assert_eq!(names(&app), ["Harbor Steel"]);
        app.accounts
            .search_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        app.settle();
        // "h": Harbor, and 华 (hua) of both Chinese names
        assert_eq!(app.accounts.shown_len(), 3);
    }

    #[test]
    fn tier_and_status_filters_cycle_back_to_all() {
        let mut app = app();
        act(&mut app, Action::FilterTier);
        assert_eq!(app.accounts.query.tier, Some(Tier::Key));
        assert_eq!(names(&app), ["acme tools", "华东精密机械"]);
        for _ in 0..3 {
            act(&mut app, Action::FilterTier);
        }
        assert_eq!(app.accounts.query.tier, None);
        act(&mut app, Action::FilterStatus);
        assert_eq!(app.accounts.query.status, Some(AccountStatus::Active));
        act(&mut app, Action::FilterStatus);
        assert_eq!(app.accounts.shown_len(), 0);
    }

    #[test]
    fn movement_stays_in_bounds_and_open_returns_the_selected_account() {
        let mut app = app();
        act(&mut app, Action::Up);
        assert_eq!(app.accounts.list.selected, 0);
        act(&mut app, Action::Bottom);
        act(&mut app, Action::Down);
        assert_eq!(app.accounts.list.selected, 3);
        assert_eq!(act(&mut app, Action::Open), Some(Effect::OpenAccount(1)));
        act(&mut app, Action::Top);
        assert_eq!(
            act(&mut app, Action::Edit),
            Some(Effect::EditAccountForm(4))
        );
    }

    #[test]
    fn reloading_keeps_the_selected_account() {
        let mut app = app();
        act(&mut app, Action::Down);
        let id = app.accounts.selected().unwrap().id;
        app.run(Effect::LoadAccounts);
        assert_eq!(app.accounts.selected().unwrap().id, id);
    }

    #[test]
    fn only_the_rows_near_the_window_are_loaded() {
        let store = Store::open_in_memory().unwrap();
        let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        for i in 0..600 {
            let a = AccountInput::new(&format!("Account {i:03}"), Tier::General);
            store.add_account(&a, &clock).unwrap();
        }
        let mut app = App::unloaded(store, clock, Theme::plain());
        app.tab = Tab::Accounts;
        app.run(Effect::LoadTab);
        assert_eq!(app.accounts.shown_len(), 600);
        assert!(
            app.accounts.rows.len() <= 60 + table::MARGIN,
            "{}",
            app.accounts.rows.len()
        );
        act(&mut app, Action::Bottom);
        assert_eq!(app.accounts.selected().unwrap().name, "Account 599");
        assert!(app.accounts.rows.len() <= table::KEEP_ROWS);
    }

    #[test]
    fn archive_asks_for_confirmation() {
        let mut app = app();
        match act(&mut app, Action::Archive) {
            Some(Effect::Confirm { question, .. }) => assert!(question.contains("acme tools")),
            other => panic!("expected a confirmation, got {other:?}"),
        }
    }
}
