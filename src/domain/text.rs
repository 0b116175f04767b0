//! Text as the terminal sees it: widths in cells (a Chinese character takes
//! two), fitting text into columns, wrapping, and neutralizing control
//! characters so that text from the database or a file is shown, never
//! obeyed by the terminal.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// The longest prefix of `s` that fits in `max` cells, cut between
/// grapheme clusters: a flag (🇨🇳), a family (👨‍👩‍👧) or a letter with its
/// accents stays whole or goes whole, never half of it.
fn prefix_within(s: &str, max: usize) -> (&str, usize) {
    // each cluster measured whole, the way the terminal (and ratatui) draw
    // it: ☺ with U+FE0F is two cells though each char alone says one
    let mut fits = ("", 0);
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += width(g);
        if used > max {
            break;
        }
        fits = (&s[..i + g.len()], used);
    }
    fits
}

/// `s` without its first `cells` cells, cut between grapheme clusters (a
/// cluster straddling the edge goes too).
pub fn skip_cells(s: &str, cells: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        if used >= cells {
            return &s[i..];
        }
        used += width(g);
    }
    ""
}

/// A character typed in full width (as a Chinese input method types
/// digits and signs: `４`, `＋`, `：`) as its ASCII twin; the ideographic
/// space as a space; anything else as it is.
pub fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// [`narrow`] over a whole string.
pub fn narrow_str(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| narrow(c) != c) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(narrow).collect())
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

/// Closing punctuation, which a line must not start with (Chinese
/// typesetting's 行首禁则, and its ASCII twins).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〉'
            | '》'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '…'
            | '‥'
            | '％'
            | '．'
            | '｝'
            | '］'
            | '〞'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Opening punctuation, which a line must not end with (行尾禁则).
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '“'
            | '‘'
            | '〈'
            | '《'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '｛'
            | '［'
            | '〝'
            | '('
            | '['
            | '{'
    )
}

/// Whether a line may break between the tokens `before` and `after`:
/// always at a space; otherwise not before closing punctuation nor after
/// opening punctuation.
fn may_break(before: &str, after: &str) -> bool {
    if before == " " || after == " " {
        return true;
    }
    let starts_closing = after.chars().next().is_some_and(no_line_start);
    let ends_opening = before.chars().next_back().is_some_and(no_line_end);
    !starts_closing && !ends_opening
}

/// Where a full `line` breaks when `next` does not fit: before `next`,
/// or a few tokens earlier so that no line starts with closing or ends
/// with opening punctuation — the tokens after the break go down with
/// `next`. Where no such break leaves something on the line and fits the
/// tokens moved into one, the rule gives way (a line of punctuation).
fn break_at(line: &[&str], next: &str, w: usize) -> usize {
    let full = line.len();
    let mut k = full;
    while k > 0 {
        let after = line.get(k).copied().unwrap_or(next);
        if may_break(line[k - 1], after) {
            break;
        }
        k -= 1;
    }
    let kept_something = line[..k].iter().any(|t| *t != " ");
    let moved_w = line[k..].iter().map(|t| width(t)).sum::<usize>() + width(next);
    if k == full || (kept_something && moved_w <= w) {
        k
    } else {
        full
    }
}

/// Greedy word wrap to `w` cells. Breaks at spaces, between wide (CJK)
/// characters, and inside words longer than a line, never inside a
/// grapheme cluster; no line starts with closing punctuation (，。」…) or
/// ends with opening punctuation (（「“…) while another break exists.
/// Existing newlines are kept; every line is sanitized.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut out = Vec::new();
    for para in sanitize_lines(s) {
        let mut line: Vec<&str> = Vec::new();
        let mut line_w = 0;
        for token in tokens(&para) {
            let tw = width(token);
            if line_w + tw <= w {
                line.push(token);
                line_w += tw;
                continue;
            }
            let at = if token == " " {
                line.len()
            } else {
                break_at(&line, token, w)
            };
            let mut moved = line.split_off(at);
            if line.iter().any(|t| *t != " ") {
                out.push(line.concat().trim_end().to_string());
            }
            while moved.first() == Some(&" ") {
                moved.remove(0);
            }
            line = moved;
            line_w = line.iter().map(|t| width(t)).sum();
            if token == " " && line.is_empty() {
                continue;
            }
            let mut rest = token;
            while line.is_empty() && width(rest) > w {
                let (head, _) = prefix_within(rest, w);
                if head.is_empty() {
                    break;
                }
                out.push(head.to_string());
                rest = &rest[head.len()..];
            }
            line.push(rest);
            line_w += width(rest);
        }
        out.push(line.concat().trim_end().to_string());
    }
    out
}

