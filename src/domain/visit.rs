//! Visits: calls, meetings and return visits, planned and done.

use super::clock::days_between;
use super::enums::{VisitKind, VisitStatus};
use super::{FieldError, Problem, check_text};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

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
    /// When it was done ("done on"), stored as `completed_at`; `None`: the
    /// moment it is closed (missed, cancelled, or done just now).
    pub done_at: Option<NaiveDateTime>,
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

    /// The checks of `normalized` and those of its done-on, seen at `now`:
    /// never in the future, never before `since` (`done_on_floor`).
    pub fn normalized_at(
        self,
        now: NaiveDateTime,
        since: NaiveDateTime,
    ) -> Result<VisitClose, Vec<FieldError>> {
        let when = done_at_problems(self.done_at, now, since);
        match self.normalized() {
            Ok(c) if when.is_empty() => Ok(c),
            Ok(_) => Err(when),
            Err(mut errors) => {
                errors.extend(when);
                Err(errors)
            }
        }
    }
}

/// What is wrong with a done-on: after `now` (the minute counts: a done-on
/// typed as `HH:MM` this minute is now), or before `since`.
fn done_at_problems(
    at: Option<NaiveDateTime>,
    now: NaiveDateTime,
    since: NaiveDateTime,
) -> Vec<FieldError> {
    let Some(at) = at else {
        return Vec::new();
    };
    let minute_end = now + Duration::seconds(59);
    if at > minute_end {
        vec![FieldError::new("done_at", Problem::InFuture)]
    } else if at < since {
        vec![FieldError::new(
            "done_at",
            Problem::BeforeAccount {
                since: since.date(),
            },
        )]
    } else {
        Vec::new()
    }
}

/// The earliest done-on a visit can have: the start of the day its account
/// was entered, or of the day of its first visit on record (`first_visit`:
/// this one's or an earlier one's) if that is earlier — history that
/// happened before the account was typed into kam, logged afterwards.
pub fn done_on_floor(account_created: NaiveDateTime, first_visit: NaiveDateTime) -> NaiveDateTime {
    day_start(account_created).min(day_start(first_visit))
}

/// Whether a planned visit at `at` is overdue at `now`: scheduled on a day
/// before today. A visit of today stays today's until the day ends.
pub fn is_overdue(at: NaiveDateTime, now: NaiveDateTime) -> bool {
    at.date() < now.date()
}

/// The start of `now`'s day: what "before today" is measured against.
pub fn day_start(now: NaiveDateTime) -> NaiveDateTime {
    now.date().and_time(NaiveTime::MIN)
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
    /// When a done visit was done (its done-on); `None` leaves it as is.
    #[serde(default)]
    pub completed_at: Option<NaiveDateTime>,
}

impl VisitEdit {
    /// What is wrong with a corrected done-on: in the future, or before
    /// `since` (the start of the earliest day kam knows the account by).
    pub fn done_on_problems(&self, now: NaiveDateTime, since: NaiveDateTime) -> Vec<FieldError> {
        done_at_problems(self.completed_at, now, since)
            .into_iter()
            .map(|mut e| {
                e.field = "completed_at";
                e
            })
            .collect()
    }

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
            done_at: None,
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
                completed_at: self.completed_at.filter(|_| done),
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
    /// Scheduled on a day before today and not done.
    Overdue,
    /// Today, earlier or later: a day is a day.
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
    if is_overdue(at, now) {
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
        (AgendaSection::Overdue, None, Some(day_start(now))),
        (AgendaSection::Today, Some(day_start(now)), Some(tomorrow)),
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

/// Where an account stands against its visit cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CadenceState {
    /// Visited within the cadence, before its warning zone.
    Within,
    /// In the last part of the cadence (`Settings::due_soon_days`): due soon.
    DueSoon,
    /// Past the cadence.
    Overdue,
    /// Past twice the cadence.
    FarOverdue,
}

impl CadenceState {
    /// Its stable code for scripts (`kam today --json`): past twice the
    /// cadence is still `cadence_passed` (with `twice_cadence: true`).
    pub fn code(self) -> &'static str {
        match self {
            CadenceState::Within => "within_cadence",
            CadenceState::DueSoon => "due_soon",
            CadenceState::Overdue | CadenceState::FarOverdue => "cadence_passed",
        }
    }
}

