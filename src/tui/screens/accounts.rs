//! The Accounts screen: the portfolio as a list, sorted, filtered and
//! searched in memory (one query loads the figures of every account; each
//! keypress only re-sorts or re-filters indices) and drawn one window of
//! rows at a time.

use crate::domain::breadth::{Thresholds, Verdict};
use crate::domain::clock::days_between;
use crate::domain::health::{Band, Health};
use crate::domain::pinyin;
use crate::domain::survey::trend;
use crate::domain::text::{self, clean_input};
use crate::domain::{AccountStatus, AccountSummary, Clock, Tier};
use crate::strings::{Label, s};
use crate::tui::Effect;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, TableCell};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cmp::Ordering;
use tui_input::{Input, InputRequest};

/// The columns the list can be sorted by, in the order `s` cycles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Tier,
    Health,
    Level,
    Status,
    Owner,
    Revenue,
    Profit,
    Breadth,
    Satisfaction,
    Complaints,
    LastVisit,
    NextVisit,
}

impl SortKey {
    const ALL: [SortKey; 13] = [
        SortKey::Name,
        SortKey::Tier,
        SortKey::Health,
        SortKey::Level,
        SortKey::Status,
        SortKey::Owner,
        SortKey::Revenue,
        SortKey::Profit,
        SortKey::Breadth,
        SortKey::Satisfaction,
        SortKey::Complaints,
        SortKey::LastVisit,
        SortKey::NextVisit,
    ];

