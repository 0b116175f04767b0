//! Files in and out of kam: CSV import and export, JSON for a whole
//! portfolio, iCalendar for visits, vCard for contacts, and backups. The
//! portfolio belongs to the company, so it must move cleanly between
//! machines and people. Only the `kam import`/`export`/`backup` commands
//! use this module; it reads through the store and formats, nothing else.

pub mod ics;

use std::io::Write;
use std::path::Path;

/// Writes an export file readable by its owner only (0600), replacing what
/// was there; an error names the file and says why.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: cannot write it: {e}", path.display());
    if path.is_dir() {
        return Err(format!("{}: is a folder — name a file", path.display()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    crate::store::files::set_mode(path, 0o600).map_err(fail)?;
    Ok(())
}
