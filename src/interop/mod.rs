//! Files in and out of kam: CSV import and export, JSON for a whole
//! portfolio, iCalendar for visits, vCard for contacts, and backups. The
//! portfolio belongs to the company, so it must move cleanly between
//! machines and people. Only the `kam import`/`export`/`backup` commands
//! use this module; it reads through the store and formats, nothing else.

pub mod export;
pub mod ics;
pub mod import;
pub mod json;
pub mod table;

use std::io::Write;
use std::path::Path;

/// Creates (or replaces) a file readable by its owner only (0600).
pub fn create_private(path: &Path) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a folder — name a file",
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    crate::store::files::set_mode(path, 0o600)?;
    Ok(std::io::BufWriter::new(file))
}

/// Writes a whole export file, privately; the error names the file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: cannot write it: {e}", path.display());
    let mut file = create_private(path).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.flush().map_err(fail)?;
    file.get_ref().sync_all().map_err(fail)?;
    Ok(())
}

/// TEXT value escaping of iCalendar and vCard: backslash, semicolon,
/// comma and newline; other control characters are dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if crate::domain::text::is_hostile(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line with CRLF, folded so that no line exceeds 75
/// octets (continuations start with a space), never inside a character.
pub fn fold_line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}
