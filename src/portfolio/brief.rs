//! The pre-visit brief (issue 19, item 8): for one account, what to know
//! before walking in — health and its two main reasons, who we know (the
//! breadth verdict and the strongest ties), open complaints with age and
//! target, the last three visits, the latest survey and its trend, open
//! promises and birthdays in the next 30 days. Built from the Account
//! view's data (`AccountData`), so the section and `kam brief` agree.

use super::account::AccountData;
use super::complaints::Aged;
use super::{Portfolio, Result};
use crate::domain::breadth::Breadth;
use crate::domain::dates::next_birthday;
use crate::domain::health::{Band, Group};
use crate::domain::survey::{Trend, trend};
use crate::domain::{
    AccountStatus, BuyingRole, Clock, Commitment, Department, Dimension, Seniority, Tier,
    VisitStatus,
};
use crate::store::visits::VisitRow;
use chrono::NaiveDate;

/// How far ahead birthdays are listed.
pub const BIRTHDAYS_AHEAD: i64 = 30;
/// How many visits and ties the brief names.
pub const LAST_VISITS: usize = 3;
pub const STRONGEST_TIES: usize = 3;

/// A tie worth knowing: one of the strongest current contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    pub contact_id: i64,
    pub name: String,
    pub title: String,
    pub department: Department,
    pub seniority: Seniority,
    pub role: Option<BuyingRole>,
    pub strength: u8,
    /// Who holds the tie on our side ('' nobody named).
    pub held_by: String,
}

/// A birthday coming up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birthday {
    pub name: String,
    pub on: NaiveDate,
    pub in_days: i64,
}

/// The latest survey: its date, its scores and the overall trend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestSurvey {
    pub taken_at: NaiveDate,
    pub scores: [Option<u8>; 6],
    pub trend: Option<Trend>,
}

/// What to know before walking in.
pub struct Brief {
    pub account_id: i64,
    pub uid: String,
    pub name: String,
    pub tier: Tier,
    pub status: AccountStatus,
    pub today: NaiveDate,
    pub health: u32,
    pub band: Band,
    /// The two groups that cost the most points, worst first.
    pub reasons: Vec<Group>,
    pub breadth: Breadth,
    pub ties: Vec<Tie>,
    /// Unresolved, oldest first.
    pub complaints: Vec<Aged>,
    /// The latest done visits, newest first.
    pub visits: Vec<VisitRow>,
    /// The next planned visit, if any.
    pub next_visit: Option<VisitRow>,
    pub survey: Option<LatestSurvey>,
    /// Open promises, by due date.
    pub promises: Vec<Commitment>,
    pub birthdays: Vec<Birthday>,
    /// Where the account is (empty: not known).
    pub address: String,
}

impl Brief {
    /// The brief of the account `data` shows, on `clock`'s day.
    pub fn of(data: &AccountData, clock: &Clock) -> Brief {
        let today = clock.today();
        let a = &data.account;
        let mut current: Vec<_> = data
            .contacts
            .iter()
            .filter(|c| !c.contact.input.left_company)
            .collect();
        current.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.contact.input.tie_strength),
                c.contact.input.seniority,
                c.contact.id,
            )
        });
        let ties = current
            .iter()
            .take(STRONGEST_TIES)
            .map(|c| {
                let i = &c.contact.input;
                Tie {
                    contact_id: c.contact.id,
                    name: i.name.clone(),
                    title: i.title.clone(),
                    department: i.department,
                    seniority: i.seniority,
                    role: i.buying_role,
                    strength: i.tie_strength,
                    held_by: i.our_side.clone(),
                }
            })
            .collect();
        let mut birthdays: Vec<Birthday> = current
            .iter()
            .filter_map(|c| {
                let on = next_birthday(c.contact.input.birthday?, today)?;
                let in_days = (on - today).num_days();
                (in_days <= BIRTHDAYS_AHEAD).then(|| Birthday {
                    name: c.contact.input.name.clone(),
                    on,
                    in_days,
                })
            })
            .collect();
        birthdays.sort_by_key(|b| (b.in_days, b.name.clone()));
        let overall: Vec<u8> = data
            .surveys
            .iter()
            .filter_map(|r| r.input.score(Dimension::Overall))
            .collect();
        let survey = data.surveys.first().map(|r| LatestSurvey {
            taken_at: r.input.taken_at,
            scores: r.input.scores,
            trend: trend(&overall),
        });
        Brief {
            account_id: a.id,
            uid: a.uid.clone(),
            name: a.input.name.clone(),
            tier: a.input.tier,
            status: a.input.status,
            today,
            health: data.health.score,
            band: data.health.band,
            reasons: data.health.main_reasons(2),
            breadth: data.breadth.clone(),
            ties,
            complaints: data
                .complaints
                .iter()
                .filter(|c| c.row.status.is_unresolved())
                .cloned()
                .collect(),
            visits: data
                .visits
                .iter()
                .filter(|v| v.status == VisitStatus::Done)
                .take(LAST_VISITS)
                .cloned()
                .collect(),
            next_visit: data
                .visits
                .iter()
                .find(|v| v.status == VisitStatus::Planned)
                .cloned(),
            address: a.input.address.clone(),
            survey,
            promises: data
                .commitments
                .iter()
                .filter(|c| c.is_open())
                .cloned()
                .collect(),
            birthdays,
        }
    }
}

