//! The portfolio in and out of files: imports (CSV, a JSON portfolio),
//! exports (CSV, JSON, vCard, iCalendar), backups, and the integrity
//! check. The formats themselves are `interop`'s; this is what kam does
//! with them.

use super::{Portfolio, Result};
use crate::domain::Clock;
use crate::interop::export::{self, ExportError};
use crate::interop::import::{self, ImportError, Kind, Outcome};
use crate::store::CheckReport;
pub use crate::store::check::{BadText, FileReport};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

impl Portfolio {
    /// Imports a CSV file of `kind`: all of it, or nothing when any row has
    /// a problem. With `dry_run` every check runs and nothing is written.
    /// `progress` is told how many rows were checked, now and then.
    pub fn import_csv(
        &mut self,
        kind: Kind,
        bytes: &[u8],
        clock: &Clock,
        dry_run: bool,
        progress: impl FnMut(usize),
    ) -> Result<Outcome, ImportError> {
        import::import_csv(&mut self.store, kind, bytes, clock, dry_run, progress)
    }

    /// Reads a whole portfolio from `kam export json` into an empty
    /// database; returns (table, rows).
    pub fn import_json(&mut self, bytes: &[u8]) -> Result<Vec<(String, usize)>, ExportError> {
        export::import_json(&mut self.store, bytes)
    }

    /// One CSV file per table into `dir`; returns each file and its rows.
    pub fn export_csv(&self, dir: &Path) -> Result<Vec<(PathBuf, usize)>, ExportError> {
        export::export_csv(&self.store, dir)
    }

    /// The whole portfolio as one JSON file; returns the rows written.
    pub fn export_json(&self, file: &Path, clock: &Clock) -> Result<usize, ExportError> {
        export::export_json(&self.store, file, &clock.stamp())
    }

    /// The contacts (of one account, or all) as vCards; returns how many.
    pub fn export_vcard(&self, file: &Path, account: Option<i64>) -> Result<usize, ExportError> {
        export::export_vcard(&self.store, file, account)
    }

    /// The planned visits between two dates (inclusive) as an iCalendar
    /// file; returns how many.
    pub fn export_ics(
        &self,
        file: &Path,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        clock: &Clock,
    ) -> Result<usize, ExportError> {
        let visits = self.store.planned_visits_between(from, to)?;
        let text = crate::interop::ics::calendar(&visits, clock.utc);
        crate::interop::write_private(file, text.as_bytes()).map_err(ExportError::Refused)?;
        Ok(visits.len())
    }

    /// A consistent copy of the database at `file` (0600), even while
    /// another kam writes.
    pub fn backup(&self, file: &Path) -> Result<()> {
        Ok(self.store.backup_to(file)?)
    }

    /// Integrity, references, and the size of each table.
    pub fn check(&self) -> Result<CheckReport> {
        Ok(self.store.check()?)
    }

    /// The interface language the database's `ui.language` setting names:
    /// 1 English, 2 Chinese, anything else none.
    pub fn language_setting(&self) -> Option<crate::strings::Lang> {
        match self.settings.get("ui.language") {
            1 => Some(crate::strings::Lang::En),
            2 => Some(crate::strings::Lang::Zh),
            _ => None,
        }
    }
}

/// `kam check` on the file at `path`: whether it is a complete kam
/// database, its integrity, references and unreadable text, read without
/// writing a byte to it (no portfolio is opened: nothing is migrated).
pub fn check_file(path: &Path) -> Result<FileReport> {
    Ok(crate::store::check::check_file(path)?)
}

/// Creates a folder (and its parents) readable by its owner only (0700).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    Ok(crate::store::files::create_dirs_private(dir)?)
}