/// The cadence state of an account last visited on `last_done` (`None`:
/// never visited, no state), seen on `today`, with a warning zone of
/// `warn_days` before the due day: due soon while fewer than `warn_days`
/// days are left (the due day itself included), overdue from the day after
/// the due day, far overdue past twice the cadence. Dates, not moments: the
/// state holds all day.
pub fn cadence_state(
    last_done: Option<NaiveDate>,
    cadence_days: u32,
    today: NaiveDate,
    warn_days: i64,
) -> Option<CadenceState> {
    let since = days_between(last_done?, today);
    let cadence = i64::from(cadence_days.max(1));
    Some(if since > 2 * cadence {
        CadenceState::FarOverdue
    } else if since > cadence {
        CadenceState::Overdue
    } else if cadence - since < warn_days {
        CadenceState::DueSoon
    } else {
        CadenceState::Within
    })
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
        assert_eq!(agenda_section(at(23, 8, 59), now), AgendaSection::Today);
        assert_eq!(
            agenda_section(at(23, 0, 0), at(23, 20, 0)),
            AgendaSection::Today
        );
        assert_eq!(agenda_section(at(22, 23, 59), now), AgendaSection::Overdue);
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
    fn the_warning_zone_comes_before_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ago = |d| Some(today - Duration::days(d));
        let state = |d| cadence_state(ago(d), 14, today, 3);
        assert_eq!(state(11), Some(CadenceState::Within));
        assert_eq!(state(12), Some(CadenceState::DueSoon));
        assert_eq!(state(14), Some(CadenceState::DueSoon), "the due day itself");
        assert_eq!(state(15), Some(CadenceState::Overdue));
        assert_eq!(state(28), Some(CadenceState::Overdue));
        assert_eq!(state(29), Some(CadenceState::FarOverdue));
        assert_eq!(cadence_state(None, 14, today, 3), None);
    }

    #[test]
    fn a_done_on_is_never_in_the_future_nor_before_the_account() {
        let now = at(23, 20, 0);
        let close = |done_at| VisitClose {
            status: VisitStatus::Done,
            outcome: "ok".into(),
            next_step: String::new(),
            done_at,
        };
        let since = at(10, 0, 0);
        assert!(close(Some(at(23, 9, 0))).normalized_at(now, since).is_ok());
        assert!(close(Some(now)).normalized_at(now, since).is_ok());
        let err = close(Some(at(24, 9, 0)))
            .normalized_at(now, since)
            .unwrap_err();
        assert_eq!(err, [FieldError::new("done_at", Problem::InFuture)]);
        let err = close(Some(at(9, 9, 0)))
            .normalized_at(now, since)
            .unwrap_err();
        assert_eq!(err[0].field, "done_at");
        assert!(close(None).normalized_at(now, since).is_ok());
        let planned = at(20, 10, 0);
        assert_eq!(done_on_floor(at(22, 15, 0), planned), at(20, 0, 0));
        assert!(is_overdue(at(22, 23, 59), now));
        assert!(!is_overdue(at(23, 0, 0), now));
    }

    #[test]
    fn a_done_visit_needs_an_outcome() {
        let close = |status, outcome: &str| VisitClose {
            status,
            outcome: outcome.into(),
            next_step: String::new(),
            done_at: None,
        };
        assert!(close(VisitStatus::Done, "  ").normalized().is_err());
        assert!(close(VisitStatus::Done, "Signed").normalized().is_ok());
        assert!(close(VisitStatus::Missed, "").normalized().is_ok());
        assert!(close(VisitStatus::Planned, "x").normalized().is_err());
    }
}
