//! What the vCard import, the calendar export and the account's address
//! say, in both interface languages side by side.

use crate::domain::Problem;
use crate::interop::vcard::CardProblem;
use crate::strings::{Lang, lang};

fn zh() -> bool {
    lang() == Lang::Zh
}

/// Words the import writes into a contact's notes.
pub struct Words {
    pub tel: &'static str,
    pub email: &'static str,
    pub address: &'static str,
    pub birthday: &'static str,
}

pub fn words() -> Words {
    if zh() {
        Words {
            tel: "电话",
            email: "邮箱",
            address: "地址",
            birthday: "生日",
        }
    } else {
        Words {
            tel: "Phone",
            email: "Email",
            address: "Address",
            birthday: "Birthday",
        }
    }
}

/// The vCard property a kam contact column is read from.
fn property(field: &str) -> &str {
    match field {
        "account" => "ORG",
        "name" => "FN",
        "title" => "TITLE",
        "phone" => "TEL",
        "email" => "EMAIL",
        "birthday" => "BDAY",
        "notes" => "NOTE",
        other => other,
    }
}

/// How a problem names its card: “张伟” (line 12), or the line alone.
fn which(p: &CardProblem) -> String {
    match (zh(), p.card.is_empty()) {
        (true, false) => format!("名片“{}”（第 {} 行）", p.card, p.line),
        (true, true) => format!("第 {} 行的名片", p.line),
        (false, false) => format!("card '{}' (line {})", p.card, p.line),
        (false, true) => format!("the card on line {}", p.line),
    }
}

/// One problem of a card, naming the card (and its ORG where that is the
/// problem).
pub fn card_problem(p: &CardProblem) -> String {
    let card = which(p);
    match (&p.problem, p.field) {
        (Problem::NoAccountNamed { name }, _) => {
            if zh() {
                format!(
                    "{card}：没有名为“{name}”的客户（名片的 ORG）——先建这个客户，或用 --account 客户名称 指定"
                )
            } else {
                format!(
                    "{card}: no account is named '{name}' (the card's ORG) — add the account first, or give --account NAME"
                )
            }
        }
        (Problem::NameTheAccount, _) => {
            if zh() {
                format!("{card}没有 ORG（公司）——用 --account 客户名称 指定它属于哪个客户")
            } else {
                format!("{card} has no ORG (company) — say whose contact it is with --account NAME")
            }
        }
        (Problem::Required, "name") => {
            if zh() {
                format!("{card}没有姓名（FN 或 N）")
            } else {
                format!("{card} has no name (FN or N)")
            }
        }
        (problem, field) => {
            let message = crate::strings::problem(problem);
            match (zh(), field.is_empty()) {
                (true, true) => format!("{card}：{message}"),
                (true, false) => format!("{card}，{}：{message}", property(field)),
                (false, true) => format!("{card}: {message}"),
                (false, false) => format!("{card}, {}: {message}", property(field)),
            }
        }
    }
}

/// A file without a single card.
pub fn no_cards() -> &'static str {
    if zh() {
        "文件里没有名片（BEGIN:VCARD … END:VCARD）"
    } else {
        "the file holds no vCard (BEGIN:VCARD … END:VCARD)"
    }
}

/// What `kam import vcard` did (or, dry, would do).
pub fn cards_done(file: &str, cards: usize, added: usize, updated: usize, dry: bool) -> String {
    match (zh(), dry) {
        (true, false) => {
            format!("{file}：{cards} 张名片，新增 {added} 位联系人，更新 {updated} 位")
        }
        (true, true) => format!(
            "{file}：{cards} 张名片，将新增 {added} 位联系人，更新 {updated} 位（试运行，未写入）"
        ),
        (false, false) => {
            format!("{file}: {cards} card(s), {added} contact(s) added, {updated} updated")
        }
        (false, true) => format!(
            "{file}: {cards} card(s), would add {added} contact(s), update {updated} (dry run, nothing written)"
        ),
    }
}

/// The `--account` flag given to a kind other than vcard.
pub fn account_for_vcard_only() -> &'static str {
    if zh() {
        "--account 只用于 kam import vcard"
    } else {
        "--account is for kam import vcard only"
    }
}

/// The account form's and overview's label for the address.
pub fn address_label() -> &'static str {
    if zh() { "地址" } else { "Address" }
}

/// The calendar's reminder text.
pub fn alarm_text(minutes: i64) -> String {
    if zh() {
        format!("{minutes} 分钟后拜访")
    } else {
        format!("visit in {minutes} min")
    }
}
