//! What the promises (commitments) and the pre-visit brief say, in both
//! interface languages side by side (issue 19, items 8 and 12).

use crate::domain::ChangeKind;
use crate::strings::{Lang, lang};

fn zh() -> bool {
    lang() == Lang::Zh
}

/// English or Chinese, by the interface language.
fn pick<T>(en: T, zh_text: T) -> T {
    if zh() { zh_text } else { en }
}

/// A change of the journal about a promise: (kind, subject — the account).
pub fn change(kind: ChangeKind, s: &str) -> String {
    use ChangeKind as K;
    match (kind, zh()) {
        (K::PromiseAdd, false) => format!("promise to {s} made"),
        (K::PromiseAdd, true) => format!("新增对 {s} 的承诺"),
        (K::PromiseEdit, false) => format!("promise to {s} changed"),
        (K::PromiseEdit, true) => format!("修改对 {s} 的承诺"),
        (K::PromiseKept, false) => format!("promise to {s} kept"),
        (K::PromiseKept, true) => format!("对 {s} 的承诺已兑现"),
        (K::PromiseReopened, false) => format!("promise to {s} open again"),
        (K::PromiseReopened, true) => format!("对 {s} 的承诺重新打开"),
        (_, false) => format!("promise to {s} deleted"),
        (_, true) => format!("删除对 {s} 的承诺"),
    }
}

/// What a row of the journal is, for History: "promise".
pub fn rec_promise() -> &'static str {
    pick("promise", "承诺")
}

/// A promise that is gone (another kam deleted it).
pub fn promise_missing() -> &'static str {
    pick("That promise no longer exists.", "该承诺已不存在。")
}

// the promise form
pub fn f_what() -> &'static str {
    pick("What", "承诺内容")
}
pub fn f_to_whom() -> &'static str {
    pick("To whom", "对象")
}
pub fn f_due_on() -> &'static str {
    pick("Due on", "截止日期")
}
pub fn hint_due_on() -> &'static str {
    pick(
        "required — e.g. 2026-12-04, fri, +3d",
        "必填 — 例如 2026-12-04、周五、+3d",
    )
}
pub fn form_add(account: &str) -> String {
    pick(
        format!("Promise to {account}"),
        format!("对 {account} 的承诺"),
    )
}
pub fn form_edit(account: &str) -> String {
    pick(
        format!("Edit a promise to {account}"),
        format!("修改对 {account} 的承诺"),
    )
}

// the status line
pub fn saved(account: &str) -> String {
    pick(
        format!("Promise to {account} saved."),
        format!("已保存对 {account} 的承诺。"),
    )
}
pub fn toggled(kept: bool, what: &str) -> String {
    match (kept, zh()) {
        (true, false) => format!("Kept: “{what}”."),
        (true, true) => format!("已兑现：“{what}”。"),
        (false, false) => format!("Open again: “{what}”."),
        (false, true) => format!("重新打开：“{what}”。"),
    }
}
pub fn deleted(what: &str) -> String {
    pick(
        format!("Promise deleted: “{what}”."),
        format!("已删除承诺：“{what}”。"),
    )
}
pub fn confirm_delete(what: &str, due: &str) -> String {
    pick(
        format!("Delete the promise “{what}” (due {due})?"),
        format!("删除承诺“{what}”（截止 {due}）？"),
    )
}

/// How a promise's due date stands on a day: "today", "in 3 days",
/// "2 days late".
pub fn due_phrase(days_late: i64) -> String {
    match (days_late, zh()) {
        (0, false) => "today".into(),
        (0, true) => "今天".into(),
        (1, false) => "1 day late".into(),
        (n, false) if n > 0 => format!("{n} days late"),
        (-1, false) => "tomorrow".into(),
        (n, false) => format!("in {} days", -n),
        (n, true) if n > 0 => format!("逾期 {n} 天"),
        (-1, true) => "明天".into(),
        (n, true) => format!("{} 天后", -n),
    }
}

