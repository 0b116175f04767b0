//! What the command line says where clap, a file format or the operating
//! system would otherwise speak English: clap's own errors, the kinds
//! `kam import` reads, a column of an imported file, why a file is not a
//! portfolio or not a table kam reads, an unknown screen, why a file could
//! not be read. Both interface languages side by side, one function each
//! (like `strings_sync`).

use crate::interop::export::{ExportError, NotAPortfolio};
use crate::interop::table::TableError;
use crate::strings::{Lang, lang};

fn zh() -> bool {
    lang() == Lang::Zh
}

/// clap's error as one line, without its `error: ` (main adds `kam: ` and
/// where to look for help).
pub fn clap_error(e: &clap::Error) -> String {
    if zh() {
        zh_clap_error(e)
    } else {
        en_clap_error(e)
    }
}

/// A wrong command line's one line: what is wrong and where to look.
pub fn wrong_command_line(e: &clap::Error) -> String {
    if zh() {
        format!("{}（见 kam --help）", clap_error(e))
    } else {
        format!("{} (see kam --help)", clap_error(e))
    }
}

/// clap's English message, its lines folded into one: the list of missing
/// arguments and the tip stay, the usage and "For more information" go.
fn en_clap_error(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("Usage:") || line.starts_with("For more information")
        {
            continue;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        match parts.last_mut() {
            // an indented continuation (the missing arguments) or a tip
            Some(last) if last.ends_with(':') => {
                last.push(' ');
                last.push_str(line);
            }
            // the list of subcommands or values, in brackets
            Some(last) if line.starts_with('[') => {
                last.push(' ');
                last.push_str(line);
            }
            Some(last) if !line.starts_with("tip:") => {
                last.push_str(", ");
                last.push_str(line);
            }
            _ => parts.push(line.to_string()),
        }
    }
    match parts.len() {
        0 => "invalid arguments".to_string(),
        _ => parts.join("; "),
    }
}

fn zh_clap_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let one = |kind| match e.get(kind) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let many = |kind| match e.get(kind) {
        Some(V::Strings(v)) => v.clone(),
        Some(V::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = one(C::InvalidArg).map(|a| zh_arg(&a)).unwrap_or_default();
    let value = one(C::InvalidValue).unwrap_or_default();
    let suggestion = |kind| match many(kind).as_slice() {
        [] => String::new(),
        [one] => format!("（是不是想用 {one}？）"),
        more => format!("（是不是想用 {}？）", more.join("、")),
    };
    match e.kind() {
        K::UnknownArgument => format!(
            "不认识的参数“{arg}”{}",
            suggestion(C::SuggestedArg) + &suggestion(C::SuggestedSubcommand)
        ),
        K::InvalidSubcommand => format!(
            "没有“{}”这个命令{}",
            one(C::InvalidSubcommand).unwrap_or_default(),
            suggestion(C::SuggestedSubcommand)
        ),
        K::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        K::InvalidValue => {
            let valid = many(C::ValidValue);
            if valid.is_empty() {
                format!("“{value}”不是 {arg} 可用的值")
            } else {
                format!("“{value}”不是 {arg} 可用的值（可选：{}）", valid.join("、"))
            }
        }
        K::ValueValidation => {
            let source = std::error::Error::source(e);
            let why = match source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
                Some(p) => {
                    use std::num::IntErrorKind as I;
                    match p.kind() {
                        I::PosOverflow => "：数字太大".to_string(),
                        I::NegOverflow => "：数字太小".to_string(),
                        I::Empty => "：请填一个数".to_string(),
                        _ => "：须为不带小数的正整数".to_string(),
                    }
                }
                // clap's range check: `99999999 is not in 0..=65535`
                None => source
                    .map(|s| s.to_string())
                    .and_then(|s| {
                        let range = s.split(" is not in ").nth(1)?;
                        let (low, high) = range.split_once("..=")?;
                        Some(format!("：须在 {low} 到 {high} 之间"))
                    })
                    .unwrap_or_default(),
            };
            format!("“{value}”不是 {arg} 可用的值{why}")
        }
        K::MissingRequiredArgument => {
            let missing: Vec<String> = many(C::InvalidArg).iter().map(|a| zh_arg(a)).collect();
            format!("缺少必需的参数：{}", missing.join(" "))
        }
        K::MissingSubcommand => {
            let subs = many(C::ValidSubcommand);
            format!(
                "“{}”后面需要一个子命令：{}",
                one(C::InvalidSubcommand).unwrap_or_default(),
                subs.join("、")
            )
        }
        K::TooManyValues => format!("多余的值“{value}”：{arg} 不再需要更多的值"),
        K::TooFewValues | K::WrongNumberOfValues => format!("{arg} 的值的个数不对"),
        K::ArgumentConflict => {
            let prior = many(C::PriorArg);
            match prior.first() {
                Some(p) if zh_arg(p) == arg => format!("参数“{arg}”只能用一次"),
                Some(_) => format!(
                    "参数“{arg}”不能与“{}”一起使用",
                    prior
                        .iter()
                        .map(|p| zh_arg(p))
                        .collect::<Vec<_>>()
                        .join("”、“")
                ),
                None => format!("参数“{arg}”不能与其他参数一起使用"),
            }
        }
        K::NoEquals => format!("给 {arg} 赋值时需要等号（{arg}=值）"),
        K::InvalidUtf8 => "命令行里有不是 UTF-8 的文字".to_string(),
        _ => "命令行有误".to_string(),
    }
}

