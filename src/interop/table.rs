//! Reading a spreadsheet file as a table of text: the encoding detected
//! (UTF-8 with or without BOM, UTF-16 with BOM, else GBK/GB18030 as Excel
//! saves CSV in a Chinese locale), the separator detected (comma,
//! semicolon or tab), quoted fields with newlines kept.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// A file's rows as text, each with the 1-based line it starts on (the
/// header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// (the line of the file the row starts on, its cells); a cell with a
    /// line break moves the rows after it down by a line, as in a text
    /// editor.
    pub rows: Vec<(usize, Vec<String>)>,
    pub encoding: &'static str,
    pub separator: char,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the file is empty — it needs a header row and at least one row")]
    Empty,
    #[error("this is not a text file (it looks binary) — save the spreadsheet as CSV")]
    Binary,
    #[error("the text is neither UTF-8 nor GBK — save the spreadsheet as CSV UTF-8")]
    Encoding,
    #[error("row {row}: {message}")]
    Csv { row: usize, message: String },
}

/// Decodes the bytes of a text file, saying which encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), TableError> {
    if bytes.is_empty() {
        return Err(TableError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), "UTF-8 (BOM)"))
            .map_err(|_| TableError::Encoding);
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(TableError::Encoding);
            }
            return Ok((text.into_owned(), name));
        }
    }
    // NUL bytes and many control bytes: not a spreadsheet export
    let controls = bytes
        .iter()
        .filter(|b| **b == 0 || (**b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t')))
        .count();
    if bytes.contains(&0) || controls * 100 > bytes.len() {
        return Err(TableError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(TableError::Encoding);
    }
    Ok((text.into_owned(), "GBK/GB18030"))
}

/// The separator of the header line: the most frequent of `,` `;` tab
/// outside quotes.
fn separator(text: &str) -> char {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(',', 0), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(slot) = counts.iter_mut().find(|(s, _)| *s == c) {
            slot.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(',', |(c, _)| *c)
}

/// Reads a whole file into a table.
pub fn read(bytes: &[u8]) -> Result<Table, TableError> {
    let (text, encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(TableError::Empty);
    }
    let sep = separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => {
            return Err(TableError::Csv {
                row: 1,
                message: e.to_string(),
            });
        }
        None => return Err(TableError::Empty),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| TableError::Csv {
            row: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        // after a CRLF the csv crate's position is the LF still to skip,
        // on the line before the record's own
        let line = record.position().map_or(rows.len() + 2, |p| {
            p.line() as usize + usize::from(text.as_bytes().get(p.byte() as usize) == Some(&b'\n'))
        });
        // kam's own exports write a formula-like cell after a `'`
        let cells: Vec<String> = record
            .iter()
            .map(|c| super::cells::unescaped(c).to_string())
            .collect();
        // blank lines at the end of a spreadsheet export are not rows
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, cells));
    }
    if rows.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(Table {
        headers,
        rows,
        encoding,
        separator: sep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let t = read("名称,级别\n华东精密,key\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["名称", "级别"]);
        assert_eq!(t.rows, [(2, vec!["华东精密".into(), "key".into()])]);
        let t = read("\u{feff}名称,级别\n华东精密,key\n".as_bytes()).unwrap();
        assert_eq!(t.headers[0], "名称");
        assert_eq!(t.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn gbk_as_excel_saves_it() {
        let (bytes, _, _) = GB18030.encode("客户名称,负责人\n华东精密机械有限公司,李娜\n");
        let t = read(&bytes).unwrap();
        assert_eq!(t.encoding, "GBK/GB18030");
        assert_eq!(t.rows[0].1[0], "华东精密机械有限公司");
    }

    #[test]
    fn separators_and_quoted_newlines() {
        let t = read(b"name;notes\nAcme;\"two\nlines; here\"\n").unwrap();
        assert_eq!(t.separator, ';');
        assert_eq!(t.rows[0].1[1], "two\nlines; here");
        let t = read(b"name\tregion\nAcme\tEast\n").unwrap();
        assert_eq!(t.separator, '\t');
        // rows are numbered as the spreadsheet shows them
        let t = read(b"name,notes\n\"A\",\"x\ny\"\nB,z\n").unwrap();
        assert_eq!(t.rows[1].0, 4);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "name\tregion\r\nAcme\t华东\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = read(&bytes).unwrap();
        assert_eq!(t.rows[0].1, ["Acme", "华东"]);
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(read(b""), Err(TableError::Empty));
        assert_eq!(read(b"name,tier\n"), Err(TableError::Empty));
        assert_eq!(read(b"   \n\n"), Err(TableError::Empty));
        assert_eq!(
            read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(TableError::Binary)
        );
    }
}
