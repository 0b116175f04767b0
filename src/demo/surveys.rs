//! Satisfaction surveys, trending up or down.

use super::generator::{Generator, Plan};
use super::random::Rng;
use crate::domain::*;
use crate::store::{self, StoreError};
use chrono::Duration;

impl Generator<'_> {
    pub(super) fn surveys(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let every = match plan.tier {
            Tier::Key => 20,
            Tier::Important => 30,
            Tier::General => 45,
        };
        let horizon = 540i64;
        let base = self.rng.range(30, 42); // tenths: 3.0 … 4.2 at the middle of the period
        let mut age = horizon - self.rng.range(0, every);
        while age >= 0 {
            // the trend moves the mean over time; noise of ±1
            let progress = (horizon / 2 - age) as f64 / 365.0;
            let mean = base as f64 / 10.0 + plan.trend as f64 * progress * 0.8;
            let score = |rng: &mut Rng| -> u8 {
                let noise = rng.range(-10, 10) as f64 / 10.0;
                (mean + noise).round().clamp(1.0, 5.0) as u8
            };
            let mut scores = [None; 6];
            for (d, slot) in scores.iter_mut().enumerate() {
                // every now and then a dimension is not asked
                if d == 5 || self.rng.chance(90) {
                    *slot = Some(score(&mut self.rng));
                }
            }
            let taken_at = self.now().date() - Duration::days(age);
            let input = SurveyInput {
                contact_id: (!contacts.is_empty() && self.rng.chance(85))
                    .then(|| *self.rng.pick(contacts)),
                taken_at,
                channel: *self.rng.pick(&[
                    SurveyChannel::Visit,
                    SurveyChannel::Visit,
                    SurveyChannel::Phone,
                    SurveyChannel::Email,
                ]),
                scores,
                comment: if self.rng.chance(30) {
                    self.text("survey_comment").to_string()
                } else {
                    String::new()
                },
            };
            let uid = self.rng.uid();
            store::surveys::insert(tx, &uid, account_id, &input, &self.clock)?;
            self.counts.surveys += 1;
            age -= self.rng.range(every * 2 / 3, every * 4 / 3);
        }
        if plan.low_recent {
            // unhappy with delivery, six days ago; nobody has reacted yet
            let input = SurveyInput {
                contact_id: contacts.first().copied(),
                taken_at: self.now().date() - Duration::days(6),
                channel: SurveyChannel::Phone,
                scores: [Some(3), Some(3), Some(1), Some(3), Some(2), Some(2)],
                comment: "Two late deliveries in a row. 连续两次交货延迟。".to_string(),
            };
            let uid = self.rng.uid();
            store::surveys::insert(tx, &uid, account_id, &input, &self.clock)?;
            self.counts.surveys += 1;
        }
        Ok(())
    }
}
