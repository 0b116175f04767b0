//! `kam import KIND FILE.csv`: spreadsheets in. Columns are matched by
//! name (the column names of the data model, or an alias — English or the
//! common Chinese headers); rows refer to their account by `account_uid`
//! or exact name, and to contacts by name within that account. Everything
//! runs in one transaction: every problem of every row is collected, and
//! if there is any, nothing is written. Re-importing the same file adds
//! nothing: rows match by `uid`, else by a natural key (the account's
//! name; a contact's name within its account; a complaint's account,
//! opening time and summary; a visit's account and time; a survey's
//! account, date and respondent).
//!
//! This module holds the entry point and the row loop; the columns and
//! headers are in `columns`, reading and parsing cells in `values`, and
//! checking and writing a row of each kind in `rows`.

mod columns;
mod promises;
mod rows;
mod values;

use crate::domain::{self, ChangeKind, Clock};
use crate::interop::table::{self, Table, TableError};
use crate::store::journal::Change;
use crate::store::{Store, StoreError};
use columns::map_headers;
use rows::{account, complaint, contact, field_problems, survey, visit};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use values::Row;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
    Complaints,
    Visits,
    Surveys,
    /// Promises (commitments).
    Commitments,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Accounts,
        Kind::Contacts,
        Kind::Complaints,
        Kind::Visits,
        Kind::Surveys,
        Kind::Commitments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Contacts => "contacts",
            Kind::Complaints => "complaints",
            Kind::Visits => "visits",
            Kind::Surveys => "surveys",
            Kind::Commitments => "commitments",
        }
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        let word = s.trim().to_lowercase();
        // the Chinese names of the screens too: kam import 客户 file.csv
        let chinese = match word.as_str() {
            "客户" => Some(Kind::Accounts),
            "联系人" => Some(Kind::Contacts),
            "投诉" => Some(Kind::Complaints),
            "拜访" => Some(Kind::Visits),
            "调查" | "满意度调查" => Some(Kind::Surveys),
            "承诺" | "promises" => Some(Kind::Commitments),
            _ => None,
        };
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == word)
            .or(chinese)
            .ok_or_else(|| crate::strings_cli::not_a_kind(s))
    }
}

/// One problem of the file: where (row and column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (1 is the header).
    pub row: usize,
    /// The header as the file has it; empty for the whole row.
    pub column: String,
    /// The column kam reads there (`outcome`); empty when there is none.
    pub field: &'static str,
    pub problem: domain::Problem,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // said in the interface language
        f.write_str(&crate::strings::import_problem(
            self.row,
            &crate::strings_cli::import_column(&self.column, self.field),
            &self.problem,
        ))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("{} problem(s); nothing was imported", .0.len())]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    /// Values changed in rows that were there before (a file without
    /// `updated_at` says no more than this about what it overwrote).
    pub fields: usize,
    pub encoding: &'static str,
    /// Rows left as stored: changed here after the file's `updated_at`.
    pub kept: Vec<Kept>,
}

enum Applied {
    Added,
    Updated,
    /// Changed here after the file was made: left as stored.
    Kept(Kept),
}

/// A row of the file not imported because the stored row changed after
/// the file's `updated_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub row: usize,
    /// The record, as the user knows it (a name, a summary, a time).
    pub what: String,
    /// When it changed here (UTC).
    pub changed_at: String,
}

