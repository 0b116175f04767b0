//! What keys do in a form: the keymap moves the focus, saves or closes;
//! any other key goes to the focused field.

use super::{FieldKind, Form, FormOutcome};
use crate::domain::text::{self, clean_input};
use crate::domain::{Problem, pinyin};
use crate::tui::keymap::{self, Action, Ctx};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

impl Form {
    /// Handles a key: navigation and saving via the keymap, the rest goes to
    /// the focused field.
    pub fn handle_key(&mut self, ev: KeyEvent) -> FormOutcome {
        let ev = self.narrowed(ev);
        if self.confirm_discard {
            return match keymap::lookup(Ctx::Confirm, &ev) {
                Some(Action::Yes) => FormOutcome::Close,
                Some(Action::No) => {
                    self.confirm_discard = false;
                    FormOutcome::Continue
                }
                _ => FormOutcome::Continue,
            };
        }
        let plain = !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (
            self.fields.get_mut(self.focus).map(|f| &mut f.kind),
            ev.code,
        ) {
            // a digit sets a score and moves on: six digits fill six scores
            (Some(FieldKind::Score(v)), KeyCode::Char(c @ '1'..='5')) if plain => {
                *v = c.to_digit(10).map(|d| d as u8);
                self.fields[self.focus].error = None;
                self.move_focus(1);
                return FormOutcome::Continue;
            }
            // Enter in a text area starts a new line
            (Some(FieldKind::Text { lines, .. }), KeyCode::Enter) if *lines > 1 && plain => {
                self.insert_char('\n');
                return FormOutcome::Continue;
            }
            _ => {}
        }
        match keymap::lookup(Ctx::Form, &ev) {
            Some(Action::NextField) => self.move_focus(1),
            Some(Action::PrevField) => self.move_focus(-1),
            Some(Action::Save) => return FormOutcome::Submit,
            Some(Action::NextOrSave) => {
                if self.focus + 1 == self.fields.len() {
                    return FormOutcome::Submit;
                }
                self.move_focus(1);
            }
            Some(Action::NextSuggestion) => self.suggest(1),
            Some(Action::PrevSuggestion) => self.suggest(-1),
            Some(Action::Cancel) => {
                if self.is_dirty() {
                    self.confirm_discard = true;
                } else {
                    return FormOutcome::Close;
                }
            }
            _ => self.edit(ev),
        }
        FormOutcome::Continue
    }

    /// A key typed in full width (a Chinese input method's `４`, `ｙ`, `＋`)
    /// as its ASCII twin, except in a text field, which keeps what was
    /// typed: a score, a choice, an amount, a number, a date or a time
    /// reads `４` as `4`.
    fn narrowed(&self, mut ev: KeyEvent) -> KeyEvent {
        let text_field = !self.confirm_discard
            && matches!(
                self.fields.get(self.focus).map(|f| &f.kind),
                Some(FieldKind::Text { .. })
            );
        if let KeyCode::Char(c) = ev.code
            && !text_field
        {
            ev.code = KeyCode::Char(text::narrow(c));
        }
        ev
    }

