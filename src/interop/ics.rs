//! iCalendar (RFC 5545) for visits, so that phone and desktop calendars
//! show them and stay right: CRLF line endings, lines folded at 75
//! octets, text escaped, one VEVENT per visit of the range whatever its
//! status, with a UID stable across exports and a `SEQUENCE` that grows
//! whenever the visit changed (`store::calendar`), so that a phone that
//! imports the file again replaces the event instead of keeping the old.
//!
//! - planned and done visits are `STATUS:CONFIRMED` (a planned visit is
//!   agreed with the customer; TENTATIVE would draw it hatched), cancelled
//!   and missed ones `STATUS:CANCELLED`, which makes the phone take them
//!   off (a visit that simply left the file would stay on the phone);
//! - a planned visit has a `VALARM` (DISPLAY) the `ics.alarm_minutes`
//!   setting before it (0: none);
//! - `LOCATION` is the account's address;
//! - times are UTC (`…Z`): every phone and desktop calendar reads them
//!   and shows them in its own zone, whereas a `TZID` needs a `VTIMEZONE`
//!   with the zone's rules, which kam does not have (it knows the offset
//!   now, not the zone's name or its daylight-saving rules); the caller
//!   turns each local time into UTC.

use crate::interop::{escape_text as escape, fold_line as line};
use crate::store::calendar::CalendarVisit;
use crate::strings::{Label, s};
use chrono::{Duration, NaiveDateTime};

/// How long a visit lasts in the calendar.
pub const VISIT_LENGTH: Duration = Duration::hours(1);

fn utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The calendar of `visits`, stamped at `utc_now`, with a reminder
/// `alarm_minutes` before each planned visit (0: none); `to_utc` turns a
/// visit's local time into UTC.
pub fn calendar(
    visits: &[CalendarVisit],
    utc_now: NaiveDateTime,
    alarm_minutes: i64,
    to_utc: impl Fn(NaiveDateTime) -> NaiveDateTime,
) -> String {
    use crate::domain::VisitStatus;
    let t = s();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//kam//key account manager//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    for c in visits {
        let v = &c.visit;
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@kam", v.uid));
        line(&mut out, &format!("DTSTAMP:{}", utc(utc_now)));
        line(&mut out, &format!("SEQUENCE:{}", c.sequence));
        let start = to_utc(v.scheduled_at);
        line(&mut out, &format!("DTSTART:{}", utc(start)));
        line(&mut out, &format!("DTEND:{}", utc(start + VISIT_LENGTH)));
        let summary = crate::strings::labelled(v.kind.label(), &v.account_name);
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        if !c.address.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&c.address)));
        }
        let mut description = v.purpose.clone();
        if !v.contacts.is_empty() {
            if !description.is_empty() {
                description.push('\n');
            }
            description.push_str(&crate::strings::labelled(
                t.col_contacts,
                &crate::strings::listed(&v.contacts),
            ));
        }
        if !description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        }
        line(
            &mut out,
            &format!("CATEGORIES:{}", escape(&v.kind.as_str().to_uppercase())),
        );
        let cancelled = matches!(v.status, VisitStatus::Cancelled | VisitStatus::Missed);
        line(
            &mut out,
            if cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            },
        );
        if v.status == VisitStatus::Planned && alarm_minutes > 0 {
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(
                &mut out,
                &format!(
                    "DESCRIPTION:{}",
                    escape(&crate::strings_cards::alarm_text(alarm_minutes))
                ),
            );
            line(&mut out, &format!("TRIGGER:-PT{alarm_minutes}M"));
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "华东精密机械有限公司".repeat(5));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
