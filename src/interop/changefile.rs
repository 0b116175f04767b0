//! `.kamchanges`: a batch of one device's recorded changes, as `kam sync`
//! passes them between laptops through a shared folder. A header line
//! (JSON), then per change a line of JSON saying what it is and how many
//! bytes of SQLite changeset follow, the bytes, a newline; then an end
//! line with the count. A file cut short, or with bytes not its own, is
//! refused whole.

use serde::{Deserialize, Serialize};

/// The format's name and version (the header's `format` and `version`).
pub const FORMAT: &str = "kam-changes";
pub const VERSION: u32 = 1;

/// Who wrote a file, and for which portfolio and schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// The schema version of the kam that wrote it (`PRAGMA user_version`).
    pub schema: u32,
    /// The portfolio the folder holds (every device of it has the same).
    pub portfolio: String,
    pub device: String,
    pub device_name: String,
    pub seq: u32,
    pub changes: usize,
}

/// One change as it travels: the journal's row and its changeset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub uid: String,
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub person: String,
    pub kind: String,
    pub subject: String,
    pub changeset: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Line {
    uid: String,
    at: String,
    person: String,
    kind: String,
    subject: String,
    bytes: usize,
}

#[derive(Serialize, Deserialize)]
struct End {
    end: usize,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a kam change file")]
    NotOurs,
    #[error("cut short or damaged at byte {0}")]
    Damaged(usize),
}

/// The bytes of a change file.
pub fn write(header: &Header, changes: &[Change]) -> Vec<u8> {
    let mut out = line(header);
    for c in changes {
        let line = Line {
            uid: c.uid.clone(),
            at: c.at.clone(),
            person: c.person.clone(),
            kind: c.kind.clone(),
            subject: c.subject.clone(),
            bytes: c.changeset.len(),
        };
        out.extend(self::line(&line));
        out.extend_from_slice(&c.changeset);
        out.push(b'\n');
    }
    out.extend(line(&End { end: changes.len() }));
    out
}

/// Just the header (to see whose and which schema a file is before
/// reading it whole).
pub fn header(bytes: &[u8]) -> Result<Header, ReadError> {
    let (line, _) = next_line(bytes, 0).ok_or(ReadError::NotOurs)?;
    let h: Header = serde_json::from_slice(line).map_err(|_| ReadError::NotOurs)?;
    if h.format != FORMAT {
        return Err(ReadError::NotOurs);
    }
    Ok(h)
}

/// A whole file: its header and its changes.
pub fn read(bytes: &[u8]) -> Result<(Header, Vec<Change>), ReadError> {
    let h = header(bytes)?;
    let (_, mut at) = next_line(bytes, 0).ok_or(ReadError::NotOurs)?;
    let mut changes = Vec::with_capacity(h.changes.min(100_000));
    for _ in 0..h.changes {
        let (line, next) = next_line(bytes, at).ok_or(ReadError::Damaged(at))?;
        let l: Line = serde_json::from_slice(line).map_err(|_| ReadError::Damaged(at))?;
        let end = next.checked_add(l.bytes).ok_or(ReadError::Damaged(next))?;
        if end >= bytes.len() || bytes[end] != b'\n' {
            return Err(ReadError::Damaged(next));
        }
        changes.push(Change {
            uid: l.uid,
            at: l.at,
            person: l.person,
            kind: l.kind,
            subject: l.subject,
            changeset: bytes[next..end].to_vec(),
        });
        at = end + 1;
    }
    let (line, next) = next_line(bytes, at).ok_or(ReadError::Damaged(at))?;
    match serde_json::from_slice::<End>(line) {
        Ok(e) if e.end == h.changes && next == bytes.len() => Ok((h, changes)),
        _ => Err(ReadError::Damaged(at)),
    }
}

/// The line starting at `at` (without its newline) and where the next
/// begins; `None` when there is no complete line.
fn next_line(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = bytes.get(at..)?;
    let n = rest.iter().position(|&b| b == b'\n')?;
    Some((&rest[..n], at + n + 1))
}

/// One value as a line of JSON.
fn line<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec(v).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Header, Vec<Change>) {
        let h = Header {
            format: FORMAT.into(),
            version: VERSION,
            schema: 9,
            portfolio: "p".into(),
            device: "d".into(),
            device_name: "笔记本".into(),
            seq: 3,
            changes: 2,
        };
        let c = |n: u8| Change {
            uid: format!("u{n}"),
            at: "2026-11-23 09:00:00".into(),
            person: "李娜".into(),
            kind: "survey.add".into(),
            subject: "华东精密".into(),
            changeset: vec![n, b'\n', 0, 255, n],
        };
        (h, vec![c(1), c(2)])
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let (h, changes) = sample();
        let bytes = write(&h, &changes);
        assert_eq!(read(&bytes), Ok((h, changes)));
    }

    #[test]
    fn a_file_cut_short_or_not_ours_is_refused_whole() {
        let (h, changes) = sample();
        let bytes = write(&h, &changes);
        for n in 0..bytes.len() {
            assert!(read(&bytes[..n]).is_err(), "cut at {n}");
        }
        assert_eq!(read(b"hello\n"), Err(ReadError::NotOurs));
        let mut extra = bytes.clone();
        extra.push(b'x');
        assert!(read(&extra).is_err());
    }
}