/// Imports a CSV file of `kind` into the store. With `dry_run`, every
/// check runs and the counts are reported, but nothing is written.
pub fn import_csv(
    store: &mut Store,
    kind: Kind,
    bytes: &[u8],
    clock: &Clock,
    dry_run: bool,
    progress: impl FnMut(usize),
) -> Result<Outcome, ImportError> {
    let how = How {
        dry_run,
        overwrite: false,
    };
    import_csv_with(store, kind, bytes, clock, how, progress)
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct How {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Replace rows changed here after the file's `updated_at` too.
    pub overwrite: bool,
}

/// `import_csv`, with `How`.
pub fn import_csv_with(
    store: &mut Store,
    kind: Kind,
    bytes: &[u8],
    clock: &Clock,
    how: How,
    progress: impl FnMut(usize),
) -> Result<Outcome, ImportError> {
    let table: Table = table::read(bytes)?;
    import_table(store, kind, table, clock, how, progress)
}

/// `import_csv_with` of a table already read (a file's rows, or cards
/// turned into rows by `interop::vcard`).
pub fn import_table(
    store: &mut Store,
    kind: Kind,
    table: Table,
    clock: &Clock,
    how: How,
    mut progress: impl FnMut(usize),
) -> Result<Outcome, ImportError> {
    let How { dry_run, overwrite } = how;
    let (mapping, headers) = map_headers(kind, &table.headers).map_err(ImportError::Problems)?;
    store.set_cache_mib(64)?;
    let mut outcome = Outcome {
        rows: table.rows.len(),
        added: 0,
        updated: 0,
        fields: 0,
        encoding: table.encoding,
        kept: Vec::new(),
    };
    let mut problems = Vec::new();
    // the whole file is one change of the journal (none when dry)
    let change = Change::new(
        ChangeKind::Import,
        format!("{} · {}", kind.as_str(), table.rows.len()),
    );
    let result = store.record(&change, clock, dry_run, |w| {
        let tx = w.conn();
        for (n, (line, cells)) in table.rows.iter().enumerate() {
            if n > 0 && n % 10_000 == 0 {
                progress(n);
            }
            let mut values = HashMap::new();
            for (i, cell) in cells.iter().enumerate() {
                if let Some(Some(name)) = mapping.get(i) {
                    values.insert(*name, cell.as_str());
                }
            }
            if cells.len() > mapping.len()
                && cells[mapping.len()..].iter().any(|c| !c.trim().is_empty())
            {
                problems.push(Problem {
                    row: *line,
                    column: String::new(),
                    field: "",
                    problem: domain::Problem::CellCount {
                        cells: cells.len(),
                        columns: mapping.len(),
                    },
                });
                continue;
            }
            let mut row = Row {
                line: *line,
                values,
                headers: &headers,
                problems: Vec::new(),
                overwrite,
            };
            let applied = match kind {
                Kind::Accounts => account(tx, &mut row, clock),
                Kind::Contacts => contact(tx, &mut row, clock),
                Kind::Complaints => complaint(tx, &mut row, clock),
                Kind::Visits => visit(tx, &mut row, clock),
                Kind::Surveys => survey(tx, &mut row, clock),
                Kind::Commitments => promises::commitment(tx, &mut row, clock),
            };
            match applied {
                Ok(Some(Applied::Added)) => outcome.added += 1,
                Ok(Some(Applied::Updated)) => outcome.updated += 1,
                Ok(Some(Applied::Kept(kept))) => outcome.kept.push(kept),
                Ok(None) => {}
                // a rule the store checks: name the row (and the field)
                Err(StoreError::Invalid(errors)) => field_problems(&mut row, errors),
                Err(StoreError::Refused(problem)) => row.problems.push(Problem {
                    row: *line,
                    column: String::new(),
                    field: "",
                    problem,
                }),
                // a rule of the database: name the row
                Err(StoreError::Rejected(m)) => row.problems.push(Problem {
                    row: *line,
                    column: String::new(),
                    field: "",
                    problem: domain::Problem::Database(m),
                }),
                Err(e) => return Err(e),
            }
            problems.extend(row.problems);
        }
        if !problems.is_empty() {
            // undo everything: all or nothing
            return Err(StoreError::Rejected(String::new()));
        }
        Ok(())
    });
    match result {
        Ok(recorded) => Ok(Outcome {
            fields: recorded.fields,
            ..outcome
        }),
        Err(_) if !problems.is_empty() => Err(ImportError::Problems(problems)),
        Err(e) => Err(e.into()),
    }
}
