//! The enumerations of the data model. Each is stored as a short English
//! word (the CHECK constraints of the migrations list the same words)
//! and shown to the user through `crate::strings`, never through these words.

use std::fmt;
use std::str::FromStr;

/// The stored word was not one of the enumeration's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{word}' is not a valid {what} (expected one of: {expected})")]
pub struct UnknownWord {
    pub what: &'static str,
    pub word: String,
    pub expected: String,
}

/// Defines an enumeration stored as a word: `ALL`, `as_str`, `FromStr`,
/// `Display` (the stored word) and serde as the stored word.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database and used in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// SQL giving the position in `ALL` of the word stored in
            /// `column`: for sorting in the enumeration's order.
            pub fn sql_rank(column: &str) -> String {
                let mut sql = format!("CASE {column}");
                for (i, v) in Self::ALL.iter().enumerate() {
                    sql.push_str(&format!(" WHEN '{}' THEN {i}", v.as_str()));
                }
                sql.push_str(" END");
                sql
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($word) { return Ok($name::$variant); })+
                Err(UnknownWord {
                    what: $what,
                    word: s.to_string(),
                    expected: [$($word),+].join(", "),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

stored_enum!(
    /// How much attention an account gets (DOMAIN.md, "Tiers").
    Tier, "tier" { Key = "key", Important = "important", General = "general" }
);

impl Tier {
    /// Days between visits by default (DESIGN.md): key 14, important 30, general 90.
    pub fn default_cadence_days(self) -> u32 {
        match self {
            Tier::Key => 14,
            Tier::Important => 30,
            Tier::General => 90,
        }
    }
}

stored_enum!(
    AccountStatus, "account status" {
        Active = "active", AtRisk = "at_risk", Lost = "lost", Prospect = "prospect",
    }
);

stored_enum!(
    /// Why a lost account left (DOMAIN.md, "Why accounts leave").
    LostReason, "lost reason" {
        Natural = "natural", Malicious = "malicious", Competitive = "competitive",
        Negligence = "negligence",
    }
);

stored_enum!(
    /// What the customer defected over.
    Defection, "defection" {
        Price = "price", Product = "product", Service = "service", Promotion = "promotion",
        Market = "market", Technology = "technology",
    }
);

stored_enum!(
    /// The customer's department a contact works in.
    Department, "department" {
        Executive = "executive", Purchasing = "purchasing", Technical = "technical",
        Operations = "operations", Finance = "finance", Quality = "quality",
        Logistics = "logistics", User = "user", Other = "other",
    }
);

stored_enum!(
    Seniority, "seniority" { Executive = "executive", Manager = "manager", Staff = "staff" }
);

stored_enum!(
    BuyingRole, "buying role" {
        DecisionMaker = "decision_maker", Influencer = "influencer", User = "user",
        Gatekeeper = "gatekeeper", Champion = "champion",
    }
);

stored_enum!(
    ComplaintCategory, "complaint category" {
        Quality = "quality", Service = "service", Delivery = "delivery", Price = "price",
        Other = "other",
    }
);

stored_enum!(
    /// Ordered from least to most severe, so `max()` finds the worst.
    Severity, "severity" { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
);

stored_enum!(
    ComplaintStatus, "complaint status" {
        Open = "open", InProgress = "in_progress", WaitingCustomer = "waiting_customer",
        Resolved = "resolved", Closed = "closed",
    }
);

impl ComplaintStatus {
    /// Still needs our action: open, in progress or waiting for the customer.
    pub fn is_unresolved(self) -> bool {
        !matches!(self, ComplaintStatus::Resolved | ComplaintStatus::Closed)
    }
}

stored_enum!(
    /// Our department a complaint is passed on to.
    ForwardedTo, "department to forward to" {
        Production = "production", Technical = "technical", Logistics = "logistics",
        Finance = "finance", Quality = "quality", Service = "service", Other = "other",
    }
);

stored_enum!(
    /// How a visit is made. WeChat (微信) since schema 10: how Chinese
    /// customers are reached.
    VisitKind, "visit kind" {
        Visit = "visit", Call = "call", Wechat = "wechat", Video = "video",
        ExecutiveMeeting = "executive_meeting", ServiceReturn = "service_return",
    }
);

stored_enum!(
    VisitStatus, "visit status" {
        Planned = "planned", Done = "done", Missed = "missed", Cancelled = "cancelled",
    }
);

stored_enum!(
    /// How a survey was taken; WeChat (微信) since schema 10.
    SurveyChannel, "survey channel" {
        Visit = "visit", Phone = "phone", Wechat = "wechat", Email = "email", Other = "other",
    }
);

/// The five relationship levels of DOMAIN.md, weakest first, stored as 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationshipLevel {
    Basic = 1,
    Passive = 2,
    Responsible = 3,
    Proactive = 4,
    Partner = 5,
}

impl RelationshipLevel {
    pub const ALL: &'static [RelationshipLevel] = &[
        RelationshipLevel::Basic,
        RelationshipLevel::Passive,
        RelationshipLevel::Responsible,
        RelationshipLevel::Proactive,
        RelationshipLevel::Partner,
    ];

    pub fn from_number(n: i64) -> Option<Self> {
        Self::ALL
            .get(usize::try_from(n).ok()?.checked_sub(1)?)
            .copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    /// The stored word used in files (CSV, JSON) beside the number.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipLevel::Basic => "basic",
            RelationshipLevel::Passive => "passive",
            RelationshipLevel::Responsible => "responsible",
            RelationshipLevel::Proactive => "proactive",
            RelationshipLevel::Partner => "partner",
        }
    }
}

