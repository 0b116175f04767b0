//! `kam import KIND FILE.csv`: spreadsheets in. Columns are matched by
//! name (the column names of the data model, or an alias — English or the
//! common Chinese headers); rows refer to their account by `account_uid`
//! or exact name, and to contacts by name within that account. Everything
//! runs in one transaction: every problem of every row is collected, and
//! if there is any, nothing is written. Re-importing the same file adds
//! nothing: rows match by `uid`, else by a natural key (the account's
//! name; a contact's name within its account; a complaint's account,
//! opening time and summary; a visit's account and time; a survey's
//! account, date and respondent).

use crate::domain::dates::{Prefer, parse_date, parse_date_time};
use crate::domain::money::parse_money;
use crate::domain::*;
use crate::interop::table::{self, Table, TableError};
use crate::store::interop as db;
use crate::store::{Store, StoreError, new_uid};
use crate::strings::Label;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
    Complaints,
    Visits,
    Surveys,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Accounts,
        Kind::Contacts,
        Kind::Complaints,
        Kind::Visits,
        Kind::Surveys,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Contacts => "contacts",
            Kind::Complaints => "complaints",
            Kind::Visits => "visits",
            Kind::Surveys => "surveys",
        }
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                format!("'{s}' is not something kam imports — use accounts, contacts, complaints, visits or surveys")
            })
    }
}

/// A column a file may have: its name in the data model and its aliases.
struct Col {
    name: &'static str,
    aliases: &'static [&'static str],
}

