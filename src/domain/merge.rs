//! Three-way merge of a record edited in a form while someone else (another
//! kam, an import) changed it: what the form was opened on (`base`), what
//! the user typed (`mine`) and what is stored now (`theirs`). A field
//! changed on one side only takes that side; a field changed on both sides
//! to different values is a clash for the user to decide — never a silent
//! overwrite.

use super::{AccountInput, ComplaintInput, ContactInput, SurveyInput, VisitEdit};

/// A record whose fields can be merged one by one.
pub trait Fields: Clone + PartialEq {
    /// The names of its fields: the stored column names.
    const FIELDS: &'static [&'static str];
    /// Whether `self` and `other` hold the same value in `field`.
    fn same(&self, other: &Self, field: &str) -> bool;
    /// Takes `field`'s value from `from`.
    fn take(&mut self, from: &Self, field: &str);
}

macro_rules! fields {
    ($ty:ty { $($field:ident),+ $(,)? }) => {
        impl Fields for $ty {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn same(&self, other: &Self, field: &str) -> bool {
                match field {
                    $(stringify!($field) => self.$field == other.$field,)+
                    _ => true,
                }
            }

            fn take(&mut self, from: &Self, field: &str) {
                match field {
                    $(stringify!($field) => self.$field = from.$field.clone(),)+
                    _ => {}
                }
            }
        }
    };
}

fields!(AccountInput {
    name,
    tier,
    relationship_level,
    industry,
    region,
    address,
    owner,
    backup_owner,
    annual_revenue,
    annual_profit,
    visit_cadence_days,
    status,
    lost_reason,
    defection,
    notes,
});

fields!(ContactInput {
    name,
    title,
    department,
    seniority,
    buying_role,
    tie_strength,
    our_side,
    phone,
    email,
    birthday,
    notes,
    left_company,
});

fields!(VisitEdit {
    scheduled_at,
    kind,
    purpose,
    contact_ids,
    outcome,
    next_step,
});

fields!(SurveyInput {
    contact_id,
    taken_at,
    channel,
    scores,
    comment,
});

fields!(ComplaintInput {
    contact_id,
    opened_at,
    category,
    severity,
    summary,
    details,
    forwarded_to,
});

/// The merge of `mine` into `theirs` over `base`: the merged record, and
/// the fields changed on both sides to different values (the merged
/// record holds mine there until the user decides).
pub fn merge<T: Fields>(base: &T, mine: &T, theirs: &T) -> (T, Vec<&'static str>) {
    let mut merged = mine.clone();
    let mut clashes = Vec::new();
    for field in T::FIELDS {
        let mine_changed = !mine.same(base, field);
        let theirs_changed = !theirs.same(base, field);
        match (mine_changed, theirs_changed) {
            (false, true) => merged.take(theirs, field),
            (true, true) if !mine.same(theirs, field) => clashes.push(*field),
            _ => {}
        }
    }
    (merged, clashes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Tier;

    #[test]
    fn one_sided_changes_combine_and_two_sided_ones_clash() {
        let base = AccountInput::new("华东精密", Tier::Key);
        let mut mine = base.clone();
        mine.industry = "机械".into();
        mine.notes = "mine".into();
        let mut theirs = base.clone();
        theirs.region = "华东".into();
        theirs.notes = "theirs".into();
        let (merged, clashes) = merge(&base, &mine, &theirs);
        assert_eq!(merged.industry, "机械", "mine only");
        assert_eq!(merged.region, "华东", "theirs only");
        assert_eq!(clashes, ["notes"]);
        assert_eq!(merged.notes, "mine", "until the user decides");
        // the same change on both sides is no clash
        theirs.notes = "mine".into();
        assert!(merge(&base, &mine, &theirs).1.is_empty());
    }
}
