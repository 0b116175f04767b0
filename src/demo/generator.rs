//! The generator's state, its shared helpers and the story of each account;
//! the rows below an account are written by `contacts`, `complaints`,
//! `visits` and `surveys`.

use super::Counts;
use super::random::{Rng, Words};
use crate::domain::*;
use crate::store::{self, StoreError};
use chrono::{Duration, NaiveDateTime, NaiveTime};

/// The story of one account, decided up front so its rows agree.
pub(super) struct Plan {
    pub(super) tier: Tier,
    pub(super) single_threaded: bool,
    pub(super) lost: bool,
    /// Satisfaction drifts by this much per year (−2 … +2).
    pub(super) trend: i64,
    /// Recently neglected: no visit for longer than the cadence.
    pub(super) neglected: bool,
    /// Gave a low score a few days ago that nobody has followed up yet.
    pub(super) low_recent: bool,
}

pub(super) struct Generator<'a> {
    pub(super) rng: Rng,
    pub(super) words: &'a Words,
    pub(super) clock: Clock,
    pub(super) counts: Counts,
    /// Company names used so far.
    pub(super) names: std::collections::HashSet<String>,
    /// Whether the account being written is a Chinese company: its
    /// complaints, visits and comments are then written in Chinese.
    pub(super) zh: bool,
}

