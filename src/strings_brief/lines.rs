//! The pre-visit brief as lines of text: a label column (Health, Who we
//! know, …) and the parts of each line with their tone, so the dashboard
//! colours them and `kam brief` prints them plain. `full` lists every
//! item (the command); otherwise the dashboard's essential part, which
//! fits 80×24: at most two complaints and two promises, "+N more" after.

use super::{pick, zh};
use crate::domain::Dimension;
use crate::domain::complaint::TargetState;
use crate::portfolio::brief::Brief;
use crate::strings::{Label, aside, listed, s, short_age};

/// How a part of a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Warn,
    Bad,
    Good,
}

/// One line: its label (only on the first line of a block) and parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefLine {
    pub label: &'static str,
    pub parts: Vec<(Tone, String)>,
}

impl BriefLine {
    fn new(label: &'static str, parts: Vec<(Tone, String)>) -> BriefLine {
        BriefLine { label, parts }
    }

    /// The parts joined.
    pub fn text(&self) -> String {
        self.parts.iter().map(|(_, t)| t.as_str()).collect()
    }
}

fn labels() -> [&'static str; 7] {
    if zh() {
        ["健康度", "人脉", "投诉", "拜访", "调查", "承诺", "生日"]
    } else {
        [
            "Health",
            "Who we know",
            "Complaints",
            "Visits",
            "Survey",
            "Promises",
            "Birthdays",
        ]
    }
}

/// What the essential part lists of complaints and promises.
const ESSENTIAL: usize = 2;

/// The brief's lines.
pub fn brief_lines(b: &Brief, full: bool) -> Vec<BriefLine> {
    let [
        health,
        people,
        complaints,
        visits,
        survey,
        promises,
        birthdays,
    ] = labels();
    let mut out = Vec::new();
    health_lines(&mut out, health, b);
    people_lines(&mut out, people, b);
    complaint_lines(&mut out, complaints, b, full);
    visit_lines(&mut out, visits, b);
    survey_line(&mut out, survey, b);
    promise_lines(&mut out, promises, b, full);
    birthday_line(&mut out, birthdays, b);
    out
}

/// A block's lines: the label on the first only.
fn block(out: &mut Vec<BriefLine>, label: &'static str, lines: Vec<Vec<(Tone, String)>>) {
    for (i, parts) in lines.into_iter().enumerate() {
        out.push(BriefLine::new(if i == 0 { label } else { "" }, parts));
    }
}

fn none_line() -> Vec<(Tone, String)> {
    vec![(Tone::Dim, s().none.to_string())]
}

fn health_lines(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief) {
    use crate::domain::health::Band;
    let tone = match b.band {
        Band::Healthy => Tone::Good,
        Band::Watch => Tone::Warn,
        Band::AtRisk => Tone::Bad,
    };
    let head = format!("{} {}", b.health, b.band.label());
    let mut lines = Vec::new();
    let reasons: Vec<String> = b
        .reasons
        .iter()
        .map(|g| (s().health_reason)(&g.reason))
        .collect();
    match reasons.split_first() {
        None => lines.push(vec![(tone, head)]),
        Some((first, rest)) => {
            lines.push(vec![(tone, head), (Tone::Plain, format!(" · {first}"))]);
            for r in rest {
                lines.push(vec![(Tone::Plain, r.clone())]);
            }
        }
    }
    block(out, label, lines);
}

fn people_lines(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief) {
    let mut lines = vec![vec![(Tone::Plain, (s().breadth_message)(&b.breadth))]];
    for t in &b.ties {
        let mut what = vec![
            t.department.label().to_string(),
            t.seniority.label().to_string(),
        ];
        if let Some(role) = t.role {
            what.push(role.label().to_string());
        }
        if !t.title.is_empty() {
            what.insert(0, t.title.clone());
        }
        let held = if t.held_by.is_empty() {
            pick("held by nobody on our side", "我方无人对接").to_string()
        } else {
            pick(
                format!("held by {}", t.held_by),
                format!("我方：{}", t.held_by),
            )
        };
        lines.push(vec![
            (Tone::Plain, format!("{} ", t.name)),
            (Tone::Dim, format!("{} · {}", what.join(" · "), held)),
        ]);
    }
    block(out, label, lines);
}

fn complaint_lines(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief, full: bool) {
    let t = s();
    let shown = if full { b.complaints.len() } else { ESSENTIAL };
    let mut lines: Vec<Vec<(Tone, String)>> = b
        .complaints
        .iter()
        .take(shown)
        .map(|a| {
            let (tone, target) = match a.target {
                TargetState::Breached { by } => (Tone::Bad, (t.target_over)(&short_age(by))),
                TargetState::Open { left } => (Tone::Plain, (t.target_left)(&short_age(left))),
                _ => (Tone::Dim, String::new()),
            };
            vec![
                (
                    tone,
                    format!(
                        "{} · {} · {target} ",
                        a.row.severity.label(),
                        short_age(a.age)
                    ),
                ),
                (Tone::Plain, a.row.summary.clone()),
            ]
        })
        .collect();
    more(&mut lines, b.complaints.len(), shown);
    if lines.is_empty() {
        lines.push(none_line());
    }
    block(out, label, lines);
}

/// "+N more" on the last line, when some were left out.
fn more(lines: &mut [Vec<(Tone, String)>], total: usize, shown: usize) {
    if total > shown
        && let Some(last) = lines.last_mut()
    {
        let n = total - shown;
        last.push((
            Tone::Dim,
            pick(format!("  +{n} more"), format!("  另有 {n} 项")),
        ));
    }
}

