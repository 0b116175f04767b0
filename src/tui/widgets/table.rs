//! Tables measured in terminal cells: columns that drop out by priority when
//! the terminal is narrow, text fitted with `domain::text::fit`, and a
//! scroll state that hands the renderer only the visible window of rows.

use crate::domain::text::{fit, fit_right, truncate, width};
use crate::strings::Label;
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
/// when the table does not fit. A column is never narrower than its title,
/// so that a header shown is shown whole.
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
    /// A column as wide as the widest of its title and `content`, the
    /// widest text it holds (`widest`, `widest_label`, …), in cells.
    pub fn fixed(title: &'static str, content: u16, priority: u8) -> Column {
        let width = content.max(cells(title)).max(1);
        Column {
            title,
            width,
            min: width,
            want: width,
            right: false,
            priority,
        }
    }

    /// A column taking what the fixed ones leave, at least `min` cells
    /// (and its title).
    pub fn flexible(title: &'static str, min: u16) -> Column {
        let min = min.max(cells(title));
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

/// The cells `text` takes, as a column width.
fn cells(text: &str) -> u16 {
    u16::try_from(width(text)).unwrap_or(u16::MAX)
}

/// The width in cells of the widest of `texts`: what a column must be to
/// show each of them whole.
pub fn widest<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> u16 {
    texts
        .into_iter()
        .map(|t| cells(t.as_ref()))
        .max()
        .unwrap_or(0)
}

/// The widest label of an enumeration (`T::ALL`), in the language in effect.
pub fn widest_label<T: Label + Copy>(all: &[T]) -> u16 {
    widest(all.iter().map(|v| v.label()))
}

/// A count of days a column must hold whole: three digits (a visit or a
/// complaint older than 999 days is cut).
pub const MANY_DAYS: i64 = 999;

/// The widest short ages (`strings::short_age`) of each kind: hours under
/// two days, days after.
pub fn widest_ages() -> [String; 2] {
    [
        crate::strings::short_age(chrono::Duration::hours(47)),
        crate::strings::short_age(chrono::Duration::days(MANY_DAYS)),
    ]
}

/// The widest a short age is.
pub fn age_width() -> u16 {
    widest(widest_ages())
}

/// The widest a date and time is as `strings::when` writes it: the weekday
/// (each of the seven: they differ in width in some languages), the month
/// and day, the time, and the year `with_year`.
pub fn when_width(with_year: bool) -> u16 {
    let sunday = chrono::NaiveDate::from_ymd_opt(2028, 12, 24)
        .unwrap_or_default()
        .and_hms_opt(23, 59, 0)
        .unwrap_or_default();
    widest((0..7).map(|d| crate::strings::when(sunday + chrono::Duration::days(d), with_year)))
}

/// `YYYY-MM-DD`, as dates are shown in tables.
pub const DATE_WIDTH: u16 = 10;
/// `YYYY-MM-DD HH:MM`.
pub const DATE_TIME_WIDTH: u16 = 16;

const SPACING: u16 = 1;

/// Columns of this priority or lower give way to a flexible column's
/// preferred width.
pub const LOW: u8 = 3;

/// The width of each column in a table `total` cells wide; `None` for a
/// column dropped for lack of room. Flexible columns share what is left,
/// and get their preferred width if only low-priority columns must go;
/// when even that is not enough, the low-priority columns still give way,
/// lowest first, while a flexible column is short of its preferred width,
/// so that room a narrow column leaves goes to the names.
pub fn layout(columns: &[Column], total: u16) -> Vec<Option<u16>> {
    let wanting: Vec<Column> = columns
        .iter()
        .map(|c| Column {
            min: c.want.max(c.min),
            ..*c
        })
        .collect();
    let all = vec![true; columns.len()];
    let preferred = layout_with_minimums(&wanting, total, &all);
    let only_low_dropped = preferred
        .iter()
        .zip(columns)
        .all(|(w, c)| w.is_some() || c.priority <= LOW);
    if only_low_dropped {
        return preferred;
    }
    let mut allowed = all;
    loop {
        let widths = layout_with_minimums(columns, total, &allowed);
        let short = widths
            .iter()
            .zip(columns)
            .any(|(w, c)| c.width == 0 && w.is_some_and(|w| w < c.want));
        let low = widths
            .iter()
            .zip(columns)
            .enumerate()
            .filter(|(_, (w, c))| w.is_some() && c.priority <= LOW)
            .min_by_key(|(i, (_, c))| (c.priority, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match low {
            Some(i) if short => allowed[i] = false,
            _ => return widths,
        }
    }
}

/// The layout at the columns' minimum widths, of the columns `allowed`:
/// the lowest priorities dropped until the rest fit, the room left shared
/// by the flexible ones.
fn layout_with_minimums(columns: &[Column], total: u16, allowed: &[bool]) -> Vec<Option<u16>> {
    let mut shown: Vec<bool> = allowed.to_vec();
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

/// Parts of a line joined by ` · ` in `w` cells: as many of `whole` as fit
/// whole (a label, a date, a reason: never shown cut; `…` stands for those
/// left out), then `free` text (a name, a summary), cut to what is left.
/// The first part is cut only when it alone does not fit.
pub fn fit_parts<S: AsRef<str>>(whole: &[S], free: Option<&str>, w: usize) -> String {
    const SEP: &str = " · ";
    let free = free.filter(|f| !f.is_empty());
    let mut out = String::new();
    for (i, part) in whole.iter().enumerate() {
        let part = part.as_ref();
        let joined = if out.is_empty() {
            part.to_string()
        } else {
            format!("{out}{SEP}{part}")
        };
        // room for ` …` after it when more is to come
        let last = i + 1 == whole.len() && free.is_none();
        let room = if last { 0 } else { 2 };
        if width(&joined) + room <= w {
            out = joined;
        } else if out.is_empty() {
            return truncate(part, w).into_owned();
        } else {
            return format!("{out} …");
        }
    }
    match free {
        None => out,
        Some(f) if out.is_empty() => truncate(f, w).into_owned(),
        Some(f) if width(&out) + width(SEP) + 2 <= w => {
            truncate(&format!("{out}{SEP}{f}"), w).into_owned()
        }
        Some(_) => format!("{out} …"),
    }
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

    fn cols() -> [Column; 3] {
        [
            Column::flexible("Name", 10),
            Column::fixed("Tier", 9, 5),
            Column::fixed("Owner", 8, 1),
        ]
    }

    #[test]
    fn flexible_columns_take_the_rest() {
        assert_eq!(layout(&cols(), 40), [Some(21), Some(9), Some(8)]);
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
    fn parts_are_shown_whole_or_left_out() {
        let parts = ["medium", "44d", "waiting customer"];
        assert_eq!(
            fit_parts(&parts, Some("Hotline kept them waiting"), 80),
            "medium · 44d · waiting customer · Hotline kept them waiting"
        );
        // the free text is cut, the labels are not
        assert_eq!(
            fit_parts(&parts, Some("Hotline kept them waiting"), 40),
            "medium · 44d · waiting customer · Hotli…"
        );
        assert_eq!(
            fit_parts(&parts, Some("Hotline"), 33),
            "medium · 44d · waiting customer …"
        );
        assert_eq!(fit_parts(&parts, None, 30), "medium · 44d …");
        assert_eq!(fit_parts(&["a long first reason"], None, 10), "a long fi…");
        assert_eq!(fit_parts::<&str>(&[], Some("张伟"), 3), "张…");
        // in cells: 上次拜访 2026-10-01 is 19, and 30 with · 每 90 天
        assert_eq!(
            fit_parts(&["上次拜访 2026-10-01", "每 90 天"], None, 25),
            "上次拜访 2026-10-01 …"
        );
        assert_eq!(
            fit_parts(&["上次拜访 2026-10-01", "每 90 天"], None, 30),
            "上次拜访 2026-10-01 · 每 90 天"
        );
    }

    #[test]
    fn columns_hold_their_titles_whole() {
        assert_eq!(Column::fixed("强度", 1, 9).width, 4);
        assert_eq!(Column::fixed("Tie", 1, 9).width, 3);
        assert_eq!(Column::flexible("联系人", 4).min, 6);
    }

    #[test]
    fn low_priority_columns_drop_first() {
        assert_eq!(layout(&cols(), 25), [Some(15), Some(9), None]);
        assert_eq!(layout(&cols(), 12), [Some(12), None, None]);
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