const fn col(name: &'static str, aliases: &'static [&'static str]) -> Col {
    Col { name, aliases }
}

const ACCOUNT_REF: [Col; 2] = [
    col("account_uid", &["账户uid", "客户uid", "客户编号"]),
    col(
        "account",
        &[
            "account_name",
            "客户名称",
            "客户",
            "公司",
            "公司名称",
            "company",
        ],
    ),
];

/// The columns of each kind. Headers are compared without case, spaces,
/// underscores, dashes or a trailing `*`.
fn columns(kind: Kind) -> Vec<Col> {
    let own: Vec<Col> = match kind {
        Kind::Accounts => vec![
            col("uid", &["id", "编号"]),
            col(
                "name",
                &[
                    "客户名称",
                    "名称",
                    "客户",
                    "公司",
                    "公司名称",
                    "company",
                    "account",
                    "accountname",
                ],
            ),
            col("tier", &["级别", "客户级别", "等级", "客户等级"]),
            col(
                "relationship_level",
                &["关系级别", "关系等级", "关系", "level", "relationship"],
            ),
            col("industry", &["行业"]),
            col("region", &["地区", "区域", "省份"]),
            col("owner", &["负责人", "客户经理", "销售", "owner_name"]),
            col("backup_owner", &["备份负责人", "备份", "副负责人"]),
            col(
                "annual_revenue",
                &["年收入", "年销售额", "销售额", "营收", "revenue"],
            ),
            col("annual_profit", &["年利润", "利润", "毛利", "profit"]),
            col(
                "visit_cadence_days",
                &["拜访周期", "拜访间隔", "拜访频率", "cadence"],
            ),
            col("status", &["状态"]),
            col("lost_reason", &["流失原因"]),
            col("defection", &["流失类型", "流失方向"]),
            col("notes", &["备注", "note", "说明"]),
            col("archived_at", &["归档时间", "archived"]),
        ],
        Kind::Contacts => vec![
            col("uid", &["id", "编号"]),
            col("name", &["联系人", "姓名", "名字", "contact", "联系人姓名"]),
            col("title", &["职务", "职位", "头衔", "岗位"]),
            col("department", &["部门"]),
            col("seniority", &["层级", "职级"]),
            col("buying_role", &["采购角色", "角色", "role"]),
            col("tie_strength", &["关系强度", "亲密度", "strength"]),
            col("our_side", &["我方负责人", "对接人", "我方"]),
            col(
                "phone",
                &["电话", "手机", "手机号", "mobile", "tel", "telephone"],
            ),
            col("email", &["邮箱", "电子邮件", "e-mail", "mail"]),
            col("birthday", &["生日", "出生日期"]),
            col("notes", &["备注", "note"]),
            col("left_company", &["已离职", "离职", "left"]),
        ],
        Kind::Complaints => vec![
            col("uid", &["id", "编号"]),
            col("contact_uid", &[]),
            col("contact", &["联系人", "投诉人", "contact_name"]),
            col("opened_at", &["投诉时间", "日期", "时间", "opened", "date"]),
            col("category", &["类别", "类型", "投诉类型"]),
            col("severity", &["严重程度", "严重性", "级别"]),
            col("summary", &["摘要", "标题", "投诉内容", "内容"]),
            col("details", &["详情", "描述", "说明"]),
            col("status", &["状态"]),
            col("forwarded_to", &["转交", "转交部门", "负责部门"]),
            col("resolved_at", &["解决时间"]),
            col("resolution", &["处理结果", "解决方案", "解决办法"]),
        ],
        Kind::Visits => vec![
            col("uid", &["id", "编号"]),
            col(
                "scheduled_at",
                &["拜访时间", "时间", "日期", "date", "when"],
            ),
            col("kind", &["方式", "类型", "拜访方式"]),
            col("purpose", &["目的", "拜访目的"]),
            col("status", &["状态"]),
            col("outcome", &["结果", "拜访结果"]),
            col("next_step", &["下一步", "后续"]),
            col("completed_at", &["完成时间"]),
            col("contact_uids", &[]),
            col("contacts", &["联系人", "拜访对象"]),
        ],
        Kind::Surveys => vec![
            col("uid", &["id", "编号"]),
            col("contact_uid", &[]),
            col("contact", &["联系人", "受访人", "respondent"]),
            col("taken_at", &["日期", "调查日期", "date"]),
            col("channel", &["渠道", "方式"]),
            col("product_quality", &["产品质量"]),
            col("service_quality", &["服务质量"]),
            col("delivery", &["交付", "交货", "交货及时"]),
            col("value", &["性价比", "价格", "value_for_money"]),
            col("communication", &["沟通"]),
            col("overall", &["总体", "总体满意度", "满意度"]),
            col("comment", &["意见", "评论", "备注"]),
        ],
    };
    match kind {
        Kind::Accounts => own,
        _ => ACCOUNT_REF.into_iter().chain(own).collect(),
    }
}

fn normalize_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_end_matches('*')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '　'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One problem of the file: where (row and column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (1 is the header).
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // said in the interface language
        f.write_str(&crate::strings::import_problem(
            self.row,
            &self.column,
            &self.message,
        ))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("{} problem(s); nothing was imported", .0.len())]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub encoding: &'static str,
}

enum Applied {
    Added,
    Updated,
}

/// One row: the values of the columns the file has, by column name.
struct Row<'a> {
    line: usize,
    values: HashMap<&'static str, &'a str>,
    /// The header each column had in the file, for messages.
    headers: &'a HashMap<&'static str, String>,
    problems: Vec<Problem>,
}

impl<'a> Row<'a> {
    fn problem(&mut self, column: &'static str, message: impl Into<String>) {
        if self.problems_in(column) {
            // one problem per cell is enough
            return;
        }
        let header = self
            .headers
            .get(column)
            .cloned()
            .unwrap_or_else(|| column.to_string());
        self.problems.push(Problem {
            row: self.line,
            column: header,
            message: message.into(),
        });
    }

    fn problems_in(&self, column: &str) -> bool {
        let header = self.headers.get(column).map_or(column, String::as_str);
        self.problems.iter().any(|p| p.column == header)
    }

    fn has(&self, column: &str) -> bool {
        self.values.contains_key(column)
    }

    /// The trimmed value, `None` when the column is missing or empty.
    fn get(&self, column: &str) -> Option<&'a str> {
        self.values
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The value as typed (multi-line text keeps its newlines).
    fn text(&self, column: &str) -> Option<String> {
        self.values
            .get(column)
            .map(|v| v.trim().replace("\r\n", "\n"))
    }

