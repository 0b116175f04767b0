//! `kam demo`: a deterministic, believable portfolio. The same arguments
//! give the same content; dates are relative to the clock passed in. The
//! mix is deliberate: every tier and relationship level, accounts resting on
//! one person, complaints of every age, overdue and planned visits, surveys
//! trending up and down, lost accounts with their reasons. At `--accounts
//! 5000` it is the benchmark portfolio of DESIGN.md (about 10 contacts, 20
//! complaints, 40 visits and 20 surveys per account), written in one
//! transaction with cached statements.

use crate::domain::*;
use crate::store::{self, Store, StoreError};
use chrono::{Duration, NaiveDateTime, NaiveTime};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Small deterministic generator (SplitMix64): no dependency, same output
/// on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `p` (0–100).
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// A UUID-shaped identifier (version 4 layout) from the generator.
    fn uid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

/// The word lists of `assets/demo/words.txt`, by section.
struct Words(HashMap<&'static str, Vec<&'static str>>);

impl Words {
    fn load() -> Words {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut section = "";
        for line in include_str!("../assets/demo/words.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            map.entry(section).or_default().push(line);
        }
        Words(map)
    }

    fn get(&self, section: &str) -> &[&'static str] {
        self.0.get(section).map(Vec::as_slice).unwrap_or(&["?"])
    }
}

