//! Complaints: what the customer is unhappy about, until it is resolved.

use super::enums::{ComplaintCategory, ComplaintStatus, ForwardedTo, Severity, Tier};
use super::settings::Settings;
use super::{FieldError, Problem, check_text};
use chrono::{Duration, NaiveDateTime};

pub const SUMMARY_MAX: usize = 200;
pub const DETAILS_MAX: usize = 4000;

/// One complaint row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Complaint {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: ComplaintInput,
    pub status: ComplaintStatus,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolution: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user enters when logging a complaint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ComplaintInput {
    pub contact_id: Option<i64>,
    pub opened_at: NaiveDateTime,
    pub category: ComplaintCategory,
    pub severity: Severity,
    pub summary: String,
    pub details: String,
    pub forwarded_to: Option<ForwardedTo>,
}

impl ComplaintInput {
    /// Trims and checks: a summary is required, and a complaint cannot be
    /// opened in the future.
    pub fn normalized(mut self, now: NaiveDateTime) -> Result<ComplaintInput, Vec<FieldError>> {
        self.summary = self.summary.trim().to_string();
        self.details = self.details.trim_end().to_string();
        let mut errors = Vec::new();
        check_text(&mut errors, "summary", &self.summary, SUMMARY_MAX, true);
        check_text(&mut errors, "details", &self.details, DETAILS_MAX, false);
        if self.opened_at > now {
            errors.push(FieldError::new("opened_at", Problem::InFuture));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// How old complaints are grouped (DOMAIN.md: every day of delay counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    UpTo2,
    UpTo7,
    UpTo14,
    UpTo30,
    Over30,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::UpTo2,
        Bucket::UpTo7,
        Bucket::UpTo14,
        Bucket::UpTo30,
        Bucket::Over30,
    ];

    /// The bucket of an age in whole days: 0–2, 3–7, 8–14, 15–30, >30.
    pub fn of_days(days: i64) -> Bucket {
        match days {
            ..=2 => Bucket::UpTo2,
            3..=7 => Bucket::UpTo7,
            8..=14 => Bucket::UpTo14,
            15..=30 => Bucket::UpTo30,
            _ => Bucket::Over30,
        }
    }
}

/// Time since the complaint was opened (zero if the clock is earlier).
pub fn age(opened_at: NaiveDateTime, now: NaiveDateTime) -> Duration {
    (now - opened_at).max(Duration::zero())
}

/// The age in whole days (elapsed 24-hour periods).
pub fn age_days(opened_at: NaiveDateTime, now: NaiveDateTime) -> i64 {
    age(opened_at, now).num_days()
}

/// The response target of a complaint: by severity, shortened for key
/// accounts (settings `complaint_target_hours.*`, `complaint_target_percent.key`).
pub fn response_target(severity: Severity, tier: Tier, settings: &Settings) -> Duration {
    Duration::minutes(settings.target_minutes(severity, tier))
}

/// Where a complaint stands against its response target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    /// Unresolved, this much time left (zero or more).
    Open { left: Duration },
    /// Unresolved and past the target by this much.
    Breached { by: Duration },
    /// Resolved within the target.
    ResolvedInTime,
    /// Resolved after the target: stays marked in its history.
    ResolvedLate { by: Duration },
}

impl TargetState {
    pub fn is_breach(self) -> bool {
        matches!(
            self,
            TargetState::Breached { .. } | TargetState::ResolvedLate { .. }
        )
    }
}

