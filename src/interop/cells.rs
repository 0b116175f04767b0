//! Cells of the spreadsheets kam writes, made safe to open: a cell a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return — OWASP's list) is written with a leading
//! `'`, which spreadsheets read as "text" and do not show; control
//! characters become visible stand-ins, as on screen (line breaks stay).
//! A plain number (`-1505606`, `-3.5`) is a number, not a formula, and is
//! written as it is. `kam import` takes the `'` off again (`unescaped`),
//! so an export reads back as it was.

use crate::domain::text::sanitize_keep_newlines;
use std::borrow::Cow;

fn triggers(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// `cell` as a spreadsheet may open it without running anything.
pub fn safe(cell: &str) -> Cow<'_, str> {
    // a tab or carriage return is made visible first, and then starts
    // nothing
    let clean = sanitize_keep_newlines(cell);
    if clean.starts_with(triggers) && !is_plain_number(&clean) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

/// A cell as kam (or another careful exporter) wrote it, read back: the
/// `'` put before a formula's first character (`=`, `+`, `-`, `@`; `safe`
/// never leaves a tab or carriage return first) is taken off.
pub fn unescaped(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) && !is_plain_number(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+86 138 0013 8000", "'+86 138 0013 8000"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("\tcmd", " cmd"),
            ("-1505606", "-1505606"),
            ("-3.5", "-3.5"),
            ("华东精密", "华东精密"),
            ("a\u{1b}[31mred", "a\u{241b}[31mred"),
            ("two\nlines", "two\nlines"),
        ] {
            let out = safe(cell);
            assert_eq!(out, written, "{cell:?}");
            if !cell.contains(['\u{1b}', '\t']) {
                assert_eq!(unescaped(&out), cell, "{cell:?} reads back");
            }
        }
        assert_eq!(
            unescaped("'quoted"),
            "'quoted",
            "an ordinary apostrophe stays"
        );
    }
}
