//! What kam does, between the store and its two faces (the dashboard and
//! the command line): the read models each screen and command shows, and
//! the use cases that change the portfolio, each one function with a typed
//! result. The faces call this layer and nothing below it; this layer
//! knows no terminal and no command line.
//!
//! Stored health scores go stale with the clock: every function here that
//! reads them makes them fresh first, so no caller has to remember to.

pub mod account;
pub mod accounts;
pub mod brief;
pub mod commitments;
pub mod complaints;
pub mod contacts;
pub mod edit;
mod error;
pub mod files;
pub mod handover;
pub mod journal;
pub mod records;
pub mod settings;
pub mod surveys;
pub mod sync;
pub mod today;
pub mod visits;

pub use error::{Error, Record};

use crate::domain::breadth::Thresholds;
use crate::domain::settings::Settings;
use crate::domain::{ChangeKind, Clock};
use crate::store::Store;
use crate::store::journal::Change;
use crate::store::write::Writer;
use chrono::NaiveDateTime;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who is told, on this thread, when a write has waited half a second for
/// another kam's write lock (the dashboard, to say so), or nobody.
pub fn when_waiting(notice: Option<Box<dyn FnMut()>>) {
    crate::store::waiting::when_waiting(notice);
}

/// One portfolio database and what kam does with it.
pub struct Portfolio {
    store: Store,
    settings: Settings,
    /// The changes this kam made, latest last: what undo takes back.
    undo: Vec<i64>,
    /// The undos of this kam, latest last: what redo puts back.
    redo: Vec<i64>,
    /// Names of records a history has shown, by (table, id).
    names: std::cell::RefCell<std::collections::HashMap<(String, i64), String>>,
    /// The colleagues the file names, and the file's change stamp they
    /// were read at (reading them scans every contact).
    colleagues: std::cell::RefCell<Option<handover::Known>>,
}

impl Portfolio {
    /// The portfolio of an opened store; its settings are read once (the
    /// defaults when they cannot be).
    pub fn new(store: Store) -> Portfolio {
        let settings = store.settings().unwrap_or_default();
        Portfolio {
            store,
            settings,
            undo: Vec::new(),
            redo: Vec::new(),
            names: Default::default(),
            colleagues: Default::default(),
        }
    }

    /// The thresholds and targets in effect.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The breadth thresholds of the settings.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds::from_settings(&self.settings)
    }

    /// Whether nothing can be saved (the file was opened read-only).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// What the check at open found wrong with the file; it is then read
    /// only (`is_read_only`) and every change is refused.
    pub fn damage(&self) -> Option<&str> {
        self.store.damage()
    }

    /// The database file, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.store.path()
    }

    /// One-line notices from opening the file (e.g. permissions tightened).
    pub fn take_notices(&mut self) -> Vec<crate::store::files::Notice> {
        self.store.take_notices()
    }

    /// The store behind the portfolio, for tests and benchmarks that check
    /// what was written. The faces never use it: they go through the
    /// functions of this layer.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to write to it directly (tests that set up a case).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Carries out one write as one recorded change (the journal keeps it
    /// with the write, or neither), and remembers it for undo.
    fn write<T>(
        &mut self,
        kind: ChangeKind,
        subject: impl Into<String>,
        clock: &Clock,
        f: impl FnOnce(&Writer<'_>) -> crate::store::Result<T>,
    ) -> Result<T> {
        let change = Change::new(kind, subject);
        let recorded = self.store.record(&change, clock, false, f)?;
        if let Some(id) = recorded.change {
            self.undo.push(id);
            self.redo.clear();
        }
        Ok(recorded.value)
    }

    /// The name of an account, for what a change was about ('' if gone).
    fn account_name(&self, id: i64) -> String {
        self.store
            .get_account(id)
            .ok()
            .flatten()
            .map(|a| a.input.name)
            .unwrap_or_default()
    }

    /// Makes the stored health scores fresh at `now`, before reading them.
    fn fresh(&self, now: NaiveDateTime) -> Result<()> {
        self.store.refresh_health(now)?;
        Ok(())
    }
}
