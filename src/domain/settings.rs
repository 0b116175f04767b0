//! Tunable thresholds and targets, with their defaults, in one place. The
//! `settings` table stores only what the user changed; everything else
//! comes from `DEFAULTS`.

use super::{Severity, Tier};
use std::collections::HashMap;

/// One tunable value: its key in the `settings` table, its default, the
/// whole numbers it may take, and what it means.
#[derive(Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub default: i64,
    pub min: i64,
    pub max: i64,
    pub meaning: &'static str,
}

const fn set(key: &'static str, default: i64, meaning: &'static str) -> Setting {
    let (min, max) = range(key);
    Setting {
        key,
        default,
        min,
        max,
        meaning,
    }
}

/// The values a setting may take, by what it counts.
const fn range(key: &str) -> (i64, i64) {
    let k = key.as_bytes();
    if starts(k, b"cadence_days.") || starts(k, b"breadth.dormant_days") {
        (1, 3650)
    } else if starts(k, b"due_soon.percent") || starts(k, b"complaint_target_percent.") {
        (0, 100)
    } else if starts(k, b"due_soon.min_days") {
        (0, 365)
    } else if starts(k, b"breadth.strong_tie") {
        (1, 5)
    } else if starts(k, b"breadth.") {
        (1, 20)
    } else if starts(k, b"complaint_target_hours.") {
        (1, 8760)
    } else if starts(k, b"ics.alarm_minutes") {
        (0, 10080)
    } else if starts(k, b"ui.language") {
        (0, 2)
    } else {
        (0, 1)
    }
}

const fn starts(s: &[u8], prefix: &[u8]) -> bool {
    if s.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if s[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The setting `key` set to `value` (a whole number in its range), or what
/// is wrong with it, under `setting` (an unknown one) or the setting's own key.
pub fn checked(key: &str, value: &str) -> Result<(&'static Setting, i64), super::FieldError> {
    use super::{FieldError, Problem};
    let Some(setting) = DEFAULTS.iter().find(|d| d.key == key.trim()) else {
        return Err(FieldError::new(
            "setting",
            Problem::NotOneOf {
                value: key.to_string(),
                allowed: DEFAULTS.iter().map(|d| d.key).collect(),
            },
        ));
    };
    let (min, max) = (setting.min, setting.max);
    match super::text::narrow_str(value).trim().parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => Ok((setting, v)),
        _ => Err(FieldError::new(
            setting.key,
            Problem::NotWhole {
                value: value.to_string(),
                min,
                max,
            },
        )),
    }
}

#[rustfmt::skip]
pub const DEFAULTS: &[Setting] = &[
    set("cadence_days.key", 14, "days between visits for a key account"),
    set("cadence_days.important", 30, "days between visits for an important account"),
    set("cadence_days.general", 90, "days between visits for a general account"),
    set("due_soon.percent", 20, "an account is due soon in this last share of its cadence (%)"),
    set("due_soon.min_days", 2, "the due-soon warning lasts at least this many days"),
    set("breadth.strong_tie", 4, "a tie at least this strong (1-5) is strong"),
    set("breadth.dormant_days", 90, "days without a done visit after which a tie is dormant"),
    set("breadth.broad_departments", 4, "departments reached for a broad verdict"),
    set("breadth.broad_levels", 2, "seniority levels reached for a broad verdict"),
    set("breadth.broad_holders", 2, "people on our side holding ties for a broad verdict"),
    set("complaint_target_hours.critical", 24, "response target of a critical complaint"),
    set("complaint_target_hours.high", 72, "response target of a high-severity complaint"),
    set("complaint_target_hours.medium", 168, "response target of a medium-severity complaint"),
    set("complaint_target_hours.low", 336, "response target of a low-severity complaint"),
    set("complaint_target_percent.key", 50, "key accounts get this share of the target"),
    set("ics.alarm_minutes", 30, "calendar export: a reminder this many minutes before a planned visit (0: none)"),
    set("ui.language", 0, "interface language: 0 follows the locale, 1 English, 2 Chinese (zh-CN)"),
    set("ui.wan", 1, "in the Chinese interface, amounts from 10,000 on in 万 and 亿 (1) or written out (0)"),
];

/// The warning zone before a visit falls due by cadence: the last
/// `percent` of the cadence, at least `min_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueSoon {
    pub percent: i64,
    pub min_days: i64,
}

impl Default for DueSoon {
    fn default() -> DueSoon {
        Settings::default().due_soon()
    }
}