impl Brief {
    /// The brief for scripts (`kam brief --json`): stable keys and codes,
    /// stored words for enumerations; only `reason` and `verdict_text` are
    /// said in the interface language.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let reasons: Vec<_> = self
            .reasons
            .iter()
            .map(|g| {
                json!({
                    "code": g.reason.code(),
                    "group": g.kind.code(),
                    "points": g.points,
                    "max": g.kind.max(),
                    "reason": (crate::strings::s().health_reason)(&g.reason),
                })
            })
            .collect();
        let ties: Vec<_> = self
            .ties
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "title": t.title,
                    "department": t.department.as_str(),
                    "seniority": t.seniority.as_str(),
                    "buying_role": t.role.map(|r| r.as_str()),
                    "tie_strength": t.strength,
                    "held_by": t.held_by,
                })
            })
            .collect();
        let complaints: Vec<_> = self
            .complaints
            .iter()
            .map(|a| {
                use crate::domain::complaint::TargetState;
                let (breached, hours) = match a.target {
                    TargetState::Breached { by } => (true, by.num_hours()),
                    TargetState::Open { left } => (false, -left.num_hours()),
                    _ => (false, 0),
                };
                json!({
                    "complaint_uid": a.row.uid,
                    "summary": a.row.summary,
                    "severity": a.row.severity.as_str(),
                    "status": a.row.status.as_str(),
                    "opened_at": a.row.opened_at.format("%Y-%m-%d %H:%M").to_string(),
                    "age_days": a.age.num_days(),
                    "breached": breached,
                    "hours_past_target": hours,
                })
            })
            .collect();
        let visit = |v: &VisitRow| {
            json!({
                "visit_uid": v.uid,
                "scheduled_at": v.scheduled_at.format("%Y-%m-%d %H:%M").to_string(),
                "completed_at": v.completed_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
                "kind": v.kind.as_str(),
                "status": v.status.as_str(),
                "purpose": v.purpose,
                "outcome": v.outcome,
                "next_step": v.next_step,
                "contacts": v.contacts,
            })
        };
        let survey = self.survey.as_ref().map(|sv| {
            let mut scores = serde_json::Map::new();
            for (d, x) in Dimension::ALL.iter().zip(sv.scores) {
                scores.insert(d.column().into(), x.into());
            }
            json!({
                "taken_at": sv.taken_at.to_string(),
                "scores": scores,
                "trend": sv.trend.map(Trend::code),
            })
        });
        let promises: Vec<_> = self
            .promises
            .iter()
            .map(|c| {
                json!({
                    "promise_uid": c.uid,
                    "what": c.input.what,
                    "due_on": c.input.due_on.map(|d| d.to_string()),
                    "days_overdue": c.days_late(self.today),
                    "to": c.contact_name,
                })
            })
            .collect();
        let birthdays: Vec<_> = self
            .birthdays
            .iter()
            .map(|b| json!({ "contact": b.name, "on": b.on.to_string(), "in_days": b.in_days }))
            .collect();
        json!({
            "date": self.today.to_string(),
            "account_uid": self.uid,
            "name": self.name,
            "tier": self.tier.as_str(),
            "status": self.status.as_str(),
            "health": self.health,
            "band": match self.band {
                Band::Healthy => "healthy",
                Band::Watch => "watch",
                Band::AtRisk => "at_risk",
            },
            "reasons": reasons,
            "breadth": {
                "verdict": self.breadth.verdict.code(),
                "verdict_text": (crate::strings::s().breadth_message)(&self.breadth),
                "ties": self.breadth.counts.ties,
                "departments": self.breadth.counts.departments,
            },
            "strongest_ties": ties,
            "open_complaints": complaints,
            "last_visits": self.visits.iter().map(visit).collect::<Vec<_>>(),
            "next_visit": self.next_visit.as_ref().map(visit),
            "address": self.address,
            "latest_survey": survey,
            "open_promises": promises,
            "birthdays": birthdays,
        })
    }
}

/// An account named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    One(i64),
    None,
    /// Several accounts match: their names, by name.
    Many(Vec<String>),
}

impl Portfolio {
    /// The account `key` names: its id or uid; else the one account whose
    /// name is `key` (letter case aside); else the accounts whose name (or
    /// its pinyin) starts with it, or failing that contains it — one is
    /// found, several are `Many`. Archived accounts count too.
    pub fn resolve_account(&self, key: &str) -> Result<Found> {
        use crate::domain::pinyin::rank;
        if let Some(a) = self.find_account(key)? {
            return Ok(Found::One(a.id));
        }
        let key = key.trim();
        if key.is_empty() {
            return Ok(Found::None);
        }
        let mut all = self.store.account_search_forms(false)?;
        all.extend(self.store.account_search_forms(true)?);
        let exact: Vec<_> = all
            .iter()
            .filter(|(_, name, _)| name.trim().to_lowercase() == key.to_lowercase())
            .collect();
        if let [(id, _, _)] = exact.as_slice() {
            return Ok(Found::One(*id));
        }
        let ranked: Vec<(u8, i64, String)> = all
            .iter()
            .filter_map(|(id, name, form)| rank(name, form, key).map(|r| (r, *id, name.clone())))
            .collect();
        let best = ranked.iter().map(|r| r.0).min();
        let mut hits: Vec<_> = ranked.into_iter().filter(|r| Some(r.0) == best).collect();
        hits.sort_by(|a, b| crate::domain::pinyin::cmp_names(&a.2, &b.2));
        Ok(match hits.as_slice() {
            [] => Found::None,
            [(_, id, _)] => Found::One(*id),
            many => Found::Many(many.iter().map(|h| h.2.clone()).collect()),
        })
    }

    /// The brief of one account; `None` when it does not exist.
    pub fn brief(&self, id: i64, clock: &Clock) -> Result<Option<Brief>> {
        Ok(self
            .account_view(id, clock)?
            .map(|data| Brief::of(&data, clock)))
    }
}
