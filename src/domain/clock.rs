//! The clock is an argument. `main` reads the wall clock (or `--today`) once
//! and passes a `Clock` down; nothing below calls `Local::now()`.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// "Now" for one run of kam: the local date and time the review is about,
/// and the UTC time used for audit stamps (`created_at`, `updated_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: NaiveDateTime,
    pub utc: NaiveDateTime,
}

/// The time of day used when `--today` fixes the date: a morning review.
pub const FIXED_TIME_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => panic!("09:00:00 is a valid time"),
};

impl Clock {
    /// The real clock.
    pub fn system() -> Clock {
        Clock {
            now: Local::now().naive_local(),
            utc: Utc::now().naive_utc(),
        }
    }

    /// A fixed clock: `today` at 09:00 local, with UTC equal to local time so
    /// that the same arguments always give the same content.
    pub fn fixed(today: NaiveDate) -> Clock {
        Clock::at(today.and_time(FIXED_TIME_OF_DAY))
    }

    /// A fixed clock at a given local date and time (tests).
    pub fn at(now: NaiveDateTime) -> Clock {
        Clock { now, utc: now }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// The audit stamp in SQLite's own format, `YYYY-MM-DD HH:MM:SS`.
    pub fn stamp(&self) -> String {
        format_date_time(self.utc)
    }
}

/// Local date-times are stored as `YYYY-MM-DD HH:MM:SS` text.
pub fn format_date_time(t: NaiveDateTime) -> String {
    t.format(DATE_TIME_FORMAT).to_string()
}

pub const DATE_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_the_morning_of_the_given_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let c = Clock::fixed(d);
        assert_eq!(c.today(), d);
        assert_eq!(c.stamp(), "2026-11-23 09:00:00");
    }

    #[test]
    fn days_between_counts_whole_days_across_a_leap_day() {
        let a = NaiveDate::from_ymd_opt(2028, 2, 28).unwrap();
        let b = NaiveDate::from_ymd_opt(2028, 3, 1).unwrap();
        assert_eq!(days_between(a, b), 2);
        assert_eq!(days_between(b, a), -2);
    }
}
