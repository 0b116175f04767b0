//! Tables measured in terminal cells: columns that drop out by priority when
//! the terminal is narrow, text fitted with `domain::text::fit`, and a
//! scroll state that hands the renderer only the visible window of rows.

use crate::domain::text::{fit, fit_right};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Table};
use std::cell::Cell;
use std::ops::Range;

/// One column: a fixed width in cells, or flexible (`width == 0`, taking
/// what is left, at least `min`). Lower `priority` columns are dropped first
/// when the table does not fit.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: u16,
    pub min: u16,
    /// A flexible column's preferred width, worth dropping the columns of
    /// priority `LOW` or less for.
    pub want: u16,
    pub right: bool,
    pub priority: u8,
}

impl Column {
    pub const fn fixed(title: &'static str, width: u16, priority: u8) -> Column {
        Column {
            title,
            width,
            min: width,
            want: width,
            right: false,
            priority,
        }
    }

    pub const fn flexible(title: &'static str, min: u16) -> Column {
        Column {
            title,
            width: 0,
            min,
            want: min,
            right: false,
            priority: u8::MAX,
        }
    }

    /// A flexible column that would rather be `want` cells wide.
    pub const fn prefer(mut self, want: u16) -> Column {
        self.want = want;
        self
    }

    pub const fn right(mut self) -> Column {
        self.right = true;
        self
    }
}

const SPACING: u16 = 1;

/// Columns of this priority or lower give way to a flexible column's
/// preferred width.
pub const LOW: u8 = 3;

/// The width of each column in a table `total` cells wide; `None` for a
/// column dropped for lack of room. Flexible columns share what is left,
/// and get their preferred width if only low-priority columns must go.
pub fn layout(columns: &[Column], total: u16) -> Vec<Option<u16>> {
    let wanting: Vec<Column> = columns
        .iter()
        .map(|c| Column {
            min: c.want.max(c.min),
            ..*c
        })
        .collect();
    let preferred = layout_with_minimums(&wanting, total);
    let only_low_dropped = preferred
        .iter()
        .zip(columns)
        .all(|(w, c)| w.is_some() || c.priority <= LOW);
    if only_low_dropped {
        preferred
    } else {
        layout_with_minimums(columns, total)
    }
}

