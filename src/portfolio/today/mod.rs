//! The morning review: what needs action today and why, in sections each
//! with its count — visits due, complaints near or past their target,
//! accounts at risk with their reasons, key accounts resting on one
//! person, accounts due by cadence, low survey scores nobody followed up,
//! birthdays. `json` writes it for scripts.

mod json;

use super::complaints::Aged;
use super::visits::{Due, due_by_cadence};
use super::{Portfolio, Result};
use crate::domain::breadth::{Breadth, Verdict};
use crate::domain::complaint::{TargetState, response_target, target_state};
use crate::domain::health::{Health, WATCH_FROM, portfolio_health};
use crate::domain::survey::LOW_SCORE;
use crate::domain::{AccountSummary, Clock, Dimension};
use crate::store::visits::VisitRow;
use chrono::{Duration, NaiveDate, NaiveDateTime};

pub use crate::store::review::{Birthday, LowScore};

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
    /// The breadth of its ties, read for the single-threaded rows only
    /// (their warning says what the account view says).
    pub breadth: Option<Breadth>,
}

/// Everything the morning review shows, gathered in one go. Each list holds
/// at most the rows asked for; `totals` counts them all.
pub struct Review {
    pub date: NaiveDate,
    /// Active accounts in the portfolio (none: the empty state is shown).
    pub accounts: usize,
    pub visits_due: Vec<VisitRow>,
    pub complaints_breaching: Vec<Aged>,
    /// Open promises due today or overdue, the most overdue first.
    pub promises_due: Vec<crate::domain::Commitment>,
    pub at_risk: Vec<Scored>,
    pub single_threaded: Vec<Scored>,
    pub due_by_cadence: Vec<Due>,
    pub low_scores: Vec<LowScore>,
    pub birthdays: Vec<Birthday>,
    /// The full size of each list above, in that order.
    pub totals: [usize; 8],
}

/// The lowest low score of a survey and its dimension.
pub fn lowest(l: &LowScore) -> (Dimension, u8) {
    Dimension::ALL
        .iter()
        .zip(l.scores)
        .filter_map(|(d, s)| s.map(|s| (*d, s)))
        .min_by_key(|(d, s)| (*s, *d == Dimension::Overall))
        .unwrap_or((Dimension::Overall, LOW_SCORE))
}

/// Puts rows read by id (in no particular order) in the order of `ids`.
fn in_order<T>(rows: &mut [T], ids: &[i64], id: impl Fn(&T) -> i64) {
    let rank: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    rows.sort_by_key(|r| rank.get(&id(r)).copied());
}

/// Times the steps of the review to stderr when `KAM_TRACE` is set.
struct Laps {
    start: Option<std::time::Instant>,
}

impl Laps {
    fn start() -> Laps {
        let trace = std::env::var_os("KAM_TRACE").is_some();
        Laps {
            start: trace.then(std::time::Instant::now),
        }
    }

    fn lap(&self, what: &str) {
        if let Some(start) = self.start {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            eprintln!("kam trace:   {ms:>8.2} ms  {what}");
        }
    }
}

impl Portfolio {
    /// The review at `clock`, each section cut to `limit` rows (the counts
    /// stay whole).
    pub fn today(&self, clock: &Clock, limit: usize) -> Result<Review> {
        let laps = Laps::start();
        let now = clock.now;
        let tomorrow = (clock.today() + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or(now);
        let cap = u32::try_from(limit).unwrap_or(u32::MAX);
        let visits_total = self.store.count_planned_in(None, Some(tomorrow))?;
        let visits_due = self.store.planned_visits_in(None, Some(tomorrow), cap)?;
        laps.lap("visits due");
        let (complaints_breaching, complaints_total) = self.complaints_near_target(now, limit)?;
        laps.lap("complaints");
        let promises_total =
            crate::store::commitments::count_open_due_by(self.store.conn(), clock.today())?
                as usize;
        let promises_due = self.commitments_due(clock.today(), cap)?;
        laps.lap("promises");

        // accounts at risk and key accounts on one thread: from the stored
        // scores, then the full health (with its reasons) of the rows shown
        let portfolio = self.count_accounts(false)?;
        self.fresh(now)?;
        let risky = self.store.accounts_scoring_below(WATCH_FROM)?;
        let thin = self
            .store
            .key_accounts_with_verdict(Verdict::SingleThreaded)?;
        let at_risk = self.scored(&risky[..risky.len().min(limit)], now)?;
        let mut single_threaded = self.scored(&thin[..thin.len().min(limit)], now)?;
        // the sentence of the account view; a contact unreadable on a
        // damaged file leaves the row its general hint, not the screen empty
        for sc in &mut single_threaded {
            sc.breadth = self.breadth_of(sc.account.id, clock.today()).ok();
        }
        laps.lap("accounts and health");
        let due = self.store.accounts_due_by_cadence(clock.today())?;
        let mut due = due_by_cadence(due, clock, &self.settings);
        let due_total = due.len();
        due.truncate(limit);
        laps.lap("due by cadence");
        let (low_scores, low_total) =
            self.store
                .unanswered_low_scores(clock.today(), LOW_SCORE_DAYS, cap)?;
        laps.lap("low scores");
        let mut birthdays = self
            .store
            .upcoming_birthdays(clock.today(), BIRTHDAY_DAYS)?;
        laps.lap("birthdays");
        let totals = [
            visits_total,
            complaints_total,
            promises_total,
            risky.len(),
            thin.len(),
            due_total,
            low_total,
            birthdays.len(),
        ];
        birthdays.truncate(limit);
        Ok(Review {
            date: clock.today(),
            accounts: portfolio,
            visits_due,
            complaints_breaching,
            promises_due,
            at_risk,
            single_threaded,
            due_by_cadence: due,
            low_scores,
            birthdays,
            totals,
        })
    }

    /// The open complaints past their target or within a day of it, the
    /// most overdue first: the first `limit` read in full, and how many.
    fn complaints_near_target(
        &self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<(Vec<Aged>, usize)> {
        let open = self.store.open_complaint_facts()?;
        let mut near: Vec<(i64, TargetState)> = open
            .iter()
            .filter_map(|c| {
                let target = response_target(c.severity, c.tier, &self.settings);
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
        let shown: Vec<i64> = near.iter().take(limit).map(|(id, _)| *id).collect();
        let mut rows = self.complaints(&shown, now)?;
        in_order(&mut rows, &shown, |a| a.row.id);
        Ok((rows, near.len()))
    }

    /// The accounts `ids` with their health, in that order.
    fn scored(&self, ids: &[i64], now: NaiveDateTime) -> Result<Vec<Scored>> {
        let mut rows = self.store.summaries_of(ids, now)?;
        in_order(&mut rows, ids, |a| a.id);
        let open = self.store.open_complaints_of(ids)?;
        let health = portfolio_health(&rows, &open, &self.settings, now);
        Ok(rows
            .into_iter()
            .zip(health)
            .map(|(account, health)| Scored {
                account,
                health,
                breadth: None,
            })
            .collect())
    }
}