fn visit_lines(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief) {
    let mut lines: Vec<Vec<(Tone, String)>> = b
        .visits
        .iter()
        .map(|v| {
            let day = v
                .completed_at
                .unwrap_or(v.scheduled_at)
                .format("%Y-%m-%d")
                .to_string();
            let mut parts = vec![(Tone::Dim, format!("{day} {} ", v.kind.label()))];
            let outcome = if v.outcome.is_empty() {
                v.purpose.clone()
            } else {
                v.outcome.clone()
            };
            parts.push((Tone::Plain, outcome.replace('\n', " ")));
            if !v.next_step.is_empty() {
                let next = pick(
                    format!(" → next: {}", v.next_step),
                    format!(" → 下一步：{}", v.next_step),
                );
                parts.push((Tone::Plain, next));
            }
            parts
        })
        .collect();
    if let Some(v) = &b.next_visit {
        let when = crate::strings::when(v.scheduled_at, false);
        // a planned visit of a day gone by is overdue, not merely planned
        lines.push(if v.scheduled_at.date() < b.today {
            let days = (b.today - v.scheduled_at.date()).num_days();
            vec![(
                Tone::Bad,
                pick(
                    format!("planned: {when}, overdue by {days}d"),
                    format!("已计划：{when}，已逾期 {days} 天"),
                ),
            )]
        } else {
            vec![(
                Tone::Dim,
                pick(format!("planned: {when}"), format!("已计划：{when}")),
            )]
        });
    }
    if !b.address.is_empty() {
        let at = crate::strings_cards::address_label();
        lines.push(vec![
            (Tone::Dim, pick(format!("{at}: "), format!("{at}："))),
            (Tone::Plain, b.address.clone()),
        ]);
    }
    if lines.is_empty() {
        lines.push(none_line());
    }
    block(out, label, lines);
}

fn survey_line(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief) {
    let Some(sv) = &b.survey else {
        block(out, label, vec![none_line()]);
        return;
    };
    let t = s();
    let arrow = sv.trend.map_or("", |tr| t.trend_arrow[tr as usize]);
    let overall = sv.scores[5].map_or_else(|| "—".to_string(), |x| x.to_string());
    let mut parts = vec![(
        Tone::Plain,
        format!(
            "{} {} {overall}{arrow}",
            sv.taken_at,
            Dimension::Overall.label()
        ),
    )];
    let low = sv.scores[..5].iter().any(|x| x.is_some_and(|x| x <= 2));
    let others: Vec<String> = Dimension::ALL[..5]
        .iter()
        .zip(sv.scores)
        .filter_map(|(d, x)| x.map(|x| format!("{} {x}", d.label())))
        .collect();
    if !others.is_empty() {
        parts.push((
            if low { Tone::Warn } else { Tone::Dim },
            format!(" · {}", others.join(" · ")),
        ));
    }
    block(out, label, vec![parts]);
}

fn promise_lines(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief, full: bool) {
    let shown = if full { b.promises.len() } else { ESSENTIAL };
    let mut lines: Vec<Vec<(Tone, String)>> = b
        .promises
        .iter()
        .take(shown)
        .map(|c| {
            let late = c.days_late(b.today);
            let tone = if late > 0 {
                Tone::Bad
            } else if late == 0 {
                Tone::Warn
            } else {
                Tone::Dim
            };
            let due = c.input.due_on.map(|d| d.to_string()).unwrap_or_default();
            let mut parts = vec![
                (tone, format!("{} ", super::due_on(&due, late))),
                (Tone::Plain, c.input.what.replace('\n', " ")),
            ];
            if let Some(name) = &c.contact_name {
                parts.push((Tone::Dim, format!(" · {}", super::to_whom(name))));
            }
            parts
        })
        .collect();
    more(&mut lines, b.promises.len(), shown);
    if lines.is_empty() {
        lines.push(none_line());
    }
    block(out, label, lines);
}

fn birthday_line(out: &mut Vec<BriefLine>, label: &'static str, b: &Brief) {
    if b.birthdays.is_empty() {
        let text = pick("none in the next 30 days", "未来 30 天内没有");
        block(out, label, vec![vec![(Tone::Dim, text.to_string())]]);
        return;
    }
    let items: Vec<String> = b
        .birthdays
        .iter()
        .map(|x| {
            let when = match x.in_days {
                0 => pick("today".to_string(), "今天".to_string()),
                1 => pick("tomorrow".to_string(), "明天".to_string()),
                n => pick(format!("in {n} days"), format!("{n} 天后")),
            };
            aside(&format!("{} {}", x.name, x.on.format("%m-%d")), &when)
        })
        .collect();
    block(out, label, vec![vec![(Tone::Plain, listed(&items))]]);
}

/// The brief as plain text, one line per line, labels padded to one
/// column (in terminal cells): what `kam brief` prints.
pub fn brief_text(b: &Brief) -> String {
    use crate::domain::text::{fit, width};
    let lines = brief_lines(b, true);
    let w = lines.iter().map(|l| width(l.label)).max().unwrap_or(0) + 2;
    let mut out = format!("{} · {} · {}\n", b.name, b.tier.label(), b.status.label());
    for l in &lines {
        out.push_str(&fit(l.label, w));
        out.push_str(&l.text());
        out.push('\n');
    }
    out
}