impl DueSoon {
    /// Days of the zone for a cadence: the share of it (rounded), at least
    /// `min_days`, at most the cadence.
    pub fn days(self, cadence_days: u32) -> i64 {
        let cadence = i64::from(cadence_days.max(1));
        let share = (cadence * self.percent + 50) / 100;
        share.max(self.min_days).min(cadence)
    }
}

const SEVERITIES: usize = Severity::ALL.len();

/// The effective settings: defaults overridden by the stored values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    values: HashMap<&'static str, i64>,
    /// Complaint response targets in minutes by severity (in
    /// `Severity::ALL` order), for other accounts then key accounts:
    /// worked out once, as every open complaint on screen asks for one.
    targets: [[i64; 2]; SEVERITIES],
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::from_values(DEFAULTS.iter().map(|d| (d.key, d.default)).collect())
    }
}

impl Settings {
    /// Applies stored `(key, value)` pairs; unknown keys and values that are
    /// not whole numbers are ignored (and keep their defaults).
    pub fn with_stored<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Settings {
        let mut values: HashMap<&'static str, i64> =
            DEFAULTS.iter().map(|d| (d.key, d.default)).collect();
        for (key, value) in pairs {
            if let (Some(d), Ok(v)) = (
                DEFAULTS.iter().find(|d| d.key == key),
                value.trim().parse::<i64>(),
            ) {
                values.insert(d.key, v);
            }
        }
        Settings::from_values(values)
    }

    fn from_values(values: HashMap<&'static str, i64>) -> Settings {
        let mut s = Settings {
            values,
            targets: [[0; 2]; SEVERITIES],
        };
        for (i, severity) in Severity::ALL.iter().enumerate() {
            let hours = s.get(&format!("complaint_target_hours.{}", severity.as_str()));
            let minutes = hours.max(1) * 60;
            let key = minutes * s.get("complaint_target_percent.key").clamp(1, 100) / 100;
            s.targets[i] = [minutes.max(1), key.max(1)];
        }
        s
    }

    /// The response target of a complaint, in minutes: the hours set for
    /// its severity, cut to the key-account percentage for key accounts.
    pub fn target_minutes(&self, severity: Severity, tier: Tier) -> i64 {
        let i = Severity::ALL.iter().position(|s| *s == severity);
        self.targets[i.unwrap_or(0)][usize::from(tier == Tier::Key)]
    }

    /// The value of a known key.
    pub fn get(&self, key: &str) -> i64 {
        self.values.get(key).copied().unwrap_or_else(|| {
            debug_assert!(false, "unknown setting {key}");
            0
        })
    }

    /// How many days before its due day an account of this cadence is due
    /// soon (`DueSoon::days`).
    pub fn due_soon_days(&self, cadence_days: u32) -> i64 {
        self.due_soon().days(cadence_days)
    }

    /// The warning zone's settings, for screens that work it out per row.
    pub fn due_soon(&self) -> DueSoon {
        DueSoon {
            percent: self.get("due_soon.percent").clamp(0, 100),
            min_days: self.get("due_soon.min_days").max(0),
        }
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
    fn due_soon_is_a_share_of_the_cadence_and_at_least_two_days() {
        let s = Settings::default();
        assert_eq!(s.due_soon_days(14), 3);
        assert_eq!(s.due_soon_days(30), 6);
        assert_eq!(s.due_soon_days(90), 18);
        assert_eq!(s.due_soon_days(5), 2);
        assert_eq!(s.due_soon_days(1), 1);
    }

    #[test]
    fn keys_are_unique() {
        for (i, a) in DEFAULTS.iter().enumerate() {
            assert!(
                DEFAULTS[i + 1..].iter().all(|b| b.key != a.key),
                "{}",
                a.key
            );
        }
    }

    #[test]
    fn a_value_that_is_not_a_number_keeps_the_default() {
        let s = Settings::with_stored([("cadence_days.key", "soon")]);
        assert_eq!(s.cadence_days(Tier::Key), 14);
    }

    #[test]
    fn every_default_lies_in_its_range_and_checked_keeps_to_it() {
        for d in DEFAULTS {
            assert!(d.min <= d.default && d.default <= d.max, "{}", d.key);
            assert!(checked(d.key, &d.max.to_string()).is_ok(), "{}", d.key);
            let past = checked(d.key, &(d.max + 1).to_string()).unwrap_err();
            assert_eq!(past.field, d.key);
        }
        assert_eq!(
            checked("breadth.strong_tie", "6").unwrap_err().field,
            "breadth.strong_tie"
        );
        assert_eq!(checked("no.such", "1").unwrap_err().field, "setting");
        assert_eq!(checked(" ui.wan ", "０").map(|(_, v)| v), Ok(0));
    }
}