/// How many rows of each kind were written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub accounts: u64,
    pub contacts: u64,
    pub complaints: u64,
    pub visits: u64,
    pub surveys: u64,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} accounts, {} contacts, {} complaints, {} visits, {} surveys",
            self.accounts, self.contacts, self.complaints, self.visits, self.surveys
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{}: already exists — choose another file, or add --force to replace it", .0.display())]
    Exists(std::path::PathBuf),
    #[error("{}: cannot replace it: {source}", .path.display())]
    Remove {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes a demo portfolio of `accounts` accounts to a new file at `path`
/// (replacing an existing one only with `force`).
pub fn write(path: &Path, accounts: u32, clock: &Clock, force: bool) -> Result<Counts, DemoError> {
    if path.exists() && !force {
        return Err(DemoError::Exists(path.to_path_buf()));
    }
    // built beside the target and moved over it only when complete, so
    // that an interrupted run leaves the old file, never half a portfolio
    let mut building = path.as_os_str().to_owned();
    building.push(".building");
    let building = PathBuf::from(building);
    remove_database(&building)?;
    let counts = {
        let mut store = Store::open(&building)?;
        fill(&mut store, accounts, clock)?
        // closing checkpoints the log into the file
    };
    // the old file's log must not meet the new file
    for suffix in ["-wal", "-shm"] {
        remove_file(&with_suffix(path, suffix), path)?;
    }
    std::fs::rename(&building, path).map_err(|source| DemoError::Remove {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(counts)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Removes a database file and its log, if they exist.
fn remove_database(path: &Path) -> Result<(), DemoError> {
    for suffix in ["", "-wal", "-shm"] {
        remove_file(&with_suffix(path, suffix), path)?;
    }
    Ok(())
}

fn remove_file(file: &Path, database: &Path) -> Result<(), DemoError> {
    match std::fs::remove_file(file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(DemoError::Remove {
            path: database.to_path_buf(),
            source,
        }),
    }
}

/// Adds a demo portfolio to `store`, in one transaction.
pub fn fill(store: &mut Store, accounts: u32, clock: &Clock) -> Result<Counts, StoreError> {
    let words = Words::load();
    store.set_cache_mib(256)?;
    store.transaction(|tx| {
        let mut g = Generator {
            rng: Rng(0x6B61_6D00 ^ u64::from(accounts)),
            words: &words,
            clock: *clock,
            counts: Counts::default(),
            names: Default::default(),
            zh: false,
        };
        for i in 0..accounts {
            g.account(tx, i, accounts)?;
        }
        Ok(g.counts)
    })
}

/// The story of one account, decided up front so its rows agree.
struct Plan {
    tier: Tier,
    single_threaded: bool,
    lost: bool,
    /// Satisfaction drifts by this much per year (−2 … +2).
    trend: i64,
    /// Recently neglected: no visit for longer than the cadence.
    neglected: bool,
    /// Gave a low score a few days ago that nobody has followed up yet.
    low_recent: bool,
}

struct Generator<'a> {
    rng: Rng,
    words: &'a Words,
    clock: Clock,
    counts: Counts,
    /// Company names used so far.
    names: std::collections::HashSet<String>,
    /// Whether the account being written is a Chinese company: its
    /// complaints, visits and comments are then written in Chinese.
    zh: bool,
}

impl Generator<'_> {
    fn w(&mut self, section: &str) -> &'static str {
        let list = self.words.get(section);
        list[(self.rng.next() % list.len() as u64) as usize]
    }

    /// A free text from `section` in the account's language, when the
    /// section has some in it.
    fn text(&mut self, section: &str) -> &'static str {
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

    fn now(&self) -> NaiveDateTime {
        self.clock.now
    }

    /// A time `days` ago at a working hour, on a working day (a weekend
    /// moves to the Friday before or the Monday after).
    fn days_ago(&mut self, days: i64) -> NaiveDateTime {
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

    fn person_name(&mut self, chinese: bool) -> String {
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

    fn account(&mut self, tx: &rusqlite::Connection, i: u32, total: u32) -> Result<(), StoreError> {
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

    /// Returns the ids of current contacts.
    fn contacts(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        chinese: bool,
        owner: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let roles: Vec<(Department, Seniority)> = if plan.single_threaded {
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
        };
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

    fn complaints(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let history = match plan.tier {
            Tier::Key => self.rng.range(20, 34),
            Tier::Important => self.rng.range(12, 24),
            Tier::General => self.rng.range(4, 14),
        };
        // open complaints of every age: 0–2 days … over a month
        let open = if plan.lost || plan.low_recent {
            0
        } else if plan.neglected {
            // neglected accounts let complaints age
            3
        } else {
            *self.rng.pick(&[0, 0, 0, 1, 1, 2])
        };
        for k in 0..history + open {
            let is_open = k >= history;
            let age = if is_open && plan.neglected {
                *self.rng.pick(&[12, 19, 26, 45])
            } else if is_open {
                *self.rng.pick(&[0, 1, 2, 2, 4, 6, 9, 12, 19, 45])
            } else {
                self.rng.range(10, 1000)
            };
            let category = *self.rng.pick(ComplaintCategory::ALL);
            let section = match category {
                ComplaintCategory::Quality => "complaint_quality",
                ComplaintCategory::Service => "complaint_service",
                ComplaintCategory::Delivery => "complaint_delivery",
                ComplaintCategory::Price => "complaint_price",
                ComplaintCategory::Other => "complaint_other",
            };
            let opened_at = if is_open && age == 0 {
                self.now() - Duration::hours(self.rng.range(1, 7))
            } else {
                self.days_ago(age)
            };
            let input = ComplaintInput {
                contact_id: (!contacts.is_empty() && self.rng.chance(80))
                    .then(|| *self.rng.pick(contacts)),
                opened_at,
                category,
                severity: *self.rng.pick(&[
                    Severity::Low,
                    Severity::Medium,
                    Severity::Medium,
                    Severity::High,
                    Severity::Critical,
                ]),
                summary: self.text(section).to_string(),
                details: String::new(),
                forwarded_to: self
                    .rng
                    .chance(60)
                    .then(|| *self.rng.pick(ForwardedTo::ALL)),
            };
            let uid = self.rng.uid();
            if is_open {
                let status = *self.rng.pick(&[
                    ComplaintStatus::Open,
                    ComplaintStatus::Open,
                    ComplaintStatus::InProgress,
                    ComplaintStatus::WaitingCustomer,
                ]);
                store::complaints::insert(tx, &uid, account_id, &input, status, None, &self.clock)?;
            } else {
                let took = Duration::hours(self.rng.range(4, 24 * 20));
                let resolved_at = (opened_at + took).min(self.now());
                let status = if self.rng.chance(70) {
                    ComplaintStatus::Closed
                } else {
                    ComplaintStatus::Resolved
                };
                let resolution = self.text("resolution");
                store::complaints::insert(
                    tx,
                    &uid,
                    account_id,
                    &input,
                    status,
                    Some((resolved_at, resolution)),
                    &self.clock,
                )?;
            }
            self.counts.complaints += 1;
        }
        Ok(())
    }

    fn visits(
        &mut self,
        tx: &rusqlite::Connection,
        account_id: i64,
        plan: &Plan,
        account: &AccountInput,
        contacts: &[i64],
    ) -> Result<(), StoreError> {
        let cadence = i64::from(account.visit_cadence_days);
        // contacts between visits too: calls and video meetings
        let step = (cadence / 2).max(3);
        let horizon = 540; // 18 months of history
        let quiet = if plan.neglected || plan.lost {
            cadence + self.rng.range(5, 40)
        } else {
            self.rng.range(0, (cadence * 2 / 3).max(1))
        };
        let mut age = horizon;
        while age > quiet {
            let kind = match self.rng.range(0, 9) {
                0..=3 => VisitKind::Visit,
                4..=6 => VisitKind::Call,
                7 => VisitKind::Video,
                8 => VisitKind::ServiceReturn,
                _ => VisitKind::ExecutiveMeeting,
            };
            let at = self.days_ago(age);
            let status = match self.rng.range(0, 19) {
                0 => VisitStatus::Missed,
                1 => VisitStatus::Cancelled,
                _ => VisitStatus::Done,
            };
            let close = VisitClose {
                status,
                outcome: if status == VisitStatus::Done {
                    self.text("outcome").to_string()
                } else {
                    String::new()
                },
                next_step: if status == VisitStatus::Done && self.rng.chance(60) {
                    self.text("next_step").to_string()
                } else {
                    String::new()
                },
            };
            let input = self.visit_input(at, kind, contacts);
            let uid = self.rng.uid();
            let completed = at + Duration::hours(2);
            store::visits::insert(
                tx,
                &uid,
                account_id,
                &input,
                Some((&close, completed)),
                &self.clock,
            )?;
            self.counts.visits += 1;
            age -= self.rng.range(step / 2, step * 3 / 2).max(1);
        }
        if plan.lost {
            return Ok(());
        }
        // planned: some overdue, some today, some ahead; neglected ones have none
        if !plan.neglected {
            let when: &[i64] = match account_id % 6 {
                0 => &[-3],
                1 => &[0],
                2 => &[2, 16],
                3 => &[6],
                4 => &[-1, 9],
                _ => &[12],
            };
            for &ahead in when {
                let at = self.days_ago(-ahead);
                let kind = if account_id % 5 == 0 {
                    VisitKind::ExecutiveMeeting
                } else {
                    VisitKind::Visit
                };
                let input = self.visit_input(at, kind, contacts);
                let uid = self.rng.uid();
                store::visits::insert(tx, &uid, account_id, &input, None, &self.clock)?;
                self.counts.visits += 1;
            }
        }
        Ok(())
    }

    fn visit_input(&mut self, at: NaiveDateTime, kind: VisitKind, contacts: &[i64]) -> VisitInput {
        let mut contact_ids = Vec::new();
        if !contacts.is_empty() {
            contact_ids.push(*self.rng.pick(contacts));
            if self.rng.chance(35) {
                contact_ids.push(*self.rng.pick(contacts));
            }
        }
        VisitInput {
            scheduled_at: at,
            kind,
            purpose: self.text("purpose").to_string(),
            contact_ids,
        }
    }

    fn surveys(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> Clock {
        Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn uids_look_like_uuids() {
        let mut r = Rng(1);
        let u = r.uid();
        assert!(uuid::Uuid::parse_str(&u).is_ok(), "{u}");
    }

    #[test]
    fn the_same_arguments_give_the_same_content() {
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        let ca = fill(&mut a, 12, &clock()).unwrap();
        let cb = fill(&mut b, 12, &clock()).unwrap();
        assert_eq!(ca, cb);
        let names = |s: &Store| {
            s.list_account_summaries(false, clock().now)
                .unwrap()
                .into_iter()
                .map(|r| (r.uid, r.name, r.annual_revenue))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn the_default_demo_tells_every_story() {
        let mut s = Store::open_in_memory().unwrap();
        let counts = fill(&mut s, 40, &clock()).unwrap();
        assert_eq!(counts.accounts, 40);
        let rows = [
            s.list_account_summaries(false, clock().now).unwrap(),
            s.list_account_summaries(true, clock().now).unwrap(),
        ]
        .concat();
        for t in Tier::ALL {
            assert!(rows.iter().any(|r| r.tier == *t), "tier {t}");
        }
        for l in RelationshipLevel::ALL {
            assert!(rows.iter().any(|r| r.relationship_level == *l), "level {l}");
        }
        assert!(rows.iter().any(|r| r.status == AccountStatus::Lost));
        assert!(rows.iter().any(|r| r.archived));
        assert!(
            rows.iter().any(|r| r.breadth.ties == 1),
            "a single-threaded account"
        );
        assert!(rows.iter().any(|r| r.name.is_ascii()));
        assert!(rows.iter().any(|r| !r.name.is_ascii()));
        let now = clock().now;
        assert!(
            rows.iter()
                .any(|r| r.next_planned_visit.is_some_and(|t| t < now)),
            "an overdue planned visit"
        );
        assert!(rows.iter().any(|r| r.open_complaints > 0));
        assert!(rows.iter().any(|r| r.annual_profit < 0));
        let mut names: Vec<_> = rows.iter().map(|r| &r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), rows.len(), "company names are unique");
    }
}
