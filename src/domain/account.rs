//! Accounts: the customer companies of a portfolio.

use super::enums::{AccountStatus, Defection, LostReason, RelationshipLevel, Tier};
use super::{FieldError, Problem, check_text};
use chrono::{NaiveDate, NaiveDateTime};

/// Longest account name kept, in characters.
pub const NAME_MAX: usize = 120;
/// Longest address, in characters.
pub const ADDRESS_MAX: usize = 200;

/// Longest short text (industry, region, owner), in characters.
pub const SHORT_MAX: usize = 80;
/// Longest note, in characters.
pub const NOTES_MAX: usize = 4000;
/// Visit cadence bounds, in days.
pub const CADENCE_MAX: u32 = 730;

/// One account row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub id: i64,
    pub uid: String,
    #[serde(flatten)]
    pub input: AccountInput,
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user can set on an account (the add and edit forms, imports).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountInput {
    pub name: String,
    pub tier: Tier,
    pub relationship_level: RelationshipLevel,
    pub industry: String,
    pub region: String,
    /// Where the account is (the calendar's LOCATION).
    pub address: String,
    pub owner: String,
    pub backup_owner: String,
    /// Minor units (fen, cents).
    pub annual_revenue: i64,
    /// Minor units; negative for an account we lose money on.
    pub annual_profit: i64,
    pub visit_cadence_days: u32,
    pub status: AccountStatus,
    pub lost_reason: Option<LostReason>,
    pub defection: Option<Defection>,
    pub notes: String,
}

impl AccountInput {
    /// A new account with the given name and the defaults of its tier.
    pub fn new(name: &str, tier: Tier) -> AccountInput {
        AccountInput {
            name: name.to_string(),
            tier,
            relationship_level: RelationshipLevel::Basic,
            industry: String::new(),
            region: String::new(),
            address: String::new(),
            owner: String::new(),
            backup_owner: String::new(),
            annual_revenue: 0,
            annual_profit: 0,
            visit_cadence_days: tier.default_cadence_days(),
            status: AccountStatus::Active,
            lost_reason: None,
            defection: None,
            notes: String::new(),
        }
    }

    /// Moves the account from tier `was` to its tier now: a cadence left at
    /// `was`'s default (`default_days`, the settings') follows to the new
    /// tier's; one set by hand stays.
    pub fn follow_tier(&mut self, was: Tier, default_days: impl Fn(Tier) -> u32) {
        if self.tier != was && self.visit_cadence_days == default_days(was) {
            self.visit_cadence_days = default_days(self.tier);
        }
    }

    /// Trims the text fields, clears the lost fields of an account that is
    /// not lost, and checks every rule; all problems are reported at once.
    pub fn normalized(mut self) -> Result<AccountInput, Vec<FieldError>> {
        for s in [
            &mut self.name,
            &mut self.industry,
            &mut self.region,
            &mut self.address,
            &mut self.owner,
            &mut self.backup_owner,
        ] {
            *s = s.trim().to_string();
        }
        self.notes = self.notes.trim_end().to_string();
        if self.status != AccountStatus::Lost {
            self.lost_reason = None;
            self.defection = None;
        }
        let mut errors = Vec::new();
        check_text(&mut errors, "name", &self.name, NAME_MAX, true);
        check_text(&mut errors, "industry", &self.industry, SHORT_MAX, false);
        check_text(&mut errors, "region", &self.region, SHORT_MAX, false);
        check_text(&mut errors, "address", &self.address, ADDRESS_MAX, false);
        check_text(&mut errors, "owner", &self.owner, SHORT_MAX, false);
        check_text(
            &mut errors,
            "backup_owner",
            &self.backup_owner,
            SHORT_MAX,
            false,
        );
        check_text(&mut errors, "notes", &self.notes, NOTES_MAX, false);
        if self.annual_revenue < 0 {
            errors.push(FieldError::new("annual_revenue", Problem::Negative));
        }
        if !(1..=CADENCE_MAX).contains(&self.visit_cadence_days) {
            errors.push(FieldError::new(
                "visit_cadence_days",
                Problem::DaysOutOfRange {
                    min: 1,
                    max: i64::from(CADENCE_MAX),
                },
            ));
        }
        if self.status == AccountStatus::Lost && self.lost_reason.is_none() {
            errors.push(FieldError::new("lost_reason", Problem::LostWithoutReason));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// One line of the Accounts list: the account and the figures the list
/// shows, aggregated by the store in one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: i64,
    pub uid: String,
    pub name: String,
    /// The name's search form (pinyin), see `pinyin::search_form`.
    pub name_search: String,
    pub tier: Tier,
    pub relationship_level: RelationshipLevel,
    pub status: AccountStatus,
    pub owner: String,
    pub annual_revenue: i64,
    pub annual_profit: i64,
    pub visit_cadence_days: u32,
    pub archived: bool,
    /// Complaints open, in progress or waiting for the customer.
    pub open_complaints: u32,
    pub oldest_open_complaint: Option<NaiveDateTime>,
    /// The day the latest done visit was done (its done-on).
    pub last_done_visit: Option<NaiveDate>,
    /// The earliest planned visit, overdue or not.
    pub next_planned_visit: Option<NaiveDateTime>,
    /// Planned visits overdue: scheduled on a day before today.
    pub overdue_planned: u32,
    /// The overall score of the latest surveys, newest first (up to four).
    pub recent_overall: Vec<u8>,
    /// What contact breadth is made of, for the verdict.
    pub breadth: super::breadth::Counts,
    /// The health score as stored (`None`: not computed yet); fresh after
    /// `Store::refresh_health`.
    pub health: Option<u32>,
}

/// The columns the Accounts list can be sorted by, in the order `s`
/// cycles them (and the order of the list's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Tier,
    Health,
    Level,
    Status,
    Owner,
    Revenue,
    Profit,
    Breadth,
    Satisfaction,
    Complaints,
    LastVisit,
    NextVisit,
}

impl SortKey {
    pub const ALL: [SortKey; 13] = [
        SortKey::Name,
        SortKey::Tier,
        SortKey::Health,
        SortKey::Level,
        SortKey::Status,
        SortKey::Owner,
        SortKey::Revenue,
        SortKey::Profit,
        SortKey::Breadth,
        SortKey::Satisfaction,
        SortKey::Complaints,
        SortKey::LastVisit,
        SortKey::NextVisit,
    ];

