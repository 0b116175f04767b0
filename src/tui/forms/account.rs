//! The account form (add and edit): which fields, and how their values
//! become an `AccountInput`.

use crate::domain::account::{ADDRESS_MAX, CADENCE_MAX, NAME_MAX, NOTES_MAX, SHORT_MAX};
use crate::domain::settings::Settings;
use crate::domain::{
    Account, AccountInput, AccountStatus, Defection, LostReason, RelationshipLevel, Tier,
};
use crate::strings::s;
use crate::tui::forms::{labels, optional_labels, optional_position, position};
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDate;

/// The form for a new account (`None`) or for editing `account`.
pub fn build(account: Option<&Account>, settings: &Settings, today: NaiveDate) -> Form {
    let t = s();
    let blank = AccountInput::new("", Tier::Key);
    let a = account.map_or(&blank, |a| &a.input);
    let title = match account {
        Some(acc) => (t.form_edit_account)(&acc.input.name),
        None => t.form_add_account.to_string(),
    };
    let defaults: Vec<(Tier, u32)> = Tier::ALL
        .iter()
        .map(|&tier| (tier, settings.cadence_days(tier)))
        .collect();
    let cadence_hint = (t.form_hint_cadence)(&defaults);
    // empty while it is its tier's default: a new tier then brings its own
    let by_hand = account
        .filter(|_| a.visit_cadence_days != settings.cadence_days(a.tier))
        .map(|_| i64::from(a.visit_cadence_days));
    let fields = vec![
        Field::text("name", t.f_name, &a.name, NAME_MAX).required(),
        Field::choice(
            "tier",
            t.f_tier,
            labels(Tier::ALL),
            position(Tier::ALL, &a.tier),
        ),
        Field::choice(
            "relationship_level",
            t.f_level,
            labels(RelationshipLevel::ALL),
            position(RelationshipLevel::ALL, &a.relationship_level),
        ),
        Field::choice(
            "status",
            t.f_status,
            labels(AccountStatus::ALL),
            position(AccountStatus::ALL, &a.status),
        ),
        Field::choice(
            "lost_reason",
            t.f_lost_reason,
            optional_labels(LostReason::ALL),
            optional_position(LostReason::ALL, &a.lost_reason),
        ),
        Field::choice(
            "defection",
            t.f_defection,
            optional_labels(Defection::ALL),
            optional_position(Defection::ALL, &a.defection),
        ),
        Field::text("industry", t.f_industry, &a.industry, SHORT_MAX),
        Field::text("region", t.f_region, &a.region, SHORT_MAX),
        Field::text("owner", t.f_owner, &a.owner, SHORT_MAX),
        Field::text("backup_owner", t.f_backup_owner, &a.backup_owner, SHORT_MAX),
        Field::money(
            "annual_revenue",
            t.f_revenue,
            account.map(|_| a.annual_revenue),
            false,
        ),
        Field::money(
            "annual_profit",
            t.f_profit,
            account.map(|_| a.annual_profit),
            true,
        ),
        Field::number(
            "visit_cadence_days",
            t.f_cadence,
            by_hand,
            1,
            i64::from(CADENCE_MAX),
        )
        .with_hint(cadence_hint),
        Field::text(
            "address",
            crate::strings_cards::address_label(),
            &a.address,
            ADDRESS_MAX,
        ),
        Field::text_area("notes", t.f_notes, &a.notes, NOTES_MAX, 3),
    ];
    Form::new(title, fields, today)
}

/// The account the form describes, or `None` with the problems marked in
/// the form (each under its field).
pub fn submit(form: &mut Form, settings: &Settings) -> Option<AccountInput> {
    if !form.check_fields() {
        return None;
    }
    let tier = Tier::ALL[form.choice("tier")];
    let optional = |key: &str| form.choice(key).checked_sub(1);
    let input = AccountInput {
        name: form.text("name"),
        tier,
        relationship_level: RelationshipLevel::ALL[form.choice("relationship_level")],
        industry: form.text("industry"),
        region: form.text("region"),
        address: form.text("address"),
        owner: form.text("owner"),
        backup_owner: form.text("backup_owner"),
        annual_revenue: form.money("annual_revenue").unwrap_or(0),
        annual_profit: form.money("annual_profit").unwrap_or(0),
        visit_cadence_days: form
            .number("visit_cadence_days")
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or_else(|| settings.cadence_days(tier)),
        status: AccountStatus::ALL[form.choice("status")],
        lost_reason: optional("lost_reason").map(|i| LostReason::ALL[i]),
        defection: optional("defection").map(|i| Defection::ALL[i]),
        notes: form.text("notes"),
    };
    match input.normalized() {
        Ok(input) => Some(input),
        Err(errors) => {
            form.set_errors(&errors);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn type_into(form: &mut Form, key: &str, text: &str) {
        form.focus_on(key);
        for c in text.chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_new_account_from_typed_values() {
        let settings = Settings::default();
        let mut form = build(None, &settings, today());
        type_into(&mut form, "name", "华东精密机械有限公司");
        type_into(&mut form, "annual_revenue", "1,250,000");
        type_into(&mut form, "annual_profit", "-3.5万");
        let a = submit(&mut form, &settings).expect("valid");
        assert_eq!(a.name, "华东精密机械有限公司");
        assert_eq!(a.tier, Tier::Key);
        assert_eq!(a.annual_revenue, 125_000_000);
        assert_eq!(a.annual_profit, -3_500_000);
        assert_eq!(a.visit_cadence_days, 14, "empty cadence = the tier default");
    }

    #[test]
    fn bad_values_are_shown_under_their_fields_and_nothing_is_returned() {
        let settings = Settings::default();
        let mut form = build(None, &settings, today());
        type_into(&mut form, "annual_revenue", "-5");
        type_into(&mut form, "visit_cadence_days", "0");
        assert!(submit(&mut form, &settings).is_none());
        let err = |k: &str| {
            form.fields
                .iter()
                .find(|f| f.key == k)
                .and_then(|f| f.error_message())
        };
        assert_eq!(err("name").as_deref(), Some("is required"));
        assert!(err("annual_revenue").unwrap().contains("negative"));
        assert!(err("visit_cadence_days").is_some());
    }

    #[test]
    fn a_lost_account_needs_its_reason() {
        let settings = Settings::default();
        let mut form = build(None, &settings, today());
        type_into(&mut form, "name", "Acme");
        type_into(&mut form, "status", "l"); // lost
        assert!(submit(&mut form, &settings).is_none());
        assert_eq!(form.fields[form.focus].key, "lost_reason");
    }

    #[test]
    fn editing_starts_from_the_stored_values_and_is_not_dirty() {
        let settings = Settings::default();
        let mut input = AccountInput::new("Acme", Tier::General);
        input.annual_revenue = 123_456;
        let account = Account {
            id: 1,
            uid: "u".into(),
            input: input.clone(),
            archived_at: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let mut form = build(Some(&account), &settings, today());
        assert!(!form.is_dirty());
        assert_eq!(submit(&mut form, &settings), Some(input));
    }
}