/// "due 2026-12-04 (in 2 days)".
pub fn due_on(on: &str, days_late: i64) -> String {
    let phrase = due_phrase(days_late);
    pick(
        format!("due {on} ({phrase})"),
        format!("截止 {on}（{phrase}）"),
    )
}

/// "kept 2026-12-03".
pub fn kept_on(on: &str) -> String {
    pick(format!("kept {on}"), format!("{on} 已兑现"))
}

/// "→ 王芳": to whom a promise was made.
pub fn to_whom(name: &str) -> String {
    pick(format!("to {name}"), format!("对 {name}"))
}

// the Promises section
pub fn sec_promises() -> &'static str {
    pick("Promises", "承诺")
}
pub fn no_promises() -> &'static str {
    pick(
        "No promises yet — a adds one; P on a visit makes one from its next step.",
        "暂无承诺 — 按 a 新增；在拜访上按 P，以其下一步生成承诺。",
    )
}
pub fn promises_summary(open: usize, late: usize, kept: usize) -> String {
    pick(
        format!("{open} open · {late} overdue · {kept} kept"),
        format!("{open} 项未兑现 · {late} 项逾期 · {kept} 项已兑现"),
    )
}
pub fn col_due() -> &'static str {
    pick("Due", "截止")
}
pub fn col_what() -> &'static str {
    pick("What", "内容")
}
pub fn col_to_whom() -> &'static str {
    pick("To whom", "对象")
}
pub fn col_state() -> &'static str {
    pick("State", "状态")
}
pub fn state_open() -> &'static str {
    pick("open", "未兑现")
}
pub fn state_kept() -> &'static str {
    pick("kept", "已兑现")
}
pub fn state_late() -> &'static str {
    pick("late", "逾期")
}

// Today
pub fn today_section() -> &'static str {
    pick("Promises due", "到期承诺")
}
pub fn today_row(what: &str, due: &str) -> String {
    pick(format!("{what} — {due}"), format!("{what} — {due}"))
}

// key descriptions
pub fn key_promise() -> &'static str {
    pick("promise from this visit", "以此拜访生成承诺")
}
pub fn key_toggle_kept() -> &'static str {
    pick("kept / not kept", "已兑现 / 未兑现")
}

// the Brief section
pub fn sec_brief() -> &'static str {
    pick("Brief", "简报")
}

pub mod lines;

/// Today's promises section with nothing due.
pub fn calm_promises() -> &'static str {
    pick(
        "no promise due today or overdue",
        "今天没有到期或逾期的承诺",
    )
}

/// `kam brief` of a name no account has.
pub fn no_account(key: &str) -> String {
    pick(
        format!("no account with the name, id or uid '{key}'"),
        format!("没有名称、编号或唯一编号为“{key}”的客户"),
    )
}

/// `kam brief` of a name several accounts match.
pub fn ambiguous(key: &str, names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    let list = crate::strings::listed(&shown);
    match (zh(), more) {
        (false, 0) => format!(
            "'{key}' matches {} accounts: {list} — name one (or give its id)",
            names.len()
        ),
        (false, n) => format!(
            "'{key}' matches {} accounts: {list} and {n} more — name one (or give its id)",
            names.len()
        ),
        (true, 0) => format!(
            "“{key}”匹配 {} 个客户：{list}——请写出其中一个（或用编号）",
            names.len()
        ),
        (true, n) => format!(
            "“{key}”匹配 {} 个客户：{list} 等（另有 {n} 个）——请写出其中一个（或用编号）",
            names.len()
        ),
    }
}

/// A promise's column as its form and History name it.
pub fn field_label(column: &str) -> &'static str {
    match column {
        "what" => f_what(),
        "due_on" => f_due_on(),
        "done_at" => pick("Kept at", "兑现时间"),
        _ => pick("Visit", "拜访"),
    }
}