/// An argument as clap names it in an error (`--width <COLUMNS>`,
/// `<KIND>`), with the placeholder in Chinese as the Chinese help writes it.
fn zh_arg(arg: &str) -> String {
    let mut out = arg.to_string();
    for (en, zh) in VALUE_NAMES {
        out = out.replace(&format!("<{en}>"), &format!("<{zh}>"));
    }
    out
}

/// The placeholders of the command line's values, in Chinese.
pub const VALUE_NAMES: &[(&str, &str)] = &[
    ("PATH", "路径"),
    ("N", "数量"),
    ("COLUMNS", "列数"),
    ("ROWS", "行数"),
    ("KIND", "种类"),
    ("FILE", "文件"),
    ("DIR", "文件夹"),
    ("NAME", "名字"),
    ("ID", "编号"),
    ("ACCOUNT", "客户"),
    ("DATE", "日期"),
    ("SCREEN", "屏幕"),
    ("COMMAND", "命令"),
];

/// A message about a file or a flag: `FILE: message`, with the colon of
/// the language.
pub fn of_file(file: &str, message: &str) -> String {
    if zh() {
        format!("{file}：{message}")
    } else {
        format!("{file}: {message}")
    }
}

/// `--lang` given something other than zh or en.
pub fn bad_lang(value: &str) -> String {
    if zh() {
        format!("--lang “{value}”：请选 zh（中文）或 en（英文）")
    } else {
        format!("--lang '{value}': choose zh or en")
    }
}

/// `kam import KIND` with a kind kam does not read.
pub fn not_a_kind(value: &str) -> String {
    if zh() {
        format!(
            "kam 不导入“{value}”——请用 accounts（客户）、contacts（联系人）、complaints（投诉）、visits（拜访）、surveys（满意度调查）或 json（整个客户组合）"
        )
    } else {
        format!(
            "'{value}' is not something kam imports — use accounts, contacts, complaints, visits, surveys or json"
        )
    }
}

/// A column of an imported file, as a message names it: the header the
/// file gave it (`header`) and, in Chinese, the field's Chinese name in
/// front of an English header (`结果（outcome）`).
pub fn import_column(header: &str, field: &str) -> String {
    let has_cjk = header.chars().any(|c| c > '\u{2E7F}');
    if !zh() || has_cjk || header.is_empty() {
        return header.to_string();
    }
    match column_label(field) {
        Some(label) if label != header => format!("{label}（{header}）"),
        Some(_) => header.to_string(),
        // a header kam does not read: the file's own word, quoted
        None => format!("“{header}”"),
    }
}

/// A column of the files kam imports by its name in the interface.
fn column_label(field: &str) -> Option<String> {
    let t = crate::strings::s();
    if let Some(label) = crate::strings::field_label(field) {
        return Some(label.to_string());
    }
    let label = match field {
        "uid" => t.f_uid.to_string(),
        "updated_at" => t.f_updated.to_string(),
        "account" => t.f_account.to_string(),
        "contact" => t.f_contact.to_string(),
        "contacts" => t.f_contacts.to_string(),
        "account_uid" => format!("{}{}", t.f_account, t.f_uid),
        "contact_uid" | "contact_uids" => format!("{}{}", t.f_contact, t.f_uid),
        _ => return None,
    };
    Some(label)
}

/// Why a file could not be read as a table.
pub fn table_error(e: &TableError) -> String {
    if !zh() {
        return e.to_string();
    }
    match e {
        TableError::Empty => "文件是空的——需要一行表头和至少一行数据".to_string(),
        TableError::Binary => {
            "这不是文本文件（看起来是二进制文件）——请把表格另存为 CSV".to_string()
        }
        TableError::Encoding => {
            "文字既不是 UTF-8 也不是 GBK 编码——请把表格另存为“CSV UTF-8”".to_string()
        }
        TableError::Csv { row, message } => {
            format!("第 {row} 行：无法读取（{}）", csv_reason(message))
        }
    }
}

