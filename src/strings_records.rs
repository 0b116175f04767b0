//! What the record detail (a visit, complaint or survey read in full),
//! its corrections and deletions say, in both interface languages side by
//! side, one function or table entry each.

use crate::domain::ChangeKind;
use crate::domain::text::sanitize;
use crate::strings::{Lang, lang};
use chrono::NaiveDate;

fn zh() -> bool {
    lang() == Lang::Zh
}

/// English or Chinese, whichever is in effect.
fn pick(en: &'static str, zh_text: &'static str) -> &'static str {
    if zh() { zh_text } else { en }
}

/// A visit dated before its account existed.
pub fn before_account(since: NaiveDate) -> String {
    if zh() {
        format!("早于客户建档（{since}）")
    } else {
        format!("is before the account existed ({since})")
    }
}

/// The changes of this module, as History and undo name them.
pub fn change_said(kind: ChangeKind, s: &str) -> String {
    use ChangeKind as K;
    match (kind, zh()) {
        (K::VisitEdit, false) => format!("visit to {s} corrected"),
        (K::VisitEdit, true) => format!("修改拜访 {s}"),
        (K::VisitDelete, false) => format!("visit to {s} deleted"),
        (K::VisitDelete, true) => format!("删除拜访 {s}"),
        (K::VisitReplan, false) => format!("visit to {s} planned again"),
        (K::VisitReplan, true) => format!("重新安排拜访 {s}"),
        (K::ComplaintEdit, false) => format!("complaint corrected: {s}"),
        (K::ComplaintEdit, true) => format!("修改投诉：{s}"),
        (K::ComplaintDelete, false) => format!("complaint deleted: {s}"),
        (K::ComplaintDelete, true) => format!("删除投诉：{s}"),
        (K::SurveyDelete, false) => format!("survey of {s} deleted"),
        (K::SurveyDelete, true) => format!("删除满意度调查 {s}"),
        (other, _) => format!("{other:?}: {s}"),
    }
}

/// The detail's own labels (the fields' labels are `strings::s()`'s).
pub struct Words {
    pub when: &'static str,
    pub done_at: &'static str,
    pub none: &'static str,
    pub no_contacts: &'static str,
    pub left: &'static str,
    pub age: &'static str,
    pub target: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub scores: &'static str,
    pub not_asked: &'static str,
    pub scroll_more: &'static str,
}

const EN: Words = Words {
    when: "When",
    done_at: "Done at",
    none: "—",
    no_contacts: "nobody linked",
    left: "left the company",
    age: "Age",
    target: "Target",
    history: "History",
    no_history: "No change recorded yet.",
    scores: "Scores",
    not_asked: "not asked",
    scroll_more: "j/k PgUp/PgDn: more",
};

const ZH: Words = Words {
    when: "时间",
    done_at: "完成时间",
    none: "—",
    no_contacts: "未关联联系人",
    left: "已离职",
    age: "已持续",
    target: "响应时限",
    history: "历史记录",
    no_history: "还没有任何修改记录。",
    scores: "评分",
    not_asked: "未问",
    scroll_more: "j/k PgUp/PgDn：查看更多",
};

pub fn words() -> &'static Words {
    if zh() { &ZH } else { &EN }
}

/// The page's title beside the account's name.
pub fn title(record: &str) -> String {
    if zh() {
        format!("{record}详情")
    } else {
        format!("{record} in full")
    }
}

pub fn form_edit_visit(account: &str) -> String {
    let a = sanitize(account);
    if zh() {
        format!("修改拜访——{a}")
    } else {
        format!("Correct the visit — {a}")
    }
}

pub fn form_edit_complaint(summary: &str) -> String {
    let x = sanitize(summary);
    if zh() {
        format!("修改投诉——{x}")
    } else {
        format!("Correct the complaint — {x}")
    }
}

pub fn hint_outcome_later() -> &'static str {
    pick(
        "the outcome and next step are kept for when it is done",
        "结果和下一步在拜访完成后才有意义",
    )
}

pub fn visit_corrected(account: &str) -> String {
    if zh() {
        format!("已修改拜访：{account}")
    } else {
        format!("Visit to {account} corrected.")
    }
}

pub fn complaint_corrected(summary: &str) -> String {
    if zh() {
        format!("已修改投诉：{summary}")
    } else {
        format!("Complaint corrected: {summary}.")
    }
}

pub fn visit_replanned(at: &str) -> String {
    if zh() {
        format!("拜访已重新安排在 {at}。")
    } else {
        format!("Visit planned again for {at}.")
    }
}

pub fn cannot_move_done() -> &'static str {
    pick(
        "A done visit is corrected with e (its date, outcome and the rest).",
        "已完成的拜访请按 e 修改（日期、结果等）。",
    )
}

/// The question before deleting a visit: which, and that its contacts
/// are unlinked, not deleted.
pub fn confirm_delete_visit(account: &str, when: &str, contacts: &[String]) -> String {
    let a = sanitize(account);
    let names = crate::strings::listed(contacts);
    match (zh(), contacts.is_empty()) {
        (false, true) => format!("Delete the visit to {a} on {when}? z takes it back."),
        (false, false) => format!(
            "Delete the visit to {a} on {when}? Its contacts ({names}) are unlinked from it, not deleted. z takes it back."
        ),
        (true, true) => format!("删除 {when} 对{a}的拜访？按 z 可撤销。"),
        (true, false) => format!(
            "删除 {when} 对{a}的拜访？关联的联系人（{names}）只是解除关联，不会被删除。按 z 可撤销。"
        ),
    }
}

/// The question before deleting a complaint. Nothing refers to a
/// complaint (a low score's complaint keeps no link to its survey).
pub fn confirm_delete_complaint(summary: &str, account: &str) -> String {
    let (x, a) = (sanitize(summary), sanitize(account));
    if zh() {
        format!("删除{a}的投诉“{x}”？没有其他记录引用它。按 z 可撤销。")
    } else {
        format!("Delete the complaint ‘{x}’ of {a}? No other record refers to it. z takes it back.")
    }
}

/// The question before deleting a survey response.
pub fn confirm_delete_survey(account: &str, date: &str, respondent: Option<&str>) -> String {
    let a = sanitize(account);
    let who = respondent.map(sanitize);
    match (zh(), who) {
        (false, Some(w)) => format!(
            "Delete the survey of {a} taken {date} ({w})? Complaints or visits logged after it stay. z takes it back."
        ),
        (false, None) => format!(
            "Delete the survey of {a} taken {date}? Complaints or visits logged after it stay. z takes it back."
        ),
        (true, Some(w)) => {
            format!("删除{a} {date} 的满意度调查（{w}）？据此登记的投诉或拜访会保留。按 z 可撤销。")
        }
        (true, None) => {
            format!("删除{a} {date} 的满意度调查？据此登记的投诉或拜访会保留。按 z 可撤销。")
        }
    }
}

pub fn deleted(what: &str) -> String {
    if zh() {
        format!("已删除：{what}。按 z 可撤销。")
    } else {
        format!("Deleted: {what}. z takes it back.")
    }
}

/// `kam snapshot --screen visit:ID`, `complaint:ID` or `response:ID` (a
/// survey response; `survey:ID` is an account's survey form): the record.
pub fn record_of(kind: &str, id: &str) -> Option<crate::portfolio::records::RecordRef> {
    use crate::portfolio::records::RecordRef;
    let id: i64 = id.trim().parse().ok()?;
    match kind {
        "visit" => Some(RecordRef::Visit(id)),
        "complaint" => Some(RecordRef::Complaint(id)),
        "response" => Some(RecordRef::Survey(id)),
        _ => None,
    }
}
