//! The History section of the Account view: every recorded change to the
//! account, its contacts, complaints, visits and surveys, newest first —
//! when, who, what, and field by field `old → new`. `h` on a contact,
//! complaint or visit shows that record's part only; `h` here shows all
//! again. Loaded when first shown (`Effect::LoadHistory`).

use crate::domain::text::{fit, sanitize};
use crate::portfolio::journal::{HISTORY_LIMIT, HISTORY_PAGE, HistoryItem};
use crate::strings::s;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::ListView;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// One record whose part of the history is shown: (table, id, name).
pub type Only = (&'static str, i64, String);

#[derive(Default)]
pub struct HistorySection {
    pub list: ListView,
    /// `None` until loaded (after each change it is loaded again).
    items: Option<Vec<HistoryItem>>,
    only: Option<Only>,
    /// How many changes to read; grows as the cursor nears the end.
    limit: u32,
}

/// A line of the section: a change's header or one of its detail lines.
enum Row<'a> {
    Header(&'a HistoryItem),
    Detail(&'a str),
}

impl HistorySection {
    pub fn is_loaded(&self) -> bool {
        self.items.is_some()
    }

    /// How many changes to read: a page at a time, all of them (as far as
    /// History goes) for one record's part.
    pub fn limit(&self) -> u32 {
        match self.only {
            Some(_) => HISTORY_LIMIT,
            None => self.limit.max(HISTORY_PAGE),
        }
    }

    /// Whether older changes exist beyond those read.
    fn more(&self) -> bool {
        self.only.is_none()
            && self
                .items
                .as_ref()
                .is_some_and(|i| i.len() as u64 >= u64::from(self.limit()))
    }

    pub fn set(&mut self, items: Vec<HistoryItem>) {
        self.items = Some(items);
        let n = self.rows().len();
        self.list.clamp(n);
    }

    /// Forgets what was loaded (the account changed).
    pub fn forget(&mut self) {
        self.items = None;
    }

    /// Shows only the part of one record (`None`: the whole account).
    pub fn only(&mut self, only: Option<Only>) {
        self.only = only;
        self.list.top();
    }

    /// The lines shown: each change touching what is shown, its header
    /// then its details (only the record's rows when one is picked).
    fn rows(&self) -> Vec<Row<'_>> {
        let mut out = Vec::new();
        for item in self.items.iter().flatten() {
            let rows: Vec<_> = match &self.only {
                None => item.rows.iter().collect(),
                Some((table, id, _)) if item.about(table, *id) => item
                    .rows
                    .iter()
                    .filter(|r| r.about.contains(&(*table, *id)))
                    .collect(),
                Some(_) => continue,
            };
            out.push(Row::Header(item));
            out.extend(rows.iter().flat_map(|r| &r.lines).map(|l| Row::Detail(l)));
        }
        out
    }

    /// A key; `true` when older changes are to be read (the cursor came
    /// near the end of those read).
    pub fn update(&mut self, action: Action) -> bool {
        if action == Action::History && self.only.is_some() {
            self.only(None);
            return false;
        }
        let headers: Vec<bool> = self
            .rows()
            .iter()
            .map(|r| matches!(r, Row::Header(_)))
            .collect();
        self.list
            .navigate_rows(action, headers.len(), |i| headers[i]);
        let near_end = self.list.selected + self.list.page().unsigned_abs() >= headers.len();
        if matches!(action, Action::Down | Action::PageDown | Action::Bottom)
            && near_end
            && self.more()
        {
            self.limit = self.limit() + HISTORY_PAGE;
            self.items = None;
            return true;
        }
        false
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let t = s();
        let mut top = Vec::new();
        if let Some((_, _, name)) = &self.only {
            top.push(Line::styled((t.history_of)(name), theme.header()));
        }
        let rows = self.rows();
        if self.items.is_some() && rows.is_empty() {
            top.push(Line::styled(t.no_history, theme.dim()));
        }
        let body_h = (area.height as usize).saturating_sub(top.len());
        let window = self.list.window(rows.len(), body_h);
        let w = usize::from(area.width);
        let mut lines = top;
        for (k, row) in rows[window.clone()].iter().enumerate() {
            let selected = window.start + k == self.list.selected;
            lines.push(match row {
                Row::Header(item) => {
                    let style = if selected {
                        theme.selected()
                    } else if item.entry.undone {
                        theme.dim()
                    } else {
                        theme.header()
                    };
                    Line::styled(fit(&sanitize(&item.header), w), style)
                }
                Row::Detail(text) => Line::raw(fit(&format!("    {}", sanitize(text)), w)),
            });
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
