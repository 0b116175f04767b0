//! The command line in Chinese, end to end: every command's output, its
//! help (`--help`, `help COMMAND`) and every error path the CLI tests
//! reach, run with `LANG=zh_CN.UTF-8`, and no English word left on any
//! line but the tokens a command line keeps (kam, CSV, JSON, the flags,
//! the commands and values one types, file names, environment variables).

mod common;

use std::path::Path;
use std::process::Output;

/// Latin words a Chinese command line keeps: names of formats and
/// programs, what one types (commands, kinds, screens, values), units.
const KEPT: &[&str] = &[
    "kam",
    "CSV",
    "JSON",
    "SQL",
    "SQLite",
    "UTF",
    "BOM",
    "GBK",
    "Excel",
    "vCard",
    "ORG",
    "iCalendar",
    "ics",
    "vcf",
    "csv",
    "json",
    "sqlite",
    "kambase",
    "kamchanges",
    "journal",
    "wal",
    "shm",
    "GB",
    "MB",
    "FIFO",
    "chmod",
    "USB",
    "ID",
    "uid",
    "UTC",
    "Ctrl",
    "zh",
    "en",
    "YYYY",
    "MM",
    "DD",
    "HH",
    "SS", // commands and what they take
    "demo",
    "today",
    "import",
    "backup",
    "check",
    "undo",
    "sync",
    "handover",
    "log",
    "export",
    "snapshot",
    "brief",
    "help",
    "vcard",
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "surveys",
    "account",
    "survey",
    // the sections of account:ID:SECTION, and promises' CSV kind
    "overview",
    "promises",
    "history",
    "commitments",
    // the commands of the conventions (issue 20), the shells they serve
    // and the words of the example lines (source <(kam completions bash))
    "settings",
    "set",
    "completions",
    "man",
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "source",
    "visit",
    "complaint",
    "response",
    "ui",
    "language",
    "local",
    "share",
    "LC",
    "ALL",
    "MESSAGES",
    "LANG",
    "KAM",
    "DB",
    "TODAY",
    "NO",
    "COLOR", // the columns a file has, as kam names them
    "name",
    "tier",
    "industry",
    "region",
    "address",
    "owner",
    "status",
    "notes",
    "title",
    "department",
    "seniority",
    "phone",
    "email",
    "birthday",
    "contact",
    "category",
    "severity",
    "summary",
    "details",
    "resolution",
    "kind",
    "purpose",
    "outcome",
    "channel",
    "delivery",
    "value",
    "communication",
    "overall",
    "comment",
    "left",
    "company",
    "defection", // keys
    "Enter",
    "Esc",
    "Tab",
    "Shift",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Space",
    "Backspace",
];

