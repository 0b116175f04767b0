//! Today: the morning review and kam's home screen. What needs action today
//! and why, in sections each with its count — visits, complaints near or
//! past their target, accounts at risk with their two main reasons, key
//! accounts resting on one person, accounts due by cadence, low survey
//! scores nobody followed up, birthdays. Enter jumps to where a row is
//! acted on; visits can be closed or moved right here.

use crate::domain::breadth::Verdict;
use crate::domain::complaint::{TargetState, response_target, target_state};
use crate::domain::health::{Health, WATCH_FROM, portfolio_health};
use crate::domain::settings::Settings;
use crate::domain::survey::LOW_SCORE;
use crate::domain::text::{fit, sanitize};
use crate::domain::{AccountSummary, Clock, Dimension};
use crate::store::review::{Birthday, LowScore};
use crate::store::visits::VisitRow;
use crate::store::{Store, StoreError};
use crate::strings::{Label, s};
use crate::tui::Effect;
use crate::tui::forms::complaint::Prefill;
use crate::tui::forms::visit::VisitPrefill;
use crate::tui::keymap::Action;
use crate::tui::screens::complaints::Aged;
use crate::tui::screens::visits::{Due, due_by_cadence, visit_action};
use crate::tui::theme::Theme;
use crate::tui::widgets::table::ListView;
use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::{Value, json};

/// How far back an unanswered low score counts.
pub const LOW_SCORE_DAYS: i64 = 30;
/// How far ahead birthdays are shown.
pub const BIRTHDAY_DAYS: i64 = 7;
/// A complaint this close to its target is shown before it breaches.
pub const TARGET_WARNING_HOURS: i64 = 24;

/// An account and its health.
#[derive(Debug, Clone)]
pub struct Scored {
    pub account: AccountSummary,
    pub health: Health,
}

/// How many rows a section of the screen shows; the rest is counted and
/// one key away (the Visits, Complaints or Accounts screen).
pub const SECTION_ROWS: usize = 20;

/// Everything the morning review shows, gathered in one go. Each list holds
/// at most the rows shown; `totals` counts them all.
pub struct Review {
    pub date: NaiveDate,
    /// Active accounts in the portfolio (none: the empty state is shown).
    pub accounts: usize,
    pub visits_due: Vec<VisitRow>,
    pub complaints_breaching: Vec<Aged>,
    pub at_risk: Vec<Scored>,
    pub single_threaded: Vec<Scored>,
    pub due_by_cadence: Vec<Due>,
    pub low_scores: Vec<LowScore>,
    pub birthdays: Vec<Birthday>,
    /// The full size of each list above, in that order.
    pub totals: [usize; 7],
}

/// Puts rows read by id (in no particular order) in the order of `ids`.
fn in_order<T>(rows: &mut [T], ids: &[i64], id: impl Fn(&T) -> i64) {
    let rank: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    rows.sort_by_key(|r| rank.get(&id(r)).copied());
}

/// The accounts `ids` with their health, in that order.
fn scored(
    store: &Store,
    ids: &[i64],
    settings: &Settings,
    now: chrono::NaiveDateTime,
) -> Result<Vec<Scored>, StoreError> {
    let mut rows = store.summaries_of(ids, now)?;
    in_order(&mut rows, ids, |a| a.id);
    let open = store.open_complaints_of(ids)?;
    let health = portfolio_health(&rows, &open, settings, now);
    Ok(rows
        .into_iter()
        .zip(health)
        .map(|(account, health)| Scored { account, health })
        .collect())
}

