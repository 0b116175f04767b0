//! `kam import vcard FILE.vcf [--account NAME]`: contact cards in, as
//! phones write them — vCard 2.1 (Android: `CHARSET=UTF-8;ENCODING=
//! QUOTED-PRINTABLE` with soft line breaks, bare `TEL;CELL`), 3.0 (iPhone:
//! `item1.TEL` with an `X-ABLabel`, base64 `PHOTO`, folded lines) and 4.0.
//! The cards are read by the `calcard` crate (Stalwart's: kept up, and the
//! one Rust parser that decodes 2.1 quoted-printable with its charset);
//! each card becomes a row of kam's contact columns in a `Table`, and that
//! table goes through the same import as a CSV file of contacts
//! (`import::import_table`): the same checks, one transaction, all or
//! nothing, one change of the journal, re-import matched by name within
//! the account. The vCard export stays in `export`.

use crate::domain::{self, Clock};
use crate::interop::import::{self, How, ImportError, Kind, Outcome};
use crate::interop::table::{self, Table, TableError};
use crate::store::{Store, StoreError};
use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardType,
    VCardValue,
};
use calcard::{Entry, Parser};

/// One card as kam reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    /// The line of the file its `BEGIN:VCARD` is on.
    pub line: usize,
    /// `FN`, else the name made of `N`; empty when the card has neither.
    pub name: String,
    /// The company (`ORG`'s first part).
    pub org: String,
    pub title: String,
    /// The mobile when there is one, else the first number.
    pub phone: String,
    pub email: String,
    /// `BDAY` as `YYYY-MM-DD` (or `--MM-DD` without a year).
    pub birthday: String,
    /// `NOTE`, then the numbers and addresses kam has no field for.
    pub notes: String,
}

impl Card {
    /// How a message names the card: its name, else its first number or
    /// address, else nothing (the line then names it).
    pub fn label(&self) -> String {
        [&self.name, &self.phone, &self.email]
            .into_iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_default()
    }
}

/// One problem of a card: which card, what kam field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardProblem {
    pub line: usize,
    /// The card's name (or number), empty when it has none.
    pub card: String,
    pub org: String,
    /// kam's column (`account`, `name`, `birthday`…), empty for the card.
    pub field: &'static str,
    pub problem: domain::Problem,
}

impl std::fmt::Display for CardProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::strings_cards::card_problem(self))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VcardError {
    #[error(transparent)]
    Table(#[from] TableError),
    /// The file holds no card at all.
    #[error("the file holds no vCard (BEGIN:VCARD … END:VCARD)")]
    NoCards,
    #[error("{} problem(s); nothing was imported", .0.len())]
    Problems(Vec<CardProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The cards of a file's bytes, and the encoding the text was in.
pub fn read_cards(bytes: &[u8]) -> Result<(Vec<Card>, &'static str), TableError> {
    let (text, encoding) = table::decode(bytes)?;
    let lines = begin_lines(&text);
    let mut parser = Parser::new(&text);
    let mut cards = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(v) => {
                let line = lines.get(cards.len()).copied().unwrap_or(1);
                cards.push(card(&v, line));
            }
            Entry::Eof => break,
            // calendars, stray lines, unterminated cards: not contacts
            _ => {}
        }
    }
    Ok((cards, encoding))
}

/// The line each `BEGIN:VCARD` is on, in order.
fn begin_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VCARD"))
        .map(|(i, _)| i + 1)
        .collect()
}

fn texts(e: &VCardEntry) -> Vec<String> {
    e.values
        .iter()
        .filter_map(|v| match v {
            VCardValue::Component(parts) => Some(parts.join(" ")),
            v => v.as_text().map(str::to_string),
        })
        .map(|s| s.trim().to_string())
        .collect()
}

/// The components of a structured value (`N`, `ORG`, `ADR`).
fn parts(e: &VCardEntry) -> Vec<String> {
    let mut out = Vec::new();
    for v in &e.values {
        match v {
            VCardValue::Component(p) => out.push(p.join(" ").trim().to_string()),
            v => out.push(v.as_text().unwrap_or_default().trim().to_string()),
        }
    }
    out
}

fn first_text(v: &VCard, p: VCardProperty) -> String {
    v.property(&p)
        .map(|e| texts(e).join(" ").trim().to_string())
        .unwrap_or_default()
}

/// `N` as a name: Chinese family and given names run together
/// (`张;伟` → 张伟), others given name first (`Zhang;David` → David Zhang).
fn name_of_n(e: &VCardEntry) -> String {
    let p = parts(e);
    let family = p.first().map(String::as_str).unwrap_or("");
    let given = p.get(1).map(String::as_str).unwrap_or("");
    let cjk = |s: &str| s.chars().any(|c| c > '\u{2E7F}');
    if cjk(family) || cjk(given) {
        format!("{family}{given}")
    } else {
        format!("{given} {family}").trim().to_string()
    }
}

