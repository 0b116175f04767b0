//! What the record detail (a visit, complaint or survey read in full),
//! its corrections and deletions say, in both interface languages side by
//! side, one function or table entry each.

use crate::domain::ChangeKind;
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
        format!("早于该客户在 kam 中最早的记录（{since}）")
    } else {
        format!("is before the account existed (its earliest day in kam: {since})")
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