    /// Parses a present, non-empty value; a problem otherwise reported.
    fn parse<T>(
        &mut self,
        column: &'static str,
        f: impl Fn(&str) -> Result<T, String>,
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

    fn require(&mut self, column: &'static str) -> Option<&'a str> {
        let v = self.get(column);
        if v.is_none() {
            self.problem(column, "is required");
        }
        v
    }
}

/// A word of an enumeration: its stored word, its English label or its
/// Chinese label, any case.
fn word<T: FromStr + Label + Copy>(all: &[T], zh: &[&str]) -> impl Fn(&str) -> Result<T, String> {
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
            .ok_or_else(|| {
                let words: Vec<&str> = all.iter().map(|t| t.label()).collect();
                format!("'{v}' is not one of: {}", words.join(", "))
            })
    }
}

/// Chinese words for departments, as spreadsheets write them.
fn department(v: &str) -> Result<Department, String> {
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

fn seniority(v: &str) -> Result<Seniority, String> {
    match v.trim() {
        "高层" | "总监" | "高管" => Ok(Seniority::Executive),
        "经理" | "中层" | "主管" => Ok(Seniority::Manager),
        "员工" | "基层" | "职员" => Ok(Seniority::Staff),
        _ => word(Seniority::ALL, &[])(v),
    }
}

fn tier(v: &str) -> Result<Tier, String> {
    word(Tier::ALL, &["关键客户", "重点客户", "一般客户"])(v).or_else(|e| match v.trim() {
        "关键" | "大客户" | "A" | "a" => Ok(Tier::Key),
        "重点" | "B" | "b" => Ok(Tier::Important),
        "一般" | "C" | "c" => Ok(Tier::General),
        _ => Err(e),
    })
}

fn boolean(v: &str) -> Result<bool, String> {
    match v.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "x" | "是" | "已离职" | "离职" => Ok(true),
        "0" | "false" | "no" | "n" | "否" | "在职" => Ok(false),
        _ => Err(format!("'{v}' is not yes or no")),
    }
}

fn whole(min: i64, max: i64) -> impl Fn(&str) -> Result<i64, String> {
    move |v: &str| match v.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("'{v}' is not a whole number from {min} to {max}")),
    }
}

fn score(v: &str) -> Result<u8, String> {
    whole(1, 5)(v).map(|n| n as u8)
}

fn money(allow_negative: bool) -> impl Fn(&str) -> Result<i64, String> {
    move |v: &str| parse_money(v, allow_negative).map_err(|e| crate::strings::money_error(&e))
}

fn date(today: NaiveDate) -> impl Fn(&str) -> Result<NaiveDate, String> {
    move |v: &str| parse_date(v, today, Prefer::Past).map_err(|e| crate::strings::date_error(&e))
}

fn date_time(today: NaiveDate, prefer: Prefer) -> impl Fn(&str) -> Result<NaiveDateTime, String> {
    move |v: &str| {
        parse_date_time(v, today, prefer)
            .map(|(d, t)| d.and_time(t.unwrap_or(NaiveTime::MIN)))
            .map_err(|e| crate::strings::date_error(&e))
    }
}

/// The column of each header (`None`: ignored), and the header each
/// column had in the file.
type HeaderMap = (Vec<Option<&'static str>>, HashMap<&'static str, String>);

