//! What the dates of visits say — the done-on of a closed visit, the
//! warning zone before a visit falls due by cadence, the proposal after a
//! low score — in both interface languages side by side.

use crate::domain::visit::CadenceState;
use crate::strings::{Lang, lang};

fn zh() -> bool {
    lang() == Lang::Zh
}

/// The done-on field of the form closing a visit.
pub fn f_done_on() -> &'static str {
    if zh() { "完成于" } else { "Done on" }
}

pub fn hint_done_on() -> &'static str {
    if zh() {
        "实际完成的时间：默认现在，可改早（如 昨天 15:00），不能晚于现在"
    } else {
        "when it was done: now, or earlier (yesterday 15:00) — never later than now"
    }
}

/// The one-cell symbol of a cadence state, readable without colour:
/// `◔` due soon, `●` overdue, `‼` past twice the cadence; nothing while
/// within the cadence.
pub fn cadence_symbol(state: CadenceState) -> &'static str {
    match state {
        CadenceState::Within => "",
        CadenceState::DueSoon => "◔",
        CadenceState::Overdue => "●",
        CadenceState::FarOverdue => "‼",
    }
}

/// A due-soon account in Today's due-by-cadence section: "due in 3 days".
pub fn due_in_short(days: i64) -> String {
    match (zh(), days) {
        (true, 0) => "今天到期".into(),
        (true, d) => format!("{d} 天后到期"),
        (false, 0) => "due today".into(),
        (false, 1) => "due tomorrow".into(),
        (false, d) => format!("due in {d} days"),
    }
}