impl Review {
    /// The review, each section cut to `limit` rows (the counts stay whole).
    pub fn load(
        store: &Store,
        clock: &Clock,
        settings: &Settings,
        limit: usize,
    ) -> Result<Review, StoreError> {
        let trace = std::env::var_os("KAM_TRACE").is_some();
        let start = std::time::Instant::now();
        let lap = |what: &str| {
            if trace {
                eprintln!(
                    "kam trace:   {:>8.2} ms  {what}",
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
        };
        let now = clock.now;
        let tomorrow = (clock.today() + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or(now);
        let cap = u32::try_from(limit).unwrap_or(u32::MAX);
        let visits_total = store.count_planned_in(None, Some(tomorrow))?;
        let visits_due = store.planned_visits_in(None, Some(tomorrow), cap)?;
        lap("visits due");

        // complaints: the targets of every open one, then the rows of those shown
        let open = store.open_complaint_facts()?;
        let mut near: Vec<(i64, TargetState)> = open
            .iter()
            .filter_map(|c| {
                let target = response_target(c.severity, c.tier, settings);
                let state = target_state(c.opened_at, target, None, now);
                match state {
                    TargetState::Breached { .. } => Some((c.id, state)),
                    TargetState::Open { left } if left < Duration::hours(TARGET_WARNING_HOURS) => {
                        Some((c.id, state))
                    }
                    _ => None,
                }
            })
            .collect();
        // most overdue first, then the ones about to breach
        near.sort_by_key(|(id, state)| {
            let key = match state {
                TargetState::Breached { by } => -by.num_minutes(),
                TargetState::Open { left } => left.num_minutes(),
                _ => 0,
            };
            (key, *id)
        });
        let complaints_total = near.len();
        let shown: Vec<i64> = near.iter().take(limit).map(|(id, _)| *id).collect();
        let mut rows = store.complaints_by_ids(&shown)?;
        in_order(&mut rows, &shown, |r| r.id);
        let complaints_breaching: Vec<Aged> = rows
            .into_iter()
            .map(|row| Aged::new(row, now, settings))
            .collect();
        lap("complaints");

        // accounts at risk and key accounts on one thread: from the stored
        // scores, then the full health (with its reasons) of the rows shown
        let portfolio = usize::try_from(store.count_accounts(false)?).unwrap_or(usize::MAX);
        store.refresh_health(now)?;
        let risky = store.accounts_scoring_below(WATCH_FROM)?;
        let thin = store.key_accounts_with_verdict(Verdict::SingleThreaded)?;
        let at_risk = scored(store, &risky[..risky.len().min(limit)], settings, now)?;
        let single_threaded = scored(store, &thin[..thin.len().min(limit)], settings, now)?;
        lap("accounts and health");
        let (due, due_total) = store.accounts_due_by_cadence(clock.today(), limit)?;
        let mut due = due_by_cadence(due, clock);
        due.truncate(limit);
        lap("due by cadence");
        let (low_scores, low_total) =
            store.unanswered_low_scores(clock.today(), LOW_SCORE_DAYS, cap)?;
        lap("low scores");
        let birthdays = store.upcoming_birthdays(clock.today(), BIRTHDAY_DAYS)?;
        lap("birthdays");
        let totals = [
            visits_total,
            complaints_total,
            risky.len(),
            thin.len(),
            due_total,
            low_total,
            birthdays.len(),
        ];
        fn cut<T>(mut v: Vec<T>, n: usize) -> Vec<T> {
            v.truncate(n);
            v
        }
        Ok(Review {
            date: clock.today(),
            accounts: portfolio,
            visits_due,
            complaints_breaching,
            at_risk,
            single_threaded,
            due_by_cadence: due,
            low_scores,
            birthdays: cut(birthdays, limit),
            totals,
        })
    }

    /// The review for scripts (`kam today --json`): each section a list of
    /// objects carrying the account's uid and name and the figures shown.
    pub fn to_json(&self, clock: &Clock) -> Value {
        let reasons = |h: &Health| -> Vec<Value> {
            h.main_reasons(2)
                .iter()
                .map(|g| json!({ "group": group_key(g.kind), "points": g.points, "max": g.kind.max(), "reason": (s().health_reason)(&g.reason) }))
                .collect()
        };
        json!({
            "date": self.date.to_string(),
            "visits_due": self.visits_due.iter().map(|v| json!({
                "account_uid": v.account_uid,
                "name": v.account_name,
                "visit_uid": v.uid,
                "scheduled_at": v.scheduled_at.format("%Y-%m-%d %H:%M").to_string(),
                "overdue": v.scheduled_at < clock.now,
                "kind": v.kind.as_str(),
                "contacts": v.contacts,
                "purpose": v.purpose,
            })).collect::<Vec<_>>(),
            "complaints_breaching": self.complaints_breaching.iter().map(|a| {
                let (breached, hours) = match a.target {
                    TargetState::Breached { by } => (true, by.num_hours()),
                    TargetState::Open { left } => (false, -left.num_hours()),
                    _ => (false, 0),
                };
                json!({
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
            "at_risk": self.at_risk.iter().map(|s| json!({
                "account_uid": s.account.uid,
                "name": s.account.name,
                "health": s.health.score,
                "reasons": reasons(&s.health),
            })).collect::<Vec<_>>(),
            "single_threaded": self.single_threaded.iter().map(|s| json!({
                "account_uid": s.account.uid,
                "name": s.account.name,
                "ties": s.account.breadth.ties,
                "departments": s.account.breadth.departments,
            })).collect::<Vec<_>>(),
            "due_by_cadence": self.due_by_cadence.iter().map(|d| json!({
                "account_uid": d.account.uid,
                "name": d.account.name,
                "days_overdue": d.overdue,
                "cadence_days": d.account.cadence_days,
                "last_done_visit": d.account.last_done.map(|x| x.to_string()),
            })).collect::<Vec<_>>(),
            "low_scores": self.low_scores.iter().map(|l| {
                let (dim, score) = lowest(l);
                json!({
                    "account_uid": l.account_uid,
                    "name": l.account_name,
                    "taken_at": l.taken_at.to_string(),
                    "dimension": dim.column(),
                    "score": score,
                    "respondent": l.respondent,
                })
            }).collect::<Vec<_>>(),
            "birthdays": self.birthdays.iter().map(|b| json!({
                "account_uid": b.account_uid,
                "name": b.account_name,
                "contact": b.name,
                "on": b.on.to_string(),
                "in_days": (b.on - self.date).num_days(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// The stable key of a health group in JSON.
fn group_key(kind: crate::domain::health::GroupKind) -> &'static str {
    use crate::domain::health::GroupKind as G;
    match kind {
        G::Satisfaction => "satisfaction",
        G::Complaints => "complaints",
        G::Breadth => "breadth",
        G::Engagement => "engagement",
        G::Relationship => "relationship",
    }
}

/// The lowest low score of a survey.
fn lowest(l: &LowScore) -> (Dimension, u8) {
    Dimension::ALL
        .iter()
        .zip(l.scores)
        .filter_map(|(d, s)| s.map(|s| (*d, s)))
        .min_by_key(|(d, s)| (*s, *d == Dimension::Overall))
        .unwrap_or((Dimension::Overall, LOW_SCORE))
}

/// The sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Visits,
    Complaints,
    AtRisk,
    SingleThreaded,
    DueByCadence,
    LowScores,
    Birthdays,
}

impl Section {
    fn title(self) -> &'static str {
        let t = s();
        match self {
            Section::Visits => t.today_visits,
            Section::Complaints => t.today_complaints,
            Section::AtRisk => t.today_at_risk,
            Section::SingleThreaded => t.today_single_threaded,
            Section::DueByCadence => t.agenda_due,
            Section::LowScores => t.today_low_scores,
            Section::Birthdays => t.today_birthdays,
        }
    }
}

enum Entry {
    Header(Section, usize),
    Calm(Section),
    /// "… and N more" under a section that shows only its first rows.
    More(Section, usize),
    Visit(VisitRow),
    Complaint(Box<Aged>),
    AtRisk(Box<Scored>),
    Thin(Box<Scored>),
    Due(Due),
    Low(LowScore),
    Birthday(Birthday),
}

impl Entry {
    fn selectable(&self) -> bool {
        !matches!(self, Entry::Header(..) | Entry::Calm(_) | Entry::More(..))
    }
}

#[derive(Default)]
pub struct TodayState {
    entries: Vec<Entry>,
    pub list: ListView,
    loaded: bool,
    /// No account at all: show how to begin instead.
    empty: bool,
}

impl TodayState {
    pub fn set(&mut self, review: Review) {
        let keep = self.list.selected;
        self.empty = review.accounts == 0;
        let mut entries = Vec::new();
        let totals = review.totals;
        let mut k = 0;
        let mut section = |s: Section, items: Vec<Entry>| {
            let total = totals[k];
            k += 1;
            let shown = items.len();
            entries.push(Entry::Header(s, total));
            if items.is_empty() {
                entries.push(Entry::Calm(s));
            }
            entries.extend(items);
            if total > shown {
                entries.push(Entry::More(s, total - shown));
            }
        };
        section(
            Section::Visits,
            review.visits_due.into_iter().map(Entry::Visit).collect(),
        );
        section(
            Section::Complaints,
            review
                .complaints_breaching
                .into_iter()
                .map(|a| Entry::Complaint(Box::new(a)))
                .collect(),
        );
        section(
            Section::AtRisk,
            review
                .at_risk
                .into_iter()
                .map(|s| Entry::AtRisk(Box::new(s)))
                .collect(),
        );
        section(
            Section::SingleThreaded,
            review
                .single_threaded
                .into_iter()
                .map(|s| Entry::Thin(Box::new(s)))
                .collect(),
        );
        section(
            Section::DueByCadence,
            review.due_by_cadence.into_iter().map(Entry::Due).collect(),
        );
        section(
            Section::LowScores,
            review.low_scores.into_iter().map(Entry::Low).collect(),
        );
        section(
            Section::Birthdays,
            review.birthdays.into_iter().map(Entry::Birthday).collect(),
        );
        self.entries = entries;
        self.loaded = true;
        self.list.selected = keep.min(self.entries.len().saturating_sub(1));
        self.step(0);
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Rows the review shows (headers and calm lines included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn step(&mut self, delta: isize) {
        let n = self.entries.len() as isize;
        if n == 0 {
            return;
        }
        let dir = if delta < 0 { -1 } else { 1 };
        let target = (self.list.selected as isize + delta).clamp(0, n - 1);
        let mut i = target;
        while (0..n).contains(&i) && !self.entries[i as usize].selectable() {
            i += dir;
        }
        if !(0..n).contains(&i) {
            i = target;
            while (0..n).contains(&i) && !self.entries[i as usize].selectable() {
                i -= dir;
            }
        }
        if (0..n).contains(&i) {
            self.list.selected = i as usize;
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(self.list.page()),
            Action::PageUp => self.step(-self.list.page()),
            Action::Top => {
                self.list.top();
                self.step(0);
            }
            Action::Bottom => {
                self.list.bottom(self.entries.len());
                self.step(0);
            }
            _ => return self.row_action(action),
        }
        None
    }

    fn row_action(&self, action: Action) -> Option<Effect> {
        let schedule = |account_id: i64, prefill: VisitPrefill| {
            Some(Effect::ScheduleVisitForm {
                account_id,
                prefill,
            })
        };
        match self.entries.get(self.list.selected)? {
            Entry::Visit(v) => visit_action(action, v),
            Entry::Complaint(a) => match action {
                Action::Open => Some(Effect::OpenAccountComplaint(a.row.account_id, a.row.id)),
                Action::Forward => Some(Effect::ForwardForm(a.row.id)),
                Action::MarkInProgress => Some(Effect::SetComplaintStatus {
                    id: a.row.id,
                    to: crate::domain::ComplaintStatus::InProgress,
                    resolution: None,
                }),
                _ => None,
            },
            Entry::AtRisk(sc) | Entry::Thin(sc) => match action {
                Action::Open => Some(Effect::OpenAccount(sc.account.id)),
                Action::Schedule => schedule(sc.account.id, VisitPrefill::default()),
                Action::LogComplaint => Some(Effect::LogComplaintForm {
                    account_id: sc.account.id,
                    prefill: Prefill::default(),
                }),
                _ => None,
            },
            Entry::Due(d) => match action {
                Action::Open => Some(Effect::OpenAccount(d.account.account_id)),
                Action::Schedule => schedule(d.account.account_id, VisitPrefill::default()),
                _ => None,
            },
            Entry::Low(l) => {
                let (dim, score) = lowest(l);
                match action {
                    Action::Open => Some(Effect::OpenAccountSurvey(l.account_id, l.survey_id)),
                    Action::LogComplaint => Some(Effect::LogComplaintForm {
                        account_id: l.account_id,
                        prefill: Prefill {
                            contact_id: l.respondent_id,
                            category: Some(dim.complaint_category()),
                            summary: (s().low_score_summary)(dim.label(), score),
                        },
                    }),
                    Action::Schedule => schedule(
                        l.account_id,
                        VisitPrefill {
                            purpose: (s().low_score_purpose)(dim.label(), score),
                            contact_ids: l.respondent_id.into_iter().collect(),
                            ..VisitPrefill::default()
                        },
                    ),
                    _ => None,
                }
            }
            Entry::Birthday(b) => match action {
                Action::Open => Some(Effect::OpenAccountContact(b.account_id, b.contact_id)),
                _ => None,
            },
            Entry::Header(..) | Entry::Calm(_) | Entry::More(..) => None,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock) {
        if self.empty {
            crate::tui::screens::accounts::render_welcome(frame, area, theme);
            return;
        }
        let window = self.list.window(self.entries.len(), area.height as usize);
        let w = area.width as usize;
        let lines: Vec<Line> = self.entries[window.clone()]
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let selected = window.start + k == self.list.selected;
                entry_line(e, w, selected, clock, theme)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// One row: a short first column, the account, and what to know.
fn row(
    first: (String, Style),
    account: &str,
    detail: (String, Style),
    w: usize,
    selected: bool,
    theme: &Theme,
) -> Line<'static> {
    let first_w = 16;
    let account_w = (w / 3).clamp(16, 34);
    let detail_w = w.saturating_sub(first_w + account_w + 4);
    let sel = |st: Style| {
        if selected {
            st.patch(theme.selected())
        } else {
            st
        }
    };
    Line::from(vec![
        Span::styled("  ", sel(Style::new())),
        Span::styled(fit(&first.0, first_w), sel(first.1)),
        Span::styled(" ", sel(Style::new())),
        Span::styled(fit(account, account_w), sel(Style::new())),
        Span::styled(" ", sel(Style::new())),
        Span::styled(fit(&detail.0, detail_w), sel(detail.1)),
    ])
}

fn entry_line(e: &Entry, w: usize, selected: bool, clock: &Clock, theme: &Theme) -> Line<'static> {
    let t = s();
    let plain = Style::new();
    match e {
        Entry::Header(section, n) => {
            let style = if *n > 0 {
                theme.title()
            } else {
                theme.header()
            };
            Line::styled(format!("{} ({n})", section.title()), style)
        }
        Entry::Calm(section) => Line::styled(format!("  {}", calm(*section)), theme.dim()),
        Entry::More(section, n) => Line::styled(
            format!("  {}", (t.more_rows)(*n, more_where(*section))),
            theme.dim(),
        ),
        Entry::Visit(v) => {
            let overdue = v.scheduled_at < clock.now;
            let when = if v.scheduled_at.date() == clock.today() {
                format!("{} {}", t.today, v.scheduled_at.format("%H:%M"))
            } else {
                crate::strings::when(v.scheduled_at, false)
            };
            let mut detail = v.kind.label().to_string();
            if !v.contacts.is_empty() {
                detail.push_str(&format!(" · {}", v.contacts));
            }
            if !v.purpose.is_empty() {
                detail.push_str(&format!(" · {}", v.purpose));
            }
            let when_style = if overdue { theme.error() } else { plain };
            row(
                (when, when_style),
                &v.account_name,
                (detail, plain),
                w,
                selected,
                theme,
            )
        }
        Entry::Complaint(a) => {
            let (first, style) = match a.target {
                TargetState::Breached { by } => (
                    (t.target_over)(&crate::strings::short_age(by)),
                    theme.error(),
                ),
                TargetState::Open { left } => (
                    (t.target_left)(&crate::strings::short_age(left)),
                    theme.warn(),
                ),
                _ => (String::new(), plain),
            };
            let detail = format!(
                "{} · {} · {} · {}",
                a.row.severity.label(),
                crate::strings::short_age(a.age),
                a.row.summary,
                a.row.status.label()
            );
            row(
                (first, style),
                &a.row.account_name,
                (detail, plain),
                w,
                selected,
                theme,
            )
        }
        Entry::AtRisk(sc) => {
            let reasons: Vec<String> = sc
                .health
                .main_reasons(2)
                .iter()
                .map(|g| (t.health_reason)(&g.reason))
                .collect();
            row(
                ((t.health_short)(sc.health.score), theme.error()),
                &sc.account.name,
                (reasons.join(" · "), plain),
                w,
                selected,
                theme,
            )
        }
        Entry::Thin(sc) => {
            let b = &sc.account.breadth;
            row(
                ((t.breadth_short)(b.departments, b.ties), theme.warn()),
                &sc.account.name,
                (t.thin_hint.to_string(), theme.dim()),
                w,
                selected,
                theme,
            )
        }
        Entry::Due(d) => {
            let first = match d.overdue {
                Some(days) => (t.cadence_overdue_short)(days),
                None => t.cadence_never.to_string(),
            };
            let detail = format!(
                "{} · {}",
                d.account.tier.label(),
                (t.cadence_every)(d.account.cadence_days)
            );
            row(
                (first, theme.warn()),
                &d.account.name,
                (detail, plain),
                w,
                selected,
                theme,
            )
        }
        Entry::Low(l) => {
            let (dim, score) = lowest(l);
            let mut detail = format!("{} {score}/5 · {}", dim.label(), l.taken_at);
            if let Some(r) = &l.respondent {
                detail.push_str(&format!(" · {r}"));
            }
            row(
                (format!("{score}/5"), theme.error()),
                &l.account_name,
                (detail, plain),
                w,
                selected,
                theme,
            )
        }
        Entry::Birthday(b) => {
            let days = (b.on - clock.today()).num_days();
            let first = (t.in_days)(days);
            let detail = format!("{} · {}", sanitize(&b.name), b.on.format("%m-%d"));
            row(
                (first, theme.good()),
                &b.account_name,
                (detail, plain),
                w,
                selected,
                theme,
            )
        }
    }
}

/// Where the rest of a long section is to be found.
fn more_where(section: Section) -> &'static str {
    let t = s();
    match section {
        Section::Visits | Section::DueByCadence => t.tab_visits,
        Section::Complaints => t.tab_complaints,
        Section::LowScores => t.tab_surveys,
        _ => t.tab_accounts,
    }
}

fn calm(section: Section) -> &'static str {
    let t = s();
    match section {
        Section::Visits => t.calm_visits,
        Section::Complaints => t.calm_complaints,
        Section::AtRisk => t.calm_at_risk,
        Section::SingleThreaded => t.calm_single_threaded,
        Section::DueByCadence => t.calm_due,
        Section::LowScores => t.calm_low_scores,
        Section::Birthdays => t.calm_birthdays,
    }
}