/// Maps the header row to columns; unknown and repeated headers are
/// problems, as is a missing required column.
fn map_headers(kind: Kind, headers: &[String]) -> Result<HeaderMap, Vec<Problem>> {
    let cols = columns(kind);
    let mut problems = Vec::new();
    let mut mapping = Vec::new();
    let mut names = HashMap::new();
    for h in headers {
        let n = normalize_header(h);
        if n.is_empty() {
            mapping.push(None);
            continue;
        }
        let found = cols.iter().find(|c| {
            normalize_header(c.name) == n || c.aliases.iter().any(|a| normalize_header(a) == n)
        });
        match found {
            Some(c) if names.contains_key(c.name) => {
                problems.push(Problem {
                    row: 1,
                    column: h.clone(),
                    message: format!("a second '{}' column", c.name),
                });
                mapping.push(None);
            }
            Some(c) => {
                names.insert(c.name, h.clone());
                mapping.push(Some(c.name));
            }
            None => {
                let known: Vec<&str> = cols.iter().map(|c| c.name).collect();
                problems.push(Problem {
                    row: 1,
                    column: h.clone(),
                    message: format!("unknown column (kam reads: {})", known.join(", ")),
                });
                mapping.push(None);
            }
        }
    }
    let required: &[&str] = match kind {
        Kind::Accounts => &["name"],
        Kind::Contacts => &["name"],
        Kind::Complaints => &["opened_at", "summary"],
        Kind::Visits => &["scheduled_at"],
        Kind::Surveys => &["taken_at", "overall"],
    };
    for r in required {
        if !names.contains_key(r) {
            problems.push(Problem {
                row: 1,
                column: r.to_string(),
                message: "this column is required and missing".into(),
            });
        }
    }
    if kind != Kind::Accounts
        && !names.contains_key("account_uid")
        && !names.contains_key("account")
    {
        problems.push(Problem {
            row: 1,
            column: "account".into(),
            message: "an 'account' (name) or 'account_uid' column is required".into(),
        });
    }
    if problems.is_empty() {
        Ok((mapping, names))
    } else {
        Err(problems)
    }
}

/// Imports a CSV file of `kind` into the store. With `dry_run`, every
/// check runs and the counts are reported, but nothing is written.
pub fn import_csv(
    store: &mut Store,
    kind: Kind,
    bytes: &[u8],
    clock: &Clock,
    dry_run: bool,
    mut progress: impl FnMut(usize),
) -> Result<Outcome, ImportError> {
    let table: Table = table::read(bytes)?;
    let (mapping, headers) = map_headers(kind, &table.headers).map_err(ImportError::Problems)?;
    store.set_cache_mib(64)?;
    let mut outcome = Outcome {
        rows: table.rows.len(),
        added: 0,
        updated: 0,
        encoding: table.encoding,
    };
    let mut problems = Vec::new();
    let result = store.transaction(|tx| {
        for (n, (line, cells)) in table.rows.iter().enumerate() {
            if n > 0 && n % 10_000 == 0 {
                progress(n);
            }
            let mut values = HashMap::new();
            for (i, cell) in cells.iter().enumerate() {
                if let Some(Some(name)) = mapping.get(i) {
                    values.insert(*name, cell.as_str());
                }
            }
            if cells.len() > mapping.len()
                && cells[mapping.len()..].iter().any(|c| !c.trim().is_empty())
            {
                problems.push(Problem {
                    row: *line,
                    column: String::new(),
                    message: format!(
                        "{} cells, but the header has {} columns",
                        cells.len(),
                        mapping.len()
                    ),
                });
                continue;
            }
            let mut row = Row {
                line: *line,
                values,
                headers: &headers,
                problems: Vec::new(),
            };
            let applied = match kind {
                Kind::Accounts => account(tx, &mut row, clock),
                Kind::Contacts => contact(tx, &mut row, clock),
                Kind::Complaints => complaint(tx, &mut row, clock),
                Kind::Visits => visit(tx, &mut row, clock),
                Kind::Surveys => survey(tx, &mut row, clock),
            };
            match applied {
                Ok(Some(Applied::Added)) => outcome.added += 1,
                Ok(Some(Applied::Updated)) => outcome.updated += 1,
                Ok(None) => {}
                // a rule of the database: name the row
                Err(StoreError::Rejected(m)) => row.problems.push(Problem {
                    row: *line,
                    column: String::new(),
                    message: m,
                }),
                Err(e) => return Err(e),
            }
            problems.extend(row.problems);
        }
        if !problems.is_empty() || dry_run {
            // undo everything: all or nothing
            return Err(StoreError::Rejected(String::new()));
        }
        Ok(())
    });
    match result {
        Ok(()) => Ok(outcome),
        Err(_) if !problems.is_empty() => Err(ImportError::Problems(problems)),
        Err(StoreError::Rejected(m)) if m.is_empty() && dry_run => Ok(outcome),
        Err(e) => Err(e.into()),
    }
}