    /// Columns where the biggest or most urgent comes first by default.
    pub fn descending_by_default(self) -> bool {
        matches!(
            self,
            SortKey::Level | SortKey::Revenue | SortKey::Profit | SortKey::Complaints
        )
    }
}

/// Which accounts the Accounts list shows, and in which order. The store
/// filters and sorts in SQL (`Store::account_order`); equal rows go by
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListQuery {
    /// The archived accounts instead of the others.
    pub archived: bool,
    pub tier: Option<Tier>,
    pub status: Option<AccountStatus>,
    /// Only key accounts resting on one person.
    pub single_threaded_key: bool,
    /// `None`: by name.
    pub sort: Option<SortKey>,
    pub descending: bool,
}

impl Default for ListQuery {
    /// The active accounts, key accounts first.
    fn default() -> ListQuery {
        ListQuery {
            archived: false,
            tier: None,
            status: None,
            single_threaded_key: false,
            sort: Some(SortKey::Tier),
            descending: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cadence_at_its_tier_default_follows_the_tier_and_one_set_by_hand_stays() {
        let days = |t: Tier| match t {
            Tier::Key => 10,
            Tier::Important => 30,
            Tier::General => 60,
        };
        let mut a = AccountInput::new("x", Tier::Key);
        a.visit_cadence_days = 10;
        a.tier = Tier::General;
        a.follow_tier(Tier::Key, days);
        assert_eq!(a.visit_cadence_days, 60, "the default follows");
        a.visit_cadence_days = 21;
        a.tier = Tier::Important;
        a.follow_tier(Tier::General, days);
        assert_eq!(a.visit_cadence_days, 21, "set by hand: stays");
        a.follow_tier(Tier::Important, days);
        assert_eq!(a.visit_cadence_days, 21, "the same tier: nothing moves");
    }

    #[test]
    fn a_new_account_takes_its_tier_cadence() {
        assert_eq!(AccountInput::new("A", Tier::Key).visit_cadence_days, 14);
        assert_eq!(AccountInput::new("A", Tier::General).visit_cadence_days, 90);
    }

    #[test]
    fn normalized_trims_and_accepts_a_valid_account() {
        let a = AccountInput::new("  华东精密  ", Tier::Key)
            .normalized()
            .unwrap();
        assert_eq!(a.name, "华东精密");
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut a = AccountInput::new("   ", Tier::Key);
        a.annual_revenue = -1;
        a.visit_cadence_days = 0;
        a.owner = "x".repeat(SHORT_MAX + 1);
        a.status = AccountStatus::Lost;
        let errs = a.normalized().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "owner",
                "annual_revenue",
                "visit_cadence_days",
                "lost_reason"
            ]
        );
    }

    #[test]
    fn lost_fields_are_cleared_unless_lost() {
        let mut a = AccountInput::new("A", Tier::Key);
        a.lost_reason = Some(LostReason::Competitive);
        a.defection = Some(Defection::Price);
        let a = a.normalized().unwrap();
        assert_eq!((a.lost_reason, a.defection), (None, None));
    }

    #[test]
    fn negative_profit_is_allowed_for_loss_making_accounts() {
        let mut a = AccountInput::new("A", Tier::Key);
        a.annual_profit = -50_000;
        assert!(a.normalized().is_ok());
    }
}
