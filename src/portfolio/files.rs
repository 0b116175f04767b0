//! The portfolio in and out of files: imports (CSV, a JSON portfolio),
//! exports (CSV, JSON, vCard, iCalendar), backups, and the integrity
//! check. The formats themselves are `interop`'s; this is what kam does
//! with them.

use super::{Portfolio, Result};
use crate::domain::Clock;
pub use crate::interop::Destination;
use crate::interop::export::{self, ExportError};
use crate::interop::import::{self, How, ImportError, Kind, Outcome};
use crate::store::CheckReport;
pub use crate::store::backup::{BackupError, Verified};
pub use crate::store::check::{BadText, FileReport};
/// Files written whole (a temporary file renamed over the target): what
/// every export and backup goes through, for the files the faces write
/// themselves (the dashboard's drafts) and the errors they say.
pub use crate::store::whole_file;
use crate::store::whole_file::{FileError, FileProblem, same_file};
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
        how: How,
        progress: impl FnMut(usize),
    ) -> Result<Outcome, ImportError> {
        import::import_csv_with(&mut self.store, kind, bytes, clock, how, progress)
    }

    /// Imports the contact cards of a vCard file (`kam import vcard`): of
    /// `account` when given, else of the account each card's `ORG` names.
    /// All or nothing, like `import_csv`.
    pub fn import_vcard(
        &mut self,
        bytes: &[u8],
        account: Option<&str>,
        clock: &Clock,
        how: How,
    ) -> Result<Outcome, crate::interop::vcard::VcardError> {
        crate::interop::vcard::import_vcard(&mut self.store, bytes, account, clock, how)
    }

    /// Reads a whole portfolio from `kam export json` into an empty
    /// database; returns (table, rows).
    pub fn import_json(&mut self, bytes: &[u8]) -> Result<Vec<(String, usize)>, ExportError> {
        export::import_json(&mut self.store, bytes)
    }

    /// One CSV file per table into `dir` (files there are replaced only
    /// when `replace`); returns each file and its rows.
    pub fn export_csv(
        &self,
        dir: &Path,
        replace: bool,
    ) -> Result<Vec<(PathBuf, usize)>, ExportError> {
        for name in export::CSV_FILES {
            self.not_the_database(&Destination::File {
                path: &dir.join(format!("{name}.csv")),
                replace,
            })?;
        }
        export::export_csv_to(&self.store, dir, replace)
    }

    /// The whole portfolio as one JSON document; returns the rows written.
    pub fn export_json(&self, dest: Destination<'_>, clock: &Clock) -> Result<usize, ExportError> {
        self.not_the_database(&dest)?;
        export::export_json_to(&self.store, dest, &clock.stamp())
    }

    /// One colleague's portfolio as the same JSON document: the accounts
    /// `owner` owns (archived ones too) with their contacts, complaints,
    /// visits and surveys, and the settings — for a colleague who shares
    /// no folder. An owner of nothing is an error naming the owners kam
    /// knows.
    pub fn export_json_of_owner(
        &self,
        owner: &str,
        dest: Destination<'_>,
        clock: &Clock,
    ) -> Result<OwnerExport, OwnerExportError> {
        let accounts = self.accounts_owned_by(owner)?;
        let owner = self.spelled(owner)?;
        self.not_the_database(&dest)?;
        let rows = export::export_json_of(&self.store, dest, &clock.stamp(), Some(&accounts))?;
        Ok(OwnerExport {
            rows,
            accounts: accounts.len(),
            owner,
        })
    }

    /// The contacts (of one account, or all) as vCards; returns how many.
    pub fn export_vcard(
        &self,
        dest: Destination<'_>,
        account: Option<i64>,
    ) -> Result<usize, ExportError> {
        self.not_the_database(&dest)?;
        export::export_vcard_to(&self.store, dest, account)
    }

    /// The visits between two dates (inclusive), cancelled and missed ones
    /// too (as cancelled), as an iCalendar file; returns how many.
    pub fn export_ics(
        &self,
        dest: Destination<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        clock: &Clock,
    ) -> Result<usize, ExportError> {
        self.not_the_database(&dest)?;
        dest.check()?;
        let visits = self.store.calendar_visits(from, to)?;
        let alarm = self.settings.get("ics.alarm_minutes");
        let text = crate::interop::ics::calendar(&visits, clock.utc, alarm, to_utc(clock));
        crate::interop::write_to(dest, |out| {
            out.write_all(text.as_bytes()).map_err(ExportError::Write)
        })?;
        Ok(visits.len())
    }

    /// A copy of the database at `file` (0600), consistent even while
    /// another kam writes, verified before it is renamed into place; an
    /// existing file is replaced only when `replace`.
    pub fn backup(&self, file: &Path, replace: bool) -> Result<Verified, BackupError> {
        self.store.backup(file, replace)
    }

    /// An export never lands on the database itself (`--force` or not).
    fn not_the_database(&self, dest: &Destination<'_>) -> Result<(), ExportError> {
        if let (Destination::File { path, .. }, Some(db)) = (dest, self.store.path())
            && same_file(path, db)
        {
            return Err(FileError::new(path, FileProblem::IsTheDatabase).into());
        }
        Ok(())
    }

    /// Integrity, references, and the size of each table.
    pub fn check(&self) -> Result<CheckReport> {
        Ok(self.store.check()?)
    }

    /// Whether the Chinese interface shows amounts from 10,000 on in 万
    /// and 亿: the `ui.wan` setting, on unless it is 0.
    pub fn amounts_in_wan(&self) -> bool {
        self.settings.get("ui.wan") != 0
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

/// What `export_json_of_owner` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerExport {
    /// Rows written, settings included.
    pub rows: usize,
    pub accounts: usize,
    /// The owner as the file spells them.
    pub owner: String,
}

/// Why one colleague's portfolio was not exported.
#[derive(Debug, thiserror::Error)]
pub enum OwnerExportError {
    /// Nobody of that name owns an account.
    #[error(transparent)]
    Owner(#[from] super::Error),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Creates a folder (and its parents) readable by its owner only (0700).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    Ok(crate::store::files::create_dirs_private(dir)?)
}

/// A visit's local time in UTC: by the computer's zone rules (daylight
/// saving included) when `clock` is the computer's own, else (a fixed
/// clock, `--today`) by the clock's offset.
fn to_utc(clock: &Clock) -> impl Fn(chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::{Local, Offset, TimeZone};
    let offset = clock.utc_offset();
    let live = i64::from(
        Local
            .offset_from_utc_datetime(&clock.utc)
            .fix()
            .local_minus_utc(),
    ) == offset.num_seconds();
    move |t| {
        let by_zone = live
            .then(|| Local.from_local_datetime(&t).earliest())
            .flatten()
            .map(|d| d.naive_utc());
        by_zone.unwrap_or(t - offset)
    }
}
