//! The Complaints screen: every unresolved complaint of the portfolio,
//! oldest first, with its age, ageing bucket, response target and breach;
//! a bar chart of the buckets on top. Status changes and forwarding are one
//! key away. The row cells and the keys are shared with the complaints
//! section of the Account view.

use crate::domain::complaint::{Bucket, TargetState};
use crate::domain::text::sanitize;
use crate::domain::{Clock, ComplaintCategory, ComplaintStatus, ForwardedTo, Severity, Tier};
use crate::portfolio::complaints::{Aged, ComplaintRow, Filter, Keyed};
use crate::portfolio::{Portfolio, Result};
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::search::SearchBox;
use crate::tui::widgets::table::{self, Column, ListView, RowCache, TableCell};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};
use std::collections::HashMap;

/// The Complaints list. It holds the key of every complaint (to filter,
/// count and chart them) and reads the full rows only around its window.
#[derive(Default)]
pub struct ComplaintsState {
    keys: Vec<Keyed>,
    /// The ids of the complaints shown, in order: `keys` filtered.
    shown: Vec<i64>,
    rows: RowCache<Aged>,
    pub list: ListView,
    pub filter: Filter,
    pub include_resolved: bool,
    loaded: bool,
    /// `/`: summary, details, resolution or account name containing it.
    pub search: SearchBox,
    /// What `/` searches of each complaint, lowercased; read at the first
    /// search keystroke, forgotten with the list.
    texts: Option<HashMap<i64, String>>,
}