/// Field errors of a domain input as problems of the row (the field names
/// are the column names).
fn field_problems(row: &mut Row<'_>, errors: Vec<FieldError>) {
    for e in errors {
        row.problem(e.field, e.message);
    }
}

/// The account a row refers to, by `account_uid` or exact `account` name.
fn account_ref(conn: &Connection, row: &mut Row<'_>) -> Result<Option<i64>, StoreError> {
    if let Some(uid) = row.get("account_uid") {
        return match db::account_by_uid(conn, uid)? {
            Some(id) => Ok(Some(id)),
            None => {
                row.problem("account_uid", format!("no account has the uid {uid}"));
                Ok(None)
            }
        };
    }
    match row.get("account") {
        Some(name) => match db::account_by_name(conn, name)? {
            Some(id) => Ok(Some(id)),
            None => {
                row.problem(
                    "account",
                    format!("no account is named '{name}' — import accounts first"),
                );
                Ok(None)
            }
        },
        None => {
            row.problem("account", "name the account (account or account_uid)");
            Ok(None)
        }
    }
}

/// The contact a row names by `contact_uid` (preferred) or `contact`
/// name, which must belong to `account_id`.
fn row_contact(
    conn: &Connection,
    row: &mut Row<'_>,
    account_id: i64,
) -> Result<Option<i64>, StoreError> {
    if let Some(uid) = row.get("contact_uid") {
        return match db::contact_by_uid(conn, uid)? {
            Some((id, acc)) if acc == account_id => Ok(Some(id)),
            Some(_) => {
                row.problem("contact_uid", "this contact belongs to another account");
                Ok(None)
            }
            None => {
                row.problem("contact_uid", format!("no contact has the uid {uid}"));
                Ok(None)
            }
        };
    }
    match row.get("contact") {
        Some(name) => contact_ref(conn, row, "contact", account_id, name),
        None => Ok(None),
    }
}

/// A contact of `account_id` by name, or a problem.
fn contact_ref(
    conn: &Connection,
    row: &mut Row<'_>,
    column: &'static str,
    account_id: i64,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    let id = db::contact_by_name(conn, account_id, name)?;
    if id.is_none() {
        row.problem(column, format!("no contact named '{name}' at this account"));
    }
    Ok(id)
}

fn uid_of(row: &mut Row<'_>) -> Option<String> {
    let uid = row.get("uid")?.to_string();
    if uid.chars().count() > 64 || uid.chars().any(text::is_hostile) {
        row.problem("uid", "is not a valid uid (at most 64 plain characters)");
        return None;
    }
    Some(uid)
}

