//! The account health score: 0–100 from five groups whose maximum points
//! add up to 100, each with the reason for its points, so that every
//! warning explains itself. A pure function of pre-aggregated facts, with
//! the clock already applied by whoever gathered them.
//!
//! | group | max | full points when | |
//! |---|---|---|---|
//! | satisfaction | 25 | the latest overall score is 5 and not falling | no survey: neutral 12 |
//! | complaints | 25 | nothing is open | −4 per open (max −12), −6 per breach (max −18) |
//! | contact breadth | 20 | broad, with an executive tie | no contacts: neutral 10 |
//! | engagement | 20 | visited within the cadence, next visit planned | never visited: neutral 10 |
//! | relationship | 10 | partner (level 5) | 2 points per level |
//!
//! Bands: 75–100 healthy, 50–74 watch, 0–49 at risk.

use super::breadth::{Thresholds, Verdict};
use super::clock::days_between;
use super::complaint::{TargetState, age_days, response_target, target_state};
use super::settings::Settings;
use super::survey::Trend;
use super::{AccountSummary, RelationshipLevel, Severity, Tier};
use chrono::NaiveDateTime;
use std::collections::HashMap;

/// The groups and their maximum points, in one place (they add up to 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    Satisfaction,
    Complaints,
    Breadth,
    Engagement,
    Relationship,
}

impl GroupKind {
    pub const ALL: [GroupKind; 5] = [
        GroupKind::Satisfaction,
        GroupKind::Complaints,
        GroupKind::Breadth,
        GroupKind::Engagement,
        GroupKind::Relationship,
    ];

    /// Its stable name for scripts (`kam today --json`).
    pub fn code(self) -> &'static str {
        match self {
            GroupKind::Satisfaction => "satisfaction",
            GroupKind::Complaints => "complaints",
            GroupKind::Breadth => "breadth",
            GroupKind::Engagement => "engagement",
            GroupKind::Relationship => "relationship",
        }
    }

    pub fn max(self) -> u32 {
        match self {
            GroupKind::Satisfaction => 25,
            GroupKind::Complaints => 25,
            GroupKind::Breadth => 20,
            GroupKind::Engagement => 20,
            GroupKind::Relationship => 10,
        }
    }
}

/// Healthy from this score on.
pub const HEALTHY_FROM: u32 = 75;
/// Watch from this score on (below: at risk).
pub const WATCH_FROM: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    AtRisk,
    Watch,
    Healthy,
}

impl Band {
    pub fn of(score: u32) -> Band {
        if score >= HEALTHY_FROM {
            Band::Healthy
        } else if score >= WATCH_FROM {
            Band::Watch
        } else {
            Band::AtRisk
        }
    }
}

/// What the score of one group rests on, for its one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    NoSurvey,
    Satisfaction {
        overall: u8,
        trend: Option<Trend>,
    },
    NoComplaints,
    Complaints {
        open: u32,
        oldest_days: i64,
        breaches: u32,
        /// How far the worst breach is past its target, in whole days.
        worst_past_days: i64,
    },
    NoContacts,
    Breadth {
        verdict: Verdict,
        executive: bool,
    },
    NeverVisited {
        planned: bool,
    },
    Engagement {
        days_since: i64,
        cadence: u32,
        overdue_planned: u32,
        planned: bool,
    },
    Level(RelationshipLevel),
}

impl Reason {
    /// Its stable machine code, the same in every interface language:
    /// what a script reads instead of the sentence.
    pub fn code(&self) -> &'static str {
        match *self {
            Reason::NoSurvey => "no_survey",
            Reason::Satisfaction { .. } => "satisfaction",
            Reason::NoComplaints => "no_open_complaints",
            Reason::Complaints { breaches: 0, .. } => "complaints_within_target",
            Reason::Complaints { .. } => "complaints_past_target",
            Reason::NoContacts => "no_contacts",
            Reason::Breadth { verdict, .. } => match verdict {
                Verdict::SingleThreaded => "breadth_single_threaded",
                Verdict::Narrow => "breadth_narrow",
                Verdict::Broad => "breadth_broad",
            },
            Reason::NeverVisited { .. } => "never_visited",
            Reason::Engagement {
                overdue_planned, ..
            } if overdue_planned > 0 => "planned_visits_overdue",
            Reason::Engagement {
                days_since,
                cadence,
                ..
            } if days_since > i64::from(cadence) => "cadence_passed",
            Reason::Engagement { .. } => "visited_within_cadence",
            Reason::Level(_) => "relationship_level",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    pub points: u32,
    pub reason: Reason,
}

impl Group {
    /// Points short of the maximum: how much this group costs the account.
    pub fn shortfall(&self) -> u32 {
        self.kind.max().saturating_sub(self.points)
    }
}

/// The facts the score is computed from, gathered for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Overall scores of the latest surveys, newest first.
    pub recent_overall: Vec<u8>,
    pub open_complaints: u32,
    /// Age in whole days of the oldest unresolved complaint.
    pub oldest_open_days: Option<i64>,
    /// Unresolved complaints past their response target.
    pub breaches: u32,
    /// Whole days the worst breach is past its target.
    pub worst_past_days: i64,
    /// Current contacts.
    pub ties: u32,
    pub verdict: Verdict,
    pub executive_tie: bool,
    /// Days since the last done visit (`None`: never visited).
    pub days_since_visit: Option<i64>,
    pub cadence_days: u32,
    /// Planned visits overdue: scheduled on a day before today.
    pub overdue_planned: u32,
    /// A visit is planned (overdue or not).
    pub planned: bool,
    pub level: RelationshipLevel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub score: u32,
    pub band: Band,
    pub groups: [Group; 5],
}

