//! The `settings` table: stored overrides of `domain::settings::DEFAULTS`.

use super::rows::text;
use super::{Result, Store};
use crate::domain::settings::Settings;
use rusqlite::params;

impl Store {
    /// The effective settings (defaults with stored overrides).
    pub fn settings(&self) -> Result<Settings> {
        settings_of(self.conn())
    }

    /// Stores one setting outside the journal (tests, the demo).
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        set(self.conn(), key, value)
    }
}

/// Stores one setting through `conn`.
pub(crate) fn set(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// The effective settings read through `conn` (an import's transaction).
pub fn settings_of(conn: &rusqlite::Connection) -> Result<Settings> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let pairs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((text(r, 0)?, text(r, 1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Settings::with_stored(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ))
}
