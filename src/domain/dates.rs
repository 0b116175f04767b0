//! The one date and time parser of kam: every date field uses it. It reads
//! what people type — `2026-12-01`, `12-01`, `today`, `+3d`, `fri`,
//! `下周一` — relative to a `today` that is always passed in, and says why
//! when it cannot.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};

/// How to resolve input that names no year or week: the next such day
/// (scheduling) or the last one (logging what happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Future,
    Past,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("enter a date")]
    Empty,
    #[error(
        "'{0}' is not a date — try 2026-12-01, 12-01, today, tomorrow, +3d, +2w, +1m or a weekday like fri"
    )]
    NotADate(String),
    #[error("{input}: month must be 1–12")]
    Month { input: String },
    #[error("{input}: {month} {year} has only {days} days")]
    Day {
        input: String,
        month: &'static str,
        year: i32,
        days: u32,
    },
    #[error("{input}: year must be between 1900 and 2200")]
    Year { input: String },
    #[error("{0}: that is too far away")]
    TooFar(String),
    #[error("'{0}' is not a time — try 9:30, 14:00 or 930")]
    NotATime(String),
    #[error("{0}: hour must be 0–23")]
    Hour(String),
    #[error("{0}: minutes must be 0–59")]
    Minute(String),
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Fullwidth digits and signs, as typed with a Chinese input method, become
/// ASCII; letters are lower-cased.
fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＋' => '+',
            '－' | '−' => '-',
            '／' => '/',
            '．' | '。' => '.',
            '：' => ':',
            '　' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 31,
    }
}