impl Health {
    /// The groups costing the most points, worst first (only those that
    /// cost anything).
    pub fn main_reasons(&self, n: usize) -> Vec<Group> {
        let mut g: Vec<Group> = self
            .groups
            .iter()
            .copied()
            .filter(|g| g.shortfall() > 0)
            .collect();
        g.sort_by_key(|g| std::cmp::Reverse(g.shortfall()));
        g.truncate(n);
        g
    }

    pub fn group(&self, kind: GroupKind) -> &Group {
        self.groups
            .iter()
            .find(|g| g.kind == kind)
            .unwrap_or(&self.groups[0])
    }
}

fn satisfaction(f: &Facts) -> Group {
    let max = GroupKind::Satisfaction.max();
    let (points, reason) = match f.recent_overall.first() {
        None => (max / 2, Reason::NoSurvey),
        Some(&overall) => {
            let trend = super::survey::trend(&f.recent_overall);
            // 20 points for the score itself, 5 for its direction
            let base = u32::from(overall.clamp(1, 5) - 1) * 5;
            let bonus = match trend {
                Some(Trend::Up) | None if overall == 5 => 5,
                Some(Trend::Up) => 5,
                Some(Trend::Flat) | None => 3,
                Some(Trend::Down) => 0,
            };
            (base + bonus, Reason::Satisfaction { overall, trend })
        }
    };
    Group {
        kind: GroupKind::Satisfaction,
        points: points.min(max),
        reason,
    }
}

fn complaints(f: &Facts) -> Group {
    let max = GroupKind::Complaints.max();
    if f.open_complaints == 0 {
        return Group {
            kind: GroupKind::Complaints,
            points: max,
            reason: Reason::NoComplaints,
        };
    }
    let penalty = (f.open_complaints * 4).min(12) + (f.breaches * 6).min(18);
    Group {
        kind: GroupKind::Complaints,
        points: max.saturating_sub(penalty),
        reason: Reason::Complaints {
            open: f.open_complaints,
            oldest_days: f.oldest_open_days.unwrap_or(0),
            breaches: f.breaches,
            worst_past_days: f.worst_past_days,
        },
    }
}

fn breadth(f: &Facts) -> Group {
    let max = GroupKind::Breadth.max();
    let (points, reason) = if f.ties == 0 {
        (max / 2, Reason::NoContacts)
    } else {
        let base = match f.verdict {
            Verdict::Broad => 16,
            Verdict::Narrow => 10,
            Verdict::SingleThreaded => 3,
        };
        let executive = if f.executive_tie { 4 } else { 0 };
        (
            base + executive,
            Reason::Breadth {
                verdict: f.verdict,
                executive: f.executive_tie,
            },
        )
    };
    Group {
        kind: GroupKind::Breadth,
        points: points.min(max),
        reason,
    }
}

fn engagement(f: &Facts) -> Group {
    let max = GroupKind::Engagement.max();
    let planned_bonus = if f.planned { 4 } else { 0 };
    let overdue_penalty = (f.overdue_planned * 4).min(8);
    let (points, reason) = match f.days_since_visit {
        None => (
            (max / 2 + planned_bonus).saturating_sub(overdue_penalty),
            Reason::NeverVisited { planned: f.planned },
        ),
        Some(days) => {
            let recency = recency(days, f.cadence_days);
            (
                (recency + planned_bonus).saturating_sub(overdue_penalty),
                Reason::Engagement {
                    days_since: days,
                    cadence: f.cadence_days,
                    overdue_planned: f.overdue_planned,
                    planned: f.planned,
                },
            )
        }
    };
    Group {
        kind: GroupKind::Engagement,
        points: points.min(max),
        reason,
    }
}