    fn title(self) -> &'static str {
        let t = s();
        match self {
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

    /// Columns where the biggest or most urgent comes first by default.
    fn descending_by_default(self) -> bool {
        matches!(
            self,
            SortKey::Level | SortKey::Revenue | SortKey::Profit | SortKey::Complaints
        )
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
    rows: Vec<AccountSummary>,
    /// The health of each row, in the same order.
    health: Vec<Health>,
    /// Lower-case names, computed once per load for search and sorting.
    names: Vec<String>,
    /// Indices into `rows` after filtering and sorting.
    shown: Vec<usize>,
    pub list: ListView,
    pub sort: Option<SortKey>,
    pub descending: bool,
    pub tier: Option<Tier>,
    pub status: Option<AccountStatus>,
    /// Only key accounts resting on one person.
    pub single_threaded_key: bool,
    /// Breadth thresholds, from the settings.
    pub thresholds: Thresholds,
    /// Showing archived accounts instead of the active ones.
    pub archived: bool,
    search: Input,
    pub searching: bool,
    loaded: bool,
}

impl AccountsState {
    pub fn new() -> AccountsState {
        AccountsState {
            sort: Some(SortKey::Tier),
            ..AccountsState::default()
        }
    }

    /// Replaces the rows (after a load) keeping the selected account.
    /// `health` is in the order of `rows`.
    pub fn set_rows(&mut self, rows: Vec<AccountSummary>, health: Vec<Health>) {
        let keep = self.selected().map(|a| a.id);
        self.names = rows.iter().map(|r| r.name.to_lowercase()).collect();
        self.rows = rows;
        self.health = health;
        self.loaded = true;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// After a change to one account: its new row and health (`None`: it
    /// left this list, e.g. archived), without reloading the others.
    pub fn patch(&mut self, id: i64, row: Option<(AccountSummary, Health)>) {
        let keep = self.selected().map(|a| a.id);
        let at = self.rows.iter().position(|r| r.id == id);
        match (at, row) {
            (Some(i), Some((r, h))) => {
                self.names[i] = r.name.to_lowercase();
                self.rows[i] = r;
                self.health[i] = h;
            }
            (None, Some((r, h))) => {
                self.names.push(r.name.to_lowercase());
                self.rows.push(r);
                self.health.push(h);
            }
            (Some(i), None) => {
                self.names.remove(i);
                self.rows.remove(i);
                self.health.remove(i);
            }
            (None, None) => {}
        }
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    pub fn select_id(&mut self, id: i64) {
        if let Some(pos) = self.shown.iter().position(|&i| self.rows[i].id == id) {
            self.list.selected = pos;
        }
    }

    pub fn selected(&self) -> Option<&AccountSummary> {
        self.shown.get(self.list.selected).map(|&i| &self.rows[i])
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    pub fn search_text(&self) -> &str {
        self.search.value()
    }

    fn refilter(&mut self) {
        let needle = self.search.value().to_string();
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.tier.is_none_or(|t| r.tier == t)
                    && self.status.is_none_or(|st| r.status == st)
                    && (!self.single_threaded_key
                        || (r.tier == Tier::Key
                            && r.breadth.verdict(&self.thresholds) == Verdict::SingleThreaded))
                    && pinyin::matches(&r.name, &r.name_search, &needle)
            })
            .collect();
        if let Some(key) = self.sort {
            shown.sort_by(|&a, &b| {
                let o = self.compare(key, a, b);
                let o = if self.descending { o.reverse() } else { o };
                o.then_with(|| self.names[a].cmp(&self.names[b]))
            });
        }
        self.shown = shown;
        self.list.clamp(self.shown.len());
    }

    fn health_of(&self, i: usize) -> u32 {
        self.health.get(i).map_or(0, |h| h.score)
    }

    /// The health of the selected account.
    pub fn selected_health(&self) -> Option<&Health> {
        self.shown
            .get(self.list.selected)
            .and_then(|&i| self.health.get(i))
    }

    fn compare(&self, key: SortKey, a: usize, b: usize) -> Ordering {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        // missing dates sort last in ascending order
        fn opt<T: Ord>(x: &Option<T>, y: &Option<T>) -> Ordering {
            match (x, y) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        match key {
            SortKey::Name => self.names[a].cmp(&self.names[b]),
            SortKey::Tier => x.tier.cmp(&y.tier),
            // the least healthy first
            SortKey::Health => self.health_of(a).cmp(&self.health_of(b)),
            SortKey::Level => x.relationship_level.cmp(&y.relationship_level),
            SortKey::Status => x.status.cmp(&y.status),
            SortKey::Owner => x.owner.to_lowercase().cmp(&y.owner.to_lowercase()),
            SortKey::Revenue => x.annual_revenue.cmp(&y.annual_revenue),
            SortKey::Profit => x.annual_profit.cmp(&y.annual_profit),
            // single-threaded first, then the fewest departments and ties
            SortKey::Breadth => {
                let key = |r: &AccountSummary| {
                    (
                        r.breadth.verdict(&self.thresholds),
                        r.breadth.departments,
                        r.breadth.ties,
                    )
                };
                key(x).cmp(&key(y))
            }
            SortKey::Complaints => x
                .open_complaints
                .cmp(&y.open_complaints)
                // more open first, then the oldest first
                .then_with(|| opt(&y.oldest_open_complaint, &x.oldest_open_complaint)),
            // longest since the last visit first; never visited before all
            SortKey::LastVisit => match (x.last_done_visit, y.last_done_visit) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(p), Some(q)) => p.cmp(&q),
            },
            SortKey::NextVisit => opt(&x.next_planned_visit, &y.next_planned_visit),
            // the least satisfied first; never surveyed last
            SortKey::Satisfaction => opt(&x.recent_overall.first(), &y.recent_overall.first()),
        }
    }

    /// A list action; returns what the app must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let len = self.shown.len();
        match action {
            Action::Down => self.list.move_by(1, len),
            Action::Up => self.list.move_by(-1, len),
            Action::PageDown => self.list.move_by(self.list.page(), len),
            Action::PageUp => self.list.move_by(-self.list.page(), len),
            Action::Top => self.list.top(),
            Action::Bottom => self.list.bottom(len),
            Action::Open => return self.selected().map(|a| Effect::OpenAccount(a.id)),
            Action::Search => self.searching = true,
            Action::Add => return Some(Effect::NewAccountForm),
            Action::Edit => return self.selected().map(|a| Effect::EditAccountForm(a.id)),
            Action::Survey => {
                return self.selected().map(|a| Effect::SurveyForm {
                    account_id: a.id,
                    id: None,
                });
            }
            Action::Schedule => {
                return self.selected().map(|a| Effect::ScheduleVisitForm {
                    account_id: a.id,
                    prefill: Default::default(),
                });
            }
            Action::Archive | Action::Unarchive => {
                let archive = action == Action::Archive;
                let a = self.selected()?;
                return Some(Effect::archive(a.id, &a.name, a.archived, archive));
            }
            Action::SortNext => {
                let next = match self.sort {
                    None => SortKey::Name,
                    Some(k) => {
                        let i = SortKey::ALL.iter().position(|x| *x == k).unwrap_or(0);
                        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
                    }
                };
                self.sort = Some(next);
                self.descending = next.descending_by_default();
                self.refilter();
            }
            Action::SortReverse => {
                self.descending = !self.descending;
                self.refilter();
            }
            Action::FilterTier => {
                self.tier = cycle(self.tier, Tier::ALL);
                self.refilter();
            }
            Action::FilterStatus => {
                self.status = cycle(self.status, AccountStatus::ALL);
                self.refilter();
            }
            Action::FilterThin => {
                self.single_threaded_key = !self.single_threaded_key;
                self.list.top();
                self.refilter();
            }
            Action::ToggleArchived => {
                self.archived = !self.archived;
                self.list.top();
                return Some(Effect::LoadAccounts);
            }
            Action::Back if !self.search.value().is_empty() => {
                self.search.reset();
                self.refilter();
            }
            Action::Back if self.archived => {
                self.archived = false;
                return Some(Effect::LoadAccounts);
            }
            Action::SearchAccept => self.searching = false,
            Action::SearchCancel => {
                self.searching = false;
                self.search.reset();
                self.refilter();
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
        self.refilter();
    }

    pub fn search_paste(&mut self, pasted: &str) {
        for c in clean_input(pasted, false).chars() {
            self.search.handle(InputRequest::InsertChar(c));
        }
        self.list.top();
        self.refilter();
    }

    /// The line above the table: counts, sort and filters, or the prompt.
    fn summary_line(&self, theme: &Theme) -> Line<'static> {
        let t = s();
        if self.searching {
            return Line::from(vec![
                Span::styled(t.search_prompt, theme.key()),
                Span::raw(text::sanitize(self.search.value()).into_owned()),
                Span::styled(
                    format!(
                        "   {}",
                        (t.accounts_count)(self.shown.len(), self.rows.len())
                    ),
                    theme.dim(),
                ),
            ]);
        }
        let mut parts = vec![(t.accounts_count)(self.shown.len(), self.rows.len())];
        if self.archived {
            parts[0] = format!("{} ({})", parts[0], t.archived_view);
        }
        if let Some(k) = self.sort {
            let arrow = if self.descending { "↓" } else { "↑" };
            parts.push(format!("{} {} {arrow}", t.sorted_by, k.title()));
        }
        parts.push(format!(
            "{}: {}",
            t.filter_tier,
            self.tier.map_or(t.all, |x| x.label())
        ));
        parts.push(format!(
            "{}: {}",
            t.filter_status,
            self.status.map_or(t.all, |x| x.label())
        ));
        if self.single_threaded_key {
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
        if self.loaded && self.rows.is_empty() {
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
            .map(|&i| self.row_cells(&self.rows[i], self.health.get(i), clock, theme))
            .collect();
        table::render(frame, body, &columns(), rows, selected, theme);
    }

    fn render_empty(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        if self.archived {
            let lines = vec![Line::raw(""), Line::styled(s().no_archived, theme.dim())];
            frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
        } else {
            render_welcome(frame, area, theme);
        }
    }

    fn row_cells(
        &self,
        a: &AccountSummary,
        health: Option<&Health>,
        clock: &Clock,
        theme: &Theme,
    ) -> Vec<TableCell> {
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
            health_cell(health, theme),
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
pub fn health_cell(health: Option<&Health>, theme: &Theme) -> TableCell {
    match health {
        None => TableCell::styled(s().none, theme.dim()),
        Some(h) => {
            let (mark, style) = match h.band {
                Band::AtRisk => ("!", theme.error()),
                Band::Watch => ("~", theme.warn()),
                Band::Healthy => (" ", theme.good()),
            };
            TableCell::styled(format!("{}{mark}", h.score), style)
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
    use crate::domain::RelationshipLevel;

    fn summary(id: i64, name: &str, tier: Tier, revenue: i64) -> AccountSummary {
        AccountSummary {
            name_search: crate::domain::pinyin::search_form(name),
            id,
            uid: format!("u{id}"),
            name: name.into(),
            tier,
            relationship_level: RelationshipLevel::Responsible,
            status: AccountStatus::Active,
            owner: "Li".into(),
            annual_revenue: revenue,
            annual_profit: revenue / 10,
            visit_cadence_days: 14,
            archived: false,
            overdue_planned: 0,
            recent_overall: vec![],
            breadth: Default::default(),
            open_complaints: 0,
            oldest_open_complaint: None,
            last_done_visit: None,
            next_planned_visit: None,
        }
    }

    fn state() -> AccountsState {
        let mut s = AccountsState::new();
        s.set_rows(
            vec![
                summary(1, "Harbor Steel", Tier::General, 300),
                summary(2, "华东精密机械", Tier::Key, 100),
                summary(3, "华南物流", Tier::Important, 200),
                summary(4, "acme tools", Tier::Key, 400),
            ],
            vec![],
        );
        s
    }

    fn names(s: &AccountsState) -> Vec<&str> {
        s.shown.iter().map(|&i| s.rows[i].name.as_str()).collect()
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn default_sort_is_by_tier_then_name() {
        assert_eq!(
            names(&state()),
            ["acme tools", "华东精密机械", "华南物流", "Harbor Steel"]
        );
    }

    #[test]
    fn s_cycles_columns_and_reverse_flips() {
        let mut s = state();
        s.update(Action::SortNext); // Health
        s.update(Action::SortNext); // Level
        s.update(Action::SortNext); // Status
        s.update(Action::SortNext); // Owner
        s.update(Action::SortNext); // Revenue, biggest first
        assert_eq!(s.sort, Some(SortKey::Revenue));
        assert_eq!(
            names(&s),
            ["acme tools", "Harbor Steel", "华南物流", "华东精密机械"]
        );
        s.update(Action::SortReverse);
        assert_eq!(names(&s)[0], "华东精密机械");
    }

    #[test]
    fn search_matches_chinese_and_latin_substrings_ignoring_case() {
        let mut s = state();
        s.update(Action::Search);
        assert!(s.searching);
        for c in "精密".chars() {
            s.search_key(key(c));
        }
        assert_eq!(names(&s), ["华东精密机械"]);
        s.update(Action::SearchCancel);
        assert_eq!(s.shown_len(), 4);
        s.update(Action::Search);
        for c in "STEEL".chars() {
            s.search_key(key(c));
        }
        assert_eq!(names(&s), ["Harbor Steel"]);
        s.update(Action::SearchAccept);
        assert!(!s.searching);
        assert_eq!(s.search_text(), "STEEL", "Enter keeps the filter");
        s.update(Action::Back);
        assert_eq!(s.shown_len(), 4, "Esc in the list clears it");
    }

    #[test]
    fn tier_and_status_filters_cycle_back_to_all() {
        let mut s = state();
        s.update(Action::FilterTier);
        assert_eq!(s.tier, Some(Tier::Key));
        assert_eq!(names(&s), ["acme tools", "华东精密机械"]);
        for _ in 0..3 {
            s.update(Action::FilterTier);
        }
        assert_eq!(s.tier, None);
        s.update(Action::FilterStatus);
        assert_eq!(s.status, Some(AccountStatus::Active));
        s.update(Action::FilterStatus);
        assert_eq!(s.shown_len(), 0);
    }

    #[test]
    fn movement_stays_in_bounds_and_open_returns_the_selected_account() {
        let mut s = state();
        s.update(Action::Up);
        assert_eq!(s.list.selected, 0);
        s.update(Action::Bottom);
        s.update(Action::Down);
        assert_eq!(s.list.selected, 3);
        assert_eq!(s.update(Action::Open), Some(Effect::OpenAccount(1)));
        s.update(Action::Top);
        assert_eq!(s.update(Action::Edit), Some(Effect::EditAccountForm(4)));
    }

    #[test]
    fn reloading_keeps_the_selected_account() {
        let mut s = state();
        s.update(Action::Down);
        let id = s.selected().unwrap().id;
        let rows = s.rows.clone();
        s.set_rows(rows, vec![]);
        assert_eq!(s.selected().unwrap().id, id);
    }

    #[test]
    fn archive_asks_for_confirmation() {
        let mut s = state();
        match s.update(Action::Archive) {
            Some(Effect::Confirm { question, .. }) => assert!(question.contains("acme tools")),
            other => panic!("expected a confirmation, got {other:?}"),
        }
    }
}