impl FromStr for RelationshipLevel {
    type Err = UnknownWord;
    /// Accepts the number (`3`) or the word (`responsible`).
    fn from_str(s: &str) -> Result<Self, UnknownWord> {
        let t = s.trim();
        t.parse::<i64>()
            .ok()
            .and_then(Self::from_number)
            .or_else(|| {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|l| l.as_str().eq_ignore_ascii_case(t))
            })
            .ok_or_else(|| UnknownWord {
                what: "relationship level",
                word: s.to_string(),
                expected: "1-5 or basic, passive, responsible, proactive, partner".into(),
            })
    }
}

impl fmt::Display for RelationshipLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RelationshipLevel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> serde::Deserialize<'de> for RelationshipLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        Self::from_number(n)
            .ok_or_else(|| serde::de::Error::custom(format!("relationship level {n} is not 1-5")))
    }
}

impl rusqlite::types::ToSql for RelationshipLevel {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(i64::from(self.number()).into())
    }
}

impl rusqlite::types::FromSql for RelationshipLevel {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let n = v.as_i64()?;
        Self::from_number(n).ok_or(rusqlite::types::FromSqlError::OutOfRange(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips() {
        for t in Tier::ALL {
            assert_eq!(t.as_str().parse::<Tier>().unwrap(), *t);
        }
        for d in Department::ALL {
            assert_eq!(d.to_string().parse::<Department>().unwrap(), *d);
        }
        for s in ComplaintStatus::ALL {
            assert_eq!(s.as_str().parse::<ComplaintStatus>().unwrap(), *s);
        }
        for k in VisitKind::ALL {
            assert_eq!(k.as_str().parse::<VisitKind>().unwrap(), *k);
        }
        for c in SurveyChannel::ALL {
            assert_eq!(c.as_str().parse::<SurveyChannel>().unwrap(), *c);
        }
        assert_eq!("WeChat".parse::<VisitKind>().unwrap(), VisitKind::Wechat);
        assert_eq!(
            "wechat".parse::<SurveyChannel>().unwrap(),
            SurveyChannel::Wechat
        );
        for l in RelationshipLevel::ALL {
            assert_eq!(l.as_str().parse::<RelationshipLevel>().unwrap(), *l);
            assert_eq!(
                l.number().to_string().parse::<RelationshipLevel>().unwrap(),
                *l
            );
        }
    }

    #[test]
    fn parsing_trims_and_ignores_case_but_rejects_unknown_words() {
        assert_eq!(" KEY ".parse::<Tier>().unwrap(), Tier::Key);
        let err = "vip".parse::<Tier>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'vip' is not a valid tier (expected one of: key, important, general)"
        );
        assert!("".parse::<Severity>().is_err());
        assert!("in progress".parse::<ComplaintStatus>().is_err());
    }

    #[test]
    fn relationship_levels_are_one_to_five() {
        assert_eq!(RelationshipLevel::from_number(0), None);
        assert_eq!(
            RelationshipLevel::from_number(1),
            Some(RelationshipLevel::Basic)
        );
        assert_eq!(
            RelationshipLevel::from_number(5),
            Some(RelationshipLevel::Partner)
        );
        assert_eq!(RelationshipLevel::from_number(6), None);
        assert_eq!(RelationshipLevel::from_number(-1), None);
        assert!("6".parse::<RelationshipLevel>().is_err());
    }

    #[test]
    fn severity_orders_by_seriousness() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low < Severity::Medium);
    }

    #[test]
    fn tier_cadence_defaults_follow_the_design() {
        assert_eq!(Tier::Key.default_cadence_days(), 14);
        assert_eq!(Tier::Important.default_cadence_days(), 30);
        assert_eq!(Tier::General.default_cadence_days(), 90);
    }

    #[test]
    fn unresolved_means_open_in_progress_or_waiting() {
        let unresolved: Vec<_> = ComplaintStatus::ALL
            .iter()
            .filter(|s| s.is_unresolved())
            .collect();
        assert_eq!(unresolved.len(), 3);
    }
}

