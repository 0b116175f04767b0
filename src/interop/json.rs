//! JSON that is safe to print to a terminal: every character a terminal
//! could obey (C0 and C1 controls, DEL, bidirectional overrides, line and
//! paragraph separators) is written as a `\uXXXX` escape. The data is the
//! same JSON value; only its spelling changes, so `kam today --json` can be
//! read on screen and `export json` can be `cat`-ed without risk.

use crate::domain::text::is_hostile;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as JSON, indented when `pretty`, with hostile characters escaped.
pub fn to_safe_string(value: &impl Serialize, pretty: bool) -> String {
    let mut out = Vec::new();
    let _ = write_safe(&mut out, value, pretty);
    // serde_json writes UTF-8 only
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `value` as JSON with hostile characters escaped.
pub fn write_safe(out: &mut impl Write, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    let result = if pretty {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(PrettyFormatter::new()));
        value.serialize(&mut ser)
    } else {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(CompactFormatter));
        value.serialize(&mut ser)
    };
    // an I/O error comes back as it was (a full disk stays one)
    result.map_err(io::Error::from)
}

/// Wraps a formatter; escapes what serde_json leaves as it is.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(is_hostile) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('\u{FFFD}');
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_characters_are_escaped_and_the_value_is_unchanged() {
        let name = "Acme\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}2J\u{202e}evil\u{7f} 华东";
        let value = json!({ "name": name, "list": [name] });
        for pretty in [false, true] {
            let text = to_safe_string(&value, pretty);
            assert!(
                !text.chars().any(|c| is_hostile(c) && c != '\n'),
                "{text:?}"
            );
            assert!(
                text.contains("\\u009b") && text.contains("\\u202e"),
                "{text}"
            );
            assert!(text.contains("华东"));
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }
}