fn account(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let name = row.require("name").map(str::to_string);
    let existing = match (&uid, &name) {
        (Some(uid), _) => db::account_by_uid(conn, uid)?,
        (None, Some(name)) => db::account_by_name(conn, name)?,
        _ => None,
    };
    let tier_given = row.parse("tier", tier);
    let mut a = match existing {
        Some(id) => db::account_input(conn, id)?,
        None => AccountInput::new("", tier_given.unwrap_or(Tier::General)),
    };
    if let Some(n) = &name {
        a.name = n.clone();
    }
    if let Some(t) = tier_given {
        a.tier = t;
        if existing.is_none() {
            // a new account takes its tier's cadence unless the file says otherwise
            a.visit_cadence_days = t.default_cadence_days();
        }
    }
    if let Some(l) = row.parse("relationship_level", |v| {
        v.parse::<RelationshipLevel>().map_err(|e| e.to_string())
    }) {
        a.relationship_level = l;
    }
    for (col, field) in [
        ("industry", &mut a.industry),
        ("region", &mut a.region),
        ("owner", &mut a.owner),
        ("backup_owner", &mut a.backup_owner),
        ("notes", &mut a.notes),
    ] {
        if let Some(v) = row.text(col) {
            *field = v;
        }
    }
    if let Some(m) = row.parse("annual_revenue", money(false)) {
        a.annual_revenue = m;
    }
    if let Some(m) = row.parse("annual_profit", money(true)) {
        a.annual_profit = m;
    }
    if let Some(d) = row.parse("visit_cadence_days", whole(1, 730)) {
        a.visit_cadence_days = d as u32;
    }
    if let Some(s) = row.parse("status", word(AccountStatus::ALL, &[])) {
        a.status = s;
    }
    if row.has("lost_reason") {
        a.lost_reason = row.parse("lost_reason", word(LostReason::ALL, &[]));
    }
    if row.has("defection") {
        a.defection = row.parse("defection", word(Defection::ALL, &[]));
    }
    let a = match a.normalized() {
        Ok(a) => a,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    // archived when the file gives a time; present but empty brings it back
    let archived = if row.has("archived_at") {
        Some(row.get("archived_at").is_some())
    } else {
        None
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let (id, applied) = match existing {
        Some(id) => {
            db::update_account(conn, id, &a, clock)?;
            (id, Applied::Updated)
        }
        None => {
            let id = crate::store::accounts::insert(conn, &uid.unwrap_or_else(new_uid), &a, clock)?;
            (id, Applied::Added)
        }
    };
    if let Some(archived) = archived {
        crate::store::accounts::set_archived(conn, id, archived, clock)?;
    }
    Ok(Some(applied))
}

fn contact(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let name = row.require("name").map(str::to_string);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let existing = match (&uid, &name) {
        (Some(uid), _) => db::contact_by_uid(conn, uid)?.map(|(id, acc)| {
            if acc != account_id {
                row.problem("uid", "this contact belongs to another account");
            }
            id
        }),
        (None, Some(n)) => db::contact_by_name(conn, account_id, n)?,
        _ => None,
    };
    let mut c = match existing {
        Some(id) => db::contact_input(conn, id)?,
        None => ContactInput::new("", Department::Other, Seniority::Staff),
    };
    if let Some(n) = name {
        c.name = n;
    }
    for (col, field) in [
        ("title", &mut c.title),
        ("our_side", &mut c.our_side),
        ("phone", &mut c.phone),
        ("email", &mut c.email),
        ("notes", &mut c.notes),
    ] {
        if let Some(v) = row.text(col) {
            *field = v;
        }
    }
    if let Some(d) = row.parse("department", department) {
        c.department = d;
    }
    if let Some(s) = row.parse("seniority", seniority) {
        c.seniority = s;
    }
    if row.has("buying_role") {
        c.buying_role = row.parse("buying_role", word(BuyingRole::ALL, &[]));
    }
    if let Some(t) = row.parse("tie_strength", whole(1, 5)) {
        c.tie_strength = t as u8;
    }
    if row.has("birthday") {
        c.birthday = row.parse("birthday", date(clock.today()));
    }
    if let Some(l) = row.parse("left_company", boolean) {
        c.left_company = l;
    }
    let c = match c.normalized(clock.today()) {
        Ok(c) => c,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    match existing {
        Some(id) => {
            db::update_contact(conn, id, &c, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::contacts::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &c,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

fn complaint(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let today = clock.today();
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let opened_at = row.parse("opened_at", date_time(today, Prefer::Past));
    if row.get("opened_at").is_none() {
        row.problem("opened_at", "is required");
    }
    let summary = row.require("summary").unwrap_or("").to_string();
    let contact_id = row_contact(conn, row, account_id)?;
    let input = ComplaintInput {
        contact_id,
        opened_at: opened_at.unwrap_or(clock.now),
        category: row
            .parse("category", word(ComplaintCategory::ALL, &[]))
            .unwrap_or(ComplaintCategory::Other),
        severity: row
            .parse("severity", word(Severity::ALL, &[]))
            .unwrap_or(Severity::Medium),
        summary,
        details: row.text("details").unwrap_or_default(),
        forwarded_to: row.parse("forwarded_to", word(ForwardedTo::ALL, &[])),
    };
    let status = row
        .parse("status", word(ComplaintStatus::ALL, &[]))
        .unwrap_or(ComplaintStatus::Open);
    let resolved_at = row.parse("resolved_at", date_time(today, Prefer::Past));
    let resolution = row.text("resolution").unwrap_or_default();
    if resolved_at.is_some() && status.is_unresolved() {
        row.problem(
            "resolved_at",
            "an unresolved complaint has no resolution time",
        );
    }
    if let (Some(r), Some(o)) = (resolved_at, opened_at)
        && r < o
    {
        row.problem("resolved_at", "is before the complaint was opened");
    }
    let input = match input.normalized(clock.now) {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let resolved = resolved_at.map(|t| (t, resolution.as_str()));
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Complaints, uid)?.map(|(id, _)| id),
        None => db::complaint_by_key(conn, account_id, input.opened_at, &input.summary)?,
    };
    match existing {
        Some(id) => {
            db::update_complaint(conn, id, &input, status, resolved, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::complaints::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                status,
                resolved,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

fn visit(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let today = clock.today();
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let scheduled_at = row.parse("scheduled_at", date_time(today, Prefer::Future));
    if row.get("scheduled_at").is_none() {
        row.problem("scheduled_at", "is required");
    }
    let mut contact_ids = Vec::new();
    if let Some(uids) = row.get("contact_uids") {
        for uid in uids
            .split([';', ','])
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            match db::contact_by_uid(conn, uid)? {
                Some((id, acc)) if acc == account_id => contact_ids.push(id),
                _ => row.problem(
                    "contact_uids",
                    format!("no contact of this account has the uid {uid}"),
                ),
            }
        }
    } else if let Some(names) = row.get("contacts") {
        for name in names
            .split([';', ',', '、', '，', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if let Some(id) = contact_ref(conn, row, "contacts", account_id, name)? {
                contact_ids.push(id);
            }
        }
    }
    let status = row
        .parse("status", word(VisitStatus::ALL, &[]))
        .unwrap_or(VisitStatus::Planned);
    let input = VisitInput {
        scheduled_at: scheduled_at.unwrap_or(clock.now),
        kind: row
            .parse("kind", word(VisitKind::ALL, &[]))
            .unwrap_or(VisitKind::Visit),
        purpose: row.text("purpose").unwrap_or_default(),
        contact_ids,
    };
    let close = VisitClose {
        status,
        outcome: row.text("outcome").unwrap_or_default(),
        next_step: row.text("next_step").unwrap_or_default(),
    };
    let completed_at = row
        .parse("completed_at", date_time(today, Prefer::Past))
        .unwrap_or(input.scheduled_at);
    let input = match input.normalized() {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    let closed = if status == VisitStatus::Planned {
        None
    } else {
        match close.clone().normalized() {
            Ok(c) => Some(c),
            Err(errors) => {
                field_problems(row, errors);
                return Ok(None);
            }
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let closed = closed.as_ref().map(|c| (c, completed_at));
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Visits, uid)?.map(|(id, _)| id),
        None => db::visit_by_key(conn, account_id, input.scheduled_at)?,
    };
    match existing {
        Some(id) => {
            db::update_visit(conn, id, &input, closed, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::visits::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                closed,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

fn survey(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let taken_at = row.parse("taken_at", date(clock.today()));
    if row.get("taken_at").is_none() {
        row.problem("taken_at", "is required");
    }
    let contact_id = row_contact(conn, row, account_id)?;
    let mut scores = [None; 6];
    for (slot, d) in scores.iter_mut().zip(Dimension::ALL) {
        *slot = row.parse(d.column(), score);
    }
    if row.get("overall").is_none() {
        row.problem("overall", "is required");
    }
    let input = SurveyInput {
        contact_id,
        taken_at: taken_at.unwrap_or(clock.today()),
        channel: row
            .parse("channel", word(SurveyChannel::ALL, &[]))
            .unwrap_or(SurveyChannel::Other),
        scores,
        comment: row.text("comment").unwrap_or_default(),
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let input = match input.normalized(clock.today()) {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Surveys, uid)?.map(|(id, _)| id),
        None => db::survey_by_key(conn, account_id, input.taken_at, input.contact_id)?,
    };
    match existing {
        Some(id) => {
            db::update_survey(conn, id, &input, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::surveys::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}