/// The CSV reader's reason, in Chinese where it is one kam knows.
fn csv_reason(message: &str) -> String {
    if message.contains("quote") {
        "引号没有成对".to_string()
    } else if message.contains("UTF-8") || message.contains("utf-8") {
        "不是 UTF-8 文字".to_string()
    } else {
        format!("CSV 格式有误：{message}")
    }
}

/// Why an export, or the import of a portfolio, did not happen (the cases
/// `main` does not word itself).
pub fn export_error(e: &ExportError) -> String {
    if !zh() {
        return e.to_string();
    }
    match e {
        ExportError::Format(why) => format!("不是 kam 的客户组合文件：{}", not_a_portfolio(why)),
        ExportError::NotEmpty => {
            "数据库不是空的——请把客户组合导入一个新文件（--db 新文件.sqlite3）".to_string()
        }
        ExportError::NoAccount(id) => format!("没有编号为 {id} 的客户"),
        ExportError::Store(e) => crate::strings::store_error(e),
        ExportError::Target(e) => crate::strings::file_error(e),
        ExportError::Stream(e) => format!("标准输出：{}", io_reason(e)),
        ExportError::Write(e) => io_reason(e),
    }
}

fn not_a_portfolio(why: &NotAPortfolio) -> String {
    match why {
        NotAPortfolio::Json(e) => {
            use serde_json::error::Category;
            let what = match e.classify() {
                Category::Eof => "内容不完整（文件提前结束）",
                Category::Syntax => "不是有效的 JSON",
                Category::Data => "JSON 的内容不对",
                Category::Io => "无法读取",
            };
            format!("{what}（第 {} 行第 {} 列）", e.line(), e.column())
        }
        NotAPortfolio::Format => format!("“format”字段不是“{}”", crate::interop::export::FORMAT),
        NotAPortfolio::Version(v) => format!(
            "版本 {v}；这个 kam 读取版本 {}",
            crate::interop::export::VERSION
        ),
        NotAPortfolio::NoTables => "没有“tables”".to_string(),
    }
}

/// An error of the operating system, in words: the kinds a user meets
/// said in Chinese, the system's own message otherwise.
pub fn io_reason(e: &std::io::Error) -> String {
    if !zh() {
        return e.to_string();
    }
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已存在",
        K::IsADirectory => "这是一个文件夹",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出了磁盘配额",
        K::FileTooLarge => "文件太大",
        K::InvalidFilename => "文件名无效",
        K::InvalidData => "内容无效",
        K::UnexpectedEof => "文件提前结束",
        K::Interrupted => "被中断",
        K::BrokenPipe => "管道已关闭",
        K::WouldBlock | K::TimedOut => "超时",
        K::Unsupported => "不支持这项操作",
        K::OutOfMemory => "内存不足",
        K::ResourceBusy | K::ExecutableFileBusy => "文件正忙",
        K::CrossesDevices => "不能跨设备移动",
        K::TooManyLinks => "链接太多",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("系统错误 {code}"),
                None => "输入输出错误".to_string(),
            };
        }
    };
    said.to_string()
}

/// What opening the database had to tell.
pub fn notice(n: &crate::store::files::Notice) -> String {
    use crate::store::files::Notice;
    if !zh() {
        return n.to_string();
    }
    match n {
        Notice::MadePrivate(path) => format!(
            "{}：其他用户原本可以读取这个数据库；现在只有你能读取",
            path.display()
        ),
        Notice::OthersCanRead(path) => format!(
            "{}：其他用户可以读取这个数据库，而 kam 无权更改",
            path.display()
        ),
    }
}

/// SQLite's reason for a failure, in Chinese where it is one of its
/// common ones; otherwise its own words, marked as such.
pub fn sqlite_reason(why: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("database disk image is malformed", "文件内部结构有错误"),
        ("file is not a database", "不是数据库文件"),
        ("database is locked", "数据库被另一个程序锁定"),
        ("database table is locked", "数据表被锁定"),
        ("disk I/O error", "磁盘读写出错"),
        ("attempt to write a readonly database", "数据库是只读的"),
        ("unable to open database file", "无法打开数据库文件"),
        ("database or disk is full", "数据库或磁盘已满"),
        ("out of memory", "内存不足"),
        ("interrupted", "操作被中断"),
        ("constraint failed", "违反了数据库的约束"),
        ("not authorized", "不允许这项操作"),
    ];
    match KNOWN.iter().find(|(en, _)| why.contains(en)) {
        Some((_, zh)) => zh.to_string(),
        None => format!("SQLite 原文：{why}"),
    }
}

