//! The command line: what `kam` accepts. Parsing only; `main` dispatches.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kam",
    version,
    about = "Key account manager for the terminal: keep key accounts from leaving",
    long_about = "Key account manager for the terminal. Without a command, opens the \
                  dashboard on your portfolio database (created on first run)."
)]
pub struct Cli {
    /// The database file (default: the platform data folder, e.g.
    /// ~/.local/share/kam/kam.sqlite3).
    #[arg(long, global = true, env = "KAM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open the dashboard on a freshly generated demo portfolio, in a
    /// separate file; your own database is not touched.
    #[arg(long)]
    pub demo: bool,

    /// Take this date as today everywhere (reproducible demos and tests).
    #[arg(long, global = true, env = "KAM_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// Interface language, zh or en (otherwise the `ui.language` setting,
    /// then the locale: LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, env = "KAM_LANG", value_name = "zh|en")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `kam settings set KEY VALUE`.
#[derive(Debug, Subcommand)]
pub enum SettingsChange {
    /// Change one setting: a whole number in its range.
    Set {
        #[arg(value_name = "KEY")]
        key: String,
        #[arg(value_name = "VALUE")]
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a deterministic demo (or benchmark) portfolio to a new file.
    Demo {
        /// Where to write it.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// How many accounts (5000 is the benchmark scale).
        #[arg(long, default_value_t = 40, value_name = "N")]
        accounts: u32,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The morning review as text (what the Today screen shows), or JSON.
    Today {
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 120, value_name = "COLUMNS")]
        width: u16,
    },
    /// The settings (visit cadences, complaint targets, breadth thresholds,
    /// the interface): each with its value and default; `set KEY VALUE`
    /// changes one (kam undo takes it back).
    Settings {
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        change: Option<SettingsChange>,
    },
    /// A shell's completions for kam, to load in its start-up file:
    /// `source <(kam completions bash)`.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// The manual page of kam (roff), for `man`: `kam man > kam.1`.
    Man,
    /// The pre-visit brief of one account: health and its reasons, who we
    /// know, what is open, the last visits and scores, promises, birthdays.
    Brief {
        /// The account: its name (or part of it, or its pinyin), id or uid.
        #[arg(value_name = "ACCOUNT")]
        account: String,
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Read a spreadsheet (CSV) of accounts, contacts, complaints, visits
    /// or surveys; or a whole portfolio exported as JSON, into an empty
    /// database. All or nothing.
    Import {
        /// accounts, contacts, complaints, visits, surveys, json, or vcard
        /// (contact cards of a phone, .vcf).
        kind: String,
        /// The file to read.
        file: PathBuf,
        /// Check everything and say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also replace rows changed here after the file's updated_at
        /// (otherwise they are kept and listed).
        #[arg(long)]
        overwrite: bool,
        /// Read it even if it is larger than 1 GB or not a plain file (a
        /// pipe or a device).
        #[arg(long)]
        force: bool,
        /// vcard: the account every card belongs to (otherwise each card's
        /// ORG names its account).
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
    },
    /// Copy the database to a file, consistently, even while kam runs;
    /// the copy is verified before it takes the file's place.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
        /// Replace the file if it exists (only by a complete, verified copy).
        #[arg(long)]
        force: bool,
    },
    /// Check the database: integrity and references. Exit 0 only when healthy.
    Check,
    /// Undo the latest change made on this computer that is not undone yet
    /// (the dashboard's z); with --list, show what can be undone.
    Undo {
        /// List the latest changes and whether each is undone; change nothing.
        #[arg(long)]
        list: bool,
    },
    /// Sync with a folder other laptops reach (a share, a synced folder, a
    /// USB stick): write this laptop's changes there, apply theirs. On an
    /// empty database, joins the portfolio the folder holds.
    Sync {
        /// The shared folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// This laptop's name as the others see it (default: its hostname).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Hand a colleague's accounts over to a successor: the accounts they
    /// own, the ones they back up and the ties they hold on our side, as
    /// one change (kam undo takes it back); then list the key accounts that
    /// now rest on one person on our side.
    Handover {
        /// The colleague handing over, as the file names them (Latin
        /// letters in any case).
        #[arg(long, value_name = "NAME")]
        from: String,
        /// The colleague taking over.
        #[arg(long, value_name = "NAME")]
        to: String,
        /// Only this account (an id or a uid; repeat for more), whoever owns
        /// it; without it, every account the colleague owns.
        #[arg(long = "account", value_name = "ID")]
        accounts: Vec<String>,
    },
    /// The change journal: who changed what, when, field by field.
    Log {
        /// Only changes of this account (an id or a uid).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only changes on or after this day (any date kam understands).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write part of the portfolio to a file others can use.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Print one screen as plain text, without a terminal.
    Snapshot {
        /// today, accounts, complaints, visits, surveys, account:ID,
        /// account:ID:SECTION (overview, brief, contacts, complaints,
        /// visits, promises, surveys, history) or survey:ID (ID: an
        /// account's id or uid); visit:ID, complaint:ID or response:ID (a
        /// survey response) show that record in full.
        #[arg(long, default_value = "today", value_name = "SCREEN")]
        screen: String,
        #[arg(long, default_value_t = 120, value_name = "COLUMNS")]
        width: u16,
        #[arg(long, default_value_t = 40, value_name = "ROWS")]
        height: u16,
    },
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// One CSV file per table (UTF-8 with BOM for Excel), readable by kam import.
    Csv {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Replace the files if they exist (each only by its complete new file).
        #[arg(long)]
        force: bool,
    },
    /// The whole portfolio as one JSON document (kam import json reads it).
    Json {
        /// The file to write, or - for standard output.
        file: PathBuf,
        /// Only the accounts this colleague owns, with their contacts,
        /// complaints, visits and surveys (and the settings).
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Replace the file if it exists (only by the complete new file).
        #[arg(long)]
        force: bool,
    },
    /// Contacts as vCard 3.0 for phones.
    Vcard {
        /// The .vcf file to write, or - for standard output.
        file: PathBuf,
        /// Only this account's contacts (an id or a uid).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Replace the file if it exists (only by the complete new file).
        #[arg(long)]
        force: bool,
    },
    /// Visits as an iCalendar file (phone and desktop calendars): cancelled
    /// and missed ones as cancelled, so that the phone takes them off.
    Ics {
        /// The .ics file to write, or - for standard output.
        file: PathBuf,
        /// First day (any date kam understands: 2026-12-01, today, mon …).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, included.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Replace the file if it exists (only by the complete new file).
        #[arg(long)]
        force: bool,
    },
}

/// The command line's help in Chinese: clap's own headings and every
/// command's and option's description, over the same definitions.
pub fn in_chinese(cmd: clap::Command) -> clap::Command {
    const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";
    let options = |cmd: clap::Command, helps: &[(&str, &str)]| -> clap::Command {
        let mut cmd = cmd
            .help_template(TEMPLATE)
            .subcommand_help_heading("命令")
            .next_help_heading("选项")
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助")
                    .help_heading("选项"),
            );
        for (id, help) in helps {
            let (id, help) = (id.to_string(), help.to_string());
            cmd = cmd.mut_arg(id, move |a| a.help(help).help_heading("选项"));
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        let positionals: Vec<String> = cmd
            .get_positionals()
            .map(|a| a.get_id().to_string())
            .collect();
        for id in ids {
            let place = positionals.iter().position(|p| *p == id);
            cmd = cmd.mut_arg(id, move |a| chinese_arg(a, place));
        }
        cmd
    };
    let cmd = options(
        cmd.about("终端里的关键客户管理：不让任何关键客户因疏忽而流失")
            .override_usage("kam [选项] [命令]")
            .long_about(
                "终端里的关键客户管理。不带命令时，在你的数据库上打开仪表盘（第一次运行时创建）。",
            ),
        &[
            (
                "db",
                "数据库文件（默认：系统数据目录，如 ~/.local/share/kam/kam.sqlite3）",
            ),
            (
                "demo",
                "在新生成的演示数据上打开仪表盘（单独的文件，不碰你的数据库）",
            ),
            ("today", "把这一天当作今天（可重现的演示和测试）"),
            (
                "lang",
                "界面语言：zh 或 en（否则依次看 ui.language 设置和系统区域设置）",
            ),
        ],
    )
    .disable_version_flag(true)
    .arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help("显示版本")
            .help_heading("选项"),
    );
    let sub = |about: &'static str, helps: &'static [(&str, &str)]| {
        move |c: clap::Command| options(c.about(about).long_about(None), helps)
    };
    let cmd = cmd.mut_subcommand(
        "demo",
        sub("把确定性的演示（或性能基准）客户组合写入新文件",
            &[
                ("out", "写到哪里"),
                ("accounts", "客户数（5000 为性能基准规模）"),
                ("force", "文件已存在时覆盖"),
            ],
        ),
    )
    .mut_subcommand(
        "today",
        sub("今日回顾的文本（与“今日”屏幕相同），或 JSON",
            &[("json", "输出供脚本使用的 JSON"), ("width", "文本宽度（列）")],
        ),
    )
    .mut_subcommand(
        "import",
        sub("导入客户、联系人、投诉、拜访或调查的表格（CSV），或整个组合的 JSON（导入空数据库）；全部成功或全部不写入",
            &[
                ("kind", "accounts、contacts、complaints、visits、surveys、json 或 vcard（手机名片 .vcf）"),
                ("file", "要读取的文件"),
                ("dry_run", "检查一切并说明会有哪些变化，不写入任何内容"),
                ("overwrite", "在文件的 updated_at 之后本地又修改过的行也覆盖（否则保留并列出）"),
                ("force", "文件超过 1 GB 或不是普通文件（管道、设备）时也读取"),
                ("account", "vcard：所有名片都属于这个客户（否则按每张名片的 ORG 找客户）"),
            ],
        ),
    )
    .mut_subcommand(
        "backup",
        sub("把数据库一致地复制到一个文件，kam 运行时也可以；副本校验通过后才替换目标文件",
            &[("file", "备份写到哪里"), ("force", "文件已存在时覆盖（只用完整且校验通过的副本）")],
        ),
    )
    .mut_subcommand("check", sub("检查数据库的完整性和引用；健康时退出码为 0", &[]))
    .mut_subcommand(
        "undo",
        sub("撤销本机最近一次尚未撤销的修改（即仪表盘里的 z）；加 --list 只列出可撤销的修改",
            &[("list", "列出最近的修改及是否已撤销，不做任何修改")],
        ),
    )
    .mut_subcommand(
        "sync",
        sub("与其他电脑都能访问的文件夹（共享盘、同步文件夹、U 盘）同步：写出本机的修改，应用其他电脑的修改；对空数据库运行即加入该文件夹中的客户组合",
            &[("dir", "共享文件夹"), ("name", "其他电脑看到的本机名称（默认：主机名）")],
        ),
    )
    .mut_subcommand(
        "handover",
        sub("把一位同事的客户交接给接手人：其名下的客户、担任后备的客户和我方维护的关系，作为一次修改（kam undo 可撤销）；然后列出现在只靠我方一个人维系的关键客户",
            &[
                ("from", "交出客户的同事，按文件里的写法（拉丁字母不分大小写）"),
                ("to", "接手客户的同事"),
                ("accounts", "只交接这个客户（编号或唯一编号；可重复），不论负责人是谁；不加时交接该同事名下的全部客户"),
            ],
        ),
    )
    .mut_subcommand(
        "log",
        sub("修改记录：谁在什么时候改了什么，逐项列出",
            &[
                ("account", "只看这个客户的修改（编号或唯一编号）"),
                ("since", "只看这一天及以后的修改（kam 认得的任何日期）"),
                ("json", "输出供脚本使用的 JSON"),
            ],
        ),
    )
    .mut_subcommand("settings", |c| {
        options(
            c.about("各项设置（拜访周期、投诉时限、广度门槛、界面）及其当前值和默认值；set 键 值 修改一项（kam undo 可撤销）")
                .long_about(None),
            &[("json", "输出供脚本使用的 JSON")],
        )
        .mut_subcommand(
            "set",
            sub("修改一项设置：在其范围内的整数", &[("key", "设置的键，如 cadence_days.key"), ("value", "新的值")]),
        )
    })
    .mut_subcommand(
        "completions",
        sub("为命令行生成 kam 的命令补全，放进它的启动文件：source <(kam completions bash)", &[("shell", "bash、zsh、fish、elvish 或 powershell")]),
    )
    .mut_subcommand("man", sub("kam 的手册页，供 man 命令使用：kam man > kam.1", &[]))
    .mut_subcommand(
        "brief",
        sub("一个客户的拜访前简报：健康度及原因、认识谁、未结事项、最近的拜访和评分、承诺、生日",
            &[
                ("account", "客户：名称（或其中一部分、拼音）、编号或唯一编号"),
                ("json", "输出供脚本使用的 JSON"),
            ],
        ),
    )
    .mut_subcommand(
        "snapshot",
        sub("不需要终端，把一个屏幕打印成文本",
            &[
                ("screen", "today、accounts、complaints、visits、surveys、account:编号、account:编号:分区（overview、brief、contacts、complaints、visits、promises、surveys、history）或 survey:编号（编号：客户的编号或唯一编号）；visit:编号、complaint:编号、response:编号（满意度调查）显示该记录详情"),
                ("width", "宽度（列）"),
                ("height", "高度（行）"),
            ],
        ),
    )
    .mut_subcommand("export", |c| {
        options(c.about("把客户组合的一部分写成别人能用的文件"), &[])
            .mut_subcommand(
                "csv",
                sub("每张表一个 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），kam import 可读回", &[("dir", "写入的目录（不存在时创建）"), ("force", "文件已存在时覆盖（每个文件都只用写完整的新文件替换）")]),
            )
            .mut_subcommand(
                "json",
                sub("整个客户组合写成一个 JSON 文件（kam import json 可读回）", &[("file", "要写的文件；- 表示标准输出"), ("owner", "只导出这位同事名下的客户及其联系人、投诉、拜访和调查（以及设置）"), ("force", "文件已存在时覆盖（只用写完整的新文件替换）")]),
            )
            .mut_subcommand(
                "vcard",
                sub("联系人写成 vCard 3.0，供手机导入", &[("file", "要写的 .vcf 文件；- 表示标准输出"), ("account", "只导出这个客户的联系人（编号或唯一编号）"), ("force", "文件已存在时覆盖（只用写完整的新文件替换）")]),
            )
            .mut_subcommand(
                "ics",
                sub("拜访写成 iCalendar 文件（手机和电脑日历）；已取消和未进行的标为已取消，手机会删掉它们", &[("file", "要写的 .ics 文件；- 表示标准输出"), ("from", "第一天（kam 认得的任何日期：2026-12-01、今天、周一……）"), ("to", "最后一天（包含）"), ("force", "文件已存在时覆盖（只用写完整的新文件替换）")]),
            )
    })
    .subcommand(options(
        clap::Command::new("help")
            .about("显示帮助，或某个命令的帮助（kam help import）")
            .arg(
                clap::Arg::new("command")
                    .num_args(0..)
                    .value_name("命令")
                    .help("要看帮助的命令"),
            ),
        &[],
    ));
    with_chinese_usage(cmd, "kam")
}

/// The help's headings (`选项:`, which clap ends with a colon) with the
/// full-width colon of Chinese text; English help is left as it is.
pub fn full_width_headings(help: &str) -> String {
    help.split_inclusive('\n')
        .map(|line| {
            let (text, end) = match line.strip_suffix('\n') {
                Some(t) => (t, "\n"),
                None => (line, ""),
            };
            // a heading may be wrapped in the terminal's colour codes
            let plain: String = strip_ansi(text);
            match plain.strip_suffix(':') {
                Some(h) if !h.is_empty() && h.chars().all(|c| c > '\u{2E7F}') => {
                    format!(
                        "{}{end}",
                        text.replacen(&format!("{h}:"), &format!("{h}："), 1)
                    )
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

/// `text` without terminal escape sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An argument's help in Chinese: its default value and environment
/// variable said in Chinese after the help (instead of clap's English
/// `[default: ]`, `[env: ]`), placeholders in Chinese, and a positional
/// argument (the `place`th) under 参数, in its place.
fn chinese_arg(a: clap::Arg, place: Option<usize>) -> clap::Arg {
    let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_value = a.get_action().takes_values();
    let say_default = !defaults.is_empty() && takes_value;
    if say_default {
        help.push_str(&format!("（默认：{}）", defaults.join("、")));
    }
    let env = a.get_env().map(|e| e.to_string_lossy().into_owned());
    if let Some(env) = &env {
        help.push_str(&format!("（也可用环境变量 {env} 设置）"));
    }
    let names: Vec<clap::builder::Str> = a
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .map(|n| chinese_value_name(n.as_str()).map_or_else(|| n.clone(), Into::into))
        .collect();
    let mut a = a.help(help);
    if say_default {
        a = a.hide_default_value(true);
    }
    if env.is_some() {
        a = a.hide_env(true);
    }
    if !names.is_empty() {
        a = a.value_names(names);
    }
    if let Some(place) = place {
        a = a.help_heading("参数").display_order(place);
    }
    a
}

/// A placeholder (`PATH`, `KIND`) in Chinese, as `strings_cli` names them.
fn chinese_value_name(name: &str) -> Option<&'static str> {
    crate::strings_cli::VALUE_NAMES
        .iter()
        .find(|(en, _)| *en == name)
        .map(|(_, zh)| *zh)
}

/// Every command's usage line in Chinese (clap writes `[OPTIONS]`): the
/// command, `[选项]`, its arguments in order, and `<命令>` where a
/// subcommand follows.
fn with_chinese_usage(cmd: clap::Command, path: &str) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = cmd;
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |c| {
            let mut usage = format!("{sub_path} [选项]");
            for a in c.get_positionals() {
                let value = a
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| a.get_id().to_string(), |v| v.to_string());
                let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
                let dots = if many { "…" } else { "" };
                if a.is_required_set() {
                    usage.push_str(&format!(" <{value}>{dots}"));
                } else {
                    usage.push_str(&format!(" [{value}]{dots}"));
                }
            }
            if c.has_subcommands() {
                usage.push_str(" <命令>");
            }
            with_chinese_usage(c.override_usage(usage), &sub_path)
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_chinese_help_covers_every_command_and_option() {
        let mut cmd = in_chinese(Cli::command());
        cmd.build();
        let mut missing = Vec::new();
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let has_latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
            let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
            if !about.chars().any(|c| c > '\u{2E80}') {
                missing.push(format!("{path}: about {about:?}"));
            }
            for arg in cmd.get_arguments() {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                // words like `accounts` or `2026-12-01` are values, not prose
                if !help.chars().any(|c| c > '\u{2E80}') && has_latin(&help) || help.is_empty() {
                    missing.push(format!("{path} --{}: {help:?}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        walk(&cmd, "kam", &mut missing);
        assert!(missing.is_empty(), "not in Chinese: {missing:#?}");
        let help = cmd.render_help().to_string();
        assert!(
            help.contains("用法") && help.contains("选项") && help.contains("命令"),
            "{help}"
        );
    }
}