/// Whether `token` is something typed or named rather than prose: a flag,
/// a snake_case column, a path or file name, a uid.
fn is_token(token: &str) -> bool {
    let token = token.trim_matches(|c: char| "`'\"".contains(c));
    let t = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_');
    t.starts_with("--")
        || t.starts_with('-') && t.len() == 2
        || t.contains('_')
        || token.contains('/')
        || token.contains('.')
            && token
                .split('.')
                .next_back()
                .is_some_and(|ext| ext.chars().all(|c| c.is_ascii_alphanumeric()))
        // a uid, whole or cut
        || t.len() >= 8 && t.contains('-') && t.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// The English words left in `text`.
fn english_left(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "，。：；、（）“”「」《》".contains(c))
    {
        if token.is_empty() || is_token(token) {
            continue;
        }
        for w in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if w.len() >= 2 && !KEPT.contains(&w) {
                words.push(w.to_string());
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

/// A line without what it quotes (“…”): the user's own words said back.
fn without_quoted(line: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            c if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// Words of the lab's data that lines may name unquoted: the table of
/// another program's database, and who made the changes (this computer's
/// user).
fn data_words() -> Vec<String> {
    // the demo portfolio's own user
    let mut words = vec!["invoices".to_string(), "Wang Lei".to_string()];
    for var in ["USER", "LOGNAME"] {
        if let Ok(user) = std::env::var(var)
            && user.len() >= 2
        {
            words.push(user);
        }
    }
    words
}

/// One run: what was asked and what came back.
struct Run {
    args: Vec<String>,
    out: Output,
    /// Standard output is data (JSON, a calendar) rather than words.
    data: bool,
}

struct Lab {
    dir: tempfile::TempDir,
    runs: Vec<Run>,
}

impl Lab {
    fn new() -> Lab {
        Lab {
            dir: tempfile::tempdir().unwrap(),
            runs: Vec::new(),
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).unwrap();
    }

    /// `kam ARGS` in Chinese (the locale's), in the lab's folder.
    fn kam(&mut self, args: &[&str]) -> &Output {
        self.run(args, false)
    }

    /// The same, for a command whose standard output is data.
    fn kam_data(&mut self, args: &[&str]) -> &Output {
        self.run(args, true)
    }

    fn run(&mut self, args: &[&str], data: bool) -> &Output {
        let mut cmd = common::kam_process();
        cmd.env("LANG", "zh_CN.UTF-8")
            .env("TZ", "Asia/Shanghai")
            .current_dir(self.dir.path());
        if !args.contains(&"--today") {
            cmd.args(["--today", common::TODAY]);
        }
        let out = cmd
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        self.runs.push(Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            out,
            data,
        });
        &self.runs.last().unwrap().out
    }

    /// Every line that still has English, with the command that said it.
    fn english(&self) -> Vec<String> {
        let dir = self.dir.path().display().to_string();
        let mut found = Vec::new();
        for run in &self.runs {
            let stdout = String::from_utf8_lossy(&run.out.stdout);
            let stderr = String::from_utf8_lossy(&run.out.stderr);
            let mut texts = vec![("stderr", stderr)];
            if !run.data {
                texts.push(("stdout", stdout));
            }
            for (stream, text) in texts {
                for line in text.lines() {
                    // what was typed is said back (a file's name, a wrong
                    // value): the user's words, not the interface's
                    let mut line = without_quoted(&line.replace(&dir, ""));
                    // SQLite's own words, quoted as such
                    for quoted in ["（SQLite 的检查报告原文）：", "SQLite 原文："] {
                        if let Some((said, _)) = line.split_once(quoted) {
                            line = said.to_string();
                        }
                    }
                    for arg in run
                        .args
                        .iter()
                        // a number typed (--width 160) is not taken out
                        // of the output: it could cut a uid in two
                        .filter(|a| {
                            a.len() >= 2
                                && !a.starts_with('-')
                                && !a.chars().all(|c| c.is_ascii_digit())
                        })
                    {
                        line = line.replace(arg.as_str(), " ");
                    }
                    for data in data_words() {
                        line = line.replace(&data, " ");
                    }
                    let words = english_left(&line);
                    if !words.is_empty() {
                        found.push(format!(
                            "kam {} ({stream}): {words:?}\n    {line}",
                            run.args.join(" ")
                        ));
                    }
                }
            }
        }
        found
    }
}

fn failed(out: &Output) -> bool {
    !out.status.success()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every subcommand, as typed after `kam` (and `help`).
const COMMANDS: &[&str] = &[
    "demo",
    "today",
    "import",
    "backup",
    "check",
    "undo",
    "sync",
    "handover",
    "log",
    "export",
    "export csv",
    "export json",
    "export vcard",
    "export ics",
    "snapshot",
];

fn help(lab: &mut Lab) {
    for args in [&["--help"][..], &["-h"], &["help"], &["-V"]] {
        assert!(!failed(lab.kam(args)), "{args:?}");
    }
    for command in COMMANDS {
        let words: Vec<&str> = command.split(' ').collect();
        let out = lab.kam(&[&["help"][..], &words].concat());
        assert!(!failed(out), "help {command}: {}", stderr(out));
        let out = stdout(out);
        assert!(out.contains("用法：") && out.contains("选项："), "{out}");
        assert!(
            !out.contains("[OPTIONS]") && !out.contains("[default"),
            "{out}"
        );
        assert!(!out.contains("[env"), "{out}");
        let out = lab.kam(&[&words[..], &["--help"]].concat()).clone();
        assert!(!failed(&out), "{command} --help");
    }
    // the arguments of import, in their order, under their own heading
    let out = stdout(lab.kam(&["help", "import"]));
    let args = out
        .split("参数：")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    let kind = args.find("<种类>").unwrap_or_else(|| panic!("{out}"));
    let file = args.find("<文件>").unwrap_or_else(|| panic!("{out}"));
    assert!(kind < file, "{out}");
    let options = out.split("参数：").next().unwrap();
    let options = options
        .split("选项：")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!options.contains("<文件>"), "{out}");
    let out = lab.kam(&["help", "nosuch"]);
    assert!(failed(out));
    assert!(stderr(out).contains("nosuch"), "{}", stderr(out));
}

fn wrong_command_lines(lab: &mut Lab) {
    for args in [
        &["--frobnicate"][..],
        &["--dbb", "x", "today"],
        &["nosuch"],
        &["today", "extra"],
        &["today", "--width", "abc"],
        &["today", "--width", "99999999"],
        &["today", "--width"],
        &["import"],
        &["import", "accounts"],
        &["demo"],
        &["demo", "--out", "x.db", "--accounts", "lots"],
        &["export"],
        &["export", "pdf", "x"],
        &["import", "--dry-run", "--dry-run", "accounts", "a.csv"],
        &["--lang", "fr", "today"],
        &["--today", "2026-13-01", "today"],
        &["--today", "tomorrow", "today"],
        &["--db", "", "today"],
        &["snapshot", "--width", "5000"],
        &["today", "--width", "5000"],
    ] {
        let out = lab.kam(args);
        assert!(failed(out), "{args:?} succeeded");
        let err = stderr(out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    // the same in English: still one line, the missing arguments named
    let out = common::kam_process().args(["import"]).output().unwrap();
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("<KIND>") && err.contains("<FILE>"), "{err}");
}

fn databases(lab: &mut Lab) {
    assert!(!failed(lab.kam(&[
        "demo",
        "--accounts",
        "3",
        "--out",
        "d.sqlite3"
    ])));
    // the database named is not one kam can use
    lab.write("notes.txt", b"not a database\n");
    lab.write("empty.sqlite3", b"");
    std::fs::create_dir_all(lab.path("folder")).unwrap();
    {
        let conn = rusqlite::Connection::open(lab.path("other.sqlite3")).unwrap();
        conn.execute_batch("CREATE TABLE invoices(id INTEGER PRIMARY KEY);")
            .unwrap();
    }
    for db in [
        "none.sqlite3",
        "notes.txt",
        "empty.sqlite3",
        "folder",
        "other.sqlite3",
    ] {
        // an empty file becomes an empty portfolio; the others are refused
        for command in [
            &["today"][..],
            &["check"],
            &["snapshot"],
            &["log"],
            &["undo"],
        ] {
            let out = lab.kam(&[&["--db", db][..], command].concat());
            assert!(failed(out) || db == "empty.sqlite3", "{db} {command:?}");
        }
    }
    // a kam database from a newer kam, one missing a table, a damaged one,
    // one with a value that is not text, one kam may not write: copies of
    // a portfolio whose data is Chinese
    chinese_portfolio(lab);
    let copy = |to: &str| std::fs::copy(lab.path("zh.sqlite3"), lab.path(to)).unwrap();
    for name in ["newer", "incomplete", "damaged", "unreadable", "readonly"] {
        copy(&format!("{name}.sqlite3"));
    }
    let sql = |name: &str, sql: &str| {
        let conn = rusqlite::Connection::open(lab.path(name)).unwrap();
        conn.execute_batch(sql).unwrap();
    };
    sql("newer.sqlite3", "PRAGMA user_version = 999;");
    sql("incomplete.sqlite3", "DROP TABLE surveys;");
    sql(
        "unreadable.sqlite3",
        "UPDATE accounts SET name = CAST(X'FF00FE' AS BLOB) WHERE id = 1;",
    );
    let mut bytes = std::fs::read(lab.path("damaged.sqlite3")).unwrap();
    for b in bytes.iter_mut().skip(4096 * 3).take(2000) {
        *b = 0x5a;
    }
    lab.write("damaged.sqlite3", &bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = std::fs::Permissions::from_mode(0o444);
        std::fs::set_permissions(lab.path("readonly.sqlite3"), ro).unwrap();
    }
    lab.write(
        "one.csv",
        b"name,tier
One,key
",
    );
    for db in [
        "newer.sqlite3",
        "incomplete.sqlite3",
        "damaged.sqlite3",
        "unreadable.sqlite3",
        "readonly.sqlite3",
    ] {
        for command in [
            &["check"][..],
            &["today"],
            &["import", "accounts", "one.csv"],
            &["backup", "copy.sqlite3", "--force"],
        ] {
            lab.kam(&[&["--db", db][..], command].concat());
        }
    }
    // a demo over a file that is there
    for args in [
        &["demo", "--accounts", "3", "--out", "d.sqlite3"][..],
        &["demo", "--accounts", "0", "--out", "n.sqlite3"],
        &["demo", "--out", "folder"],
        &["demo", "--out", "notes.txt/d.sqlite3"],
    ] {
        assert!(failed(lab.kam(args)), "{args:?}");
    }
    // with no terminal, the dashboard says what to do instead
    assert!(failed(lab.kam(&["--db", "d.sqlite3"])));
}

/// A portfolio whose data is Chinese, made by importing spreadsheets with
/// Chinese headers and values: any Latin word on its screens is then the
/// interface's.
fn chinese_portfolio(lab: &mut Lab) {
    let files: &[(&str, &str)] = &[
        (
            "客户.csv",
            "名称,级别,关系级别,行业,地区,负责人,年销售额,年利润\n\
             华东精密机械有限公司,关键客户,4,机械,华东,李娜,12500000,1000000\n\
             华南物流,重点客户,2,物流,华南,李娜,2400000,192000\n",
        ),
        (
            "联系人.csv",
            "客户名称,姓名,职务,部门,层级,关系强度,我方负责人\n\
             华东精密机械有限公司,张伟,采购经理,采购,中层,4,李娜\n",
        ),
        (
            "投诉.csv",
            "客户名称,投诉时间,类别,严重程度,摘要,状态\n\
             华东精密机械有限公司,2026-11-01,交货,高,交货延期，影响客户生产线,待处理\n",
        ),
        (
            "拜访.csv",
            "客户名称,拜访时间,方式,目的,状态\n\
             华东精密机械有限公司,2026-11-25 10:00,上门拜访,季度业务回顾,计划中\n\
             华南物流,2026-11-20 14:00,电话,回访,计划中\n",
        ),
        (
            "调查.csv",
            "客户名称,日期,方式,产品质量,服务质量,交货,性价比,沟通,总体,意见\n\
             华东精密机械有限公司,2026-11-10,拜访,4,5,2,3,4,2,交货需要更及时\n",
        ),
    ];
    for (name, text) in files {
        lab.write(name, text.as_bytes());
        let kind = name.trim_end_matches(".csv");
        let out = lab.kam(&["--db", "zh.sqlite3", "import", kind, name]);
        assert!(!failed(out), "{name}: {}", stderr(out));
    }
}

fn reading(lab: &mut Lab) {
    let db = ["--db", "zh.sqlite3"];
    for args in [
        &["today"][..],
        &["today", "--width", "80"],
        &["check"],
        &["log"],
        &["log", "--since", "today"],
        &["undo", "--list"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(!failed(out), "{args:?}: {}", stderr(out));
    }
    for screen in [
        "today",
        "accounts",
        "complaints",
        "visits",
        "surveys",
        "account:1",
        "survey:1",
    ] {
        for size in [["80", "24"], ["160", "45"]] {
            let out = lab.kam(&[
                "--db",
                "zh.sqlite3",
                "snapshot",
                "--screen",
                screen,
                "--width",
                size[0],
                "--height",
                size[1],
            ]);
            assert!(!failed(out), "{screen}: {}", stderr(out));
        }
    }
    for args in [
        &["snapshot", "--screen", "nope"][..],
        &["snapshot", "--screen", "account:999"],
        &["log", "--since", "someday"],
        &["log", "--account", "404"],
        &["handover", "--from", "Nobody", "--to", "Somebody"],
        &["handover", "--from", "a", "--to", "a"],
        &["handover", "--from", "x", "--to", "y", "--account", "404"],
        &["export", "vcard", "c.vcf", "--account", "404"],
        &["export", "ics", "v.ics", "--from", "someday"],
        &[
            "export",
            "ics",
            "v.ics",
            "--from",
            "2026-12-10",
            "--to",
            "2026-12-01",
        ],
        &["export", "csv", "-"],
        &["export", "json", "o.json", "--owner", "Nobody"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(failed(out), "{args:?}");
    }
    for args in [&["today", "--json"][..], &["log", "--json"]] {
        lab.kam_data(&[&db[..], args].concat());
    }
}

fn writing(lab: &mut Lab) {
    let db = ["--db", "d.sqlite3"];
    // a missing shared folder first, then one to sync with
    assert!(failed(lab.kam(&[&db[..], &["sync", "shared"]].concat())));
    std::fs::create_dir_all(lab.path("shared")).unwrap();
    for args in [
        &["export", "csv", "out"][..],
        &["export", "csv", "out", "--force"],
        &["export", "json", "p.json"],
        &["export", "vcard", "c.vcf"],
        &["export", "ics", "v.ics"],
        &["backup", "b.sqlite3"],
        &["undo", "--list"],
        &["sync", "shared", "--name", "laptop"],
        &["sync", "shared", "--name", "laptop"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(!failed(out), "{args:?}: {}", stderr(out));
    }
    for args in [
        &["export", "json", "-"][..],
        &["export", "vcard", "-"],
        &["export", "ics", "-"],
    ] {
        lab.kam_data(&[&db[..], args].concat());
    }
    lab.write("plain-file", b"x");
    for args in [
        &["export", "csv", "out"][..],
        &["export", "json", "p.json"],
        &["export", "json", "folder"],
        &["export", "ics", "plain-file/v.ics"],
        &["backup", "b.sqlite3"],
        &["backup", "plain-file/b.sqlite3"],
        &["sync", "plain-file"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(failed(out), "{args:?}");
    }
    // nothing to undo in a new portfolio; its file made by the import
    assert!(failed(lab.kam(&["--db", "fresh.sqlite3", "undo"])));
}

fn imports(lab: &mut Lab) {
    let files: &[(&str, &[u8])] = &[
        ("good.csv", b"name,tier\nAcme Tools,key\n"),
        (
            "values.csv",
            "name,tier,relationship_level,annual_revenue\nA,key,很熟,12\nB,gold,3,x\n,key,2,1\n"
                .as_bytes(),
        ),
        ("columns.csv", b"foo,bar\n1,2\n"),
        ("empty.csv", b""),
        ("binary.csv", b"\x00\x01\x02\x03PK\x03\x04"),
        ("latin1.csv", b"name,tier\nCaf\xe9 \xff\xfe,key\n"),
        ("quotes.csv", b"name,tier\n\"Acme,key\nB,key\n"),
        ("cells.csv", b"name,tier\nA,key,extra,more\n"),
        (
            "visits.csv",
            "account,scheduled_at,kind,status\nAcme Tools,2026-11-01 10:00,visit,done\nNoSuch,someday,visit,planned\n"
                .as_bytes(),
        ),
        (
            "contacts.csv",
            "account,name,department,seniority,tie_strength,email,birthday\nAcme Tools,张三,purchasing,manager,很熟,not-an-email,2099-01-01\n"
                .as_bytes(),
        ),
        (
            "complaints.csv",
            "account,opened_at,category,severity,summary\nAcme Tools,yesterday,foo,high,x\nAcme Tools,2026-11-01,quality,urgent,\n"
                .as_bytes(),
        ),
        (
            "surveys.csv",
            "account,taken_at,overall,channel\nAcme Tools,2026-11-01,9,pigeon\n".as_bytes(),
        ),
        ("not.json", b"{ this is not json"),
        ("other.json", br#"{"format": "something-else"}"#),
        ("future.json", br#"{"format": "kam-portfolio", "version": 99}"#),
        ("notables.json", br#"{"format": "kam-portfolio", "version": 1}"#),
    ];
    for (name, bytes) in files {
        lab.write(name, bytes);
    }
    let db = ["--db", "d.sqlite3"];
    for args in [
        &["import", "accounts", "good.csv", "--dry-run"][..],
        &["import", "accounts", "good.csv"],
        &["import", "客户", "good.csv"],
        &["undo", "--list"],
        &["undo"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(!failed(out), "{args:?}: {}", stderr(out));
    }
    lab.kam(&[&db[..], &["import", "accounts", "good.csv"]].concat());
    // an unclosed quote: read leniently, or refused, in Chinese either way
    lab.kam(&[&db[..], &["import", "accounts", "quotes.csv"]].concat());
    for args in [
        &["import", "accounts", "values.csv"][..],
        &["import", "accounts", "columns.csv"],
        &["import", "accounts", "empty.csv"],
        &["import", "accounts", "binary.csv"],
        &["import", "accounts", "latin1.csv"],
        &["import", "accounts", "cells.csv"],
        &["import", "accounts", "none.csv"],
        &["import", "accounts", "folder"],
        &["import", "visits", "visits.csv"],
        &["import", "contacts", "contacts.csv"],
        &["import", "complaints", "complaints.csv"],
        &["import", "surveys", "surveys.csv"],
        &["import", "contacts", "good.csv"],
        &["import", "饼干", "good.csv"],
        &["import", "json", "not.json"],
        &["import", "json", "other.json"],
        &["import", "json", "future.json"],
        &["import", "json", "p.json"],
        &["import", "json", "p.json", "--dry-run"],
    ] {
        let out = lab.kam(&[&db[..], args].concat());
        assert!(failed(out), "{args:?}: {}", stdout(out));
    }
    let out = lab.kam(&["--db", "new.sqlite3", "import", "json", "notables.json"]);
    assert!(failed(out));
    let out = lab.kam(&["--db", "new.sqlite3", "import", "json", "p.json"]);
    assert!(!failed(out), "{}", stderr(out));
    // a handover that moves something, and what it leaves thin
    let out = lab.kam(&[
        "--db",
        "new.sqlite3",
        "handover",
        "--from",
        "Wang Lei",
        "--to",
        "韩梅梅",
    ]);
    assert!(!failed(out), "{}", stderr(out));
    // the outcome of a visit done, named in Chinese
    lab.write(
        "done.csv",
        "account,scheduled_at,kind,status\nAcme Tools,2026-11-01 10:00,visit,done\n".as_bytes(),
    );
    let out = lab.kam(&["--db", "d.sqlite3", "import", "visits", "done.csv"]);
    assert!(stderr(out).contains("结果（outcome）列"), "{}", stderr(out));
}

#[test]
fn every_command_and_error_speaks_chinese() {
    let mut lab = Lab::new();
    help(&mut lab);
    wrong_command_lines(&mut lab);
    databases(&mut lab);
    reading(&mut lab);
    writing(&mut lab);
    imports(&mut lab);
    let english = lab.english();
    if std::env::var_os("KAM_SHOW_RUNS").is_some() {
        for run in &lab.runs {
            println!(
                "$ kam {}\n{}{}",
                run.args.join(" "),
                stderr(&run.out),
                if run.data {
                    String::new()
                } else {
                    stdout(&run.out)
                }
            );
        }
    }
    assert!(
        english.is_empty(),
        "English left in {} lines of {} runs:\n{}",
        english.len(),
        lab.runs.len(),
        english.join("\n")
    );
    // and nothing panicked on the way
    for run in &lab.runs {
        let err = stderr(&run.out);
        assert!(
            !err.contains("panicked"),
            "kam {}: {err}",
            run.args.join(" ")
        );
    }
    assert!(Path::new(&lab.path("new.sqlite3")).exists());
}
