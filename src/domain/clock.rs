//! The clock is an argument. `main` reads the wall clock (or `--today`) once
//! and passes a `Clock` down; nothing below calls `Local::now()`.

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

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
        // one instant, so that `now - utc` is the offset exactly
        let instant = Utc::now();
        Clock {
            now: instant.with_timezone(&Local).naive_local(),
            utc: instant.naive_utc(),
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

    /// How far local time is ahead of UTC, to the minute (the offset now:
    /// a stamp from before a change of daylight saving time is shown an
    /// hour off).
    pub fn utc_offset(&self) -> chrono::Duration {
        let seconds = (self.now - self.utc).num_seconds();
        chrono::Duration::minutes((seconds as f64 / 60.0).round() as i64)
    }

    /// A UTC time (an audit stamp) as local time.
    pub fn local(&self, utc: NaiveDateTime) -> NaiveDateTime {
        utc.checked_add_signed(self.utc_offset()).unwrap_or(utc)
    }

    /// The audit stamp in SQLite's own format, `YYYY-MM-DD HH:MM:SS`.
    pub fn stamp(&self) -> String {
        format_date_time(self.utc)
    }
}

/// Local date-times are stored as `YYYY-MM-DD HH:MM:SS` text. Written
/// out directly: chrono's format strings are parsed on every call, and the
/// stored health scores write one per account.
pub fn format_date_time(t: NaiveDateTime) -> String {
    if !(0..=9999).contains(&t.year()) {
        return t.format(DATE_TIME_FORMAT).to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub const DATE_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Reads a stored `YYYY-MM-DD` date. Screens read thousands of them per
/// frame, so the fixed layout is read directly rather than through a
/// format string (which cost a tenth of the Today screen at 5,000 accounts).
pub fn parse_stored_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    NaiveDate::from_ymd_opt(year as i32, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// Reads a stored `YYYY-MM-DD HH:MM:SS` date-time (seconds optional).
pub fn parse_stored_date_time(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if !(b.len() == 16 || b.len() == 19) || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let date = parse_stored_date(&s[..10])?;
    let seconds = if b.len() == 19 {
        if b[16] != b':' {
            return None;
        }
        digits(&b[17..19])?
    } else {
        0
    };
    date.and_hms_opt(digits(&b[11..13])?, digits(&b[14..16])?, seconds)
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_read_back_as_written() {
        let t = NaiveDate::from_ymd_opt(2026, 2, 28)
            .unwrap()
            .and_hms_opt(23, 59, 7)
            .unwrap();
        assert_eq!(parse_stored_date_time(&format_date_time(t)), Some(t));
        assert_eq!(
            parse_stored_date_time("2026-02-28 23:59"),
            Some(t - chrono::Duration::seconds(7))
        );
        assert_eq!(parse_stored_date("2026-02-28"), Some(t.date()));
        for bad in [
            "",
            "2026-02-30",
            "2026-2-28",
            "2026-02-28 24:00:00",
            "2026-02-28T23:59:07",
            "２０２６-02-28",
            "2026-02-28 23:59:0x",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse_stored_date(bad), None, "{bad}");
            assert_eq!(parse_stored_date_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn fixed_clock_is_the_morning_of_the_given_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let c = Clock::fixed(d);
        assert_eq!(c.today(), d);
        assert_eq!(c.stamp(), "2026-11-23 09:00:00");
    }

    #[test]
    fn audit_stamps_read_in_local_time() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        // Asia/Shanghai, read a few microseconds apart
        let c = Clock {
            now,
            utc: now - chrono::Duration::hours(8) + chrono::Duration::microseconds(40),
        };
        assert_eq!(c.utc_offset(), chrono::Duration::hours(8));
        let stamp = parse_stored_date_time("2026-11-22 23:30:00").unwrap();
        assert_eq!(format_date_time(c.local(stamp)), "2026-11-23 07:30:00");
        // a fixed clock: UTC is local time
        assert_eq!(Clock::at(now).local(stamp), stamp);
        // the system clock's two readings are one instant
        let system = Clock::system();
        assert_eq!((system.now - system.utc).num_seconds() % 60, 0);
    }

    #[test]
    fn days_between_counts_whole_days_across_a_leap_day() {
        let a = NaiveDate::from_ymd_opt(2028, 2, 28).unwrap();
        let b = NaiveDate::from_ymd_opt(2028, 3, 1).unwrap();
        assert_eq!(days_between(a, b), 2);
        assert_eq!(days_between(b, a), -2);
    }
}
