//! iCalendar (RFC 5545) for planned visits, so that phone and desktop
//! calendars show them: CRLF line endings, lines folded at 75 octets,
//! text escaped, one VEVENT per visit with a UID stable across exports.

use crate::interop::{escape_text as escape, fold_line as line};
use crate::store::visits::VisitRow;
use crate::strings::{Label, s};
use chrono::{Duration, NaiveDateTime};

/// How long a visit lasts in the calendar.
pub const VISIT_LENGTH: Duration = Duration::hours(1);

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The calendar of `visits`, stamped at `utc_now`. Times are floating
/// local times: the calendar shows them at the hour they were planned.
pub fn calendar(visits: &[VisitRow], utc_now: NaiveDateTime) -> String {
    let t = s();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//kam//key account manager//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    for v in visits {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@kam", v.uid));
        line(&mut out, &format!("DTSTAMP:{}Z", local(utc_now)));
        line(&mut out, &format!("DTSTART:{}", local(v.scheduled_at)));
        line(
            &mut out,
            &format!("DTEND:{}", local(v.scheduled_at + VISIT_LENGTH)),
        );
        let summary = crate::strings::labelled(v.kind.label(), &v.account_name);
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
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