/// `kam snapshot --screen` with a screen that does not exist.
pub fn unknown_screen(name: &str) -> String {
    if zh() {
        format!(
            "没有“{name}”这个屏幕——可选：today（今日）、accounts（客户）、complaints（投诉）、visits（拜访）、surveys（满意度调查）、account:编号（一个客户）、survey:编号（一个客户的满意度调查表）"
        )
    } else {
        format!(
            "unknown screen '{name}' — choose one of: today, accounts, complaints, visits, surveys, account:ID, survey:ID (the survey form of an account)"
        )
    }
}

/// `kam snapshot --screen account:KEY` with no such account.
pub fn no_account_to_show(key: &str) -> String {
    if zh() {
        format!(
            "没有编号或唯一编号为“{key}”的客户——`kam snapshot --screen accounts` 会列出所有客户"
        )
    } else {
        format!("no account with id or uid '{key}' — `kam snapshot --screen accounts` lists them")
    }
}

/// `kam settings`' column headings.
pub fn settings_heading_key() -> &'static str {
    if zh() { "设置" } else { "setting" }
}

pub fn settings_heading_value() -> &'static str {
    if zh() { "当前" } else { "value" }
}

pub fn settings_heading_default() -> &'static str {
    if zh() { "默认" } else { "default" }
}

pub fn settings_heading_meaning() -> &'static str {
    if zh() {
        "含义（取值范围；* 为已修改）"
    } else {
        "meaning (range; * changed)"
    }
}

/// What a setting means, with the values it takes, in the interface
/// language.
pub fn setting_meaning(s: &crate::domain::settings::Setting) -> String {
    let (min, max) = (s.min, s.max);
    if zh() {
        format!("{}（{min}–{max}）", zh_meaning(s))
    } else {
        format!("{} ({min}–{max})", s.meaning)
    }
}

fn zh_meaning(s: &crate::domain::settings::Setting) -> &'static str {
    match s.key {
        "cadence_days.key" => "关键客户两次拜访之间的天数",
        "cadence_days.important" => "重要客户两次拜访之间的天数",
        "cadence_days.general" => "一般客户两次拜访之间的天数",
        "due_soon.percent" => "拜访周期的最后这一部分（%）内算“即将到期”",
        "due_soon.min_days" => "“即将到期”至少提前这么多天",
        "breadth.strong_tie" => "关系强度（1–5）达到这个值算牢固",
        "breadth.dormant_days" => "这么多天没有完成的拜访，关系算休眠",
        "breadth.broad_departments" => "算“广泛”需要覆盖的部门数",
        "breadth.broad_levels" => "算“广泛”需要覆盖的层级数",
        "breadth.broad_holders" => "算“广泛”需要我方维护关系的人数",
        "complaint_target_hours.critical" => "紧急投诉的响应时限（小时）",
        "complaint_target_hours.high" => "高严重度投诉的响应时限（小时）",
        "complaint_target_hours.medium" => "中严重度投诉的响应时限（小时）",
        "complaint_target_hours.low" => "低严重度投诉的响应时限（小时）",
        "complaint_target_percent.key" => "关键客户的时限为上述时限的这个百分比",
        "ui.language" => "界面语言：0 跟随系统区域设置，1 英文，2 中文",
        "ics.alarm_minutes" => "日历导出：计划中的拜访提前这么多分钟提醒（0 表示不提醒）",
        "ui.wan" => "中文界面中，一万及以上的金额用万、亿（1）或全写（0）",
        _ => s.meaning,
    }
}

/// What `kam settings set` changed.
pub fn setting_changed(key: &str, before: i64, now: i64) -> String {
    if zh() {
        format!("{key}：{before} → {now}（kam undo 可撤销）")
    } else {
        format!("{key}: {before} → {now} (kam undo takes it back)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::with_lang;

    #[test]
    fn a_column_is_named_in_chinese_with_the_header_of_the_file() {
        with_lang(Lang::Zh, || {
            assert_eq!(import_column("outcome", "outcome"), "结果（outcome）");
            assert_eq!(import_column("结果", "outcome"), "结果");
            assert_eq!(import_column("foo", ""), "“foo”");
            assert_eq!(
                import_column("account_uid", "account_uid"),
                "客户唯一编号（account_uid）"
            );
        });
        assert_eq!(import_column("outcome", "outcome"), "outcome");
    }

    #[test]
    fn operating_system_errors_in_chinese() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        with_lang(Lang::Zh, || assert_eq!(io_reason(&e), "文件或文件夹不存在"));
        let e = std::io::Error::from_raw_os_error(2);
        with_lang(Lang::Zh, || assert_eq!(io_reason(&e), "文件或文件夹不存在"));
    }
}
