//! The cells of one row: reading them (trimmed, by column) and parsing
//! them into the values of the domain, in the words spreadsheets use.

use crate::domain::dates::{Prefer, parse_date, parse_date_time};
use crate::domain::money::parse_money;
use crate::domain::{Department, Problem, RelationshipLevel, Seniority, Tier};
use crate::strings::Label;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashMap;
use std::str::FromStr;

/// One row: the values of the columns the file has, by column name.
pub(super) struct Row<'a> {
    pub(super) line: usize,
    pub(super) values: HashMap<&'static str, &'a str>,
    /// The header each column had in the file, for messages.
    pub(super) headers: &'a HashMap<&'static str, String>,
    /// What is wrong with the row so far, where (`super::Problem`).
    pub(super) problems: Vec<super::Problem>,
    /// Replace rows changed here after the file's `updated_at` too.
    pub(super) overwrite: bool,
}

impl<'a> Row<'a> {
    /// Reports `problem` under `column` (by the header the file gave it).
    pub(super) fn problem(&mut self, column: &'static str, problem: Problem) {
        if self.problems_in(column) {
            // one problem per cell is enough
            return;
        }
        let header = self
            .headers
            .get(column)
            .cloned()
            .unwrap_or_else(|| column.to_string());
        self.problems.push(super::Problem {
            row: self.line,
            column: header,
            field: column,
            problem,
        });
    }

    fn problems_in(&self, column: &str) -> bool {
        let header = self.headers.get(column).map_or(column, String::as_str);
        self.problems.iter().any(|p| p.column == header)
    }

    pub(super) fn has(&self, column: &str) -> bool {
        self.values.contains_key(column)
    }

    /// The trimmed value, `None` when the column is missing or empty.
    pub(super) fn get(&self, column: &str) -> Option<&'a str> {
        self.values
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The value as typed (multi-line text keeps its newlines).
    pub(super) fn text(&self, column: &str) -> Option<String> {
        self.values
            .get(column)
            .map(|v| v.trim().replace("\r\n", "\n"))
    }

    /// Parses a present, non-empty value; a problem otherwise reported.
    pub(super) fn parse<T>(
        &mut self,
        column: &'static str,
        f: impl Fn(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        let v = self.get(column)?;
        match f(v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problem(column, e);
                None
            }
        }
    }

    pub(super) fn require(&mut self, column: &'static str) -> Option<&'a str> {
        let v = self.get(column);
        if v.is_none() {
            self.problem(column, Problem::Required);
        }
        v
    }
}

/// A word of an enumeration: its stored word, its English label or its
/// Chinese label, any case.
pub(super) fn word<T: FromStr + Label + Copy>(
    all: &[T],
    zh: &[&str],
) -> impl Fn(&str) -> Result<T, Problem> {
    let all = all.to_vec();
    let zh: Vec<String> = zh.iter().map(|s| s.to_string()).collect();
    move |v: &str| {
        if let Ok(t) = v.parse::<T>() {
            return Ok(t);
        }
        let lower = v.trim().to_lowercase();
        all.iter()
            .copied()
            .zip(zh.iter().map(String::as_str).chain(std::iter::repeat("")))
            .find(|(t, z)| t.label().to_lowercase() == lower || (!z.is_empty() && *z == v.trim()))
            .map(|(t, _)| t)
            .ok_or_else(|| Problem::NotOneOf {
                value: v.to_string(),
                allowed: all.iter().map(|t| t.label()).collect(),
            })
    }
}

/// The Chinese labels of an enumeration, in `all`'s order: what [`word`]
/// also accepts in any interface language (`微信` for `wechat`).
pub(super) fn zh_labels<T: crate::strings_zh::ZhLabel + Copy>(all: &[T]) -> Vec<&'static str> {
    all.iter().map(|t| t.zh()).collect()
}

/// Chinese words for departments, as spreadsheets write them.
pub(super) fn department(v: &str) -> Result<Department, Problem> {
    let t = v.trim().trim_end_matches('部').trim_end_matches("部门");
    let d = match t {
        "高层" | "管理层" | "总经办" | "总经理" | "管理" | "经营" => {
            Department::Executive
        }
        "采购" | "供应链" => Department::Purchasing,
        "技术" | "研发" | "工程" => Department::Technical,
        "运营" | "生产" | "制造" => Department::Operations,
        "财务" => Department::Finance,
        "质量" | "品质" | "质检" => Department::Quality,
        "物流" | "仓储" => Department::Logistics,
        "使用" | "使用部门" | "车间" => Department::User,
        "其他" | "其它" => Department::Other,
        _ => return word(Department::ALL, &[])(v),
    };
    Ok(d)
}

pub(super) fn seniority(v: &str) -> Result<Seniority, Problem> {
    match v.trim() {
        "高层" | "总监" | "高管" => Ok(Seniority::Executive),
        "经理" | "中层" | "主管" => Ok(Seniority::Manager),
        "员工" | "基层" | "职员" => Ok(Seniority::Staff),
        _ => word(Seniority::ALL, &[])(v),
    }
}

pub(super) fn tier(v: &str) -> Result<Tier, Problem> {
    word(Tier::ALL, &["关键客户", "重点客户", "一般客户"])(v).or_else(|e| match v.trim() {
        "关键" | "大客户" | "A" | "a" => Ok(Tier::Key),
        "重点" | "B" | "b" => Ok(Tier::Important),
        "一般" | "C" | "c" => Ok(Tier::General),
        _ => Err(e),
    })
}

pub(super) fn boolean(v: &str) -> Result<bool, Problem> {
    match v.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "x" | "是" | "已离职" | "离职" => Ok(true),
        "0" | "false" | "no" | "n" | "否" | "在职" => Ok(false),
        _ => Err(Problem::NotYesNo {
            value: v.to_string(),
        }),
    }
}

pub(super) fn whole(min: i64, max: i64) -> impl Fn(&str) -> Result<i64, Problem> {
    move |v: &str| match v.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Problem::NotWhole {
            value: v.to_string(),
            min,
            max,
        }),
    }
}

pub(super) fn score(v: &str) -> Result<u8, Problem> {
    whole(1, 5)(v).map(|n| n as u8)
}

/// A relationship level: its number (1–5) or its stored word.
pub(super) fn level(v: &str) -> Result<RelationshipLevel, Problem> {
    v.parse::<RelationshipLevel>()
        .map_err(|_| Problem::NotALevel {
            value: v.to_string(),
        })
}

pub(super) fn money(allow_negative: bool) -> impl Fn(&str) -> Result<i64, Problem> {
    move |v: &str| parse_money(v, allow_negative).map_err(Problem::Money)
}

pub(super) fn date(today: NaiveDate) -> impl Fn(&str) -> Result<NaiveDate, Problem> {
    move |v: &str| parse_date(v, today, Prefer::Past).map_err(Problem::Date)
}

pub(super) fn date_time(
    today: NaiveDate,
    prefer: Prefer,
) -> impl Fn(&str) -> Result<NaiveDateTime, Problem> {
    move |v: &str| {
        parse_date_time(v, today, prefer)
            .map(|(d, t)| d.and_time(t.unwrap_or(NaiveTime::MIN)))
            .map_err(Problem::Date)
    }
}