fn layout_with_minimums(columns: &[Column], total: u16) -> Vec<Option<u16>> {
    let mut shown: Vec<bool> = vec![true; columns.len()];
    let need = |shown: &[bool]| -> u16 {
        let n = shown.iter().filter(|s| **s).count() as u16;
        columns
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| if c.width == 0 { c.min } else { c.width })
            .sum::<u16>()
            + n.saturating_sub(1) * SPACING
    };
    while need(&shown) > total {
        let drop = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| shown[*i] && c.priority != u8::MAX)
            .min_by_key(|(i, c)| (c.priority, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match drop {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    let spare = total.saturating_sub(need(&shown));
    let flexible = columns
        .iter()
        .zip(&shown)
        .filter(|(c, s)| **s && c.width == 0)
        .count() as u16;
    let mut extra_left = spare;
    let mut seen_flex = 0;
    columns
        .iter()
        .zip(&shown)
        .map(|(c, s)| {
            if !*s {
                return None;
            }
            if c.width > 0 {
                return Some(c.width);
            }
            seen_flex += 1;
            let share = if seen_flex == flexible {
                extra_left
            } else {
                spare / flexible.max(1)
            };
            extra_left -= share;
            Some(c.min + share)
        })
        .collect()
}

/// Scroll state of a list: the selected row and the first row drawn. The
/// renderer records the offset and height it used (the only state it
/// touches), so paging moves by what the user actually sees.
#[derive(Debug, Default)]
pub struct ListView {
    pub selected: usize,
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl ListView {
    /// Moves the selection by `delta` rows, staying within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    /// Moves as a list key asks (a row, a page, either end) in a list of
    /// `len` rows; false for any other action.
    pub fn navigate(&mut self, action: Action, len: usize) -> bool {
        match action {
            Action::Down => self.move_by(1, len),
            Action::Up => self.move_by(-1, len),
            Action::PageDown => self.move_by(self.page(), len),
            Action::PageUp => self.move_by(-self.page(), len),
            Action::Top => self.top(),
            Action::Bottom => self.bottom(len),
            _ => return false,
        }
        true
    }

    /// `navigate` over rows only some of which take the selection (the
    /// others are headers and notes between sections): it lands on the
    /// nearest selectable row that way, or the other way if there is none.
    pub fn navigate_rows(
        &mut self,
        action: Action,
        len: usize,
        selectable: impl Fn(usize) -> bool,
    ) -> bool {
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => self.page(),
            Action::PageUp => -self.page(),
            Action::Top => {
                self.top();
                0
            }
            Action::Bottom => {
                self.bottom(len);
                0
            }
            _ => return false,
        };
        self.step(delta, len, selectable);
        true
    }

    /// Moves by `delta` rows to a selectable one; stays put if there is
    /// none either way.
    pub fn step(&mut self, delta: isize, len: usize, selectable: impl Fn(usize) -> bool) {
        let n = len as isize;
        if n == 0 {
            return;
        }
        let ok = |i: isize| (0..n).contains(&i) && selectable(i as usize);
        let inside = |i: isize| (0..n).contains(&i);
        let dir = if delta < 0 { -1 } else { 1 };
        let target = (self.selected as isize + delta).clamp(0, n - 1);
        let mut i = target;
        while inside(i) && !ok(i) {
            i += dir;
        }
        if !inside(i) {
            // nothing that way: search back the other way from the target
            i = target;
            while inside(i) && !ok(i) {
                i -= dir;
            }
        }
        if inside(i) {
            self.selected = i as usize;
        }
    }

    pub fn bottom(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }

    /// One screenful, as last drawn (at least one row).
    pub fn page(&self) -> isize {
        self.height.get().max(2) as isize - 1
    }

    /// Keeps the selection inside a list that changed length.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// The rows the next drawing will show, at the height last drawn
    /// (before any drawing: a tall window), for loading them ahead.
    pub fn upcoming(&self, len: usize) -> Range<usize> {
        let height = match self.height.get() {
            0 => 60,
            h => h,
        };
        self.span(len, height)
    }

    /// The rows to draw in `height` rows: adjusts the stored offset just
    /// enough to keep the selection visible.
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        self.height.set(height);
        let range = self.span(len, height);
        self.offset.set(range.start);
        range
    }

    /// The rows shown in `height` rows, scrolled just enough to keep the
    /// selection visible.
    fn span(&self, len: usize, height: usize) -> Range<usize> {
        if len == 0 || height == 0 {
            return 0..0;
        }
        let selected = self.selected.min(len - 1);
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
        offset..(offset + height).min(len)
    }
}

/// Rows loaded beyond each side of the window of a `RowCache` list, so
/// that scrolling and paging rarely wait for the store.
pub const MARGIN: usize = 100;
/// Rows a `RowCache` keeps at most; beyond this, rows far from the window go.
pub const KEEP_ROWS: usize = 1000;

/// The loaded rows of a long list whose order is known by id: only those
/// near the window are read from the store (`wanted`), and drawing notes
/// a row it lacked (after the window grew) so that the app loads it and
/// draws again.
#[derive(Debug)]
pub struct RowCache<T> {
    rows: std::collections::HashMap<i64, T>,
    lacked: Cell<bool>,
}

impl<T> Default for RowCache<T> {
    fn default() -> RowCache<T> {
        RowCache {
            rows: Default::default(),
            lacked: Cell::new(false),
        }
    }
}

impl<T> RowCache<T> {
    pub fn get(&self, id: i64) -> Option<&T> {
        self.rows.get(&id)
    }

    /// The row to draw for `id`; notes when it is not loaded.
    pub fn draw(&self, id: i64) -> Option<&T> {
        let row = self.rows.get(&id);
        if row.is_none() {
            self.lacked.set(true);
        }
        row
    }

    /// Whether the last drawing lacked a row.
    pub fn lacked(&self) -> bool {
        self.lacked.get()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn clear(&mut self) {
        self.rows.clear();
    }

    pub fn insert(&mut self, id: i64, row: T) {
        self.rows.insert(id, row);
    }

    pub fn remove(&mut self, id: i64) {
        self.rows.remove(&id);
    }

    /// The rows around the window of `list` over `shown`.
    fn near<'a>(shown: &'a [i64], list: &ListView) -> &'a [i64] {
        let w = list.upcoming(shown.len());
        let end = (w.end + MARGIN).min(shown.len());
        &shown[w.start.saturating_sub(MARGIN).min(end)..end]
    }

    /// The ids near the window that are not loaded.
    pub fn wanted(&self, shown: &[i64], list: &ListView) -> Vec<i64> {
        Self::near(shown, list)
            .iter()
            .copied()
            .filter(|id| !self.rows.contains_key(id))
            .collect()
    }

    /// Adds loaded rows; when too many are kept, those far from the window
    /// go first.
    pub fn add(
        &mut self,
        shown: &[i64],
        list: &ListView,
        rows: impl IntoIterator<Item = (i64, T)>,
    ) {
        let rows: Vec<(i64, T)> = rows.into_iter().collect();
        if self.rows.len() + rows.len() > KEEP_ROWS {
            let near: std::collections::HashSet<i64> =
                Self::near(shown, list).iter().copied().collect();
            self.rows.retain(|id, _| near.contains(id));
        }
        self.rows.extend(rows);
        self.lacked.set(false);
    }
}