/// The `TYPE`s of a property, lower case (`TYPE=CELL`, 2.1's bare `CELL`,
/// `TYPE=cell,voice`, 4.0's `TYPE="cell,voice"`).
fn types(e: &VCardEntry) -> Vec<String> {
    let mut out = Vec::new();
    for v in e.parameters(&VCardParameterName::Type) {
        let word = match v {
            VCardParameterValue::Type(VCardType::Cell) => "cell".to_string(),
            v => v.clone().into_text().to_lowercase(),
        };
        out.extend(word.split(',').map(|w| w.trim().to_string()));
    }
    out
}

/// An iPhone's `itemN.X-ABLabel` for a property of group `itemN`:
/// `_$!<Mobile>!$_` → `Mobile`, a custom label as written.
fn apple_label(v: &VCard, group: Option<&str>) -> Option<String> {
    let group = group?;
    v.entries
        .iter()
        .find(|e| {
            e.group
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(group))
                && matches!(&e.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABLABEL"))
        })
        .map(|e| {
            let l = texts(e).join(" ");
            l.trim_start_matches("_$!<")
                .trim_end_matches(">!$_")
                .to_string()
        })
}

/// A Chinese mobile number (`1[3-9]` and nine more digits), read past
/// `+86`, spaces and dashes.
pub fn is_mobile(number: &str) -> bool {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && number.trim_start().starts_with('+') => rest,
        Some(rest) if rest.len() == 11 && digits.len() == 13 => rest,
        _ => digits.as_str(),
    };
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A number or address with its kind, for the notes.
struct Typed {
    value: String,
    kind: String,
    mobile: bool,
}

fn typed(v: &VCard, p: VCardProperty) -> Vec<Typed> {
    v.properties(&p)
        .map(|e| {
            let value = texts(e).join(" ");
            // vCard 4.0: TEL;VALUE=uri:tel:+86-139…, EMAIL as mailto: rarely
            let value = ["tel:", "TEL:", "mailto:"]
                .iter()
                .find_map(|p| value.strip_prefix(p))
                .map(str::to_string)
                .unwrap_or(value);
            let types = types(e);
            let label = apple_label(v, e.group.as_deref());
            let mobile = types.iter().any(|t| t == "cell" || t == "mobile")
                || label
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case("mobile") || l.contains("手机"))
                || (p == VCardProperty::Tel && is_mobile(&value));
            let kind = label.unwrap_or_else(|| {
                types
                    .iter()
                    .filter(|t| !matches!(t.as_str(), "voice" | "internet" | "pref" | "x400"))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            });
            Typed {
                value,
                kind,
                mobile,
            }
        })
        .filter(|t| !t.value.is_empty())
        .collect()
}

fn birthday(v: &VCard) -> String {
    let Some(e) = v.property(&VCardProperty::Bday) else {
        return String::new();
    };
    // an iPhone's birthday without a year: BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-05
    let omit_year = e.params.iter().find_map(|p| match &p.name {
        VCardParameterName::Other(n) if n.eq_ignore_ascii_case("X-APPLE-OMIT-YEAR") => {
            p.value.as_text().and_then(|y| y.parse::<u16>().ok())
        }
        _ => None,
    });
    for value in &e.values {
        if let VCardValue::PartialDateTime(d) = value
            && let (Some(m), Some(day)) = (d.month, d.day)
        {
            return match d.year {
                Some(y) if Some(y) != omit_year => format!("{y:04}-{m:02}-{day:02}"),
                _ => format!("--{m:02}-{day:02}"),
            };
        }
    }
    texts(e).join(" ")
}