    /// Pasted text goes into the focused text field, controls removed.
    pub fn handle_paste(&mut self, pasted: &str) {
        if self.confirm_discard {
            return;
        }
        let multiline = matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text { lines, .. }) if *lines > 1
        );
        for c in clean_input(pasted, multiline).chars() {
            self.insert_char(c);
        }
    }

    /// Ctrl-N (`delta` 1) or Ctrl-P (-1) in a field that offers names:
    /// the next or previous one matching what was typed goes in.
    fn suggest(&mut self, delta: isize) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let text = f.input().map(|i| i.value().to_string()).unwrap_or_default();
        let Some(name) = f.suggest.as_mut().and_then(|sg| sg.step(&text, delta)) else {
            return;
        };
        if let Some(input) = f.input_mut() {
            *input = tui_input::Input::new(name);
        }
        f.error = None;
    }

    fn move_focus(&mut self, delta: isize) {
        if let Some(sg) = self
            .fields
            .get_mut(self.focus)
            .and_then(|f| f.suggest.as_mut())
        {
            sg.unpick();
        }
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n.max(1)) as usize;
    }

    fn insert_char(&mut self, c: char) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let (max, c) = match &f.kind {
            FieldKind::Text { max, .. } => (*max, c),
            FieldKind::Choice { .. }
            | FieldKind::Toggle(_)
            | FieldKind::MultiChoice { .. }
            | FieldKind::Score(_) => {
                return;
            }
            // amounts, numbers, dates and times: full-width digits and
            // signs (pasted too) as ASCII
            _ => (64, text::narrow(c)),
        };
        if let Some(input) = f.input_mut() {
            if input.value().chars().count() >= max {
                f.error = Some(Problem::AtMost { max });
                return;
            }
            input.handle(InputRequest::InsertChar(c));
            f.error = None;
        }
        if let Some(sg) = &mut f.suggest {
            sg.unpick();
        }
    }

    /// A key for the focused field: it changes a choice, a score, a
    /// toggle, or the text being typed.
    fn edit(&mut self, ev: KeyEvent) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match &mut f.kind {
            FieldKind::Choice { options, selected } => {
                edit_choice(options, selected, ev.code, ctrl, alt);
            }
            FieldKind::Score(v) => match ev.code {
                KeyCode::Right => *v = Some(v.map_or(1, |x| (x + 1).min(5))),
                KeyCode::Left => *v = Some(v.map_or(5, |x| x.saturating_sub(1).max(1))),
                KeyCode::Char('0') | KeyCode::Backspace | KeyCode::Delete => *v = None,
                _ => {}
            },
            FieldKind::MultiChoice {
                options,
                chosen,
                cursor,
            } => edit_multi_choice(options, chosen, cursor, ev.code, ctrl),
            FieldKind::Toggle(on) => match ev.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => *on = !*on,
                KeyCode::Char('y') => *on = true,
                KeyCode::Char('n') => *on = false,
                _ => {}
            },
            _ => {
                if let KeyCode::Char(c) = ev.code
                    && !ctrl
                    && !alt
                {
                    if !text::is_hostile(c) {
                        self.insert_char(c);
                    }
                    return;
                }
                if let (Some(r), Some(input)) = (input_request(ev.code, ctrl, alt), f.input_mut()) {
                    input.handle(r);
                    f.error = None;
                    if let Some(sg) = &mut f.suggest {
                        sg.unpick();
                    }
                }
                return;
            }
        }
        f.error = None;
    }
}

/// ←/→ or Space step through a choice; a digit picks by number; a letter
/// jumps to the next option starting with it — a Chinese option by the
/// pinyin of its first character (`g` 关键客户, `z` 重点客户, `y` 一般客户).
fn edit_choice(options: &[String], selected: &mut usize, code: KeyCode, ctrl: bool, alt: bool) {
    let n = options.len();
    match code {
        KeyCode::Right | KeyCode::Char(' ') => *selected = (*selected + 1) % n.max(1),
        KeyCode::Left => *selected = (*selected + n.max(1) - 1) % n.max(1),
        KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
            let i = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=n).contains(&i) {
                *selected = i - 1;
            }
        }
        KeyCode::Char(c) if !ctrl && !alt => {
            if let Some(i) = next_starting_with(options, *selected, c) {
                *selected = i;
            }
        }
        _ => {}
    }
}

/// The next option after `from` (round the end) whose label starts with
/// `letter`, read as `pinyin::starts_with_letter` reads it.
fn next_starting_with(options: &[String], from: usize, letter: char) -> Option<usize> {
    let n = options.len();
    (1..=n)
        .map(|k| (from + k) % n)
        .find(|&i| pinyin::starts_with_letter(&options[i], letter))
}

/// ←/→ move the cursor over the options; Space flips the one under it; a
/// digit moves to an option by number and flips it; a letter moves to the
/// next option starting with it, as in a choice.
fn edit_multi_choice(
    options: &[String],
    chosen: &mut [bool],
    cursor: &mut usize,
    code: KeyCode,
    ctrl: bool,
) {
    let n = options.len();
    match code {
        KeyCode::Right if n > 0 => *cursor = (*cursor + 1) % n,
        KeyCode::Left if n > 0 => *cursor = (*cursor + n - 1) % n,
        KeyCode::Char(' ') if n > 0 => chosen[*cursor] = !chosen[*cursor],
        KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
            let i = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=n).contains(&i) {
                *cursor = i - 1;
                chosen[i - 1] = !chosen[i - 1];
            }
        }
        KeyCode::Char(c) if !ctrl => {
            if let Some(i) = next_starting_with(options, *cursor, c) {
                *cursor = i;
            }
        }
        _ => {}
    }
}