impl ComplaintsState {
    /// Replaces the list after a load, keeping the selected complaint;
    /// the rows are read again as they are drawn.
    pub fn set_keys(&mut self, keys: Vec<Keyed>) {
        let keep = self.selected_id();
        self.keys = keys;
        self.rows.clear();
        self.texts = None;
        self.loaded = true;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// The complaints to read in full before drawing: those near the
    /// window, and the oldest open one (named above the list).
    pub fn wanted(&self) -> Vec<i64> {
        let mut ids = self.rows.wanted(&self.shown, &self.list);
        if let Some(o) = self.oldest()
            && self.rows.get(o.key.id).is_none()
            && !ids.contains(&o.key.id)
        {
            ids.push(o.key.id);
        }
        ids
    }

    pub fn add_rows(&mut self, rows: Vec<Aged>) {
        let rows = rows.into_iter().map(|a| (a.row.id, a));
        self.rows.add(&self.shown, &self.list, rows);
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    pub fn select_id(&mut self, id: i64) {
        if let Some(pos) = self.shown.iter().position(|&x| x == id) {
            self.list.selected = pos;
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.shown.get(self.list.selected).copied()
    }

    /// The selected complaint, when its row is read (it is after every
    /// key: the app reads what the window needs).
    pub fn selected(&self) -> Option<&Aged> {
        self.selected_id().and_then(|id| self.rows.get(id))
    }

    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.list.top();
        self.refilter();
    }

    fn refilter(&mut self) {
        let f = &self.filter;
        let needle = self.search.value().trim().to_lowercase();
        let texts = self.texts.as_ref();
        let found = |id: i64| {
            needle.is_empty()
                || texts
                    .and_then(|t| t.get(&id))
                    .is_some_and(|t| t.contains(&needle))
        };
        self.shown = self
            .keys
            .iter()
            .filter(|k| f.passes(k) && found(k.key.id))
            .map(|k| k.key.id)
            .collect();
        self.list.clamp(self.shown.len());
    }

    /// Whether the search needs the complaints' texts read first.
    fn needs_texts(&self) -> bool {
        !self.search.value().trim().is_empty() && self.texts.is_none()
    }

    /// The unresolved complaints.
    fn open(&self) -> impl Iterator<Item = &Keyed> {
        self.keys.iter().filter(|a| a.key.status.is_unresolved())
    }

    /// The oldest unresolved complaint.
    fn oldest(&self) -> Option<&Keyed> {
        self.open().max_by_key(|a| a.age)
    }
}

impl Screen for ComplaintsState {
    fn title(&self) -> &'static str {
        s().tab_complaints
    }

    fn context(&self) -> Ctx {
        if self.search.typing {
            Ctx::Search
        } else {
            Ctx::Complaints
        }
    }

    fn load(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<()> {
        let keys = portfolio.complaint_list(self.include_resolved, clock.now)?;
        self.set_keys(keys);
        self.settle(portfolio, clock)?;
        Ok(())
    }

    /// Reads the complaints the list is about to draw.
    fn settle(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<bool> {
        let mut read = false;
        if self.needs_texts() {
            let ids: Vec<i64> = self.keys.iter().map(|k| k.key.id).collect();
            self.texts = Some(
                portfolio
                    .complaint_search_texts(&ids)?
                    .into_iter()
                    .collect(),
            );
            self.refilter();
            read = true;
        }
        let wanted = self.wanted();
        if wanted.is_empty() {
            return Ok(read);
        }
        let rows = portfolio.complaints(&wanted, clock.now)?;
        self.add_rows(rows);
        Ok(true)
    }

    fn lacked_rows(&self) -> bool {
        self.rows.lacked()
    }

    fn search_key(&mut self, ev: KeyEvent) {
        if self.search.key(ev) {
            self.list.top();
            self.refilter();
        }
    }

    fn search_paste(&mut self, text: &str) {
        self.search.paste(text);
        self.list.top();
        self.refilter();
    }

    fn update(&mut self, action: Action) -> Option<Effect> {
        let len = self.shown.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Add => return Some(Effect::PickAccountToLogComplaint),
            Action::Filter => return Some(Effect::ComplaintFilterForm),
            Action::ToggleResolved => {
                self.include_resolved = !self.include_resolved;
                return Some(Effect::LoadComplaints);
            }
            Action::Search => {
                self.search.start();
                self.list.top();
                self.refilter();
            }
            Action::SearchAccept => self.search.accept(),
            Action::SearchCancel => {
                self.search.clear();
                self.refilter();
            }
            Action::Back if !self.search.value().is_empty() => {
                self.search.clear();
                self.refilter();
            }
            Action::Back if self.filter != Filter::default() => {
                self.set_filter(Filter::default());
            }
            _ => return self.selected().and_then(|a| row_action(action, &a.row)),
        }
        None
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _clock: &Clock) {
        let t = s();
        if area.height < 10 {
            return;
        }
        let chart_h = 7;
        self.render_summary(frame, Rect::new(area.x, area.y, area.width, chart_h), theme);
        let line = Rect::new(area.x, area.y + chart_h, area.width, 1);
        frame.render_widget(Paragraph::new(self.filter_line(theme)), line);
        if self.search.typing {
            self.search.place_cursor(frame, line);
        }
        let body = Rect::new(
            area.x,
            area.y + chart_h + 1,
            area.width,
            area.height - chart_h - 1,
        );
        if self.shown.is_empty() {
            let msg = if self.loaded && self.keys.is_empty() {
                t.no_open_complaints
            } else {
                t.no_complaint_matches
            };
            frame.render_widget(
                Paragraph::new(vec![Line::raw(""), Line::styled(msg, theme.dim())])
                    .alignment(Alignment::Center),
                body,
            );
            return;
        }
        let window = self
            .list
            .window(self.shown.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = self.shown[window]
            .iter()
            .map(|&id| match self.rows.draw(id) {
                Some(a) => cells(a, true, theme),
                None => vec![TableCell::styled("…", theme.dim())],
            })
            .collect();
        table::render(frame, body, &columns(true), rows, selected, theme);
    }
}

impl ComplaintsState {
    /// The bar chart of open complaints per bucket, the breaches and the
    /// oldest open complaint.
    fn render_summary(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let t = s();
        let open: Vec<&Keyed> = self.open().collect();
        // every bar as wide as the widest bucket's name (0–2 d … 15–30 d)
        let bar_w = table::widest_label(&Bucket::ALL).max(5);
        let chart_w = (area.width / 2)
            .clamp(38, 47)
            .max(5 * bar_w + 4 + 2)
            .min(area.width);
        let chart = Rect::new(area.x, area.y, chart_w, area.height);
        render_buckets(frame, chart, &open, theme);

        let breaches = open.iter().filter(|a| a.target.is_breach()).count();
        let oldest = self.oldest();
        let mut lines = vec![
            Line::from(vec![
                Span::styled(crate::domain::text::fit(t.open_label, 14), theme.header()),
                Span::raw(open.len().to_string()),
            ]),
            Line::from(vec![
                Span::styled(
                    crate::domain::text::fit(t.breaches_label, 14),
                    theme.header(),
                ),
                Span::styled(
                    breaches.to_string(),
                    if breaches > 0 {
                        theme.error()
                    } else {
                        theme.good()
                    },
                ),
            ]),
        ];
        let right = Rect::new(
            area.x + chart_w + 2,
            area.y + 1,
            area.width.saturating_sub(chart_w + 2),
            area.height.saturating_sub(1),
        );
        if let Some(o) = oldest {
            let age = crate::strings::short_age(o.age);
            let room =
                usize::from(right.width).saturating_sub(14 + crate::domain::text::width(&age));
            let what = self.rows.draw(o.key.id).map_or(String::new(), |a| {
                let what = format!(
                    " · {} · {}",
                    sanitize(&a.row.account_name),
                    sanitize(&a.row.summary)
                );
                crate::domain::text::truncate(&what, room).into_owned()
            });
            lines.push(Line::from(vec![
                Span::styled(crate::domain::text::fit(t.oldest_label, 14), theme.header()),
                Span::styled(age, theme.warn()),
                Span::raw(what),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), right);
    }

    fn filter_line(&self, theme: &Theme) -> Line<'static> {
        let t = s();
        let f = &self.filter;
        let count = (t.complaints_count)(self.shown.len(), self.keys.len(), self.include_resolved);
        if self.search.typing {
            let [prompt, typed] = self.search.spans(theme);
            return Line::from(vec![
                prompt,
                typed,
                Span::styled(format!("   {count}"), theme.dim()),
            ]);
        }
        let mut parts = vec![(t.complaints_count)(
            self.shown.len(),
            self.keys.len(),
            self.include_resolved,
        )];
        let mut add = |label: &str, value: Option<&str>| {
            if let Some(v) = value {
                parts.push(crate::strings::labelled(label, v));
            }
        };
        add(t.col_bucket, f.bucket.map(|b| b.label()));
        add(t.col_severity, f.severity.map(|x| x.label()));
        add(t.col_category, f.category.map(|x| x.label()));
        add(t.col_status, f.status.map(|x| x.label()));
        add(t.col_account, f.account.as_ref().map(|(_, n)| n.as_str()));
        let searched = format!("“{}”", self.search.value());
        add(
            t.search_label,
            (!self.search.value().is_empty()).then_some(searched.as_str()),
        );
        Line::styled(sanitize(&parts.join("  ·  ")).into_owned(), theme.dim())
    }
}

/// The bar chart of open complaints per ageing bucket.
fn render_buckets(frame: &mut Frame<'_>, area: Rect, open: &[&Keyed], theme: &Theme) {
    let label_w = table::widest_label(&Bucket::ALL).max(5);
    let bar_w = (area.width.saturating_sub(2 + 4) / 5).clamp(label_w, label_w.max(7));
    let bars: Vec<Bar> = Bucket::ALL
        .iter()
        .map(|b| {
            let n = open.iter().filter(|a| a.bucket == *b).count() as u64;
            let style = match b {
                Bucket::UpTo2 | Bucket::UpTo7 => theme.good(),
                Bucket::UpTo14 => theme.warn(),
                _ => theme.error(),
            };
            Bar::default()
                .value(n)
                .label(Line::from(b.label()))
                .text_value(n.to_string())
                .style(style)
        })
        .collect();
    let chart = BarChart::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(
                    format!(" {} ", s().chart_title),
                    theme.header(),
                )),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_w)
        .bar_gap(1)
        .value_style(theme.selected());
    frame.render_widget(chart, area);
}

/// The keys that act on one complaint, shared by every complaint list.
pub fn row_action(action: Action, row: &ComplaintRow) -> Option<Effect> {
    let status = |to| {
        Some(Effect::SetComplaintStatus {
            id: row.id,
            to,
            resolution: None,
        })
    };
    let record = crate::portfolio::records::RecordRef::Complaint(row.id);
    match action {
        Action::Open => Some(Effect::OpenRecord(record)),
        Action::OpenAccountOf => Some(Effect::OpenAccountComplaint(row.account_id, row.id)),
        Action::Edit => Some(Effect::EditComplaintForm(row.id)),
        Action::Delete => Some(Effect::AskDelete(record)),
        Action::MarkInProgress => status(ComplaintStatus::InProgress),
        Action::MarkWaiting => status(ComplaintStatus::WaitingCustomer),
        Action::MarkClosed => status(ComplaintStatus::Closed),
        Action::Reopen => status(ComplaintStatus::Open),
        Action::Resolve => Some(Effect::ResolveForm(row.id)),
        Action::Forward => Some(Effect::ForwardForm(row.id)),
        _ => None,
    }
}

/// The columns of a complaint list (with or without the account).
pub fn columns(with_account: bool) -> Vec<Column> {
    let t = s();
    let age = table::age_width();
    let target = table::widest(
        table::widest_ages()
            .iter()
            .flat_map(|a| [(t.target_left)(a), (t.target_over)(a), (t.target_late)(a)])
            .chain([t.target_in_time.to_string()]),
    );
    let forwarded = table::widest_label(ForwardedTo::ALL).max(table::widest([t.none]));
    let mut cols = vec![
        Column::fixed(
            t.col_opened,
            table::DATE_WIDTH,
            if with_account { 0 } else { 5 },
        ),
        Column::fixed(t.col_age, age, 9).right(),
        Column::fixed(t.col_bucket, table::widest_label(&Bucket::ALL), 4),
    ];
    if with_account {
        cols.push(Column::flexible(t.col_account, 10).prefer(16));
        cols.push(Column::fixed(t.col_tier, table::widest_label(Tier::ALL), 2));
    }
    cols.extend([
        Column::fixed(t.col_severity, table::widest_label(Severity::ALL), 8),
        Column::fixed(
            t.col_category,
            table::widest_label(ComplaintCategory::ALL),
            2,
        ),
        Column::flexible(t.col_summary, 12).prefer(20),
        Column::fixed(t.col_status, table::widest_label(ComplaintStatus::ALL), 6),
        Column::fixed(t.col_forwarded, forwarded, 3),
        Column::fixed(t.col_target, target, 7),
    ]);
    cols
}

/// One complaint as table cells, matching `columns(with_account)`.
pub fn cells(a: &Aged, with_account: bool, theme: &Theme) -> Vec<TableCell> {
    let t = s();
    let r = &a.row;
    let done = !r.status.is_unresolved();
    let base = if done { theme.dim() } else { Style::new() };
    let cell = |text: String| TableCell::styled(text, base);
    let severity_style = match (done, r.severity) {
        (true, _) => theme.dim(),
        (_, Severity::Critical) => theme.error(),
        (_, Severity::High) => theme.warn(),
        _ => Style::new(),
    };
    let age_style = match (done, a.bucket) {
        (true, _) => theme.dim(),
        (_, Bucket::UpTo2 | Bucket::UpTo7) => Style::new(),
        (_, Bucket::UpTo14) => theme.warn(),
        _ => theme.error(),
    };
    let target = match a.target {
        TargetState::Open { left } => {
            TableCell::new((t.target_left)(&crate::strings::short_age(left)))
        }
        TargetState::Breached { by } => TableCell::styled(
            (t.target_over)(&crate::strings::short_age(by)),
            theme.error(),
        ),
        TargetState::ResolvedInTime => TableCell::styled(t.target_in_time, theme.dim()),
        TargetState::ResolvedLate { by } => TableCell::styled(
            (t.target_late)(&crate::strings::short_age(by)),
            theme.warn(),
        ),
    };
    let mut out = vec![
        cell(r.opened_at.format("%Y-%m-%d").to_string()),
        TableCell::styled(crate::strings::short_age(a.age), age_style),
        cell(a.bucket.label().to_string()),
    ];
    if with_account {
        out.push(cell(r.account_name.clone()));
        out.push(TableCell::styled(
            r.tier.label(),
            if r.tier == Tier::Key && !done {
                theme.header()
            } else {
                base
            },
        ));
    }
    out.extend([
        TableCell::styled(r.severity.label(), severity_style),
        cell(r.category.label().to_string()),
        cell(r.summary.clone()),
        cell(r.status.label().to_string()),
        cell(r.forwarded_to.map_or(t.none, |f| f.label()).to_string()),
        target,
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountInput, ComplaintInput};
    use crate::store::Store;
    use crate::tui::App;
    use crate::tui::app::Tab;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    /// Issue 19, item 13: `/` on the Complaints screen searches summary,
    /// details and the account, and starts afresh every time.
    #[test]
    fn search_finds_complaints_by_summary_details_and_account() {
        let store = Store::open_in_memory().unwrap();
        let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let a = store
            .add_account(&AccountInput::new("华东精密机械", Tier::Key), &clock)
            .unwrap();
        let b = store
            .add_account(&AccountInput::new("Harbor Steel", Tier::General), &clock)
            .unwrap();
        let complaint = |account, summary: &str, details: &str| {
            let input = ComplaintInput {
                contact_id: None,
                opened_at: clock.now - chrono::Duration::days(2),
                category: ComplaintCategory::Delivery,
                severity: Severity::Medium,
                summary: summary.into(),
                details: details.into(),
                forwarded_to: None,
            };
            store.add_complaint(account, &input, &clock).unwrap()
        };
        let late = complaint(a, "交货延期", "第二批货晚到三天");
        let rust = complaint(b, "Rust on the coils", "Found by the Quality team");
        let mut app = App::unloaded(store, clock, Theme::plain());
        app.tab = Tab::Complaints;
        app.run(Effect::LoadTab);
        let search = |app: &mut App, text: &str| {
            app.tabs.complaints.update(Action::Search);
            for c in text.chars() {
                let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
                app.tabs.complaints.search_key(ev);
                app.settle();
            }
            app.tabs.complaints.shown.clone()
        };
        assert_eq!(search(&mut app, "延期"), [late], "summary");
        assert_eq!(search(&mut app, "三天"), [late], "details, a new search");
        assert_eq!(search(&mut app, "quality"), [rust], "any case");
        assert_eq!(search(&mut app, "harbor"), [rust], "the account");
        assert!(search(&mut app, "nothing like it").is_empty());
        app.tabs.complaints.update(Action::SearchCancel);
        assert_eq!(app.tabs.complaints.shown.len(), 2, "Esc clears it");
    }
}