impl Generator<'_> {
    pub(super) fn w(&mut self, section: &str) -> &'static str {
        let list = self.words.get(section);
        list[(self.rng.next() % list.len() as u64) as usize]
    }

    /// A free text from `section` in the account's language, when the
    /// section has some in it.
    pub(super) fn text(&mut self, section: &str) -> &'static str {
        let zh = self.zh;
        let list: Vec<&'static str> = self
            .words
            .get(section)
            .iter()
            .copied()
            .filter(|t| t.chars().any(|c| c > '\u{2E80}') == zh)
            .collect();
        if list.is_empty() {
            return self.w(section);
        }
        list[(self.rng.next() % list.len() as u64) as usize]
    }

    pub(super) fn now(&self) -> NaiveDateTime {
        self.clock.now
    }

    /// A time `days` ago at a working hour, on a working day (a weekend
    /// moves to the Friday before or the Monday after).
    pub(super) fn days_ago(&mut self, days: i64) -> NaiveDateTime {
        let mut date = self.now().date() - Duration::days(days);
        let (sat, sun) = if days > 0 { (-1, -2) } else { (2, 1) };
        match chrono::Datelike::weekday(&date) {
            chrono::Weekday::Sat if days != 0 => date += Duration::days(sat),
            chrono::Weekday::Sun if days != 0 => date += Duration::days(sun),
            _ => {}
        }
        let hour = self.rng.range(8, 17) as u32;
        let minute = *self.rng.pick(&[0, 15, 30, 45]);
        date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
    }

    /// A company name not used before in this portfolio: a fresh
    /// combination if one turns up, else a numbered branch of one.
    fn company_name(&mut self, i: u32) -> String {
        let chinese = i.is_multiple_of(2);
        let mut base = String::new();
        for _ in 0..20 {
            base = if chinese {
                format!(
                    "{}{}{}",
                    self.w("zh_company_prefix"),
                    self.w("zh_company_core"),
                    self.w("zh_company_suffix")
                )
            } else {
                format!(
                    "{} {} {}",
                    self.w("en_company_prefix"),
                    self.w("en_company_core"),
                    self.w("en_company_suffix")
                )
            };
            if !self.names.contains(&base) {
                break;
            }
        }
        let mut name = base.clone();
        let mut branch = 1;
        while self.names.contains(&name) {
            branch += 1;
            name = if chinese {
                format!("{base}（{branch}分公司）")
            } else {
                format!("{base} #{branch}")
            };
        }
        self.names.insert(name.clone());
        name
    }

    pub(super) fn person_name(&mut self, chinese: bool) -> String {
        if chinese {
            format!("{}{}", self.w("zh_surname"), self.w("zh_given"))
        } else {
            format!("{} {}", self.w("en_first"), self.w("en_last"))
        }
    }

    fn plan(&mut self, i: u32, total: u32) -> Plan {
        // the first accounts of a small demo cover every story on purpose
        let tier = match i % 10 {
            0..=2 => Tier::Key,
            3..=6 => Tier::Important,
            _ => Tier::General,
        };
        let story = i % 17;
        Plan {
            tier,
            single_threaded: story == 1
                || story == 4
                || story == 6
                || (total > 17 && self.rng.chance(8)),
            lost: story == 13 || story == 16,
            trend: match i % 5 {
                0 => -2,
                1 => 1,
                2 => 0,
                3 => 2,
                _ => -1,
            },
            neglected: story == 4 || story == 9 || story == 15,
            low_recent: story == 4,
        }
    }

    pub(super) fn account(
        &mut self,
        tx: &rusqlite::Connection,
        i: u32,
        total: u32,
    ) -> Result<(), StoreError> {
        let plan = self.plan(i, total);
        let chinese = i.is_multiple_of(2);
        self.zh = chinese;
        let name = self.company_name(i);
        let mut a = AccountInput::new(&name, plan.tier);
        a.relationship_level = RelationshipLevel::from_number(match plan.tier {
            Tier::Key => self.rng.range(3, 5),
            Tier::Important => self.rng.range(2, 4),
            Tier::General => self.rng.range(1, 3),
        })
        .unwrap_or(RelationshipLevel::Basic);
        a.industry = self.w("industry").to_string();
        a.region = self.w("region").to_string();
        a.owner = if self.rng.chance(70) {
            "李娜".to_string()
        } else {
            self.w("our_side").to_string()
        };
        a.backup_owner = loop {
            let b = self.w("our_side");
            if b != a.owner {
                break b.to_string();
            }
        };
        let yuan = match plan.tier {
            Tier::Key => self.rng.range(5_000_000, 60_000_000),
            Tier::Important => self.rng.range(1_000_000, 8_000_000),
            Tier::General => self.rng.range(80_000, 1_500_000),
        };
        a.annual_revenue = yuan * 100;
        // big customers often bring thin or negative margins
        let margin = match plan.tier {
            Tier::Key => self.rng.range(-4, 14),
            _ => self.rng.range(5, 28),
        };
        a.annual_profit = a.annual_revenue / 100 * margin;
        if self.rng.chance(10) {
            a.visit_cadence_days = plan.tier.default_cadence_days() * 2 / 3;
        }
        a.status = if plan.lost {
            AccountStatus::Lost
        } else if i % 17 == 7 {
            AccountStatus::AtRisk
        } else if i % 23 == 11 && plan.tier == Tier::General {
            AccountStatus::Prospect
        } else {
            AccountStatus::Active
        };
        if plan.lost {
            a.lost_reason = Some(*self.rng.pick(LostReason::ALL));
            a.defection = Some(*self.rng.pick(Defection::ALL));
            a.notes = "Moved their volume to a competitor after repeated late deliveries. \
                       客户转向竞争对手：多次延迟交货后流失。"
                .to_string();
        } else if plan.single_threaded {
            a.notes = "All business goes through one buyer. 只有采购一个联系人。".to_string();
        }
        let uid = self.rng.uid();
        let account_id = store::accounts::insert(tx, &uid, &a, &self.clock)?;
        self.counts.accounts += 1;
        if plan.lost && i % 34 == 16 {
            // an old lost account the user has archived
            store::accounts::set_archived(tx, account_id, true, &self.clock)?;
        }

        let contacts = self.contacts(tx, account_id, &plan, chinese, &a.owner)?;
        self.complaints(tx, account_id, &plan, &contacts)?;
        self.visits(tx, account_id, &plan, &a, &contacts)?;
        self.surveys(tx, account_id, &plan, &contacts)?;
        Ok(())
    }
}