fn card(v: &VCard, line: usize) -> Card {
    let mut name = first_text(v, VCardProperty::Fn);
    if name.is_empty()
        && let Some(n) = v.property(&VCardProperty::N)
    {
        name = name_of_n(n);
    }
    let org = v
        .property(&VCardProperty::Org)
        .and_then(|e| parts(e).into_iter().next())
        .unwrap_or_default();
    let mut tels = typed(v, VCardProperty::Tel);
    // the mobile first, then the others in the card's order
    if let Some(i) = tels.iter().position(|t| t.mobile) {
        let m = tels.remove(i);
        tels.insert(0, m);
    }
    let emails = typed(v, VCardProperty::Email);
    let mut notes: Vec<String> = v
        .properties(&VCardProperty::Note)
        .map(|e| texts(e).join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    let t = crate::strings_cards::words();
    for (label, rest) in [
        (t.tel, tels.iter().skip(1)),
        (t.email, emails.iter().skip(1)),
    ] {
        for x in rest {
            notes.push(if x.kind.is_empty() {
                format!("{label}: {}", x.value)
            } else {
                format!("{label} ({}): {}", x.kind, x.value)
            });
        }
    }
    // kam's own cards carry the account's address, which is the account's
    let from_kam = first_text(v, VCardProperty::Prodid).contains("//kam//");
    for e in v.properties(&VCardProperty::Adr).filter(|_| !from_kam) {
        let adr: Vec<String> = parts(e).into_iter().filter(|s| !s.is_empty()).collect();
        if !adr.is_empty() {
            notes.push(format!("{}: {}", t.address, adr.join(" ")));
        }
    }
    // a card kam wrote and read again: what its NOTE already says once
    if let Some(first) = notes.first().cloned() {
        let said: Vec<&str> = first.lines().collect();
        let extra: Vec<String> = notes
            .drain(1..)
            .filter(|x| !said.contains(&x.as_str()))
            .collect();
        notes.extend(extra);
    }
    Card {
        line,
        name,
        org,
        title: first_text(v, VCardProperty::Title),
        phone: tels.first().map(|t| t.value.clone()).unwrap_or_default(),
        email: emails.first().map(|t| t.value.clone()).unwrap_or_default(),
        birthday: birthday(v),
        notes: notes.join("\n"),
    }
}

/// A birthday without a year (`--12-05`) stays the birthday when kam's
/// dates read it; otherwise it goes to the notes rather than refuse the
/// card (or guess a year).
fn keep_birthday(c: &mut Card, clock: &Clock) {
    use crate::domain::dates::{Prefer, parse_date};
    let Some(day) = c.birthday.strip_prefix("--") else {
        return;
    };
    if parse_date(&c.birthday, clock.today(), Prefer::Past).is_ok() {
        return;
    }
    let line = format!("{}: {day}", crate::strings_cards::words().birthday);
    c.notes = if c.notes.is_empty() {
        line
    } else {
        format!("{}\n{line}", c.notes)
    };
    c.birthday.clear();
}

/// kam's contact columns, in the order `cards_table` fills them.
const COLUMNS: [&str; 7] = [
    "account", "name", "title", "phone", "email", "birthday", "notes",
];

/// The cards as a table of kam's contact columns: each card of `account`
/// when given, else of the account its `ORG` names.
pub fn cards_table(cards: &[Card], account: Option<&str>, encoding: &'static str) -> Table {
    let rows = cards
        .iter()
        .map(|c| {
            let account = account.map(str::to_string).unwrap_or_else(|| c.org.clone());
            let cells = vec![
                account,
                c.name.clone(),
                c.title.clone(),
                c.phone.clone(),
                c.email.clone(),
                c.birthday.clone(),
                c.notes.clone(),
            ];
            (c.line, cells)
        })
        .collect();
    Table {
        headers: COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
        encoding,
        separator: ',',
    }
}

/// Imports the cards of a vCard file as contacts: of `account` when
/// given, else each of the account its `ORG` names exactly. With
/// `how.dry_run`, everything is checked and nothing written.
pub fn import_vcard(
    store: &mut Store,
    bytes: &[u8],
    account: Option<&str>,
    clock: &Clock,
    how: How,
) -> Result<Outcome, VcardError> {
    let (cards, encoding) = read_cards(bytes)?;
    if cards.is_empty() {
        return Err(VcardError::NoCards);
    }
    let mut cards = cards;
    for c in &mut cards {
        keep_birthday(c, clock);
    }
    let table = cards_table(&cards, account, encoding);
    match import::import_table(store, Kind::Contacts, table, clock, how, |_| {}) {
        Ok(o) => Ok(o),
        Err(ImportError::Problems(problems)) => Err(VcardError::Problems(
            problems
                .into_iter()
                .map(|p| {
                    let card = cards.iter().find(|c| c.line == p.row);
                    CardProblem {
                        line: p.row,
                        card: card.map(Card::label).unwrap_or_default(),
                        org: match (account, card) {
                            (Some(a), _) => a.to_string(),
                            (None, Some(c)) => c.org.clone(),
                            (None, None) => String::new(),
                        },
                        field: p.field,
                        problem: p.problem,
                    }
                })
                .collect(),
        )),
        Err(ImportError::Table(e)) => Err(e.into()),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_known_by_their_digits() {
        assert!(is_mobile("138 0013 8000"));
        assert!(is_mobile("+86 139-1234-5678"));
        assert!(is_mobile("8613912345678"));
        assert!(!is_mobile("021-6234-5678"));
        assert!(!is_mobile("12012345678"));
    }

    #[test]
    fn android_quoted_printable_with_soft_breaks() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E7=8E=B2;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=E7=8E=\r\n=B2\r\nTEL;WORK:021-62345678\r\nTEL;CELL:138-0013-8000\r\nEND:VCARD\r\n";
        let (cards, _) = read_cards(text.as_bytes()).unwrap();
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].name, "李玲");
        assert_eq!(cards[0].phone, "138-0013-8000");
        assert!(cards[0].notes.contains("021-62345678"), "{:?}", cards[0]);
    }
}
