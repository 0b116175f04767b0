//! `kam demo`: a deterministic, believable portfolio. The same arguments
//! give the same content; dates are relative to the clock passed in. The
//! mix is deliberate: every tier and relationship level, accounts resting on
//! one person, complaints of every age, overdue and planned visits, surveys
//! trending up and down, lost accounts with their reasons. At `--accounts
//! 5000` it is the benchmark portfolio of DESIGN.md (about 10 contacts, 20
//! complaints, 40 visits and 20 surveys per account), written in one
//! transaction with cached statements.

mod complaints;
mod contacts;
mod generator;
mod random;
mod surveys;
mod visits;

use crate::domain::Clock;
use crate::store::whole_file::{self, FileError, FileProblem, WholeFile};
use crate::store::{Store, StoreError};
use generator::Generator;
use random::{Rng, Words};
use std::path::Path;

/// How many rows of each kind were written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub accounts: u64,
    pub contacts: u64,
    pub complaints: u64,
    pub visits: u64,
    pub surveys: u64,
}

impl Counts {
    /// The rows of each table, as `store::backup::COUNTED` names them.
    fn rows(&self) -> [(&'static str, i64); 5] {
        let n = |count: u64| i64::try_from(count).unwrap_or(i64::MAX);
        [
            ("accounts", n(self.accounts)),
            ("contacts", n(self.contacts)),
            ("complaints", n(self.complaints)),
            ("visits", n(self.visits)),
            ("surveys", n(self.surveys)),
        ]
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} accounts, {} contacts, {} complaints, {} visits, {} surveys",
            self.accounts, self.contacts, self.complaints, self.visits, self.surveys
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The file could not be written; what was there is unchanged.
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes a demo portfolio of `accounts` accounts to a new file at `path`
/// (replacing an existing one only with `force`). It is built beside the
/// target and moved over it only when complete (`store::whole_file`) and
/// read back like a backup (`Store::close_verified`), so that an
/// interrupted run or a full disk leaves the old file, never half a
/// portfolio.
pub fn write(path: &Path, accounts: u32, clock: &Clock, force: bool) -> Result<Counts, DemoError> {
    whole_file::check_target(path, force).or_else(|e| match e.problem {
        // missing folders are created, private
        FileProblem::NoFolder => Ok(()),
        _ => Err(e),
    })?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::store::files::create_dirs_private(parent)?;
    }
    let file = WholeFile::database(path, force)?;
    let (store, counts) = Store::open(file.temp_path())
        .and_then(|mut store| fill(&mut store, accounts, clock).map(|c| (store, c)))
        .map_err(|e| building_error(path, e))?;
    // the rows are in the log until it is moved into the file: closed with
    // every error checked and read back, or the file is not renamed
    store.close_verified(path, &counts.rows())?;
    file.commit()?;
    Ok(counts)
}

/// A failure building the new portfolio: a full disk (or the disk
/// failing) is said about the file, like any file kam cannot write.
fn building_error(path: &Path, e: StoreError) -> DemoError {
    use rusqlite::ErrorCode;
    let sqlite = match &e {
        StoreError::DiskFull => return FileError::new(path, FileProblem::DiskFull).into(),
        StoreError::Sqlite(e) => Some(e),
        StoreError::Migration {
            source: rusqlite_migration::Error::RusqliteError { err, .. },
            ..
        } => Some(err),
        _ => None,
    };
    match sqlite.and_then(|e| e.sqlite_error_code().map(|c| (c, e))) {
        Some((ErrorCode::DiskFull, _)) => FileError::new(path, FileProblem::DiskFull).into(),
        Some((ErrorCode::SystemIoFailure, e)) => {
            FileError::new(path, FileProblem::Io(std::io::Error::other(e.to_string()))).into()
        }
        _ => e.into(),
    }
}

/// Adds a demo portfolio to `store`, in one transaction.
pub fn fill(store: &mut Store, accounts: u32, clock: &Clock) -> Result<Counts, StoreError> {
    let words = Words::load();
    store.set_cache_mib(256)?;
    store.transaction(|tx| {
        let mut g = Generator {
            rng: Rng(0x6B61_6D00 ^ u64::from(accounts)),
            words: &words,
            clock: *clock,
            counts: Counts::default(),
            names: Default::default(),
            zh: false,
        };
        for i in 0..accounts {
            g.account(tx, i, accounts)?;
        }
        Ok(g.counts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountStatus, RelationshipLevel, Tier};

    fn clock() -> Clock {
        Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn the_same_arguments_give_the_same_content() {
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        let ca = fill(&mut a, 12, &clock()).unwrap();
        let cb = fill(&mut b, 12, &clock()).unwrap();
        assert_eq!(ca, cb);
        let names = |s: &Store| {
            s.list_account_summaries(false, clock().now)
                .unwrap()
                .into_iter()
                .map(|r| (r.uid, r.name, r.annual_revenue))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn the_default_demo_tells_every_story() {
        let mut s = Store::open_in_memory().unwrap();
        let counts = fill(&mut s, 40, &clock()).unwrap();
        assert_eq!(counts.accounts, 40);
        let rows = [
            s.list_account_summaries(false, clock().now).unwrap(),
            s.list_account_summaries(true, clock().now).unwrap(),
        ]
        .concat();
        for t in Tier::ALL {
            assert!(rows.iter().any(|r| r.tier == *t), "tier {t}");
        }
        for l in RelationshipLevel::ALL {
            assert!(rows.iter().any(|r| r.relationship_level == *l), "level {l}");
        }
        assert!(rows.iter().any(|r| r.status == AccountStatus::Lost));
        assert!(rows.iter().any(|r| r.archived));
        assert!(
            rows.iter().any(|r| r.breadth.ties == 1),
            "a single-threaded account"
        );
        assert!(rows.iter().any(|r| r.name.is_ascii()));
        assert!(rows.iter().any(|r| !r.name.is_ascii()));
        let now = clock().now;
        assert!(
            rows.iter()
                .any(|r| r.next_planned_visit.is_some_and(|t| t < now)),
            "an overdue planned visit"
        );
        assert!(rows.iter().any(|r| r.open_complaints > 0));
        assert!(rows.iter().any(|r| r.annual_profit < 0));
        let mut names: Vec<_> = rows.iter().map(|r| &r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), rows.len(), "company names are unique");
    }
}
