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
