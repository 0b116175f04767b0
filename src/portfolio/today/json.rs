//! The morning review for scripts (`kam today --json`). Every reason and
//! verdict carries a stable `code`; codes and figures are the same in
//! every interface language, only the text fields (`reason`) are said in
//! the language in effect. README.md lists the codes.

use super::{Review, Scored, lowest};
use crate::domain::Clock;
use crate::domain::complaint::TargetState;
use crate::domain::health::{Group, Health, Reason};
use crate::domain::visit::CadenceState;
use crate::store::visits::VisitRow;
use crate::strings::s;
use serde_json::{Map, Value, json};

impl Review {
    /// The review as one JSON document: each section a list of objects
    /// carrying the account's uid and name, a code and the figures shown.
    pub fn to_json(&self, clock: &Clock) -> Value {
        json!({
            "date": self.date.to_string(),
            "visits_due": self.visits_due.iter().map(|v| visit(v, clock)).collect::<Vec<_>>(),
            "complaints_breaching": self.complaints_breaching.iter().map(|a| {
                let (breached, hours) = match a.target {
                    TargetState::Breached { by } => (true, by.num_hours()),
                    TargetState::Open { left } => (false, -left.num_hours()),
                    _ => (false, 0),
                };
                json!({
                    "code": if breached { "complaint_past_target" } else { "complaint_near_target" },
                    "account_uid": a.row.account_uid,
                    "name": a.row.account_name,
                    "complaint_uid": a.row.uid,
                    "summary": a.row.summary,
                    "severity": a.row.severity.as_str(),
                    "age_days": a.age.num_days(),
                    "breached": breached,
                    "hours_past_target": hours,
                    "status": a.row.status.as_str(),
                })
            }).collect::<Vec<_>>(),
            "promises_due": self.promises_due.iter().map(|c| {
                let late = c.days_late(self.date);
                json!({
                    "code": if late > 0 { "promise_overdue" } else { "promise_due_today" },
                    "account_uid": c.account_uid,
                    "name": c.account_name,
                    "promise_uid": c.uid,
                    "what": c.input.what,
                    "due_on": c.input.due_on.map(|d| d.to_string()),
                    "days_overdue": late,
                    "to": c.contact_name,
                })
            }).collect::<Vec<_>>(),
            "at_risk": self.at_risk.iter().map(at_risk).collect::<Vec<_>>(),
            "single_threaded": self.single_threaded.iter().map(|sc| json!({
                "code": "single_threaded",
                "account_uid": sc.account.uid,
                "name": sc.account.name,
                "ties": sc.account.breadth.ties,
                "departments": sc.account.breadth.departments,
                "reason": sc.breadth.as_ref().map(|b| (s().breadth_message)(b)),
            })).collect::<Vec<_>>(),
            "due_by_cadence": self.due_by_cadence.iter().map(|d| json!({
                "code": d.state.map_or("never_visited", |st| st.code()),
                "account_uid": d.account.uid,
                "name": d.account.name,
                "days_overdue": d.overdue,
                "twice_cadence": d.state == Some(CadenceState::FarOverdue),
                "cadence_days": d.account.cadence_days,
                "last_done_visit": d.account.last_done.map(|x| x.to_string()),
            })).collect::<Vec<_>>(),
            "low_scores": self.low_scores.iter().map(|l| {
                let (dim, score) = lowest(l);
                json!({
                    "code": "low_score",
                    "account_uid": l.account_uid,
                    "name": l.account_name,
                    "taken_at": l.taken_at.to_string(),
                    "dimension": dim.column(),
                    "score": score,
                    "respondent": l.respondent,
                })
            }).collect::<Vec<_>>(),
            "birthdays": self.birthdays.iter().map(|b| json!({
                "code": "birthday",
                "account_uid": b.account_uid,
                "name": b.account_name,
                "contact": b.name,
                "on": b.on.to_string(),
                "in_days": (b.on - self.date).num_days(),
            })).collect::<Vec<_>>(),
        })
    }
}

fn visit(v: &VisitRow, clock: &Clock) -> Value {
    let overdue = crate::domain::visit::is_overdue(v.scheduled_at, clock.now);
    json!({
        "code": if overdue { "visit_overdue" } else { "visit_due_today" },
        "account_uid": v.account_uid,
        "name": v.account_name,
        "visit_uid": v.uid,
        "scheduled_at": v.scheduled_at.format("%Y-%m-%d %H:%M").to_string(),
        "overdue": overdue,
        "kind": v.kind.as_str(),
        // one string, the same in every language
        "contacts": v.contacts.join(", "),
        "purpose": v.purpose,
    })
}

fn at_risk(sc: &Scored) -> Value {
    json!({
        "code": "health_at_risk",
        "account_uid": sc.account.uid,
        "name": sc.account.name,
        "health": sc.health.score,
        "reasons": reasons(&sc.health),
    })
}

/// The two groups that cost the account most, each with its code, points,
/// the figures behind it and its sentence.
fn reasons(h: &Health) -> Vec<Value> {
    h.main_reasons(2).iter().map(reason).collect()
}

fn reason(g: &Group) -> Value {
    let mut out = Map::new();
    out.insert("code".into(), g.reason.code().into());
    out.insert("group".into(), g.kind.code().into());
    out.insert("points".into(), g.points.into());
    out.insert("max".into(), g.kind.max().into());
    out.extend(figures(&g.reason));
    out.insert("reason".into(), (s().health_reason)(&g.reason).into());
    Value::Object(out)
}

/// What a reason rests on, as numbers and stored words.
fn figures(r: &Reason) -> Map<String, Value> {
    let v = match *r {
        Reason::NoSurvey | Reason::NoComplaints | Reason::NoContacts => json!({}),
        Reason::Satisfaction { overall, trend } => json!({
            "overall": overall,
            "trend": trend.map(|t| t.code()),
        }),
        Reason::Complaints {
            open,
            oldest_days,
            breaches,
            worst_past_days,
        } => json!({
            "open": open,
            "oldest_days": oldest_days,
            "breaches": breaches,
            "worst_past_days": worst_past_days,
        }),
        Reason::Breadth { verdict, executive } => json!({
            "verdict": verdict.code(),
            "executive_tie": executive,
        }),
        Reason::NeverVisited { planned } => json!({ "visit_planned": planned }),
        Reason::Engagement {
            days_since,
            cadence,
            overdue_planned,
            planned,
        } => json!({
            "days_since_visit": days_since,
            "cadence_days": cadence,
            "planned_visits_overdue": overdue_planned,
            "visit_planned": planned,
        }),
        Reason::Level(level) => json!({ "level": level.number() }),
    };
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
