//! Text as the terminal sees it: widths in cells (a Chinese character takes
//! two), fitting text into columns, wrapping, and neutralizing control
//! characters so that text from the database or a file is shown, never
//! obeyed by the terminal.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cells `s` takes in a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// True for characters that must never reach the terminal as they are:
/// C0 and C1 controls, DEL, and the bidirectional overrides and isolates
/// that can reorder what is shown.
pub fn is_hostile(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || c == '\u{2028}' || c == '\u{2029}'
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A visible stand-in for a hostile character: the Unicode control picture
/// for C0 controls and DEL (`␛` for ESC), `�` for C1 and bidi controls.
fn placeholder(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        '\u{2028}' | '\u{2029}' => ' ',
        _ => '\u{FFFD}',
    }
}

/// One line of display text with every control, escape and bidi character
/// replaced by a visible placeholder. Newlines become `↵` too: callers that
/// show several lines split them first (see [`sanitize_lines`]).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\u{21B5}',
                c if is_hostile(c) => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

/// Like [`sanitize`] but keeping newlines (for text areas that wrap and
/// show several lines). Character positions are preserved one for one.
pub fn sanitize_keep_newlines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_hostile(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if is_hostile(c) => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

/// The lines of a multi-line text, each sanitized (`\r\n` and `\n` split).
pub fn sanitize_lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| sanitize(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

/// Input typed or pasted into a form: trims nothing, but drops controls
/// other than newlines (when `multiline`) so they are never stored.
pub fn clean_input(s: &str, multiline: bool) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\r' => None,
            '\t' | '\n' => Some(' '),
            c if is_hostile(c) => None,
            c => Some(c),
        })
        .collect()
}

/// The longest prefix of `s` that fits in `max` cells.
fn prefix_within(s: &str, max: usize) -> (&str, usize) {
    // measured as whole prefixes, the way the terminal (and `width`) sees
    // them: ☺ with U+FE0F is two cells though each char alone says one
    let mut fits = ("", 0);
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        let w = width(&s[..end]);
        if w > max {
            break;
        }
        fits = (&s[..end], w);
    }
    fits
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let (head, _) = prefix_within(s, max - 1);
    Cow::Owned(format!("{head}…"))
}

/// `s` sanitized, truncated and padded with spaces to exactly `w` cells.
pub fn fit(s: &str, w: usize) -> String {
    let clean = sanitize(s);
    let cut = truncate(&clean, w);
    let pad = w.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Like [`fit`] but aligned right (numbers, money).
pub fn fit_right(s: &str, w: usize) -> String {
    let clean = sanitize(s);
    let cut = truncate(&clean, w);
    let pad = w.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(pad))
}

/// True where a line may break before `c` even without a space: between
/// CJK ideographs, kana and hangul, which carry no spaces between words.
fn breaks_anywhere(c: char) -> bool {
    c.width() == Some(2)
}

/// Greedy word wrap to `w` cells. Breaks at spaces, between wide (CJK)
/// characters, and inside words longer than a line. Existing newlines are
/// kept; every line is sanitized.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut out = Vec::new();
    for para in sanitize_lines(s) {
        let mut line = String::new();
        let mut line_w = 0;
        for token in tokens(&para) {
            let tw = width(token);
            if line_w + tw <= w {
                line.push_str(token);
                line_w += tw;
                continue;
            }
            if !line.trim_end().is_empty() {
                out.push(line.trim_end().to_string());
            }
            line = String::new();
            let token = if token == " " { "" } else { token };
            let mut rest = token;
            while width(rest) > w {
                let (head, _) = prefix_within(rest, w);
                if head.is_empty() {
                    break;
                }
                out.push(head.to_string());
                rest = &rest[head.len()..];
            }
            line.push_str(rest);
            line_w = width(rest);
        }
        out.push(line.trim_end().to_string());
    }
    out
}

/// Splits a line into wrap units: runs of non-space narrow characters, single
/// spaces, and single wide characters.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ' ' || breaks_anywhere(c) {
            if start < i {
                out.push(&s[start..i]);
            }
            out.push(&s[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_cells() {
        assert_eq!(width("华东精密"), 8);
        assert_eq!(width("Acme 华东"), 9);
    }

    #[test]
    fn fit_pads_and_truncates_by_cells() {
        assert_eq!(fit("华东精密机械", 8), "华东精… ");
        assert_eq!(width(&fit("华东精密机械", 8)), 8);
        assert_eq!(fit("华东精密机械", 7), "华东精…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit_right("12", 4), "  12");
        assert_eq!(fit("anything", 0), "");
        // a wide character that would straddle the edge is replaced by padding
        assert_eq!(fit("a华东", 4), "a华…");
        assert_eq!(width(&fit("a华东", 4)), 4);
    }

    #[test]
    fn sanitize_neutralizes_escapes_and_controls() {
        let hostile = "evil\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\u{202e}txt\u{7f}";
        let shown = sanitize(hostile);
        assert!(!shown.contains('\u{1b}'));
        assert!(!shown.contains('\u{7}'));
        assert!(!shown.contains('\u{9b}'));
        assert!(!shown.contains('\u{202e}'));
        assert!(!shown.contains('\u{7f}'));
        assert!(shown.contains('␛'));
        assert_eq!(sanitize("plain 华东"), "plain 华东");
    }

    #[test]
    fn clean_input_drops_controls_but_keeps_text() {
        assert_eq!(clean_input("a\u{1b}[2Jb\tc", false), "a[2Jb c");
        assert_eq!(clean_input("l1\r\nl2", true), "l1\nl2");
        assert_eq!(clean_input("l1\nl2", false), "l1 l2");
    }

    #[test]
    fn wrap_breaks_between_chinese_characters_and_at_spaces() {
        assert_eq!(
            wrap("华东精密机械有限公司", 8),
            ["华东精密", "机械有限", "公司"]
        );
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("one\ntwo", 10), ["one", "two"]);
        assert_eq!(wrap("", 10), [""]);
        for line in wrap("混合 text 与中文 mixed together 很长很长的句子", 9) {
            assert!(width(&line) <= 9, "{line:?}");
        }
    }
}
