//! The handover form (`H` on the Accounts list): from whom, to whom, and
//! which accounts — the one selected, those the list shows, or every
//! account of From.

use crate::domain::account::SHORT_MAX;
use crate::domain::handover::same_colleague;
use crate::strings::s;
use crate::tui::widgets::form::{Field, Form};
use chrono::NaiveDate;

/// Which accounts a handover covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The account selected in the list.
    Selected(i64),
    /// The accounts the list shows (its filters and search).
    Shown,
    /// Every account From owns.
    All,
}

/// The scopes the form offers, in order: the selected account (if any),
/// the accounts shown (when they are more than that one), every account.
pub fn scopes(selected: Option<i64>, shown: &[i64]) -> Vec<Scope> {
    let mut out: Vec<Scope> = selected.map(Scope::Selected).into_iter().collect();
    if shown.len() > 1 || (selected.is_none() && !shown.is_empty()) {
        out.push(Scope::Shown);
    }
    out.push(Scope::All);
    out
}

/// The form, From prefilled with `from` (the selected account's owner),
/// `colleagues` offered in both names; `selected` is the selected
/// account (id, name) and `shown` the accounts the list shows.
pub fn build(
    from: &str,
    selected: Option<(i64, &str)>,
    shown: &[i64],
    colleagues: &[String],
    today: NaiveDate,
) -> Form {
    let t = s();
    let options = scopes(selected.map(|(id, _)| id), shown)
        .into_iter()
        .map(|scope| match scope {
            Scope::Selected(_) => (t.scope_selected)(selected.map_or("", |(_, name)| name)),
            Scope::Shown => (t.scope_shown)(shown.len()),
            Scope::All => t.scope_all.to_string(),
        })
        .collect();
    // the one handing over is no successor
    let others = colleagues
        .iter()
        .filter(|c| !same_colleague(c, from))
        .cloned()
        .collect();
    let fields = vec![
        Field::text("from", t.f_from, from, SHORT_MAX)
            .required()
            .with_hint(t.hint_handover_from)
            .with_suggestions(colleagues.to_vec()),
        Field::text("to", t.f_to, "", SHORT_MAX)
            .required()
            .with_hint(t.hint_handover_to)
            .with_suggestions(others),
        Field::choice("scope", t.f_scope, options, 0),
    ];
    let mut form = Form::new(t.form_handover, fields, today);
    // the one to type first: who takes over
    form.focus_on(if from.trim().is_empty() { "from" } else { "to" });
    form
}

/// What to hand over: (from, to, the accounts — `None` for every account
/// of From), or `None` with the problems marked in the form.
pub fn submit(
    form: &mut Form,
    selected: Option<i64>,
    shown: &[i64],
) -> Option<(String, String, Option<Vec<i64>>)> {
    if !form.check_fields() {
        return None;
    }
    let scope = scopes(selected, shown)
        .get(form.choice("scope"))
        .copied()
        .unwrap_or(Scope::All);
    let accounts = match scope {
        Scope::Selected(id) => Some(vec![id]),
        Scope::Shown => Some(shown.to_vec()),
        Scope::All => None,
    };
    Some((
        form.text("from").trim().to_string(),
        form.text("to").trim().to_string(),
        accounts,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn colleagues() -> Vec<String> {
        ["李雷", "韩梅梅", "Wang Lei"].map(String::from).to_vec()
    }

    #[test]
    fn the_scope_is_the_selected_account_the_list_or_everything() {
        assert_eq!(
            scopes(Some(7), &[7, 8]),
            [Scope::Selected(7), Scope::Shown, Scope::All]
        );
        assert_eq!(scopes(Some(7), &[7]), [Scope::Selected(7), Scope::All]);
        assert_eq!(scopes(None, &[]), [Scope::All]);
        assert_eq!(scopes(None, &[3]), [Scope::Shown, Scope::All]);
    }

    #[test]
    fn from_is_prefilled_to_is_picked_and_the_scope_chosen() {
        let mut form = build(
            "李雷",
            Some((7, "华东精密")),
            &[7, 8, 9],
            &colleagues(),
            today(),
        );
        assert_eq!(
            form.fields[form.focus].key, "to",
            "who takes over is asked first"
        );
        // Ctrl-N twice: the second colleague offered (李雷 hands over: he
        // is not offered as the successor)
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        form.handle_key(ctrl_n);
        form.handle_key(ctrl_n);
        assert_eq!(form.text("to"), "Wang Lei");
        form.handle_key(key(KeyCode::Tab));
        form.handle_key(key(KeyCode::Right));
        let (from, to, accounts) = submit(&mut form, Some(7), &[7, 8, 9]).expect("valid");
        assert_eq!((from.as_str(), to.as_str()), ("李雷", "Wang Lei"));
        assert_eq!(accounts, Some(vec![7, 8, 9]), "the accounts the list shows");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(submit(&mut form, Some(7), &[7, 8, 9]).unwrap().2, None);
        form.handle_key(key(KeyCode::Right));
        assert_eq!(
            submit(&mut form, Some(7), &[7, 8, 9]).unwrap().2,
            Some(vec![7])
        );
    }

    #[test]
    fn both_names_are_needed() {
        let mut form = build("", None, &[], &[], today());
        assert_eq!(form.fields[form.focus].key, "from");
        assert!(submit(&mut form, None, &[]).is_none());
        assert!(
            form.fields
                .iter()
                .all(|f| f.key == "scope" || f.error.is_some())
        );
    }
}