/// A cell of a table row: text and its style.
pub struct TableCell {
    pub text: String,
    pub style: Style,
}

impl TableCell {
    pub fn new(text: impl Into<String>) -> TableCell {
        TableCell {
            text: text.into(),
            style: Style::new(),
        }
    }

    pub fn styled(text: impl Into<String>, style: Style) -> TableCell {
        TableCell {
            text: text.into(),
            style,
        }
    }
}

/// Draws a header and the given (already windowed) rows; `selected` is the
/// index within `rows` to highlight.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    columns: &[Column],
    rows: Vec<Vec<TableCell>>,
    selected: Option<usize>,
    theme: &Theme,
) {
    let widths = layout(columns, area.width);
    let shown: Vec<(usize, u16)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let cell = |text: &str, i: usize, w: u16| {
        if columns[i].right {
            fit_right(text, w as usize)
        } else {
            fit(text, w as usize)
        }
    };
    let header = Row::new(
        shown
            .iter()
            .map(|&(i, w)| Span::styled(cell(columns[i].title, i, w), theme.header())),
    );
    let body = rows.into_iter().enumerate().map(|(r, cells)| {
        // a row may have fewer cells than columns (a placeholder for a row
        // not loaded): the missing ones are blank
        let row = Row::new(shown.iter().map(|&(i, w)| match cells.get(i) {
            Some(c) => Line::from(Span::styled(cell(&c.text, i, w), c.style)),
            None => Line::raw(""),
        }));
        if Some(r) == selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let table = Table::new(body, shown.iter().map(|&(_, w)| Constraint::Length(w)))
        .header(header)
        .column_spacing(SPACING);
    frame.render_widget(table, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 3] = [
        Column::flexible("Name", 10),
        Column::fixed("Tier", 9, 5),
        Column::fixed("Owner", 8, 1),
    ];

    #[test]
    fn flexible_columns_take_the_rest() {
        assert_eq!(layout(&COLS, 40), [Some(21), Some(9), Some(8)]);
    }

    #[test]
    fn a_preferred_width_is_worth_only_low_priority_columns() {
        let cols = [
            Column::flexible("Name", 10).prefer(20),
            Column::fixed("Tier", 9, 5),
            Column::fixed("Owner", 8, 1),
        ];
        // 20 + 9 + 8 + 2 > 35: the owner goes, the name gets its 20 and more
        assert_eq!(layout(&cols, 35), [Some(25), Some(9), None]);
        // the tier is not low priority: keep it, give the name less
        assert_eq!(layout(&cols, 25), [Some(15), Some(9), None]);
    }

    #[test]
    fn low_priority_columns_drop_first() {
        assert_eq!(layout(&COLS, 25), [Some(15), Some(9), None]);
        assert_eq!(layout(&COLS, 12), [Some(12), None, None]);
    }

    #[test]
    fn window_keeps_the_selection_visible() {
        let mut v = ListView::default();
        assert_eq!(v.window(100, 10), 0..10);
        v.move_by(15, 100);
        assert_eq!(v.window(100, 10), 6..16);
        v.move_by(-3, 100);
        assert_eq!(v.window(100, 10), 6..16);
        v.bottom(100);
        assert_eq!(v.window(100, 10), 90..100);
        v.move_by(1000, 100);
        assert_eq!(v.selected, 99);
        v.top();
        assert_eq!(v.window(100, 10), 0..10);
        assert_eq!(v.window(0, 10), 0..0);
        assert_eq!(v.page(), 9);
    }

    #[test]
    fn a_shrinking_list_keeps_a_valid_selection() {
        let mut v = ListView::default();
        v.move_by(50, 100);
        v.clamp(10);
        assert_eq!(v.selected, 9);
        assert_eq!(v.window(10, 20), 0..10);
        v.clamp(0);
        assert_eq!(v.selected, 0);
    }
}
