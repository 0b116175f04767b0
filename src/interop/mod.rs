//! Files in and out of kam: CSV import and export, JSON for a whole
//! portfolio, iCalendar for visits, vCard for contacts. The
//! portfolio belongs to the company, so it must move cleanly between
//! machines and people. Only the `kam import`/`export` commands use this
//! module; it reads through the store and formats, nothing else. Files go
//! out whole (`Destination`, over `store::whole_file`) or to a stream.

pub mod cells;
pub mod changefile;
pub mod export;
pub mod ics;
pub mod import;
pub mod json;
pub mod table;
pub mod vcard;

use crate::store::whole_file::{self, WholeFile};
use export::ExportError;
use std::io::Write;
use std::path::Path;

/// Where an export goes.
pub enum Destination<'a> {
    /// A file, written whole (`store::whole_file`): an existing one is
    /// replaced only when `replace` (`--force`), by the complete new file.
    File { path: &'a Path, replace: bool },
    /// A stream (standard output, `-`), written as the rows come.
    Stream(&'a mut dyn Write),
}

impl<'a> Destination<'a> {
    /// A new file at `path` (an existing one is refused).
    pub fn new_file(path: &'a Path) -> Destination<'a> {
        Destination::File {
            path,
            replace: false,
        }
    }

    /// Refuses a file target that may not be written, before any work.
    pub fn check(&self) -> Result<(), ExportError> {
        match self {
            Destination::File { path, replace } => Ok(whole_file::check_target(path, *replace)?),
            Destination::Stream(_) => Ok(()),
        }
    }
}

/// Writes an export through `write` to `dest`: into a file that becomes
/// the target only when complete, or straight into the stream. Write
/// errors come back named by the file (`ExportError::Target`) or as the
/// stream's (`ExportError::Stream`).
pub fn write_to<T>(
    dest: Destination<'_>,
    write: impl FnOnce(&mut dyn Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    match dest {
        Destination::File { path, replace } => {
            let mut file = WholeFile::create(path, replace)?;
            let out = write(&mut file).map_err(|e| match e {
                ExportError::Write(e) => ExportError::Target(file.error(e)),
                other => other,
            })?;
            file.commit()?;
            Ok(out)
        }
        Destination::Stream(stream) => {
            let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, stream);
            let out = write(&mut buffered).map_err(|e| match e {
                ExportError::Write(e) => ExportError::Stream(e),
                other => other,
            })?;
            buffered
                .into_inner()
                .map_err(|e| ExportError::Stream(e.into_error()))?
                .flush()
                .map_err(ExportError::Stream)?;
            Ok(out)
        }
    }
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
