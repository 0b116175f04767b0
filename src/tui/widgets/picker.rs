//! A searchable picker: type to narrow a list (Chinese or Latin, any case),
//! ↑/↓ to choose, Enter to pick, Esc to cancel. Used wherever an account
//! must be chosen before a form opens.

use crate::domain::pinyin;
use crate::domain::text::{self, clean_input, fit};
use crate::strings::s;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::table::ListView;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerOutcome {
    Continue,
    Picked(i64),
    Cancel,
}

pub struct Picker {
    pub title: String,
    /// (id, label, search form of the label) in display order.
    items: Vec<(i64, String, String)>,
    query: Input,
    matches: Vec<usize>,
    list: ListView,
}

impl Picker {
    /// `items`: (id, label, the label's `pinyin::search_form`).
    pub fn new(title: impl Into<String>, items: Vec<(i64, String, String)>) -> Picker {
        let mut p = Picker {
            title: title.into(),
            items,
            query: Input::default(),
            matches: Vec::new(),
            list: ListView::default(),
        };
        p.refilter();
        p
    }

    /// Matches of the query — by the label itself or its pinyin, full or
    /// initials — best first (starting at the first character, then at a
    /// word, then anywhere), each group in the original order.
    fn refilter(&mut self) {
        let q = self.query.value();
        let mut ranked: Vec<(u8, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, (_, label, form))| pinyin::rank(label, form, q).map(|r| (r, i)))
            .collect();
        ranked.sort();
        self.matches = ranked.into_iter().map(|(_, i)| i).collect();
        self.list.top();
    }

    pub fn selected(&self) -> Option<i64> {
        self.matches
            .get(self.list.selected)
            .map(|&i| self.items[i].0)
    }

    pub fn handle_key(&mut self, ev: KeyEvent) -> PickerOutcome {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.matches.len();
        let request = match ev.code {
            KeyCode::Esc => return PickerOutcome::Cancel,
            KeyCode::Enter => {
                return self
                    .selected()
                    .map_or(PickerOutcome::Continue, PickerOutcome::Picked);
            }
            KeyCode::Down => {
                self.list.move_by(1, len);
                return PickerOutcome::Continue;
            }
            KeyCode::Up => {
                self.list.move_by(-1, len);
                return PickerOutcome::Continue;
            }
            KeyCode::PageDown => {
                self.list.move_by(self.list.page(), len);
                return PickerOutcome::Continue;
            }
            KeyCode::PageUp => {
                self.list.move_by(-self.list.page(), len);
                return PickerOutcome::Continue;
            }
            KeyCode::Char('n') if ctrl => {
                self.list.move_by(1, len);
                return PickerOutcome::Continue;
            }
            KeyCode::Char('p') if ctrl => {
                self.list.move_by(-1, len);
                return PickerOutcome::Continue;
            }
            KeyCode::Char(c) if !ctrl && !text::is_hostile(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            _ => return PickerOutcome::Continue,
        };
        self.query.handle(request);
        self.refilter();
        PickerOutcome::Continue
    }

    pub fn handle_paste(&mut self, pasted: &str) {
        for c in clean_input(pasted, false).chars() {
            self.query.handle(InputRequest::InsertChar(c));
        }
        self.refilter();
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let t = s();
        let area = popup::centered(area, 64, area.height.saturating_sub(4).min(20));
        popup::clear(frame, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        let prompt = Line::from(vec![
            Span::styled(t.search_prompt, theme.key()),
            Span::raw(text::sanitize(self.query.value()).into_owned()),
        ]);
        frame.render_widget(
            Paragraph::new(prompt),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let caret = text::width(t.search_prompt) + self.query.visual_cursor();
        frame.set_cursor_position(Position::new(
            (inner.x + caret as u16).min(inner.right().saturating_sub(1)),
            inner.y,
        ));
        let list_area = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 3);
        let window = self
            .list
            .window(self.matches.len(), list_area.height as usize);
        let lines: Vec<Line> = if self.matches.is_empty() {
            vec![Line::styled(t.no_match, theme.dim())]
        } else {
            self.matches[window.clone()]
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let label = fit(&self.items[i].1, inner.width as usize);
                    if window.start + k == self.list.selected {
                        Line::styled(label, theme.selected())
                    } else {
                        Line::raw(label)
                    }
                })
                .collect()
        };
        frame.render_widget(Paragraph::new(lines), list_area);
        let footer = Line::styled(
            format!(
                "{}   {}",
                (t.picker_count)(self.matches.len()),
                t.picker_hint
            ),
            theme.dim(),
        );
        frame.render_widget(
            Paragraph::new(footer),
            Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn picker() -> Picker {
        let items = [
            (1, "Harbor Steel"),
            (2, "华东精密机械"),
            (3, "东华物流"),
            (4, "Steel Harbor"),
        ];
        Picker::new(
            "Pick",
            items
                .iter()
                .map(|(id, name)| (*id, name.to_string(), pinyin::search_form(name)))
                .collect(),
        )
    }

    #[test]
    fn typing_narrows_and_prefix_matches_come_first() {
        let mut p = picker();
        for c in "steel".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(p.selected(), Some(4), "Steel Harbor starts with it");
        p.handle_key(key(KeyCode::Down));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickerOutcome::Picked(1));
    }

    #[test]
    fn chinese_substrings_match() {
        let mut p = picker();
        p.handle_paste("华");
        assert_eq!(p.matches.len(), 2);
        assert_eq!(p.selected(), Some(2));
    }

    #[test]
    fn pinyin_initials_and_syllables_find_chinese_names() {
        for (query, first) in [("hdjm", 2), ("huadong", 2), ("hd精密", 2), ("dh", 3)] {
            let mut p = picker();
            p.handle_paste(query);
            assert_eq!(p.selected(), Some(first), "{query}");
        }
        // 华东 starts with hd, 东华 contains it further in: the start first
        let mut p = picker();
        p.handle_paste("hua");
        assert_eq!(
            p.matches.iter().map(|&i| p.items[i].0).collect::<Vec<_>>(),
            [2, 3]
        );
    }

    #[test]
    fn a_letter_goes_to_the_first_name_starting_with_it_by_pinyin() {
        // as the store gives them: by pinyin
        let names = [
            "博远",
            "Bluewater",
            "鼎盛",
            "东方",
            "华东",
            "汇通",
            "中联",
            "重庆啤酒",
        ];
        let items: Vec<(i64, String, String)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64, n.to_string(), pinyin::search_form(n)))
            .collect();
        for (letter, first, count) in [
            ("d", 2, 2),
            ("h", 4, 2),
            ("z", 6, 2),
            ("b", 0, 2),
            ("c", 7, 1),
        ] {
            let mut p = Picker::new("Pick", items.clone());
            p.handle_paste(letter);
            assert_eq!(p.selected(), Some(first), "{letter}");
            let starting: Vec<i64> = p
                .matches
                .iter()
                .map(|&i| p.items[i].0)
                .filter(|&id| {
                    pinyin::starts_with_letter(names[id as usize], letter.chars().next().unwrap())
                })
                .collect();
            assert_eq!(starting.len(), count, "{letter}: {starting:?}");
            assert_eq!(starting[0], first, "{letter}");
        }
    }

    #[test]
    fn nothing_to_pick_is_not_a_pick() {
        let mut p = picker();
        p.handle_paste("zzz");
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickerOutcome::Continue);
        assert_eq!(p.handle_key(key(KeyCode::Esc)), PickerOutcome::Cancel);
    }
}
