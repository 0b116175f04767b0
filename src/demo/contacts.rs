//! The people at an account.

use super::generator::{Generator, Plan};
use crate::domain::*;
use crate::store::{self, StoreError};
use chrono::Duration;

impl Generator<'_> {
    /// Returns the ids of current contacts.
    pub(super) fn contacts(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        chinese: bool,
        owner: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let roles = self.roles(plan);
        let mut ids = Vec::new();
        for (k, (dept, level)) in roles.into_iter().enumerate() {
            let mut c = ContactInput::new(&self.person_name(chinese), dept, level);
            c.title = title(dept, level, chinese).to_string();
            c.buying_role = Some(match (dept, level) {
                (Department::Executive, _) => BuyingRole::DecisionMaker,
                (Department::Purchasing, Seniority::Manager) => BuyingRole::DecisionMaker,
                (Department::Purchasing, _) => BuyingRole::Gatekeeper,
                (Department::Technical, _) => BuyingRole::Influencer,
                (Department::User, _) => BuyingRole::User,
                _ => *self.rng.pick(BuyingRole::ALL),
            });
            c.tie_strength = if plan.single_threaded {
                4
            } else {
                self.rng.range(1, 5) as u8
            };
            c.our_side = if plan.single_threaded || k == 0 || self.rng.chance(55) {
                owner.to_string()
            } else {
                self.w("our_side").to_string()
            };
            c.phone = format!(
                "+86 1{}{:02} {:04} {:04}",
                self.rng.range(3, 9),
                self.rng.range(0, 99),
                self.rng.range(0, 9999),
                self.rng.range(0, 9999)
            );
            c.email = format!("contact{}.{}@example.com", account_id, k + 1);
            if self.rng.chance(40) {
                // some birthdays fall in the coming week
                let offset = if self.rng.chance(5) {
                    self.rng.range(0, 6)
                } else {
                    self.rng.range(0, 364)
                };
                let upcoming = self.now().date() + Duration::days(offset);
                let years = self.rng.range(28, 60) as i32;
                c.birthday = chrono::NaiveDate::from_ymd_opt(
                    chrono::Datelike::year(&upcoming) - years,
                    chrono::Datelike::month(&upcoming),
                    chrono::Datelike::day(&upcoming).min(28),
                );
            }
            c.left_company = !plan.single_threaded && k > 2 && self.rng.chance(8);
            let uid = self.rng.uid();
            let id = store::contacts::insert(tx, &uid, account_id, &c, &self.clock)?;
            self.counts.contacts += 1;
            if !c.left_company {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The departments and levels of the contacts: one buyer for a
    /// single-threaded account, else a spread that grows with the tier.
    fn roles(&mut self, plan: &Plan) -> Vec<(Department, Seniority)> {
        if plan.single_threaded {
            vec![(Department::Purchasing, Seniority::Manager)]
        } else {
            let n = match plan.tier {
                Tier::Key => self.rng.range(9, 18),
                Tier::Important => self.rng.range(7, 13),
                Tier::General => self.rng.range(4, 10),
            };
            let mut roles = vec![
                (Department::Purchasing, Seniority::Manager),
                (Department::Technical, Seniority::Manager),
            ];
            if plan.tier == Tier::Key || self.rng.chance(40) {
                roles.push((Department::Executive, Seniority::Executive));
            }
            while (roles.len() as i64) < n {
                roles.push((
                    *self.rng.pick(Department::ALL),
                    *self.rng.pick(&[
                        Seniority::Manager,
                        Seniority::Staff,
                        Seniority::Staff,
                        Seniority::Executive,
                    ]),
                ));
            }
            roles
        }
    }
}

/// A believable job title for a department and level.
fn title(dept: Department, level: Seniority, chinese: bool) -> &'static str {
    use Department as D;
    use Seniority as S;
    match (dept, level, chinese) {
        (D::Executive, _, true) => "总经理",
        (D::Executive, _, false) => "Managing Director",
        (D::Purchasing, S::Executive, true) => "采购总监",
        (D::Purchasing, S::Executive, false) => "Head of Procurement",
        (D::Purchasing, S::Manager, true) => "采购经理",
        (D::Purchasing, S::Manager, false) => "Purchasing Manager",
        (D::Purchasing, S::Staff, true) => "采购员",
        (D::Purchasing, S::Staff, false) => "Buyer",
        (D::Technical, S::Executive, true) => "技术总监",
        (D::Technical, S::Executive, false) => "CTO",
        (D::Technical, S::Manager, true) => "技术部经理",
        (D::Technical, S::Manager, false) => "Engineering Manager",
        (D::Technical, S::Staff, true) => "工程师",
        (D::Technical, S::Staff, false) => "Engineer",
        (D::Operations, S::Staff, true) => "生产主管",
        (D::Operations, _, true) => "生产经理",
        (D::Operations, _, false) => "Plant Manager",
        (D::Finance, _, true) => "财务经理",
        (D::Finance, _, false) => "Finance Manager",
        (D::Quality, _, true) => "质量经理",
        (D::Quality, _, false) => "Quality Manager",
        (D::Logistics, _, true) => "物流主管",
        (D::Logistics, _, false) => "Logistics Lead",
        (D::User, _, true) => "车间主任",
        (D::User, _, false) => "Line Supervisor",
        (D::Other, _, true) => "行政",
        (D::Other, _, false) => "Office Manager",
    }
}
