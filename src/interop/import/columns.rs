//! The columns kam reads for each kind of file, with their aliases, and
//! how a file's header row is matched to them.

use super::{Kind, Problem};
use crate::domain;
use std::collections::HashMap;

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
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
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
            col(
                "address",
                &["地址", "客户地址", "公司地址", "billingstreet", "street"],
            ),
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
            col(
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
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
            col(
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
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
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
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
            col(
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
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
        Kind::Commitments => vec![
            col("uid", &["id", "编号"]),
            col(
                "updated_at",
                &["更新时间", "修改时间", "lastmodified", "modified"],
            ),
            col("contact_uid", &[]),
            col("contact", &["联系人", "承诺对象", "对象", "to_whom"]),
            col("visit_uid", &[]),
            col("what", &["承诺", "承诺内容", "事项", "内容", "promise"]),
            col("due_on", &["截止日期", "到期日", "期限", "due", "due_date"]),
            col("done_at", &["兑现时间", "完成时间", "done", "kept_at"]),
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

/// The column of each header (`None`: ignored), and the header each
/// column had in the file.
pub(super) type HeaderMap = (Vec<Option<&'static str>>, HashMap<&'static str, String>);

/// Maps the header row to columns; unknown and repeated headers are
/// problems, as is a missing required column.
pub(super) fn map_headers(kind: Kind, headers: &[String]) -> Result<HeaderMap, Vec<Problem>> {
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
                problems.push(header_problem(
                    h,
                    c.name,
                    domain::Problem::SecondColumn { name: c.name },
                ));
                mapping.push(None);
            }
            Some(c) => {
                names.insert(c.name, h.clone());
                mapping.push(Some(c.name));
            }
            None => {
                let known = cols.iter().map(|c| c.name).collect();
                problems.push(header_problem(
                    h,
                    "",
                    domain::Problem::UnknownColumn { known },
                ));
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
        Kind::Commitments => &["what", "due_on"],
    };
    for r in required {
        if !names.contains_key(r) {
            problems.push(header_problem(r, r, domain::Problem::ColumnMissing));
        }
    }
    if kind != Kind::Accounts
        && !names.contains_key("account_uid")
        && !names.contains_key("account")
    {
        problems.push(header_problem(
            "account",
            "account",
            domain::Problem::AccountColumnMissing,
        ));
    }
    if problems.is_empty() {
        Ok((mapping, names))
    } else {
        Err(problems)
    }
}

/// A problem of the header (row 1) about `column`, the header of the
/// file, kam's column `field` ("" for none).
fn header_problem(column: &str, field: &'static str, problem: domain::Problem) -> Problem {
    Problem {
        row: 1,
        column: column.to_string(),
        field,
        problem,
    }
}