/// What a key does to typed text, other than typing a character: the
/// readline keys and the arrows.
fn input_request(code: KeyCode, ctrl: bool, alt: bool) -> Option<InputRequest> {
    match code {
        KeyCode::Backspace if alt => Some(InputRequest::DeletePrevWord),
        KeyCode::Backspace => Some(InputRequest::DeletePrevChar),
        KeyCode::Delete => Some(InputRequest::DeleteNextChar),
        KeyCode::Left if ctrl => Some(InputRequest::GoToPrevWord),
        KeyCode::Right if ctrl => Some(InputRequest::GoToNextWord),
        KeyCode::Left => Some(InputRequest::GoToPrevChar),
        KeyCode::Right => Some(InputRequest::GoToNextChar),
        KeyCode::Home => Some(InputRequest::GoToStart),
        KeyCode::End => Some(InputRequest::GoToEnd),
        KeyCode::Char('a') if ctrl => Some(InputRequest::GoToStart),
        KeyCode::Char('e') if ctrl => Some(InputRequest::GoToEnd),
        KeyCode::Char('u') if ctrl => Some(InputRequest::DeleteLine),
        KeyCode::Char('k') if ctrl => Some(InputRequest::DeleteTillEnd),
        KeyCode::Char('w') if ctrl => Some(InputRequest::DeletePrevWord),
        KeyCode::Char('b') if alt => Some(InputRequest::GoToPrevWord),
        KeyCode::Char('f') if alt => Some(InputRequest::GoToNextWord),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{key, sample, today, typed};
    use super::*;
    use crate::tui::widgets::form::Field;

    #[test]
    fn typing_fills_the_focused_field_and_marks_the_form_dirty() {
        let mut f = sample();
        assert!(!f.is_dirty());
        typed(&mut f, "华东");
        assert_eq!(f.text("name"), "华东");
        assert!(f.is_dirty());
    }

    #[test]
    fn tab_enter_and_arrows_move_between_fields() {
        let mut f = sample();
        f.handle_key(key(KeyCode::Tab));
        assert_eq!(f.focus, 1);
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.choice("tier"), 1);
        f.handle_key(key(KeyCode::Enter));
        assert_eq!(f.focus, 2);
        f.handle_key(key(KeyCode::BackTab));
        assert_eq!(f.focus, 1);
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::Up));
        assert_eq!(f.focus, 3, "focus wraps around");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
    }

    #[test]
    fn ctrl_s_submits_from_anywhere() {
        let mut f = sample();
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(f.handle_key(ctrl_s), FormOutcome::Submit);
    }

    #[test]
    fn text_longer_than_the_maximum_is_refused_with_a_message() {
        let mut f = sample();
        typed(&mut f, "abcdefghijkl");
        assert_eq!(f.text("name"), "abcdefghij");
        assert_eq!(
            f.fields[0].error_message().as_deref(),
            Some("at most 10 characters")
        );
    }

    #[test]
    fn escape_on_a_changed_form_asks_first() {
        let mut f = sample();
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Close);
        typed(&mut f, "x");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Continue);
        assert!(f.confirm_discard);
        assert_eq!(f.handle_key(key(KeyCode::Char('n'))), FormOutcome::Continue);
        assert!(!f.confirm_discard);
        assert_eq!(f.text("name"), "x", "n keeps editing");
        f.handle_key(key(KeyCode::Esc));
        assert_eq!(f.handle_key(key(KeyCode::Char('y'))), FormOutcome::Close);
    }

    #[test]
    fn pasted_control_characters_are_dropped() {
        let mut f = sample();
        f.handle_paste("a\u{1b}[2Jb");
        assert_eq!(f.text("name"), "a[2Jb");
    }

    #[test]
    fn multi_choice_toggles_with_space_and_digits() {
        let mut f = Form::new(
            "T",
            vec![Field::multi_choice(
                "contacts",
                "Contacts",
                vec!["张伟".into(), "王芳".into(), "Li".into()],
                vec![false, true],
            )],
            today(),
        );
        assert_eq!(f.chosen("contacts"), [1]);
        f.handle_key(key(KeyCode::Right)); // the cursor starts on the chosen one
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen("contacts"), [0, 1, 2]);
        f.handle_key(key(KeyCode::Char('2')));
        assert_eq!(f.chosen("contacts"), [0, 2]);
        assert!(f.is_dirty());
    }

    /// A form of one name field offering four colleagues.
    fn colleagues(value: &str) -> Form {
        let names = ["李雷", "韩梅梅", "Wang Lei", "Li Na"]
            .map(String::from)
            .to_vec();
        Form::new(
            "T",
            vec![Field::text("our_side", "Held by", value, 80).with_suggestions(names)],
            today(),
        )
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn typing_filters_the_colleagues_and_ctrl_n_takes_the_next() {
        let mut f = colleagues("");
        typed(&mut f, "l");
        // by letters, any case, and by pinyin: 李雷 is li lei
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "李雷");
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "Wang Lei");
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "Li Na");
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "李雷", "round again");
        f.handle_key(ctrl('p'));
        assert_eq!(f.text("our_side"), "Li Na");
        // typing again filters by what is there now
        f.handle_key(key(KeyCode::Backspace));
        f.handle_key(key(KeyCode::Backspace));
        f.handle_key(key(KeyCode::Backspace));
        typed(&mut f, "hmm");
        assert_eq!(f.text("our_side"), "Lihmm");
        f.handle_key(ctrl('n'));
        assert_eq!(
            f.text("our_side"),
            "Lihmm",
            "nothing matches: the text stays"
        );
    }

    #[test]
    fn any_name_is_still_accepted() {
        let mut f = colleagues("");
        typed(&mut f, "赵六");
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "赵六");
        assert!(f.check_fields());
    }

    #[test]
    fn a_prefilled_colleague_shows_the_others_and_ctrl_n_moves_on_from_it() {
        let mut f = colleagues("韩梅梅");
        assert!(!f.is_dirty());
        f.handle_key(ctrl('n'));
        assert_eq!(f.text("our_side"), "Wang Lei");
        f.handle_key(ctrl('p'));
        f.handle_key(ctrl('p'));
        assert_eq!(f.text("our_side"), "李雷");
        assert!(f.is_dirty());
        // a field without names ignores the keys
        let mut plain = sample();
        typed(&mut plain, "ab");
        plain.handle_key(ctrl('n'));
        assert_eq!(plain.text("name"), "ab");
    }

    #[test]
    fn a_letter_jumps_to_a_chinese_option_by_its_pinyin_initial() {
        let tiers = ["关键客户", "重点客户", "一般客户"]
            .map(String::from)
            .to_vec();
        let mut f = Form::new("T", vec![Field::choice("tier", "Tier", tiers, 0)], today());
        for (letter, want) in [('z', 1), ('y', 2), ('g', 0), ('Z', 1), ('x', 1), ('ｙ', 2)] {
            typed(&mut f, &letter.to_string());
            assert_eq!(f.choice("tier"), want, "{letter}");
        }
        // the next option with that initial, round the end
        let names = ["张伟", "Zoe", "王芳", "赵六"].map(String::from).to_vec();
        let mut f = Form::new("T", vec![Field::choice("who", "Who", names, 0)], today());
        let mut seen = Vec::new();
        for _ in 0..4 {
            typed(&mut f, "z");
            seen.push(f.choice("who"));
        }
        assert_eq!(seen, [1, 3, 0, 1]);
    }

    #[test]
    fn a_letter_moves_a_multi_choice_cursor_without_choosing() {
        let mut f = Form::new(
            "T",
            vec![Field::multi_choice(
                "contacts",
                "Contacts",
                vec!["张伟".into(), "王芳".into(), "Li".into(), "单国强".into()],
                vec![false; 4],
            )],
            today(),
        );
        typed(&mut f, "w");
        typed(&mut f, " ");
        typed(&mut f, "s"); // 单 at a name's start: shan
        typed(&mut f, " ");
        assert_eq!(f.chosen("contacts"), [1, 3]);
        typed(&mut f, "q"); // nothing starts with q: the cursor stays
        typed(&mut f, " ");
        assert_eq!(f.chosen("contacts"), [1]);
    }

    #[test]
    fn digits_and_letters_pick_choices() {
        let mut f = sample();
        f.focus = 1;
        typed(&mut f, "2");
        assert_eq!(f.choice("tier"), 1);
        typed(&mut f, "k");
        assert_eq!(f.choice("tier"), 0);
    }
    #[test]
    fn full_width_digits_count_where_digits_are_typed() {
        // scores: a Chinese input method in full-width mode types ４
        let mut f = Form::new(
            "Survey",
            vec![
                Field::score("product_quality", "Product", None),
                Field::score("overall", "Overall", None),
                Field::number("days", "Days", None, 1, 365),
                Field::time("time", "Time", None),
                Field::text("name", "Name", "", 20),
            ],
            today(),
        );
        typed(&mut f, "４５");
        assert_eq!(f.score("product_quality"), Some(4));
        assert_eq!(f.score("overall"), Some(5));
        assert_eq!(f.focus, 2);
        typed(&mut f, "３０");
        assert_eq!(f.text("days"), "30");
        f.focus = 3;
        f.handle_paste("１４：３０");
        assert!(f.check_fields(), "{:?}", f.fields[3].error);
        assert_eq!(f.time("time"), chrono::NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(f.number("days"), Some(30));
        // a text field keeps what was typed
        f.focus = 4;
        typed(&mut f, "３号楼");
        assert_eq!(f.text("name"), "３号楼");
        // choices, amounts and dates too
        let mut f = sample();
        f.focus = 1;
        typed(&mut f, "２");
        assert_eq!(f.choice("tier"), 1);
        f.focus = 2;
        typed(&mut f, "１２５万");
        f.focus = 3;
        typed(&mut f, "＋３天");
        typed(&mut f, "");
        f.focus = 0;
        typed(&mut f, "A");
        assert!(f.check_fields());
        assert_eq!(f.money("revenue"), Some(125_000_000));
        assert_eq!(
            f.date("when"),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        );
    }
}