/// A calendar date, or the reason it is not one.
fn ymd(input: &str, year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    if !(1900..=2200).contains(&year) {
        return Err(DateError::Year {
            input: input.into(),
        });
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Month {
            input: input.into(),
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::Day {
        input: input.into(),
        month: MONTHS[month as usize - 1],
        year,
        days: days_in_month(year, month),
    })
}

/// Splits `2026-12-01`, `2026/12/01`, `12-01`, `12/1` into numbers.
fn numbers(s: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    parts
        .iter()
        .map(|p| {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect()
}

fn weekday(word: &str) -> Option<Weekday> {
    let w = match word {
        "mon" | "monday" | "一" => Weekday::Mon,
        "tue" | "tues" | "tuesday" | "二" => Weekday::Tue,
        "wed" | "weds" | "wednesday" | "三" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" | "四" => Weekday::Thu,
        "fri" | "friday" | "五" => Weekday::Fri,
        "sat" | "saturday" | "六" => Weekday::Sat,
        "sun" | "sunday" | "日" | "天" => Weekday::Sun,
        _ => return None,
    };
    Some(w)
}

/// A weekday named in Chinese: 周一, 星期一, 礼拜一 (the part after the prefix).
fn chinese_weekday(s: &str) -> Option<Weekday> {
    ["周", "星期", "礼拜"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .and_then(weekday)
}

/// The next `w` strictly after `today`, or the last one strictly before.
fn nearest_weekday(today: NaiveDate, w: Weekday, prefer: Prefer) -> NaiveDate {
    let from = today.weekday().num_days_from_monday() as i64;
    let to = w.num_days_from_monday() as i64;
    match prefer {
        Prefer::Future => {
            let ahead = (to - from).rem_euclid(7);
            today + chrono::Duration::days(if ahead == 0 { 7 } else { ahead })
        }
        Prefer::Past => {
            let back = (from - to).rem_euclid(7);
            today - chrono::Duration::days(if back == 0 { 7 } else { back })
        }
    }
}

/// Weekday `w` of the calendar week (Monday first) `weeks` weeks from this one.
fn weekday_of_week(today: NaiveDate, w: Weekday, weeks: i64) -> NaiveDate {
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    monday + chrono::Duration::days(weeks * 7 + w.num_days_from_monday() as i64)
}

/// Adds `n` units (d, w, m, y) to `today`; months clamp to the month's end.
fn offset(input: &str, today: NaiveDate, n: i64, unit: char) -> Result<NaiveDate, DateError> {
    let too_far = || DateError::TooFar(input.into());
    let days = |d: i64| -> Result<NaiveDate, DateError> {
        let magnitude = Days::new(d.unsigned_abs());
        if d >= 0 {
            today.checked_add_days(magnitude)
        } else {
            today.checked_sub_days(magnitude)
        }
        .ok_or_else(too_far)
    };
    let months = |m: i64| -> Result<NaiveDate, DateError> {
        let magnitude = Months::new(u32::try_from(m.unsigned_abs()).map_err(|_| too_far())?);
        if m >= 0 {
            today.checked_add_months(magnitude)
        } else {
            today.checked_sub_months(magnitude)
        }
        .ok_or_else(too_far)
    };
    let date = match unit {
        'd' => days(n)?,
        'w' => days(n.checked_mul(7).ok_or_else(too_far)?)?,
        'm' => months(n)?,
        'y' => months(n.checked_mul(12).ok_or_else(too_far)?)?,
        _ => return Err(DateError::NotADate(input.into())),
    };
    if !(1900..=2200).contains(&date.year()) {
        return Err(too_far());
    }
    Ok(date)
}

/// The unit of an offset: `d`, `days`, `天`, `周`, `个月` …
fn unit(word: &str) -> Option<char> {
    let u = match word.trim() {
        "d" | "day" | "days" | "天" | "日" => 'd',
        "w" | "wk" | "week" | "weeks" | "周" | "星期" | "个星期" => 'w',
        "m" | "mo" | "month" | "months" | "月" | "个月" => 'm',
        "y" | "yr" | "year" | "years" | "年" => 'y',
        _ => return None,
    };
    Some(u)
}

/// `+3d`, `-2 weeks`, `+1个月`, `3天后`, `3天前`: a signed count and a unit.
fn relative(s: &str) -> Option<(i64, char)> {
    let (sign, rest) = if let Some(r) = s.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = s.strip_prefix('-') {
        (-1, r)
    } else if let Some(r) = s.strip_suffix('后').or_else(|| s.strip_suffix("以后")) {
        (1, r)
    } else if let Some(r) = s.strip_suffix('前').or_else(|| s.strip_suffix("以前")) {
        (-1, r)
    } else {
        return None;
    };
    let rest = rest.trim();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 7 {
        return None;
    }
    let n: i64 = rest[..digits].parse().ok()?;
    Some((sign * n, unit(&rest[digits..])?))
}

/// Reads a date typed by a person. Empty input is an error: callers handle
/// optional fields themselves.
pub fn parse_date(input: &str, today: NaiveDate, prefer: Prefer) -> Result<NaiveDate, DateError> {
    let date = parse_any_date(input, today, prefer)?;
    // every form — a weekday or a month-day near the limits too — lands
    // in the years kam accepts
    if !(1900..=2200).contains(&date.year()) {
        return Err(DateError::Year {
            input: input.trim().into(),
        });
    }
    Ok(date)
}

fn parse_any_date(input: &str, today: NaiveDate, prefer: Prefer) -> Result<NaiveDate, DateError> {
    let s = normalize(input);
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let shown = input.trim();
    let day = |d: i64| offset(shown, today, d, 'd');
    match s.as_str() {
        "today" | "now" | "今天" | "今日" => return Ok(today),
        "tomorrow" | "tmr" | "明天" | "明日" => return day(1),
        "yesterday" | "昨天" | "昨日" => return day(-1),
        "后天" => return day(2),
        "大后天" => return day(3),
        "前天" => return day(-2),
        _ => {}
    }
    if let Some((n, u)) = relative(&s) {
        return offset(shown, today, n, u);
    }
    if let Some(w) = weekday(&s).or_else(|| chinese_weekday(&s)) {
        return Ok(nearest_weekday(today, w, prefer));
    }
    if let Some(rest) = s.strip_prefix("next ").or_else(|| s.strip_prefix("下"))
        && let Some(w) = weekday(rest.trim()).or_else(|| chinese_weekday(rest.trim()))
    {
        return Ok(weekday_of_week(today, w, 1));
    }
    if let Some(rest) = s.strip_prefix("last ").or_else(|| s.strip_prefix("上"))
        && let Some(w) = weekday(rest.trim()).or_else(|| chinese_weekday(rest.trim()))
    {
        return Ok(weekday_of_week(today, w, -1));
    }
    match numbers(&s).as_deref() {
        Some([y, m, d]) if *y >= 100 => ymd(shown, *y as i32, *m, *d),
        Some([m, d]) => month_day(shown, today, *m, *d, prefer),
        _ => Err(DateError::NotADate(shown.into())),
    }
}

/// `12-01`: this year's, or the nearest in the preferred direction.
fn month_day(
    input: &str,
    today: NaiveDate,
    month: u32,
    day: u32,
    prefer: Prefer,
) -> Result<NaiveDate, DateError> {
    if !(1..=12).contains(&month) {
        return Err(DateError::Month {
            input: input.into(),
        });
    }
    if day == 0 || day > days_in_month(2000, month) {
        // 2000 is a leap year: this is the most days the month ever has
        return Err(DateError::Day {
            input: input.into(),
            month: MONTHS[month as usize - 1],
            year: today.year(),
            days: days_in_month(today.year(), month),
        });
    }
    let step: i32 = if prefer == Prefer::Future { 1 } else { -1 };
    // Feb 29 may be up to 8 years away (e.g. 2096 → 2104)
    (0..=8)
        .map(|k| today.year() + step * k)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| match prefer {
            Prefer::Future => *d >= today,
            Prefer::Past => *d <= today,
        })
        .ok_or_else(|| DateError::NotADate(input.into()))
}

/// Reads a time of day: `9:30`, `14:00`, `930`, `9am`, `下午2点`.
pub fn parse_time(input: &str) -> Result<NaiveTime, DateError> {
    let shown = input.trim();
    let s = normalize(input).replace(' ', "");
    if s.is_empty() {
        return Err(DateError::NotATime(shown.into()));
    }
    let (s, pm, am) = if let Some(r) = s.strip_prefix("下午").or_else(|| s.strip_prefix("晚上"))
    {
        (r.to_string(), true, false)
    } else if let Some(r) = s.strip_prefix("上午").or_else(|| s.strip_prefix("早上")) {
        (r.to_string(), false, true)
    } else if let Some(r) = s.strip_suffix("pm").or_else(|| s.strip_suffix("p.m.")) {
        (r.to_string(), true, false)
    } else if let Some(r) = s.strip_suffix("am").or_else(|| s.strip_suffix("a.m.")) {
        (r.to_string(), false, true)
    } else {
        (s, false, false)
    };
    // seconds, as spreadsheets and databases write them, are dropped
    let s = match s.matches(':').count() {
        2 => match s.rsplit_once(':') {
            Some((hm, sec)) if sec.len() == 2 && sec.bytes().all(|b| b.is_ascii_digit()) => {
                hm.to_string()
            }
            _ => s,
        },
        _ => s,
    };
    let (hour, minute) = if let Some(r) = s.strip_suffix("点半") {
        (r.to_string(), "30".to_string())
    } else if let Some((h, m)) = s.split_once('点') {
        (h.to_string(), m.strip_suffix('分').unwrap_or(m).to_string())
    } else if let Some((h, m)) = s.split_once([':', '.']) {
        (h.to_string(), m.to_string())
    } else if (s.len() == 3 || s.len() == 4) && s.bytes().all(|b| b.is_ascii_digit()) {
        let cut = s.len() - 2;
        (s[..cut].to_string(), s[cut..].to_string())
    } else {
        (s, String::new())
    };
    let num = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let mut h = num(&hour).ok_or_else(|| DateError::NotATime(shown.into()))?;
    let m = if minute.is_empty() {
        0
    } else {
        num(&minute).ok_or_else(|| DateError::NotATime(shown.into()))?
    };
    if pm || am {
        if !(1..=12).contains(&h) {
            return Err(DateError::Hour(shown.into()));
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    if h > 23 {
        return Err(DateError::Hour(shown.into()));
    }
    if m > 59 {
        return Err(DateError::Minute(shown.into()));
    }
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| DateError::NotATime(shown.into()))
}

/// `DATE` or `DATE TIME`: the time is the last word, when it reads as one.
pub fn parse_date_time(
    input: &str,
    today: NaiveDate,
    prefer: Prefer,
) -> Result<(NaiveDate, Option<NaiveTime>), DateError> {
    let trimmed = input.trim();
    if let Some((date, time)) = trimmed.rsplit_once(char::is_whitespace)
        && let Ok(t) = parse_time(time)
        && let Ok(d) = parse_date(date, today, prefer)
    {
        return Ok((d, Some(t)));
    }
    parse_date(trimmed, today, prefer).map(|d| (d, None))
}

/// The next birthday on or after `today`; a 29 February birthday is kept
/// on 28 February in other years (the Today review and the brief).
pub fn next_birthday(born: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, born.month(), born.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, born.month(), born.day() - 1))
    };
    let this = on(today.year())?;
    if this >= today {
        Some(this)
    } else {
        on(today.year() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Prefer::{Future, Past};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 2026-11-24 is a Tuesday.
    fn tue() -> NaiveDate {
        d(2026, 11, 24)
    }

    #[test]
    fn dates_relative_to_today() {
        let cases = [
            ("2026-12-01", d(2026, 12, 1)),
            ("2026/12/1", d(2026, 12, 1)),
            ("2026.1.5", d(2026, 1, 5)),
            ("today", tue()),
            ("TODAY", tue()),
            ("tomorrow", d(2026, 11, 25)),
            ("yesterday", d(2026, 11, 23)),
            ("+3d", d(2026, 11, 27)),
            ("+3 d", d(2026, 11, 27)),
            ("+3 days", d(2026, 11, 27)),
            ("+2w", d(2026, 12, 8)),
            ("+2 weeks", d(2026, 12, 8)),
            ("+1m", d(2026, 12, 24)),
            ("+1 month", d(2026, 12, 24)),
            ("+1y", d(2027, 11, 24)),
            ("-3d", d(2026, 11, 21)),
            ("-2w", d(2026, 11, 10)),
            ("-1m", d(2026, 10, 24)),
            ("+0d", tue()),
            ("next mon", d(2026, 11, 30)),
            ("next tue", d(2026, 12, 1)),
            ("last fri", d(2026, 11, 20)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, tue(), Future), Ok(want), "{input}");
        }
    }

    #[test]
    fn chinese_words_and_fullwidth_digits() {
        let cases = [
            ("今天", tue()),
            ("明天", d(2026, 11, 25)),
            ("后天", d(2026, 11, 26)),
            ("大后天", d(2026, 11, 27)),
            ("昨天", d(2026, 11, 23)),
            ("前天", d(2026, 11, 22)),
            ("+3天", d(2026, 11, 27)),
            ("3天后", d(2026, 11, 27)),
            ("3天前", d(2026, 11, 21)),
            ("+2周", d(2026, 12, 8)),
            ("+1月", d(2026, 12, 24)),
            ("+1个月", d(2026, 12, 24)),
            ("+1年", d(2027, 11, 24)),
            ("周五", d(2026, 11, 27)),
            ("星期一", d(2026, 11, 30)),
            ("星期天", d(2026, 11, 29)),
            ("礼拜三", d(2026, 11, 25)),
            ("下周一", d(2026, 11, 30)),
            ("下周日", d(2026, 12, 6)),
            ("上周五", d(2026, 11, 20)),
            ("２０２６－１２－０１", d(2026, 12, 1)),
            ("＋３天", d(2026, 11, 27)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, tue(), Future), Ok(want), "{input}");
        }
    }

    #[test]
    fn weekdays_are_the_next_or_last_such_day_never_today() {
        assert_eq!(parse_date("tue", tue(), Future), Ok(d(2026, 12, 1)));
        assert_eq!(parse_date("tuesday", tue(), Past), Ok(d(2026, 11, 17)));
        assert_eq!(parse_date("wed", tue(), Future), Ok(d(2026, 11, 25)));
        assert_eq!(parse_date("mon", tue(), Future), Ok(d(2026, 11, 30)));
        assert_eq!(parse_date("mon", tue(), Past), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date("friday", tue(), Past), Ok(d(2026, 11, 20)));
        assert_eq!(parse_date("sun", tue(), Future), Ok(d(2026, 11, 29)));
    }

    #[test]
    fn month_day_rolls_over_the_year_in_the_preferred_direction() {
        let dec28 = d(2026, 12, 28);
        assert_eq!(parse_date("12-01", tue(), Future), Ok(d(2026, 12, 1)));
        assert_eq!(parse_date("01-05", dec28, Future), Ok(d(2027, 1, 5)));
        assert_eq!(parse_date("12/30", dec28, Future), Ok(d(2026, 12, 30)));
        assert_eq!(parse_date("12-30", dec28, Past), Ok(d(2025, 12, 30)));
        assert_eq!(parse_date("11-24", tue(), Future), Ok(tue()));
        assert_eq!(parse_date("11-24", tue(), Past), Ok(tue()));
        assert_eq!(parse_date("+1w", dec28, Future), Ok(d(2027, 1, 4)));
    }

    #[test]
    fn leap_days() {
        assert_eq!(parse_date("02-29", tue(), Future), Ok(d(2028, 2, 29)));
        assert_eq!(parse_date("02-29", tue(), Past), Ok(d(2024, 2, 29)));
        assert_eq!(
            parse_date("02-29", d(2028, 2, 28), Future),
            Ok(d(2028, 2, 29))
        );
        assert_eq!(parse_date("2028-02-29", tue(), Future), Ok(d(2028, 2, 29)));
        assert_eq!(
            parse_date("+1d", d(2028, 2, 28), Future),
            Ok(d(2028, 2, 29))
        );
        assert_eq!(
            parse_date("+1y", d(2028, 2, 29), Future),
            Ok(d(2029, 2, 28))
        );
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(
            parse_date("+1m", d(2026, 1, 31), Future),
            Ok(d(2026, 2, 28))
        );
        assert_eq!(
            parse_date("+1m", d(2028, 1, 31), Future),
            Ok(d(2028, 2, 29))
        );
        assert_eq!(
            parse_date("-1m", d(2026, 3, 31), Future),
            Ok(d(2026, 2, 28))
        );
        assert_eq!(
            parse_date("+1m", d(2026, 12, 31), Future),
            Ok(d(2027, 1, 31))
        );
    }

    #[test]
    fn wrong_input_says_why() {
        let err = |s: &str| parse_date(s, tue(), Future).unwrap_err().to_string();
        assert_eq!(err(""), "enter a date");
        assert_eq!(err("  "), "enter a date");
        assert_eq!(err("2026-13-01"), "2026-13-01: month must be 1–12");
        assert_eq!(
            err("2026-02-30"),
            "2026-02-30: February 2026 has only 28 days"
        );
        assert_eq!(err("2026-04-31"), "2026-04-31: April 2026 has only 30 days");
        assert!(err("02-30").contains("February"));
        assert_eq!(err("32-01"), "32-01: month must be 1–12");
        assert!(err("1850-01-01").contains("1900"));
        for bad in [
            "+d",
            "+3x",
            "abc",
            "3 days",
            "12",
            "2026-1",
            "next",
            "下周八",
            "+99999999d",
        ] {
            let e = err(bad);
            assert!(!e.is_empty(), "{bad}");
        }
        assert!(err("abc").contains("try 2026-12-01"));
        assert!(err("+9999999d").contains("too far"));
        let long = "x".repeat(10_000);
        assert!(parse_date(&long, tue(), Future).is_err());
    }

    #[test]
    fn times() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let cases = [
            ("9:30", t(9, 30)),
            ("09:30", t(9, 30)),
            ("14:00", t(14, 0)),
            ("930", t(9, 30)),
            ("1400", t(14, 0)),
            ("9", t(9, 0)),
            ("14", t(14, 0)),
            ("9am", t(9, 0)),
            ("9:30am", t(9, 30)),
            ("2pm", t(14, 0)),
            ("2 PM", t(14, 0)),
            ("12am", t(0, 0)),
            ("12pm", t(12, 0)),
            ("9.30", t(9, 30)),
            ("9点", t(9, 0)),
            ("9点30", t(9, 30)),
            ("9点30分", t(9, 30)),
            ("9点半", t(9, 30)),
            ("下午2点", t(14, 0)),
            ("上午9点", t(9, 0)),
            ("１４：３０", t(14, 30)),
            ("0:00", t(0, 0)),
            ("23:59", t(23, 59)),
            ("08:45:00", t(8, 45)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_time(input), Ok(want), "{input}");
        }
        let err = |s: &str| parse_time(s).unwrap_err().to_string();
        assert_eq!(err("25:00"), "25:00: hour must be 0–23");
        assert_eq!(err("24:00"), "24:00: hour must be 0–23");
        assert_eq!(err("9:75"), "9:75: minutes must be 0–59");
        assert_eq!(err("x"), "'x' is not a time — try 9:30, 14:00 or 930");
        assert!(parse_time("13pm").is_err());
        assert!(parse_time("12345").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn date_and_time_together() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(
            parse_date_time("tomorrow 9:30", tue(), Future),
            Ok((d(2026, 11, 25), t(9, 30)))
        );
        assert_eq!(
            parse_date_time("2026-12-01 14:00", tue(), Future),
            Ok((d(2026, 12, 1), t(14, 0)))
        );
        assert_eq!(
            parse_date_time("next mon", tue(), Future),
            Ok((d(2026, 11, 30), None))
        );
        assert_eq!(
            parse_date_time("+3d", tue(), Future),
            Ok((d(2026, 11, 27), None))
        );
        assert!(parse_date_time("tomorrow 25:00", tue(), Future).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s, tue(), Future);
            let _ = parse_date(&s, tue(), Past);
            let _ = parse_time(&s);
            let _ = parse_date_time(&s, tue(), Future);
        }

        #[test]
        fn plus_n_days_is_n_days_later(n in 0i64..3650) {
            let want = tue() + chrono::Duration::days(n);
            proptest::prop_assert_eq!(parse_date(&format!("+{n}d"), tue(), Future), Ok(want));
        }

        #[test]
        fn iso_dates_round_trip(days in 0i64..60_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            proptest::prop_assert_eq!(parse_date(&date.to_string(), tue(), Past), Ok(date));
        }
    }

    #[test]
    fn next_birthdays_across_new_year_and_leap_days() {
        assert_eq!(
            next_birthday(d(1980, 11, 25), d(2026, 11, 23)),
            Some(d(2026, 11, 25))
        );
        assert_eq!(
            next_birthday(d(1980, 11, 23), d(2026, 11, 23)),
            Some(d(2026, 11, 23))
        );
        assert_eq!(
            next_birthday(d(1980, 1, 2), d(2026, 12, 28)),
            Some(d(2027, 1, 2))
        );
        assert_eq!(
            next_birthday(d(1984, 2, 29), d(2026, 2, 1)),
            Some(d(2026, 2, 28))
        );
        assert_eq!(
            next_birthday(d(1984, 2, 29), d(2028, 2, 1)),
            Some(d(2028, 2, 29))
        );
    }

    #[test]
    fn birthdays_come_round_again_and_a_leap_day_on_the_28th() {
        assert_eq!(
            next_birthday(d(1980, 12, 10), d(2026, 12, 2)),
            Some(d(2026, 12, 10))
        );
        assert_eq!(
            next_birthday(d(1980, 12, 2), d(2026, 12, 2)),
            Some(d(2026, 12, 2))
        );
        assert_eq!(
            next_birthday(d(1980, 1, 5), d(2026, 12, 2)),
            Some(d(2027, 1, 5))
        );
        assert_eq!(
            next_birthday(d(1984, 2, 29), d(2027, 2, 1)),
            Some(d(2027, 2, 28))
        );
    }
}