/// Engagement points for the days since the last visit: 16 within the
/// cadence, falling to 2 at twice the cadence.
fn recency(days: i64, cadence_days: u32) -> u32 {
    let cadence = i64::from(cadence_days.max(1));
    if days <= cadence {
        16
    } else if days >= 2 * cadence {
        2
    } else {
        16 - (14 * (days - cadence) / cadence) as u32
    }
}

fn relationship(f: &Facts) -> Group {
    Group {
        kind: GroupKind::Relationship,
        points: u32::from(f.level.number()) * 2,
        reason: Reason::Level(f.level),
    }
}

/// The health of an account from its facts.
pub fn health(f: &Facts) -> Health {
    let groups = [
        satisfaction(f),
        complaints(f),
        breadth(f),
        engagement(f),
        relationship(f),
    ];
    let score = groups.iter().map(|g| g.points).sum::<u32>().min(100);
    Health {
        score,
        band: Band::of(score),
        groups,
    }
}

/// An unresolved complaint, as health needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenComplaint {
    pub id: i64,
    pub account_id: i64,
    /// The account's tier: it sets the response target.
    pub tier: Tier,
    pub opened_at: NaiveDateTime,
    pub severity: Severity,
}

/// The facts of one account from its list row and its open complaints.
pub fn facts(
    a: &AccountSummary,
    open: &[OpenComplaint],
    thresholds: &Thresholds,
    settings: &Settings,
    now: NaiveDateTime,
) -> Facts {
    let mut oldest_open_days = None;
    let mut breaches = 0;
    let mut worst_past_days = 0;
    for c in open {
        let days = age_days(c.opened_at, now);
        oldest_open_days = Some(oldest_open_days.map_or(days, |d: i64| d.max(days)));
        let target = response_target(c.severity, a.tier, settings);
        if let TargetState::Breached { by } = target_state(c.opened_at, target, None, now) {
            breaches += 1;
            worst_past_days = worst_past_days.max(by.num_days());
        }
    }
    Facts {
        recent_overall: a.recent_overall.clone(),
        open_complaints: u32::try_from(open.len()).unwrap_or(u32::MAX),
        oldest_open_days,
        breaches,
        worst_past_days,
        ties: a.breadth.ties,
        verdict: a.breadth.verdict(thresholds),
        executive_tie: a.breadth.executive_tie,
        days_since_visit: a.last_done_visit.map(|d| days_between(d, now.date())),
        cadence_days: a.visit_cadence_days,
        overdue_planned: a.overdue_planned,
        planned: a.next_planned_visit.is_some(),
        level: a.relationship_level,
    }
}

/// When a score computed at `now` goes stale by the clock alone (no
/// write): the first moment an open complaint passes its response target,
/// the midnight a planned visit (`next_planned`: the earliest of today or
/// later) falls overdue — the end of its day: engagement is counted in
/// days, so it holds all day — or a new day changes the points for the
/// days since the last visit. Targets count as passed one second after
/// their time (`now > due`). `None`: not by the clock alone.
pub fn stale_from(
    a: &AccountSummary,
    open: &[OpenComplaint],
    next_planned: Option<NaiveDateTime>,
    settings: &Settings,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let second = chrono::Duration::seconds(1);
    let targets = open
        .iter()
        .map(|c| c.opened_at + response_target(c.severity, a.tier, settings))
        .filter(|&due| due >= now)
        .map(|due| due + second);
    let visit = next_planned
        .filter(|&at| !super::visit::is_overdue(at, now))
        .and_then(|at| (at.date() + chrono::Duration::days(1)).and_hms_opt(0, 0, 0));
    let recency = a.last_done_visit.and_then(|last| {
        let days = days_between(last, now.date());
        let points = recency(days, a.visit_cadence_days);
        let last_change = 2 * i64::from(a.visit_cadence_days.max(1));
        (days + 1..=last_change)
            .find(|&d| recency(d, a.visit_cadence_days) != points)
            .and_then(|d| (last + chrono::Duration::days(d)).and_hms_opt(0, 0, 0))
    });
    targets.chain(visit).chain(recency).min()
}