/// Splits a line into wrap units: runs of non-space narrow grapheme
/// clusters, single spaces, and single wide clusters (CJK characters,
/// full-width punctuation, emoji), between which a line may break.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, g) in s.grapheme_indices(true) {
        if g == " " || width(g) >= 2 {
            if start < i {
                out.push(&s[start..i]);
            }
            out.push(g);
            start = i + g.len();
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
    #[test]
    fn flags_and_families_are_cut_whole() {
        let flag = "🇨🇳";
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(width(flag), 2);
        // never half a flag: the whole flag, or none of it
        for w in 0..8 {
            for s in [
                format!("华东{flag}精密"),
                format!("ab{flag}cd"),
                format!("{family}华东"),
                format!("x{family}"),
            ] {
                let cut = fit(&s, w);
                assert_eq!(width(&cut), w, "{s:?} in {w}: {cut:?}");
                let regional = cut
                    .chars()
                    .filter(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(c))
                    .count();
                assert!(regional % 2 == 0, "{s:?} in {w}: {cut:?}");
                if cut.contains('\u{200D}') || cut.contains('👨') {
                    assert!(cut.contains(family), "{s:?} in {w}: {cut:?}");
                }
            }
        }
        assert_eq!(fit(&format!("ab{flag}cd"), 4), "ab… ");
        assert_eq!(fit(&format!("ab{flag}cd"), 5), format!("ab{flag}…"));
        assert_eq!(skip_cells(&format!("a{flag}b"), 2), "b");
        assert_eq!(skip_cells(&format!("{family}b"), 1), "b");
        for line in wrap(&format!("{flag}{flag}{family}{flag}"), 3) {
            assert!(width(&line) <= 3, "{line:?}");
            assert!(
                line.chars()
                    .filter(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(c))
                    .count()
                    % 2
                    == 0
            );
        }
    }

    #[test]
    fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
        // the comma goes down with the character before it
        assert_eq!(wrap("华东精密，机械", 8), ["华东精", "密，机械"]);
        assert_eq!(wrap("华东精密。", 8), ["华东精", "密。"]);
        // “ and ” take one cell each
        assert_eq!(wrap("请标记“已离职”即可", 10), ["请标记“已", "离职”即可"]);
        assert_eq!(wrap("请标记“已离职”", 7), ["请标记", "“已离", "职”"]);
        assert_eq!(wrap("归档《华东》", 6), ["归档", "《华", "东》"]);
        assert_eq!(wrap("等一下……好", 7), ["等一", "下……好"]);
        // ASCII closing punctuation after Chinese too
        assert_eq!(wrap("华东精密,ok", 8), ["华东精", "密,ok"]);
        // a line of nothing but punctuation still wraps
        for line in wrap("，，，，，，", 4) {
            assert!(width(&line) <= 4, "{line:?}");
        }
        assert_eq!(wrap("，，，，，，", 4).concat(), "，，，，，，");
    }

    #[test]
    fn the_archive_question_of_a_long_name_breaks_where_chinese_allows() {
        let name = "华东精密机械制造集团股份有限公司";
        let text = format!(
            "归档 {name}？它会从列表中移除，但保留全部历史；在归档视图（A）中按 u 可以恢复。"
        );
        for w in 6..60 {
            let lines = wrap(&text, w);
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "{w}: nothing lost"
            );
            for (i, line) in lines.iter().enumerate() {
                assert!(width(line) <= w, "{w}: {line:?}");
                let first = line.chars().next();
                assert!(
                    !first.is_some_and(no_line_start),
                    "{w}: line {i} starts with closing punctuation: {lines:?}"
                );
                let last = line.chars().next_back();
                assert!(
                    !last.is_some_and(no_line_end),
                    "{w}: line {i} ends with opening punctuation: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn full_width_digits_and_signs_become_ascii() {
        assert_eq!(narrow('４'), '4');
        assert_eq!(narrow('０'), '0');
        assert_eq!(narrow('＋'), '+');
        assert_eq!(narrow('：'), ':');
        assert_eq!(narrow('Ａ'), 'A');
        assert_eq!(narrow('\u{3000}'), ' ');
        assert_eq!(narrow('华'), '华');
        assert_eq!(narrow('，'), ',');
        assert_eq!(narrow_str("１２３"), "123");
        assert!(matches!(narrow_str("123"), Cow::Borrowed(_)));
    }
    proptest::proptest! {
        #[test]
        fn wrapped_lines_fit_and_keep_every_character(
            s in "[a-z 华东精密，。、；：？！（）“”《》…🇨🇳]{0,40}",
            w in 2usize..30,
        ) {
            let lines = wrap(&s, w);
            for line in &lines {
                proptest::prop_assert!(width(line) <= w, "{:?}", line);
            }
            proptest::prop_assert_eq!(lines.concat().replace(' ', ""), s.replace(' ', ""));
        }

        #[test]
        fn chinese_text_never_breaks_against_its_punctuation(
            s in "([（《“]?[华东精密机械有限公司]{1,3}[，。、；：？！）》”…]?[ ]?){0,20}",
            w in 8usize..40,
        ) {
            let lines = wrap(&s, w);
            for line in &lines {
                proptest::prop_assert!(width(line) <= w, "{:?}", line);
                let first = line.chars().next();
                proptest::prop_assert!(!first.is_some_and(no_line_start), "{:?}", lines);
                let last = line.chars().next_back();
                proptest::prop_assert!(!last.is_some_and(no_line_end), "{:?}", lines);
            }
            proptest::prop_assert_eq!(lines.concat().replace(' ', ""), s.replace(' ', ""));
        }
    }
}
