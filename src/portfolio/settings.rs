//! Settings: every tunable value with its default and the value in force,
//! and changing one (`kam settings`), checked and journaled so that
//! `kam undo` takes it back.

use super::{Portfolio, Result};
use crate::domain::settings::{DEFAULTS, Setting, checked};
use crate::domain::{ChangeKind, Clock};
use crate::store::StoreError;

/// One setting as `kam settings` lists it.
pub struct SettingRow {
    pub setting: &'static Setting,
    /// The value in force (the default when none is stored).
    pub value: i64,
}

impl Portfolio {
    /// Every setting, in the order of `DEFAULTS`.
    pub fn setting_rows(&self) -> Vec<SettingRow> {
        DEFAULTS
            .iter()
            .map(|setting| SettingRow {
                setting,
                value: self.settings.get(setting.key),
            })
            .collect()
    }

    /// Sets `key` to `value`: a known key and a whole number in its range,
    /// or nothing is written and the problem is said under `key` or
    /// `value`. Returns the setting and the value it had before.
    pub fn change_setting(
        &mut self,
        key: &str,
        value: &str,
        clock: &Clock,
    ) -> Result<(&'static Setting, i64)> {
        let (setting, v) = checked(key, value).map_err(|e| StoreError::Invalid(vec![e]))?;
        let before = self.settings.get(setting.key);
        self.write(ChangeKind::SettingChange, setting.key, clock, |w| {
            w.set_setting(setting.key, v)
        })?;
        self.settings = self.store.settings()?;
        Ok((setting, before))
    }
}
