//! Visits: calls, meetings and return visits, planned and done.

use super::clock::days_between;
use super::enums::{VisitKind, VisitStatus};
use super::{FieldError, Problem, check_text};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

pub const PURPOSE_MAX: usize = 400;
pub const OUTCOME_MAX: usize = 4000;
pub const NEXT_STEP_MAX: usize = 400;

/// One visit row as stored, with the contacts it involves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Visit {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: VisitInput,
    pub status: VisitStatus,
    pub outcome: String,
    pub next_step: String,
    pub completed_at: Option<NaiveDateTime>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user enters when scheduling a visit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VisitInput {
    pub scheduled_at: NaiveDateTime,
    pub kind: VisitKind,
    pub purpose: String,
    pub contact_ids: Vec<i64>,
}

impl VisitInput {
    pub fn normalized(mut self) -> Result<VisitInput, Vec<FieldError>> {
        self.purpose = self.purpose.trim().to_string();
        self.contact_ids.sort_unstable();
        self.contact_ids.dedup();
        let mut errors = Vec::new();
        check_text(&mut errors, "purpose", &self.purpose, PURPOSE_MAX, false);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// How a visit was closed: its outcome and the next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitClose {
    pub status: VisitStatus,
    pub outcome: String,
    pub next_step: String,
}

impl VisitClose {
    /// A done visit needs an outcome; missed and cancelled ones may say why.
    pub fn normalized(mut self) -> Result<VisitClose, Vec<FieldError>> {
        self.outcome = self.outcome.trim().to_string();
        self.next_step = self.next_step.trim().to_string();
        let mut errors = Vec::new();
        let required = self.status == VisitStatus::Done;
        check_text(&mut errors, "outcome", &self.outcome, OUTCOME_MAX, required);
        check_text(
            &mut errors,
            "next_step",
            &self.next_step,
            NEXT_STEP_MAX,
            false,
        );
        if self.status == VisitStatus::Planned {
            errors.push(FieldError::new("status", Problem::ClosedVisitPlanned));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// Every field of a visit a correction may change: when, kind, purpose,
/// contacts and — meaningful once it is done, editable then — its outcome
/// and next step. Its fields are the stored column names (`contact_ids`:
/// the `visit_contacts` rows), so that an edit merges field by field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VisitEdit {
    pub scheduled_at: NaiveDateTime,
    pub kind: VisitKind,
    pub purpose: String,
    pub contact_ids: Vec<i64>,
    pub outcome: String,
    pub next_step: String,
}

impl VisitEdit {
    /// The same checks as scheduling and closing: `done` needs an outcome.
    pub fn normalized(self, done: bool) -> Result<VisitEdit, Vec<FieldError>> {
        let input = VisitInput {
            scheduled_at: self.scheduled_at,
            kind: self.kind,
            purpose: self.purpose,
            contact_ids: self.contact_ids,
        }
        .normalized();
        let close = VisitClose {
            status: if done {
                VisitStatus::Done
            } else {
                VisitStatus::Cancelled
            },
            outcome: self.outcome,
            next_step: self.next_step,
        }
        .normalized();
        match (input, close) {
            (Ok(i), Ok(c)) => Ok(VisitEdit {
                scheduled_at: i.scheduled_at,
                kind: i.kind,
                purpose: i.purpose,
                contact_ids: i.contact_ids,
                outcome: c.outcome,
                next_step: c.next_step,
            }),
            (i, c) => Err(i
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(c.err().unwrap_or_default())
                .collect()),
        }
    }
}

/// Where a planned visit sits in the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgendaSection {
    /// Scheduled before now and not done.
    Overdue,
    /// Later today.
    Today,
    /// After today, until the end of this calendar week (Sunday).
    ThisWeek,
    Later,
}

/// The agenda section of a planned visit at `at`, seen at `now`.
pub fn agenda_section(at: NaiveDateTime, now: NaiveDateTime) -> AgendaSection {
    let today = now.date();
    let days_to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
    let week_end = today + Duration::days(days_to_sunday);
    if at < now {
        AgendaSection::Overdue
    } else if at.date() == today {
        AgendaSection::Today
    } else if at.date() <= week_end {
        AgendaSection::ThisWeek
    } else {
        AgendaSection::Later
    }
}

/// The time ranges of the four agenda sections, each `[start, end)`;
/// `None` is open-ended. The same cut as `agenda_section`.
pub fn agenda_bounds(
    now: NaiveDateTime,
) -> [(AgendaSection, Option<NaiveDateTime>, Option<NaiveDateTime>); 4] {
    let today = now.date();
    let days_to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
    let tomorrow = (today + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    let next_week = (today + Duration::days(days_to_sunday + 1)).and_time(chrono::NaiveTime::MIN);
    [
        (AgendaSection::Overdue, None, Some(now)),
        (AgendaSection::Today, Some(now), Some(tomorrow)),
        // on a Sunday this week has nothing left after today
        (
            AgendaSection::ThisWeek,
            Some(tomorrow),
            Some(next_week.max(tomorrow)),
        ),
        (AgendaSection::Later, Some(next_week.max(tomorrow)), None),
    ]
}

/// Days past the cadence: positive when a visit is overdue, negative while
/// it is still due in the future, `None` for an account never visited.
pub fn cadence_overdue_days(
    last_done: Option<NaiveDate>,
    cadence_days: u32,
    today: NaiveDate,
) -> Option<i64> {
    last_done.map(|d| days_between(d, today) - i64::from(cadence_days))
}

/// The date the next visit is due: the last done visit plus the cadence,
/// but never before `today`.
pub fn next_due(last_done: Option<NaiveDate>, cadence_days: u32, today: NaiveDate) -> NaiveDate {
    last_done
        .map(|d| d + Duration::days(i64::from(cadence_days)))
        .unwrap_or(today)
        .max(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        // November 2026: the 23rd is a Monday, the 29th a Sunday
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn agenda_bounds_cut_where_agenda_section_does() {
        for now in [at(23, 9, 0), at(29, 22, 0), at(24, 0, 0)] {
            for day in 20..=31u32 {
                for (h, m) in [(0, 0), (8, 59), (9, 0), (22, 0), (23, 59)] {
                    let t = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
                        + Duration::days(i64::from(day) - 1);
                    let t = t.and_hms_opt(h, m, 0).unwrap();
                    let found: Vec<AgendaSection> = agenda_bounds(now)
                        .iter()
                        .filter(|(_, from, to)| {
                            from.is_none_or(|f| t >= f) && to.is_none_or(|e| t < e)
                        })
                        .map(|(s, _, _)| *s)
                        .collect();
                    assert_eq!(found, [agenda_section(t, now)], "{t} at {now}");
                }
            }
        }
    }

    #[test]
    fn agenda_sections_around_now_midnight_and_the_week_end() {
        let now = at(23, 9, 0);
        assert_eq!(agenda_section(at(23, 8, 59), now), AgendaSection::Overdue);
        assert_eq!(agenda_section(at(20, 14, 0), now), AgendaSection::Overdue);
        assert_eq!(agenda_section(at(23, 9, 0), now), AgendaSection::Today);
        assert_eq!(agenda_section(at(23, 23, 59), now), AgendaSection::Today);
        assert_eq!(agenda_section(at(24, 0, 0), now), AgendaSection::ThisWeek);
        assert_eq!(agenda_section(at(29, 23, 59), now), AgendaSection::ThisWeek);
        assert_eq!(agenda_section(at(30, 0, 0), now), AgendaSection::Later);
        // on a Sunday, Monday is already next week
        let sunday = at(29, 22, 0);
        assert_eq!(agenda_section(at(29, 23, 0), sunday), AgendaSection::Today);
        assert_eq!(agenda_section(at(30, 8, 0), sunday), AgendaSection::Later);
        // just before midnight, a visit at 00:30 tomorrow is this week
        let late = at(24, 23, 59);
        assert_eq!(agenda_section(at(25, 0, 30), late), AgendaSection::ThisWeek);
    }

    #[test]
    fn cadence_is_due_on_the_exact_boundary_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ago = |d| Some(today - Duration::days(d));
        assert_eq!(cadence_overdue_days(ago(14), 14, today), Some(0));
        assert_eq!(cadence_overdue_days(ago(15), 14, today), Some(1));
        assert_eq!(cadence_overdue_days(ago(9), 14, today), Some(-5));
        assert_eq!(cadence_overdue_days(None, 14, today), None);
        assert_eq!(next_due(ago(9), 14, today), today + Duration::days(5));
        assert_eq!(next_due(ago(30), 14, today), today);
        assert_eq!(next_due(None, 14, today), today);
    }

    #[test]
    fn a_done_visit_needs_an_outcome() {
        let close = |status, outcome: &str| VisitClose {
            status,
            outcome: outcome.into(),
            next_step: String::new(),
        };
        assert!(close(VisitStatus::Done, "  ").normalized().is_err());
        assert!(close(VisitStatus::Done, "Signed").normalized().is_ok());
        assert!(close(VisitStatus::Missed, "").normalized().is_ok());
        assert!(close(VisitStatus::Planned, "x").normalized().is_err());
    }
}