stored_enum!(
    /// What a recorded change was (the journal's `changes.kind`). A kind
    /// written by a newer kam does not parse: it is an unknown change.
    ChangeKind, "change kind" {
        AccountAdd = "account.add", AccountEdit = "account.edit",
        AccountArchive = "account.archive", AccountUnarchive = "account.unarchive",
        ContactAdd = "contact.add", ContactEdit = "contact.edit",
        ContactDelete = "contact.delete",
        ComplaintAdd = "complaint.add", ComplaintInProgress = "complaint.in_progress",
        ComplaintWaiting = "complaint.waiting", ComplaintResolved = "complaint.resolved",
        ComplaintClosed = "complaint.closed", ComplaintReopened = "complaint.reopened",
        ComplaintForward = "complaint.forward",
        VisitAdd = "visit.add", VisitDone = "visit.done", VisitMissed = "visit.missed",
        VisitCancelled = "visit.cancelled", VisitReschedule = "visit.reschedule",
        SurveyAdd = "survey.add", SurveyEdit = "survey.edit",
        PromiseAdd = "promise.add", PromiseEdit = "promise.edit",
        PromiseKept = "promise.kept", PromiseReopened = "promise.reopened",
        PromiseDelete = "promise.delete",
        VisitEdit = "visit.edit", VisitDelete = "visit.delete", VisitReplan = "visit.replan",
        ComplaintEdit = "complaint.edit", ComplaintDelete = "complaint.delete",
        SurveyDelete = "survey.delete",
        SettingChange = "setting.set",
        Import = "import",
        ConflictTaken = "conflict.take",
        Undo = "undo", Redo = "redo",
        Handover = "handover",
    }
);

impl ChangeKind {
    /// The change that moves a complaint to `to`.
    pub fn complaint_to(to: ComplaintStatus) -> ChangeKind {
        match to {
            ComplaintStatus::Open => ChangeKind::ComplaintReopened,
            ComplaintStatus::InProgress => ChangeKind::ComplaintInProgress,
            ComplaintStatus::WaitingCustomer => ChangeKind::ComplaintWaiting,
            ComplaintStatus::Resolved => ChangeKind::ComplaintResolved,
            ComplaintStatus::Closed => ChangeKind::ComplaintClosed,
        }
    }

    /// The change that closes a visit as `status`.
    pub fn visit_closed(status: VisitStatus) -> ChangeKind {
        match status {
            VisitStatus::Done => ChangeKind::VisitDone,
            VisitStatus::Missed => ChangeKind::VisitMissed,
            VisitStatus::Cancelled | VisitStatus::Planned => ChangeKind::VisitCancelled,
        }
    }
}