/// The state of a complaint opened at `opened_at` with `target`, resolved
/// at `resolved_at` (if it was), seen at `now`.
pub fn target_state(
    opened_at: NaiveDateTime,
    target: Duration,
    resolved_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> TargetState {
    let due = opened_at + target;
    match resolved_at {
        Some(at) if at > due => TargetState::ResolvedLate { by: at - due },
        Some(_) => TargetState::ResolvedInTime,
        None if now > due => TargetState::Breached { by: now - due },
        None => TargetState::Open { left: due - now },
    }
}

/// The status changes kam allows. Resolved and closed complaints can only
/// be closed or reopened; an unresolved one can move anywhere else.
pub fn can_move(from: ComplaintStatus, to: ComplaintStatus) -> bool {
    use ComplaintStatus::*;
    match (from, to) {
        (a, b) if a == b => false,
        (Open | InProgress | WaitingCustomer, _) => true,
        (Resolved, Closed | Open) => true,
        (Closed, Open) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn days_ago(d: i64) -> NaiveDateTime {
        now() - Duration::days(d)
    }

    #[test]
    fn buckets_at_their_exact_boundaries() {
        let cases = [
            (0, Bucket::UpTo2),
            (2, Bucket::UpTo2),
            (3, Bucket::UpTo7),
            (7, Bucket::UpTo7),
            (8, Bucket::UpTo14),
            (14, Bucket::UpTo14),
            (15, Bucket::UpTo30),
            (30, Bucket::UpTo30),
            (31, Bucket::Over30),
            (400, Bucket::Over30),
        ];
        for (d, want) in cases {
            assert_eq!(age_days(days_ago(d), now()), d);
            assert_eq!(
                Bucket::of_days(age_days(days_ago(d), now())),
                want,
                "{d} days"
            );
        }
        // one minute short of three days is still two days old
        let almost = days_ago(3) + Duration::minutes(1);
        assert_eq!(Bucket::of_days(age_days(almost, now())), Bucket::UpTo2);
    }

    #[test]
    fn targets_by_severity_halved_for_key_accounts() {
        let s = Settings::default();
        let t = |sev, tier| response_target(sev, tier, &s);
        assert_eq!(t(Severity::Critical, Tier::General), Duration::days(1));
        assert_eq!(t(Severity::High, Tier::Important), Duration::days(3));
        assert_eq!(t(Severity::Medium, Tier::General), Duration::days(7));
        assert_eq!(t(Severity::Low, Tier::General), Duration::days(14));
        assert_eq!(t(Severity::Critical, Tier::Key), Duration::hours(12));
        assert_eq!(t(Severity::Low, Tier::Key), Duration::days(7));
        let custom = Settings::with_stored([("complaint_target_hours.high", "10")]);
        assert_eq!(
            response_target(Severity::High, Tier::Key, &custom),
            Duration::hours(5)
        );
    }

    #[test]
    fn breach_and_late_resolution() {
        let target = Duration::days(3);
        assert_eq!(
            target_state(days_ago(2), target, None, now()),
            TargetState::Open {
                left: Duration::days(1)
            }
        );
        assert_eq!(
            target_state(days_ago(3), target, None, now()),
            TargetState::Open {
                left: Duration::zero()
            },
            "exactly at the target is not yet a breach"
        );
        assert_eq!(
            target_state(days_ago(5), target, None, now()),
            TargetState::Breached {
                by: Duration::days(2)
            }
        );
        let late = target_state(days_ago(10), target, Some(days_ago(6)), now());
        assert_eq!(
            late,
            TargetState::ResolvedLate {
                by: Duration::days(1)
            }
        );
        assert!(late.is_breach(), "a late resolution stays marked");
        assert_eq!(
            target_state(days_ago(10), target, Some(days_ago(8)), now()),
            TargetState::ResolvedInTime
        );
    }

    #[test]
    fn allowed_status_changes() {
        use ComplaintStatus::*;
        assert!(can_move(Open, InProgress));
        assert!(can_move(InProgress, WaitingCustomer));
        assert!(can_move(WaitingCustomer, Resolved));
        assert!(can_move(Open, Closed));
        assert!(can_move(Resolved, Closed));
        assert!(can_move(Resolved, Open));
        assert!(can_move(Closed, Open));
        assert!(!can_move(Closed, Resolved));
        assert!(!can_move(Resolved, InProgress));
        assert!(!can_move(Closed, WaitingCustomer));
        assert!(!can_move(Open, Open));
    }
}