/// The health of every account of a list, in one pass over its open
/// complaints (grouped by account first).
pub fn portfolio_health(
    accounts: &[AccountSummary],
    open: &[OpenComplaint],
    settings: &Settings,
    now: NaiveDateTime,
) -> Vec<Health> {
    let thresholds = Thresholds::from_settings(settings);
    let mut by_account: HashMap<i64, Vec<OpenComplaint>> = HashMap::new();
    for c in open {
        by_account.entry(c.account_id).or_default().push(*c);
    }
    accounts
        .iter()
        .map(|a| {
            let open = by_account.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
            health(&facts(a, open, &thresholds, settings, now))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A brand-new account: nothing recorded but its level.
    fn blank() -> Facts {
        Facts {
            recent_overall: vec![],
            open_complaints: 0,
            oldest_open_days: None,
            breaches: 0,
            worst_past_days: 0,
            ties: 0,
            verdict: Verdict::SingleThreaded,
            executive_tie: false,
            days_since_visit: None,
            cadence_days: 14,
            overdue_planned: 0,
            planned: false,
            level: RelationshipLevel::Responsible,
        }
    }

    fn best() -> Facts {
        Facts {
            recent_overall: vec![5, 4, 4],
            ties: 12,
            verdict: Verdict::Broad,
            executive_tie: true,
            days_since_visit: Some(3),
            planned: true,
            level: RelationshipLevel::Partner,
            ..blank()
        }
    }

    fn worst() -> Facts {
        Facts {
            recent_overall: vec![1, 3, 4],
            open_complaints: 5,
            oldest_open_days: Some(60),
            breaches: 4,
            worst_past_days: 52,
            ties: 1,
            verdict: Verdict::SingleThreaded,
            executive_tie: false,
            days_since_visit: Some(120),
            cadence_days: 14,
            overdue_planned: 2,
            planned: true,
            level: RelationshipLevel::Basic,
        }
    }

    #[test]
    fn the_maxima_add_up_to_100() {
        assert_eq!(GroupKind::ALL.iter().map(|g| g.max()).sum::<u32>(), 100);
    }

    #[test]
    fn every_group_at_its_best_is_100() {
        let h = health(&best());
        assert_eq!(h.score, 100);
        assert_eq!(h.band, Band::Healthy);
        assert!(h.main_reasons(2).is_empty());
    }

    #[test]
    fn every_group_at_its_worst_is_at_risk() {
        let h = health(&worst());
        for g in h.groups {
            assert!(g.points <= g.kind.max() / 3 + 1, "{g:?}");
        }
        assert_eq!(h.band, Band::AtRisk);
        assert!(h.score < 15, "{}", h.score);
        let reasons = h.main_reasons(2);
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].kind, GroupKind::Satisfaction);
    }

    #[test]
    fn a_brand_new_account_is_neutral_and_says_why() {
        let h = health(&blank());
        assert!((40..=70).contains(&h.score), "{}", h.score);
        assert_eq!(h.group(GroupKind::Satisfaction).reason, Reason::NoSurvey);
        assert_eq!(h.group(GroupKind::Breadth).reason, Reason::NoContacts);
        assert_eq!(
            h.group(GroupKind::Engagement).reason,
            Reason::NeverVisited { planned: false }
        );
        assert_eq!(h.group(GroupKind::Complaints).reason, Reason::NoComplaints);
    }

    #[test]
    fn no_surveys_and_no_contacts_are_neutral_not_zero() {
        let f = Facts {
            recent_overall: vec![],
            ties: 0,
            ..best()
        };
        let h = health(&f);
        assert_eq!(h.group(GroupKind::Satisfaction).points, 12);
        assert_eq!(h.group(GroupKind::Breadth).points, 10);
    }

    #[test]
    fn complaints_cost_per_open_and_per_breach_with_caps() {
        let one = Facts {
            open_complaints: 1,
            oldest_open_days: Some(2),
            ..best()
        };
        assert_eq!(health(&one).group(GroupKind::Complaints).points, 21);
        let breached = Facts {
            open_complaints: 2,
            oldest_open_days: Some(19),
            breaches: 1,
            worst_past_days: 8,
            ..best()
        };
        assert_eq!(health(&breached).group(GroupKind::Complaints).points, 11);
        let many = Facts {
            open_complaints: 9,
            breaches: 9,
            ..best()
        };
        assert_eq!(health(&many).group(GroupKind::Complaints).points, 0);
    }

    #[test]
    fn engagement_falls_between_one_and_two_cadences() {
        let at = |days| {
            health(&Facts {
                days_since_visit: Some(days),
                planned: false,
                ..best()
            })
            .group(GroupKind::Engagement)
            .points
        };
        assert_eq!(at(14), 16);
        assert_eq!(at(21), 9);
        assert_eq!(at(28), 2);
        assert_eq!(at(400), 2);
    }

    #[test]
    fn a_lost_account_is_scored_like_any_other() {
        // the score never changes a status; a lost account simply shows its facts
        let h = health(&Facts {
            level: RelationshipLevel::Basic,
            ..worst()
        });
        assert_eq!(h.band, Band::AtRisk);
    }

    #[test]
    fn bands_at_their_edges() {
        assert_eq!(Band::of(100), Band::Healthy);
        assert_eq!(Band::of(75), Band::Healthy);
        assert_eq!(Band::of(74), Band::Watch);
        assert_eq!(Band::of(50), Band::Watch);
        assert_eq!(Band::of(49), Band::AtRisk);
        assert_eq!(Band::of(0), Band::AtRisk);
    }
}
