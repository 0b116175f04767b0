//! Tunable thresholds and targets, with their defaults, in one place. The
//! `settings` table stores only what the user changed; everything else
//! comes from `DEFAULTS`.

use super::Tier;
use std::collections::HashMap;

/// (key, default, what it means). Values are whole numbers.
pub const DEFAULTS: &[(&str, i64, &str)] = &[
    (
        "cadence_days.key",
        14,
        "days between visits for a key account",
    ),
    (
        "cadence_days.important",
        30,
        "days between visits for an important account",
    ),
    (
        "cadence_days.general",
        90,
        "days between visits for a general account",
    ),
];

/// The effective settings: defaults overridden by the stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    values: HashMap<&'static str, i64>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            values: DEFAULTS.iter().map(|(k, v, _)| (*k, *v)).collect(),
        }
    }
}

impl Settings {
    /// Applies stored `(key, value)` pairs; unknown keys and values that are
    /// not whole numbers are ignored (and keep their defaults).
    pub fn with_stored<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Settings {
        let mut s = Settings::default();
        for (key, value) in pairs {
            if let (Some((k, _, _)), Ok(v)) = (
                DEFAULTS.iter().find(|(k, _, _)| *k == key),
                value.trim().parse::<i64>(),
            ) {
                s.values.insert(k, v);
            }
        }
        s
    }

    /// The value of a known key.
    pub fn get(&self, key: &str) -> i64 {
        self.values.get(key).copied().unwrap_or_else(|| {
            DEFAULTS
                .iter()
                .find(|(k, _, _)| *k == key)
                .map(|(_, v, _)| *v)
                .unwrap_or(0)
        })
    }

    /// The default visit cadence of a tier, in days.
    pub fn cadence_days(&self, tier: Tier) -> u32 {
        let v = self.get(&format!("cadence_days.{}", tier.as_str()));
        u32::try_from(v)
            .unwrap_or(tier.default_cadence_days())
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_until_overridden() {
        let s = Settings::default();
        assert_eq!(s.cadence_days(Tier::Key), 14);
        let s = Settings::with_stored([("cadence_days.key", "10"), ("nonsense", "3")]);
        assert_eq!(s.cadence_days(Tier::Key), 10);
        assert_eq!(s.cadence_days(Tier::General), 90);
    }

    #[test]
    fn a_value_that_is_not_a_number_keeps_the_default() {
        let s = Settings::with_stored([("cadence_days.key", "soon")]);
        assert_eq!(s.cadence_days(Tier::Key), 14);
    }
}
